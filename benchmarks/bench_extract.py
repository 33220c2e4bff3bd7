"""Extraction throughput after start-up, on one core: characters of plan text per second.

Reads the five seed plans (../shared/seeds) and a few megabytes of plan text made
from them (each seed repeated with its figures varied, as separate documents, plus
one long document of concatenated seeds), then runs the full pipeline on each —
ingest normalization, parse (metadata, outline, tables, tasks) and extract — and
reports the median of N timed runs in characters per second, and the peak memory.

    .venv/bin/python benchmarks/bench_extract.py [--seeds DIR] [--mb 3] [--runs 5] [--profile]

A hostile text is timed too: "95% " repeated without a full stop, a figure every four
characters (issue 10); its time grows linearly with its length.

Two paths are timed: "memory" runs normalize → parse_document → extract_items on
text already in memory (the extraction itself); "files" runs read_document on files
written to a temporary folder (adds reading, charset detection and decoding).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 2_000_000  # characters per second

Corpus = list[tuple[str, str]]  # (file name, text)


def load_seeds(folder: Path) -> Corpus:
    seeds = sorted(folder.glob("*.txt"))
    if not seeds:
        sys.exit(f"没有找到种子规划：{folder}（请用 --seeds 指定 shared/seeds 文件夹）")
    return [(p.name, p.read_text(encoding="utf-8")) for p in seeds]


def vary(text: str, n: int) -> str:
    """The same plan with every digit shifted by ``n`` (other figures, same language)."""
    table = str.maketrans("0123456789", "".join(str((d + n) % 10) for d in range(10)))
    # keep years plausible: shift only digits outside four-digit years
    parts = re.split(r"((?:19|20)\d\d)", text)
    return "".join(p if i % 2 else p.translate(table) for i, p in enumerate(parts))


def build_corpus(seeds: Corpus, megabytes: float) -> tuple[Corpus, Corpus]:
    """Separate documents of about ``megabytes`` MB, and one long concatenated document."""
    docs: Corpus = []
    size, n = 0, 0
    while size < megabytes * 1_000_000:
        for name, text in seeds:
            varied = vary(text, n % 9 + 1)
            docs.append((f"v{n:03d}_{name}", varied))
            size += len(varied.encode("utf-8"))
        n += 1
    long_text = "\n\n".join(vary(text, i % 9 + 1) for i, (_, text) in enumerate(seeds * 4))
    return docs, [("long.txt", long_text)]


def pipeline_memory(corpus: Corpus) -> int:
    """normalize → parse_document → extract_items on each text; returns the item count."""
    from planwatch.extract import extract_items
    from planwatch.ingest import normalize
    from planwatch.parse import parse_document

    count = 0
    for name, text in corpus:
        src = normalize(name, text, "txt")
        meta, outline, tables, tasks = parse_document(src)
        count += len(extract_items(src, meta, outline, tables, tasks))
    return count


def stage_seconds(corpus: Corpus) -> dict[str, float]:
    """Seconds spent in each stage over the corpus (one pass)."""
    from planwatch.extract import extract_items
    from planwatch.ingest import normalize
    from planwatch.parse import parse_document

    spent = dict.fromkeys(("ingest normalize", "parse", "extract"), 0.0)
    for name, text in corpus:
        t0 = time.perf_counter()
        src = normalize(name, text, "txt")
        t1 = time.perf_counter()
        parsed = parse_document(src)
        t2 = time.perf_counter()
        extract_items(src, *parsed)
        t3 = time.perf_counter()
        spent["ingest normalize"] += t1 - t0
        spent["parse"] += t2 - t1
        spent["extract"] += t3 - t2
    return spent


def pipeline_files(paths: list[Path]) -> int:
    """read_document on each file; returns the item count."""
    from planwatch.services.extraction import read_document

    return sum(len(read_document(p).items) for p in paths)


def timed(func: Callable[[], int], runs: int) -> tuple[float, float, float, int]:
    """Median and best wall time, and median CPU time, of ``runs`` calls after a warm-up.

    CPU time (time.process_time) leaves out the time the virtual machine's CPU is taken by
    others (steal), which makes wall times on a shared host vary by up to 2x.
    """
    result = func()  # warm-up: imports, OpenCC dictionaries, compiled patterns
    times, cpu = [], []
    for _ in range(runs):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), min(times), statistics.median(cpu), result


def peak_traced(func: Callable[[], int]) -> int:
    """Peak bytes allocated by Python during one call (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def profile(func: Callable[[], int], top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    func()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--mb", type=float, default=3.0, help="size of the varied corpus, MB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile the varied corpus")
    args = parser.parse_args()

    pinned = pin_one_core()
    seeds = load_seeds(args.seeds)
    docs, long_doc = build_corpus(seeds, args.mb)
    # Hostile text: 100,000 characters of "95% " (a figure every 4 characters, no 。).
    hostile: Corpus = [("run_on.txt", "95% " * 25_000)]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in docs:
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        rows = []
        cases: list[tuple[str, Corpus, Callable[[], int]]] = [
            ("seeds, memory", seeds, lambda: pipeline_memory(seeds)),
            ("varied corpus, memory", docs, lambda: pipeline_memory(docs)),
            ("varied corpus, files (read_document)", docs, lambda: pipeline_files(paths)),
            ("one long document, memory", long_doc, lambda: pipeline_memory(long_doc)),
            (
                "run-on figures without a full stop (issue 10), memory",
                hostile,
                lambda: pipeline_memory(hostile),
            ),
        ]
        for label, corpus, func in cases:
            chars = sum(len(text) for _, text in corpus)
            seconds, best, cpu, items = timed(func, args.runs)
            peak = peak_traced(func)
            rows.append(
                (label, len(corpus), chars, items, seconds, chars / seconds, best, cpu, peak)
            )
        stages = stage_seconds(docs)
        hot = profile(lambda: pipeline_memory(docs)) if args.profile else ""

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("```")
    print(f"$ {Path(sys.executable).name} benchmarks/bench_extract.py " + " ".join(sys.argv[1:]))
    print("```")
    print(*machine(), f"- one core: {pinned}; median of {args.runs} runs after a warm-up", sep="\n")
    print()
    print(
        "| corpus | docs | chars | items | median s | chars/s (median) | best s "
        "| CPU s (median) | chars/s (CPU) | peak MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, n, chars, items, seconds, rate, best, cpu, peak in rows:
        print(
            f"| {label} | {n} | {chars:,} | {items:,} | {seconds:.3f} | {rate:,.0f} "
            f"| {best:.3f} | {cpu:.3f} | {chars / cpu:,.0f} | {peak / 1e6:.1f} |"
        )
    print()
    print("- peak MB: Python allocations traced by tracemalloc during one pass")
    print(f"- process peak RSS: {rss:.0f} MB; load average before: {os.getloadavg()[0]:.2f}")
    chars = rows[1][2]
    print(
        "- varied corpus by stage: "
        + "; ".join(f"{k} {v:.3f} s ({chars / v / 1e6:.1f} M chars/s)" for k, v in stages.items())
    )
    rate, cpu_rate = rows[1][5], rows[1][2] / rows[1][7]
    verdict = "meets" if rate >= TARGET else "is BELOW"
    print(
        f"- varied corpus: {rate / 1e6:.2f} M chars/s wall time ({cpu_rate / 1e6:.2f} M chars/s "
        f"CPU time) {verdict} the target of 2 M chars/s"
    )
    if hot:
        print("\ncProfile of the varied corpus (memory path), by own time:\n```")
        print(hot.strip())
        print("```")


if __name__ == "__main__":
    main()
