#!/usr/bin/env python
"""SFT generation throughput (generated tokens/s) and peak memory, in one run on the same causal LM and GSM8K problems:
(a) humorft's `generate_responses`: left-padded batches, KV cache, greedy, each row stopped once its answer is complete
    (`AnswerStop`: `#### N` or `\\boxed{N}` followed by text),
(b) plain `model.generate`, one problem at a time, greedy, KV cache, stopped by EOS or the token limit only.
Both use the model's chat template and the same `max_new_tokens`. Each mode runs in a fresh process (so that its peak
resident memory is its own); the modes alternate, their order rotated at each repeat, and the median is used. Prints
tokens/s, problems/s, peak memory, the ratio a/b (goal >= 3) and how often the two parse to the same answer:

    flock /tmp/humorft-heavy.lock python benchmarks/sft_generation.py --data path/to/gsm8k [--backbone qwen2.5-0.5b-instruct]
"""
import argparse, json, resource, statistics, subprocess, sys, time
from pathlib import Path

def run_mode(mode: str, a) -> dict:
    "Generate in this process with `mode`; what it measured."
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from humorft.sft.config import SFTOptions, resolve_causal_lm
    from humorft.sft.data import format_prompt
    from humorft.sft.metrics import generate_responses, parse_final_number
    torch.manual_seed(0)
    ref = resolve_causal_lm(a.backbone)
    tok = AutoTokenizer.from_pretrained(ref)
    model = AutoModelForCausalLM.from_pretrained(ref, dtype=torch.float32).eval()
    if tok.pad_token is None: tok.pad_token = tok.eos_token
    records = [json.loads(line) for line in open(Path(a.data)/'test.jsonl')][:a.problems]
    options = SFTOptions(chat_template=True)
    prompts = [format_prompt({'instruction': r['question']}, options, tok) for r in records]
    t0 = time.perf_counter()
    if mode == 'a_humorft_batched':
        texts = generate_responses(model, tok, prompts, a.max_new_tokens, a.batch, False, options.answer_pattern)
    else:
        texts = []
        with torch.no_grad():
            for p in prompts:
                enc = tok(p, add_special_tokens=False, return_tensors='pt')
                ids = model.generate(**enc, max_new_tokens=a.max_new_tokens, do_sample=False, pad_token_id=tok.pad_token_id)
                texts.append(tok.decode(ids[0, enc['input_ids'].shape[1]:], skip_special_tokens=True).strip())
    seconds = time.perf_counter() - t0
    tokens = sum(len(tok(t, add_special_tokens=False)['input_ids']) for t in texts)
    return dict(seconds=seconds, tokens=tokens, answers=[parse_final_number(t) for t in texts],
                peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', required=True, help='the GSM8K folder (test.jsonl)')
    p.add_argument('--backbone', default='smollm2'); p.add_argument('--problems', type=int, default=32)
    p.add_argument('--batch', type=int, default=16); p.add_argument('--max-new-tokens', type=int, default=192)
    p.add_argument('--repeats', type=int, default=2); p.add_argument('--mode', help=argparse.SUPPRESS)
    p.add_argument('--out', default='benchmarks/results/sft_generation')
    a = p.parse_args()
    if a.mode: return print(json.dumps(run_mode(a.mode, a)))
    modes, runs = ['a_humorft_batched', 'b_plain_one_at_a_time'], {}
    for r in range(a.repeats):
        for mode in modes[r % 2:] + modes[:r % 2]:
            child = subprocess.run([sys.executable, __file__, *sys.argv[1:], '--mode', mode], capture_output=True, text=True)
            if child.returncode: sys.exit(f"{mode}: {child.stderr.strip().splitlines()[-1]}")
            runs.setdefault(mode, []).append(json.loads(child.stdout.strip().splitlines()[-1]))
            m = runs[mode][-1]
            print(f"repeat {r + 1}, {mode}: {m['tokens'] / m['seconds']:.1f} tokens/s, peak {m['peak_rss_mib']:,.0f} MiB", flush=True)
    rate = {k: statistics.median(m['tokens'] / m['seconds'] for m in v) for k, v in runs.items()}
    per_problem = {k: statistics.median(a.problems / m['seconds'] for m in v) for k, v in runs.items()}
    peak = {k: max(m['peak_rss_mib'] for m in v) for k, v in runs.items()}
    same = sum(x == y for x, y in zip(runs[modes[0]][0]['answers'], runs[modes[1]][0]['answers']))
    lines = [f"SFT generation, {a.backbone} (float32, chat template), {a.problems} GSM8K test problems, max_new_tokens {a.max_new_tokens}, median of {a.repeats}:"]
    lines += [f"  {k}: {rate[k]:.1f} generated tokens/s, {per_problem[k]:.3f} problems/s, peak memory {peak[k]:,.0f} MiB" for k in modes]
    lines += [f"  a/b = {per_problem[modes[0]] / per_problem[modes[1]]:.2f}x problems/s (goal >= 3), "
              f"{rate[modes[0]] / rate[modes[1]]:.2f}x tokens/s; same parsed answer on {same} of {a.problems} problems"]
    print('\n'.join(lines))
    Path(a.out + '.txt').write_text('\n'.join(lines) + '\n')
    Path(a.out + '.json').write_text(json.dumps({'args': vars(a) | {'data': Path(a.data).name}, 'runs': runs,
                                                 'tokens_per_s': rate, 'problems_per_s': per_problem, 'peak_rss_mib': peak}, indent=1))

if __name__ == '__main__': main()
