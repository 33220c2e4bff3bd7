"""Settings: where the ledger lives, built by the CLI or the web app and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE = "planwatch.db"
ENV_DATABASE_URL = "PLANWATCH_DATABASE_URL"


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
    """Options shared by every use case."""

    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", normalize_database_url(self.database_url))

    @classmethod
    def load(cls, db: str | None = None) -> Settings:
        """``--db`` first, then ``PLANWATCH_DATABASE_URL``, then planwatch.db here."""
        url = db or os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{Path(DEFAULT_DATABASE)}"
        return cls(url)
