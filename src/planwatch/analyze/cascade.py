"""A lower plan's targets against its higher plans' targets for the same indicator and year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planwatch.analyze.plans import RATE_UNITS, Finding, Plan, evidence_of
from planwatch.present.figures import figure
from planwatch.records import Indicator, Item

CONSISTENT, WEAKER = "consistent", "weaker"


class PlanIndex:
    """The plans of a ledger by id and by region, to find each plan's higher plans at once."""

    def __init__(self, plans: Iterable[Plan]) -> None:
        self.by_id = {p.id: p for p in plans}
        self.by_region: dict[str, list[Plan]] = defaultdict(list)
        for p in self.by_id.values():
            if p.regions:
                self.by_region[p.regions[-1]].append(p)

    def higher_plans(self, plan: Plan) -> list[tuple[Plan, str]]:
        """The plans above this one, each with why: it names them (贯彻), or their region holds
        its region and their periods overlap (上级地区)."""
        out = [(self.by_id[i], "贯彻") for i in plan.implements if i in self.by_id and i != plan.id]
        named = set(plan.implements)
        for code in plan.regions[:-1]:
            for other in self.by_region.get(code, ()):
                if other.id not in named and plan.overlaps(other):
                    out.append((other, "上级地区"))
        return out

    def lower_plans(self, plan: Plan) -> list[Plan]:
        """The plans that name this one as their higher plan."""
        return [p for p in self.by_id.values() if plan.id in p.implements and p.id != plan.id]


def bound(item: Item, direction: str) -> float | None:
    """What a target guarantees in the indicator's good direction: the floor of a rate that
    should rise (≥92%, 达到92%, 92%左右), the ceiling of one that should fall (≤5%); None
    when the target says nothing that way (a ceiling on a rate that should rise)."""
    if direction == "higher" and item.relation != "<=":
        return item.value
    if direction == "lower" and item.relation != ">=":
        return item.value_max if item.value_max is not None else item.value
    return None


def is_weaker(lower: float, higher: float, direction: str) -> bool:
    """Whether the lower plan's bound promises less than the higher plan's."""
    return lower < higher if direction == "higher" else lower > higher


@dataclass(frozen=True, slots=True)
class Pair:
    """A lower plan's target beside the higher plan's target it answers to."""

    lower: Plan
    item: Item
    higher: Plan
    higher_item: Item
    basis: str  # 贯彻 / 上级地区
    verdict: str  # consistent / weaker


# A figure for part of the region (其中农村地区达到90%, 城区达到98%) is not the region's target.
_PART_OF_REGION = re.compile(r"农村|乡村|城区|城镇|县城|镇区|贫困|民族地区|边境|山区|牧区|片区")


def comparable_targets(
    plan: Plan, catalog: Mapping[str, Indicator]
) -> dict[tuple[str, int, str], list[Item]]:
    """A plan's rate targets with a direction, for its whole region, by (indicator, year,
    unit)."""
    out: dict[tuple[str, int, str], list[Item]] = defaultdict(list)
    for item in plan.targets:
        info = catalog.get(item.indicator or "")
        if info is None or item.year is None or item.unit not in RATE_UNITS:
            continue
        if _PART_OF_REGION.search(item.subject):
            continue
        if bound(item, info.direction) is not None:
            out[(info.id, item.year, item.unit)].append(item)
    return out


def cascade_pairs(
    plan: Plan, highers: Sequence[tuple[Plan, str]], catalog: Mapping[str, Indicator]
) -> list[Pair]:
    """Each of the plan's rate targets beside the strictest target each higher plan sets for
    the same indicator and unit, by the same year or earlier (a city's 90% for 2025 answers to
    its province's 92.4% for 2023 as well), within the higher plan's period when it has one."""
    mine = comparable_targets(plan, catalog)
    pairs: list[Pair] = []
    for higher, basis in highers:
        theirs = comparable_targets(higher, catalog)
        for (indicator, year, unit), items in mine.items():
            direction = catalog[indicator].direction
            due = [
                t
                for (i, y, u), ts in theirs.items()
                if (i, u) == (indicator, unit) and y <= year and higher.in_period(y)
                for t in ts
            ]
            if not due:
                continue
            strict = _strictest(due, direction)
            for item in items:
                weaker = is_weaker(bound(item, direction), bound(strict, direction), direction)  # type: ignore[arg-type]
                verdict = WEAKER if weaker else CONSISTENT
                pairs.append(Pair(plan, item, higher, strict, basis, verdict))
    return pairs


def _strictest(items: Sequence[Item], direction: str) -> Item:
    bounds = [(bound(i, direction), n) for n, i in enumerate(items)]
    pick = max(bounds) if direction == "higher" else min(bounds)
    return items[pick[1]]


def weaker_than_higher(
    plan: Plan, highers: Sequence[tuple[Plan, str]], catalog: Mapping[str, Indicator]
) -> list[Finding]:
    """A finding for each target of the plan that promises less than its higher plan's."""
    out = []
    for pair in cascade_pairs(plan, highers, catalog):
        if pair.verdict != WEAKER:
            continue
        info = catalog[pair.item.indicator or ""]
        way = "低于" if info.direction == "higher" else "高于"
        why = "所贯彻的上级规划" if pair.basis == "贯彻" else "上级地区同期规划"
        then = pair.higher_item.year
        when = f"（{then}年）" if then != pair.item.year else ""
        message = (
            f"{pair.item.year}年{info.name}目标{figure(pair.item)}{way}{why}"
            f"《{pair.higher.title or pair.higher.name}》的{figure(pair.higher_item)}{when}"
        )
        mine = evidence_of("本级目标", plan, pair.item)
        theirs = evidence_of("上级目标", pair.higher, pair.higher_item)
        out.append(Finding.about("cascade_weaker", "high", plan, pair.item, message, mine, theirs))
    return out
