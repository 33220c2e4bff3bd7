"""Many rows into one table with the driver's executemany: the fast path for imports of
hundreds of thousands of rows, where building one SQLAlchemy statement per batch costs more
than the database's own work."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from planwatch.errors import DatabaseError, database_reason

# SQLAlchemy's own text form of SQLite dates, so that rows written here read back alike.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
ANALYZE_AFTER = 10_000  # rows copied into PostgreSQL before its statistics are refreshed


def _sqlite_text(value: Any, seen: dict[Any, str]) -> Any:
    """A date or datetime as SQLAlchemy stores it in SQLite (the same few repeat: memoized)."""
    if value not in seen:
        seen[value] = (
            value.strftime(SQLITE_DATETIME) if isinstance(value, datetime) else value.isoformat()
        )
    return seen[value]


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT the rows (dicts with the same keys) in the session's transaction: SQLite by
    executemany, PostgreSQL by COPY (one stream for all rows, no round trip per row)."""
    if not rows:
        return
    names = list(rows[0])
    connection = session.connection()
    cells = operator.itemgetter(*names)
    values: list[Any] = [cells(r) for r in rows] if len(names) > 1 else [(cells(r),) for r in rows]
    quoted = ", ".join(f'"{n}"' for n in names)
    if connection.dialect.name != "sqlite":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        # One COPY of a million rows outlasts the per-statement limit meant for queries
        # (store/engine.py); it is lifted for this transaction only.
        try:
            cursor.execute("SET LOCAL statement_timeout = 0")
            with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
            if len(values) >= ANALYZE_AFTER:
                # The planner still sees the table as it was: reads that follow in this
                # transaction (ids by series) would scan it whole (33 s for 200,000 rows).
                cursor.execute(f'ANALYZE "{table.name}"')
        except Exception as exc:  # the driver's own error types differ by driver
            raise DatabaseError(f"写入 {table.name} 失败：{database_reason(exc)}") from exc
        return
    dated = [i for i, n in enumerate(names) if isinstance(rows[0][n], date)]
    if dated:
        seen: dict[Any, str] = {}
        values = [list(row) for row in values]
        for row in values:
            for i in dated:
                if row[i] is not None:
                    row[i] = _sqlite_text(row[i], seen)
    marks = ", ".join("?" for _ in names)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', values)
