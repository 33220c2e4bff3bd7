"""The outline tree of a plan: 第一章 / 第一节 / 一、/（一）/ 1． / 专栏N / 附表 headings.

Headings are found at line starts with one regular expression over the whole text.
Levels are not fixed: each numbering kind gets the level of its first appearance, so
a plan that uses 一、 → （一） → 1． and one that uses 第一章 → 第一节 → 一、 → （一）
both nest correctly. 专栏 boxes are leaves under the current heading; 附件/附表 are
top-level. Lines inside tables (TAB lines and their continuations) are not headings,
except a 专栏 heading, which may sit on a TAB line.

Worked example::

    一、总体要求               cn      level 1  start 0
    （一）指导思想。           paren   level 2  parent 0, title 指导思想
    坚持…
    二、主要任务               cn      level 1  ends 一、 and （一）
    （一）实施立德树人计划。    paren   level 2  parent 2
    1．深化思政改革。新建…     arabic  level 3  parent 3, title 深化思政改革
    \t专栏1  主要目标          box     level 4  parent 4 (a leaf)

``start`` is the offset of the heading's line, ``title_end`` the offset just after the
title (after its 。 when there is one, else the end of the title line), and ``end``
the start of the next heading at the same or a higher level (or the end of the text).
"""

from __future__ import annotations

from bisect import bisect_right

from planwatch.parse._blocks import Block, scan_text
from planwatch.parse._lines import HEADING_RE, SPACE, Heading, Lines, heading_at, heading_matches
from planwatch.records import Section, SourceText

_LEAF_KINDS = ("box",)


def parse_outline(src: SourceText) -> list[Section]:
    """The headings of ``src.text`` as a flat list of Sections with levels and parents."""
    lines, blocks = scan_text(src.text)
    headings = find_headings(lines, blocks)
    return _nest(headings, len(src.text))


def find_headings(lines: Lines, blocks: tuple[Block, ...]) -> list[Heading]:
    """Heading candidates outside tables (专栏 headings also on TAB lines)."""
    block_starts = [b.start for b in blocks]
    found: list[Heading] = []
    for m in heading_matches(lines.text):
        head = heading_at(m)
        if head.kind != "box":
            if head.on_tab_line:
                continue
            k = bisect_right(block_starts, head.start) - 1
            if k >= 0 and head.start < blocks[k].end:
                continue
        elif not head.title:
            _title_from_next_line(lines, head)
        found.append(head)
    return found


def _title_from_next_line(lines: Lines, head: Heading) -> None:
    """A 专栏N heading alone on its line takes the next plain line as its title."""
    nxt = lines.index_at(head.start) + 1
    if nxt >= len(lines.lines):
        return
    line = lines.lines[nxt]
    text = line.strip(SPACE)
    if text and not line.startswith("\t") and not HEADING_RE.match(line):
        head.title = text
        head.title_end = lines.starts[nxt] + len(line.rstrip(SPACE))


def _nest(headings: list[Heading], text_end: int) -> list[Section]:
    """Levels by first appearance of each kind; parents and ends by a stack."""
    ranks: dict[str, int] = {}
    outline: list[Section] = []
    stack: list[int] = []
    for head in headings:
        while stack and outline[stack[-1]].kind in _LEAF_KINDS:
            outline[stack.pop()].end = head.start
        if head.kind == "box":
            level = outline[stack[-1]].level + 1 if stack else 1
        elif head.kind == "annex":
            level = 1
        else:
            level = ranks.setdefault(head.kind, len(ranks)) + 1
        while stack and outline[stack[-1]].level >= level:
            outline[stack.pop()].end = head.start
        parent = stack[-1] if stack else None
        outline.append(
            Section(
                kind=head.kind,
                label=head.label,
                title=head.title,
                level=level,
                start=head.start,
                end=text_end,
                title_end=head.title_end,
                parent=parent,
            )
        )
        stack.append(len(outline) - 1)
    return outline
