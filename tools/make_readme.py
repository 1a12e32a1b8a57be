#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb: markdown cells as they are, visible code cells as ```python blocks, each followed
by the outputs stored in the notebook (text and tables as a ```text block, Markdown as it is; figures are left to the
docs site). Cells marked `#| hide` are left out and `#|` directive lines removed, as nbdev's docs do.
The Colab install cell (it runs only on Colab) is left out too: the README's own install section replaces it.
Relative links in the notebook point from nbs/; in the README they are rewritten to point from the repository root.
`python tools/make_readme.py --check` exits 1 when README.md is not in step with the notebook."""
import json, os, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLAB_GUARD = "if 'google.colab' in sys.modules:"

def _from_root(match) -> str:
    "A markdown link target relative to nbs/, made relative to the repository root."
    text, target = match.group(1), match.group(2)
    if '://' in target or target.startswith(('#', '/', 'mailto:')): return match.group(0)
    return f'{text}({os.path.normpath("nbs/" + target)})'

def outputs_text(cell: dict) -> str:
    "A code cell's stored outputs as README text: streams and plain-text results in one ```text block, Markdown as it is."
    text, markdown = [], []
    for o in cell.get('outputs', []):
        data = o.get('data', {})
        if o.get('output_type') == 'stream' and o.get('name') == 'stdout': text.append(''.join(o['text']).rstrip('\n'))
        elif 'text/markdown' in data: markdown.append(''.join(data['text/markdown']).strip('\n'))
        elif 'text/plain' in data and 'image/png' not in data: text.append(''.join(data['text/plain']).rstrip('\n'))
    return '\n\n'.join(([f"```text\n{chr(10).join(text)}\n```"] if text else []) + markdown)

def readme_text(nb_path: Path = ROOT/'nbs'/'index.ipynb') -> str:
    cells = json.loads(nb_path.read_text(encoding='utf-8'))['cells']
    parts = ['<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->']
    for c in cells:
        src = ''.join(c['source'])
        lines = src.split('\n')
        directives = [l for l in lines if l.startswith('#|')]
        if any(d.replace(' ', '') in ('#|hide', '#|exporti', '#|export') for d in directives): continue
        if c['cell_type'] == 'code' and COLAB_GUARD in src: continue
        body = '\n'.join(l for l in lines if not l.startswith('#|')).strip('\n')
        if not body: continue
        if c['cell_type'] == 'markdown': parts.append(re.sub(r'(!?\[[^\]]*\])\(([^)\s]+)\)', _from_root, body))
        else: parts += [f'```python\n{body}\n```'] + ([shown] if (shown := outputs_text(c)) else [])
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = readme_text(), ROOT/'README.md'
    if '--check' in sys.argv:
        ok = readme.exists() and readme.read_text(encoding='utf-8') == text
        print('README.md is in step with nbs/index.ipynb' if ok else 'README.md differs from nbs/index.ipynb: run `make readme`')
        sys.exit(0 if ok else 1)
    readme.write_text(text, encoding='utf-8')
