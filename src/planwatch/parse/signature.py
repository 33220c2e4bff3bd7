"""Where a document names itself: its own 文号, the bodies that sign it and its date.

A document's own 文号 stands on a line of its own (桂政发〔2021〕34号, （豫政办〔2019〕46号）,
a letterhead run on: 人民政府文件桂政发〔2021〕34号) under its title or in its signature; a
文号 inside a sentence or a title (关于贯彻国办发〔2019〕29号文件精神…, 《…》（桂政发〔2018〕5号）
精神) is one it cites. The signature is the date line at the end of a notice or of the whole
text and the body names on the lines above it (湖北省教育厅　湖北省体育局 → two issuers); a
web page or a news report gives its date in a header line (成文日期：2022-05-16,
2021-11-18 09:32 来源：安徽日报).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.parse._lines import SPACE

_DOC_NO_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<prefix>[\u4e00-\u9fff]{1,20})\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})"
    r"\s*[〕\]］】)）]\s*(?P<no>\d{1,4})\s*[号號]"
)
# Words before a 文号 that are not part of it: "…的通知桂政发〔…", "根据桂政发〔…".
_LEAD_IN_RE = re.compile(
    r"^.*(?:通知|印发|转发|根据|按照|依据|贯彻|落实|参照|执行|文件|及|和|与|见)"
)
# Lead-in words that cite another document: the 文号 after them is not the document's own.
_CITING_RE = re.compile(r"(?:根据|按照|依据|贯彻|落实|参照|执行|转发|见|及|和|与)$")
DATE_LINE_RE = re.compile(
    rf"^[{SPACE}\t(（]*(?P<y>(?:19|20)\d{{2}})[{SPACE}]*年[{SPACE}]*(?P<m>\d{{1,2}})[{SPACE}]*月"
    rf"[{SPACE}]*(?P<d>\d{{1,2}})[{SPACE}]*日[{SPACE}\t)）]*$",
    re.MULTILINE,
)
# A body's name ends like one: 人民政府, 办公厅, 教育厅, 教育局, 委员会, 教育部 …
_BODY_RE = re.compile(
    r"^[\u4e00-\u9fff（）]{2,30}(?:政府|办公厅|办公室|厅|局|委员会|委|部|院|署|中心|日报|报社)$"
)
# Header lines of a web page or a news report that date it; 成文日期 (the date the document
# was signed) before the page's own 发布时间.
_HEADER_DATES = (
    re.compile(
        r"(?:成文日期|发文日期|印发日期)[:：]?[\s\t]*(?:<[^<>]*>\s*)*"
        r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
    ),
    re.compile(
        r"(?:发布时间|发布日期|发表时间|日期|时间)[:：]?[\s\t]*(?:<[^<>]*>\s*)*"
        r"(?P<y>(?:19|20)\d\d)\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"
    ),
    re.compile(
        r"(?:^|\n|>)[ \t\u3000]*(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"[ \t\u3000]+\d{1,2}:\d\d"
    ),
)
_SOURCE_RE = re.compile(r"来源[:：][ \t\u3000]*(?P<who>[\u4e00-\u9fff]{2,20}?)(?=[ \t\u3000<\n]|$)")
HEADER_ZONE = 5000  # characters of the source whose header lines may date it
TAIL = 800  # characters at the end of the text that may hold the signature


@dataclass(frozen=True, slots=True)
class Signature:
    """The bodies signing a document (joined by 、) and the ISO date under them."""

    issuer: str
    date: str


def normalized_doc_number(m: re.Match[str]) -> str:
    """A 文号 match normalized: 桂政发〔2021〕34号, lead-in words dropped."""
    prefix = _LEAD_IN_RE.sub("", m.group("prefix").replace("發", "发"))
    return f"{prefix}〔{m.group('year')}〕{m.group('no')}号"


def find_doc_number(text: str) -> str:
    """The first 文号 of ``text``, normalized: 桂政发〔2021〕34号."""
    m = _DOC_NO_RE.search(text)
    return "" if m is None else normalized_doc_number(m)


def own_doc_number(*zones: str) -> str:
    """The first 文号 standing on a line of its own in the zones (the head, then the tail)."""
    for zone in zones:
        for m in _DOC_NO_RE.finditer(zone):
            if _stands_alone(zone, m):
                return normalized_doc_number(m)
    return ""


def _stands_alone(zone: str, m: re.Match[str]) -> bool:
    """Nothing but brackets after the 文号 on its line, and no citing word or title before."""
    line_end = zone.find("\n", m.end())
    rest = zone[m.end() : line_end if line_end >= 0 else len(zone)]
    if rest.strip(SPACE + "\t）)】]"):
        return False
    prefix = m.group("prefix")
    lead = prefix[: len(prefix) - len(_LEAD_IN_RE.sub("", prefix))]
    if _CITING_RE.search(lead):
        return False
    line_start = zone.rfind("\n", 0, m.start()) + 1
    before = zone[line_start : m.start()].rstrip(SPACE + "\t（(")
    return not before.endswith("》")


def signature(zone: str, last: bool = False) -> Signature | None:
    """The date line of a zone (its first, or with ``last`` its last) and the bodies above it."""
    dates = list(DATE_LINE_RE.finditer(zone))
    if not dates:
        return None
    m = dates[-1] if last else dates[0]
    date = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    above = [ln.strip(SPACE + "\t") for ln in zone[: m.start()].split("\n")]
    above = [ln for ln in above if ln][-2:]
    names: list[str] = []
    for line in reversed(above):
        parts = [p for p in re.split(f"[{SPACE}\t、]+", line) if p]
        if not parts or not all(_BODY_RE.match(p) for p in parts):
            break
        names[:0] = parts
    return Signature("、".join(names), date)


def header_date(source: str) -> str:
    """The date in a web page's or a news report's header lines, ISO, or ''."""
    head = source[:HEADER_ZONE]
    for pattern in _HEADER_DATES:
        m = pattern.search(head)
        if m is not None and 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31:
            return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
    return ""


def header_source(source: str) -> str:
    """The outlet a news report names in its header (来源：安徽日报), or ''."""
    m = _SOURCE_RE.search(source[:HEADER_ZONE])
    return m["who"] if m is not None else ""
