#!/usr/bin/env python
"""The peer to beat: one plain `AutoModelForSequenceClassification` per HaHackathon subtask on the same MiniLM,
`Trainer` defaults, 2 epochs, lr 5e-5, batch 32, dynamic padding, max_length 128 -- against humorft's single
multi-task model. Prints one side-by-side table (metric per subtask on the official test split, training time).

    HUMORFT_DATA=/path/to/hahackathon python benchmarks/peer_baseline.py [--humorft-run runs/default] [--peer-results FILE]

--humorft-run reuses a finished humorft run (its eval/test/metrics.json and train_result.json) instead of training one;
--peer-results reuses the JSON this script wrote before instead of training the peers again.
"""
import argparse, json, os, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from scipy.stats import pearsonr
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments)
import datasets
from humorft.base.config import RunConfig, resolve_backbone
from humorft.data.core import find_data, load_data
from humorft.metrics.core import read_floors, split_floors
from humorft.metrics.uncertainty import approx_difference, baseline_words, verdict

SUBTASKS = {  # name: (label column, regression?, rows used)
    '1a is_humor': ('is_humor', False, 'all'),
    '1b humor_rating': ('humor_rating', True, 'humorous'),
    '1c humor_controversy': ('humor_controversy', False, 'humorous'),
    '2a offense_rating': ('offense_rating', True, 'all'),
}

def peer_subtask(data, column, regression, rows, tokenizer, out_dir, seed=42):
    "Train and test one plain sequence-classification model for one subtask; metrics on test and train seconds."
    def frame(split):
        df = data[split]
        df = df[df.is_humor == 1] if rows == 'humorous' else df
        labels = df[column].astype(float if regression else int).tolist()
        enc = tokenizer(df.text.tolist(), truncation=True, max_length=128)
        return datasets.Dataset.from_dict({**enc, 'labels': labels})
    model = AutoModelForSequenceClassification.from_pretrained(resolve_backbone('minilm'), num_labels=1 if regression else 2)
    args = TrainingArguments(output_dir=str(out_dir), num_train_epochs=2, learning_rate=5e-5, per_device_train_batch_size=32,
                             per_device_eval_batch_size=64, save_strategy='no', eval_strategy='no', report_to='none',
                             seed=seed, logging_steps=50, disable_tqdm=False)
    trainer = Trainer(model=model, args=args, train_dataset=frame('train'), data_collator=DataCollatorWithPadding(tokenizer))
    t0 = time.time(); trainer.train(); seconds = time.time() - t0
    test = frame('test')
    pred = trainer.predict(test).predictions
    y = np.array(test['labels'])
    if regression:
        p = pred.reshape(-1)
        return {'rmse': float(np.sqrt(mean_squared_error(y, p))), 'pearson': float(pearsonr(y, p)[0])}, seconds
    p = pred.argmax(-1)
    return {'f1': float(f1_score(y, p)), 'accuracy': float(accuracy_score(y, p))}, seconds

