"""The web app reading and writing under load: ``planwatch serve`` over a province-scale
ledger, 50 concurrent clients on loopback for 60 s — 40 anonymous readers of the dashboard
and the plan reader (published plans), 10 county reporters entering figures for their own
counties through the write API (POST /api/observations, then POST …/submit) — and afterwards
a count: every write the server acknowledged (201, 200) is in the database with its value
and status, and in the audit log under the reporter's name.

    .venv/bin/python benchmarks/bench_web_write.py                  # SQLite (WAL) and PostgreSQL
    .venv/bin/python benchmarks/bench_web_write.py --backend sqlite --seconds 20

The ledger is ``bench_web.py``'s (广西: 150 generated plans, 5,000 targets), with fewer
imported observations by default (100,000); every plan is published. The reporters are
accounts (role reporter) of ten counties with a plan, each with an API token; each writes
monthly figures (1990-01 on) of the rate indicators its county's plan sets targets for.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_web
from bench_web import (
    build_ledger,
    client,
    doc_ids,
    percentile,
    planwatch,
    response,
    serve,
)

READERS, WRITERS = 40, 10


@dataclass
class Tally(bench_web.Tally):
    """The readers' tally, and what the writers were told was written."""

    created: dict[int, tuple[str, float]] = field(default_factory=dict)  # id → (by, value)
    submitted: set[int] = field(default_factory=set)


async def send(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    path: str,
    token: str,
    body: dict[str, str] | None,
) -> tuple[int, bytes]:
    """One POST on a kept-alive connection with a bearer token: status and body."""
    data = json.dumps(body or {}, ensure_ascii=False).encode()
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        + data
    )
    await writer.drain()
    return await response(reader)


def figures(county: str, indicators: list[str], seed: int) -> list[dict[str, str]]:
    """A reporter's figures: each indicator, month by month from 1990-01, a plausible rate."""
    rng = random.Random(seed)
    out = []
    for month in range(12 * 35):
        year, m = divmod(1990 * 12 + month, 12)
        for indicator in indicators:
            value = f"{rng.uniform(60, 90):.1f}"
            period = f"{year}-{m + 1:02d}"
            out.append(
                {
                    "indicator": indicator,
                    "region": county,
                    "period": period,
                    "value": value,
                    "source": "负载测试",
                    "note": "",
                }
            )
    return out


async def timed(
    tally: Tally, kind: str, call: asyncio.Future[tuple[int, bytes]]
) -> tuple[int, bytes]:
    start = time.perf_counter()
    status, body = await call
    tally.times[kind].append(time.perf_counter() - start)
    return status, body


async def write_client(  # noqa: PLR0913 - who writes what, until when, into which tally
    port: int, name: str, token: str, todo: list[dict[str, str]], until: float, tally: Tally
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for figure in todo:
            if time.monotonic() >= until:
                break
            kind = "写 POST /api/observations"
            try:
                status, body = await timed(
                    tally, kind, send(reader, writer, "/api/observations", token, figure)
                )
                if status != 201:
                    tally.errors[kind] += 1
                    tally.samples.append(f"{figure['period']}: {status} {body[:200].decode()}")
                    continue
                obs = json.loads(body)["observation"]
                tally.created[obs["id"]] = (name, float(figure["value"]))
                kind = "写 POST /api/observations/{id}/submit"
                path = f"/api/observations/{obs['id']}/submit"
                status, body = await timed(tally, kind, send(reader, writer, path, token, None))
                if status != 200:
                    tally.errors[kind] += 1
                    tally.samples.append(f"submit {obs['id']}: {status} {body[:200].decode()}")
                    continue
                tally.submitted.add(obs["id"])
            except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration) as exc:
                tally.errors[kind] += 1
                tally.samples.append(f"{figure['period']}: {exc!r}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def reporters(url: str) -> list[tuple[str, str, list[str]]]:
    """Ten counties with a plan: (name, code, the rate indicators of their plans' targets)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT d.org_unit_code, o.name, i.indicator_id FROM items i "
                "JOIN documents d ON d.id = i.document_id "
                "JOIN org_units o ON o.code = d.org_unit_code "
                "WHERE o.level = 'county' AND i.kind = 'target' AND i.task_index IS NULL "
                "AND i.indicator_id IS NOT NULL AND i.unit = '%' ORDER BY d.org_unit_code"
            )
        ).all()
    engine.dispose()
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for code, name, indicator in rows:
        found[(code, name)].add(indicator)
    chosen = sorted(found.items())[:WRITERS]
    return [(name, code, sorted(inds)) for (code, name), inds in chosen]


def add_reporters(url: str, counties: list[tuple[str, str, list[str]]]) -> dict[str, str]:
    tokens = {}
    for name, code, _inds in counties:
        account = f"{name}填报"
        planwatch("user", "add", account, "--role", "reporter", "--org", code, "--db", url)
        tokens[account] = planwatch("user", "token", account, "--db", url).split()[0]
    return tokens


def check_written(url: str, tally: Tally) -> list[str]:
    """Every acknowledged write, looked for in the observations and the audit log."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        stored = {
            obs_id: (by, value, status)
            for obs_id, by, value, status in conn.execute(
                text(
                    "SELECT id, recorded_by, value, status FROM observations "
                    "WHERE source = '负载测试'"
                )
            )
        }
        audit = defaultdict(set)
        for obs_id, action, by in conn.execute(
            text("SELECT observation_id, action, by FROM audit_log WHERE by LIKE '%填报'")
        ):
            audit[obs_id].add((action, by))
    engine.dispose()
    missing = [i for i in tally.created if i not in stored]
    wrong = [
        i
        for i, (by, value) in tally.created.items()
        if i in stored and stored[i][:2] != (by, value)
    ]
    unsubmitted = [i for i in tally.submitted if stored.get(i, ("", 0, ""))[2] != "submitted"]
    no_create = [i for i, (by, _v) in tally.created.items() if ("create", by) not in audit[i]]
    no_submit = [i for i in tally.submitted if ("submit", tally.created[i][0]) not in audit[i]]
    extra = [i for i in stored if i not in tally.created]  # written but never acknowledged
    return [
        f"acknowledged creates {len(tally.created):,}: "
        f"in the database {len(tally.created) - len(missing):,}, "
        f"missing {len(missing)}, value or author differs {len(wrong)}, "
        f"audit 'create' entries missing {len(no_create)}",
        f"acknowledged submits {len(tally.submitted):,}: status submitted in the database "
        f"{len(tally.submitted) - len(unsubmitted):,}, not submitted {len(unsubmitted)}, "
        f"audit 'submit' entries missing {len(no_submit)}",
        f"rows of the reporters not acknowledged to any client: {len(extra)}",
    ]


