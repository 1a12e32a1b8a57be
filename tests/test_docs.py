"""The docs site, checked without quarto (tools/docs_site.py): nbdev processes every notebook (show_doc, directives), each
page is rendered to HTML with nbconvert as Quarto would render it (titles, file names from `output-file`, cell options,
heading ids, sidebar), and the site must show nothing broken: no `<Figure ...>` printed as text, no raw directive, Quarto
syntax or Markdown link (API signatures included), no dead internal link or anchor (nbdev's links to the published API
pages included), no missing image; the checker itself is shown to fail on each of these defects. The sidebar lists
every page once. The pages that show results and the library pages that draw figures keep their outputs in the
repository (what `nbdev_docs` renders): they must be there and current, and they run outside the repository. Headless
Chromium opens the home page, an API page and the report page and saves screenshots."""
import json, os, re, shutil, subprocess, sys
from pathlib import Path
import nbformat, pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT/'tools'))
import docs_site
from docs_site import FIGURE_PAGES, output_pages, problems, render


CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')

@pytest.fixture(scope='module')
def site():
    "Every notebook processed as nbdev does and rendered into `_site_check/`."
    return render(docs_site.process())

def test_every_notebook_has_a_page(site):
    "One page per notebook, named as Quarto names it: the `output-file` nbdev writes (the file name without its number)."
    sources = [p for p in (ROOT/'nbs').rglob('*.ipynb') if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts)]
    pages = {p.relative_to(site).as_posix() for p in site.rglob('*.html')}
    assert len(pages) == len(sources), (len(pages), len(sources))
    assert {'06_checkpoints/curves.html', '05_training/multitask.html', 'reports/hahackathon.html', 'index.html'} <= pages
    assert '06_checkpoints/02_curves.html' not in pages

def test_site_shows_nothing_broken(site):
    assert problems(site) == []

def test_api_pages_document_functions(site):
    "nbdev's processing renders `show_doc` for exported functions, without its directives or Quarto attributes."
    page = (site/'00_base'/'config.html').read_text()
    assert 'TaskSpec' in page and 'hahackathon_tasks' in page and '<title>Configuration' in page
    assert 'echo: false' not in page and 'target="_blank"' not in docs_site._visible_text(page)

def test_api_signatures_read_as_python(site):
    "Classes are shown as `class Name(...)`, without `->None`; a docments comment shows its text, not a Markdown link (humorft.base.docs)."
    text = docs_site._visible_text((site/'06_checkpoints'/'core.html').read_text())
    assert 'class AnalysisRules(' in text and 'def AnalysisRules(' not in text, text[:2000]
    assert '# selection metrics (default: default_selection_metrics)' in text
    assert not re.search(r'\bdef [A-Z]\w*\(', docs_site._visible_text((site/'05_training'/'core.html').read_text()))

def test_api_links_are_checked(site):
    "nbdev links names to the published site; every such link (hundreds) is resolved in the checked site, anchor included."
    links = [l for p in site.rglob('*.html') for l in re.findall(r'href="(https://humorft\.github\.io/humorft/[^"]+)"', p.read_text())]
    assert len(links) > 200 and any('#' in l for l in links), len(links)
    assert problems(site) == []  # which includes each of them

def test_sidebar_grouped_by_stage(site):
    "Every page carries the sidebar: the stages in order, the reports, the test helpers last."
    page = (site/'06_checkpoints'/'curves.html').read_text()
    sections = re.findall(r'<li class="section"><span>([^<]+)</span>', page)
    assert sections[0] == 'Reports' and sections[-1] == 'For contributors: test helpers', sections
    assert sections[1:14] == [f'{i:02d} · {name}' for i, name in enumerate(
        'base data eda metrics model training checkpoints evaluate embeddings report compare inference cli'.split())], sections
    assert 'Task family: sft' in sections and 'Task family: pairwise' in sections
    assert 'href="../reports/hahackathon.html"' in page and 'href="../index.html"' in page
    report = (site/'reports'/'hahackathon.html').read_text()
    assert 'href="../06_checkpoints/curves.html"' in report  # links relative to the page, to the page Quarto writes

