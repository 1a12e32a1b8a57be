"""`training.report_to: tensorboard`: a tiny run writes its TensorBoard event files into RUN/tensorboard/, which reads back
with the training losses and the evaluations that trainer_state.json holds. TensorBoard is not a dependency of humorft
(`pip install tensorboard`): without it this test is skipped, and the refusal in one line is tested in
nbs/05_training/04_core.ipynb instead."""
import importlib.util, json
import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec('tensorboard') is None,
                                reason="tensorboard is not installed (pip install tensorboard): report_to=['tensorboard'] cannot be read back")

def test_tiny_run_event_file_reads_back(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from humorft.base.config import RunConfig
    from humorft.data.synthetic import write_synthetic_hahackathon
    from humorft.testing.tiny import save_tiny_backbone
    from humorft.training.core import train
    data = write_synthetic_hahackathon(tmp_path/'data', dict(train=64, dev=16, test=16))
    cfg = RunConfig(name='tb', data={'path': str(data)}, model={'backbone': str(save_tiny_backbone(tmp_path/'tiny')), 'max_length': 32},
                    training=dict(max_steps=6, eval_steps=3, save_steps=3, logging_steps=1, per_device_train_batch_size=16,
                                  disable_tqdm=True, report_to=['tensorboard']))
    run = tmp_path/'run'
    train(cfg, run)
    events = {p.parent.relative_to(run).as_posix() for p in run.rglob('events.out.tfevents.*')}
    assert events == {'tensorboard'}, events  # training's file, and the final evaluations' (written after training closed the first)
    scalars = EventAccumulator(str(run/'tensorboard')).Reload()
    tags = set(scalars.Tags()['scalars'])
    assert {'train/loss', 'eval/loss', 'eval/is_humor_f1', 'eval/humor_rating_rmse', 'test/loss', 'test/is_humor_f1'} <= tags, sorted(t for t in tags if not t.startswith('eval/'))
    log = json.loads((run/'checkpoints'/'trainer_state.json').read_text())['log_history']
    for tag, key, rows in (('train/loss', 'loss', [e for e in log if 'loss' in e and 'eval_loss' not in e]),
                           ('eval/loss', 'eval_loss', [e for e in log if 'eval_loss' in e])):
        got = [(s.step, s.value) for s in scalars.Scalars(tag)]
        assert [s for s, _ in got] == [e['step'] for e in rows], (tag, got)
        assert all(v == pytest.approx(e[key], rel=1e-5) for (_, v), e in zip(got, rows)), (tag, got, rows)
