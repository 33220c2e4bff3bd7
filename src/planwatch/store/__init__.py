"""store stage: the ledger's tables, make_engine and migrations; never a parser."""

from __future__ import annotations

from planwatch.store.engine import make_engine, upgrade_schema

__all__ = ["make_engine", "upgrade_schema"]
