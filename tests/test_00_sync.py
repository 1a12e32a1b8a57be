"The notebooks are the source: after nbdev_export and nbdev_clean, git sees nothing new or changed."
import subprocess, sys
from pathlib import Path
from conftest import ROOT

BIN = Path(sys.executable).parent

def git_status():
    return subprocess.run(['git', 'status', '--porcelain'], cwd=ROOT, capture_output=True, text=True, check=True).stdout

def test_notebooks_clean_and_package_in_sync():
    before = git_status()
    for cmd in ('nbdev_export', 'nbdev_clean'):
        subprocess.run([str(BIN/cmd)], cwd=ROOT, check=True, capture_output=True)
    after = git_status()
    assert after == before, f"nbdev_export/nbdev_clean changed files (commit the result):\n{after}"
    assert not after.strip(), f"uncommitted or untracked files in the tree:\n{after}"
