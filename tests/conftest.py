"""Shared fixtures: the seed plans and answer keys in ../shared (skipped when absent), and a
ledger database on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import BACKENDS, ledger_database

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared（种子规划与答案）不存在")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared_dir: Path) -> dict[str, Path]:
    """The seed plans by their three-digit prefix: {"000": Path, ...}."""
    return {p.name[:3]: p for p in sorted((shared_dir / "seeds").glob("*.txt"))}


@pytest.fixture(params=BACKENDS)
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty ledger: an SQLite file, and a fresh PostgreSQL database when it answers."""
    yield from ledger_database(request.param, tmp_path)
