"""Notebooks run top to bottom in Jupyter with their defaults and no data but the synthetic sample: `jupyter nbconvert
--execute` in a fresh kernel, where nbdev's flags (`#| eval: false`, `#| slow`) mean nothing, without $HUMORFT_DATA.
Each runs from a copy outside the repository (as on Colab), its closing `nbdev_export()` cell included: that cell
exports only where settings.ini is found from the notebook's folder, so outside a clone it passes doing nothing. A fast
subset runs here: the home page and two library notebooks. To run every notebook the same way, from the repository root:

    for nb in nbs/index.ipynb nbs/*/*.ipynb; do
      env -u HUMORFT_DATA .venv/bin/jupyter nbconvert --execute --to notebook --output-dir /tmp/nbx "$nb" || echo "FAILED: $nb"
    done

(that runs them in their own folders, where the export cells do export, as Jupyter in a clone does; `#| slow` cells
then train on the real data where it is found)."""
import json, os, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT

JUPYTER = Path(sys.executable).parent/'jupyter'
FAST = ['index.ipynb', '01_data/02_synthetic.ipynb', '06_checkpoints/02_curves.ipynb']

def executed(name: str, folder: Path) -> dict:
    "Run notebook `nbs/<name>` with `jupyter nbconvert --execute` from a copy in `folder`; the executed notebook."
    nb = json.loads((ROOT/'nbs'/name).read_text(encoding='utf-8'))
    copy = folder/Path(name).name
    copy.write_text(json.dumps(nb), encoding='utf-8')
    env = {k: v for k, v in os.environ.items() if k != 'HUMORFT_DATA'}
    r = subprocess.run([str(JUPYTER), 'nbconvert', '--execute', '--to', 'notebook', '--output-dir', str(folder/'out'), str(copy)],
                       cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"{name} stops in Jupyter:\n{r.stderr[-3000:]}"
    return json.loads((folder/'out'/copy.name).read_text(encoding='utf-8'))

def stdout(nb: dict) -> str:
    "Everything the notebook's cells printed."
    return ''.join(''.join(o.get('text', '')) for c in nb['cells'] for o in c.get('outputs', []) if o.get('output_type') == 'stream')

@pytest.mark.parametrize('name', FAST)
def test_notebook_runs_in_jupyter(tmp_path, name):
    nb = executed(name, tmp_path)
    ran = [c for c in nb['cells'] if c['cell_type'] == 'code' and 'skip-execution' not in c['metadata'].get('tags', [])]
    assert ran and all(c.get('execution_count') for c in ran), f"{name}: a cell did not run"
    if name == 'index.ipynb':  # the training cell says which data it found, in one line, and trains only when asked to
        data = [l for l in stdout(nb).splitlines() if l.startswith('data: ')]
        assert len(data) == 1 and ('synthetic sample' in data[0] or 'hahackathon' in data[0]), stdout(nb)
