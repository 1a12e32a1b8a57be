#!/usr/bin/env python
"""One multi-task model against one plain model per subtask, settled in one run: the same data, the same budget
(2 epochs, batch 32, max_length 128, the embedded MiniLM), several seeds, interleaved on one machine so that the
wall-time ratio is measured under the same load.

Per seed, in this order: humorft's one multi-task model (each recipe still in the running), the peer (a plain
`AutoModelForSequenceClassification` per subtask with `Trainer` defaults, lr 5e-5, plus `train_sampling_strategy='group_by_length'` (the length
grouping humorft uses, so that the time ratio measures one shared model, not padding): 1a, 1b on the humorous rows, 2a;
1c's peer is the all-controversial constant, i.e. its floor), and a humorft single-task 1a model of the same budget.
After seed 0 the recipe with the best mean skill over the floors on **dev** is kept; the others stop (selection on
train/dev only). Every job writes its dev and test predictions to `jobs/`, so an interrupted run goes on where it
stopped and `--analysis-only` recomputes the tables and figures without training.

Verdicts use humorft's one noise model: the seeds' paired Student-t interval of the difference, widened by the
paired bootstrap of the rows (seed 0's predictions, the same test rows scoring both sides).

    HUMORFT_DATA=/path/to/hahackathon python benchmarks/multitask_vs_peer.py [--seeds 3] [--analysis-only]
"""
import argparse, json, os, resource, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch

SUBTASK = {'is_humor': '1a', 'humor_rating': '1b', 'humor_controversy': '1c', 'offense_rating': '2a'}
MAIN = {'is_humor': 'f1', 'humor_rating': 'rmse', 'humor_controversy': 'f1', 'offense_rating': 'rmse'}
PEER_TASKS = ('is_humor', 'humor_rating', 'offense_rating')  # 1c: the all-controversial constant (its floor)
RECIPES = {'fixed': {}, 'uncertainty': {'task_weighting': 'uncertainty'}}  # fixed: the default weights 3 / 1 / 0.3 / 2
EPOCHS, BATCH, MAX_LENGTH, COSINE_EVERY = 2, 32, 128, 50

def job_name(kind, seed, recipe=None): return f"{kind}{'-' + recipe if recipe else ''}-seed{seed}"

