"Installs are reproducible: every requirement is pinned in constraints.txt, and the environment under test has those versions."
import configparser, re
from importlib.metadata import version, PackageNotFoundError
from conftest import ROOT

def _name(req): return re.split(r'[<>=!~\[ ;]', req, maxsplit=1)[0].lower().replace('_', '-')

def locked() -> dict:
    "The lock: package name -> pinned version."
    pins = {}
    for line in (ROOT/'constraints.txt').read_text().splitlines():
        if line.strip() and not line.startswith('#'):
            name, sep, v = line.partition('==')
            assert sep, f"constraints.txt: {line!r} is not pinned with =="
            pins[name.lower().replace('_', '-')] = v.strip()
    return pins

def requirements() -> list:
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini')
    return [_name(r) for key in ('requirements', 'dev_requirements') for r in cfg['DEFAULT'][key].split()]

def test_every_requirement_is_locked():
    pins = locked()
    missing = [r for r in requirements() if r != 'torch' and r not in pins]
    assert not missing, f"not in constraints.txt (run `make lock`): {missing}"
    assert 'torch' not in pins, "torch is pinned by the Makefile's TORCH_SPEC, not the lock"

def test_installed_versions_are_the_locked_ones():
    drift = {}
    for name, v in locked().items():
        try: have = version(name)
        except PackageNotFoundError: have = None
        if have != v: drift[name] = (v, have)
    assert not drift, f"installed versions differ from constraints.txt (locked, installed): {drift}; run `make install`"
