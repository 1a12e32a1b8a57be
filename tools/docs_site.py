#!/usr/bin/env python3
"""The docs site without Quarto, and the outputs the real site shows.

The pages that show results (nbs/index.ipynb and nbs/reports/*.ipynb) and the library pages that draw figures keep their
outputs in the repository, so that `nbdev_docs` (which does not execute notebooks) renders them with results:
`python tools/docs_site.py execute [page ...]` runs them again and stores the outputs (after editing them, or when the
committed runs change); pages are named as in FIGURE_PAGES, e.g. `06_checkpoints/02_curves`.

`python tools/docs_site.py render` processes every notebook as nbdev does (show_doc, directives) and renders each page
to `_site_check/` with nbconvert, doing what Quarto would do with it: the front matter gives the title and the page's
file name (`output-file`: `06_checkpoints/02_curves.ipynb` becomes `06_checkpoints/curves.html`), the `#|` cell options
are applied (echo, output, include, eval) and removed, `[text](url){attrs}` becomes a link, links to notebooks point at
their pages, headings get Quarto's ids, and every page gets the sidebar of nbs/sidebar.yml (tools/make_sidebar.py).
`problems(site)` lists what a reader would see broken: a `<Figure ...>` printed instead of a picture, a raw directive,
Quarto syntax or Markdown link, a link to a page, file or anchor that is not in the site (nbdev's API links to the
published site included), an image that is missing."""
import configparser, html, json, os, posixpath, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS, WORK, SITE = ROOT/'nbs', ROOT/'_nbs_exec', ROOT/'_site_check'
SKIP_FLAGS = ('#| slow', '#| cuda', '#| notest')
OPTION = re.compile(r'^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$')

def result_pages(nbs: Path = NBS) -> list:
    "The pages that show results: the home page and the report pages."
    return [nbs/'index.ipynb'] + sorted((nbs/'reports').glob('*.ipynb'))

FIGURE_PAGES = ('00_base/03_figures', '02_eda/02_figures', '03_metrics/02_calibration', '06_checkpoints/02_curves',
                '07_evaluate/03_figures', '10_compare/03_core', '21_pairwise/06_versions')

def output_pages(nbs: Path = NBS) -> list:
    "The pages that keep their outputs in the repository: the result pages and the library pages that draw figures (on tiny data)."
    return result_pages(nbs) + [nbs/f'{p}.ipynb' for p in FIGURE_PAGES]

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

def quarto_like(nb) -> dict:
    "Apply what Quarto does with the front matter, the cell options and the link attributes; returns the front matter."
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
    return {'title': 'Untitled', 'description': '', **fm}

def output_path(rel: str, front_matter: dict) -> str:
    "Where Quarto writes the page of notebook `rel`: its `output-file` in the notebook's folder, else the notebook's name."
    name = front_matter.get('output-file') or posixpath.basename(rel).rsplit('.', 1)[0] + '.html'
    return posixpath.join(posixpath.dirname(rel), name)

def quarto_id(heading: str) -> str:
    "The id Quarto (pandoc) gives a heading: lower case, punctuation but `_-.` dropped, spaces as hyphens, from the first letter."
    slug = re.sub(r'\s+', '-', re.sub(r'[^\w\s.-]', '', heading.strip().lower()))
    return re.sub(r'^[^a-z]+', '', slug)

HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)

def _quarto_ids(body: str) -> str:
    "Give the headings of an nbconvert page Quarto's ids, and point the page's own `#` links at them."
    renamed = {}
    def heading(m):
        new = quarto_id(html.unescape(re.sub(r'<[^>]+>', '', m.group(3))))
        renamed[m.group(2)] = new
        return f'<h{m.group(1)} id="{new}">{m.group(3)}<a class="anchor-link" href="#{new}">¶</a></h{m.group(1)}>'
    body = HEADING.sub(heading, body)
    return re.sub(r'href="#([^"]*)"', lambda m: f'href="#{renamed.get(m.group(1), m.group(1))}"', body)

def _relink(body: str, rel: str, outputs: dict) -> str:
    "Point the links of notebook `rel`'s page to notebooks at their pages, as Quarto does: `../06_checkpoints/02_curves.ipynb` -> `../06_checkpoints/curves.html`."
    def link(m):
        target, anchor = m.group(2), m.group(3) or ''
        source = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
        out = outputs.get(source, source[:-len('.ipynb')] + '.html')
        return f'{m.group(1)}{posixpath.relpath(out, posixpath.dirname(outputs[rel]) or ".")}{anchor}"'
    return re.sub(r'(href=")(?![a-z]+:)([^"#]*?\.ipynb)(#[^"]*)?"', link, body)

