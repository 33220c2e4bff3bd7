"""Tracking at scale: importing a million observation rows, and evaluating ten thousand
targets with five years of observations each.

    .venv/bin/python benchmarks/bench_tracking.py --rows 1000000 --targets 10000

Import: a csv of ``--rows`` rows (real counties × catalog rates × years, every value valid)
imported into a fresh ledger, on SQLite and (when 127.0.0.1:5432 answers) PostgreSQL; the
import runs in a child process, so its wall time, CPU time and peak memory are its own.

Evaluation: generated plans of real regions (benchmarks/bench_analyze.py) ingested until the
ledger holds ``--targets`` targets linked to catalog indicators, five years of observations
imported for each target's indicator and region, then every plan evaluated at once
(``services.tracking.status_views``, as a dashboard of all plans needs) in a child process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from scratch_db import drop_postgres, postgres_url

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

IMPORT = """
import sys, time
from datetime import date
from pathlib import Path
from planwatch.config import Settings
from planwatch.services import tracking
t = time.perf_counter()
[out] = tracking.import_files(Settings(sys.argv[1]), [Path(sys.argv[2])], as_of=date(2025, 6, 30))
assert not out.refused and not out.error, (out.refused[:3], out.error)
print(time.perf_counter() - t, out.saved.added)
"""

EVALUATE = """
import sys, time
from datetime import date
from planwatch.config import Settings
from planwatch.services import tracking
settings = Settings(sys.argv[1])
t = time.perf_counter()
views = tracking.status_views(settings, date(2024, 6, 30))
targets = sum(len(v.rows) for v in views)
observed = sum(1 for v in views for r in v.rows if r.status != "no_data")
print(time.perf_counter() - t, targets, observed)
"""


def child(script: str, *args: str) -> tuple[list[str], float, float]:
    """Run a script in a child process: its printed words, its CPU seconds and its own peak
    MB (read from wait4, so an earlier child's peak does not carry over)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([PYTHON, "-c", script, *args], stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(err.read()[-3000:])
        return out.read().split(), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def planwatch(*args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/planwatch"), *args], check=True, capture_output=True)


def observation_csv(path: Path, rows: int) -> int:
    """Counties × percentage indicators × years, as many rows as asked (each valid)."""
    from planwatch.catalog import catalog_data
    from planwatch.extract.regions import load_divisions

    counties = [u for u in load_divisions() if u.level == "county"]
    rates = [e for e in catalog_data() if e["unit"] == "%"]
    years = range(2005, 2025)
    rng = random.Random(7)
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["指标", "地区", "期间", "数值", "来源", "备注"])
        for county in counties:
            for rate in rates:
                level = rng.uniform(40, 80)
                for year in years:
                    value = round(min(100.0, level + (year - 2005) * rng.uniform(0.2, 1.5)), 2)
                    writer.writerow([rate["name"], county.code, year, value, "统计年报", ""])
                    written += 1
                    if written >= rows:
                        return written
    return written


def bench_import(rows: int, tmp: Path) -> list[dict[str, object]]:
    path = tmp / "observations.csv"
    made = observation_csv(path, rows)
    results = []
    for backend, url in (
        ("SQLite", f"sqlite:///{tmp / 'import.db'}"),
        ("PostgreSQL", postgres_url()),
    ):
        if url is None:
            continue
        planwatch("ingest", str(ROOT / "src/planwatch/data/sample_plan.txt"), "--db", url)
        words, cpu, peak = child(IMPORT, url, str(path))
        seconds, added = float(words[0]), int(words[1])
        results.append(
            {
                "backend": backend,
                "rows": made,
                "added": added,
                "seconds": round(seconds, 1),
                "rows_per_s": round(made / seconds),
                "cpu_s": round(cpu, 1),
                "peak_mb": round(peak),
            }
        )
        if backend == "PostgreSQL":
            drop_postgres(url)
    return results


def bench_evaluate(targets: int, tmp: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_analyze import generate

    folder = tmp / "plans"
    folder.mkdir()
    url = f"sqlite:///{tmp / 'evaluate.db'}"
    count = max(31, targets // 70)  # a generated plan holds about 70 targets
    while True:  # enough generated plans for the targets asked
        for old in folder.glob("*"):
            old.unlink()
        generate(folder, count, min(31, max(1, count // 30)))
        planwatch("ingest", str(folder), "--db", url)
        found = all_targets(url)
        if len(found) >= targets or count >= 3000:
            break
        count = int(count * targets / max(1, len(found))) + 1
    series = tmp / "series.csv"
    rng = random.Random(3)
    with series.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["指标", "地区", "期间", "数值", "来源", "备注", "目标编号"])
        linked = sorted({(r["indicator"], r["region_code"]) for r in found if r["indicator"]})
        for indicator, region in linked:  # five years of each linked indicator and region
            level = rng.uniform(40, 80)
            for year in range(2019, 2024):
                value = round(level + rng.uniform(-1, 3), 2)
                writer.writerow([indicator, region, year, value, "年报", "", ""])
        for row in (r for r in found if not r["indicator"]):  # and of each other target
            for year in range(2019, 2024):
                value = round(row["value"] * rng.uniform(0.1, 0.3), 2)
                writer.writerow(["", row["region_code"], year, value, "年报", "", row["id"]])
    child(IMPORT, url, str(series))
    words, cpu, peak = child(EVALUATE, url)
    return {
        "plans": count,
        "targets": int(words[1]),
        "with_data": int(words[2]),
        "seconds": round(float(words[0]), 2),
        "cpu_s": round(cpu, 1),
        "peak_mb": round(peak),
    }


def all_targets(url: str) -> list[dict[str, object]]:
    """The ledger's targets that have a region (every generated plan's do)."""
    done = subprocess.run(
        [
            str(ROOT / ".venv/bin/planwatch"),
            "targets",
            "--kind",
            "target",
            "--db",
            url,
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [r for r in rows if r["region_code"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--targets", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for row in bench_import(args.rows, Path(tmp)):
            print("import", json.dumps(row, ensure_ascii=False))
        print("evaluate", json.dumps(bench_evaluate(args.targets, Path(tmp)), ensure_ascii=False))


if __name__ == "__main__":
    main()
