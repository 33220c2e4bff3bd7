"""make_engine, sessions and the Alembic migrations run from code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.errors import DatabaseError, database_reason

BACKENDS = ("sqlite", "postgresql")


def _configure_sqlite(dbapi_conn: Any, _record: Any) -> None:
    """Foreign keys enforced; WAL journal with NORMAL sync (one fsync per checkpoint, not per
    commit: a crash of the program loses nothing committed, a power cut at most the last ones)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An Engine for an SQLite file or a PostgreSQL URL; anything else is a DatabaseError."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{url}（{exc}）") from exc
    shown = parsed.render_as_string(hide_password=True)
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise DatabaseError(
            f"数据库地址无效：{shown}（只支持 SQLite 与 PostgreSQL：sqlite:///文件路径、"
            "postgresql://用户@主机/数据库）"
        )
    if backend == "sqlite" and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    ):
        raise DatabaseError(
            f"数据库地址无效：{shown} 是内存数据库，命令结束即丢失，不能作台账；"
            "请给出文件路径，如 sqlite:///台账.db"
        )
    try:
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{shown}（{exc}）") from exc
    if backend == "sqlite":
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
    from alembic.util.exc import CommandError

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
    except DBAPIError as exc:
        raise DatabaseError(f"无法连接或使用数据库 {safe_url(engine)}：{_reason(exc)}") from exc
    except CommandError as exc:
        raise DatabaseError(
            f"数据库 {safe_url(engine)} 的结构版本不是本程序所知的（{exc}）；"
            "它可能由更新版本的 planwatch 创建，或不是台账数据库"
        ) from exc


def safe_url(engine: Engine) -> str:
    """The engine's URL with any password hidden."""
    return engine.url.render_as_string(hide_password=True)


def _reason(exc: DBAPIError) -> str:
    return database_reason(exc)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is one transaction: committed on success, rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
