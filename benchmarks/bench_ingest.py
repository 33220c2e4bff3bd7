"""Ingest throughput (documents and items per second) and database size per document.

Runs the five seed plans (when ../shared/seeds exists) and a corpus of generated plans
into a fresh SQLite file and a fresh PostgreSQL database (when one answers), and prints
a markdown table.

    .venv/bin/python benchmarks/bench_ingest.py [--count 1000] [--no-postgres]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from planwatch.config import Settings
from planwatch.services import ledger
from planwatch.services.extraction import read_document
from planwatch.store import make_engine
from planwatch.store.models import Base

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REGIONS = ["青山县", "白云县", "临江市", "南岭区", "东川县", "西湖县", "北坡市", "龙泉县"]
INDICATORS = [
    ("学前三年毛入园率", "%", 85, 98),
    ("九年义务教育巩固率", "%", 93, 99),
    ("高中阶段毛入学率", "%", 88, 97),
    ("普惠性幼儿园覆盖率", "%", 80, 95),
    ("公办园在园幼儿占比", "%", 45, 70),
    ("适龄残疾儿童义务教育入学率", "%", 90, 99),
    ("学生体质健康优良率", "%", 40, 65),
    ("义务教育学校办学条件标准化率", "%", 80, 100),
    ("“双师型”教师占比", "%", 40, 60),
    ("多媒体教室比例", "%", 80, 100),
]
TASKS = [
    ("扩大学前教育资源", "新建{a}所公办幼儿园，改扩建{b}所乡镇中心幼儿园，新增学位{c}个。"),
    ("推进义务教育优质均衡", "新建{a}所九年一贯制学校，消除56人以上大班额，新增学位{c}个。"),
    ("加强教师队伍建设", "每年培训教师{c}人次以上，培养{b}名左右骨干教师。"),
    ("提升职业教育水平", "建设{a}个市级示范专业，“双师型”教师占比达到{b}%。"),
    ("推进教育信息化", "建设{a}所智慧校园示范校，多媒体教室比例达到{b}%。"),
    ("加强学校体育卫生", "每所学校每周开设{a}节体育课，建设{b}个校园足球特色学校。"),
]
LEADS = ["县教育局", "县发展改革局", "县财政局", "县人力资源社会保障局", "县住房城乡建设局"]


def synthetic_plan(n: int, rng: random.Random) -> str:
    """One varied county plan: metadata, baselines, targets and tasks with units."""
    region, start = rng.choice(REGIONS), rng.randint(2016, 2025)
    end = start + rng.choice((2, 3, 4))
    title = (
        f"{region}教育高质量发展{['三年行动计划', '实施方案', '规划'][n % 3]}（{start}—{end}年）"
    )
    lines = [
        f"{region}人民政府关于印发{title}的通知",
        "",
        f"{region[:2]}政发〔{start}〕{n}号",
        "",
        title,
        "",
        "为贯彻落实《示范省教育事业发展“十四五”规划》，制定本方案。",
        "",
        "一、发展基础",
        "",
    ]
    picked = rng.sample(INDICATORS, rng.randint(4, len(INDICATORS)))
    lines.append(
        f"{start - 1}年，全县"
        + "，".join(f"{name}{rng.uniform(lo - 5, lo):.1f}{unit}" for name, unit, lo, _hi in picked)
        + "。"
    )
    lines += [
        "",
        "二、主要目标",
        "",
        f"到{end}年，全县"
        + "，".join(
            f"{name}达到{rng.uniform(lo, hi):.1f}{unit}以上" for name, unit, lo, hi in picked
        )
        + "。",
    ]
    lines += ["", "三、主要任务", ""]
    for k, (head, body) in enumerate(rng.sample(TASKS, rng.randint(3, len(TASKS))), start=1):
        lead, *coop = rng.sample(LEADS, 3)
        filled = body.format(a=rng.randint(2, 30), b=rng.randint(5, 90), c=rng.randint(500, 9000))
        lines.append(
            f"{k}．{head}。到{end}年，{filled}（牵头单位：{lead}；配合单位：{'、'.join(coop)}）"
        )
    lines += ["", "四、保障措施", "", "县教育局每年向社会公布实施进展情况。", ""]
    return "\n".join(lines)


def generate(folder: Path, count: int) -> list[Path]:
    rng = random.Random(20240315)
    paths = []
    for n in range(count):
        path = folder / f"plan_{n:04d}.txt"
        path.write_text(synthetic_plan(n, rng), encoding="utf-8")
        paths.append(path)
    return paths


@contextmanager
def sqlite_db(folder: Path) -> Iterator[str]:
    path = folder / f"bench_{uuid.uuid4().hex[:8]}.db"
    yield f"sqlite:///{path}"
    path.unlink(missing_ok=True)


@contextmanager
def postgres_db() -> Iterator[str]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"pw_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def size_bytes(url: str) -> int:
    """Bytes the ledger's tables take (SQLite: the file; PostgreSQL: tables with indexes)."""
    engine = make_engine(url)
    if url.startswith("sqlite"):
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    with engine.connect() as conn:
        total = sum(
            conn.execute(text(f"select pg_total_relation_size('{t}')")).scalar_one()
            for t in Base.metadata.tables
        )
    engine.dispose()
    return int(total)


def run(url: str, paths: list[Path]) -> dict[str, float]:
    settings = Settings(url)
    ledger.ingest_paths(settings, [])  # schema and catalogs, not timed
    empty = size_bytes(url)
    began = time.perf_counter()
    report = ledger.ingest_paths(settings, paths)
    seconds = time.perf_counter() - began
    items = sum(o.items for o in report.outcomes)
    docs = report.count("added")
    began = time.perf_counter()
    again = ledger.ingest_paths(settings, paths)
    unchanged = time.perf_counter() - began
    assert again.count("unchanged") == docs, again.summary()
    return {
        "docs": docs,
        "items": items,
        "seconds": seconds,
        "docs_s": docs / seconds,
        "items_s": items / seconds,
        "kb_doc": (size_bytes(url) - empty) / 1024 / max(docs, 1),
        "reingest_docs_s": docs / unchanged,
    }


def parse_only(paths: list[Path]) -> float:
    began = time.perf_counter()
    for path in paths:
        read_document(path)
    return len(paths) / (time.perf_counter() - began)


def postgres_up() -> bool:
    try:
        with create_engine(PG_ADMIN).connect():
            return True
    except OperationalError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="generated plans")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpora = {}
        if SEEDS.is_dir():
            corpora["5 seeds"] = sorted(SEEDS.glob("*.txt"))
        (folder / "gen").mkdir()
        corpora[f"{args.count} generated"] = generate(folder / "gen", args.count)
        backends = {"SQLite": lambda: sqlite_db(folder)}
        if not args.no_postgres and postgres_up():
            backends["PostgreSQL"] = postgres_db
        print(
            "| corpus | database | documents | items | seconds | documents/s | items/s "
            "| re-ingest documents/s | KiB per document | parse only documents/s |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for corpus, paths in corpora.items():
            parsed = parse_only(paths)
            for backend, make in backends.items():
                with make() as url:
                    r = run(url, paths)
                print(
                    f"| {corpus} | {backend} | {r['docs']:.0f} | {r['items']:.0f} "
                    f"| {r['seconds']:.2f} | {r['docs_s']:.1f} | {r['items_s']:.0f} "
                    f"| {r['reingest_docs_s']:.0f} | {r['kb_doc']:.1f} | {parsed:.1f} |"
                )


if __name__ == "__main__":
    main()
