"README.md is generated from nbs/index.ipynb and names exactly two set-up commands, which the Makefile and CI use."
import re, subprocess, sys
from conftest import ROOT

def test_readme_in_step_with_index():
    r = subprocess.run([sys.executable, 'tools/make_readme.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr

def test_two_setup_commands_wired():
    readme = (ROOT/'README.md').read_text()
    block = re.search(r'```(?:sh|bash)\n(.*?)```', readme, re.S).group(1)
    commands = [l.split('#')[0].strip() for l in block.splitlines() if l.split('#')[0].strip()]
    assert commands == ['make pipeline', 'make test'], commands
    makefile = (ROOT/'Makefile').read_text()
    assert re.search(r'^pipeline:', makefile, re.M) and re.search(r'^test:', makefile, re.M)
    assert 'make test' in (ROOT/'.ci'/'run').read_text()
