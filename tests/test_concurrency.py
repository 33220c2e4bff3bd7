"""Several processes writing one ledger at once: no failure, nothing lost, nothing twice.

Rule: N `planwatch ingest` processes on overlapping folders, against a new or an existing
ledger, leave exactly the ledger one sequential run leaves (compared table by table, ids and
timestamps aside); SQLite with 4 processes, PostgreSQL with 8.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from helpers import postgres_database
from planwatch.services.extraction import sample_plan

PLANWATCH = [sys.executable, "-m", "planwatch.cli"]
PLAN = sample_plan().read_text(encoding="utf-8")
# Tables compared, each by the columns that do not depend on insertion order.
COMPARED = {
    "documents": "path, sha256, title, doc_number, region, period_start, period_end",
    "items": "(SELECT path FROM documents d WHERE d.id = document_id), seq, text, value, unit",
    "tasks": "(SELECT path FROM documents d WHERE d.id = document_id), seq, label, title",
    "plan_links": "(SELECT path FROM documents d WHERE d.id = document_id), seq, title, "
    "(SELECT path FROM documents d WHERE d.id = target_id)",
    "org_units": "code, name, level, parent_code",
    "indicators": "id, name",
}


def plans(folder: Path, count: int, offset: int = 0) -> Path:
    """``count`` small distinct plans (the sample with its county renamed and figures
    changed), the county named after the plan number."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(offset, offset + count):
        text_ = PLAN.replace("92%", f"{80 + n % 15}%").replace("8所", f"{n % 9 + 2}所")
        (folder / f"方案{n:03d}.txt").write_text(text_, encoding="utf-8")
    return folder


def ingest(url: str, *paths: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PLANWATCH_DATABASE_URL": url}
    return subprocess.Popen(
        [*PLANWATCH, "ingest", *map(str, paths)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_all(procs: list[subprocess.Popen[str]]) -> None:
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for code, out, err in outcomes:
        assert code == 0, (out, err)
        assert "Traceback" not in err and "error ignored" not in err, err


def tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        snapshot = {
            name: sorted(tuple(r) for r in conn.execute(text(f"SELECT {columns} FROM {name}")))
            for name, columns in COMPARED.items()
        }
    engine.dispose()
    return snapshot


def folders(root: Path) -> list[Path]:
    """Four folders whose files overlap: a and b share one folder, c and d another."""
    shared = plans(root / "共享", 6)
    return [shared, plans(root / "甲", 4, 10), shared, plans(root / "乙", 4, 20)]


@pytest.mark.slow
@pytest.mark.parametrize("existing", [False, True], ids=["new-ledger", "existing-ledger"])
def test_four_sqlite_writers_leave_the_ledger_of_one(tmp_path: Path, existing: bool) -> None:
    roots = folders(tmp_path / "plans")
    sequential = f"sqlite:///{tmp_path / 'one.db'}"
    run_all([ingest(sequential, *roots)])
    shared = f"sqlite:///{tmp_path / 'shared.db'}"
    if existing:
        run_all([ingest(shared, plans(tmp_path / "先", 1, 40))])
        run_all([ingest(sequential, tmp_path / "先")])
    run_all([ingest(shared, folder) for folder in roots])
    assert tables(shared) == tables(sequential)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("existing", [False, True], ids=["new-ledger", "existing-ledger"])
def test_eight_postgresql_writers_leave_the_ledger_of_one(tmp_path: Path, existing: bool) -> None:
    roots = folders(tmp_path / "plans") * 2  # eight processes, each folder twice
    sequential_db = postgres_database()
    shared_db = postgres_database()
    sequential, shared = next(sequential_db), next(shared_db)
    try:
        run_all([ingest(sequential, *roots[:4])])
        if existing:
            first = plans(tmp_path / "先", 1, 40)
            run_all([ingest(shared, first)])
            run_all([ingest(sequential, first)])
        run_all([ingest(shared, folder) for folder in roots])
        assert tables(shared) == tables(sequential)
    finally:
        for gen in (sequential_db, shared_db):
            next(gen, None)
