"""Progress reports of a large plan: each format of `planwatch report` for a plan of 500 targets
with five years of observations each (2,500 observations, plus the plan's own baselines).

    .venv/bin/python benchmarks/bench_report.py [--targets 500] [--runs 3]

The plan and its observations are those of tests/test_report_scale.py (``synthetic_plan``,
``synthetic_observations``), ingested and imported into a fresh SQLite file (setup, not
timed). Each format then runs ``--runs`` times in a child process of its own: reading the
report record from the ledger (``services.reports.plan_report``, the same evaluation as
``planwatch status``) and writing the file; the table gives the median wall time, the
child's peak memory (max RSS, the interpreter and its imports included) and the file size.
The aim is under 5 s for each format.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from machine import machine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_report_scale import AS_OF, PLAN_NAME, build_large_ledger  # noqa: E402

FORMATS = ("record", "docx", "html", "xlsx", "md")
CHILD = """
import resource, sys, time
from datetime import date
from pathlib import Path
from planwatch.config import Settings
from planwatch.services import reports
url, plan, day, fmt, out = sys.argv[1:6]
start = time.perf_counter()
record = reports.plan_report(Settings(url), plan, date.fromisoformat(day))
read = time.perf_counter() - start
if fmt != "record":
    from planwatch.present.report import write_report
    write_report(record, fmt, Path(out))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(seconds, read, len(record.rows), len(record.sources), peak)
"""


def child(*args: str) -> list[str]:
    """Run CHILD in a fresh interpreter: its printed words (the last its own peak RSS, MB)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout.split()


def bench(targets: int, runs: int, tmp: Path) -> list[dict[str, object]]:
    settings = build_large_ledger(tmp, targets)
    results = []
    for fmt in FORMATS:
        out = tmp / f"报告.{fmt}"
        times, reads, peaks = [], [], []
        words: list[str] = []
        for _ in range(runs):
            words = child(settings.database_url, PLAN_NAME, AS_OF.isoformat(), fmt, str(out))
            times.append(float(words[0]))
            reads.append(float(words[1]))
            peaks.append(float(words[4]))
        results.append(
            {
                "format": fmt,
                "targets": int(words[2]),
                "observations": int(words[3]),
                "seconds": statistics.median(times),
                "record_s": statistics.median(reads),
                "peak_mb": max(peaks),
                "size_kb": out.stat().st_size / 1024 if fmt != "record" else 0.0,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = bench(args.targets, args.runs, Path(folder))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    first = results[0]
    lines = [
        f"### Reports: {first['targets']} targets, {first['observations']} observations",
        "",
        f"`.venv/bin/python benchmarks/bench_report.py --targets {args.targets} "
        f"--runs {args.runs}` (median of {args.runs} runs, each a fresh process; "
        f"load average {load})",
        "",
        *machine(),
        "",
        "| format | seconds (record + file) | of which reading the record | peak memory | file |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        size = f"{r['size_kb']:.0f} KB" if r["format"] != "record" else "—"
        lines.append(
            f"| {r['format']} | {r['seconds']:.2f} | {r['record_s']:.2f} | "
            f"{r['peak_mb']:.0f} MB | {size} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
