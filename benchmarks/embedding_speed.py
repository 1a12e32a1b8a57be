#!/usr/bin/env python
"""The whole embedding-analysis stage (`humorft.embeddings.stage.analyze_embeddings_to`) on the 8,000 HaHackathon
train texts with a MiniLM checkpoint on the CPU, embeddings included (no cache: a fresh output folder): the
checkpoint's vectors and outputs, the base backbone's vectors, the UMAP map, KMeans for k = 2..8 with silhouettes,
outliers, terms, the before-vs-after probes, the figures. Prints the time of each step and the total (target: under
3 minutes on 2 CPU cores). Run it under the heavy lock on an otherwise idle machine.

    HUMORFT_DATA=/path/to/hahackathon python benchmarks/embedding_speed.py CHECKPOINT_OR_RUN [--split train] [--threads 2]
"""
import argparse, json, tempfile, time
from pathlib import Path
import torch
from humorft.inference.scorer import resolve_checkpoint
from humorft.embeddings.stage import analyze_embeddings_to

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('checkpoint', help='a checkpoint folder or a run folder (its recommended checkpoint)')
    ap.add_argument('--data', default=None, help="the data (default: the run's data path, then $HUMORFT_DATA)")
    ap.add_argument('--split', default='train', help='the split to analyse (default: train, 8,000 texts)')
    ap.add_argument('--threads', type=int, default=2, help='torch threads (default: 2)')
    ap.add_argument('--out', default='benchmarks/results/embedding_speed.json')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    folder = resolve_checkpoint(a.checkpoint)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = analyze_embeddings_to(folder, a.split, Path(tmp)/'embeddings', a.data)
        total = time.perf_counter() - start
    result = dict(checkpoint=f'{folder.parent.parent.name}/{folder.name}', split=a.split, n_texts=report['n_texts'], threads=a.threads, k=report['k'],
                  map=report['map_method'], seconds=report['seconds'], total_seconds=round(total, 1), target_seconds=180,
                  within_target=total < 180)
    for step, s in report['seconds'].items(): print(f"{step:>24}: {s:7.1f} s")
    print(f"{'total':>24}: {total:7.1f} s for {report['n_texts']:,} texts on {a.threads} threads "
          f"({'within' if total < 180 else 'over'} the 180 s target)")
    Path(a.out).write_text(json.dumps(result, indent=1))

if __name__ == '__main__': main()
