"""Test helpers shared by the test files: grounding, and the ledger databases of both
backends (a temp SQLite file; a fresh PostgreSQL database when 127.0.0.1:5432 answers)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from planwatch.records import Item, SourceText


def assert_grounded(src: SourceText, items: Iterable[Item]) -> None:
    """Every item's text is exactly the source characters at its span."""
    for item in items:
        assert src.source[item.span.start : item.span.end] == item.text, item


PG_ADMIN_URL = os.environ.get(
    "PLANWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_database() -> Iterator[str]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL 不可用（{PG_ADMIN_URL}）：{str(exc.orig).strip()[:120]}")
    name = f"pw_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def ledger_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty ledger database: an SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
    else:
        yield from postgres_database()
