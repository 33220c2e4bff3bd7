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
from itertools import accumulate, pairwise

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
    counts = Counter(n for n in lengths if n >= 10)
    if not counts:
        return 0
    # lines of nearly equal length count together (digits make some lines longer)
    return max(counts, key=lambda n: sum(counts.get(n + d, 0) for d in (-1, 0, 1)))


def looks_broken(text: str, lines: list[str], *, pdf: bool) -> int:
    """The typical full-line length when the text looks like PDF-extracted lines, else 0."""
    if not pdf and _rarely_blank(text):
        return 0
    lengths = [len(line) for line in lines if line]
    if len(lengths) < MIN_LINES:
        return 0
    width = typical_length(lengths)
    if width < 12:
        return 0
    similar = sum(1 for n in lengths if abs(n - width) <= 3)
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
    short = width * 0.85
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    full = [(starts[i], line) for i, line in enumerate(lines) if line]
    goes_on = [not _ends_paragraph(line, short) for _, line in full]
    edits = [
        (start + len(line), after, "")
        for (start, line), (after, following), more in zip(full, full[1:], goes_on, strict=False)
        if more and _continues(following, short)
    ]
    return apply_edits(doc, edits)


def _ends_paragraph(line: str, short: float) -> bool:
    """A line that closes its paragraph: a sentence end, a short line or a table cell.

    A full-length line opening with a label ("1．实施…") is a numbered paragraph that wraps.
    """
    return line[-1] in SENTENCE_END or len(line) < short or line[0] == "\t"


def _continues(line: str, short: float) -> bool:
    """A line that can continue the paragraph above: no heading or cell, and long or closing.

    A short line that neither ends a sentence nor closes a bracket ("青松政发〔2024〕12号",
    "2024年4月8日") stands alone after a full-length title.
    """
    if line[0] == "\t" or is_heading(line):
        return False
    return len(line) >= short or line[-1] in SENTENCE_END or line[-1] in CLOSING
