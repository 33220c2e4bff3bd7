"""Settings: where the ledger lives, built by the CLI or the web app and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import PlanWatchError

DEFAULT_DATABASE = "planwatch.db"
ENV_DATABASE_URL = "PLANWATCH_DATABASE_URL"
ENV_TIMEOUT = "PLANWATCH_DB_TIMEOUT"
DEFAULT_TIMEOUT = 10.0  # seconds to connect, to wait for a lock, for one statement


def normalize_database_url(url: str) -> str:
    """A database URL SQLAlchemy understands with our drivers.

    ``postgres://`` and ``postgresql://`` (as Heroku-style hosts hand out) become
    ``postgresql+psycopg://``; a bare file path becomes an SQLite URL.
    """
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


@dataclass(frozen=True, slots=True)
class Settings:
    """Options shared by every use case.

    ``timeout`` (seconds) bounds connecting to the database, waiting for another writer's
    lock and one statement (PLANWATCH_DB_TIMEOUT, 10 by default).
    """

    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", normalize_database_url(self.database_url))

    @classmethod
    def load(cls, db: str | None = None) -> Settings:
        """``--db`` first, then ``PLANWATCH_DATABASE_URL``, then planwatch.db here; the
        timeout from ``PLANWATCH_DB_TIMEOUT``."""
        if db is not None and not db.strip():
            raise PlanWatchError("--db 不能为空：请给出台账地址，如 sqlite:///台账.db")
        url = db or os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{Path(DEFAULT_DATABASE)}"
        return cls(url, _timeout(os.environ.get(ENV_TIMEOUT)))


def _timeout(text: str | None) -> float:
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError as exc:
        raise PlanWatchError(f"{ENV_TIMEOUT} 应为秒数（如 10），实为「{text[:20]}」") from exc
    if not 0 < value <= 3600:
        raise PlanWatchError(f"{ENV_TIMEOUT} 应在 0—3600 秒之间，实为 {value:g}")
    return value
