#!/usr/bin/env python3
"""Write nbs/sidebar.yml, the docs site's sidebar, from the notebook folders, which mirror the package: the home page, the
report pages (nbs/reports/), one section per core subpackage in data-flow order (nbs/NN_<subpackage>/, NN < 20), one
per task family (20 <= NN < 90, e.g. nbs/20_sft/), and last the test helpers (NN >= 90), out of the reader's way. Pages
within a section follow their file numbers. A new notebook or folder appears without editing anything: `make docs`,
the docs workflow and tests/test_docs.py run this first (settings.ini: custom_sidebar = True)."""
import json, re, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
NUMBERED = re.compile(r'^(\d\d)_(.+)$')
FAMILIES_FROM, HELPERS_FROM = 20, 90

def title(nb: Path) -> str:
    "The notebook's `# Title` (its first cell), its file name when it has none."
    cells = json.loads(nb.read_text(encoding='utf-8'))['cells']
    m = re.search(r'^#\s+(.+?)\s*$', ''.join(cells[0]['source']), re.M) if cells else None
    return re.sub(r'[`*]', '', m.group(1)) if m else nb.stem

def _pages(folder: Path) -> list:
    "The notebooks of `folder` that become pages, in file-name order."
    return sorted(p for p in folder.glob('*.ipynb') if not p.name.startswith(('_', '.')))

def _section(name: str, pages: list, nbs: Path) -> dict:
    return {'section': name, 'contents': [p.relative_to(nbs).as_posix() for p in pages]}

def sidebar(nbs: Path = ROOT/'nbs') -> dict:
    "The sidebar as the dict quarto reads from sidebar.yml."
    contents = ['index.ipynb'] if (nbs/'index.ipynb').exists() else []
    if _pages(nbs/'reports'): contents.append(_section('Reports', _pages(nbs/'reports'), nbs))
    contents += [p.relative_to(nbs).as_posix() for p in _pages(nbs) if p.name != 'index.ipynb']
    folders = sorted(d for d in nbs.iterdir() if d.is_dir() and NUMBERED.match(d.name) and _pages(d))
    helpers = []
    for d in folders:
        num, name = NUMBERED.match(d.name).groups()
        if int(num) >= HELPERS_FROM: helpers += _pages(d)
        else: contents.append(_section(f"{'Task family: ' if int(num) >= FAMILIES_FROM else f'{num} · '}{name}", _pages(d), nbs))
    if helpers: contents.append(_section('For contributors: test helpers', helpers, nbs))
    return {'website': {'sidebar': {'contents': contents}}}

if __name__ == '__main__':
    nbs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT/'nbs'
    (nbs/'sidebar.yml').write_text(yaml.safe_dump(sidebar(nbs), sort_keys=False, allow_unicode=True), encoding='utf-8')
    print(f"sidebar: {nbs/'sidebar.yml'}")
