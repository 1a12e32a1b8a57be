"""The bad-input corpus: each malformed file in tests/bad_inputs/ stops loading with one line that names the file, the
row (and its line in the file) and the column; the CLI prints that line and exits 2."""
import subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT
from humorft.data import DataError, load_data

BAD = ROOT/'tests'/'bad_inputs'
EXPECTED = {  # file: the error line, exactly
    'missing_column.csv': "missing_column.csv: missing column(s) ['offense_rating'] (found ['id', 'text', 'is_humor', 'humor_rating', 'humor_controversy']); map names with `columns`",
    'bad_class_label.csv': "bad_class_label.csv, row 2 (line 3), column 'is_humor': '2' is not a class label in [0, 1]",
    'rating_out_of_range.csv': "rating_out_of_range.csv, row 3 (line 4), column 'humor_rating': '7.5' is outside the range [0, 5]",
    'rating_not_a_number.csv': "rating_not_a_number.csv, row 1 (line 2), column 'humor_rating': 'funny' is not a number",
    'infinite_rating.csv': "infinite_rating.csv, row 2 (line 3), column 'offense_rating': 'inf' is not a finite number",
    'duplicate_id.csv': "duplicate_id.csv, row 3 (line 4), column 'id': id '1' repeats row 1",
    'empty_id.csv': "empty_id.csv, row 2 (line 3), column 'id': the id is empty",
    'empty_text.csv': "empty_text.csv, row 2 (line 3), column 'text': the text is empty",
    'rating_missing_where_humorous.csv': "rating_missing_where_humorous.csv, row 2 (line 3), column 'humor_rating': missing, although is_humor == 1 (the label must exist there)",
    'rating_given_where_not_humorous.csv': "rating_given_where_not_humorous.csv, row 2 (line 3), column 'humor_rating': '2.0' is given, but this label exists only where is_humor == 1",
    'wrong_field_count.csv': "wrong_field_count.csv, line 4: 7 fields where the header has 6",
    'empty_file.csv': "empty_file.csv: the file is empty",
    'header_only.csv': "header_only.csv: no data rows",
    'repeated_header.csv': "repeated_header.csv, line 1: repeated column names in the header ['id', 'text', 'text', 'is_humor', 'humor_rating', 'humor_controversy', 'offense_rating']",
    'not_valid.txt': "not_valid.txt: unknown format '.txt'; use .csv or .jsonl",
    'bad_json.jsonl': "bad_json.jsonl, line 2: not valid JSON (Expecting property name enclosed in double quotes)",
    'json_not_object.jsonl': "json_not_object.jsonl, line 1: expected a JSON object, got list",
    'text_not_string.jsonl': "text_not_string.jsonl, row 1 (line 1), column 'text': 42 is not text",
    'invalid_utf8.csv': "invalid_utf8.csv, line 3: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
}

def test_corpus_complete():
    "Every file in the corpus has its expected message, and there are at least 12."
    assert sorted(p.name for p in BAD.iterdir()) == sorted({**EXPECTED, **PAIRWISE_EXPECTED}) and len(EXPECTED) >= 12

# The pairwise family's cases (files `pairwise_*`), loaded through its `data.inputs` builder.
PAIRWISE_EXPECTED = {
    'pairwise_winners_not_one_hot.csv': "pairwise_winners_not_one_hot.csv, row 2 (line 3), column 'winner_model_a': the winner columns winner_model_a, winner_model_b, winner_tie are 1, 1, 0; exactly one must be 1",
    'pairwise_winner_not_binary.csv': "pairwise_winner_not_binary.csv, row 2 (line 3), column 'winner_tie': 'yes' is not 0 or 1",
    'pairwise_unparsable_json_list.csv': "pairwise_unparsable_json_list.csv, row 3 (line 4), column 'response_a': not a JSON list of strings (Unterminated string starting at: character 2)",
    'pairwise_turn_not_string.csv': "pairwise_turn_not_string.csv, row 1 (line 2), column 'prompt': turn 2 is 3, not a string",
    'pairwise_empty_response.csv': "pairwise_empty_response.csv, row 2 (line 3), column 'response_b': the response is empty",
    'pairwise_null_turn_only.csv': "pairwise_null_turn_only.csv, row 1 (line 2), column 'response_a': the response is empty",
    'pairwise_missing_column.csv': "pairwise_missing_column.csv: missing column(s) ['response_b'] (found ['id', 'model_a', 'model_b', 'prompt', 'response_a', 'winner_model_a', 'winner_model_b', 'winner_tie']); map names with `columns`",
    'pairwise_bad_label.jsonl': "pairwise_bad_label.jsonl, row 3 (line 3), column 'label': 'draw' is not one of ['a', 'b', 'tie'] (or 0, 1, 2)",
}

@pytest.mark.parametrize('name', sorted(PAIRWISE_EXPECTED))
def test_pairwise_bad_file_error(name):
    from humorft.config import DataConfig
    from humorft.pairwise.data import pairwise_tasks
    with pytest.raises(DataError) as e: load_data(BAD/name, pairwise_tasks(), DataConfig(inputs={'builder': 'pairwise'}, stratify_on='label'))
    assert str(e.value) == PAIRWISE_EXPECTED[name]

@pytest.mark.parametrize('name', ['pairwise_winners_not_one_hot.csv', 'pairwise_unparsable_json_list.csv'])
def test_pairwise_cli_prints_one_line(name, tmp_path):
    r = subprocess.run([str(Path(sys.executable).parent/'humorft'), 'pairwise-analyze-data', '--data', str(BAD/name), '--out', str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ''
    assert r.stderr == f"humorft pairwise-analyze-data: error: {PAIRWISE_EXPECTED[name]}\n"

@pytest.mark.parametrize('name', sorted(EXPECTED))
def test_bad_file_error(name):
    with pytest.raises(DataError) as e: load_data(BAD/name)
    assert str(e.value) == EXPECTED[name]
    assert '\n' not in str(e.value)

@pytest.mark.parametrize('name', ['bad_class_label.csv', 'invalid_utf8.csv'])
def test_cli_prints_one_line(name, tmp_path):
    r = subprocess.run([str(Path(sys.executable).parent/'humorft'), 'analyze-data', '--data', str(BAD/name), '--out', str(tmp_path),
                        '--tokenizer', 'none'], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ''
    assert r.stderr == f"humorft analyze-data: error: {EXPECTED[name]}\n"
