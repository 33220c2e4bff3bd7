"""Keys that match plan titles and 文号 across punctuation, width and 简繁; references in text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from planwatch.ingest.simplify import simplified

__all__ = ["Citation", "doc_number_key", "find_references", "plan_key"]

# Marks that never change which plan a title names: book-title marks, quotes, brackets, dashes.
_TITLE_NOISE = re.compile(
    r"[\s《》〈〉<>«»“”‘’\"'「」『』()（）\[\]【】〔〕{}·・、,，.。:：;；!！?？_\-—–‑‒―~～]+"
)
_YEAR_SPAN = re.compile(r"(\d{4})年?[至到](\d{4})")
# A notice that issues a plan names the plan: 自治区人民政府关于印发《…》的通知.
_NOTICE = re.compile(r"^.*?关于(?:印发|转发|下发)(.+?)的通知$")
# Words before a 文号 in running text that are not part of it: 根据桂政发〔2018〕5号.
_LEAD_IN = re.compile(r"^.*(?:根据|按照|依据|贯彻|落实|参照|执行|印发|转发|及|和|与|见)")
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*[〔\[【(（［{]\s*(?P<year>\d{4})\s*[〕\]】)）］}]"
    r"\s*第?\s*(?P<n>\d{1,5})\s*[号號]"
)
_TITLE = re.compile(r"《([^《》\n]{2,80})》")


@dataclass(frozen=True, slots=True)
class Citation:
    """A plan named in text: a title in 《》 or a 文号, with its normalized-text span and key."""

    kind: Literal["title", "doc_number"]
    text: str
    start: int
    end: int
    key: str


def _plain(text: str) -> str:
    """Half-width (NFKC) and simplified script."""
    return simplified(unicodedata.normalize("NFKC", text))


def plan_key(text: str) -> str:
    """A plan title's key: same for titles differing only in punctuation, spacing, width, 简繁.

    《广西教育提升三年行动计划（2018—2020年）》, 廣西教育提升三年行動計劃 (2018-2020年) and the
    notice 关于印发广西教育提升三年行动计划（2018—2020年）的通知 all give
    ``广西教育提升三年行动计划20182020年``.
    """
    key = _YEAR_SPAN.sub(r"\1\2", _TITLE_NOISE.sub("", _plain(text)))
    notice = _NOTICE.match(key)
    return notice.group(1) if notice else key


def doc_number_key(text: str) -> str:
    """A 文号's key in the standard form 桂政发〔2018〕5号 (brackets, spaces, 简繁, 第, zeros)."""
    plain = _plain(text).strip()
    m = _DOC_NUMBER.search(plain)
    if m is None:
        return _TITLE_NOISE.sub("", plain)
    prefix = _LEAD_IN.sub("", m["prefix"]) or m["prefix"]
    return f"{prefix}〔{m['year']}〕{int(m['n'])}号"


def find_references(text: str) -> list[Citation]:
    """Plan titles in 《》 and 文号 named in a text, in order of appearance; a 文号 inside
    a title is part of the title, not a reference of its own."""
    found = [
        Citation("title", m.group(1), m.start(1), m.end(1), plan_key(m.group(1)))
        for m in _TITLE.finditer(text)
    ]
    starts = [t.start for t in found]
    for m in _DOC_NUMBER.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= found[i].end:  # 《…贯彻国办发〔2019〕29号文件…》: the title's
            found.append(_doc_number_ref(m))
    return sorted(found, key=lambda r: r.start)


def _doc_number_ref(m: re.Match[str]) -> Citation:
    """A 文号 found in text, its span starting after any lead-in word (根据…)."""
    lead = len(m["prefix"]) - len(_LEAD_IN.sub("", m["prefix"]) or m["prefix"])
    start = m.start() + lead
    return Citation(
        "doc_number", m.string[start : m.end()], start, m.end(), doc_number_key(m.group())
    )