async def load(
    port: int,
    urls: list[tuple[str, str]],
    writers: list[tuple[str, str, list[dict[str, str]]]],
    seconds: float,
) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(client(port, urls, until, tally, n) for n in range(READERS)),
        *(write_client(port, name, token, todo, until, tally) for name, token, todo in writers),
    )
    return tally


def read_addresses(ids: list[int]) -> list[tuple[str, str]]:
    urls = []
    for doc in ids:
        urls.append(("读 看板 /plans/{id}/status", f"/plans/{doc}/status"))
        urls.append(("读 阅读 /plans/{id}", f"/plans/{doc}"))
    return urls


def run(backend: str, url: str, args: argparse.Namespace) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_ledger(url, Path(tmp), args)
    counties = reporters(url)
    tokens = add_reporters(url, counties)
    writers = [
        (f"{name}填报", tokens[f"{name}填报"], figures(code, inds, n))
        for n, (name, code, inds) in enumerate(counties)
    ]
    process, port = serve(url, args.workers)
    try:
        urls = read_addresses(doc_ids(port))
        slowest = max(asyncio.run(bench_web.warm(port, urls)) for _ in range(args.workers + 1))
        tally = asyncio.run(load(port, urls, writers, args.seconds))
    finally:
        process.terminate()
        process.communicate(timeout=30)
    total = sum(len(v) for v in tally.times.values())
    lines = [
        f"**{backend}**: {bench_web.ledger_counts(url)['plans']} plans, "
        f"(ingest {built['ingest_s']:.0f} s, import {built['import_s']:.0f} s); "
        f"{READERS} readers + {len(writers)} reporters × {args.seconds:.0f} s, "
        f"{args.workers} worker(s): {total:,} requests, {total / args.seconds:.0f} req/s; "
        f"warm-up's slowest first reading {slowest * 1000:.0f} ms",
        "",
        "| request | count | p50 ms | p95 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in sorted(tally.times):
        times = tally.times[kind]
        lines.append(
            f"| {kind} | {len(times):,} | {statistics.median(times) * 1000:.0f} | "
            f"{percentile(times, 0.95) * 1000:.0f} | {max(times) * 1000:.0f} | "
            f"{tally.errors.get(kind, 0)} |"
        )
    lines += ["", *(f"- {line}" for line in check_written(url, tally))]
    if tally.samples:
        lines += ["", "errors, first few: " + "; ".join(tally.samples[:5])]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--targets", type=int, default=5000)
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"```\n$ python benchmarks/bench_web_write.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n```\n")
    bench_web.each_backend(args, run, "SQLite (WAL)")


if __name__ == "__main__":
    main()