def humorft_job(data, data_path, seed, work, recipe=None):
    "Train one humorft model (all four tasks with `recipe`; only is_humor without one): seconds, dev/test predictions, logs."
    from humorft.base.config import RunConfig, TaskSpec
    from humorft.training.core import train
    from humorft.inference.scorer import HumorScorer
    per_epoch = -(-len(data['train']) // BATCH)  # evaluate and save once per epoch
    training = {'num_train_epochs': EPOCHS, 'per_device_train_batch_size': BATCH, 'eval_steps': per_epoch, 'save_steps': per_epoch,
                'save_total_limit': 2, 'logging_steps': 50}
    if recipe is None:  # the single-task comparator: 1a alone, lr 5e-5 (as the committed single-task run)
        base = RunConfig(name='x')
        tasks = [t for t in base.tasks if t.name == 'is_humor']
        cfg = RunConfig(name=job_name('single', seed), tasks=tasks, data={'path': str(data_path)}, seed=seed,
                        training={**training, 'learning_rate': 5e-5})
    else:
        cfg = RunConfig(name=job_name('humorft', seed, recipe), data={'path': str(data_path)}, seed=seed, training=training,
                        recipe={**RECIPES[recipe], 'gradient_cosine_every': COSINE_EVERY})
    run = work/cfg.name
    result = train(cfg, run, data=data, overwrite=True)
    scorer = HumorScorer.from_checkpoint(result.best_checkpoint, calibrated=False)
    preds = {}
    for split in ('dev', 'test'):
        frame = scorer.score(data[split].text.tolist(), progress=False)
        preds[split] = {t.name: ((frame[f'{t.name}_prob'] > 0.5).astype(int) if t.is_classification else frame[t.name]).tolist()
                        for t in scorer.tasks}
    state = json.loads((run/'checkpoints'/'trainer_state.json').read_text()) if (run/'checkpoints'/'trainer_state.json').exists() \
        else json.loads((run/'trainer_state.json').read_text())
    logs = [{k: v for k, v in e.items() if k == 'step' or k.startswith(('grad_cos_', 'task_weight_'))} for e in state['log_history']]
    return {'seconds': result.train_seconds, 'predictions': preds, 'logs': [e for e in logs if len(e) > 1],
            'best_checkpoint': Path(result.best_checkpoint).name if result.best_checkpoint else None}

def peer_job(data, task, seed, work):
    "Train the plain Hugging Face model of one subtask: seconds and its dev/test predictions (on that subtask's rows)."
    import datasets
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                              TrainingArguments)
    from humorft.base.config import resolve_backbone
    regression = task != 'is_humor'
    tokenizer = AutoTokenizer.from_pretrained(resolve_backbone('minilm'))
    def frame(split):
        df = data[split][data[split][task].notna()]
        enc = tokenizer(df.text.tolist(), truncation=True, max_length=MAX_LENGTH)
        return datasets.Dataset.from_dict({**enc, 'labels': df[task].astype(float if regression else int).tolist()})
    model = AutoModelForSequenceClassification.from_pretrained(resolve_backbone('minilm'), num_labels=1 if regression else 2)
    args = TrainingArguments(output_dir=str(work/'peer'), num_train_epochs=EPOCHS, learning_rate=5e-5,
                             per_device_train_batch_size=BATCH, per_device_eval_batch_size=64, save_strategy='no',
                             eval_strategy='no', report_to='none', seed=seed, logging_steps=50, disable_tqdm=True,
                             train_sampling_strategy='group_by_length')  # the length grouping humorft uses: the time ratio measures sharing, not padding
    trainer = Trainer(model=model, args=args, train_dataset=frame('train'), data_collator=DataCollatorWithPadding(tokenizer))
    t0 = time.time(); trainer.train(); seconds = time.time() - t0
    trainer.args.train_sampling_strategy = 'random'  # the Trainer groups evaluation batches by length too: predict in the data's order
    preds = {}
    for split in ('dev', 'test'):
        out = trainer.predict(frame(split)).predictions
        preds[split] = {task: (out.reshape(-1) if regression else out.argmax(-1)).tolist()}
    return {'seconds': seconds, 'predictions': preds}

def cpu_seconds():
    "CPU seconds (user + system, every thread) this process has used: a measure of work that other load on the machine does not inflate as much as wall time."
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime

def run_jobs(data, data_path, seeds, out, single_task=False):
    "Train what `jobs/` does not hold yet, interleaved seed by seed; after seed 0 only the recipe chosen on dev goes on."
    jobs, work = out/'jobs', out/'_work'
    jobs.mkdir(parents=True, exist_ok=True)
    for seed in range(seeds):
        recipes = list(RECIPES) if seed == 0 else [chosen_recipe(data, read_jobs(out))]
        todo = [('humorft', r, None) for r in recipes] + [('peer', None, t) for t in PEER_TASKS] + ([('single', None, None)] if single_task else [])
        for kind, recipe, task in todo:
            name = job_name(kind, seed, recipe or task)
            if (jobs/f'{name}.json').exists(): continue
            print(f"{time.strftime('%H:%M:%S')} {name} ...", flush=True)
            cpu, load = cpu_seconds(), os.getloadavg()[0]
            r = peer_job(data, task, seed, work) if kind == 'peer' else humorft_job(data, data_path, seed, work, recipe)
            r |= {'job_cpu_seconds': cpu_seconds() - cpu, 'load_before': load, 'load_after': os.getloadavg()[0]}
            (jobs/f'{name}.json').write_text(json.dumps({'kind': kind, 'recipe': recipe, 'task': task, 'seed': seed, **r}))
            print(f"{time.strftime('%H:%M:%S')} {name}: {r['seconds'] / 60:.1f} min", flush=True)

def read_jobs(out): return {p.stem: json.loads(p.read_text()) for p in sorted((out/'jobs').glob('*.json'))}

def labels_of(data, split, task):
    "The gold labels of `task` on the rows that have one."
    col = data[split][task]
    return col[col.notna()].to_numpy(float)

