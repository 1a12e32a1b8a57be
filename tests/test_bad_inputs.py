"""The bad-input corpus: each malformed file in tests/bad_inputs/ stops loading with one line that names the file, the
row (and its line in the file) and the column; the CLI prints that line and exits 2."""
import subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT
from humorft.data.core import DataError, load_data

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
    "Every file in the corpus has its expected message, and there are at least 12 data files."
    cases = {**EXPECTED, **PAIRWISE_EXPECTED, **CONFIG_CASES, **STATE_CASES, **SCORE_CASES, **SFT_CASES, 'config_builder_code.yaml': None}
    assert sorted(p.name for p in BAD.iterdir()) == sorted(cases) and len(EXPECTED) >= 12

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
    'pairwise_response_null.csv': "pairwise_response_null.csv, row 2 (line 3), column 'response_b': 'null' is the word null, a missing value written out as text; give the text or remove the row",
}

@pytest.mark.parametrize('name', sorted(PAIRWISE_EXPECTED))
def test_pairwise_bad_file_error(name):
    from humorft.base.config import DataConfig
    from humorft.pairwise.data import pairwise_tasks
    with pytest.raises(DataError) as e: load_data(BAD/name, pairwise_tasks(), DataConfig(inputs={'builder': 'pairwise'}, stratify_on='label'))
    assert str(e.value) == PAIRWISE_EXPECTED[name]

