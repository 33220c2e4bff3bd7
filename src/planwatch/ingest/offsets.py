"""Offset-preserving edits: a text with a piecewise map to the source, edited by ranges.

The map is kept as segments and turned into the per-character ``offsets`` list once, at
the end, so that a pass that changes little costs little. Worked example: text
``"34 号"`` (segments: one run from source 0) with the edit ``(2, 3, "")`` gives
``"34号"`` with segments starting at text 0 (source 0) and text 2 (source 3), that is
offsets ``[0, 1, 3, 4]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Edit(NamedTuple):
    """Replace text[start:end] by ``repl``; edits applied together never overlap."""

    start: int
    end: int
    repl: str


class Mapped(NamedTuple):
    """A text and its map to the source, as segments.

    Segment k starts at text position ``starts[k]``; its chars map to ``srcs[k] + j`` when
    ``steps[k]`` is 1, or all to ``srcs[k]`` when it is 0 (inserted or widened text).
    ``end`` is the source offset of the end of the text.
    """

    text: str
    starts: list[int]
    srcs: list[int]
    steps: list[int]
    end: int


def identity(source: str) -> Mapped:
    """The source mapped to itself."""
    return Mapped(source, [0], [0], [1], len(source))


def from_pieces(pieces: list[tuple[str, int, int]], end: int) -> Mapped:
    """A mapped text from (text, source offset, step) pieces laid end to end."""
    builder = _Builder()
    at = 0
    for text, src, step in pieces:
        if text:
            builder.add(at, src, step)
            at += len(text)
    return Mapped("".join(p[0] for p in pieces), builder.starts, builder.srcs, builder.steps, end)


def offset_at(doc: Mapped, pos: int) -> int:
    """The source offset of text position ``pos`` (``doc.end`` at the end)."""
    if pos >= len(doc.text):
        return doc.end
    k = bisect_right(doc.starts, pos) - 1
    return doc.srcs[k] + (pos - doc.starts[k]) * doc.steps[k]


def offsets_of(doc: Mapped) -> list[int]:
    """The per-character offsets (len(text) + 1 entries, the last one ``doc.end``)."""
    offsets: list[int] = []
    bounds = [*doc.starts[1:], len(doc.text)] if doc.starts else []
    for start, stop, src, step in zip(doc.starts, bounds, doc.srcs, doc.steps, strict=True):
        if step:
            offsets += range(src, src + stop - start)
        else:
            offsets += [src] * (stop - start)
    offsets.append(doc.end)
    return offsets


class _Builder:
    """Accumulates segments, merging a segment that continues the previous one."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.srcs: list[int] = []
        self.steps: list[int] = []

    def add(self, at: int, src: int, step: int) -> None:
        starts = self.starts
        if starts:
            if starts[-1] == at:  # the previous segment turned out empty
                del starts[-1], self.srcs[-1], self.steps[-1]
            elif step == self.steps[-1] and src == self.srcs[-1] + (at - starts[-1]) * step:
                return
        starts.append(at)
        self.srcs.append(src)
        self.steps.append(step)


class _Copier:
    """Copies the map of ranges of an old text, left to right, into a builder."""

    def __init__(self, doc: Mapped, builder: _Builder) -> None:
        self.doc = doc
        self.builder = builder
        self.stops = [*doc.starts[1:], len(doc.text)]  # where each old segment ends
        self.k = 0  # the old segment of the last copy's start (copies go left to right)
        self.at = 0  # the end of the new text so far

    def copy(self, a: int, b: int) -> None:
        """Copy the map of old text [a, b) to the end of the new text."""
        if a >= b:
            return
        starts, srcs, steps = self.doc.starts, self.doc.srcs, self.doc.steps
        k = self.k = bisect_right(starts, a, self.k) - 1
        if b <= self.stops[k]:  # the common case: inside one old segment
            self.builder.add(self.at, srcs[k] + (a - starts[k]) * steps[k], steps[k])
            self.at += b - a
            return
        count = len(starts)
        while a < b:
            self.builder.add(self.at, srcs[k] + (a - starts[k]) * steps[k], steps[k])
            stop = starts[k + 1] if k + 1 < count else len(self.doc.text)
            take = min(b, stop) - a
            self.at += take
            a += take
            k += 1

    def insert(self, src: int, length: int) -> None:
        """Map ``length`` new characters all to source offset ``src``."""
        self.builder.add(self.at, src, 0)
        self.at += length


def apply_edits(doc: Mapped, edits: Iterable[tuple[int, int, str]]) -> Mapped:
    """Apply sorted, non-overlapping edits; a longer replacement's extra chars map to its last."""
    text = doc.text
    builder = _Builder()
    copier = _Copier(doc, builder)
    parts: list[str] = []
    pos = 0
    for start, end, repl in edits:
        parts.append(text[pos:start])
        copier.copy(pos, start)
        if repl:
            parts.append(repl)
            copier.copy(start, start + min(len(repl), end - start))
            extra = len(repl) - (end - start)
            if extra > 0:
                copier.insert(offset_at(doc, end - 1 if end > start else start), extra)
        pos = end
    if not parts:
        return doc
    parts.append(text[pos:])
    copier.copy(pos, len(text))
    return Mapped("".join(parts), builder.starts, builder.srcs, builder.steps, doc.end)


def sub(
    doc: Mapped, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
) -> Mapped:
    """Like ``pattern.sub`` but keeping the offset map (``repl`` is literal or a function)."""
    if isinstance(repl, str):
        fixed = repl
        edits = [(m.start(), m.end(), fixed) for m in pattern.finditer(doc.text)]
    else:
        func = repl
        edits = [(m.start(), m.end(), func(m)) for m in pattern.finditer(doc.text)]
    return apply_edits(doc, edits)


def same_length(doc: Mapped, text: str) -> Mapped:
    """The same map over a text of the same length (one-to-one character replacements)."""
    assert len(text) == len(doc.text)
    return doc._replace(text=text)
