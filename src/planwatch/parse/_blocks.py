"""Finds table blocks (TAB-cell lines, TAB-separated rows, markdown pipes) in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from planwatch.parse._lines import HEADING_RE, SPACE, Heading, Lines, heading_at
from planwatch.records import Cell

_PIPE_SEP_RE = re.compile(r"^[ \u3000]*\|?(?:[ \u3000]*:?-{2,}:?[ \u3000]*\|?)+\s*$")
# Consecutive TAB lines, and one cell of them (TAB, spaces, text up to the next TAB/line end).
_RUN_RE = re.compile(r"\t[^\n]*(?:\n\t[^\n]*)*")
_CELL_SPACE = " \u3000\u00a0"  # stripped from the ends of a TAB cell
# A row of a table drawn in a PDF: three or more cells parted by single spaces (ingest keeps
# these spaces only where at least two cells hold digits).
_SPACED_ROW_RE = re.compile(r"^(?:[^ \t\n|]+ ){2,}[^ \t\n|]+$", re.M)
# Two spaces in one line: only such a line can be a _SPACED_ROW_RE (a fast scan: literal first).
_TWO_SPACES_RE = re.compile(r" [^\n ]*+ ")
_DIGIT_CELL_RE = re.compile(r"(?:^| )[^ \d]*\d")
_MAX_CONTINUATION = 16  # a lone short line after a blank line continues the cell above
_SENTENCE_END = ("。", "；", ";")


@dataclass(slots=True)
class Block:
    """A table as found in the text: rows of cells and, when given, its 专栏 heading."""

    start: int
    end: int
    rows: list[list[Cell]] = field(default_factory=list)
    style: str = "cells"  # cells, tsv, pipe, spaced
    box: Heading | None = None
    header_rows: int = 0  # pipe tables: rows above the --- separator


def find_blocks(lines: Lines) -> list[Block]:
    """All table blocks of the text, in order."""
    blocks: list[Block] = []
    text = lines.text
    pos = 0
    # A TAB or a pipe: the line holding it may start a table (checked by _scan_at). Each is
    # found with str.find (much faster than a regex class), again only once passed.
    tab, pipe = text.find("\t"), text.find("|")
    while tab >= 0 or pipe >= 0:
        found = min(tab, pipe) if tab >= 0 and pipe >= 0 else max(tab, pipe)
        block, nxt = _scan_at(lines, lines.index_at(found))
        if block is not None and block.rows:
            blocks.append(block)
        if nxt >= len(lines.lines):
            break
        pos = lines.starts[nxt]
        if 0 <= tab < pos:
            tab = text.find("\t", pos)
        if 0 <= pipe < pos:
            pipe = text.find("|", pos)
    spaced = [b for b in _spaced_blocks(lines.text) if not _overlaps(b, blocks)]
    stacked = [b for b in _stacked_blocks(lines.text) if not _overlaps(b, blocks + spaced)]
    return sorted(blocks + spaced + stacked, key=lambda b: b.start)


def _spaced_blocks(text: str) -> list[Block]:
    """Tables drawn in a PDF: two or more consecutive rows of space-parted cells."""
    blocks: list[Block] = []
    current: Block | None = None
    for m in _spaced_rows(text):
        if len(_DIGIT_CELL_RE.findall(m.group())) < 2:
            current = None
            continue
        row = _spaced_cells(m.group(), m.start())
        if current is not None and text.count("\n", current.end, m.start()) == 1:
            current.rows.append(row)
            current.end = m.end()
            continue
        current = Block(m.start(), m.end(), [row], style="spaced")
        blocks.append(current)
    return [b for b in blocks if len(b.rows) >= 2]


# A table copied from a web page or Word as plain text, one cell per line and a blank line
# after each row (指标⏎2020年基期值⏎2025年目标值⏎属性⏎⏎学前三年毛入园率（%）⏎93.2⏎95以上⏎预期性):
_PARAGRAPH_RE = re.compile(r"(?:^|(?<=\n\n))(?:[^\n]+\n?)+", re.M)
_STACKED_CELL = 40  # characters a cell line holds at most
_STACKED_ROWS = 3  # data rows of the header's width a stacked table has at least
_STACKED_VALUE_RE = re.compile(r"^[≥≤约]?\d[\d.,，]*(?:%|％|‰)?(?:以上|以下|以内|左右)?$")


def _stacked_blocks(text: str) -> list[Block]:
    """Tables stacked one cell per line: a header paragraph of k ≥ 3 short lines, then
    paragraphs of k cells (or k + 1, a group label first), most of them holding a figure.

    Each paragraph is one row; the run ends at the first paragraph of another shape.
    """
    groups = [(m.start(), m.group().rstrip("\n").split("\n")) for m in _PARAGRAPH_RE.finditer(text)]
    blocks: list[Block] = []
    n = 0
    while n < len(groups):
        block, n = _stacked_at(groups, n)
        if block is not None:
            blocks.append(block)
    return blocks


def _stacked_at(groups: list[tuple[int, list[str]]], n: int) -> tuple[Block | None, int]:
    """The stacked table whose header paragraph is ``groups[n]``, and the next paragraph.

    A row of one cell fewer than the header lacks its first cell, merged with the row above
    in the original (类别 学前教育 over two rows): it gets an empty first cell, filled down
    later; a row of one cell more opens with a group label outside the header's columns.
    """
    start, header = groups[n]
    width = len(header)
    if width < 3 or not _short_lines(header) or any(_value_line(h) for h in header):
        return None, n + 1
    rows = [_line_cells(start, header, header)]
    end = n + 1
    while end < len(groups):
        pos, lines = groups[end]
        if len(lines) - width not in (-1, 0, 1) or not _short_lines(lines):
            break
        if not any(_value_line(line) for line in lines):
            break
        row = _line_cells(pos, lines[-width:], lines)
        if len(lines) < width:
            row.insert(0, Cell("", row[0].start, row[0].start))
        rows.append(row)
        end += 1
    if len(rows) - 1 < _STACKED_ROWS:
        return None, n + 1
    last_pos, last = groups[end - 1]
    block_end = last_pos + sum(len(line) + 1 for line in last) - 1
    return Block(start, block_end, rows, style="stacked"), end


def _short_lines(lines: list[str]) -> bool:
    return all(
        0 < len(line.strip()) <= _STACKED_CELL and not line.rstrip().endswith(_SENTENCE_END)
        for line in lines
    )


def _value_line(line: str) -> bool:
    return _STACKED_VALUE_RE.match(line.strip()) is not None


def _line_cells(pos: int, cells: list[str], lines: list[str]) -> list[Cell]:
    """One cell per line of ``cells``, the last lines of the paragraph ``lines`` at ``pos``."""
    offset = pos + sum(len(line) + 1 for line in lines[: len(lines) - len(cells)])
    out = []
    for line in cells:
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        out.append(Cell(stripped, offset + lead, offset + lead + len(stripped)))
        offset += len(line) + 1
    return out


def _spaced_rows(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SPACED_ROW_RE.finditer(text)``, trying only lines with two spaces.

    Each match is one whole line, so the lines without two spaces, most of them, are
    skipped by one fast scan instead of a match attempt each.
    """
    pos = 0
    while (two := _TWO_SPACES_RE.search(text, pos)) is not None:
        row = _SPACED_ROW_RE.match(text, text.rfind("\n", 0, two.start()) + 1)
        if row is not None:
            yield row
        pos = text.find("\n", two.end())
        if pos < 0:
            return


