"""Cold-start wall time of `planwatch extract <one seed> --format jsonl`, and what its imports cost.

    .venv/bin/python benchmarks/bench_startup.py [--seeds DIR] [--runs 10]

Runs the console script as a fresh process ``--runs`` times (median, min, max; the
target is at most 0.5 s) with bytecode caching on, as in an installation, and with
it off; then once under ``python -X importtime``, listing the imports that cost the
most, cumulative and own time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 0.5  # seconds


def planwatch_command() -> list[str]:
    """The installed console script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("planwatch")
    if script.exists():
        return [str(script)]
    found = shutil.which("planwatch")
    return [found] if found else [sys.executable, "-m", "planwatch.cli"]


def environment(*, bytecode: bool) -> dict[str, str]:
    """This environment, with Python allowed (or not) to write and reuse .pyc files."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def wall_times(command: list[str], runs: int, *, bytecode: bool = True) -> list[float]:
    env = environment(bytecode=bytecode)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(
                f"命令失败（退出码 {done.returncode}）：{' '.join(command)}\n{done.stderr.decode()}"
            )
    return times


def import_costs(args: list[str]) -> list[tuple[int, int, int, str]]:
    """(cumulative µs, own µs, depth, module) of every import of one run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "planwatch.cli", *args],
        capture_output=True,
        text=True,
        env=environment(bytecode=True),
        check=False,
    )
    costs = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        depth = (len(name) - len(name.lstrip())) // 2
        costs.append((int(cumulative), int(own), depth, name.strip()))
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    seeds = sorted(args.seeds.glob("*.txt"))
    if not seeds:
        sys.exit(f"没有找到种子规划：{args.seeds}（请用 --seeds 指定 shared/seeds 文件夹）")
    seed = seeds[0]
    extract_args = ["extract", str(seed), "--format", "jsonl"]
    command = [*planwatch_command(), *extract_args]
    help_command = [*planwatch_command(), "--help"]

    load = os.getloadavg()[0]
    wall_times(command, 1)  # writes the .pyc files a user's installation has
    times = wall_times(command, args.runs)
    source_times = wall_times(command, args.runs, bytecode=False)
    help_times = wall_times(help_command, args.runs)
    python_times = wall_times([sys.executable, "-c", "pass"], args.runs)
    costs = import_costs(extract_args)

    print("```")
    print(f"$ {' '.join(command)}   # {args.runs} runs")
    print("```")
    print(
        *machine(),
        f"- load average before: {load:.2f} (others' processes inflate the times)",
        sep="\n",
    )
    print()
    print("| command | median s | min s | max s |")
    print("|---|---:|---:|---:|")
    for label, ts in (
        (f"planwatch extract {seed.name} --format jsonl", times),
        ("same, PYTHONDONTWRITEBYTECODE=1 and no .pyc of src", source_times),
        ("planwatch --help", help_times),
        ("python -c pass (interpreter alone)", python_times),
    ):
        print(f"| {label} | {statistics.median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} |")
    median = statistics.median(times)
    verdict = "meets" if median <= TARGET else "is ABOVE"
    print(f"\n- cold start median {median:.3f} s {verdict} the target of {TARGET} s")

    top_level = sorted((c for c in costs if c[2] <= 2), reverse=True)[: args.top]
    print(f"\n`python -X importtime -m planwatch.cli {' '.join(extract_args)}`")
    total = sum(c[0] for c in costs if c[2] == 0) / 1e3
    print(f"imports (nesting depth ≤ 2) by cumulative time; all top-level: {total:.0f} ms\n")
    print("| module | depth | cumulative ms | own ms |")
    print("|---|---:|---:|---:|")
    for cumulative, own, depth, name in top_level:
        print(f"| {name} | {depth} | {cumulative / 1e3:.1f} | {own / 1e3:.1f} |")
    print("\nimports by own time:\n")
    print("| module | own ms |")
    print("|---|---:|")
    for _, own, _, name in sorted(costs, key=lambda c: -c[1])[: args.top]:
        print(f"| {name} | {own / 1e3:.1f} |")


if __name__ == "__main__":
    main()
