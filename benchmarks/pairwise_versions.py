"""The funnier-pairs version log: baseline, +cleaning, +swap augmentation (trained, one run per seed), then +two-order inference
and +temperature scaling (the swap runs' checkpoints, evaluated differently), each evaluated on dev and test; then the
version folders, `humorft compare` over them and the noise-aware feature-impact table under benchmarks/results/pairwise/.

    HUMORFT_DATA=/path/to/hahackathon flock /tmp/humorft-heavy.lock python benchmarks/pairwise_versions.py [BENCH_DIR]

PAIRWISE_TRAIN_PAIRS (default 3000), PAIRWISE_MAX_LENGTH (default 128), PAIRWISE_EPOCHS (default 2) and PAIRWISE_SEEDS
(default 1,2,3) resize it (use a new BENCH_DIR: the pairs are kept there),
PAIRWISE_RESULTS moves the output. Re-running skips the trainings and evaluations already done (their train_result.json / metrics.json exist).
HUMORFT_SINGLE_TEXT_RUN (a trained HaHackathon run) adds the single-text reference: its humor_rating differences through an ordinal link
fitted on dev, on the same pairs (results/pairwise/reference/).
The test split keeps every pair it gives (about 600): the version log's interval against the prior resamples them.

    python benchmarks/pairwise_versions.py --analysis-only

re-runs the analysis alone (no bench, no training, no evaluation) on the committed version logs: the feature impact,
`humorft compare` over the committed version folders, the figure and version_log.md/.json (test and dev)."""
import os, sys, time
from pathlib import Path
from humorft.pairwise.benchmark import make_funnier_pairs, pairwise_config
from humorft.training.core import train

OUT = Path(os.environ.get('PAIRWISE_RESULTS', Path(__file__).parent/'results'/'pairwise'))
if sys.argv[1:] == ['--analysis-only']:
    from humorft.pairwise.versions import rewrite_version_log
    for folder in (OUT, OUT/'dev'): rewrite_version_log(folder); print(f"rewrote {folder/'version_log.md'}")
    sys.exit(0)
BENCH = Path(sys.argv[1] if len(sys.argv) > 1 else '/work/runs/pairwise/bench')
PAIRS = BENCH/'pairs'
SEEDS = [int(s) for s in os.environ.get('PAIRWISE_SEEDS', '1,2,3').split(',')]
SIZES = dict(train=int(os.environ.get('PAIRWISE_TRAIN_PAIRS', 3000)), dev=200)  # training and selection sized for two CPU cores; test: all its pairs
TRAINING = dict(max_length=int(os.environ.get('PAIRWISE_MAX_LENGTH', 128)), num_train_epochs=float(os.environ.get('PAIRWISE_EPOCHS', 2)),
                per_device_train_batch_size=16, eval_strategy='epoch', save_strategy='epoch',
                save_total_limit=1, logging_steps=5)
TRAINED = {'v1_baseline': dict(clean=False), 'v2_cleaning': dict(clean=True), 'v3_swap': dict(clean=True, swap_augment=True)}
VERSIONS = {'v1_baseline': ('v1_baseline', {}), 'v2_cleaning': ('v2_cleaning', {}), 'v3_swap': ('v3_swap', {}),
            'v4_two_order': ('v3_swap', dict(two_order=True)), 'v5_temperature': ('v3_swap', dict(two_order=True, temperature=True))}

if not (PAIRS/'pairs_summary.json').exists(): make_funnier_pairs(None, PAIRS, seed=0, rounds=2, max_pairs=SIZES)
for seed in SEEDS:
    for name, switches in TRAINED.items():
        run = BENCH/'runs'/name/f'seed-{seed}'
        if (run/'train_result.json').exists(): continue
        t = time.time()
        train(pairwise_config(name, str(PAIRS), seed=seed, **switches, **TRAINING), run)
        print(f"trained {name} seed {seed} in {time.time() - t:.0f} s", flush=True)
    try: from humorft.pairwise.versions import evaluate_versions
    except ImportError as e: print(f"no evaluation yet ({e}); re-run this script to evaluate", flush=True); continue
    evaluate_versions(BENCH, VERSIONS, [seed])
sys.path.insert(0, str(Path(__file__).parent))  # export_run, for the paths
try:
    from humorft.pairwise.versions import write_version_log
    write_version_log(BENCH, list(VERSIONS), SEEDS, OUT)
    write_version_log(BENCH, list(VERSIONS), SEEDS, OUT/'dev', split='dev')  # the selection split, for the shift between the two
    from export_run import scrub_paths  # the bench folder's absolute paths do not go into the committed files
    from humorft.pairwise.data_report import analyze_pairs_to
    analyze_pairs_to(PAIRS, OUT/'data', {'max_length': TRAINING['max_length'], 'swap_augment': True})  # the full recipe's training rows
    (OUT/'data'/'pairs_summary.json').write_text((PAIRS/'pairs_summary.json').read_text())
    if os.environ.get('HUMORFT_SINGLE_TEXT_RUN'):
        from humorft.cli.core import main
        main(['pairwise', 'reference', os.environ['HUMORFT_SINGLE_TEXT_RUN'], '--pairs', str(PAIRS), '--out', str(OUT/'reference')])
    for folder in [OUT/'data', *sorted((OUT/'versions').iterdir()), *sorted((OUT/'dev'/'versions').iterdir())]: scrub_paths(folder, BENCH)
except ImportError as e: print(f"no version log yet ({e})")
