"""Offset-preserving edits: a text with its map to the source, edited by ranges.

Worked example: text ``"34 号"`` with offsets ``[0, 1, 2, 3, 4]``; the edit
``(2, 3, "")`` (drop the space) gives ``"34号"`` with offsets ``[0, 1, 3, 4]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace text[start:end] by ``repl``; edits applied together never overlap."""

    start: int
    end: int
    repl: str


class Mapped(NamedTuple):
    """A text and its offsets (len(text) + 1 entries) into the source."""

    text: str
    offsets: list[int]


def identity(source: str) -> Mapped:
    """The source mapped to itself."""
    return Mapped(source, list(range(len(source) + 1)))


def _spread(offsets: list[int], start: int, end: int, size: int) -> list[int]:
    """Offsets for a replacement of a different length: char j takes the j-th old offset."""
    if start == end:
        return [offsets[start]] * size
    last = end - 1
    return [offsets[min(start + j, last)] for j in range(size)]


def apply_edits(doc: Mapped, edits: Iterable[Edit]) -> Mapped:
    """Apply sorted, non-overlapping edits, keeping every kept char's offset."""
    text, offsets = doc
    parts: list[str] = []
    new: list[int] = []
    pos = 0
    changed = False
    for start, end, repl in edits:
        changed = True
        parts.append(text[pos:start])
        new += offsets[pos:start]
        if repl:
            parts.append(repl)
            if len(repl) == end - start:
                new += offsets[start:end]
            else:
                new += _spread(offsets, start, end, len(repl))
        pos = end
    if not changed:
        return doc
    parts.append(text[pos:])
    new += offsets[pos:]
    return Mapped("".join(parts), new)


def sub(
    doc: Mapped, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
) -> Mapped:
    """Like ``pattern.sub`` but keeping the offset map (``repl`` is literal or a function)."""
    if isinstance(repl, str):
        fixed = repl
        edits = (Edit(m.start(), m.end(), fixed) for m in pattern.finditer(doc.text))
    else:
        func = repl
        edits = (Edit(m.start(), m.end(), func(m)) for m in pattern.finditer(doc.text))
    return apply_edits(doc, edits)


def translate(doc: Mapped, table: dict[int, str | int | None]) -> Mapped:
    """A one-to-one character translation (the map is unchanged)."""
    return Mapped(doc.text.translate(table), doc.offsets)
