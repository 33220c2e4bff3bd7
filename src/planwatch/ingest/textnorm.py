"""Normalize decoded text for the parsers, keeping a map from each character to the source.

Worked example: ``normalize("a", "达到９２.４％")`` gives text ``"达到92.4%"`` and offsets
``[0, 1, 2, 3, 4, 5, 6, 7]``; ``"桂政发〔2021〕34 号"`` gives ``"桂政发〔2021〕34号"`` with the
space's offset skipped. Steps: line ends, full-width → half-width, traditional →
simplified, junk lines, spaces, punctuation next to CJK, PDF line re-joining, blank lines.
"""

from __future__ import annotations

import re

from planwatch.ingest import junk
from planwatch.ingest.html import html_visible
from planwatch.ingest.offsets import Edit, Mapped, apply_edits, identity, sub, translate
from planwatch.ingest.rejoin import rejoin
from planwatch.ingest.simplify import to_simplified
from planwatch.records import SourceText

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026"
_CJK_OR_PUNCT = re.compile(f"[{CJK}{CJK_PUNCT}]")
_IDEOGRAPH = re.compile(f"[{CJK}]")

# Full-width digits, Latin letters, ％ ． ＋ － ～ and the ideographic space → half-width.
WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．＋－～"}
WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x0C: 0x0A, 0x0B: 0x0A})
FULL = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "："}

_LINE_ENDS = re.compile(r"\r\n?|[\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\x85]")
_EDGE_SPACES = re.compile(r"(?m)^\t?( +)| +$")
_SPACES = re.compile(r" +")
_CJK_PUNCT = re.compile(f"[{CJK_PUNCT}]")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,200})\)")
_ASCII_PUNCT = re.compile(r"[(),;:]")
_BLANKS = re.compile(r"\n{3,}")


def _line_ends(doc: Mapped) -> Mapped:
    """CRLF and CR become LF; zero-width characters and Unicode line separators go."""

    def repl(m: re.Match[str]) -> str:
        return "\n" if m.group() in ("\r", "\r\n", "\u2028", "\u2029", "\x85") else ""

    doc = sub(doc, _LINE_ENDS, repl)
    return translate(doc, WIDTH)


def _edge_spaces(doc: Mapped) -> Mapped:
    """Spaces at the start (after a cell TAB) and end of lines are removed."""
    edits = (
        Edit(m.start(1), m.end(1), "") if m.group(1) else Edit(m.start(), m.end(), "")
        for m in _EDGE_SPACES.finditer(doc.text)
    )
    return apply_edits(doc, edits)


def _needless_space(before: str, after: str) -> bool:
    """A single space a plan does not mean: digit|CJK, or next to CJK punctuation."""
    if before.isdigit() and _IDEOGRAPH.match(after):
        return True
    if after.isdigit() and _IDEOGRAPH.match(before):
        return True
    return bool(
        (_CJK_PUNCT.match(before) and _CJK_OR_PUNCT.match(after))
        or (_CJK_PUNCT.match(after) and _CJK_OR_PUNCT.match(before))
    )


def _single_spaces(doc: Mapped) -> Mapped:
    """Single spaces go between a digit and CJK ("34 号" → "34号") and beside CJK punctuation.

    Runs of two or more spaces separate a label from its title ("专栏1  钦州市…") and stay.
    """
    text = doc.text
    end = len(text) - 1
    edits = [
        Edit(i, i + 1, "")
        for m in _SPACES.finditer(text)
        if (i := m.start()) > 0
        and i < end
        and m.end() == i + 1
        and _needless_space(text[i - 1], text[i + 1])
    ]
    return apply_edits(doc, edits)


def _near_cjk(text: str, start: int, end: int) -> bool:
    """Whether the character before start or at end is CJK (ideograph or CJK punctuation)."""
    return (start > 0 and _CJK_OR_PUNCT.match(text, start - 1) is not None) or (
        end < len(text) and _CJK_OR_PUNCT.match(text, end) is not None
    )


def _full_punct(doc: Mapped) -> Mapped:
    """ASCII ( ) , ; : next to CJK become （ ） ， ； ：; paired parens around CJK too."""
    text = doc.text

    def pair(m: re.Match[str]) -> str:
        inner = m.group(1)
        if _CJK_OR_PUNCT.search(inner) or _near_cjk(text, m.start(), m.end()):
            return f"（{inner}）"
        return m.group()

    doc = sub(doc, _PAREN_PAIR, pair)
    text = doc.text
    edits = (
        Edit(m.start(), m.end(), FULL[m.group()])
        for m in _ASCII_PUNCT.finditer(text)
        if _near_cjk(text, m.start(), m.end())
    )
    return apply_edits(doc, edits)


def _blank_lines(doc: Mapped) -> Mapped:
    """At most one blank line between blocks; none at the start or the end."""
    doc = sub(doc, _BLANKS, "\n\n")
    text = doc.text
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    edits = [Edit(0, lead, "")] if lead else []
    if trail and trail < len(text):
        edits.append(Edit(len(text) - trail, len(text), ""))
    return apply_edits(doc, edits)


def normalize_mapped(doc: Mapped, fmt: str = "txt") -> Mapped:
    """The whole normalization of a mapped text."""
    doc = _line_ends(doc)
    doc = to_simplified(doc)
    doc = junk.drop_junk(doc)
    doc = junk.unspace_letterhead(doc)
    doc = _edge_spaces(doc)
    doc = _full_punct(doc)
    doc = _single_spaces(doc)
    doc = rejoin(doc, pdf=fmt == "pdf")
    return _blank_lines(doc)


def normalize(name: str, source: str, fmt: str = "txt") -> SourceText:
    """A SourceText for already decoded text; for fmt "html" the source is the markup."""
    doc = html_visible(source) if fmt == "html" else identity(source)
    text, offsets = normalize_mapped(doc, fmt)
    return SourceText(name, source, text, offsets, fmt)
