"""Every sub-command, every option, a handful of generic bad values: each ends in one line and exit code 2, never in
"internal error". Only argument and config validation runs here: every other argument is a missing path, so that no
command gets as far as loading a model or data."""
import contextlib, io
import pytest
import humorft.cli.core as package_cli

package_cli.load_commands()
BAD_VALUES = {  # name: the value, with {tmp} the test's folder
    'missing file': '{tmp}/missing.csv', 'a folder': '{tmp}', 'minus one': '-1', 'zero': '0', 'nan': 'nan', 'empty': '',
    'escaping path': '{tmp}/../../outside', 'a file where a folder goes': '{tmp}/a-file.txt'}

def takes_value(kwargs: dict) -> bool:
    "Whether an argument of the registry takes a value (a switch does not)."
    return kwargs.get('action') not in ('store_true', 'store_false', 'version') and 'BooleanOptional' not in str(kwargs.get('action'))

def command_argv(key: str, arguments: list, missing: str, target: tuple, value: str) -> list:
    "The command with argument `target` given `value`; every other positional argument, required option and untyped, unrestricted option a missing path."
    argv = key.split()
    for flags, kwargs in arguments:
        if not takes_value(kwargs) or (flags != target and not kwargs.get('required') and ('type' in kwargs or 'choices' in kwargs)): continue
        v = value if flags == target else missing
        argv += [v] if not flags[0].startswith('-') else [flags[0], v]
    return argv

CASES = [(key, flags, name) for key, (_, arguments) in sorted(package_cli.COMMANDS.items()) for flags, kwargs in arguments
         if takes_value(kwargs) for name in BAD_VALUES]

def test_every_command_is_covered():
    "Every registered command that takes an argument is in the cases (and there are many)."
    covered = {key for key, _, _ in CASES}
    assert covered == {key for key, (_, arguments) in package_cli.COMMANDS.items() if any(takes_value(k) for _, k in arguments)}
    assert len(CASES) > 300

@pytest.fixture(autouse=True)
def nothing_trains(monkeypatch, tmp_path):
    "No data anywhere (no default data, no synthetic sample without --data), and the test's folder as working folder."
    monkeypatch.setenv('HUMORFT_DATA', str(tmp_path/'no-data'))
    monkeypatch.setenv('HUMORFT_GSM8K', str(tmp_path/'no-data'))
    monkeypatch.chdir(tmp_path)
    (tmp_path/'a-file.txt').write_text('not a folder\n')

@pytest.mark.parametrize('key,flags,name', CASES, ids=lambda x: x if isinstance(x, str) else '/'.join(x))
def test_bad_value_is_one_line(key, flags, name, tmp_path):
    argv = command_argv(key, package_cli.COMMANDS[key][1], str(tmp_path/'missing-arg'), flags, BAD_VALUES[name].format(tmp=tmp_path))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err): code = package_cli.main(argv)
    lines = err.getvalue().splitlines()
    assert code == 2 and 'internal error' not in err.getvalue(), (argv, code, err.getvalue())
    assert lines and lines[-1].startswith(f"humorft {key}: error: "), (argv, err.getvalue())
