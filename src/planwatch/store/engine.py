"""make_engine, sessions and the Alembic migrations run from code."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from planwatch.errors import DatabaseError, database_reason
from planwatch.store.migrations import HEAD, SCHEMA_LOCK

BACKENDS = ("sqlite", "postgresql")


DEFAULT_TIMEOUT = 10.0  # seconds: to connect, to wait for a lock, for one statement

_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()  # every engine made, while it lives


def _sqlite_setup(read_only: bool) -> Any:
    def configure(dbapi_conn: Any, _record: Any) -> None:
        """Foreign keys enforced; WAL journal with NORMAL sync (one fsync per checkpoint, not
        per commit: a crash of the program loses nothing committed, a power cut at most the
        last ones). A read-only ledger is left in the journal mode it has. The driver's own
        transaction handling is off: ``_sqlite_begin`` starts each transaction itself."""
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return configure


def _connect_args(backend: str, timeout: float) -> dict[str, Any]:
    """How long to wait: to connect (PostgreSQL), for a lock (SQLite's busy timeout,
    PostgreSQL's lock_timeout) and for one statement (PostgreSQL)."""
    if backend == "sqlite":
        return {"timeout": timeout}
    ms = int(timeout * 1000)
    return {
        "connect_timeout": max(1, round(timeout)),
        "options": f"-c statement_timeout={ms} -c lock_timeout={ms}",
    }


def make_engine(url: str, timeout: float = DEFAULT_TIMEOUT) -> Engine:
    """An Engine for an SQLite file or a PostgreSQL URL; anything else is a DatabaseError.

    ``timeout`` (seconds) bounds connecting, waiting for a lock and one statement.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{url[:200]}（{exc}）") from exc
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
    read_only = backend == "sqlite" and parsed.query.get("mode") == "ro"
    if read_only and "immutable" not in parsed.query:
        # a read-only copy is read as it is: no lock, no -wal or -shm file beside it
        parsed = parsed.update_query_dict({"immutable": "1"})
    try:
        engine = create_engine(parsed, connect_args=_connect_args(backend, timeout))
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise DatabaseError(f"数据库地址无效：{shown}（{exc}）") from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_setup(read_only))
        event.listen(engine, "begin", _sqlite_begin)
    _ENGINES.add(engine)
    return engine


def connections_open() -> int:
    """The database connections this process holds, in use or kept in an engine's pool (an
    engine of another kind of pool counts as one): a process forked while one is open would
    hold it too, and SQLite's locks are not made for that."""
    return sum(
        e.pool.checkedin() + e.pool.checkedout() if isinstance(e.pool, QueuePool) else 1
        for e in list(_ENGINES)
    )


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN as the connection asks (``sqlite_begin``): DEFERRED for reading; IMMEDIATE for
    a transaction that will write, so that writers queue for the lock from their first
    statement (waiting up to the busy timeout) instead of failing when a read must turn into
    a write; EXCLUSIVE for a migration."""
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("planwatch.store") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def schema_revision(conn: Connection) -> str | None:
    """The revision the database's schema is at (None: no ledger schema yet)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(found) if found is not None else None


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the database to the newest schema (from empty, or from any older revision).

    A ledger already at the newest revision is left as it is, without loading Alembic.
    Otherwise one process migrates at a time: an exclusive transaction on SQLite, a
    transaction-level advisory lock on PostgreSQL; a process that waited finds the schema
    done and changes nothing. On SQLite a migration rebuilds tables (copy, drop, rename);
    foreign keys are off meanwhile, or dropping ``documents`` would cascade to every item,
    and checked before the commit.
    """
    try:
        with engine.connect() as conn:
            if revision == "head" and schema_revision(conn) == HEAD:
                return
            conn.rollback()
            _migrate(engine, conn, revision)
    except DBAPIError as exc:
        raise DatabaseError(f"无法连接或使用数据库 {safe_url(engine)}：{_reason(exc)}") from exc


def _migrate(engine: Engine, conn: Connection, revision: str) -> None:
    from alembic import command
    from alembic.util.exc import CommandError

    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # a PRAGMA outside any transaction (inside one it is ignored)
        _pragma(conn, "PRAGMA foreign_keys=OFF")
        conn.execution_options(sqlite_begin="EXCLUSIVE")  # other processes wait (busy timeout)
    try:
        with conn.begin():
            if not sqlite:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            if revision != "head" or schema_revision(conn) != HEAD:
                command.upgrade(_alembic_config(conn), revision)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise DatabaseError(f"数据库 {safe_url(engine)} 升级后外键不一致，已回滚")
    except CommandError as exc:
        raise DatabaseError(
            f"数据库 {safe_url(engine)} 的结构版本不是本程序所知的（{exc}）；"
            "它可能由更新版本的 planwatch 创建，或不是台账数据库"
        ) from exc
    finally:
        if sqlite:
            _pragma(conn, "PRAGMA foreign_keys=ON")


def _pragma(conn: Connection, statement: str) -> None:
    """A PRAGMA run by the driver itself, outside SQLAlchemy's transaction."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute(statement)


# Rows of each index ANALYZE samples: enough for the planner to tell a column of two values
# (items.kind) from one of many (items.document_id), in milliseconds at any size.
ANALYSIS_LIMIT = 400


def refresh_statistics(engine: Engine) -> None:
    """Tell SQLite's query planner what the ledger's tables hold (ANALYZE, sampled). Without
    it SQLite may choose the index of a column of two values over the one that narrows a query
    to a few rows, and read 200,000 items to find five. PostgreSQL keeps its own statistics."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        _pragma(conn, f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        _pragma(conn, "ANALYZE")


def safe_url(engine: Engine) -> str:
    """The engine's URL with any password hidden."""
    return engine.url.render_as_string(hide_password=True)


def _reason(exc: DBAPIError) -> str:
    return database_reason(exc)


@contextmanager
def session_scope(engine: Engine, write: bool = False) -> Iterator[Session]:
    """A session whose work is one transaction: committed on success, rolled back on error.

    A session that will ``write`` takes SQLite's write lock at once (BEGIN IMMEDIATE)."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
    factory = sessionmaker(bind, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session
