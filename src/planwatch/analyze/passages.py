"""A plan's text cut into the passages a lower plan may take a task up in: its paragraphs and
the rows of its tables (专栏), each with its source offsets; and the garbled stretches of a text.

Worked example: in ``"一、目标\\n\\n到2020年，……。\\n专栏1 项目\\n名称\\t学位\\n一小\\t900"``
the passages are the heading ``一、目标``, the paragraph ``到2020年，……。``, the line
``专栏1 项目`` and the two table lines, each a row. A block of lines that all begin with a tab
(a table exported cell by cell, as in seed 004) is one row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH, ROW, HEADING = "段落", "专栏行", "标题"
# Parts of a plan that tell what was done or what the situation is, not what will be done: a
# lower plan does not take a task up there. Headings that open such a part, and openings of a
# paragraph that reviews the past where no heading says so.
REVIEW_HEADINGS = {
    "发展基础": "一、发展基础 / 第一节 发展基础（钦政发〔2022〕13号）",
    "发展现状": "（一）发展现状",
    "基本情况": "一、基本情况",
    "面临形势": "（二）面临形势",
    "发展形势": "第二节 发展形势",
    "主要成就": "（一）主要成就",
    "取得成效": "一、“十三五”取得成效",
    "工作回顾": "一、工作回顾",
    "存在问题": "（三）存在问题",
    "机遇与挑战": "（二）机遇与挑战",
}
REVIEW_OPENINGS = {
    "近年来": "近年来，我省深入推进全面改善贫困地区义务教育薄弱学校基本办学条件工作……",
    "“十三五”以来": "“十三五”以来，全市教育事业取得长足发展",
    "“十三五”期间": "“十三五”期间，全区新建、改扩建公办幼儿园……",
    "党的十八大以来": "党的十八大以来，各地区、各有关部门认真贯彻……",
    "过去五年": "过去五年，……",
}
_REVIEW_HEADING = re.compile("|".join(REVIEW_HEADINGS))
_REVIEW_OPENING = re.compile("|".join(re.escape(w) for w in REVIEW_OPENINGS))
MIN_CHARS = 4  # a passage shorter than this (a page number, a lone 序号) is no passage
HEADING_CHARS = 30  # a line this short without a sentence end is a heading
_BLANK = re.compile(r"\n[ \t\u3000]*\n")
_SENTENCE_END = re.compile(r"(?:[。；;！？!?：:][”’」』]*|[）)])\s*$")
# A line that opens a heading or a numbered paragraph: 一、 （一） 1． 第一章 专栏 #
_HEADING_START = re.compile(
    r"^(?:#|第[一二三四五六七八九十百]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[.．、]|专栏|附表|附件)"
)
_MARKUP_ONLY = re.compile(r"^(?:\s|<[^>]*>)*$")
# Text that decoding has garbled: ? or U+FFFD or private-use characters among Chinese
# characters (seed 003's 增強高??萍紕撔潞头漳芰?, 兩教一?!睒藴恃a足).
_CJK = r"\u4e00-\u9fff"
GARBLED = re.compile(
    rf"[{_CJK}][^\n{_CJK}]{{0,2}}[?\ufffd\ue000-\uf8ff]+|[?\ufffd\ue000-\uf8ff]+[^\n{_CJK}]{{0,2}}[{_CJK}]"
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph, a table row or a heading of a plan: source offsets [start, end)."""

    start: int
    end: int
    kind: str  # 段落 / 专栏行 / 标题
    review: bool = False  # in a part that reviews the past (发展基础), or opening with 近年来


def passages(text: str) -> list[Passage]:
    """The paragraphs, table rows and headings of a text, in order. A blank line inside a
    sentence (a PDF's page break: 促\n\n进教师专业化发展) does not end its paragraph."""
    out: list[Passage] = []
    at = 0
    for gap in [*_BLANK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        block = _block(text, at, end)
        if block and out and _runs_on(text, out[-1], block[0]):
            block[0] = Passage(out.pop().start, block[0].end, PARAGRAPH)
        out += block
        at = gap.end() - 1 if gap else len(text)
    return _mark_review(text, out)


def _mark_review(text: str, found: list[Passage]) -> list[Passage]:
    """The passages with those of a review part marked: from a heading of REVIEW_HEADINGS to
    the next heading that is not one, and paragraphs opening with REVIEW_OPENINGS."""
    out, review = [], False
    for p in found:
        words = text[p.start : p.end].lstrip("# \t\u3000")
        if p.kind == HEADING or (
            len(words) <= HEADING_CHARS and _HEADING_START.match(words) and p.kind != ROW
        ):
            review = bool(_REVIEW_HEADING.search(words))
            out.append(p)
            continue
        if review or _REVIEW_OPENING.match(words):
            p = Passage(p.start, p.end, p.kind, True)
        out.append(p)
    return out


def _runs_on(text: str, last: Passage, first: Passage) -> bool:
    """Whether a paragraph broken off mid-sentence goes on in the next block."""
    if last.kind != PARAGRAPH or first.kind == ROW or text[last.start] == "#":
        return False
    return not _SENTENCE_END.search(text[last.start : last.end]) and not _HEADING_START.match(
        text[first.start : first.end]
    )


def _block(text: str, start: int, end: int) -> list[Passage]:
    """The passages of a block of lines without a blank line between them."""
    lines = _lines(text, start, end)
    if not lines:
        return []
    if all(text[a] == "\t" for a, _ in lines):  # a table row exported cell by cell
        return [Passage(lines[0][0], lines[-1][1], ROW)]
    out: list[Passage] = []
    para: tuple[int, int] | None = None
    for a, b in lines:
        line = text[a:b]
        if "\t" in line.strip("\t "):
            out += _flush(text, para)
            para = None
            out.append(Passage(a, b, ROW))
        elif para is None:
            para = (a, b)
        elif _SENTENCE_END.search(text[para[0] : para[1]]) or _is_heading(text[para[0] : para[1]]):
            out += _flush(text, para)
            para = (a, b)
        else:  # a line broken inside a sentence
            para = (para[0], b)
    return out + _flush(text, para)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of text[start:end], stripped of surrounding blanks."""
    out = []
    at = start
    for line in text[start:end].split("\n"):
        a = at + len(line) - len(line.lstrip(" \u3000\r"))
        b = at + len(line.rstrip(" \t\u3000\r"))
        if b > a and (text[a] != "<" or not _MARKUP_ONLY.match(text, a, b)):
            out.append((a, b))
        at += len(line) + 1
    return out


def _is_heading(line: str) -> bool:
    return len(line.strip()) <= HEADING_CHARS and not _SENTENCE_END.search(line)


def _flush(text: str, para: tuple[int, int] | None) -> list[Passage]:
    if para is None or para[1] - para[0] < MIN_CHARS:
        return []
    kind = HEADING if _is_heading(text[para[0] : para[1]]) else PARAGRAPH
    return [Passage(para[0], para[1], kind)]


def garbled(text: str) -> list[tuple[int, int]]:
    """The garbled stretches of a text (offsets into it)."""
    return [(m.start(), m.end()) for m in GARBLED.finditer(text)]


def readable(text: str) -> str:
    """The text without its garbled stretches (each becomes a space)."""
    return GARBLED.sub(" ", text)