def rows_of(data, split, task, job):
    "A job's predictions of `task` on the rows with a label (humorft predicts every row, the peer only those)."
    p = np.asarray(job['predictions'][split][task], float)
    return p[data[split][task].notna().to_numpy()] if len(p) == len(data[split]) else p

def floor_predictions(data, split, task):
    "The trivial predictor fitted on train: the all-positive class (F1), the training mean (RMSE)."
    n = int(data[split][task].notna().sum())
    return np.ones(n) if MAIN[task] == 'f1' else np.full(n, data['train'][task].dropna().mean())

def metric_value(data, split, task, preds):
    from humorft.metrics.uncertainty import row_metric
    return row_metric(MAIN[task], labels_of(data, split, task), preds, None if MAIN[task] == 'rmse' else 2)

def skill(data, split, task, preds):
    "How far past the floor, as a share of the way to perfect (1 − RMSE/floor; (F1 − floor)/(1 − floor))."
    v, f = (metric_value(data, split, task, p) for p in (preds, floor_predictions(data, split, task)))
    return 1 - v / f if MAIN[task] == 'rmse' else (v - f) / (1 - f)

def chosen_recipe(data, jobs):
    "The recipe with the highest mean dev skill over the four tasks at seed 0."
    scores = {r: np.mean([skill(data, 'dev', t, rows_of(data, 'dev', t, jobs[job_name('humorft', 0, r)])) for t in MAIN])
              for r in RECIPES if job_name('humorft', 0, r) in jobs}
    return max(scores, key=scores.get)

def compare(data, split, task, ours: dict, theirs: dict):
    "One noise model: seeds paired by name (Student-t), widened by seed 0's paired row bootstrap. `ours`/`theirs`: seed -> predictions."
    from humorft.metrics.uncertainty import paired_difference, seed_difference, verdict, is_lower_better
    metric, labels = f'{task}_{MAIN[task]}', labels_of(data, split, task)
    num = None if MAIN[task] == 'rmse' else 2
    seeds = sorted(set(ours) & set(theirs))
    rows = paired_difference(metric, labels, ours[seeds[0]], theirs[seeds[0]], num)
    if len(seeds) < 2: diff = rows
    else:
        entry = lambda side: {'values': {str(s): metric_value(data, split, task, side[s]) for s in seeds}}
        diff = seed_difference(metric, entry(ours), entry(theirs), rows=rows)
    return diff, verdict(diff, is_lower_better(metric))

