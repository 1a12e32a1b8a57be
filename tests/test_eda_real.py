"`analyze_data_to` on the real HaHackathon files: the JSON contract the CLI writes, and its numbers equal pandas on the CSVs."
import json, os
from pathlib import Path
import pandas as pd
import pytest

DATA = os.environ.get('HUMORFT_DATA')
pytestmark = pytest.mark.skipif(not DATA, reason='HUMORFT_DATA is not set: the real HaHackathon files are not available here')

@pytest.fixture(scope='module')
def written(tmp_path_factory):
    from humorft.eda.core import analyze_data_to
    out = tmp_path_factory.mktemp('data_report')
    analyze_data_to(DATA, out, tokenizer='minilm')
    return out, json.loads((out/'data_report.json').read_text())

def test_files_and_keys(written):
    out, rep = written
    assert (out/'data_report.md').read_text().startswith('# Data report')
    assert {p.name for p in (out/'figures').glob('*.png')} >= {'class_balance.png', 'rating_hist.png', 'missing_pattern.png', 'correlations.png', 'text_lengths.png'}
    assert {'n_rows', 'splits', 'missing_rate', 'tasks', 'correlations'} <= set(rep)
    assert {'counts', 'positive_share'} <= set(rep['tasks']['is_humor'])
    assert {'count', 'mean', 'std', 'min', 'max'} <= set(rep['tasks']['humor_rating'])
    assert {'humor_rating~offense_rating', 'humor_rating~humor_controversy'} <= set(rep['correlations'])

def test_numbers_equal_pandas(written):
    _, rep = written
    frames = {s: pd.read_csv(Path(DATA)/f'{s}.csv') for s in ('train', 'dev', 'test')}
    train, hum = frames['train'], frames['train'].humor_rating.dropna()
    assert rep['n_rows'] == sum(map(len, frames.values()))
    assert rep['splits'] == {s: len(f) for s, f in frames.items()}
    assert rep['tasks']['is_humor']['counts'] == {str(k): int(v) for k, v in train.is_humor.value_counts().sort_index().items()}
    assert rep['tasks']['is_humor']['positive_share'] == pytest.approx(train.is_humor.mean(), abs=1e-12)
    assert rep['tasks']['humor_rating']['count'] == len(hum)
    for stat in ('mean', 'std', 'min', 'max'):
        assert rep['tasks']['humor_rating'][stat] == pytest.approx(getattr(hum, stat)(), abs=1e-12)
    assert rep['correlations']['humor_rating~offense_rating']['r'] == pytest.approx(train.humor_rating.corr(train.offense_rating), abs=1e-12)
    assert rep['correlations']['humor_rating~humor_controversy']['r'] == pytest.approx(train.humor_rating.corr(train.humor_controversy), abs=1e-12)
    everything = pd.concat(frames.values())
    assert rep['missing_rate']['humor_rating'] == pytest.approx(everything.humor_rating.isna().mean(), abs=1e-12)

def test_numbers_match_source_md(written):
    "The published figures of the release (data/hahackathon/SOURCE.md), within rounding."
    _, rep = written
    assert rep['splits']['train'] == 8000 and rep['tasks']['is_humor']['counts']['1'] == 4932
    assert rep['tasks']['is_humor']['positive_share'] == pytest.approx(0.6165, abs=1e-4)
    assert rep['tasks']['humor_rating']['mean'] == pytest.approx(2.2605, abs=1e-4)
    assert rep['tasks']['humor_rating']['std'] == pytest.approx(0.57, abs=0.005)
    assert rep['correlations']['humor_rating~offense_rating']['r'] == pytest.approx(-0.31, abs=0.01)
    assert rep['missing_pattern']['humor_rating']['exact'] is True
