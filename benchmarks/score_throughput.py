#!/usr/bin/env python
"""Scoring throughput on the 1,000-row HaHackathon test split, in one run, on the same checkpoint:
HumorScorer (length-sorted batches, dynamic padding, inference mode) against a plain loop over batches of 32 with
fixed padding to 128 tokens (no_grad). Prints texts/s of both and the ratio (target >= 2x), and checks that both
give the same predictions.

    HUMORFT_DATA=/path/to/hahackathon python benchmarks/score_throughput.py CHECKPOINT_OR_RUN [--repeats 3]
"""
import argparse, json, statistics, time
from pathlib import Path
import numpy as np, torch
from humorft.data.core import find_data, load_data
from humorft.inference.scorer import HumorScorer

def plain_loop(model, tokenizer, texts, batch_size=32, max_length=128) -> np.ndarray:
    "What a hand-written scoring loop does: fixed padding to 128, batches of 32 in the given order."
    model.eval()
    preds = []
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            enc = tokenizer(texts[start:start + batch_size], padding='max_length', truncation=True, max_length=max_length, return_tensors='pt')
            preds.append(model(**enc).predictions[model.task_names.index('humor_rating')].numpy())
    return np.concatenate(preds)

def timed(f):
    t0 = time.perf_counter(); out = f(); return out, time.perf_counter() - t0

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('checkpoint', help='a checkpoint folder or a run folder')
    ap.add_argument('--data', default=None, help='HaHackathon folder (default: $HUMORFT_DATA)')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--out', default='benchmarks/results/score_throughput.json')
    a = ap.parse_args()
    texts = load_data(find_data(a.data))['test'].text.tolist()
    scorer = HumorScorer.from_checkpoint(a.checkpoint, calibrated=False)
    fast, slow = [], []
    for _ in range(a.repeats):
        scores, t = timed(lambda: scorer.score(texts, progress=False)); fast.append(len(texts) / t)
        plain, t = timed(lambda: plain_loop(scorer.model, scorer.tokenizer, texts)); slow.append(len(texts) / t)
    gap = float(np.abs(scores.humor_rating.to_numpy() - plain).max())
    f, s = statistics.median(fast), statistics.median(slow)
    lines = [f"HumorScorer                        {f:8.1f} texts/s  (runs: {', '.join(f'{x:.1f}' for x in fast)})",
             f"plain loop, batch 32, padding 128  {s:8.1f} texts/s  (runs: {', '.join(f'{x:.1f}' for x in slow)})",
             f"ratio {f / s:.2f}x  (target >= 2x); {len(texts)} texts; largest humor_rating difference {gap:.2e}",
             f"checkpoint {scorer.checkpoint.parent.parent.name}/{scorer.checkpoint.name}; {torch.get_num_threads()} threads; median of {a.repeats}"]
    print('\n'.join(lines))
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps({'humorscorer_texts_per_s': f, 'plain_texts_per_s': s, 'ratio': f / s, 'runs': {'humorscorer': fast, 'plain': slow},
                                       'max_abs_difference': gap, 'texts': len(texts), 'checkpoint': f'{scorer.checkpoint.parent.parent.name}/{scorer.checkpoint.name}'}, indent=1))
    Path(a.out).with_suffix('.txt').write_text('\n'.join(lines) + '\n')

if __name__ == '__main__':
    main()
