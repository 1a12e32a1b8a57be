"""`humorft sft` under `torchrun --nproc_per_node 2` (DDP over gloo on a CPU): the run folder has the layout of a
single-process run, rank 0 alone writes the report, the base model's metrics equal those of one process exactly (the
same evaluation, gathered over two processes), and the fine-tuned metrics are those of one process with the same
global batch to within 1 % (loss and perplexity; the token accuracy and exact match of a random 2-layer model flip with
any change of an argmax, so they are compared on the base model only).

Why not exactly: the arithmetic records all have the same number of prompt and response tokens, so the mean loss of
each half batch weighs its tokens as the whole batch does, and LoRA dropout is off; still the first step's gradient norm
differs by 0.2 % between the two launches (0.2075 vs 0.2079 here; the first loss agrees to 6 digits), and after 6 Adam
steps the dev loss by about 0.1 %. The cause is not found yet (the core's classifier test agrees to 1e-6); 1 % is far
below what a broken launch gives (one process's data only, unsynchronised adapters, a second report)."""
import json, os, subprocess, sys
from pathlib import Path
import pytest, yaml

BIN = Path(sys.executable).parent
STEPS, GLOBAL_BATCH = 6, 16
NOT_COMPARED = ('runtime', 'samples_per_second', 'steps_per_second', 'seconds', 'model_preparation_time')

def run_config(backbone: Path, data: Path, per_device_batch: int) -> dict:
    return dict(name='ddp-sft', family='sft', tasks=[], options={'exact_match_samples': 4, 'max_new_tokens': 8},
                data=dict(path=str(data), columns={'question': 'instruction', 'answer': 'response'}, split='random',
                          val_fraction=0.25, stratify_on=None),
                model=dict(backbone=str(backbone), max_length=48, lora=True, lora_r=4, lora_alpha=8, lora_dropout=0.0),
                training=dict(max_steps=STEPS, eval_steps=3, save_steps=3, logging_steps=1, learning_rate=3e-3, warmup_steps=0,
                              per_device_train_batch_size=per_device_batch, per_device_eval_batch_size=8, disable_tqdm=True),
                selection_metrics=['eval_loss', 'eval_mean_token_accuracy'])

@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    from humorft.sft.testing import save_tiny_causal_lm, write_arithmetic_jsonl
    d = tmp_path_factory.mktemp('sft-distributed')
    backbone, data = save_tiny_causal_lm(d/'tiny'), write_arithmetic_jsonl(d/'data', dict(train=128, test=8))
    for name, batch in (('one', GLOBAL_BATCH), ('two', GLOBAL_BATCH // 2)):
        (d/f'{name}.yaml').write_text(yaml.safe_dump(run_config(backbone, data, batch)))
    return d

def sft(inputs: Path, launcher: list, config: str, out: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ('RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')}
    cmd = launcher + [str(BIN/'humorft'), 'sft', '--config', str(inputs/config), '--out', str(inputs/out)]
    r = subprocess.run(cmd, cwd=inputs, env={**env, 'HF_HUB_OFFLINE': '1'}, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"{' '.join(cmd)} failed:\n{r.stdout[-4000:]}\n{r.stderr[-6000:]}"
    return r.stdout + r.stderr

def test_torchrun_sft(inputs):
    from humorft.model.io import complete_checkpoints, read_checkpoint
    sft(inputs, [], 'one.yaml', 'single')
    output = sft(inputs, [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--no-python'], 'two.yaml', 'torchrun')
    run, single = inputs/'torchrun', inputs/'single'
    assert [l.startswith('done: ') for l in output.splitlines()].count(True) == 1 and output.count('run folder:') == 1, "only rank 0 reports"
    assert (run/'REPORT.md').exists() and (run/'base_metrics.json').exists()
    steps = [p.name for p in complete_checkpoints(run)]
    assert steps == [p.name for p in complete_checkpoints(single)] == ['checkpoint-3', 'checkpoint-6']
    for name in steps: assert read_checkpoint(run/'checkpoints'/name)['manifest'] == read_checkpoint(single/'checkpoints'/name)['manifest']
    got, want = (json.loads((r/'base_metrics.json').read_text())['metrics'] for r in (run, single))
    for k, v in want.items():
        if not k.endswith(NOT_COMPARED): assert got[k] == pytest.approx(v, rel=1e-5, abs=1e-6), k
    got, want = (json.loads((r/'eval'/'dev'/'metrics.json').read_text())['metrics'] for r in (run, single))
    for k in ('loss', 'perplexity'): assert got[k] == pytest.approx(want[k], rel=1e-2), k
    assert got['loss'] < json.loads((run/'base_metrics.json').read_text())['metrics']['loss'], "the two-process run learned"