def test_sidebar_lists_every_page_once(site):
    "No page is left out of the sidebar or listed twice, no two pages share a title, no one-page section repeats its page's title."
    import make_sidebar
    contents = make_sidebar.sidebar()['website']['sidebar']['contents']
    listed = [x for c in contents for x in (c['contents'] if isinstance(c, dict) else [c])]
    sources = sorted(p.relative_to(ROOT/'nbs').as_posix() for p in (ROOT/'nbs').rglob('*.ipynb')
                     if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts))
    assert sorted(listed) == sources
    titles = [make_sidebar.title(ROOT/'nbs'/x) for x in listed]
    assert len(set(titles)) == len(titles), [t for t in titles if titles.count(t) > 1]
    for c in contents:
        if isinstance(c, dict) and len(c['contents']) == 1:
            assert c['section'].split(' · ')[-1].lower() != make_sidebar.title(ROOT/'nbs'/c['contents'][0]).lower(), c

def test_sidebar_finds_new_family_folders(tmp_path):
    "A new subpackage or task-family folder (nbs/20_sft/ ...) gets its own section, pages in file order, with no file edited."
    import make_sidebar
    for name in ('index', '00_base/00_config', '00_base/01_presets', '90_testing/00_tiny', '20_sft/00_data', '20_sft/01_train', 'reports/hahackathon'):
        (tmp_path/name).parent.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f'# {name.split("/")[-1].title()}\n> x')])
        nbformat.write(nb, tmp_path/f'{name}.ipynb')
    contents = make_sidebar.sidebar(tmp_path)['website']['sidebar']['contents']
    assert contents == ['index.ipynb', {'section': 'Reports', 'contents': ['reports/hahackathon.ipynb']},
                        {'section': '00 · base', 'contents': ['00_base/00_config.ipynb', '00_base/01_presets.ipynb']},
                        {'section': 'Task family: sft', 'contents': ['20_sft/00_data.ipynb', '20_sft/01_train.ipynb']},
                        {'section': 'For contributors: test helpers', 'contents': ['90_testing/00_tiny.ipynb']}], contents

def test_one_quarto_config_and_nbdev_workflows():
    "One _quarto.yml (top level; nbs/_quarto.yml links to it, where nbdev reads it); nbdev's test and Pages workflows, the deploy one generating the sidebar first."
    import yaml
    # the project's layout keeps _quarto.yml at the top level; nbdev reads (and refreshes) it through nbs/_quarto.yml
    assert (ROOT/'_quarto.yml').is_file() and not (ROOT/'_quarto.yml').is_symlink()
    assert (ROOT/'nbs'/'_quarto.yml').is_symlink() and (ROOT/'nbs'/'_quarto.yml').resolve() == (ROOT/'_quarto.yml').resolve()
    assert 'sidebar.yml' in yaml.safe_load((ROOT/'nbs'/'_quarto.yml').read_text())['metadata-files']
    test, deploy = (yaml.safe_load((ROOT/'.github'/'workflows'/f).read_text()) for f in ('test.yaml', 'deploy.yaml'))
    assert 'make test' in str(test['jobs']) and 'make docs' in str(deploy['jobs']) and './_docs' in str(deploy['jobs'])
    docs = re.search(r'^docs:.*?\n\n', (ROOT/'Makefile').read_text(), re.M | re.S).group(0)
    assert docs.index('make_sidebar.py') < docs.index('nbdev_docs'), docs

# --- the checker fails on each defect, on a small fixture site -----------------------------------------------------------
def _fixture_site(tmp_path, extra_cells=()):
    "A processed two-page site (front matter, a show_doc-like output, a figure, links) rendered into tmp_path/site."
    proc = tmp_path/'proc'
    (proc/'images').mkdir(parents=True)
    shutil.copy2(ROOT/'nbs'/'images'/'hahackathon_learning_curves.png', proc/'images'/'curves.png')
    (proc/'sidebar.yml').write_text("website:\n  sidebar:\n    contents:\n    - index.ipynb\n    - section: Stage\n      contents:\n      - 00_a.ipynb\n")
    new = nbformat.v4
    png = {'image/png': __import__('base64').b64encode((ROOT/'nbs'/'images'/'hahackathon_learning_curves.png').read_bytes()).decode(),
           'text/plain': '<Figure size 640x480 with 1 Axes>'}
    index = new.new_notebook(cells=[new.new_raw_cell('---\ntitle: Home\ndescription: the home page\noutput-file: index.html\n---'),
                                    new.new_markdown_cell('See [the stage](00_a.ipynb) and ![curves](images/curves.png).'),
                                    new.new_code_cell('#| echo: false\n#| output: asis\nshow_doc(f)', outputs=[new.output_from_msg(
                                        {'header': {'msg_type': 'display_data'}, 'content': {'data': {'text/markdown': '### f\n\n[source](https://x.org/f.py){target="_blank" style="float:right"}\n\n> f(x)', 'text/plain': 'f'}, 'metadata': {}}})]),
                                    new.new_code_cell('fig', outputs=[new.new_output('execute_result', data=png, execution_count=1)]),
                                    *extra_cells])
    stage = new.new_notebook(cells=[new.new_raw_cell('---\ntitle: Stage A\noutput-file: a.html\n---'), new.new_markdown_cell('[home](index.ipynb)\n\n## Part one')])
    nbformat.write(index, proc/'index.ipynb'); nbformat.write(stage, proc/'00_a.ipynb')
    return render(proc, tmp_path/'site')

