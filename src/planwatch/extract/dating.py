"""When a figure holds and whether it is promised or reported: its kind and year.

Worked example, a 实施方案 issued on 2019-07-15 whose goals run to 2022::

    2018年，全省共有幼儿园1.52万所。……目前，公办园在园幼儿占比仅为28.7%。
    到2020年，毛入园率达到85%。……建设省级示范幼儿园100所。

1.52万所 is dated by the year opening its paragraph, 2018, before the document: a baseline
of 2018. 28.7% stands after 目前: a baseline of the document's own year, 2019. 85% is
promised by 到2020年: a target of 2020. 100所 names no year: a target of the plan's end, 2022.
The words these rules read (目前, 已, 累计, 力争, 发挥…作用) are the tables of ``rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.extract.context import (
    YearIndex,
    YearMention,
    clause_start,
    sentence_start,
    soft_break,
)
from planwatch.extract.rules import NOW_WORDS, PAST_WORDS, PROMISE_WORDS, USE_WORDS
from planwatch.records import Kind, Metadata

_NOW_RE = re.compile("|".join(NOW_WORDS))
_PAST_RE = re.compile("|".join(PAST_WORDS))
_ON_WHAT_EXISTS_RE = re.compile(r"现有[^，。；\n]{0,8}基础")
_PROMISE_RE = re.compile("|".join(PROMISE_WORDS))
_USE_RE = re.compile(rf"(?:{'|'.join(USE_WORDS)})(?:全[省市区县]|本[省市区县])?$")
# A paragraph opening with a span of years up to now (五年来, 三年间) goes on with the period
# the paragraph before it opened with (“十三五”期间…。\n五年间，…).
_SPAN_OPENING_RE = re.compile(r"[一二三四五六七八九十\d]{1,2}年(?:来|间|中)")
# A plan target quoted in brackets inside a report: 完成规划目标任务（110所）的60.9%.
_QUOTED_TARGET_RE = re.compile(r"(?:规划|计划)?目标(?:任务)?[（(]$")
# After the figure, within its clause: 15个县（市、区）已全部通过…认定 reports what was done.
_PAST_AFTER_RE = re.compile(r"[^，。；\n]{0,12}?(?:已全部|已经|均已|已)")
# 截至2023年6月: the state at a date, never a deadline to come.
_AS_OF = ("截至", "截止", "截至到")
# The longest paragraph read back from a figure for the year that opens it.
PARAGRAPH_MAX = 2000
# A plan named with its period (“十三五”规划, 十三五时期): figures of its sentence are its own.
_EARLIER_PLAN_RE = re.compile(r"十(?P<n>[一二三四五六七八九])五[”\"]?(?:规划|时期|期间|末)")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# Words naming a plan's target between the plan and the figure: 目标为85%, 规划数, 预期.
_PLAN_TARGET_RE = re.compile(r"目标|规划数|规划值|预期|计划数")


@dataclass(frozen=True, slots=True)
class Frame:
    """The document's frame of time: its own year, its period and the year of its review."""

    now: int | None  # the document's year: its issue year, else its period's start
    start: int | None
    end: int | None
    review: int | None  # the year figures of a review section refer to when they name none

    @classmethod
    def of(cls, meta: Metadata) -> Frame:
        issue = meta.issue_date[:4]
        issued = int(issue) if issue.isdigit() else None
        start, end = meta.period_start, meta.period_end
        now: int | None = issued if issued is not None else start
        # A 十四五 plan issued in its first years reviews the period before it (2020); a
        # mid-term review or a report issued later in its period reviews its own time.
        early = start is not None and (issued is None or issued < start + 2)
        review = start - 1 if early and start is not None and not meta.period_inferred else now
        return cls(now, start, end, review)


@dataclass(frozen=True, slots=True)
class Dating:
    """A figure's kind and year, and whether it is a target of the plan before this one."""

    kind: Kind
    year: int | None
    previous_plan: bool = False


def date_figure(
    text: str,
    years: YearIndex,
    frame: Frame,
    figure: tuple[int, int],
    place: tuple[bool, int | None],
) -> Dating:
    """The kind and year of the figure [start, end); ``place`` is (its section reviews the
    past, the year its heading names). A sentence about an earlier plan (“十三五”规划确定的…目标
    为85%，实际达到89.2%) gives that plan's targets and results, dated to its end."""
    pos = figure[0]
    lo = sentence_start(text, pos)
    if years.last_before(lo, pos) is None:
        earlier = _earlier_plan(text, frame, lo, pos)
        if earlier is not None:
            return earlier
    return Dating(*kind_and_year(text, years, frame, figure, place))