def _spaced_cells(line: str, pos: int) -> list[Cell]:
    cells, offset = [], pos
    for part in line.split(" "):
        cells.append(Cell(part, offset, offset + len(part)))
        offset += len(part) + 1
    return cells


def _overlaps(block: Block, others: list[Block]) -> bool:
    return any(o.start <= block.start < o.end or block.start <= o.start < block.end for o in others)


@lru_cache(maxsize=4)
def scan_text(text: str) -> tuple[Lines, tuple[Block, ...]]:
    """The lines and table blocks of a text (memoized: outline and tables share them).

    Callers must not mutate the blocks; ``build_table`` copies the rows it changes.
    """
    lines = Lines.of(text)
    return lines, tuple(find_blocks(lines))


def _is_tsv(line: str) -> bool:
    return "\t" in line.strip()


def _scan_at(lines: Lines, i: int) -> tuple[Block | None, int]:
    line = lines.lines[i]
    if line.lstrip(SPACE).startswith("|"):
        return _scan_pipe(lines, i)
    if _is_tsv(line):
        return _scan_tsv(lines, i)
    if line.startswith("\t"):
        return _scan_cells(lines, i)
    return None, i + 1  # a TAB or pipe inside a prose line


def _cells_of(line: str, pos: int, skip_first: bool) -> list[Cell]:
    """The TAB-separated cells of a line starting at ``pos`` (spaces stripped)."""
    if skip_first and line.count("\t") == 1:  # the common case: one cell per line
        stripped = line[1:].strip(SPACE)
        if not stripped:
            return [Cell("", pos + 1, pos + 1)]
        start = pos + line.find(stripped, 1)
        return [Cell(stripped, start, start + len(stripped))]
    cells: list[Cell] = []
    parts = line.split("\t")
    offset = pos
    for k, part in enumerate(parts):
        if not (skip_first and k == 0):
            stripped = part.strip(SPACE)
            lead = len(part) - len(part.lstrip(SPACE))
            start = offset + lead if stripped else offset
            cells.append(Cell(stripped, start, start + len(stripped)))
        offset += len(part) + 1
    return cells


