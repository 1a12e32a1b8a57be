"""The docs site, checked without quarto: nbdev processes every notebook (show_doc, directives), the pages that show
results (the home page and nbs/reports/) are executed, every page is rendered to HTML with nbconvert, and headless
Chromium opens the home page and a report page, checks their figures and saves screenshots.
Where quarto exists, `make docs` builds the real site with `nbdev_docs` from the same notebooks."""
import re, shutil, subprocess, sys
from pathlib import Path
import nbformat, pytest
from conftest import ROOT

SITE, WORK = ROOT/'_site_check', ROOT/'_nbs_exec'
# nbdev_proc_nbs without its first step, which tries to download and install quarto
PROCESS = ("from nbdev.quarto import refresh_quarto_yml; from nbdev.doclinks import _build_modidx; from nbdev.serve import proc_nbs; "
           f"refresh_quarto_yml(); _build_modidx(); proc_nbs(path='{WORK.name}', n_workers=2, force=True)")
SKIP_FLAGS = ('#| slow', '#| cuda', '#| notest')
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')

def execute(nb_path: Path):
    "Run a notebook top to bottom in a fresh kernel (cells flagged slow/cuda/notest left out; `eval: false` shown, not run)."
    from nbclient import NotebookClient
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == 'code' and any(f in c.source for f in SKIP_FLAGS))]
    for c in nb.cells:
        if c.cell_type == 'code' and re.search(r'^#\| eval: ?false', c.source, re.M): c.metadata.setdefault('tags', []).append('skip-execution')
    NotebookClient(nb, timeout=900, kernel_name='python3', resources={'metadata': {'path': str(nb_path.parent)}}).execute()
    nbformat.write(nb, nb_path)

@pytest.fixture(scope='module')
def site():
    "Execute the result pages, process every notebook as nbdev does, and render the pages into `_site_check/`."
    from nbconvert import HTMLExporter
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(ROOT/'nbs', WORK, symlinks=True)
    for page in [WORK/'index.ipynb'] + sorted((WORK/'reports').glob('*.ipynb')): execute(page)
    subprocess.run([sys.executable, '-c', PROCESS], cwd=ROOT, check=True, capture_output=True)
    proc = ROOT/'_proc'
    shutil.rmtree(SITE, ignore_errors=True)
    exporter = HTMLExporter(template_name='lab')
    for nb_path in sorted(proc.rglob('*.ipynb')):
        html, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        out = SITE/nb_path.relative_to(proc).with_suffix('.html')
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding='utf-8')
    for res in (ROOT/'nbs').rglob('*'):  # the figures and files the pages link to, as quarto copies them
        rel = res.relative_to(ROOT/'nbs')
        if res.is_file() and res.suffix != '.ipynb' and not any(s.startswith(('.', '_')) for s in rel.parts):
            (SITE/rel).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(res, SITE/rel)
    return SITE

def test_every_notebook_has_a_page(site):
    sources = {p.relative_to(ROOT/'nbs').with_suffix('.html') for p in (ROOT/'nbs').rglob('*.ipynb')
               if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts)}
    assert sources <= {p.relative_to(site) for p in site.rglob('*.html')}

def test_api_pages_document_functions(site):
    "nbdev's processing renders `show_doc` for exported functions: the config page documents TaskSpec."
    assert 'TaskSpec' in (site/'00_config.html').read_text() and 'hahackathon_tasks' in (site/'00_config.html').read_text()

@pytest.mark.skipif(CHROMIUM is None, reason='chromium is not installed (make test installs it)')
def test_home_and_report_pages_in_chromium(site):
    from playwright.sync_api import sync_playwright
    pages = [site/'index.html'] + sorted((site/'reports').glob('*.html'))[:1]
    assert len(pages) == 2, f"expected the home page and a report page, got {pages}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                                                                      '--disable-component-update', '--disable-sync', '--no-first-run'])
        for page_path in pages:
            page = browser.new_page(viewport={'width': 1280, 'height': 1600})
            page.goto(page_path.as_uri())
            widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
            assert widths and all(w > 0 for w in widths), f"{page_path.name}: figures missing or broken: {widths}"
            page.screenshot(path=str(site/f'{page_path.stem}.png'), full_page=False)
        browser.close()
