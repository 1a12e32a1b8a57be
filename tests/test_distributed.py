"""`humorft train` unchanged under `torchrun --nproc_per_node 2` (DDP over gloo on a CPU): the run folder has the layout of
a single-process run, rank 0 alone writes the reports, and the final metrics equal those of one process with the same
global batch. The `accelerate launch` variant runs with HUMORFT_TEST_FLAGS=slow (it is the same DDP run, started by accelerate).

Why the metrics can be compared tightly: both runs see the same batches (the length-grouped order is drawn from the
seed and grouped by the *global* batch, and accelerate gives each process one half of each batch), dropout is off,
and both tasks are labelled on every row, so the mean of the two half-batch losses is the loss of the whole batch and
DDP's averaged gradient is the single-process gradient. What is left is float32 rounding (summation order in the
all-reduce, each half padded to its own length): about 1e-7 relative per step, 1e-6 after the 8 Adam steps here.
The test allows 1e-4 relative (1e-5 absolute), far above that noise and far below any real difference (a wrong
batch split or unsynchronised gradients move these metrics by 1e-2 or more)."""
import json, os, socket, subprocess, sys
from pathlib import Path
import pytest, yaml

BIN = Path(sys.executable).parent
STEPS, GLOBAL_BATCH = 8, 16
TASKS = [dict(name='is_humor', column='is_humor', kind='classification', num_labels=2),
         dict(name='offense_rating', column='offense_rating', kind='regression')]
NOT_COMPARED = ('runtime', 'samples_per_second', 'steps_per_second')

def run_config(backbone: Path, per_device_batch: int) -> dict:
    "A tiny run: 8 steps of `per_device_batch` texts per process, evaluated and saved every 4."
    return dict(name='ddp', tasks=TASKS, model=dict(backbone=str(backbone), max_length=32, head_dropout=0.0),
                training=dict(max_steps=STEPS, eval_steps=4, save_steps=4, logging_steps=2, learning_rate=1e-3,
                              per_device_train_batch_size=per_device_batch, disable_tqdm=True))

@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    from humorft.data.synthetic import write_synthetic_hahackathon
    from humorft.testing.tiny import save_tiny_backbone
    d = tmp_path_factory.mktemp('distributed')
    backbone = save_tiny_backbone(d/'tiny', 'bert', hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    data = write_synthetic_hahackathon(d/'data', dict(train=160, dev=32, test=32))
    (d/'two.yaml').write_text(yaml.safe_dump(run_config(backbone, GLOBAL_BATCH // 2)))
    return d, backbone, data

@pytest.fixture(scope='module')
def single(inputs):
    "The reference: one process, the whole global batch."
    from humorft.base.config import config_from_dict
    from humorft.training.core import train
    d, backbone, data = inputs
    cfg = config_from_dict(run_config(backbone, GLOBAL_BATCH))
    cfg.data.path = str(data)
    train(cfg, d/'single')
    return d/'single'

def launch(launcher: list, inputs, out: str) -> tuple[Path, str]:
    "Run `humorft train` on two processes with `launcher`; the run folder and the output."
    d, _, data = inputs
    env = {k: v for k, v in os.environ.items() if k not in ('RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')}
    cmd = launcher + [str(BIN/'humorft'), 'train', '--config', str(d/'two.yaml'), '--data', str(data), '--out', str(d/out)]
    r = subprocess.run(cmd, cwd=d, env={**env, 'HF_HUB_OFFLINE': '1'}, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"{' '.join(cmd)} failed:\n{r.stdout[-4000:]}\n{r.stderr[-6000:]}"
    return d/out, r.stdout + r.stderr

def check_like_single(run: Path, output: str, single: Path):
    from humorft.base.config import load_config
    from humorft.model.io import complete_checkpoints, read_checkpoint
    assert output.count('run folder:') == 1, "only rank 0 reports"
    assert load_config(run/'config.yaml').training == {**load_config(single/'config.yaml').training, 'per_device_train_batch_size': GLOBAL_BATCH // 2}
    assert json.loads((run/'checkpoint_report.json').read_text())
    steps = [p.name for p in complete_checkpoints(run)]
    assert steps == [p.name for p in complete_checkpoints(single)] == ['checkpoint-4', 'checkpoint-8']
    for name in steps:
        files = lambda r: {p.relative_to(r/'checkpoints'/name).as_posix() for p in (r/'checkpoints'/name).rglob('*') if p.is_file()}
        rng = {'rng_state_0.pth', 'rng_state_1.pth'}
        assert files(run) - rng == files(single) - {'rng_state.pth'} and rng <= files(run)
        assert read_checkpoint(run/'checkpoints'/name)['manifest'] == read_checkpoint(single/'checkpoints'/name)['manifest']
    for split in ('dev', 'test'):
        got, want = (json.loads((r/'eval'/split/'metrics.json').read_text()) for r in (run, single))
        assert got['checkpoint'] == want['checkpoint']
        for k, v in want['metrics'].items():
            if not k.endswith(NOT_COMPARED): assert got['metrics'][k] == pytest.approx(v, rel=1e-4, abs=1e-5), (split, k)

def test_torchrun(inputs, single):
    run, output = launch([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--no-python'], inputs, 'torchrun')
    check_like_single(run, output, single)

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

@pytest.mark.skipif('slow' not in os.environ.get('HUMORFT_TEST_FLAGS', ''), reason='slow: set HUMORFT_TEST_FLAGS=slow')
def test_accelerate_launch(inputs, single):
    launcher = [str(BIN/'accelerate'), 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1', '--mixed_precision', 'no',
                '--dynamo_backend', 'no', '--main_process_port', str(free_port()), '--no_python']
    run, output = launch(launcher, inputs, 'accelerate')
    check_like_single(run, output, single)

@pytest.mark.skipif('slow' not in os.environ.get('HUMORFT_TEST_FLAGS', ''), reason='slow: set HUMORFT_TEST_FLAGS=slow')
def test_torchrun_qlora_preset(inputs):
    "The ministral-qlora preset's shape (4-bit NF4, LoRA, gradient checkpointing, watchdog) on a tiny Mistral, on two CPU processes."
    from humorft.base.config import save_config
    from humorft.model.io import complete_checkpoints, read_checkpoint
    from humorft.base.presets import load_preset
    from humorft.testing.tiny import save_tiny_backbone
    d, _, data = inputs
    cfg = load_preset('ministral-qlora')
    cfg.model.backbone, cfg.model.max_length = str(save_tiny_backbone(d/'mistral', 'mistral')), 32
    cfg.training.update(max_steps=4, eval_steps=2, save_steps=2, logging_steps=1, per_device_train_batch_size=4,
                        gradient_accumulation_steps=1, learning_rate=1e-3, disable_tqdm=True)
    save_config(cfg, d/'qlora.yaml')
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', str(BIN/'humorft'), 'train',
           '--config', str(d/'qlora.yaml'), '--data', str(data), '--out', str(d/'qlora')]
    r = subprocess.run(cmd, cwd=d, env={**os.environ, 'HF_HUB_OFFLINE': '1'}, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-6000:]
    done = complete_checkpoints(d/'qlora')
    assert [p.name for p in done] == ['checkpoint-2', 'checkpoint-4'] and read_checkpoint(done[-1])['method'] == 'qlora'
