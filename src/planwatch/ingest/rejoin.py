"""Re-join paragraphs that PDF extraction broke into visual lines.

Worked example (seed 000): ``"…新建160\\n\\n所公办幼儿园。"`` — the first line is as long
as a full line and does not end a sentence, so the break is removed: ``"…新建160所公办幼儿园。"``.
A line ending with 。；：！？ or a short line ends its paragraph; a heading (一、 （一）
第一章 1. 专栏) starts a new one; a short line continues a paragraph only when it ends a
sentence or closes a bracket.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from planwatch.ingest.offsets import Mapped, apply_edits

SENTENCE_END = frozenset("。；：！？;:!?")
CLOSING = frozenset("）)」』”》】〕")
HEADING = re.compile(
    r"[ \t]*(?:第[一二三四五六七八九十百零〇\d]+[章节部分篇]|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|专栏|附件|附表)"
)
HEADING_FIRST = frozenset("第一二三四五六七八九十（(0123456789专附")
MIN_LINES = 12


def typical_length(lengths: list[int]) -> int:
    """The length of a full visual line: the most common length among longer lines."""
    counts = {n: count for n, count in Counter(lengths).items() if n >= 10}
    if not counts:
        return 0
    # lines of nearly equal length count together (digits make some lines longer)
    return max(counts, key=lambda n: counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0))


def looks_broken(text: str, lines: list[str], *, pdf: bool) -> int:
    """The typical full-line length when the text looks like PDF-extracted lines, else 0."""
    if not pdf and _rarely_blank(text):
        return 0
    lengths = [n for n in map(len, lines) if n]
    if len(lengths) < MIN_LINES:
        return 0
    width = typical_length(lengths)
    if width < 12:
        return 0
    counts = Counter(lengths)
    similar = sum(counts[n] for n in range(width - 3, width + 4))
    if similar < 0.3 * len(lengths):
        return 0
    if pdf:
        return width
    followed = sum(1 for a, b in pairwise(lines) if a and not b)
    return width if followed >= 0.6 * len(lengths) else 0


def _rarely_blank(text: str) -> bool:
    """Most lines are not followed by a blank line (unlike PDF text extracted by line)."""
    return text.count("\n\n") < 0.3 * text.count("\n")


def is_heading(line: str) -> bool:
    """A line opening with an outline label (一、 （一） 第一章 1. 专栏 附件)."""
    return line[0] in HEADING_FIRST and HEADING.match(line) is not None


def rejoin(doc: Mapped, *, pdf: bool = False) -> Mapped:
    """Remove line breaks inside paragraphs of PDF-extracted text (only when it looks so)."""
    if not pdf and _rarely_blank(doc.text):
        return doc  # the common case, known before splitting the lines
    lines = doc.text.split("\n")
    width = looks_broken(doc.text, lines, pdf=pdf)
    if not width:
        return doc
    return apply_edits(doc, _paragraph_breaks(lines, width * 0.85))


def _paragraph_breaks(lines: list[str], short: float) -> list[tuple[int, int, str]]:
    """Deletions from the end of a line that goes on to the next non-empty line continuing it."""
    edits: list[tuple[int, int, str]] = []
    open_end: int | None = None  # the end of the previous non-empty line, if it goes on
    pos = 0
    for line in lines:
        if line:
            if open_end is not None and _continues(line, short):
                edits.append((open_end, pos, ""))
            open_end = None if _ends_paragraph(line, short) else pos + len(line)
        pos += len(line) + 1
    return edits


def _ends_paragraph(line: str, short: float) -> bool:
    """A line that closes its paragraph: a sentence end, a short line or a table row.

    A full-length line opening with a label ("1．实施…") is a numbered paragraph that wraps.
    """
    return line[-1] in SENTENCE_END or len(line) < short or "\t" in line


def _continues(line: str, short: float) -> bool:
    """A line that can continue the paragraph above: no heading or cell, and long or closing.

    A short line that neither ends a sentence nor closes a bracket ("青松政发〔2024〕12号",
    "2024年4月8日") stands alone after a full-length title.
    """
    if "\t" in line or is_heading(line):
        return False  # a table row (TAB cells) is never part of a paragraph
    return len(line) >= short or line[-1] in SENTENCE_END or line[-1] in CLOSING