def _box_heading(lines: Lines, i: int) -> tuple[Heading | None, int]:
    """A 专栏 heading on a TAB line (title possibly on the next line) and the next index."""
    m = HEADING_RE.match(lines.text, lines.starts[i])
    if m is None or m.group("box") is None:
        return None, i
    head = heading_at(m)
    nxt = i + 1
    if not head.title and nxt < len(lines.lines):
        candidate = lines.lines[nxt]
        text = candidate.strip(SPACE)
        if text and not candidate.startswith("\t") and not HEADING_RE.match(candidate):
            head.title = text
            head.title_end = lines.starts[nxt] + len(candidate.rstrip(SPACE))
            nxt += 1
    return head, nxt


def _scan_cells(lines: Lines, i: int) -> tuple[Block | None, int]:
    """A Word table flattened to one cell per TAB line; a blank line ends a row."""
    box, i = _box_heading(lines, i)
    texts, starts, n = lines.lines, lines.starts, len(lines.lines)
    while i < n and not texts[i].strip():
        i += 1
    if i >= n or not texts[i].startswith("\t"):
        return None, i
    block = Block(starts[i], starts[i], box=box)
    row: list[Cell] = []
    blanks = 0
    while i < n:
        line = texts[i]
        if line[:1] == "\t":
            count = _run_length(lines, i)
            if count == 0:
                break  # a 专栏 heading starts the next table
            if blanks and row:
                block.rows.append(row)
                row = []
            last = i + count - 1
            row.extend(_run_cells(lines.text, starts[i], starts[last] + len(texts[last])))
            blanks = 0
            i += count
            continue
        elif not line or line.isspace():
            blanks += 1
            if blanks >= 2:
                break
        elif not _continues(line, blanks, row) or (blanks and not _table_goes_on(lines, i)):
            break
        else:
            _append_to_cell(row[-1], line, starts[i])
            blanks = 0
        i += 1
    if row:
        block.rows.append(row)
    block.end = max(c.end for c in block.rows[-1]) if block.rows else block.start
    return block, i


def _run_length(lines: Lines, i: int) -> int:
    """How many TAB lines follow from line ``i`` without a break or a 专栏 heading."""
    run = _RUN_RE.match(lines.text, lines.starts[i])
    count = run.group().count("\n") + 1 if run is not None else 0
    if run is not None and "专栏" in run.group():
        for k in range(count):
            if "专栏" in lines.lines[i + k] and _is_box_line(lines, lines.starts[i + k]):
                return k
    return count


