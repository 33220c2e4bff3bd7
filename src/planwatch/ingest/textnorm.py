"""Normalize decoded text for the parsers, keeping a map from each character to the source.

Worked example: ``normalize("a", "达到９２.４％")`` gives text ``"达到92.4%"`` and offsets
``[0, 1, 2, 3, 4, 5, 6, 7]``; ``"桂政发〔2021〕34 号"`` gives ``"桂政发〔2021〕34号"`` with the
space's offset skipped. Steps: line ends, full-width → half-width, traditional →
simplified, junk lines, punctuation next to CJK, spaces, PDF line re-joining, blank lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from planwatch.ingest import junk
from planwatch.ingest.offsets import Mapped, apply_edits, identity, offsets_of, same_length, sub
from planwatch.ingest.rejoin import rejoin
from planwatch.ingest.simplify import to_simplified
from planwatch.records import SourceText

CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026"
_CJK_PUNCT_SET = frozenset(
    [chr(c) for c in range(0x3001, 0x3040)]
    + [chr(c) for c in range(0xFF01, 0xFF10)]
    + [chr(c) for c in range(0xFF1A, 0xFF21)]
    + list("\u201c\u201d\u2018\u2019\u2014\u2026")
)

# Full-width digits, Latin letters, ％ ． ＋ － ～ and the ideographic space → half-width.
WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９％．＋－～"}
WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})
WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})
WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x0C: 0x0A, 0x0B: 0x0A})
FULL = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "："}

# Line ends to unify, and characters to drop: zero-width ones and C0 controls (\x02 …),
# which no plan means and which spreadsheets refuse.
_LINE_ENDS = re.compile(
    r"\r\n?|[\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\x85\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_ODD_CHARS = "\r\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\x85" + "".join(
    map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
)
# A paragraph indented with TABs (a .txt saved from Word) rather than a table's cell lines.
_INDENT = re.compile(r"(?<=\n)\t+(?=[^\t\n])")
_LINE_START = re.compile(r"\n(?=[^\n])")
_INDENTED_LINE = re.compile(r"\n\t+[^\t\n]{30,}")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,200})\)")
_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = f"[{_IDEO}{CJK_PUNCT}]"  # the characters of ``is_cjk``
_CJK_RE = re.compile(_CJK)
# One scan finds the full-width forms and the ASCII punctuation to convert: a single
# character class first (ranges, no top-level alternation) keeps the regex scan fast. The
# test after it lets a full-width form through (it is none of the five ASCII marks) and an
# ASCII ( ) , ; : only with a CJK character before or after it.
_WIDE_OR_PUNCT = re.compile(
    "([(),;:\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％．＋－～\u3000\xa0\u2002\u2003\x0b\x0c]"
    rf"(?:(?<![(),;:])|(?<={_CJK}.)|(?={_CJK})))"
)
# What each character found by _WIDE_OR_PUNCT becomes (all of the same length).
_REPLACEMENT = {chr(wide): chr(half) for wide, half in WIDTH.items()} | FULL
# Spaces to delete: at line edges (after a cell TAB too), a single space between a digit
# and an ideograph ("34 号"), after CJK punctuation, before it after an ideograph. The
# pattern starts with a literal space so that the scan is fast. Runs of two or more spaces
# inside a line separate a label from its title ("专栏1  钦州市…") and stay.
_NEEDLESS_SPACE = re.compile(
    r" (?:(?<=\n )[ ]*|(?<=\n\t )[ ]*|[ ]*(?=\n)"
    rf"|(?<=\d )(?=[{_IDEO}])|(?<=[{_IDEO}] )(?=\d)"
    rf"|(?<=[{CJK_PUNCT}] )(?=[^ \n])|(?<=[{_IDEO}] )(?=[{CJK_PUNCT}]))"
)
# A line of three or more cells parted by single spaces ("指标 2023年 2026年",
# "公办幼儿园（所） 21 29"): a table row drawn in a PDF, whose spaces are kept. A lone CJK
# char is not a cell ("2021 年 10 月 20 日" is a date) nor is a sentence, and two cells
# at least hold digits ("随班就读 5 人以上…" is a wrapped line of prose).
_CELL = r"(?:[^\s。，；、]{2,24}|[^\s\u3400-\u9fff。，；、])"
_SPACED_ROW = re.compile(rf"\n *{_CELL}(?: {_CELL}){{2,}} *(?=\n)")
# Two spaces in one line: only such a line can be a _SPACED_ROW (a fast scan: literal first).
_TWO_SPACES = re.compile(r" [^\n ]*+ ")
_BLANK_RUN = re.compile(r"\n(?: *\n){2,}")


def is_ideograph(char: str) -> bool:
    """A CJK ideograph (basic block, extension A or compatibility)."""
    return (
        "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
    )


def is_cjk(char: str) -> bool:
    """A CJK ideograph or CJK punctuation (、。《》“”（）， …)."""
    return is_ideograph(char) or char in _CJK_PUNCT_SET


def pad(doc: Mapped) -> Mapped:
    """Add a newline at each end so that line patterns can anchor on "\\n" (removed at the end)."""
    first = doc.srcs[0] if doc.srcs else doc.end
    return Mapped(
        f"\n{doc.text}\n",
        [0, *(start + 1 for start in doc.starts), len(doc.text) + 1],
        [first, *doc.srcs, doc.end],
        [0, *doc.steps, 0],
        doc.end,
    )


def _line_ends(doc: Mapped) -> Mapped:
    """CRLF and CR become LF; zero-width and control characters, Unicode separators go."""
    if not any(char in doc.text for char in _ODD_CHARS):  # 30 `in` scans beat one regex scan
        return doc

    def repl(m: re.Match[str]) -> str:
        return "\n" if m.group() in ("\r", "\r\n", "\u2028", "\u2029", "\x85") else ""

    return sub(doc, _LINE_ENDS, repl)


def _width_and_punct(doc: Mapped) -> Mapped:
    """Full-width forms → half-width; ASCII ( ) , ; : next to CJK → （ ） ， ； ：.

    Every replacement has the length of what it replaces, so the map is unchanged.
    """
    text = doc.text

    def pair(m: re.Match[str]) -> str:
        inner, start, end = m.group(1), m.start(), m.end()
        if _CJK_RE.search(inner) or is_cjk(text[start - 1]) or is_cjk(text[end]):
            return f"（{inner}）"
        return m.group()

    if "(" in text:
        text = _PAREN_PAIR.sub(pair, text)
    # The split puts the characters found at the odd indexes: replaced there by a table
    # lookup, without a Python call per character.
    parts = _WIDE_OR_PUNCT.split(text)
    if len(parts) == 1:
        return same_length(doc, text)
    parts[1::2] = map(_REPLACEMENT.__getitem__, parts[1::2])
    return same_length(doc, "".join(parts))


def _kept_rows(text: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The space deletions less those inside a table row drawn with spaces (edges still go)."""
    rows = [
        (m.start() + 1, m.end())
        for m in _spaced_rows(text)
        if sum(any(map(str.isdigit, cell)) for cell in m.group().split()) >= 2
    ]
    if not rows:
        return edits
    starts = [start for start, _ in rows]
    kept = []
    for edit in edits:
        k = bisect_right(starts, edit[0]) - 1
        inside = k >= 0 and rows[k][0] < edit[0] and edit[1] < rows[k][1]
        if not inside or edit[1] - edit[0] > 1:
            kept.append(edit)
    return kept


