"""Re-join paragraphs that PDF extraction broke into visual lines.

Worked example (seed 000): ``"…新建160\\n\\n所公办幼儿园。"`` — the first line is as long
as a full line and does not end a sentence, so the break is removed: ``"…新建160所公办幼儿园。"``.
A line ending with 。；：！？, a heading (一、 （一） 第一章 1. 专栏) or a short line ends
its paragraph.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from planwatch.ingest.offsets import Edit, Mapped, apply_edits

SENTENCE_END = frozenset("。；：！？;:!?")
HEADING = re.compile(
    r"[ \t]*(?:第[一二三四五六七八九十百零〇\d]+[章节部分篇]|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|专栏|附件|附表)"
)
LINE = re.compile(r"[^\n]+")
MIN_LINES = 12


def typical_length(lengths: list[int]) -> int:
    """The length of a full visual line: the most common length among longer lines."""
    long_lines = [n for n in lengths if n >= 10]
    if not long_lines:
        return 0
    counts = Counter(long_lines)
    # lines of nearly equal length count together (digits make some lines longer)
    best = max(counts, key=lambda n: sum(counts.get(n + d, 0) for d in (-1, 0, 1)))
    return best


def looks_broken(text: str, *, pdf: bool) -> int:
    """The typical full-line length when the text looks like PDF-extracted lines, else 0."""
    lines = text.split("\n")
    lengths = [len(line) for line in lines if line.strip()]
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
    followed = sum(1 for a, b in itertools.pairwise(lines) if a.strip() and not b.strip())
    return width if followed >= 0.6 * len(lengths) else 0


def _ends_paragraph(line: str, width: int) -> bool:
    """A line that closes its paragraph: sentence end, heading, table cell or short line."""
    return (
        line[-1] in SENTENCE_END
        or len(line) < width * 0.85
        or line.startswith("\t")
        or HEADING.match(line) is not None
    )


def rejoin(doc: Mapped, *, pdf: bool = False) -> Mapped:
    """Remove line breaks inside paragraphs of PDF-extracted text (only when it looks so)."""
    width = looks_broken(doc.text, pdf=pdf)
    if not width:
        return doc
    edits = []
    previous: re.Match[str] | None = None
    for match in LINE.finditer(doc.text):
        line = match.group()
        if previous is not None and not line.startswith("\t") and not HEADING.match(line):
            edits.append(Edit(previous.end(), match.start(), ""))
        previous = None if _ends_paragraph(line, width) else match
    return apply_edits(doc, edits)