def test_fixture_site_is_clean(tmp_path):
    site = _fixture_site(tmp_path)
    assert problems(site) == []
    page = (site/'index.html').read_text()
    assert '<title>Home – humorft</title>' in page and '<h1>Home</h1>' in page and 'href="a.html"' in page  # 00_a.ipynb's output-file
    assert not (site/'00_a.html').exists() and 'id="part-one"' in (site/'a.html').read_text()  # Quarto's heading ids
    assert 'In&nbsp;[' not in page and 'echo: false' not in page and 'show_doc(f)' not in page

@pytest.mark.parametrize('defect, cell, expected', [
    ('figure as text', nbformat.v4.new_code_cell('fig', outputs=[nbformat.v4.new_output('execute_result', data={'text/plain': '<Figure size 1500x2720 with 24 Axes>'}, execution_count=2)]), 'a figure printed as text'),
    ('raw directive', nbformat.v4.new_code_cell('x = 1\n#| hide\ny = 2'), 'a raw cell directive shown as text'),
    ('quarto attributes', nbformat.v4.new_markdown_cell('<a href="https://x.org/f.py">source</a>{target="_blank" style="float:right"}'), 'Quarto attributes shown as text'),
    ('dead internal link', nbformat.v4.new_markdown_cell('[gone](99_gone.ipynb)'), 'dead link 99_gone.html'),
    ('missing image', nbformat.v4.new_markdown_cell('![none](images/none.png)'), 'missing image images/none.png'),
    ('no such anchor', nbformat.v4.new_markdown_cell('[part](00_a.ipynb#part-two)'), 'no such anchor for link a.html#part-two'),
    ('dead API link', nbformat.v4.new_markdown_cell('[`g`](https://humorft.github.io/humorft/00_base/gone.html#g)'), 'dead API link https://humorft.github.io/humorft/00_base/gone.html#g'),
    ('API anchor', nbformat.v4.new_markdown_cell('[`g`](https://humorft.github.io/humorft/a.html#g)'), 'no such anchor for API link https://humorft.github.io/humorft/a.html#g'),
    ('Markdown in a signature', nbformat.v4.new_markdown_cell('```python\ndef f(\n    x:int=1, # like [`g`](https://humorft.github.io/humorft/a.html)\n):\n```'), 'a Markdown link shown as text'),
])
def test_checker_fails_on_each_defect(tmp_path, defect, cell, expected):
    found = problems(_fixture_site(tmp_path, [cell]))
    assert len(found) == 1 and expected in found[0], (defect, found)

def test_checker_fails_without_a_title(tmp_path):
    site = _fixture_site(tmp_path)
    page = site/'a.html'
    page.write_text(re.sub(r'<title>.*?</title>', '<title>Notebook</title>', page.read_text()))
    assert problems(site) == ['a.html: no page title']

USER_PAGES = sorted(p for p in (ROOT/'nbs').rglob('*.ipynb') if not any(s.startswith(('.', '_')) for s in p.relative_to(ROOT/'nbs').parts))

@pytest.mark.parametrize('page', USER_PAGES, ids=lambda p: p.relative_to(ROOT/'nbs').as_posix())
def test_user_pages_open_in_colab(page):
    """Every page opens in Colab: a Colab badge for the page itself, then an install cell before any other code (hidden on
    the site, where it means nothing), and no input found by a relative path into the repository."""
    cells = nbformat.read(page, as_version=4).cells
    rel = page.relative_to(ROOT/'nbs').as_posix()
    assert f'colab.research.google.com/github/humorft/humorft/blob/main/nbs/{rel})' in cells[1].source, f"{rel}: no Colab badge after the title"
    install = next(c for c in cells if c.cell_type == 'code')
    assert "if 'google.colab' in sys.modules:" in install.source and 'pip' in install.source and '#| hide' in install.source, install.source
    assert not [c.source for c in cells if c.cell_type == 'code' and re.search(r"""['"]\.\./""", c.source)], f"{rel}: a '../' path"

