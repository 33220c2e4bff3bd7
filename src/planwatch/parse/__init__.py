"""parse stage: metadata, outline, tables and tasks read from a SourceText's text.

All offsets in the records are offsets into ``src.text`` (the normalized text);
``src.to_source(start, end)`` maps them back to the source.
"""

from __future__ import annotations

from planwatch.parse.meta import parse_meta
from planwatch.parse.outline import parse_outline
from planwatch.parse.tables import parse_tables
from planwatch.parse.tasks import parse_tasks, split_units
from planwatch.records import Metadata, Section, SourceText, Table, Task

__all__ = [
    "parse_document",
    "parse_meta",
    "parse_outline",
    "parse_tables",
    "parse_tasks",
    "split_units",
]


def parse_document(src: SourceText) -> tuple[Metadata, list[Section], list[Table], list[Task]]:
    """Metadata, outline, tables and tasks of one plan (the outline is read once)."""
    outline = parse_outline(src)
    tables = parse_tables(src, outline)
    meta = parse_meta(src, outline)
    tasks = parse_tasks(src, outline, tables)
    return meta, outline, tables, tasks
