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
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED) and len(EXPECTED) >= 12

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