# --- the result pages keep their outputs, which are current, and run outside the repository ------------------------------
def _text_outputs(nb) -> list:
    "Per code cell, its text and table outputs (what must agree between the stored and a fresh run), and whether it has an image."
    out = []
    for c in nb.cells:
        if c.cell_type != 'code': continue
        texts = [''.join(o.get('text', '')) if o.output_type == 'stream' else o.get('data', {}).get('text/plain', '') for o in c.outputs]
        out.append((''.join(texts), any('image/png' in o.get('data', {}) for o in c.outputs)))  # a stream may come in chunks
    return out

def test_figure_pages_show_their_figures(site):
    "The library pages that draw figures keep them (tiny data) and show every one; the ones a reader looks for first show several."
    for name in FIGURE_PAGES:
        stored = sum('image/png' in o.get('data', {}) for c in nbformat.read(ROOT/'nbs'/f'{name}.ipynb', as_version=4).cells for o in c.get('outputs', []))
        folder, stem = name.split('/')
        shown = len(re.findall(r'<img [^>]*src="data:image/png', (site/folder/f"{stem.split('_', 1)[1]}.html").read_text()))
        assert stored >= 1 and shown == stored, (name, stored, shown)
    for name, at_least in (('06_checkpoints/curves', 4), ('02_eda/figures', 4), ('07_evaluate/figures', 3)):
        assert len(re.findall(r'<img [^>]*src="data:image/png', (site/f'{name}.html').read_text())) >= at_least, name

@pytest.mark.parametrize('page', output_pages(), ids=lambda p: p.relative_to(ROOT/'nbs').as_posix())
def test_result_pages_keep_current_outputs(tmp_path, page):
    """The site shows what the committed page stores; a fresh run in a folder outside the repository (the committed
    runs found by HUMORFT_RESULTS) gives the same outputs. Refresh with `python tools/docs_site.py execute`."""
    stored = nbformat.read(page, as_version=4)
    assert any(c.get('outputs') for c in stored.cells if c.cell_type == 'code'), f"{page.name}: no stored outputs (run tools/docs_site.py execute)"
    outside = tmp_path/page.name
    shutil.copy2(page, outside)
    env = {**{k: v for k, v in os.environ.items() if k != 'HUMORFT_DATA'}, 'HUMORFT_RESULTS': str(ROOT/'benchmarks'/'results')}
    code = f"import sys; sys.path.insert(0, {str(ROOT/'tools')!r}); import docs_site; docs_site.execute(__import__('pathlib').Path({str(outside)!r}))"
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    fresh = nbformat.read(outside, as_version=4)
    assert _text_outputs(fresh) == _text_outputs(stored), f"{page.name}: stored outputs are not current (run tools/docs_site.py execute)"

# --- in a browser -----------------------------------------------------------------------------------------------------
@pytest.mark.skipif(CHROMIUM is None, reason='chromium is not installed (make test installs it)')
def test_pages_in_chromium(site):
    """The home page, an API page and the report page: navigation present, every local image loaded (each of the three
    has figures); screenshots saved."""
    from playwright.sync_api import sync_playwright
    pages = [site/'index.html', site/'06_checkpoints'/'curves.html', site/'reports'/'hahackathon.html']
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                                                                      '--disable-component-update', '--disable-sync', '--no-first-run'])
        for page_path in pages:
            page = browser.new_page(viewport={'width': 1400, 'height': 1800})
            page.goto(page_path.as_uri())
            assert page.locator('nav.sidebar a').count() > 30, f"{page_path.name}: no navigation"
            widths = page.evaluate("Array.from(document.images).filter(i => !/^https?:/.test(i.getAttribute('src'))).map(i => i.complete ? i.naturalWidth : 0)")
            assert all(w > 0 for w in widths), f"{page_path.name}: figures missing or broken: {widths}"
            if page_path.name == 'curves.html':  # an API page: signatures of its functions and their figures
                assert page.locator('h3', has_text='plot_learning_curves').count() == 1
            assert widths, f"{page_path.name}: no figures"
            page.screenshot(path=str(site/f'{page_path.stem}.png'), full_page=False)
        browser.close()
