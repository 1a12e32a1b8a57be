#!/usr/bin/env python
"""Training throughput, in one run on the same backbone (the embedded MiniLM), batch size and data:
(a) humorft's trainer with the default recipe (four task heads, length-grouped batches, dynamic padding),
(b) a plain `Trainer` + `AutoModelForSequenceClassification` with the seeds' fixed padding (padding="max_length", 128),
(c) the same plain Trainer with humorft's padding (dynamic, length-grouped).
Prints samples/s and the ratios a/b (target >= 1.5) and a/c (target >= 0.97). The three are interleaved and repeated,
and the median of each is used, so that a busy machine slows all three alike.

    HUMORFT_DATA=/path/to/hahackathon python benchmarks/train_throughput.py [--rows 1024] [--repeats 3]
"""
import argparse, json, statistics, tempfile, time
from pathlib import Path
import datasets, torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer, TrainingArguments
from humorft.base.config import RunConfig, resolve_backbone
from humorft.data.core import DataSplits, find_data, load_data
from humorft.training.core import build_trainer

def plain_trainer(frame, padding: str, out: str, batch: int, seed: int = 42) -> Trainer:
    "The peer: one sequence-classification model on `is_humor`, padded to 128 or dynamically."
    path = resolve_backbone('minilm')
    tok = AutoTokenizer.from_pretrained(path)
    if padding == 'max_length': enc = tok(frame.text.tolist(), truncation=True, max_length=128, padding='max_length')
    else: enc = tok(frame.text.tolist(), truncation=True, max_length=128)
    ds = datasets.Dataset.from_dict({**enc, 'labels': frame.is_humor.astype(int).tolist(), 'length': [len(x) for x in enc['input_ids']]})
    args = TrainingArguments(output_dir=out, per_device_train_batch_size=batch, num_train_epochs=1, save_strategy='no',
                             eval_strategy='no', report_to='none', logging_steps=1000, disable_tqdm=True, seed=seed,
                             train_sampling_strategy='group_by_length' if padding == 'dynamic' else 'random')
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    return Trainer(model=model, args=args, train_dataset=ds, data_collator=DataCollatorWithPadding(tok))

def humorft_trainer(data, frame, out: str, batch: int) -> Trainer:
    "humorft's trainer, default recipe, on the same rows."
    subset = DataSplits({'train': frame, 'dev': data['dev'].head(64)}, data.tasks)
    cfg = RunConfig(training={'per_device_train_batch_size': batch, 'num_train_epochs': 1, 'save_strategy': 'no',
                              'eval_strategy': 'no', 'logging_steps': 1000, 'disable_tqdm': True})
    return build_trainer(cfg, subset, out)

def samples_per_second(trainer: Trainer) -> float:
    t0 = time.perf_counter(); trainer.train(); seconds = time.perf_counter() - t0
    return len(trainer.train_dataset) / seconds

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=None, help='HaHackathon folder (default: $HUMORFT_DATA)')
    ap.add_argument('--rows', type=int, default=1024, help='training rows per measurement (the first N of train)')
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--out', default='benchmarks/results/train_throughput.json')
    a = ap.parse_args()
    data = load_data(find_data(a.data))
    frame = data['train'].head(a.rows)
    runs = {'a humorft': [], 'b plain, max_length padding': [], 'c plain, humorft padding': []}
    for r in range(a.repeats):
        with tempfile.TemporaryDirectory() as d:
            runs['a humorft'].append(samples_per_second(humorft_trainer(data, frame, f'{d}/a', a.batch)))
            runs['b plain, max_length padding'].append(samples_per_second(plain_trainer(frame, 'max_length', f'{d}/b', a.batch)))
            runs['c plain, humorft padding'].append(samples_per_second(plain_trainer(frame, 'dynamic', f'{d}/c', a.batch)))
        print(f"repeat {r + 1}: " + ', '.join(f"{k.split()[0]} {v[-1]:.1f}/s" for k, v in runs.items()), flush=True)
    med = {k: statistics.median(v) for k, v in runs.items()}
    a_, b_, c_ = med.values()
    lines = [f"{k:32s} {v:7.1f} samples/s  (runs: {', '.join(f'{x:.1f}' for x in runs[k])})" for k, v in med.items()]
    lines += [f"a/b = {a_ / b_:.2f}  (target >= 1.5)", f"a/c = {a_ / c_:.2f}  (target >= 0.97)",
              f"{a.rows} rows, batch {a.batch}, {torch.get_num_threads()} threads, median of {a.repeats}"]
    print('\n'.join(lines))
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({'samples_per_second': med, 'runs': runs, 'a_over_b': a_ / b_, 'a_over_c': a_ / c_,
                                       'rows': a.rows, 'batch': a.batch, 'threads': torch.get_num_threads()}, indent=1))
    Path(a.out).with_suffix('.txt').write_text('\n'.join(lines) + '\n')

if __name__ == '__main__':
    main()