def analyse(data, out):
    "Tables, verdicts, time ratios and the gradient-cosine figure from `jobs/`."
    from humorft.metrics.uncertainty import BASELINE_WORDS
    jobs = read_jobs(out)
    recipe = chosen_recipe(data, jobs)
    seeds = sorted({j['seed'] for j in jobs.values() if j['kind'] == 'humorft' and j['recipe'] == recipe})
    ours = lambda split, t: {s: rows_of(data, split, t, jobs[job_name('humorft', s, recipe)]) for s in seeds}
    peer = lambda split, t: {s: rows_of(data, split, t, jobs[n]) for s in seeds if (n := job_name('peer', s, t)) in jobs}
    single = lambda split: {s: rows_of(data, split, 'is_humor', jobs[n]) for s in seeds if (n := job_name('single', s)) in jobs}
    floor = lambda split, t: {s: floor_predictions(data, split, t) for s in seeds}
    mean_sd = lambda split, t, p: (np.mean(v := [metric_value(data, split, t, x) for x in p.values()]), np.std(v, ddof=1) if len(v) > 1 else np.nan, len(v))
    rows = []
    for split in ('test', 'dev'):
        for t in MAIN:
            m, sd, n = mean_sd(split, t, ours(split, t))
            f = metric_value(data, split, t, floor_predictions(data, split, t))
            vs_floor = BASELINE_WORDS[compare(data, split, t, ours(split, t), floor(split, t))[1]]
            row = {'split': split, 'subtask': f"{SUBTASK[t]} {t}", 'metric': MAIN[t], 'floor': f, 'humorft': m, 'humorft sd': sd,
                   'seeds': n, 'humorft vs floor': vs_floor}
            p = peer(split, t)
            if p:
                pm, psd, _ = mean_sd(split, t, p)
                d, word = compare(data, split, t, ours(split, t), p)
                row |= {'peer': pm, 'peer sd': psd, 'humorft − peer': f"{d.value:+.4f} [{d.low:+.4f}, {d.high:+.4f}]", 'vs peer': word}
            else: row |= {'peer': f, 'peer sd': np.nan, 'humorft − peer': '—', 'vs peer': 'the peer is the floor'}
            if t == 'is_humor' and (st := single(split)):
                sm, ssd, _ = mean_sd(split, t, st)
                d, word = compare(data, split, t, ours(split, t), st)
                row |= {'single-task': sm, 'single-task sd': ssd, 'humorft − single-task': f"{d.value:+.4f} [{d.low:+.4f}, {d.high:+.4f}]",
                        'vs single-task': word}
            rows.append(row)
    table = pd.DataFrame(rows)
    times = []
    for s in seeds:
        peer_s = [jobs[n]['seconds'] for t in PEER_TASKS if (n := job_name('peer', s, t)) in jobs]
        peer_cpu = [jobs[n].get('job_cpu_seconds', np.nan) for t in PEER_TASKS if (n := job_name('peer', s, t)) in jobs]
        ours = jobs[job_name('humorft', s, recipe)]
        if len(peer_s) == len(PEER_TASKS):
            times.append({'seed': s, 'humorft min': ours['seconds'] / 60, 'peer min': sum(peer_s) / 60,
                          'single-task 1a min': jobs[n]['seconds'] / 60 if (n := job_name('single', s)) in jobs else np.nan,
                          'humorft CPU min': ours.get('job_cpu_seconds', np.nan) / 60, 'peer CPU min': sum(peer_cpu) / 60,
                          'load': np.mean([j[k] for j in [ours] + [jobs[job_name('peer', s, t)] for t in PEER_TASKS] for k in ('load_before', 'load_after') if k in j] or [np.nan])})
    times = pd.DataFrame(times)
    if len(times):
        times['ratio humorft/peer'] = times['humorft min'] / times['peer min']
        times['CPU ratio'] = times['humorft CPU min'] / times['peer CPU min']
        times = times.dropna(axis=1, how='all')
    dev_skill = {r: float(np.mean([skill(data, 'dev', t, rows_of(data, 'dev', t, jobs[job_name('humorft', 0, r)])) for t in MAIN]))
                 for r in RECIPES if job_name('humorft', 0, r) in jobs}
    figure = cosine_figure(jobs, recipe, seeds, out)
    write_summary(out, table, times, recipe, dev_skill, seeds, figure)

def cosine_figure(jobs, recipe, seeds, out):
    "The cosine between each pair of task gradients on the shared backbone over training (mean over seeds), as a PNG."
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt, seaborn as sns
    logs = pd.DataFrame([e | {'seed': s} for s in seeds for e in jobs[job_name('humorft', s, recipe)]['logs'] if any(k.startswith('grad_cos_') for k in e)])
    if logs.empty: return None
    long = logs.melt(id_vars=['step', 'seed'], value_vars=[c for c in logs if c.startswith('grad_cos_')], var_name='pair', value_name='cosine').dropna()
    long['pair'] = long.pair.str.removeprefix('grad_cos_').str.replace('~', ' · ')
    fig, ax = plt.subplots(figsize=(8, 5))
    sns.lineplot(long, x='step', y='cosine', hue='pair', ax=ax, errorbar=('pi', 100) if len(seeds) > 1 else None)
    ax.axhline(0, color='grey', lw=0.8)
    ax.set(title=f"Cosine between task gradients on the shared backbone\n({recipe} recipe, {len(seeds)} seeds; band: min–max over the seeds)",
           xlabel='training step', ylabel='cosine (< 0: the tasks pull apart)')
    ax.legend(fontsize=8, ncols=3, loc='upper center', bbox_to_anchor=(0.5, -0.16))
    fig.tight_layout()
    (out/'figures').mkdir(exist_ok=True)
    path = out/'figures'/'gradient_cosines.png'
    fig.savefig(path, dpi=110); plt.close(fig)
    summary = long.groupby('pair').cosine.agg(['mean', 'min', lambda c: float((c < 0).mean())]).rename(columns={'<lambda_0>': 'share < 0'})
    return path, summary

