"""Speed of the checkpoint analysis and of the run report, against their targets:
analysing a trainer_state.json with 10,000 log entries and 500 evaluations in <= 1 s, assembling REPORT.md in <= 10 s.

    .venv/bin/python benchmarks/checkpoint_analysis_speed.py

Prints each measured time next to its target; exits with status 1 when a target is missed. Imports are done before
timing (a command pays them once, whatever it does)."""
import sys, tempfile, time
from pathlib import Path
import humorft.base.config, transformers  # noqa: F401 (imported before timing: load_config checks keys against TrainingArguments)
from humorft.testing.fake_runs import fake_trainer_state, write_fake_run, write_run_inputs
from humorft.base.io import write_json
from humorft.checkpoints.core import analyze_checkpoints
from humorft.checkpoints.report import save_checkpoint_report
from humorft.report.core import build_report, write_report

def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start

def main() -> int:
    state = fake_trainer_state(max_steps=9500, eval_steps=19, logging_steps=1, steps_per_epoch=950, summary=False)
    n_log, n_eval = len(state['log_history']), sum('eval_loss' in e for e in state['log_history'])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = write_json(state, Path(tmp)/'trainer_state.json')
        report, t = timed(lambda: analyze_checkpoints(path))
        rows.append(('read + analyse trainer_state.json', t, 1.0))
        _, t = timed(report.to_json)
        rows.append(('checkpoint_report.json content (to_json)', t, None))
        run = write_run_inputs(write_fake_run(Path(tmp)/'run', state, checkpoint_steps=[9500]))
        _, t = timed(lambda: save_checkpoint_report(report, run))
        rows.append(('save_checkpoint_report (JSON, Markdown, 4 figures)', t, None))
        _, t = timed(lambda: build_report(run))
        rows.append(('build_report (checkpoint_report.json present)', t, 10.0))
        fresh = write_run_inputs(write_fake_run(Path(tmp)/'fresh', state, checkpoint_steps=[9500]))
        _, t = timed(lambda: write_report(fresh))
        rows.append(('write_report (no checkpoint_report.json: analysis, figures, REPORT.md)', t, 10.0))
    print(f"trainer_state: {n_log} log entries, {n_eval} evaluations")
    missed = 0
    for name, t, target in rows:
        verdict = '' if target is None else ('ok' if t <= target else 'MISSED')
        missed += verdict == 'MISSED'
        print(f"{name:<75} {t:7.3f} s" + (f"   target <= {target:g} s: {verdict}" if target else ''))
    return 1 if missed else 0

if __name__ == '__main__': sys.exit(main())
