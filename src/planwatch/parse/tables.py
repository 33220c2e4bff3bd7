"""Tables of a plan: Word tables flattened to TAB lines, TAB-separated rows, markdown pipes.

A Word table arrives one cell per TAB line; a blank line ends a row, and a short plain
line right after a cell (or after one blank line) continues that cell, so
``"\\t建设\\n\\n方式"`` is the single header cell 建设方式. Rows broken by a stray blank
line are merged back when together they make one full row. The leading rows of labels
are the header; label columns whose cells are left empty because they repeat the row
above (学段, 县区) are filled down with ``Cell.filled`` set.

A cell's ``start``/``end`` is its span of the normalized text; a continued cell spans its
pieces and its text joins them without the line breaks; a filled cell carries the span
of the cell it copies.
"""

from __future__ import annotations

import re

from planwatch.parse._blocks import Block, scan_text
from planwatch.parse._lines import HEADING_RE, SPACE, Lines, SectionLocator
from planwatch.records import Cell, Section, SourceText, Table

# A cell holding a value rather than a label: 360, 74%, 93%以上, 2021-2022, 1:1以上.
_VALUE_RE = re.compile(
    r"^[≥≤<>约]?[\d.,，%％‰:：/\-—–~～+＋]*\d[\d.,，%％‰:：/\-—–~～+＋]*"
    r"(?:以上|以下|以内|左右|万|亿|个|所|人|元)?$"
)
_CAPTION_MAX = 80


def parse_tables(src: SourceText, outline: list[Section]) -> list[Table]:
    """The tables of ``src.text``, each titled and placed in its outline section."""
    lines, blocks = scan_text(src.text)
    locate = SectionLocator(outline)
    tables: list[Table] = []
    for block in blocks:
        section = locate(block.start)
        title = _title(block, lines, outline, section)
        tables.append(build_table(block, title, section))
    return tables


def build_table(block: Block, title: str, section: int | None) -> Table:
    """A Table from a block: rows merged, header split off, label columns filled down."""
    rows = [list(r) for r in block.rows]  # blocks are shared: copy before filling
    ncols = max(len(r) for r in rows)
    if block.style == "cells":
        rows = _merge_broken_rows(rows, len(rows[0]) if len(rows[0]) > 1 else ncols)
    n_header = block.header_rows if block.style == "pipe" else _count_header_rows(rows)
    header_rows = rows[:n_header]
    body = rows[n_header:]
    width = max((len(r) for r in rows), default=0)
    _fill_down(body, width)
    header = [[c.text for c in r] for r in header_rows]
    if len(header) > 1:
        header.append(_combined_labels(header, width))
    return Table(
        title=title,
        start=block.start,
        end=block.end,
        header=header,
        rows=body,
        section_index=section,
    )


def _merge_broken_rows(rows: list[list[Cell]], ncols: int) -> list[list[Cell]]:
    """Join a short row with the next when together they make exactly one full row."""
    merged: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if 1 < len(row) < ncols and i + 1 < len(rows) and len(row) + len(rows[i + 1]) == ncols:
            row = row + rows[i + 1]
            i += 1
        merged.append(row)
        i += 1
    return merged


def is_value(text: str) -> bool:
    """Whether a cell text is a number-like value (not a label)."""
    return bool(_VALUE_RE.match(text.replace(" ", "")))


def _count_header_rows(rows: list[list[Cell]]) -> int:
    """Leading rows of labels: the first full row, and a second if the first has gaps."""
    if len(rows) < 2:
        return 0
    width = max(len(r) for r in rows)

    def is_label_row(row: list[Cell]) -> bool:
        texts = [c.text for c in row]
        return (
            len(row) == width
            and width > 1
            and sum(1 for t in texts if t) > 1
            and not any(is_value(t) for t in texts)
        )

    if not is_label_row(rows[0]):
        return 0
    if any(not c.text for c in rows[0]) and len(rows) > 2 and is_label_row(rows[1]):
        return 2
    return 1


def _combined_labels(header: list[list[str]], width: int) -> list[str]:
    """One label per column joining the header rows' texts (the last header row)."""
    labels: list[str] = []
    for col in range(width):
        parts: list[str] = []
        for row in header:
            text = row[col] if col < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        labels.append("".join(parts))
    return labels


def _fill_down(body: list[list[Cell]], width: int) -> None:
    """Fill empty cells of the leading label columns from the row above."""
    full = [r for r in body if len(r) == width]
    columns: list[int] = []
    for col in range(width):
        texts = [r[col].text for r in full]
        if all(texts) or any(is_value(t) for t in texts if t):
            break
        columns.append(col)
    if not columns:
        return
    above: dict[int, Cell] = {}
    for row in body:
        if len(row) != width:
            above.clear()  # a section row ("学前教育：") starts afresh
            continue
        for col in columns:
            cell = row[col]
            if cell.text:
                above[col] = cell
            elif col in above:
                src = above[col]
                row[col] = Cell(src.text, src.start, src.end, filled=True)


def _title(block: Block, lines: Lines, outline: list[Section], section: int | None) -> str:
    """The table's title: its 专栏 heading, a caption line right above, or its 附表 heading."""
    if block.box is not None:
        return f"{block.box.label} {block.box.title}".strip()
    sec = outline[section] if section is not None else None
    between = lines.text[sec.title_end : block.start] if sec is not None else "x"
    if sec is not None and sec.kind == "box" and not between.strip():
        return f"{sec.label} {sec.title}".strip()
    caption = _caption_above(lines, block.start)
    if caption:
        return caption
    if sec is not None and sec.kind in ("box", "annex"):
        return f"{sec.label} {sec.title}".strip()
    return ""


def _caption_above(lines: Lines, start: int) -> str:
    """The short plain line right above a table (blank lines skipped), if any."""
    i = lines.index_at(start) - 1
    while i >= 0 and not lines.lines[i].strip():
        i -= 1
    if i < 0:
        return ""
    line = lines.lines[i]
    text = line.strip(SPACE + "\t#*")
    if not text or len(text) > _CAPTION_MAX or "。" in text or line.startswith("\t"):
        return ""
    if HEADING_RE.match(line):
        return ""
    return text
