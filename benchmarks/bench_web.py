"""The web app under load: a province-scale ledger served by ``planwatch serve``, read by 50
concurrent clients on loopback for 60 s (the dashboard, the plan reader and the API).

    .venv/bin/python benchmarks/bench_web.py                       # SQLite and PostgreSQL
    .venv/bin/python benchmarks/bench_web.py --backend sqlite --seconds 20

The ledger: 广西 (the province, its 14 cities and 110 of its 111 counties) with 150
generated plans, one per region and 25 more (三年行动计划 beside a 十四五 plan), 5,000
targets linked to catalog indicators, and 500,000 observations (each region × each rate
indicator × months) imported through ``planwatch import``. The clients are asyncio
connections speaking HTTP/1.1 with keep-alive, each sending its next request as soon as the
last is answered; a third of the requests read a dashboard (/plans/{id}/status), a third a
reader (/plans/{id}), a third the API (/api/status, /api/documents/{id}/items,
/api/documents). A warm-up first reads every address (once per worker, and once more: the
first reading of a plan builds its views and page, later ones are served from them until
the ledger changes); its slowest reading is reported too.

Prints a markdown table: requests, p50, p95 and max per page, errors (any status but 200, or a
failed connection), on each backend.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scratch_db import drop_postgres, postgres_url

ROOT = Path(__file__).resolve().parents[1]
PLANWATCH = str(ROOT / ".venv/bin/planwatch")
PROVINCE = "450000000000"  # 广西壮族自治区: 14 cities, 111 counties
SEED = 15
AS_OF = "2026-12-01"
CHUNK = 100_000  # rows per observation file
COUNTS = [  # what a plan's tasks promise in numbers (unit, low, high)
    ("新建公办幼儿园{n}所", 2, 40),
    ("改扩建乡镇中心幼儿园{n}所", 2, 30),
    ("新增公办学位{n}个", 500, 20000),
    ("新建义务教育学校{n}所", 1, 20),
    ("新增义务教育学位{n}个", 500, 30000),
    ("改造薄弱学校{n}所", 5, 80),
    ("新建普通高中{n}所", 1, 6),
    ("培养骨干教师{n}名", 50, 2000),
    ("建设名师工作室{n}个", 5, 60),
    ("建设智慧校园示范校{n}所", 5, 50),
    ("建设劳动教育实践基地{n}个", 2, 30),
    ("组建教育集团{n}个", 2, 30),
    ("建设心理健康教育示范校{n}所", 2, 40),
    ("新建学生食堂{n}个", 3, 50),
]


# --- the ledger ----------------------------------------------------------------------------


def regions() -> list[tuple[str, str, str]]:
    """(code, name, level) of 广西, its cities and those of its counties whose name a plan's
    metadata resolves to them (柳州市城中区 is left out: its plan would have no region, and
    ``planwatch status`` then reads every region's observations of its indicators)."""
    from planwatch.extract.regions import load_divisions, resolve_region

    units = [u for u in load_divisions() if u.code[:2] == PROVINCE[:2] and u.level != "body"]
    out = []
    for unit in units:
        found = resolve_region(unit.name)
        if found is not None and found.code == unit.code:
            out.append((unit.code, unit.name, unit.level))
    return out


def rate_indicators() -> list[dict[str, str]]:
    from planwatch.catalog import catalog_data

    return [
        {"id": e["id"], "name": e["name"], "direction": e["direction"]}
        for e in catalog_data()
        if e["unit"] == "%" and e["direction"] in ("higher", "lower")
    ]


def plan_text(name: str, level: str, n: int, rng: random.Random, targets: int) -> str:
    """A plan of ``targets`` targets: rates (with their 2024 baselines) and counts."""
    scope = {"province": "全区", "city": "全市", "county": "全县"}[level]
    body = "县" if level == "county" else "市" if level == "city" else "自治区"
    kind = "教育事业发展“十四五”规划" if n % 2 == 0 else "基础教育提质三年行动计划"
    title = f"{name}{kind}（2025—2027年）"
    rates = rate_indicators()
    rng.shuffle(rates)
    n_rates = min(len(rates), targets * 2 // 3)
    chosen = rates[:n_rates]
    base, goal = [], []
    for ind in chosen:
        b = (
            round(rng.uniform(55, 92), 1)
            if ind["direction"] == "higher"
            else round(rng.uniform(3, 12), 1)
        )
        g = (
            round(min(99.5, b + rng.uniform(1, 6)), 1)
            if ind["direction"] == "higher"
            else round(max(0.5, b - rng.uniform(0.5, 2)), 1)
        )
        base.append(f"{ind['name']}为{b}%")
        verb = "达到{}%以上" if ind["direction"] == "higher" else "控制在{}%以内"
        goal.append(f"{ind['name']}{verb.format(g)}")
    counts = COUNTS[: targets - n_rates]
    tasks = []
    for k, (phrase, low, high) in enumerate(counts, start=1):
        promise = phrase.format(n=rng.randint(low, high))
        tasks.append(
            f"{k}．推进第{k}项重点工作。到2027年，{scope}{promise}。"
            f"（牵头单位：{body}教育局；配合单位：{body}财政局、{body}发展改革委）"
        )
    return (
        "\n\n".join(
            [
                f"{name}人民政府办公室关于印发{title}的通知",
                f"桂教规〔2025〕{n + 1}号",
                f"{name}人民政府办公室\n2025年3月{(n % 27) + 1}日",
                title,
                "（规划监测负载测试生成的规划，内容虚构。）",
                "一、发展基础",
                f"2024年，{scope}" + "，".join(base) + "。",
                "二、主要目标",
                f"到2027年，{scope}" + "，".join(goal) + "。",
                "三、主要任务",
                *tasks,
                "四、保障措施",
                f"{body}教育局每年向社会公布实施进展情况。",
            ]
        )
        + "\n"
    )


def write_plans(folder: Path, plans: int, targets: int) -> list[tuple[str, str]]:
    """``plans`` plan files of 广西's regions holding ``targets`` targets in all; returns the
    (code, name) of each region with a plan."""
    rng = random.Random(SEED)
    places = regions()
    chosen = [places[n % len(places)] for n in range(plans)]
    per_plan = [targets // plans + (1 if n < targets % plans else 0) for n in range(plans)]
    for n, ((_code, name, level), count) in enumerate(zip(chosen, per_plan, strict=True)):
        (folder / f"{n:03d}_{name}.txt").write_text(plan_text(name, level, n, rng, count), "utf-8")
    return sorted({(code, name) for code, name, _level in chosen})


def write_observations(folder: Path, places: list[tuple[str, str]], total: int) -> list[Path]:
    """Monthly values of every rate indicator in every region, as many rows as asked, in
    files of CHUNK rows (``planwatch import`` reads files of up to 16 MB)."""
    rng = random.Random(SEED)
    rates = rate_indicators()
    months = -(-total // (len(places) * len(rates)))
    first = 2026 * 12 + 10 - (months - 1)  # the last month is 2026-11
    rows = []
    for code, _name in places:
        for ind in rates:
            level = rng.uniform(50, 90) if ind["direction"] == "higher" else rng.uniform(3, 12)
            step = rng.uniform(-0.02, 0.08) * (1 if ind["direction"] == "higher" else -0.2)
            for m in range(months):
                year, month = divmod(first + m, 12)
                value = round(min(99.9, max(0.1, level + step * m + rng.uniform(-0.3, 0.3))), 2)
                rows.append([ind["id"], code, f"{year}-{month + 1:02d}", value, "月报", ""])
    rows = rows[:total]
    paths = []
    for n in range(0, len(rows), CHUNK):
        path = folder / f"observations_{n // CHUNK:02d}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["指标", "地区", "期间", "数值", "来源", "备注"])
            writer.writerows(rows[n : n + CHUNK])
        paths.append(path)
    return paths


def planwatch(*args: str) -> str:
    done = subprocess.run([PLANWATCH, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"planwatch {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout + done.stderr


def build_ledger(url: str, folder: Path, args: argparse.Namespace) -> dict[str, float]:
    plans = folder / "plans"
    plans.mkdir()
    places = write_plans(plans, args.plans, args.targets)
    t = time.perf_counter()
    planwatch("ingest", str(plans), "--db", url)
    ingest_s = time.perf_counter() - t
    planwatch("publish", "--all", "--db", url)  # read by anonymous clients
    files = write_observations(folder, places, args.observations)
    t = time.perf_counter()
    planwatch("import", *map(str, files), "--db", url, "--as-of", AS_OF, "--as", "负载测试")
    import_s = time.perf_counter() - t
    return {"ingest_s": ingest_s, "import_s": import_s}


# --- the load -----------------------------------------------------------------------------


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a kept-alive connection: the status (the body is read and dropped)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    status, _ = await response(reader)
    return status


async def response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """The status and body of the next response on a connection (sized by Content-Length)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        int(v)
        for k, _, v in (h.partition(": ") for h in lines[1:])
        if k.lower() == "content-length"
    )
    return status, await reader.readexactly(length)


async def client(
    port: int, urls: list[tuple[str, str]], until: float, tally: Tally, seed: int
) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < until:
            kind, path = rng.choice(urls)
            start = time.perf_counter()
            try:
                status = await fetch(reader, writer, path)
            except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as exc:
                tally.errors[kind] += 1
                tally.samples.append(f"{path}: {exc!r}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            tally.times[kind].append(time.perf_counter() - start)
            if status != 200:
                tally.errors[kind] += 1
                tally.samples.append(f"{path}: {status}")
    finally:
        writer.close()


def addresses(doc_ids: list[int]) -> list[tuple[str, str]]:
    """A third dashboards, a third readers, a third the API."""
    urls = []
    for doc in doc_ids:
        urls += [("看板 /plans/{id}/status", f"/plans/{doc}/status")] * 3
        urls += [("阅读 /plans/{id}", f"/plans/{doc}")] * 3
        urls.append(("接口 /api/status?plan={id}", f"/api/status?plan={doc}"))
        urls.append(("接口 /api/documents/{id}/items", f"/api/documents/{doc}/items"))
        urls.append(("接口 /api/documents", "/api/documents?per_page=50"))
    return urls


async def load(port: int, urls: list[tuple[str, str]], clients: int, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(port, urls, until, tally, n) for n in range(clients)))
    return tally


async def warm(port: int, urls: list[tuple[str, str]]) -> float:
    """Every address read once, four at a time; the slowest reading."""
    slowest = 0.0
    unique = sorted(set(urls))
    queue = list(unique)

    async def worker() -> None:
        nonlocal slowest
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            _kind, path = queue.pop()
            start = time.perf_counter()
            status = await fetch(reader, writer, path)
            if status != 200:
                raise SystemExit(f"warm-up: {path} answered {status}")
            slowest = max(slowest, time.perf_counter() - start)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(4)))
    return slowest


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(url: str, workers: int) -> tuple[subprocess.Popen[str], int]:
    import urllib.request

    port = free_port()
    process = subprocess.Popen(
        [PLANWATCH, "serve", "--port", str(port), "--db", url, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"planwatch serve died: {process.communicate()[1]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("planwatch serve did not answer in 60 s")


def doc_ids(port: int) -> list[int]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents?per_page=500") as r:
        return [row["id"] for row in json.load(r)["rows"]]


def ledger_counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            "plans": conn.execute(text("SELECT count(*) FROM documents")).scalar_one(),
            "targets": conn.execute(
                text("SELECT count(*) FROM items WHERE kind = 'target'")
            ).scalar_one(),
            "observations": conn.execute(text("SELECT count(*) FROM observations")).scalar_one(),
            "regions": conn.execute(
                text("SELECT count(DISTINCT org_unit_code) FROM documents")
            ).scalar_one(),
        }
    engine.dispose()
    return counts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(backend: str, url: str, args: argparse.Namespace) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_ledger(url, Path(tmp), args)
    counts = ledger_counts(url)
    process, port = serve(url, args.workers)
    try:
        urls = addresses(doc_ids(port))
        slowest = max(asyncio.run(warm(port, urls)) for _ in range(args.workers + 1))
        tally = asyncio.run(load(port, urls, args.clients, args.seconds))
    finally:
        process.terminate()
        process.communicate(timeout=30)
    total = sum(len(v) for v in tally.times.values())
    lines = [
        f"**{backend}**: {counts['plans']} plans of {counts['regions']} regions, "
        f"{counts['targets']:,} targets, {counts['observations']:,} observations "
        f"(ingest {built['ingest_s']:.0f} s, import {built['import_s']:.0f} s); "
        f"{args.clients} clients × {args.seconds:.0f} s, {args.workers} worker(s): "
        f"{total:,} requests, {total / args.seconds:.0f} req/s; warm-up's slowest first "
        f"reading {slowest * 1000:.0f} ms",
        "",
        "| page | requests | p50 ms | p95 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in sorted(tally.times):
        times = tally.times[kind]
        lines.append(
            f"| {kind} | {len(times):,} | {statistics.median(times) * 1000:.0f} | "
            f"{percentile(times, 0.95) * 1000:.0f} | {max(times) * 1000:.0f} | "
            f"{tally.errors.get(kind, 0)} |"
        )
    every = [t for v in tally.times.values() for t in v]
    lines.append(
        f"| all | {len(every):,} | {statistics.median(every) * 1000:.0f} | "
        f"{percentile(every, 0.95) * 1000:.0f} | {max(every) * 1000:.0f} | "
        f"{sum(tally.errors.values())} |"
    )
    if tally.samples:
        lines.append("")
        lines.append("errors, first few: " + "; ".join(tally.samples[:5]))
    return lines


def each_backend(
    args: argparse.Namespace, run: Callable[[str, str, argparse.Namespace], list[str]], sqlite: str
) -> None:
    """``run`` on a fresh SQLite ledger, then on a scratch PostgreSQL database (dropped after),
    as ``--backend`` asks; each run's lines printed as they come."""
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            print("\n".join(run(sqlite, f"sqlite:///{Path(tmp) / 'web.db'}", args)), "\n")
    if args.backend in ("postgres", "both"):
        url = postgres_url("pw_bench_web")
        if url is None:
            print("PostgreSQL: 127.0.0.1:5432 does not answer; left out.")
            return
        try:
            print("\n".join(run("PostgreSQL", url, args)))
        finally:
            drop_postgres(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--targets", type=int, default=5000)
    parser.add_argument("--observations", type=int, default=500_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"```\n$ python benchmarks/bench_web.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n```\n")
    each_backend(args, run, "SQLite")


if __name__ == "__main__":
    main()