def _run_cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of consecutive TAB lines in ``text[start:end]``, spaces stripped.

    Every line of the run starts with a TAB, so each piece between TABs is one cell,
    followed by a newline when it ends its line.
    """
    cells: list[Cell] = []
    pos = start + 1
    for piece in text[pos:end].split("\t"):
        content = piece.removesuffix("\n")
        body = content.lstrip(_CELL_SPACE)
        cell_start = pos + len(content) - len(body)
        body = body.rstrip(_CELL_SPACE)
        cells.append(Cell(body, cell_start, cell_start + len(body)))
        pos += len(piece) + 1
    return cells


def _is_box_line(lines: Lines, pos: int) -> bool:
    m = HEADING_RE.match(lines.text, pos)
    return m is not None and m.group("box") is not None


def _continues(line: str, blanks: int, row: list[Cell]) -> bool:
    """Whether a plain line inside a table continues the cell above."""
    if not row:
        return False
    m = HEADING_RE.match(line)
    if m is not None:  # only a numbered list item right below a cell stays in it
        return blanks == 0 and m.group("arabic") is not None
    if blanks == 0:
        return True
    text = line.strip(SPACE)
    return blanks == 1 and len(text) <= _MAX_CONTINUATION and not text.endswith(_SENTENCE_END)


def _table_goes_on(lines: Lines, i: int) -> bool:
    """Whether the next non-blank line after line ``i`` is a TAB cell (or there is none)."""
    for line in lines.lines[i + 1 : i + 8]:
        if line.startswith("\t"):
            return True
        text = line.strip(SPACE)
        if text and (len(text) > _MAX_CONTINUATION or HEADING_RE.match(line)):
            return False
    return i + 8 >= len(lines.lines)


def _append_to_cell(cell: Cell, line: str, pos: int) -> None:
    text = line.strip(SPACE + "\t")
    if not text:
        return
    lead = len(line) - len(line.lstrip(SPACE + "\t"))
    sep = "\n" if cell.text.endswith(_SENTENCE_END) else ""
    if not cell.text:
        cell.start = pos + lead
        sep = ""
    cell.text = cell.text + sep + text
    cell.end = pos + lead + len(text)


def _scan_tsv(lines: Lines, i: int) -> tuple[Block | None, int]:
    """Rows of TAB-separated cells, one row per line; blank lines between rows allowed."""
    block = Block(lines.starts[i], lines.starts[i], style="tsv")
    blanks = 0
    while i < len(lines.lines):
        line, pos = lines.lines[i], lines.starts[i]
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                break
        elif _is_tsv(line):
            block.rows.append(_cells_of(line, pos, skip_first=False))
            block.end = pos + len(line.rstrip())
            blanks = 0
        else:
            break
        i += 1
    if len(block.rows) < 2:  # one line with a TAB inside is prose, not a table
        return None, i
    return block, i


def _scan_pipe(lines: Lines, i: int) -> tuple[Block | None, int]:
    """A markdown pipe table; the rows above the ``---`` line are its header."""
    block = Block(lines.starts[i], lines.starts[i], style="pipe")
    while i < len(lines.lines) and lines.lines[i].lstrip(SPACE).startswith("|"):
        line, pos = lines.lines[i], lines.starts[i]
        if _PIPE_SEP_RE.match(line):
            block.header_rows = len(block.rows)
        else:
            block.rows.append(_pipe_cells(line, pos))
        block.end = pos + len(line.rstrip())
        i += 1
    if len(block.rows) < 2:
        return None, i
    return block, i


def _pipe_cells(line: str, pos: int) -> list[Cell]:
    body = line.rstrip()
    first = body.index("|")
    inner_end = len(body) - 1 if body.endswith("|") and len(body) > first + 1 else len(body)
    cells: list[Cell] = []
    offset = pos + first + 1
    for part in body[first + 1 : inner_end].split("|"):
        stripped = part.strip(SPACE)
        lead = len(part) - len(part.lstrip(SPACE))
        start = offset + (lead if stripped else 0)
        cells.append(Cell(stripped, start, start + len(stripped)))
        offset += len(part) + 1
    return cells