@pytest.mark.parametrize('name', ['pairwise_winners_not_one_hot.csv', 'pairwise_unparsable_json_list.csv'])
def test_pairwise_cli_prints_one_line(name, tmp_path):
    r = subprocess.run([str(Path(sys.executable).parent/'humorft'), 'pairwise', 'analyze-data', '--data', str(BAD/name), '--out', str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ''
    assert r.stderr == f"humorft pairwise analyze-data: error: {PAIRWISE_EXPECTED[name]}\n"

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

# --- Configs, --set overrides, trainer states, score inputs and checkpoints (issue 15) ---------------------------------
# Each case runs the command in-process (`humorft.cli.core.main`) and asserts its exact stderr line and exit code 2; a few run
# the installed console script, to show that no traceback reaches a user there either.
import contextlib, io, re, shutil
from humorft.cli.core import main

MODEL_KEYS = "['backbone', 'gradient_checkpointing', 'head', 'head_dropout', 'head_hidden', 'head_layers', 'lora', 'lora_alpha', 'lora_dropout', 'lora_r', 'lora_target_modules', 'max_length', 'pooling', 'quantization', 'scale_regression']"
CONFIG_CASES = {  # humorft train --config FILE: the message after 'humorft train: error: '
    'config_learning_rate_text.yaml': "training.learning_rate: 'fast' is not a number",
    'config_learning_rate_negative.yaml': "training.learning_rate: must be >= 0, got -0.1",
    'config_max_steps_string.yaml': "training.max_steps: '10' is not an integer",
    'config_batch_size_zero.yaml': "training.per_device_train_batch_size: must be >= 1, got 0",
    'config_eval_steps_negative.yaml': "training.eval_steps: must be > 0, got -5",
    'config_training_key_typo.yaml': "training: unknown TrainingArguments field(s) ['learnin_rate']; did you mean 'learning_rate'?",
    'config_watchdog_factor_text.yaml': "watchdog.factor: 'high' is not a number",
    'config_watchdog_action.yaml': "watchdog.action: must be one of ('stop', 'rollback'), got 'restart'",
    'config_watchdog_key_typo.yaml': "watchdog: unknown key(s) ['facter']; did you mean 'factor'?; known: ['action', 'factor', 'lr_factor', 'max_rollbacks', 'min_steps', 'watch', 'window']",
    'config_seed_text.yaml': "seed: 'abc' is not an integer",
    'config_model_null.yaml': "model: null is not a mapping",
    'config_model_key_typo.yaml': f"model: unknown key(s) ['poolin']; did you mean 'pooling'?; known: {MODEL_KEYS}",
    'config_head_dropout_range.yaml': "model.head_dropout: must be in [0, 1), got 1.5",
    'config_task_weight_text.yaml': "tasks[0].weight: 'heavy' is not a number",
    'config_tasks_number.yaml': "tasks: 5 is not text or a list",
    'config_val_fraction_text.yaml': "data.val_fraction: 'half' is not a number",
    'config_top_level_list.yaml': "expected a mapping at the top level, got list",
    'config_broken_yaml.yaml': "not valid YAML (while parsing a flow sequence)",
    # issue 23: configs are data, and a run name stays inside runs/
    'config_alias_bomb.yaml': "more than 25 aliases (*name), line 5: refused (a config needs few; many can expand exponentially)",
    'config_deep_nesting.yaml': "nested deeper than 50 levels, line 2",
    'config_python_tag.yaml': "not valid YAML (could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system')",
    'config_name_escapes.yaml': "name: '../../outside-runs' is not a plain folder name (no '/', '\\', '..' or absolute path): it names the run folder runs/<name>",
    'config_name_absolute.yaml': "name: '/tmp/elsewhere' is not a plain folder name (no '/', '\\', '..' or absolute path): it names the run folder runs/<name>",
}
SET_CASES = [  # humorft train --set ...: the message
    (['data=5'], "config: data: 5 is not a mapping"),
    (['training.learning_rate=fast'], "config: training.learning_rate: 'fast' is not a number"),
    (['training.max_steps=ten'], "config: training.max_steps: 'ten' is not an integer"),
    (['seed=1.5'], "config: seed: 1.5 is not an integer"),
    (['model.pooling=max'], "config: model.pooling: 'max' is not one of ('cls', 'mean', 'last4_mean', 'last_token')"),
    (['modle.pooling=cls'], "config: unknown key(s) ['modle']; did you mean 'model'?; known: ['data', 'early_stopping_patience', 'family', 'model', 'name', 'options', 'recipe', 'seed', 'selection_metrics', 'tasks', 'training', 'watchdog']"),
    (['lr'], "--set 'lr': expected section.field=value"),
]
STATE_CASES = {  # humorft analyze-checkpoints FILE: the message after the file's path
    'state_loss_text.json': """log_history[1] (step 10): 'loss' is "NaN", not a number""",
    'state_metric_text.json': """log_history[1] (step 10): 'eval_loss' is "low", not a number""",
    'state_metric_list.json': "log_history[2] (step 20): 'eval_is_humor_f1' is [0.8, 0.7], not a number",
    'state_metric_bool.json': "log_history[0] (step 5): 'grad_norm' is true, not a number",
    'state_negative_step.json': "log_history[1]: 'step' is -10, not an integer >= 0",
    'state_step_text.json': "log_history[0]: 'step' is 'five', not a number",
    'state_not_object.json': "expected a JSON object, got list",
    'state_no_log_history.json': "no 'log_history' list; is this a trainer_state.json?",
    'state_truncated.json': "not valid JSON (Unterminated string starting at, line 7 column 4); the file is truncated or corrupt",
}
SCORE_CASES = {  # humorft score CHECKPOINT --file FILE: the message (checked before any checkpoint is loaded)
    'score_empty.csv': "score_empty.csv: the file is empty",
    'score_empty_text.csv': "score_empty_text.csv, row 2 (line 4), column 'text': the text is empty",
    'score_latin1.txt': "score_latin1.txt, line 1: not valid UTF-8 (byte 0xe8); save the file as UTF-8",
    'score_utf16.txt': "score_utf16.txt, line 1: not valid UTF-8 (byte 0xff); save the file as UTF-8",
}

def run_cli(argv: list) -> tuple:
    "(exit code, stdout, stderr) of `humorft ARGV`, run in this process."
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err): code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()

def assert_refused(argv: list, line: str):
    "The command exits 2 with exactly `line` on stderr (one line, no traceback) and nothing on stdout."
    code, out, err = run_cli(argv)
    assert (code, out, err) == (2, '', line + '\n'), (code, out, err)

def test_issue15_corpus_size():
    "At least 25 cases of configs, overrides, states and score inputs (the checkpoint cases come on top)."
    assert len(CONFIG_CASES) + len(SET_CASES) + len(STATE_CASES) + len(SCORE_CASES) >= 25

@pytest.mark.parametrize('name', sorted(CONFIG_CASES))
def test_bad_config(name):
    assert_refused(['train', '--config', BAD/name], f"humorft train: error: {name}: {CONFIG_CASES[name]}")

@pytest.mark.parametrize('overrides,line', SET_CASES)
def test_bad_override(overrides, line):
    assert_refused(['train', *[a for o in overrides for a in ('--set', o)]], f"humorft train: error: {line}")

@pytest.mark.parametrize('name', sorted(STATE_CASES))
def test_bad_trainer_state(name, tmp_path):
    assert_refused(['analyze-checkpoints', BAD/name, '--out', tmp_path], f"humorft analyze-checkpoints: error: {BAD/name}: {STATE_CASES[name]}")

@pytest.mark.parametrize('name', sorted(SCORE_CASES))
def test_bad_score_file(name, tmp_path):
    assert_refused(['score', tmp_path/'no-checkpoint', '--file', BAD/name], f"humorft score: error: {SCORE_CASES[name]}")

@pytest.mark.parametrize('options,line', [(['--batch-size', '0'], "argument --batch-size: must be >= 1, got 0"), (['--batch-size', '-3'], "argument --batch-size: must be >= 1, got -3")])
def test_bad_score_options(options, line, tmp_path):
    assert_refused(['score', tmp_path, 'a text', *options], f"humorft score: error: {line}")

def test_score_out_into_missing_folder(tmp_path):
    out = tmp_path/'missing'/'scores.csv'
    assert_refused(['score', tmp_path, 'a text', '--out', out], f"humorft score: error: --out {out}: the folder {out.parent} does not exist")

def test_console_script_prints_one_line():
    "The installed `humorft` prints the same line and exits 2: no traceback."
    r = subprocess.run([str(Path(sys.executable).parent/'humorft'), 'train', '--config', str(BAD/'config_learning_rate_text.yaml')],
                       capture_output=True, text=True)
    assert (r.returncode, r.stdout, r.stderr) == (2, '', f"humorft train: error: config_learning_rate_text.yaml: {CONFIG_CASES['config_learning_rate_text.yaml']}\n")

def test_internal_error_says_bug(monkeypatch):
    "An error that is not a user's: one line saying it is a bug and where its traceback is; exit 1."
    import humorft.cli.core as cli
    def broken(**kw): raise KeyError('boom')
    monkeypatch.setitem(cli.COMMANDS, 'report', (broken, cli.COMMANDS['report'][1]))
    code, out, err = run_cli(['report', 'x'])
    m = re.fullmatch(r"humorft report: internal error \(a bug in humorft, please report it\): KeyError: 'boom'; traceback written to (\S+)\n", err)
    assert code == 1 and m, err
    assert 'Traceback' in Path(m.group(1)).read_text() and "KeyError: 'boom'" in Path(m.group(1)).read_text()

def test_nan_evaluation_never_recommended(tmp_path):
    "A NaN or Inf evaluation is analysed and said in the notes, but never recommended."
    from humorft.checkpoints.report import analyze_checkpoints_to
    from humorft.testing.fake_runs import seed_report_state
    import json
    def hf_json(obj, path):  # as Hugging Face writes trainer_state.json: NaN stays NaN (humorft's own writer makes it null)
        path.write_text(json.dumps(obj, indent=2)); return path
    state = seed_report_state()
    clean = analyze_checkpoints_to(hf_json(state, tmp_path/'clean.json'), tmp_path/'a').recommended_step
    for e in state['log_history']:
        if e.get('step') == clean and 'eval_loss' in e: e['eval_loss'] = float('nan')
    report = analyze_checkpoints_to(hf_json(state, tmp_path/'nan.json'), tmp_path/'b')
    assert report.recommended_step != clean
    assert any(f"eval_loss is not finite in 1 log entry (nan at step {clean})" in n for n in report.state.notes)

# --- Corrupted checkpoints: score, calibrate, evaluate and train --resume all refuse them --------------------------------
TINY_SETS = ['training.max_steps=4', 'training.eval_steps=2', 'training.save_steps=2', 'training.logging_steps=2',
             'training.disable_tqdm=true', 'model.max_length=16', 'name=tiny']

@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    "A trained tiny run (checkpoints at steps 2 and 4), on synthetic data and a tiny random backbone."
    from humorft.data.synthetic import write_synthetic_hahackathon
    from humorft.testing.tiny import save_tiny_backbone
    tmp = tmp_path_factory.mktemp('tiny')
    data = write_synthetic_hahackathon(tmp/'data', dict(train=32, dev=16, test=16))
    sets = [*TINY_SETS, f'model.backbone={save_tiny_backbone(tmp/"backbone")}']
    code, out, err = run_cli(['train', '--data', data, '--out', tmp/'run', *[a for s in sets for a in ('--set', s)]])
    assert code == 0, err
    return tmp/'run', data, sets

def _damaged(tiny_run, tmp_path, damage) -> tuple:
    "A copy of the tiny run whose checkpoint-4 was damaged by `damage(checkpoint_4, checkpoint_2)`; (run, the damaged file)."
    run = Path(shutil.copytree(tiny_run[0], tmp_path/'run'))
    return run, damage(run/'checkpoints'/'checkpoint-4', run/'checkpoints'/'checkpoint-2')

def _overwrite(ck4, ck2):
    f = ck4/'heads.safetensors'
    raw = bytearray(f.read_bytes()); raw[-16:] = b'\x7f' * 16; f.write_bytes(bytes(raw))  # same size: the marker still matches
    return f

def _copy_in(ck4, ck2):
    f = ck4/'backbone'/'model.safetensors'
    shutil.copy(ck2/'backbone'/'model.safetensors', f)  # same names, shapes and size: another step's weights
    return f

@pytest.mark.parametrize('damage', [_overwrite, _copy_in])
def test_damaged_checkpoint_refused_everywhere(tiny_run, tmp_path, damage):
    run, bad = _damaged(tiny_run, tmp_path, damage)
    (run/'train_result.json').unlink()  # interrupted after its last checkpoint: --resume loads checkpoint-4 (on a finished run it trains nothing)
    _, data, sets = tiny_run
    ck = run/'checkpoints'/'checkpoint-4'
    refusal = re.escape(f"{bad}: content changed since the checkpoint was saved (sha256 ") + r"[0-9a-f]{12}, recorded [0-9a-f]{12}\); refusing to load it\n"
    commands = {'score': ['score', ck, 'a text'], 'calibrate': ['calibrate', ck, '--data', data],
                'evaluate': ['evaluate', ck, '--data', data, '--out', tmp_path/'eval'],
                'train': ['train', '--resume', '--data', data, '--out', run, *[a for s in sets for a in ('--set', s)]]}
    for name, argv in commands.items():
        code, out, err = run_cli(argv)  # (train's model building may show transformers' progress bars before the line)
        last = err.replace('\r', '\n').splitlines()[-1] + '\n'
        assert code == 2 and 'Traceback' not in err and re.fullmatch(f"humorft {name}: error: " + refusal, last), (name, code, err)

def test_resume_refuses_changed_override(tiny_run, tmp_path):
    run = Path(shutil.copytree(tiny_run[0], tmp_path/'run'))
    _, data, sets = tiny_run
    argv = ['train', '--resume', '--data', data, '--out', run, *[a for s in sets + ['training.learning_rate=0.5'] for a in ('--set', s)]]
    assert_refused(argv, f"humorft train: error: {run/'config.yaml'}: --resume with training.learning_rate = 0.5, but the run was trained with 0.0001; "
                         "resume without changing it, or train into a new run folder")

# --- Run folders and configs that cannot hurt the user (issue 23) -------------------------------------------------------
# A finished run is never trained over without --overwrite, one writer at a time, no output is one of the inputs, a config
# names no code, a checkpoint is used only by its own family's commands, and numeric options are checked by the parser.
import json, os, sys as _sys
from humorft.base.config import COMPLETE_MARKER
from humorft.model.io import mark_complete

def _train_argv(run, data, sets, *more):
    return ['train', '--data', data, '--out', run, *[a for s in sets for a in ('--set', s)], *more]

def _copy_run(tiny_run, tmp_path) -> Path:
    return Path(shutil.copytree(tiny_run[0], tmp_path/'run'))

def test_finished_run_not_overwritten(tiny_run, tmp_path):
    run, (_, data, sets) = _copy_run(tiny_run, tmp_path), tiny_run
    before = (run/'train_result.json').read_text()
    assert_refused(_train_argv(run, data, sets), f"humorft train: error: {run}: a finished run is there (train_result.json); "
                                                 "give --resume to continue it, --overwrite to move it aside, or another --out")
    assert (run/'train_result.json').read_text() == before and not (run/'.humorft.lock').exists()

def test_resume_and_overwrite_exclusive(tiny_run, tmp_path):
    run, (_, data, sets) = _copy_run(tiny_run, tmp_path), tiny_run
    assert_refused(_train_argv(run, data, sets, '--resume', '--overwrite'), f"humorft train: error: {run}: --resume and --overwrite: choose one")

def test_second_writer_refused(tiny_run, tmp_path):
    run, (_, data, sets) = _copy_run(tiny_run, tmp_path), tiny_run
    (run/'train_result.json').unlink()  # an unfinished run that another (live) process is writing
    (run/'.humorft.lock').write_text(f'{os.getppid()}\n')
    assert_refused(_train_argv(run, data, sets, '--resume'), f"humorft train: error: {run}: another humorft process (pid {os.getppid()}) is writing "
                                                             f"this run folder; wait for it, or remove {run/'.humorft.lock'} if it is gone")

def test_overwrite_moves_the_finished_run_aside(tiny_run, tmp_path):
    run, (_, data, sets) = _copy_run(tiny_run, tmp_path), tiny_run
    old = (run/'train_result.json').read_text()
    code, out, err = run_cli(_train_argv(run, data, sets, '--overwrite'))
    aside = list(tmp_path.glob('run.replaced-*'))
    assert code == 0 and len(aside) == 1 and (aside[0]/'train_result.json').read_text() == old, err
    assert f"{run}: the finished run moved aside to {aside[0]} (--overwrite)" in out.splitlines()
    assert (run/'train_result.json').exists() and not (run/'.humorft.lock').exists()

def test_resume_on_finished_run_trains_nothing(tiny_run, tmp_path):
    run, (_, data, sets) = _copy_run(tiny_run, tmp_path), tiny_run
    code, out, err = run_cli(_train_argv(run, data, sets, '--resume'))
    assert code == 0, err
    assert f"{run}: the run finished at step 4 of 4; --resume has nothing left to train" in out.splitlines()
    assert json.loads((run/'checkpoints'/'trainer_state.json').read_text())['global_step'] == 4
    assert not (run/'checkpoints'/'checkpoint-5').exists()

def _resumable(tiny_run, tmp_path) -> Path:
    "A copy of the tiny run that looks interrupted (no train_result.json), so that --resume would train."
    run = _copy_run(tiny_run, tmp_path)
    (run/'train_result.json').unlink()
    return run

def test_resume_damaged_optimizer(tiny_run, tmp_path):
    run, (_, data, sets) = _resumable(tiny_run, tmp_path), tiny_run
    opt = run/'checkpoints'/'checkpoint-4'/'optimizer.pt'
    raw = bytearray(opt.read_bytes()); raw[len(raw) // 2:len(raw) // 2 + 64] = b'\0' * 64; opt.write_bytes(bytes(raw))  # same size: still "complete"
    code, out, err = run_cli(_train_argv(run, data, sets, '--resume'))
    assert code == 2 and out == '' and err.count('\n') == 1, err
    assert re.fullmatch(re.escape(f"humorft train: error: {opt}: damaged (not a readable torch file: ") + r"[^\n]+" +
                        re.escape(f"); it cannot be resumed from; remove {opt.parent} to resume from the checkpoint before it, or train into a new run folder\n"), err), err

@pytest.mark.parametrize('content,said', [('[]', "expected a JSON object, got list"), ('{"global_step": 4', "not valid JSON (Expecting ',' delimiter, line 1)"),
                                          ('{"global_step": "4"}', "not a trainer state (no global_step or log_history); it cannot be resumed from")])
def test_resume_damaged_trainer_state(tiny_run, tmp_path, content, said):
    run, (_, data, sets) = _resumable(tiny_run, tmp_path), tiny_run
    state = run/'checkpoints'/'checkpoint-4'/'trainer_state.json'
    state.write_text(content)
    mark_complete(state.parent)  # damaged, but with a matching marker: only the content check finds it
    code, out, err = run_cli(_train_argv(run, data, sets, '--resume'))
    assert (code, out) == (2, '') and err.startswith(f"humorft train: error: {state}: {said}") and err.count('\n') == 1, err

def test_config_builder_names_no_code(tiny_run, tmp_path):
    "`builder: antigravity:fly` is a name that no family has: refused, and the module is never imported."
    _, data, _ = tiny_run
    assert 'antigravity' not in _sys.modules
    assert_refused(['train', '--config', BAD/'config_builder_code.yaml', '--data', data, '--out', tmp_path/'run'],
                   "humorft train: error: data.inputs.builder: family 'antigravity:fly' is not known; known families: pairwise, sft")
    assert 'antigravity' not in _sys.modules

def test_run_name_with_dots_refused():
    assert_refused(['train', '--set', 'name=../../outside'], "humorft train: error: config: name: '../../outside' is not a plain folder name "
                                                             "(no '/', '\\', '..' or absolute path): it names the run folder runs/<name>")

def test_score_out_is_input(tmp_path):
    texts = tmp_path/'t.csv'
    texts.write_text('text\na pun !\n')
    assert_refused(['score', tmp_path, '--file', texts, '--out', texts],
                   f"humorft score: error: --out {texts}: that is the input {texts}; writing there would destroy it; choose another --out")
    assert texts.read_text() == 'text\na pun !\n'

def test_pairwise_out_is_input(tmp_path):
    from humorft.data.synthetic import write_synthetic_hahackathon
    data = write_synthetic_hahackathon(tmp_path/'hh', dict(train=20, dev=10, test=10))
    files = {p.name: p.read_bytes() for p in data.iterdir()}
    assert_refused(['pairwise', 'make-pairs', '--data', data, '--out', data],
                   f"humorft pairwise make-pairs: error: --out {data}: that is the input {data}; writing there would destroy it; choose another --out")
    triples = data/'train.csv'
    assert_refused(['pairwise', 'score', tmp_path, '--file', triples, '--out', triples],
                   f"humorft pairwise score: error: --out {triples}: that is the input {triples}; writing there would destroy it; choose another --out")
    assert {p.name: p.read_bytes() for p in data.iterdir()} == files

NUMERIC_CASES = [  # (argv, the line after 'humorft CMD: error: '): refused by the parser or before anything loads
    (['pairwise', 'make-pairs', '--out', 'p', '--rounds', '0'], "argument --rounds: must be >= 1, got 0"),
    (['pairwise', 'make-pairs', '--out', 'p', '--tie-share', 'nan'], "argument --tie-share: must be in [0, 1), got nan"),
    (['pairwise', 'make-pairs', '--out', 'p', '--max-pairs', 'train=-5'], "--max-pairs train=-5: N must be >= 1, got -5"),
    (['pairwise', 'make-pairs', '--out', 'p', '--max-pairs', 'trian=5'], "--max-pairs trian=5: unknown split 'trian'; the splits are train, dev, test"),
    (['pairwise', 'score', 'ck', '--file', 'f.csv', '--batch-size', '-1'], "argument --batch-size: must be >= 1, got -1"),
    (['pairwise', 'reference', 'ck', '--pairs', 'p', '--out', 'o', '--batch-size', '0'], "argument --batch-size: must be >= 1, got 0"),
    (['sft', 'generate', 'ck', '--text', 'x', '--max-new-tokens', '0'], "argument --max-new-tokens: must be >= 1, got 0"),
    (['train', '--folds', '0'], "argument --folds: must be >= 1, got 0"),
    (['analyze-embeddings', 'run', '--seed', '-1'], "argument --seed: must be >= 0, got -1"),
]

@pytest.mark.parametrize('argv,line', NUMERIC_CASES, ids=lambda x: ' '.join(x) if isinstance(x, list) else None)
def test_numeric_option_refused(argv, line):
    name = ' '.join(argv[:2] if argv[0] in ('pairwise', 'sft') else argv[:1])
    assert_refused(argv, f"humorft {name}: error: {line}")

def _with_meta(tiny_run, tmp_path, change) -> Path:
    "A complete copy of the tiny run's checkpoint-4 whose humorft.json went through `change`."
    ck = Path(shutil.copytree(tiny_run[0]/'checkpoints'/'checkpoint-4', tmp_path/'checkpoints'/'checkpoint-4'))
    meta = json.loads((ck/'humorft.json').read_text()); change(meta)
    (ck/'humorft.json').write_text(json.dumps(meta)); mark_complete(ck)
    return ck

def test_checkpoint_of_another_family_refused(tiny_run, tmp_path):
    sft = _with_meta(tiny_run, tmp_path/'a', lambda m: m.update(family='sft'))
    (tmp_path/'triples.csv').write_text('prompt,response_a,response_b\nwhich is funnier?,a pun,a report\n')
    for argv in (['score', sft, 'a text'], ['evaluate', sft, '--data', tiny_run[1], '--out', tmp_path/'e'], ['calibrate', sft, '--data', tiny_run[1]],
                 ['analyze-embeddings', tmp_path/'a', '--checkpoint', sft, '--data', tiny_run[1]],
                 ['pairwise', 'reference', sft, '--pairs', tiny_run[1], '--out', tmp_path/'r'], ['pairwise', 'score', sft, '--file', tmp_path/'triples.csv']):
        name = ' '.join(argv[:2] if argv[0] == 'pairwise' else argv[:1])
        assert_refused(argv, f"humorft {name}: error: {sft}: a checkpoint of the sft family; this command takes a multi-task checkpoint (see `humorft sft --help`)")
    multitask = _with_meta(tiny_run, tmp_path/'b', lambda m: None)
    for cmd in (['sft', 'generate', multitask, '--text', 'what is 1 plus 1 ?'], ['sft', 'evaluate', multitask]):
        assert_refused(cmd, f"humorft sft {cmd[1]}: error: {multitask/'humorft.json'}: not an SFT checkpoint (family 'multitask')")

def test_pairwise_checkpoint_refused_by_score(tiny_run, tmp_path):
    run = _copy_run(tiny_run, tmp_path)
    (run/'config.yaml').write_text((run/'config.yaml').read_text().replace('  inputs: null', '  inputs:\n    builder: pairwise'))
    ck = run/'checkpoints'/'checkpoint-4'
    assert_refused(['score', ck, 'a text'], f"humorft score: error: {ck}: a checkpoint of a pairwise run (data.inputs.builder 'pairwise'): "
                                            "it scores pairwise inputs, not single texts; use `humorft pairwise score`")

def test_incomplete_checkpoint_refused_by_generate(tiny_run, tmp_path):
    ck = Path(shutil.copytree(tiny_run[0]/'checkpoints'/'checkpoint-4', tmp_path/'checkpoints'/'checkpoint-4'))
    (ck/COMPLETE_MARKER).unlink()
    assert_refused(['sft', 'generate', ck, '--text', 'x'], f"humorft sft generate: error: {ck}: incomplete checkpoint (no valid {COMPLETE_MARKER}); it cannot be used")

@pytest.mark.parametrize('err,said', [(OSError(28, 'No space left on device', '/data/runs/x/scores.csv'), "/data/runs/x/scores.csv: No space left on device"),
                                      (PermissionError(13, 'Permission denied', '/etc/scores.csv'), "/etc/scores.csv: Permission denied")])
def test_disk_error_is_one_line(monkeypatch, err, said):
    "A full, read-only or forbidden disk is the user's to fix: one line naming the path, exit 2 (any other OSError stays a bug)."
    import humorft.cli.core as cli
    def full(**kw): raise err
    monkeypatch.setitem(cli.COMMANDS, 'report', (full, cli.COMMANDS['report'][1]))
    assert_refused(['report', 'x'], f"humorft report: error: {said}")

def test_other_os_error_is_a_bug(monkeypatch):
    import humorft.cli.core as cli
    def broken(**kw): raise OSError(5, 'Input/output error')
    monkeypatch.setitem(cli.COMMANDS, 'report', (broken, cli.COMMANDS['report'][1]))
    code, out, err = run_cli(['report', 'x'])
    assert code == 1 and err.startswith("humorft report: internal error (a bug in humorft, please report it): OSError: [Errno 5] Input/output error")

def test_make_pairs_out_is_the_default_data(tmp_path, monkeypatch):
    "Without --data, make-pairs reads $HUMORFT_DATA: an --out equal to it is refused too."
    from humorft.data.synthetic import write_synthetic_hahackathon
    data = write_synthetic_hahackathon(tmp_path/'hh', dict(train=20, dev=10, test=10))
    monkeypatch.setenv('HUMORFT_DATA', str(data))
    assert_refused(['pairwise', 'make-pairs', '--out', data],
                   f"humorft pairwise make-pairs: error: --out {data}: that is the input {data}; writing there would destroy it; choose another --out")

def test_compare_out_is_a_run(tiny_run, tmp_path):
    run = _copy_run(tiny_run, tmp_path)
    assert_refused(['compare', run, tiny_run[0], '--out', run],
                   f"humorft compare: error: --out {run}: that is the input {run}; writing there would destroy it; choose another --out")

@pytest.mark.parametrize('argv,said', [(['analyze-checkpoints', BAD/'state_truncated.json', '--out', BAD/'state_truncated.json'], f"{BAD/'state_truncated.json'} is a file; give a folder"),
                                       (['score', 'ck', 'a text', '--out', BAD], f"{BAD} is a folder; give a file")])
def test_out_of_the_wrong_kind(argv, said):
    assert_refused(argv, f"humorft {argv[0]}: error: argument --out: {said}")

# --- SFT options and records, embeddings on too few texts and damaged caches (issue 23, continued) ------------------------
SFT_CASES = {  # humorft sft train --config FILE (a .yaml) or --data FILE: the message, before any model loads
    'sft_template_brace.yaml': "options.prompt_template: 'Question: {instruction} {' is not a template (Single '{' encountered in format string); write a literal brace as {{ or }}",
    'sft_pattern_no_group.yaml': "options.answer_pattern: '####\\s*-?\\d+' has no group: put the number in parentheses, as the default does ('####\\s*(-?[\\d,]*\\.?\\d+)')",
    'sft_response_null.csv': "sft_response_null.csv, row 2 (line 3), column 'response': 'null' is the word null, a missing value written out as text; give the text or remove the row",
}

@pytest.mark.parametrize('name', sorted(SFT_CASES))
def test_bad_sft_input(name, tmp_path):
    assert_refused(['sft', 'train', '--config' if name.endswith('.yaml') else '--data', BAD/name, '--out', tmp_path/'run'],
                   f"humorft sft train: error: {SFT_CASES[name]}")
    assert not (tmp_path/'run'/'checkpoints').exists()

def _few_texts(tiny_run, tmp_path, dev) -> Path:
    "A copy of the tiny run's data whose dev split is `dev(the dev frame)`."
    import pandas as pd
    data = Path(shutil.copytree(tiny_run[1], tmp_path/'data'))
    dev(pd.read_csv(data/'dev.csv')).to_csv(data/'dev.csv', index=False)
    return data

@pytest.mark.parametrize('dev,said', [(lambda d: d.head(2), "2 text(s), 2 different"), (lambda d: d.head(1), "1 text(s), 1 different"),
                                      (lambda d: d.assign(text=d.text[0]), "16 text(s), 1 different")])
def test_embeddings_on_too_few_texts(tiny_run, tmp_path, dev, said):
    data = _few_texts(tiny_run, tmp_path, dev)
    assert_refused(['analyze-embeddings', tiny_run[0], '--data', data, '--map', 'pca', '--no-base'],
                   f"humorft analyze-embeddings: error: dev.csv: the split 'dev' has {said}; the embedding analysis needs at least 3 different texts")

def test_truncated_embedding_cache_recomputed(tiny_run, tmp_path):
    run = _copy_run(tiny_run, tmp_path)
    argv = ['analyze-embeddings', run, '--map', 'pca', '--no-base', '--data', tiny_run[1]]
    code, out, err = run_cli(argv)
    assert code == 0, err
    npz = run/'embeddings'/'dev'/'checkpoint-4.npz'
    npz.write_bytes(npz.read_bytes()[:100])
    code, out2, err = run_cli(argv)
    assert code == 0 and 'internal error' not in err, err
    assert out2.splitlines() == [f"embeddings: damaged cache {npz} (cannot be read: BadZipFile); recomputing", out.splitlines()[-1]], out2

def test_compare_unknown_split(tiny_run, tmp_path):
    "A split that no run has evaluated is refused (it was an empty comparison)."
    a, b = _copy_run(tiny_run, tmp_path/'a'), _copy_run(tiny_run, tmp_path/'b')
    have = sorted(p.name for p in (a/'eval').iterdir())
    assert have, "the tiny run was evaluated on its splits at the end of training"
    assert_refused(['compare', a, b, '--split', 'tset', '--out', tmp_path/'c'],
                   f"humorft compare: error: --split 'tset': no run has eval/tset/; the runs have evaluated {have} (or run `humorft evaluate --split tset` first)")
    assert not (tmp_path/'c').exists()
