#!/usr/bin/env python3
"""Write nbs/sidebar.yml, the docs site's sidebar, from the notebooks' folders and numbers: the home page, the report
pages (nbs/reports/), one section per stage (the notebooks sharing a two-digit number, named after the stage's main
notebook NN_*.ipynb), one section per task family (each other subfolder of nbs/, e.g. nbs/sft/), and last the test
helpers (numbers 90 and up), out of the reader's way. A new notebook or family folder appears without editing
anything: `make docs`, the docs workflow and tests/test_docs.py run this first (settings.ini: custom_sidebar = True)."""
import json, re, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
NUMBERED = re.compile(r'^(\d\d)([a-z]?)_')
HELPERS_FROM = 90

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

def _stages(pages: list, nbs: Path, name_prefix: str = '') -> list:
    "One section per two-digit number, named after the notebook `NN_*` (else the first of the group); unnumbered ones as they are."
    groups, loose = {}, []
    for p in pages:
        m = NUMBERED.match(p.name)
        if m: groups.setdefault(m.group(1), []).append(p)
        else: loose.append(p.relative_to(nbs).as_posix())
    out = []
    for num, group in sorted(groups.items()):
        main = next((p for p in group if NUMBERED.match(p.name).group(2) == ''), group[0])
        out.append(_section(f'{name_prefix}{num} · {title(main)}', group, nbs))
    return out + loose

def sidebar(nbs: Path = ROOT/'nbs') -> dict:
    "The sidebar as the dict quarto reads from sidebar.yml."
    top = [p for p in _pages(nbs) if p.name != 'index.ipynb']
    helpers = [p for p in top if NUMBERED.match(p.name) and int(NUMBERED.match(p.name).group(1)) >= HELPERS_FROM]
    contents = ['index.ipynb'] if (nbs/'index.ipynb').exists() else []
    if _pages(nbs/'reports'): contents.append(_section('Reports', _pages(nbs/'reports'), nbs))
    contents += _stages([p for p in top if p not in helpers], nbs)
    for family in sorted(d for d in nbs.iterdir() if d.is_dir() and d.name != 'reports' and not d.name.startswith(('_', '.'))):
        pages = _pages(family)
        if pages: contents.append({'section': f'Task family: {family.name}', 'contents': _stages(pages, nbs)})
    if helpers: contents.append(_section('For contributors: test helpers', helpers, nbs))
    return {'website': {'sidebar': {'contents': contents}}}

if __name__ == '__main__':
    nbs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT/'nbs'
    (nbs/'sidebar.yml').write_text(yaml.safe_dump(sidebar(nbs), sort_keys=False, allow_unicode=True), encoding='utf-8')
    print(f"sidebar: {nbs/'sidebar.yml'}")
