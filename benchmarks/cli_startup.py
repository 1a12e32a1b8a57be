#!/usr/bin/env python3
"""How long `humorft` takes to start: `--help`, the command list, `--version`, and the analysis-only commands on the
committed default run (benchmarks/results/runs/hahackathon), each in a fresh interpreter, best of 3 runs (`--repeats N` to change).
Prints wall-clock and CPU seconds (the CPU time is what a loaded machine does not inflate) and the load average,
and writes results/cli_startup.txt. Target: every line under 2 s on an otherwise idle machine.
`analyze-data` needs the data ($HUMORFT_DATA) and runs with `--tokenizer none` (token lengths load a tokenizer)."""
import os, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = HERE/'results'/'runs'
HUMORFT = [sys.executable, '-c', 'import sys; from humorft.cli.core import main; sys.exit(main())']
# what each analysis command imports before its work starts: the start-up part of its time
STAGES = {'analyze-checkpoints': 'humorft.checkpoints.report', 'report': 'humorft.report.core', 'compare': 'humorft.compare.core', 'analyze-data': 'humorft.eda.core'}

def timed(argv: list, repeats: int = 3, command: list = HUMORFT) -> tuple:
    "Best (wall, cpu) seconds of running `command` (default: `humorft`) with `argv` in a fresh interpreter."
    best = (float('inf'), float('inf'))
    for _ in range(repeats):
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        r = subprocess.run(command + argv, capture_output=True, text=True)
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode != 0: raise SystemExit(f"humorft {' '.join(argv)} failed ({r.returncode}):\n{r.stderr}")
        best = min(best, (wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)))
    return best

def main(repeats: int = 3):
    tmp = Path(tempfile.mkdtemp(prefix='humorft-startup-'))
    shutil.copytree(RUNS/'hahackathon', tmp/'run')
    commands = {'--help': ['--help'], '(no command)': [], '--version': ['--version'],
                'analyze-checkpoints': ['analyze-checkpoints', str(RUNS/'hahackathon'), '--out', str(tmp/'ac')],
                'report': ['report', str(tmp/'run')],
                'compare': ['compare', str(RUNS/'equal-lr5e-5'), str(RUNS/'hahackathon'), '--out', str(tmp/'cmp')]}
    data = os.environ.get('HUMORFT_DATA')
    if data: commands['analyze-data'] = ['analyze-data', '--data', data, '--out', str(tmp/'eda'), '--tokenizer', 'none']
    lines = [f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)",
             f"{'command':<22}{'wall s':>8}{'cpu s':>8}  under 2 s  {'start-up wall / cpu s (parser + the stage imports)'}"]
    for name, argv in commands.items():
        wall, cpu = timed(argv, repeats)
        start = ''
        if name in STAGES:
            sw, sc = timed([], repeats, [sys.executable, '-c', f'from humorft.cli.core import build_parser; build_parser(); import {STAGES[name]}'])
            start = f"{sw:.2f} / {sc:.2f}"
        lines.append(f"{name:<22}{wall:>8.2f}{cpu:>8.2f}  {'yes' if wall < 2 else 'no ':<9}  {start}")
        print(lines[-1], flush=True)
    if not data: lines.append('analyze-data: not timed (set HUMORFT_DATA)')
    lines.append(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    (HERE/'results'/'cli_startup.txt').write_text('\n'.join(lines) + '\n')
    print('\n'.join([lines[0], lines[-1]]))
    shutil.rmtree(tmp)

if __name__ == '__main__': main(int(sys.argv[sys.argv.index('--repeats') + 1]) if '--repeats' in sys.argv else 3)