def _earlier_plan(text: str, frame: Frame, lo: int, pos: int) -> Dating | None:
    """A figure of a sentence naming a plan that ended before this one began."""
    start = frame.start if frame.start is not None else frame.now
    plans = list(_EARLIER_PLAN_RE.finditer(text, lo, pos))
    plan = plans[-1] if plans else None
    if plan is None or start is None:
        return None
    end = 1956 + 5 * (_CN_DIGIT[plan["n"]] + 10 - 1) + 4  # 十三五 → 2020
    if end >= start:
        return None
    if _PLAN_TARGET_RE.search(text, max(plan.end(), clause_start(text, pos)), pos):
        return Dating("target", end, previous_plan=True)
    return Dating("baseline", end)


def kind_and_year(
    text: str,
    years: YearIndex,
    frame: Frame,
    figure: tuple[int, int],
    place: tuple[bool, int | None],
) -> tuple[Kind, int | None]:
    """The kind and year of the figure [start, end) from the years and words around it."""
    pos, end = figure
    reviewing, heading_year = place
    lo = sentence_start(text, pos)
    mention = years.last_before(lo, pos)
    if mention is None:
        opening = _opening_mention(text, years, pos)
        if opening is not None and frame.now is not None and opening.year < frame.now:
            mention = opening  # a paragraph reporting results: 2019年，…。…
    if mention is None and heading_year is not None:
        mention = YearMention(lo, lo, heading_year, True)  # the heading's year holds below it
    if mention is not None and mention.within:
        first = frame.now  # N年内 counts from the document's date (5年内 in 2018 → 2022)
        return "target", (first + mention.within - 1) if first else frame.end
    if _QUOTED_TARGET_RE.search(text, max(0, pos - 8), pos):
        return "target", frame.end
    words_from = mention.end if mention is not None else lo
    if _now(text, words_from, pos) or _USE_RE.search(text, max(lo, pos - 20), pos):
        return "baseline", frame.now
    if mention is not None:
        return _dated(text, mention, frame, max(lo, mention.end), pos)
    if reviewing:
        return "baseline", frame.review
    if _past(text, lo, pos) or _PAST_AFTER_RE.match(text, end):
        return "baseline", frame.now
    return "target", frame.end


def _dated(
    text: str, mention: YearMention, frame: Frame, lo: int, pos: int
) -> tuple[Kind, int | None]:
    """A figure under a named year: before the document is the past, after it a promise."""
    year = mention.year
    if frame.now is not None and year < frame.now:
        return "baseline", year
    as_of = text.endswith(_AS_OF, max(0, mention.start - 3), mention.start)
    if frame.now is not None and year == frame.now and (as_of or _past(text, lo, pos)):
        return "baseline", year
    return "target", year


def _now(text: str, lo: int, pos: int) -> bool:
    """Words of today before the figure (目前, 现有…), not 在现有基础上 (a base for a promise)."""
    now = _NOW_RE.search(text, lo, pos)
    return now is not None and not _ON_WHAT_EXISTS_RE.match(text, now.start())


def _past(text: str, lo: int, pos: int) -> bool:
    """Words of the past before the figure in its sentence (已, 累计, 实现了…) and no promise."""
    return bool(_PAST_RE.search(text, lo, pos)) and not _PROMISE_RE.search(text, lo, pos)


def _opening_mention(text: str, years: YearIndex, pos: int) -> YearMention | None:
    """The last year named earlier in the paragraph of pos (2019年，…。当年…), or the one
    of the paragraph before when this one opens with 五年来 / 五年间."""
    start = _paragraph_start(text, pos)
    mention = years.last_before(start, pos)
    if mention is None and _SPAN_OPENING_RE.match(text, start):
        before = _paragraph_start(text, max(0, start - 2))
        mention = years.last_before(before, start)
    return mention


def _paragraph_start(text: str, pos: int) -> int:
    """Start of the paragraph holding pos (a soft line break does not end a paragraph), at
    most PARAGRAPH_MAX characters back."""
    floor = max(0, pos - PARAGRAPH_MAX)
    start = text.rfind("\n", floor, pos) + 1
    while start > floor and soft_break(text, start - 1):
        start = text.rfind("\n", floor, start - 1) + 1
    return max(start, floor)
