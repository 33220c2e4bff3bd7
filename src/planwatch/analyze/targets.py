"""A higher plan's targets beside the lower plan's: taken up or not, and for figures that can
be compared across levels (rates, ceilings and floors, per-student and per-person standards)
whether the lower plan promises at least as much (不弱于上级) or less (弱于上级).

Totals a higher level splits among lower ones (schools built, seats, money) are not compared:
a city's smaller count is no weaker promise. A lower target for an earlier year is not weaker
when it already reaches the higher target's value (reaching it sooner is stricter); one that
does not is a stage on the way, not compared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.analyze.cascade import CONSISTENT, WEAKER, bound, is_weaker, region_wide
from planwatch.analyze.plans import RATE_UNITS, Confidence, Plan
from planwatch.records import Indicator, Item

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not_covered"
# A target's subject is a few words (新建公办幼儿园): one shared word weighs more, so the bar
# is higher (seeds 003 and 001: 新建城乡公办幼儿园 → 新建公办幼儿园 0.58, 示范幼儿园 →
# 新建公办幼儿园 0.29, 中小学接入宽带网络 → 优质中小学 0.29).
SUBJECT_COVERED_AT, SUBJECT_PARTIAL_AT = 0.5, 0.3
# A standard per student, class, teacher or term (生均650元, 每班45人, 每5年360学时): comparable
# across levels, unlike a total.
_PER_UNIT = re.compile(r"每|生均|人均|标准|定额|上限|比例")
MONEY = "元"


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """A higher target and the lower plan's targets that take it up, the comparison, how sure
    it is and why (in Chinese)."""

    item: Item
    lower: Plan
    matches: tuple[Item, ...]
    how: str  # 指标 / 文字 / ""
    status: str
    verdict: str = ""  # consistent / weaker for comparable figures
    score: float = 1.0  # the subject similarity, for a match by text
    confidence: Confidence = "high"
    reason: str = ""


def target_matches(
    higher: Plan, lower: Plan, catalog: Mapping[str, Indicator], scores: Any
) -> list[TargetMatch]:
    """Each higher target with the lower targets of its indicator, or for a target without
    one, the lower target whose subject reads most alike (``scores``: loose × lower)."""
    mine, theirs = higher.targets, lower.targets
    row = {t.id: n for n, t in enumerate(loose_targets(higher, catalog))}
    rows = scores.tolist()  # floats read one by one: faster as a list than from numpy
    by_indicator: dict[str, list[Item]] = {}
    for t in theirs:
        if t.indicator:
            by_indicator.setdefault(t.indicator, []).append(t)
    out = []
    for item in mine:
        info = catalog.get(item.indicator or "")
        if info is not None:
            same = tuple(by_indicator.get(info.id, ()))
            out.append(_by_indicator(item, lower, info, same))
        else:
            out.append(_by_text(item, lower, theirs, rows[row[item.id]]))
    return out


def loose_targets(plan: Plan, catalog: Mapping[str, Indicator]) -> list[Item]:
    """The plan's targets no catalog indicator names: matched by their subjects' words."""
    return [t for t in plan.targets if (t.indicator or "") not in catalog]


def compared(item: Item, others: Sequence[Item], direction: str) -> str:
    """weaker when a lower target of the same year or later promises less than ``item``;
    consistent when one promises as much (or reaches it sooner); "" when none compares."""
    verdicts = set()
    for other in others:
        mine, theirs = bound(other, direction), bound(item, direction)
        if mine is None or theirs is None or other.unit != item.unit:
            continue
        weaker = is_weaker(mine, theirs, direction)
        sooner = other.year is not None and item.year is not None and other.year < item.year
        if weaker and sooner:
            continue  # a stage on the way to the higher target's year
        verdicts.add(WEAKER if weaker else CONSISTENT)
    if WEAKER in verdicts:
        return WEAKER
    return CONSISTENT if verdicts else ""


def _not_covered(item: Item, lower: Plan, reason: str) -> TargetMatch:
    return TargetMatch(item, lower, (), "", NOT_COVERED, confidence="medium", reason=reason)


def _by_indicator(item: Item, lower: Plan, info: Indicator, same: tuple[Item, ...]) -> TargetMatch:
    if not same:
        return _not_covered(item, lower, f"下级规划没有「{info.name}」的目标")
    comparable = [t for t in same if region_wide(t, info)] if region_wide(item, info) else []
    direction = info.direction if item.unit in RATE_UNITS or _PER_UNIT.search(item.subject) else ""
    verdict = compared(item, comparable, direction) if direction else ""
    reason = f"下级规划设有同一指标「{info.name}」的目标"
    if not verdict:
        reason += "，年份或口径不同，未比较高低"
    return TargetMatch(item, lower, same, "指标", COVERED, verdict, reason=reason)


def _by_text(item: Item, lower: Plan, theirs: Sequence[Item], scores: Any) -> TargetMatch:
    ranked = sorted(
        (
            (float(scores[n]), t)
            for n, t in enumerate(theirs)
            if t.unit == item.unit and scores[n] >= SUBJECT_PARTIAL_AT
        ),
        key=lambda pair: -pair[0],
    )
    if not ranked:
        return _not_covered(item, lower, "下级规划没有对象相近、单位相同的目标")
    best, match = ranked[0]
    status = COVERED if best >= SUBJECT_COVERED_AT else PARTIAL
    verdict = _by_words(item, match) if status == COVERED else ""
    reason = f"对象文字相近（相似度{best:.2f}）：「{match.subject}」"
    if status == COVERED and not verdict:
        reason += "；不是可跨级比较的比率或标准，未比较高低"
    return TargetMatch(
        item,
        lower,
        (match,),
        "文字",
        status,
        verdict,
        score=best,
        confidence="medium",
        reason=reason,
    )


def _by_words(item: Item, match: Item) -> str:
    """A figure without an indicator compared by its own words: a rate or a standard per
    student, class or teacher; 控制在…以内 and 不超过 should stay low, 不低于 and 以上 high, an
    equal money standard (生均650元) high."""
    if item.unit not in RATE_UNITS and not _PER_UNIT.search(item.subject + match.subject):
        return ""
    direction = {">=": "higher", "<=": "lower"}.get(item.relation) or {
        ">=": "higher",
        "<=": "lower",
    }.get(match.relation, "")
    if not direction and item.unit == MONEY:
        direction = "higher"
    if not direction:
        return CONSISTENT if (item.value, item.value_max) == (match.value, match.value_max) else ""
    return compared(item, [match], direction)
