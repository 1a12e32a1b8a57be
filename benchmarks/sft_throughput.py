#!/usr/bin/env python
"""SFT training throughput (non-padding tokens/s), in one run on the same causal LM (default: the embedded SmolLM2-135M
with LoRA r=16 on every projection), batch size, maximum length and GSM8K records:
(a) humorft's SFT trainer: prompt masked, dynamic padding, length-grouped batches,
(b) humorft's SFT trainer with packing (examples concatenated into rows of up to max length),
(c) a plain peft + `Trainer` loop: the same tokens and labels, padded per batch, batches in random order.
Prints tokens/s and the ratios a/c (goal >= 1.0) and b/c (goal >= 1.5). A short untimed warm-up run goes first (the
process's first training pays one-time costs); the runs are then interleaved, their order rotated at each repeat, and
the median of each is used, so that a busy machine slows all alike. Run it under the heavy lock:

    flock /tmp/humorft-heavy.lock python benchmarks/sft_throughput.py --data path/to/gsm8k [--records 96] [--repeats 2]
"""
import argparse, json, statistics, tempfile, time
from pathlib import Path
import torch
from transformers import Trainer, TrainingArguments
from humorft.base.presets import load_preset
from humorft.sft.config import resolve_causal_lm, sft_options
from humorft.sft.data import SFTCollator, load_sft_data, tokenize_records
from humorft.sft.model import load_causal_lm, load_causal_tokenizer
from humorft.sft.train import build_sft_trainer

def config(data: str, records: int, batch: int, packing: bool, backbone: str):
    cfg = load_preset('sft-smollm2')
    cfg.data.path, cfg.model.backbone = data, backbone
    cfg.options = {'train_records': records, 'eval_records': 8, 'exact_match_samples': 0, 'packing': packing}
    cfg.training.update(per_device_train_batch_size=batch, num_train_epochs=1, save_strategy='no', eval_strategy='no',
                        logging_steps=1000, disable_tqdm=True)
    return cfg

def plain_trainer(cfg, splits, out: str) -> Trainer:
    "The peer: peft LoRA on the same model, the same tokenized examples, a plain Trainer (random batch order)."
    ref = resolve_causal_lm(cfg.model.backbone)
    tok = load_causal_tokenizer(ref)
    ds = tokenize_records(splits['train'], tok, sft_options(cfg), cfg.model.max_length).dataset.remove_columns(['row', 'length'])
    args = TrainingArguments(output_dir=out, per_device_train_batch_size=cfg.training['per_device_train_batch_size'], num_train_epochs=1,
                             save_strategy='no', eval_strategy='no', report_to='none', logging_steps=1000, disable_tqdm=True,
                             learning_rate=cfg.training['learning_rate'], seed=cfg.seed)
    return Trainer(model=load_causal_lm(cfg.model, ref), args=args, train_dataset=ds, data_collator=SFTCollator(tok.pad_token_id))

def tokens_per_second(trainer: Trainer) -> float:
    tokens = sum(int(b['attention_mask'].sum()) for b in trainer.get_train_dataloader())
    t0 = time.perf_counter(); trainer.train()
    return tokens / (time.perf_counter() - t0)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', required=True); p.add_argument('--records', type=int, default=96); p.add_argument('--batch', type=int, default=4)
    p.add_argument('--repeats', type=int, default=2); p.add_argument('--backbone', default='smollm2')
    p.add_argument('--out', default='benchmarks/results/sft_throughput')
    a = p.parse_args()
    torch.manual_seed(0)
    runs = {'a_humorft': [], 'b_humorft_packing': [], 'c_plain_peft_trainer': []}
    splits = load_sft_data(config(a.data, a.records, a.batch, False, a.backbone))
    trainers = {'a_humorft': lambda d: build_sft_trainer(config(a.data, a.records, a.batch, False, a.backbone), splits, d).trainer,
                'b_humorft_packing': lambda d: build_sft_trainer(config(a.data, a.records, a.batch, True, a.backbone), splits, d).trainer,
                'c_plain_peft_trainer': lambda d: plain_trainer(config(a.data, a.records, a.batch, False, a.backbone), splits, d)}
    with tempfile.TemporaryDirectory() as d:
        warm = load_sft_data(config(a.data, 8, a.batch, False, a.backbone))
        tokens_per_second(plain_trainer(config(a.data, 8, a.batch, False, a.backbone), warm, d))
        names = list(trainers)
        for r in range(a.repeats):
            for name in names[r % 3:] + names[:r % 3]: runs[name].append(tokens_per_second(trainers[name](d)))
            print(f"repeat {r + 1}: " + ', '.join(f"{k} {v[-1]:.1f} tokens/s" for k, v in runs.items()), flush=True)
    med = {k: statistics.median(v) for k, v in runs.items()}
    ratios = {'a/c': med['a_humorft'] / med['c_plain_peft_trainer'], 'b/c': med['b_humorft_packing'] / med['c_plain_peft_trainer']}
    lines = [f"SFT training throughput, {a.backbone} + LoRA, {a.records} GSM8K records, batch {a.batch}, median of {a.repeats}:"]
    lines += [f"  {k}: {v:.1f} non-padding tokens/s" for k, v in med.items()]
    lines += [f"  a/c = {ratios['a/c']:.2f} (goal >= 1.0), b/c = {ratios['b/c']:.2f} (goal >= 1.5)"]
    print('\n'.join(lines))
    Path(a.out + '.txt').write_text('\n'.join(lines) + '\n')
    Path(a.out + '.json').write_text(json.dumps({'args': vars(a) | {'data': Path(a.data).name}, 'runs': runs, 'median': med, 'ratios': ratios}, indent=1))

if __name__ == '__main__': main()
