"""The plan reader's text: the source cut into plain runs, highlighted items, heading anchors
and tables, for the template to escape and lay out.

Worked example: source ``"一、目标\\n毛入园率达到92%。"`` with a heading at 0 and an item at
[11, 14) gives ``anchor(0)``, ``text("一、目标\\n毛入园率达到")``, ``item("92%", id)``,
``text("。")``. A table of the plan replaces its stretch of text; its cells are cut the same
way, so an item inside a 专栏 is highlighted in its cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.services.web import ItemRecord, ReaderView, SourceTable


@dataclass(slots=True)
class Piece:
    """One run of the reader's text: ``kind`` is text, item, anchor or table."""

    kind: str
    text: str = ""
    record: ItemRecord | None = None
    seq: int | None = None  # the heading's place in the outline (anchor)
    table: TablePiece | None = None


@dataclass(slots=True)
class TablePiece:
    """A table whose cells are runs of text and items."""

    title: str
    header: list[list[str]]
    rows: list[list[list[Piece]]] = field(default_factory=list)


def pieces(view: ReaderView) -> list[Piece]:
    """The plan's source text as runs, its tables in place, its headings anchored."""
    source = view.source
    records = _placeable(view.items, len(source))
    tables = _placeable_tables(view.tables, len(source))
    inside = [r for r in records if any(t.start <= r.item.span.start < t.end for t in tables)]
    loose = [r for r in records if r not in inside]
    marks: list[tuple[int, int, int, Any]] = []
    for seq, section in enumerate(view.outline):
        start = section.span.start if section.span else section.start
        marks.append((start, 0, start, ("anchor", seq)))
    marks += [(t.start, 1, t.end, ("table", t)) for t in tables]
    marks += [(r.item.span.start, 1, r.item.span.end, ("item", r)) for r in loose]
    marks.sort(key=lambda m: (m[0], m[1]))
    out: list[Piece] = []
    pos = 0
    for start, _order, end, (kind, obj) in marks:
        if kind == "anchor":
            if start > pos:
                out.append(Piece("text", source[pos:start]))
                pos = start
            out.append(Piece("anchor", seq=obj))
            continue
        if start < pos:  # overlaps what is already laid out
            continue
        if start > pos:
            out.append(Piece("text", source[pos:start]))
        if kind == "table":
            out.append(Piece("table", table=_table(source, obj, inside)))
        else:
            out.append(Piece("item", source[start:end], record=obj))
        pos = end
    if pos < len(source):
        out.append(Piece("text", source[pos:]))
    return out


def _placeable(records: Iterable[ItemRecord], size: int) -> list[ItemRecord]:
    return [r for r in records if 0 <= r.item.span.start < r.item.span.end <= size]


def _placeable_tables(tables: Sequence[SourceTable], size: int) -> list[SourceTable]:
    """Tables with cells, none overlapping an earlier one."""
    out: list[SourceTable] = []
    for table in sorted(tables, key=lambda t: t.start):
        if not table.rows or not 0 <= table.start < table.end <= size:
            continue
        if out and table.start < out[-1].end:
            continue
        out.append(table)
    return out


def _table(source: str, table: SourceTable, records: Sequence[ItemRecord]) -> TablePiece:
    piece = TablePiece(table.title, table.header)
    for row in table.rows:
        cells = []
        for cell in row:
            if cell.filled or cell.end <= cell.start:
                cells.append([Piece("text", cell.text)])
                continue
            held = [r for r in records if cell.start <= r.item.span.start < cell.end]
            cells.append(_runs(source, cell.start, cell.end, held))
        piece.rows.append(cells)
    return piece


def _runs(source: str, start: int, end: int, records: Sequence[ItemRecord]) -> list[Piece]:
    """The text of [start, end) with the items inside it highlighted."""
    out: list[Piece] = []
    pos = start
    for record in sorted(records, key=lambda r: r.item.span.start):
        span = record.item.span
        if span.start < pos or span.end > end:
            continue
        if span.start > pos:
            out.append(Piece("text", source[pos : span.start]))
        out.append(Piece("item", source[span.start : span.end], record=record))
        pos = span.end
    if pos < end:
        out.append(Piece("text", source[pos:end]))
    return out
