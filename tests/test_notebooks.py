"Every notebook runs top to bottom (`nbdev_test`), one test per notebook; `#| slow` and `#| cuda` cells are skipped."
import os, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT

BIN = Path(sys.executable).parent
NOTEBOOKS = sorted(p.relative_to(ROOT) for p in (ROOT/'nbs').rglob('*.ipynb')
                   if not any(part.startswith(('.', '_')) for part in p.relative_to(ROOT/'nbs').parts))

# set by `humorft.cli.core.main` off a terminal: a test that called `main` in this worker must not turn the notebooks' bars off
PROCESS_SETTINGS = ('TQDM_DISABLE', 'HF_HUB_DISABLE_PROGRESS_BARS')

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=str)
def test_notebook(nb):
    flags = os.environ.get('HUMORFT_TEST_FLAGS', '')
    r = subprocess.run([str(BIN/'nbdev_test'), '--path', str(nb), '--n_workers', '0'] + (['--flags', flags] if flags else []),
                       cwd=ROOT, capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k not in PROCESS_SETTINGS})
    assert r.returncode == 0, f"{nb} failed:\n{r.stdout[-6000:]}\n{r.stderr[-6000:]}"