def markdown(frame, digits=4, index=False):
    from humorft.base.tables import fmt, md_table
    frame = frame.reset_index() if index else frame
    return md_table(list(frame.columns), [[fmt(v, digits) if isinstance(v, float) else v for v in r] for r in frame.itertuples(index=False)])

def write_summary(out, table, times, recipe, dev_skill, seeds, figure):
    md = ["# One multi-task model against one plain model per subtask", "",
          f"humorft's one model (recipe **{recipe}**, chosen on dev at seed 0: mean dev skill over the floors "
          + ", ".join(f"{r} {v:.4f}" for r, v in dev_skill.items()) + f") against the plain Hugging Face peer, {len(seeds)} seeds, "
          f"{EPOCHS} epochs each, batch {BATCH}, max_length {MAX_LENGTH}, the embedded MiniLM, on this machine "
          f"({os.cpu_count()} CPU threads), interleaved seed by seed.", "",
          "Verdicts: seeds paired by name (Student-t), widened by seed 0's paired row bootstrap (1,000 resamples of the rows); "
          "'better' / 'worse' only when the 95 % interval of the difference excludes 0. Floor: the best constant fitted on train "
          "(all-positive F1, training-mean RMSE); 1c's peer is that constant.", ""]
    for split in ('test', 'dev'):
        t = table[table.split == split].drop(columns='split')
        md += [f"## {split}", "", markdown(t.dropna(axis=1, how='all')), ""]
    if len(times):
        md += ["## Training time, measured in this run", "", markdown(times, 2), "",
               f"Mean ratio humorft / peer: **{times['ratio humorft/peer'].mean():.2f}** in wall time"
               + (f", **{times['CPU ratio'].mean():.2f}** in CPU time (user + system seconds of the job, which other load on the machine inflates less)" if 'CPU ratio' in times else '')
               + f"; `load`: the machine's mean 1-minute load average at the jobs' starts and ends ({os.cpu_count()} CPU threads). "
               "humorft's time includes its evaluations on dev, checkpoint saves and the gradient-cosine probes; the peer's is "
               "`Trainer.train` alone.", ""]
    if figure:
        path, summary = figure
        md += ["## The cost of sharing: task gradients on the backbone", "", f"![gradient cosines](figures/{path.name})", "",
               markdown(summary, 3, index=True), ""]
    (out/'summary.md').write_text('\n'.join(md))
    (out/'summary.json').write_text(json.dumps({'recipe': recipe, 'dev_skill': dev_skill, 'seeds': seeds,
                                                'budget': {'epochs': EPOCHS, 'batch': BATCH, 'max_length': MAX_LENGTH, 'peer_models': len(PEER_TASKS)},
                                                'table': json.loads(table.to_json(orient='records')),
                                                'times': json.loads(times.to_json(orient='records'))}, indent=1))
    print('\n'.join(md))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=None, help='HaHackathon folder (default: $HUMORFT_DATA)')
    ap.add_argument('--seeds', type=int, default=3, help='seeds per model (>= 2 for a seed interval)')
    ap.add_argument('--single-task', action='store_true', help='also train humorft single-task 1a models (else the peer 1a is the single-task comparator)')
    ap.add_argument('--rows', type=int, default=None, help='a smoke test: train on the first N training rows only')
    ap.add_argument('--analysis-only', action='store_true', help='recompute the tables and figure from jobs/ alone')
    ap.add_argument('--out', default='benchmarks/results/multitask', help='where jobs/, summary.md/.json and figures/ go')
    a = ap.parse_args()
    os.environ.setdefault('TQDM_DISABLE', '1'); os.environ.setdefault('HF_HUB_DISABLE_PROGRESS_BARS', '1'); warnings.filterwarnings('ignore')
    import transformers
    transformers.utils.logging.set_verbosity_error(); transformers.utils.logging.disable_progress_bar()
    from humorft.data.core import find_data, load_data
    torch.set_num_threads(os.cpu_count())
    path = find_data(a.data)
    data = load_data(path)
    if a.rows: data.frames['train'] = data['train'].head(a.rows)
    out = Path(a.out)
    if not a.analysis_only: run_jobs(data, path, a.seeds, out, a.single_task)
    analyse(data, out)

if __name__ == '__main__':
    main()
