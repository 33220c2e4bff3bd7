"""Checks that every normalized character derives from the source character it maps to."""

from __future__ import annotations

import itertools
from functools import cache

from planwatch.records import SourceText

WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
WIDTH.update({"\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " "})
FULL = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "："}
LINE_BREAKS = "\n\r\f\v\u2028\u2029\x85"


@cache
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def derives(char: str, src: str, *, markup: bool = False) -> bool:
    """Whether text char ``char`` is source char ``src`` or a normalized form of it."""
    if char == src or WIDTH.get(src) == char or FULL.get(src) == char:
        return True
    if char == "\n" and src in LINE_BREAKS:
        return True
    if char in " \t\n" and markup and src in "<&" + " \t\r\n":
        return True  # tags end lines / start cells; whitespace runs collapse to one space
    if markup and src == "&":
        return True  # an entity's character maps to its '&'
    if src.isspace() and char == " ":
        return True
    return _t2s().convert(src) == char  # type: ignore[attr-defined]


def bad_chars(doc: SourceText, *, markup: bool = False) -> list[tuple[int, str, str]]:
    """(text index, text char, source char) for every char that does not derive from its source."""
    assert len(doc.offsets) == len(doc.text) + 1
    assert doc.offsets[-1] == len(doc.source)
    return [
        (i, ch, doc.source[doc.offsets[i]])
        for i, ch in enumerate(doc.text)
        if not derives(ch, doc.source[doc.offsets[i]], markup=markup)
    ]


def assert_mapped(doc: SourceText, *, markup: bool = False) -> None:
    """The offset map is complete, non-decreasing, and each char derives from its source."""
    offsets = doc.offsets
    assert all(a <= b for a, b in itertools.pairwise(offsets)), "offsets decrease"
    bad = bad_chars(doc, markup=markup)
    assert not bad, f"chars not derived from their source: {bad[:10]}"
