#!/usr/bin/env python
"""Copy what a run folder says about itself -- without any weights -- so that it can be committed and shown in the
docs: config, data and checkpoint reports, the trainer state, evaluation outputs, figures, the embedding analysis (no
vectors), an SFT run's judged answers and REPORT.md -- not predictions.csv, which holds the texts and gold labels
(`humorft evaluate` writes it again from the data).

    python benchmarks/export_run.py runs/NAME benchmarks/results/runs/NAME

The machine's absolute paths do not travel: the run's own become relative to the run folder, the data folder's become
`<data>`, and config.yaml's `data.path` becomes null (found again through $HUMORFT_DATA or --data).
"""
import re, shutil, sys
from pathlib import Path
import yaml

KEEP = ('config.yaml', 'floors.json', 'data_report.json', 'data_report.md', 'checkpoint_report.json', 'checkpoint_report.md',
        'train_result.json', 'oversampling.json', 'seeds_summary.json', 'seeds_summary.md', 'oof_metrics.json', 'REPORT.md', 'provenance.json',
        'base_metrics.json', 'sft_data.json')  # the last two: an SFT run (humorft.sft)
FOLDERS = ('eval', 'figures', 'embeddings', 'generations')  # the last two: the analysis of the texts, and an SFT run's judged answers (GSM8K, MIT)
EMBEDDING_FILES = ('.png', '.md', '.json', '.csv')  # the analysis's reports, figures and cluster tables; not the vectors
WEIGHTS = ('.safetensors', '.bin', '.pt', '.pth')
DATA_COPIES = ('predictions.csv', 'oof_predictions.csv')  # texts and gold labels of the split: the data is not redistributed

def export_run(run: Path, dest: Path) -> list:
    "Copy the run's reports into `dest`; the newest trainer_state.json goes to the top level. Returns the files copied."
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in KEEP:
        if (run/name).exists(): shutil.copy2(run/name, dest/name); copied.append(name)
    for folder in FOLDERS:
        for f in sorted((run/folder).rglob('*')) if (run/folder).exists() else []:
            if folder == 'embeddings' and f.suffix not in EMBEDDING_FILES: continue
            if f.is_file() and f.suffix not in WEIGHTS and f.name not in DATA_COPIES:
                (dest/f.relative_to(run)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest/f.relative_to(run)); copied.append(str(f.relative_to(run)))
    state = run/'checkpoints'/'trainer_state.json'
    if state.exists(): shutil.copy2(state, dest/'trainer_state.json'); copied.append('trainer_state.json')
    scrub_paths(dest, run)
    return copied

TEXT = ('.json', '.yaml', '.md', '.txt')

def scrub_paths(dest: Path, run: Path) -> list:
    "Rewrite the absolute paths of `run` (relative) and of its data folder (`<data>`) in the text files of `dest`; data.path -> null."
    data = (yaml.safe_load((dest/'config.yaml').read_text()).get('data') or {}).get('path') if (dest/'config.yaml').exists() else None
    swaps = ([(str(Path(data).resolve()), '<data>')] if data else []) + [(str(run.resolve()) + '/', ''), (str(run.resolve()), '.')]
    changed = []
    for f in sorted(p for p in dest.rglob('*') if p.suffix in TEXT):
        text = new = f.read_text(encoding='utf-8')
        for old, rel in swaps: new = new.replace(old, rel)
        if f.name == 'config.yaml': new = re.sub(r'(?m)^(  path:) <data>$', r'\1 null', new)
        if new != text: f.write_text(new, encoding='utf-8'); changed.append(str(f.relative_to(dest)))
    return changed

if __name__ == '__main__':
    run, dest = Path(sys.argv[1]), Path(sys.argv[2])
    print('\n'.join(export_run(run, dest)))
