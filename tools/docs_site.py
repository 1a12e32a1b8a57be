#!/usr/bin/env python3
"""The docs site without Quarto, and the outputs the real site shows.

The pages that show results (nbs/index.ipynb and nbs/reports/*.ipynb) keep their outputs in the repository, so that
`nbdev_docs` (which does not execute notebooks) renders them with results: `python tools/docs_site.py execute` runs
them again and stores the outputs (after editing them, or when the committed runs change).

`python tools/docs_site.py render` processes every notebook as nbdev does (show_doc, directives) and renders each page
to `_site_check/` with nbconvert, doing what Quarto would do with it: the front matter becomes the title, the `#|` cell
options are applied (echo, output, include, eval) and removed, `[text](url){attrs}` becomes a link, `.ipynb` links
become `.html`, and every page gets the sidebar of nbs/sidebar.yml (tools/make_sidebar.py) as its navigation.
`problems(site)` lists what a reader would see broken: a `<Figure ...>` printed instead of a picture, a raw directive
or Quarto syntax, a link to a page or file that is not in the site, an image that is missing."""
import html, json, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS, WORK, SITE = ROOT/'nbs', ROOT/'_nbs_exec', ROOT/'_site_check'
SKIP_FLAGS = ('#| slow', '#| cuda', '#| notest')
OPTION = re.compile(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')

def result_pages(nbs: Path = NBS) -> list:
    "The pages whose outputs the site shows: the home page and the report pages."
    return [nbs/'index.ipynb'] + sorted((nbs/'reports').glob('*.ipynb'))

def execute(nb_path: Path, cwd: Path | None = None, out: Path | None = None) -> Path:
    "Run a notebook top to bottom in a fresh kernel in `cwd` (default: its folder) and write it to `out` (default: in place)."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    for c in nb.cells:
        if c.cell_type == 'code' and (re.search(r'^#\| eval: ?false', c.source, re.M) or any(f in c.source for f in SKIP_FLAGS)):
            c.metadata.setdefault('tags', []).append('skip-execution')
    NotebookClient(nb, timeout=900, kernel_name='python3', resources={'metadata': {'path': str(cwd or nb_path.parent)}}).execute()
    for c in nb.cells:
        if c.cell_type == 'code' and 'skip-execution' in c.metadata.get('tags', []):
            c.metadata['tags'].remove('skip-execution')
            if not c.metadata['tags']: del c.metadata['tags']
    nbformat.write(nb, out or nb_path)
    return out or nb_path

def process(nbs: Path = NBS, work: Path = WORK) -> Path:
    "Copy `nbs` to `work` and process it as nbdev_docs does (without installing quarto); returns the `_proc` folder."
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(nbs, work, symlinks=True)
    subprocess.run([sys.executable, str(ROOT/'tools'/'make_sidebar.py'), str(work)], check=True, capture_output=True)
    code = ("from nbdev.quarto import refresh_quarto_yml; from nbdev.doclinks import _build_modidx; from nbdev.serve import proc_nbs; "
            f"refresh_quarto_yml(); _build_modidx(); proc_nbs(path={str(work)!r}, n_workers=2, force=True)")
    subprocess.run([sys.executable, '-c', code], cwd=ROOT, check=True, capture_output=True)
    shutil.copy2(work/'sidebar.yml', ROOT/'_proc'/'sidebar.yml')
    return ROOT/'_proc'

# --- what Quarto does to a processed notebook ---------------------------------------------------------------------------
def _options(source: str) -> tuple:
    "The `#| key: value` options at the top of a code cell (as Quarto reads them), and the code after them."
    lines, opts = source.split('\n'), {}
    while lines and OPTION.match(lines[0]):
        k, v = OPTION.match(lines.pop(0)).groups()
        opts[k] = v.lower()
    return opts, '\n'.join(lines)

QUARTO_LINK = re.compile(r'(\[[^\]]*\]\([^)\s]*\))\{[^}]*\}')

def quarto_like(nb):
    "Apply what Quarto does with the front matter, the cell options and the link attributes; returns (title, description)."
    fm = {}
    if nb.cells and nb.cells[0].cell_type == 'raw' and nb.cells[0].source.startswith('---'):
        import yaml
        fm = yaml.safe_load(nb.cells.pop(0).source.strip().strip('-')) or {}
    cells = []
    for c in nb.cells:
        if c.cell_type == 'code':
            opts, c.source = _options(c.source)
            if opts.get('include') == 'false': continue
            if opts.get('echo') == 'false': c.source = ''
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = QUARTO_LINK.sub(r'\1', md)
            if not c.source and not c.get('outputs'): continue
            if not c.source.strip(): c.metadata['transient'] = {'remove_source': True}  # no empty code box
        elif c.cell_type == 'markdown': c.source = QUARTO_LINK.sub(r'\1', c.source)
        cells.append(c)
    nb.cells = cells
    return fm.get('title', 'Untitled'), fm.get('description', '')

def _nav(sidebar: dict, page: str) -> str:
    "The sidebar as nested HTML lists, links relative to `page` (a path relative to the site root)."
    up = '../' * page.count('/')
    def item(x):
        if isinstance(x, dict):
            inner = ''.join(item(y) for y in x.get('contents', []))
            return f'<li class="section"><span>{html.escape(x["section"])}</span><ul>{inner}</ul></li>'
        href = re.sub(r'\.ipynb$', '.html', x)
        current = ' class="current"' if href == re.sub(r'\.ipynb$', '.html', page) else ''
        return f'<li{current}><a href="{up}{href}">{html.escape(TITLES.get(x, x))}</a></li>'
    return '<nav class="sidebar"><ul>' + ''.join(item(x) for x in sidebar['website']['sidebar']['contents']) + '</ul></nav>'

TITLES = {}
STYLE = """<style>
body { margin: 0; } .page { display: flex; } .sidebar { width: 250px; flex: none; font-size: 13px; padding: 12px;
border-right: 1px solid #ddd; height: 100vh; overflow-y: auto; position: sticky; top: 0; box-sizing: border-box; }
.sidebar ul { list-style: none; padding-left: 10px; margin: 2px 0; } .sidebar .section > span { font-weight: 600; }
.sidebar .current > a { font-weight: 700; } .content { flex: 1; min-width: 0; padding: 0 24px; }
.jp-OutputArea-output { overflow-x: auto; } .jp-RenderedHTMLCommon table { display: block; overflow-x: auto; }
</style>"""

def render(proc: Path, site: Path = SITE) -> Path:
    "Render every processed notebook of `proc` into `site`, with titles and the sidebar, and copy the pages' files."
    import nbformat, yaml
    from nbconvert import HTMLExporter
    shutil.rmtree(site, ignore_errors=True)
    sidebar = yaml.safe_load((proc/'sidebar.yml').read_text())
    exporter = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    pages = {p.relative_to(proc).as_posix(): nbformat.read(p, as_version=4) for p in sorted(proc.rglob('*.ipynb'))}
    heads = {rel: quarto_like(nb) for rel, nb in pages.items()}
    TITLES.clear(); TITLES.update({rel: t for rel, (t, _) in heads.items()})
    for rel, nb in pages.items():
        title, description = heads[rel]
        body, _ = exporter.from_notebook_node(nb)
        body = re.sub(r'<title>.*?</title>', f'<title>{html.escape(title)} – humorft</title>', body, count=1, flags=re.S)
        body = re.sub(r'(href="(?![a-z]+:)[^"#]*?)\.ipynb([#"])', r'\1.html\2', body)
        header = f'<h1>{html.escape(title)}</h1>' + (f'<p class="description"><em>{html.escape(description)}</em></p>' if description else '')
        body = re.sub(r'(<body[^>]*>)', r'\1' + f'<div class="page">{_nav(sidebar, rel)}<div class="content">{header}', body, count=1)
        body = body.replace('</body>', '</div></div></body>').replace('</head>', STYLE + '</head>')
        out = site/Path(rel).with_suffix('.html')
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(body, encoding='utf-8')
    for res in proc.rglob('*'):  # the figures and files the pages link to, as quarto copies them
        rel = res.relative_to(proc)
        if res.is_file() and res.suffix not in ('.ipynb', '.yml') and not any(s.startswith(('.', '_')) for s in rel.parts):
            (site/rel).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(res, site/rel)
    return site

# --- what a reader would see broken ---------------------------------------------------------------------------------
FIGURE_TEXT = re.compile(r'<Figure size \d+x\d+ with \d+ Axes>')
RAW_SYNTAX = [(re.compile(r'^\s*#\|\s*[\w-]+', re.M), 'a raw cell directive'),
              (re.compile(r'\{\s*(?:[.#][\w-]+|[\w-]+=")[^}]*\}'), 'Quarto attributes'),
              (re.compile(r'^:::', re.M), 'a Quarto div fence'),
              (re.compile(r'^---\s*\n\s*(title|description|output-file):', re.M), 'raw front matter')]

def _visible_text(page_html: str) -> str:
    "The text a reader sees: the body without scripts and styles, tags removed, entities unescaped."
    body = re.sub(r'<(script|style)\b.*?</\1>', '', page_html.split('<body', 1)[-1], flags=re.S)
    return html.unescape(re.sub(r'<[^>]+>', '', body))

def problems(site: Path = SITE) -> list:
    "What is broken in the rendered `site`, one line per problem (page: what)."
    out = []
    for page in sorted(site.rglob('*.html')):
        rel, text = page.relative_to(site).as_posix(), page.read_text(encoding='utf-8')
        seen = _visible_text(text)
        if FIGURE_TEXT.search(seen): out.append(f"{rel}: a figure printed as text ({FIGURE_TEXT.search(seen).group(0)})")
        for pattern, what in RAW_SYNTAX:
            m = pattern.search(seen)
            if m: out.append(f"{rel}: {what} shown as text: {m.group(0).strip()[:60]!r}")
        if not re.search(r'<title>(?!Notebook<|Untitled)[^<]+</title>', text): out.append(f"{rel}: no page title")
        for kind, target in re.findall(r'<(a|img)\b[^>]*?(?:href|src)="([^"]*)"', text):
            if not target or re.match(r'^([a-z][a-z0-9+.-]*:|#|//)', target): continue
            path = (page.parent/html.unescape(target.split('#')[0].split('?')[0])).resolve()
            if not path.exists():
                out.append(f"{rel}: {'missing image' if kind == 'img' else 'dead link'} {target}")
            elif kind == 'a' and path.suffix == '.ipynb': out.append(f"{rel}: link to a notebook, not a page: {target}")
    return out

if __name__ == '__main__':
    what = sys.argv[1] if len(sys.argv) > 1 else 'render'
    if what == 'execute':
        os.environ.pop('HUMORFT_DATA', None)  # stored outputs do not depend on who has the data (the report recomputes with it)
        for page in result_pages(): print(f"executed {execute(page).relative_to(ROOT)}")
        subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], cwd=ROOT, check=True)
    else:
        site = render(process())
        found = problems(site)
        print('\n'.join(found) if found else f"{site}: {len(list(site.rglob('*.html')))} pages, no problems found")
        sys.exit(1 if found else 0)
