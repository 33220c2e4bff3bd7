"""A plan's period: stated in its title or text, or inferred from its issue year and goals.

Worked example: a 实施意见 issued on 2019-06-18 whose 主要目标 say 到2020年…；到2022年… states
no period; it runs from its issue year to the last deadline its goals name, 2019–2022
(``infer_period``). A title with 2021—2023年 or 十四五 states one (``find_period``), as does
a sentence such as 本实施意见实施期为2019—2021年 (``stated_period``).
"""

from __future__ import annotations

import re

from planwatch.records import Section

_PERIOD_RE = re.compile(
    r"(?P<a>(?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*(?P<b>(?:19|20)\d{2})\s*年?"
)
_FIVE_YEAR_RE = re.compile(r"[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# 本实施意见实施期为2019—2021年; 规划期限：2021—2025年.
_STATED_RE = re.compile(
    r"(?:实施期限?|规划期限?|执行期限?|实施时间|行动期限?)(?:为|是|：|:|自)?\s*"
    r"(?P<a>(?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*(?P<b>(?:19|20)\d{2})\s*年"
)
# A deadline: 到2022年, 至2025年底, 2020年前, 2021年底前 (not 截至2018年底, a date of the past).
_DEADLINE_RE = re.compile(
    r"(?<!截)(?:到|至)\s*(?P<a>(?:19|20)\d\d)\s*年|(?P<b>(?:19|20)\d\d)\s*年(?:底|末)?(?:以)?前"
)
# Headings of the goals (一、总体要求 holds （三）主要目标): the deadlines that bound the period.
_GOALS_RE = re.compile(r"目标|指标")
_CITED_RE = re.compile(r"《[^《》\n]{0,120}》")
# A deadline further than this after the issue year is a vision (到2035年), not the period.
_HORIZON = 10


def find_period(title: str) -> tuple[int | None, int | None]:
    """The plan period from a title: 2021—2023年, or 十四五 → (2021, 2025)."""
    m = _PERIOD_RE.search(title)
    if m is not None:
        return int(m.group("a")), int(m.group("b"))
    m = _FIVE_YEAR_RE.search(title)
    if m is not None:
        start = 1956 + 5 * (_CN_DIGIT[m.group("n")] + 10 - 1)  # 十四五 → 2021
        return start, start + 4
    return None, None


def stated_period(text: str) -> tuple[int | None, int | None]:
    """A period the text states in words: 本实施意见实施期为2019—2021年."""
    m = _STATED_RE.search(text)
    if m is None or int(m["b"]) < int(m["a"]):
        return None, None
    return int(m["a"]), int(m["b"])


def infer_period(
    text: str, outline: list[Section], issue_year: int | None
) -> tuple[int | None, int | None]:
    """Issue year → the last deadline the goals name (the whole text's when no goals heading
    names one); (None, None) when the text names no deadline."""
    goals = [s for s in outline if _GOALS_RE.search(s.title)]
    last = None
    for sec in goals:
        last = _later(last, _last_deadline(text[sec.start : sec.end], issue_year))
    if last is None:
        last = _last_deadline(text, issue_year)
    if last is None:
        return None, None
    return (issue_year if issue_year is not None and issue_year <= last else None), last


def _later(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _last_deadline(text: str, issue_year: int | None) -> int | None:
    """The latest deadline of a text outside cited titles, within the horizon of the issue."""
    text = _CITED_RE.sub("", text) if "《" in text else text
    years = [int(m["a"] or m["b"]) for m in _DEADLINE_RE.finditer(text)]
    if issue_year is not None:
        years = [y for y in years if issue_year <= y <= issue_year + _HORIZON]
    return max(years, default=None)
