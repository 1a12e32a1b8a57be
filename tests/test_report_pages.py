"The report pages (nbs/reports/*.ipynb) type no number with a decimal point into their prose: every claim a page makes about results comes from a code cell."
import json, re
import pytest
from conftest import ROOT

DECIMAL = re.compile(r'(?<![\w.])[-−+]?\d+\.\d+(?![\w.])')  # 0.9356, −0.0133, 1.5; not a version such as 2.4.14 or a name such as v1.5b
PAGES = sorted((ROOT/'nbs'/'reports').glob('*.ipynb'))

def prose(cell: dict) -> str:
    "A markdown cell's text without its links' targets and inline code, which name files and settings, not results."
    text = ''.join(cell['source'])
    text = re.sub(r'\]\([^)]*\)', ']', text)
    return re.sub(r'`[^`]*`', '', text)

def typed_decimals(page) -> list:
    "(cell index, number) for every decimal number typed into a markdown cell of `page`."
    cells = json.loads(page.read_text())['cells']
    return [(i, m) for i, c in enumerate(cells) if c['cell_type'] == 'markdown' for m in DECIMAL.findall(prose(c))]

def test_pages_found():
    assert [p.name for p in PAGES] == ['hahackathon.ipynb', 'pairwise.ipynb']

@pytest.mark.parametrize('page', PAGES, ids=lambda p: p.name)
def test_no_typed_decimals(page):
    assert typed_decimals(page) == [], f"{page.name}: numbers typed into markdown cells (compute them in a code cell)"

def test_the_rule_catches_a_typed_claim(tmp_path):
    page = tmp_path/'page.ipynb'
    cells = [{'cell_type': 'markdown', 'source': ['The recipe reaches an F1 of 0.9356 and −0.0133 LogLoss; see `v0.2` and [x](a/1.5.md).']},
             {'cell_type': 'code', 'source': ['print(0.5)']}]
    page.write_text(json.dumps({'cells': cells}))
    assert typed_decimals(page) == [(0, '0.9356'), (0, '−0.0133')]
