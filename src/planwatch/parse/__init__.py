"""parse stage: metadata, outline, tables and tasks read from a SourceText's text."""

from __future__ import annotations

from planwatch.parse.outline import parse_outline
from planwatch.parse.tables import parse_tables

__all__ = ["parse_outline", "parse_tables"]