def humorft_results(run_dir):
    "Test metrics and training seconds of a finished humorft run."
    m = json.loads((Path(run_dir)/'eval'/'test'/'metrics.json').read_text())['metrics']
    seconds = json.loads((Path(run_dir)/'train_result.json').read_text())['train_seconds']
    return {'1a is_humor': {'f1': m['is_humor_f1'], 'accuracy': m['is_humor_accuracy']},
            '1b humor_rating': {'rmse': m['humor_rating_rmse'], 'pearson': m['humor_rating_pearson']},
            '1c humor_controversy': {'f1': m['humor_controversy_f1'], 'accuracy': m['humor_controversy_accuracy']},
            '2a offense_rating': {'rmse': m['offense_rating_rmse'], 'pearson': m['offense_rating_pearson']}}, seconds

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=None, help='HaHackathon folder (default: $HUMORFT_DATA)')
    ap.add_argument('--humorft-run', default=None, help='a finished humorft run folder to compare (default: train one)')
    ap.add_argument('--humorft-config', default=None, help='YAML config for the humorft run it trains (default: the default recipe)')
    ap.add_argument('--peer-results', default=None, help='reuse peer results written by an earlier run of this script')
    ap.add_argument('--subtasks', default='1a,1b,2a', help='peer subtasks to train (1c is usually the all-controversial baseline)')
    ap.add_argument('--out', default='benchmarks/results', help='where the JSON and the table go')
    a = ap.parse_args()
    torch.set_num_threads(os.cpu_count())
    data = load_data(find_data(a.data))
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if a.peer_results: peer = json.loads(Path(a.peer_results).read_text())
    else:
        tok = AutoTokenizer.from_pretrained(resolve_backbone('minilm'))
        wanted = [k for k in SUBTASKS if k.split()[0] in a.subtasks.split(',')]
        peer = {}
        for name in wanted:
            col, reg, rows = SUBTASKS[name]
            metrics, seconds = peer_subtask(data, col, reg, rows, tok, out/'_peer_tmp'/col)
            peer[name] = {**metrics, 'train_seconds': seconds}
            print(name, peer[name], flush=True)
        test = data['test']; hum = test[test.is_humor == 1]
        peer['1c humor_controversy (all controversial)'] = {
            'f1': float(f1_score(hum.humor_controversy.astype(int), np.ones(len(hum), int))), 'train_seconds': 0.0}
        (out/'peer_baseline.json').write_text(json.dumps(peer, indent=1))
    if a.humorft_run: ours, ours_seconds = humorft_results(a.humorft_run)
    else:
        from humorft.training.core import train
        from humorft.base.config import load_config
        cfg = load_config(a.humorft_config) if a.humorft_config else RunConfig(name='peer-compare')
        run = out/'_humorft_run'
        train(cfg, run, data=data)
        ours, ours_seconds = humorft_results(run)
    run_dir = a.humorft_run or out/'_humorft_run'
    cfg = RunConfig(name='floors')
    floors = read_floors(run_dir, 'test') or split_floors(cfg.tasks, data.frames)['splits']['test']
    test = data['test']
    rows = []
    for name, (metric, lower) in {'1a is_humor': ('f1', False), '1b humor_rating': ('rmse', True),
                                  '1c humor_controversy': ('f1', False), '2a offense_rating': ('rmse', True)}.items():
        p = peer.get(name) or peer.get(f'{name} (all controversial)')
        column = SUBTASKS[name][0]
        n, key = int(test[column].notna().sum()), f'{column}_{metric}'
        theirs, mine = p[metric] if p else np.nan, ours[name][metric]
        rows.append({'subtask': name, 'metric': metric, 'floor': floors.get(key), 'peer': theirs, 'humorft': mine,
                     'humorft vs floor': baseline_words(key, mine, floors.get(key), n),
                     'humorft vs peer': verdict(approx_difference(key, mine, theirs, n), lower), 'rows': n})
    table = pd.DataFrame(rows)
    peer_seconds = sum(v.get('train_seconds', 0) for v in peer.values())
    text = (table.to_string(index=False, float_format=lambda v: f'{v:.4f}') +
            "\n\nfloor: the best constant prediction fitted on the training split (all-positive F1, training-mean RMSE), on test; "
            "'at baseline': no better than it beyond noise. 'humorft vs peer': better / worse only when the 95 % interval of the "
            "difference excludes 0 (normal approximation on the test rows, the two treated as independent: an approximation, "
            "not a paired bootstrap), else 'within noise'. The 1c peer is the all-controversial constant, i.e. the floor itself." +
            f"\n\ntraining time: peer {peer_seconds/60:.1f} min ({len([k for k in peer if 'all controversial' not in k])} models), "
            f"humorft {ours_seconds/60:.1f} min (one model); ratio {peer_seconds/max(ours_seconds, 1e-9):.2f}x")
    print(text)
    (out/'peer_vs_humorft.txt').write_text(text + '\n')

if __name__ == '__main__':
    main()
