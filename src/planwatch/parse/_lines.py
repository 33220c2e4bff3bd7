"""Shared line helpers and heading patterns for the parsers (private to parse)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add

from planwatch.records import Section

CN_NUM = "一二三四五六七八九十百零〇两"
SPACE = " \u3000\u00a0"

# A heading at a line start. The leading part allows spaces, a TAB (only for 专栏),
# markdown ``#`` marks and ``**`` bold marks.
_HEADING = (
    rf"(?=[{SPACE}\t#*]*[第专附{CN_NUM}（(0-9])(?P<lead>[{SPACE}\t]*(?:#{{1,6}}[{SPACE}]*)?(?:\*\*)?[{SPACE}]*)"
    rf"(?:(?P<chapter>第[{CN_NUM}]{{1,4}}章)"
    rf"|(?P<section>第[{CN_NUM}]{{1,4}}节)"
    rf"|(?P<box>专栏(?:[{SPACE}]*\d{{1,3}}(?![\d年—–\-－~～])|(?=[{SPACE}]+\S|[：:]|$)))"
    rf"|(?P<annex>附表|附件)[{SPACE}]*(?P<annexno>\d{{0,3}})(?=[{SPACE}]*(?:[：:]|$|[{SPACE}]))"
    rf"|(?P<cn>[{CN_NUM}]{{1,3}})、"
    rf"|[（(](?P<paren>[{CN_NUM}]{{1,3}})[）)]"
    rf"|(?P<arabic>\d{{1,2}})(?:[．、]|\.(?!\d))(?=[{SPACE}]*[^\s\d%％，,。、）)．.])"
    r")(?P<rest>[^\n]*)"
)
HEADING_RE = re.compile("^" + _HEADING, re.MULTILINE)
# The same after a newline: a pattern opening with a literal is scanned for much faster
# than one opening with "^". A match never spans a newline, so these are the same lines.
_HEADING_AFTER_NEWLINE = re.compile("\n" + _HEADING, re.MULTILINE)
KINDS = ("chapter", "section", "box", "annex", "cn", "paren", "arabic")
_TITLE_TRIM = f"{SPACE}\t*：:.．"


@dataclass(slots=True)
class Heading:
    """A heading candidate: kind, label, title and offsets."""

    kind: str
    label: str
    title: str
    start: int
    title_end: int
    on_tab_line: bool


def heading_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``HEADING_RE.finditer(text)`` (for heading_at; they start at "lead")."""
    first = HEADING_RE.match(text)
    if first is not None:
        yield first
    yield from _HEADING_AFTER_NEWLINE.finditer(text)


def heading_at(m: re.Match[str]) -> Heading:
    """The heading described by a HEADING_RE match (title up to the first 。)."""
    raws = m.group(*KINDS)  # exactly one of them matched
    k = 0
    while raws[k] is None:
        k += 1
    kind, raw = KINDS[k], raws[k]
    if kind == "box":
        label = "专栏" + raw[2:].strip(SPACE)
    elif kind == "annex":
        label = raw + (m.group("annexno") or "")
    elif kind == "paren":
        label = f"（{raw}）"
    else:
        label = raw
    rest_start = m.start("rest")
    rest = m.group("rest")
    cut = rest.find("。")
    if cut >= 0:
        title, title_end = rest[:cut], rest_start + cut + 1
    else:
        title, title_end = rest, m.end("rest")
    title = title.strip(_TITLE_TRIM).removesuffix("**").strip(_TITLE_TRIM)
    return Heading(kind, label, title, m.start("lead"), title_end, "\t" in m.group("lead"))


@dataclass(slots=True)
class Lines:
    """The text split into lines with the offset of each line start."""

    text: str
    lines: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Lines:
        lines = text.split("\n")
        starts = [0, *accumulate(map(add, map(len, lines[:-1]), repeat(1)))]
        return cls(text, lines, starts)

    def index_at(self, pos: int) -> int:
        """The index of the line containing offset ``pos``."""
        return bisect_right(self.starts, pos) - 1


def clean_inline(text: str) -> str:
    """Whitespace removed except a single space between two CJK/latin words."""
    text = re.sub(r"\s+", " ", text).strip()
    return _SPACE_NOT_BETWEEN_WORDS.sub("", text)


_SPACE_NOT_BETWEEN_WORDS = re.compile(r"(?<![\u4e00-\u9fffA-Za-z]) | (?![\u4e00-\u9fffA-Za-z])")


class SectionLocator:
    """Finds the deepest outline section containing an offset (bisect, then parents)."""

    def __init__(self, outline: list[Section]) -> None:
        self.outline = outline
        self.starts = [s.start for s in outline]

    def __call__(self, pos: int) -> int | None:
        idx: int | None = bisect_right(self.starts, pos) - 1
        while idx is not None and idx >= 0:
            if self.outline[idx].end > pos:
                return idx
            idx = self.outline[idx].parent
        return None