def _nav(sidebar: dict, page: str, outputs: dict) -> str:
    "The sidebar as nested HTML lists, links relative to `page` (the page's path in the site)."
    up = '../' * page.count('/')
    def item(x):
        if isinstance(x, dict):
            inner = ''.join(item(y) for y in x.get('contents', []))
            return f'<li class="section"><span>{html.escape(x["section"])}</span><ul>{inner}</ul></li>'
        href = outputs.get(x, re.sub(r'\.ipynb$', '.html', x))
        current = ' class="current"' if href == page else ''
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
    "Render every processed notebook of `proc` into `site` where Quarto would write it, with titles and the sidebar; copy the pages' files."
    import nbformat, yaml
    from nbconvert import HTMLExporter
    shutil.rmtree(site, ignore_errors=True)
    sidebar = yaml.safe_load((proc/'sidebar.yml').read_text())
    exporter = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    pages = {p.relative_to(proc).as_posix(): nbformat.read(p, as_version=4) for p in sorted(proc.rglob('*.ipynb'))}
    heads = {rel: quarto_like(nb) for rel, nb in pages.items()}
    outputs = {rel: output_path(rel, fm) for rel, fm in heads.items()}
    TITLES.clear(); TITLES.update({rel: fm['title'] for rel, fm in heads.items()})
    for rel, nb in pages.items():
        fm, page = heads[rel], outputs[rel]
        body, _ = exporter.from_notebook_node(nb)
        body = re.sub(r'<title>.*?</title>', f'<title>{html.escape(fm["title"])} – humorft</title>', body, count=1, flags=re.S)
        body = _relink(_quarto_ids(body), rel, outputs)
        header = f'<h1>{html.escape(fm["title"])}</h1>' + (f'<p class="description"><em>{html.escape(fm["description"])}</em></p>' if fm['description'] else '')
        body = re.sub(r'(<body[^>]*>)', r'\1' + f'<div class="page">{_nav(sidebar, page, outputs)}<div class="content">{header}', body, count=1)
        body = body.replace('</body>', '</div></div></body>').replace('</head>', STYLE + '</head>')
        (site/page).parent.mkdir(parents=True, exist_ok=True)
        (site/page).write_text(body, encoding='utf-8')
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
MARKDOWN_LINK = re.compile(r'\[[^\]\n]+\]\((?:https?://|\.\.?/)[^)\s]*\)')  # in prose and outputs (signatures), not in code a reader wrote

def _visible_text(page_html: str) -> str:
    "The text a reader sees: the body without scripts and styles, tags removed, entities unescaped."
    body = re.sub(r'<(script|style)\b.*?</\1>', '', page_html.split('<body', 1)[-1], flags=re.S)
    return html.unescape(re.sub(r'<[^>]+>', '', body))

def doc_url() -> str:
    "The address of the published site (settings.ini: doc_host + doc_baseurl), which nbdev writes into its API links."
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    return cfg['DEFAULT']['doc_host'].rstrip('/') + '/' + cfg['DEFAULT']['doc_baseurl'].strip('/') + '/'

def _anchors(page: Path, cache: dict) -> set:
    "The ids a link can point to on `page`, in lower case (Quarto's ids are)."
    if page not in cache: cache[page] = {i.lower() for i in re.findall(r'\bid="([^"]+)"', page.read_text(encoding='utf-8'))}
    return cache[page]

def problems(site: Path = SITE, site_url: str | None = None) -> list:
    "What is broken in the rendered `site`, one line per problem (page: what); links into `site_url` (the published site) are checked here."
    out, site_url, cache = [], site_url or doc_url(), {}
    for page in sorted(site.rglob('*.html')):
        rel, text = page.relative_to(site).as_posix(), page.read_text(encoding='utf-8')
        seen = _visible_text(text)
        if FIGURE_TEXT.search(seen): out.append(f"{rel}: a figure printed as text ({FIGURE_TEXT.search(seen).group(0)})")
        for pattern, what in RAW_SYNTAX:
            m = pattern.search(seen)
            if m: out.append(f"{rel}: {what} shown as text: {m.group(0).strip()[:60]!r}")
        m = MARKDOWN_LINK.search(_visible_text(re.sub(r'<div class="highlight hl-ipython3">.*?</div>', '', text, flags=re.S)))
        if m: out.append(f"{rel}: a Markdown link shown as text: {m.group(0)[:60]!r}")
        if not re.search(r'<title>(?!Notebook<|Untitled)[^<]+</title>', text): out.append(f"{rel}: no page title")
        for kind, target in re.findall(r'<(a|img)\b[^>]*?(?:href|src)="([^"]*)"', html.unescape(text)):
            api = target.startswith(site_url)  # nbdev's link to the published site: checked in this one
            local = target[len(site_url):] if api else target
            if not local or re.match(r'^([a-z][a-z0-9+.-]*:|//)', local) or re.match(r'^#¶?$', local): continue
            path_part, _, anchor = local.partition('#')
            base = site if api else page.parent
            path = (base/path_part.split('?')[0]).resolve() if path_part else page
            what = 'missing image' if kind == 'img' else 'dead API link' if api else 'dead link'
            if not path.exists(): out.append(f"{rel}: {what} {target}")
            elif kind == 'a' and path.suffix == '.ipynb': out.append(f"{rel}: link to a notebook, not a page: {target}")
            elif anchor and path.suffix == '.html' and anchor.lower() not in _anchors(path, cache):
                out.append(f"{rel}: {what.replace('dead', 'no such anchor for')} {target}")
    return out

if __name__ == '__main__':
    what = sys.argv[1] if len(sys.argv) > 1 else 'render'
    if what == 'execute':
        os.environ.pop('HUMORFT_DATA', None)  # stored outputs do not depend on who has the data (the report recomputes with it)
        pages = [ROOT/'nbs'/f'{p}.ipynb' for p in sys.argv[2:]] or output_pages()
        for page in pages: print(f"executed {execute(page).relative_to(ROOT)}")
        subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], cwd=ROOT, check=True)
    else:
        site = render(process())
        found = problems(site)
        print('\n'.join(found) if found else f"{site}: {len(list(site.rglob('*.html')))} pages, no problems found")
        sys.exit(1 if found else 0)
