"""make_engine, sessions and the Alembic migrations run from code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.errors import PlanWatchError


class DatabaseError(PlanWatchError):
    """The ledger's database cannot be used: a bad URL or an unreachable server."""


def _configure_sqlite(dbapi_conn: Any, _record: Any) -> None:
    """Foreign keys enforced; WAL journal with NORMAL sync (one fsync per checkpoint, not per
    commit: a crash of the program loses nothing committed, a power cut at most the last ones)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An Engine for an SQLite or PostgreSQL URL; a bad URL is a DatabaseError."""
    try:
        parsed = make_url(url)
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{url}（{exc}）") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("planwatch.store") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the newest schema (from empty, or from any older revision).

    On SQLite a migration rebuilds tables (copy, drop, rename); foreign keys are off meanwhile,
    or dropping ``documents`` would cascade to every item, and checked before the commit.
    """
    from alembic import command

    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            try:
                with conn.begin():
                    command.upgrade(_alembic_config(conn), revision)
                    if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise DatabaseError(f"数据库 {safe_url(engine)} 升级后外键不一致，已回滚")
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                    conn.commit()
    except OperationalError as exc:
        raise DatabaseError(f"无法连接或写入数据库 {safe_url(engine)}：{_reason(exc)}") from exc


def safe_url(engine: Engine) -> str:
    """The engine's URL with any password hidden."""
    return engine.url.render_as_string(hide_password=True)


def _reason(exc: OperationalError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is one transaction: committed on success, rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
