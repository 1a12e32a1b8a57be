"The notebook shape the docs rely on: a title and summary first, a default_exp, imports alone in their cells."
import json, re
import pytest
from conftest import ROOT

NOTEBOOKS = sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts))
IMPORT = re.compile(r'^\s*(import \w|from [\w.]+ import )')
COLAB_GUARD = "if 'google.colab' in sys.modules:"
EXPORT_GUARD = "if any((d/'settings.ini').exists() for d in (Path.cwd(), *Path.cwd().parents)):"

def code_cells(nb):
    return [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_title_and_summary(nb):
    first = json.loads(nb.read_text())['cells'][0]
    src = ''.join(first['source'])
    assert first['cell_type'] == 'markdown' and re.match(r'# \S', src), f"{nb.name}: the first cell must be '# Title'"
    assert re.search(r'^> \S', src, re.M), f"{nb.name}: the first cell needs a '> one-line summary'"

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_imports_alone(nb):
    """nbdev runs import cells when it renders the docs: a cell that imports must do nothing else (NBDEV.md).
    Not checked: `#| eval: false` cells (never run), the Colab install cell, whose code runs only on Colab, and the
    closing export cell, whose import runs only in a clone."""
    for src in code_cells(nb):
        lines = [l for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#')]
        if '#| export' in src or '#| exporti' in src or not any(IMPORT.match(l) for l in lines): continue
        if re.search(r'^#\| eval: ?false', src, re.M): continue
        others = [l for l in lines if not IMPORT.match(l) and not l.startswith((' ', '\t', ')'))]
        if others and others[0].startswith((COLAB_GUARD, EXPORT_GUARD)) and len(others) == 1: continue
        assert not others, f"{nb.name}: a cell mixes imports with other code:\n{src}"

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_export_cell_only_in_a_clone(nb):
    """The closing `nbdev_export()` cell exports only where settings.ini is found from the notebook's folder: on Colab, or
    in a copy outside the repository, "Run all" passes it instead of stopping (nbdev_export needs settings.ini)."""
    for src in code_cells(nb):
        if 'nbdev_export' in src: assert EXPORT_GUARD in src and src.startswith('#| hide'), f"{nb.name}: an unguarded export cell:\n{src}"