def _spaced_rows(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SPACED_ROW.finditer(text)``, trying only lines with two spaces.

    Each match is one whole line (from its newline), so the lines without two spaces,
    most of them, are skipped by one fast scan instead of a match attempt each.
    """
    pos = 0
    while (two := _TWO_SPACES.search(text, pos)) is not None:
        row = _SPACED_ROW.match(text, text.rfind("\n", 0, two.start()))
        if row is not None:
            yield row
        pos = text.find("\n", two.end())
        if pos < 0:
            return


def _layout(doc: Mapped) -> Mapped:
    """Spaces and blank lines in one pass: at most one blank line, none at the ends.

    Space-only lines count as blank; TAB-only lines are empty table cells and stay.
    """
    text = doc.text
    edits = _kept_rows(text, [(m.start(), m.end(), "") for m in _NEEDLESS_SPACE.finditer(text)])
    edits += [(m.start() + 1, m.end() - 1, "") for m in _BLANK_RUN.finditer(text)]
    lead = len(text) - len(text.lstrip("\n "))
    tail = len(text.rstrip("\n "))
    if lead >= tail:
        return apply_edits(doc, [(0, len(text), "")])
    edits += [(0, lead, ""), (tail, len(text), "")]
    return apply_edits(doc, junk.union(edits))


def _indentation(doc: Mapped) -> Mapped:
    """Leading TABs go when nearly every line is a TAB-indented paragraph, not a table cell.

    Word tables flattened to text are TAB lines too, but short cells between blank lines;
    a plan whose every paragraph starts with a TAB would otherwise read as one big table.
    """
    text = doc.text
    if text.count("\n\t") < 0.45 * text.count("\n"):
        return doc  # most lines are not TAB lines (blank lines at most double the count)
    lines = len(_LINE_START.findall(text))
    if lines < 5 or text.count("\n\t") < 0.9 * lines:
        return doc
    if len(_INDENTED_LINE.findall(text)) < 0.5 * text.count("\n\t"):
        return doc
    return sub(doc, _INDENT, "")


def normalize_mapped(doc: Mapped, fmt: str = "txt") -> Mapped:
    """The whole normalization of a text padded with a newline at each end."""
    doc = _line_ends(doc)
    doc = junk.drop_pinyin(doc)
    doc = _indentation(doc)
    doc = _width_and_punct(doc)
    doc = to_simplified(doc)
    doc = junk.drop_junk(doc)
    doc = _layout(doc)
    return rejoin(doc, pdf=fmt == "pdf")


def normalize(name: str, source: str, fmt: str = "txt") -> SourceText:
    """A SourceText for already decoded text; for fmt "html" the source is the markup."""
    if fmt == "html":
        from planwatch.ingest.html import html_visible

        doc = pad(html_visible(source))
    else:
        doc = pad(identity(source))
    doc = normalize_mapped(doc, fmt)
    return SourceText(name, source, doc.text, offsets_of(doc), fmt)
