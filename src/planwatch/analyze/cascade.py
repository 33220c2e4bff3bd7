"""A lower plan's targets against its higher plans' targets for the same indicator and year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planwatch.analyze.plans import RATE_UNITS, Confidence, Finding, Plan, Severity, evidence_of
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
        self._comparable: dict[int, dict[tuple[str, int, str], list[Item]]] = {}

    def comparable(
        self, plan: Plan, catalog: Mapping[str, Indicator]
    ) -> dict[tuple[str, int, str], list[Item]]:
        """``comparable_targets`` of a plan, worked out once however many plans it is above."""
        found = self._comparable.get(plan.id)
        if found is None:
            found = self._comparable[plan.id] = comparable_targets(plan, catalog)
        return found

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


# Words that name the usual scope of an indicator, not a part of the region: plans write the
# same figure with and without them.
@dataclass(frozen=True, slots=True)
class Scope:
    """Words that name an indicator's usual scope, and why."""

    words: re.Pattern[str]
    reason: str


INDICATOR_SCOPE = {
    "large_class_share": Scope(
        re.compile(r"城镇|城区"),
        "大班额是城镇学校的问题：同一目标写作“城镇义务教育学校56人以上大班额比例控制在5%以内”"
        "或“56人以上大班额比例控制在5%以内”（国办发〔2019〕29号与各省的实施意见）",
    ),
}


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
        if not region_wide(item, info):
            continue
        if bound(item, info.direction) is not None:
            out[(info.id, item.year, item.unit)].append(item)
    return out


def region_wide(item: Item, info: Indicator) -> bool:
    """Whether a target is for the whole region, not a part of it (其中农村地区…), the
    indicator's usual scope (城镇 for 大班额) aside."""
    return not _PART_OF_REGION.search(_without_scope(item.subject, info.id))


def _without_scope(subject: str, indicator: str) -> str:
    scope = INDICATOR_SCOPE.get(indicator)
    return scope.words.sub("", subject) if scope else subject


def cascade_pairs(
    plan: Plan,
    highers: Sequence[tuple[Plan, str]],
    catalog: Mapping[str, Indicator],
    index: PlanIndex | None = None,
) -> list[Pair]:
    """Each of the plan's rate targets beside the strictest target each higher plan sets for
    the same indicator and unit, by the same year or earlier (a city's 90% for 2025 answers to
    its province's 92.4% for 2023 as well), within the higher plan's period when it has one.
    An ``index`` keeps each plan's comparable targets once for all the plans below it."""
    comparable = index.comparable if index is not None else comparable_targets
    mine = comparable(plan, catalog)
    pairs: list[Pair] = []
    for higher, basis in highers:
        theirs = comparable(higher, catalog)
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
    plan: Plan, index: PlanIndex, catalog: Mapping[str, Indicator]
) -> list[Finding]:
    """A finding for each target of the plan that promises less than its higher plans', once
    for a figure the plan repeats, naming every higher plan it falls short of (the one it
    implements first). Weaker than the plans above but not than those plans' own higher plans
    (a city below its province's 100% but above the national 95%) is a warning; else serious.
    """
    pairs = cascade_pairs(plan, index.higher_plans(plan), catalog, index)
    groups: dict[tuple[object, ...], list[Pair]] = defaultdict(list)
    for pair in pairs:
        if pair.verdict == WEAKER:
            item = pair.item
            groups[(item.indicator, item.year, item.value, item.value_max)].append(pair)
    out = []
    for group in groups.values():
        # the plan it implements first; ties by file name, not by id (ledgers ingested in
        # another order list the same finding alike)
        group.sort(key=lambda p: (p.basis != "贯彻", p.item.span.start, p.higher.name))
        weaker_than = {p.higher.id for p in group}
        above = {h.id for p in group for h, _ in index.higher_plans(p.higher)} - weaker_than
        spared = sorted(
            (
                p
                for p in pairs
                if p.item is group[0].item and p.higher.id in above and p.verdict == CONSISTENT
            ),
            key=lambda p: p.higher.name,
        )
        out.append(_weaker_finding(plan, group, spared, catalog))
    return out


def _weaker_finding(
    plan: Plan, group: Sequence[Pair], spared: Sequence[Pair], catalog: Mapping[str, Indicator]
) -> Finding:
    pair = group[0]
    info = catalog[pair.item.indicator or ""]
    way = "低于" if info.direction == "higher" else "高于"
    highers = list({p.higher.id: p for p in group}.values())
    against = "；".join(_against(p) for p in highers)
    message = f"{pair.item.year}年{info.name}目标{figure(pair.item)}{way}{against}"
    places = {p.item.span.start for p in group}
    if len(places) > 1:
        message += f"（本文件{len(places)}处写同一目标）"
    severity: Severity = "high"
    if spared:
        top = spared[0]
        severity = "warning"
        name = top.higher.title or top.higher.name
        message += f"；但不低于更上一级《{name}》的{figure(top.higher_item)}"
    mine = [
        evidence_of("本级目标", plan, p.item)
        for p in {p.item.span.start: p for p in group}.values()
    ]
    theirs = [evidence_of("上级目标", p.higher, p.higher_item) for p in highers]
    confidence, reason = _weaker_confidence(pair, info)
    # the plan's figure, each higher plan's, then the plan's repeats of its figure
    evidence = (mine[0], *theirs, *mine[1:])
    return Finding.about("cascade_weaker", severity, plan, pair.item, message, *evidence).sure(
        confidence, reason
    )


def _against(pair: Pair) -> str:
    why = "所贯彻的上级规划" if pair.basis == "贯彻" else "上级地区同期规划"
    then = pair.higher_item.year
    when = f"（{then}年）" if then != pair.item.year else ""
    return f"{why}《{pair.higher.title or pair.higher.name}》的{figure(pair.higher_item)}{when}"


def _weaker_confidence(pair: Pair, info: Indicator) -> tuple[Confidence, str]:
    notes = []
    if pair.basis != "贯彻":
        notes.append("上级规划按地区和规划期认定（文件未点名贯彻）")
    if pair.higher_item.year != pair.item.year:
        notes.append(f"上级目标为{pair.higher_item.year}年，按“更早达到的目标后来仍须达到”比较")
    if "~" in (pair.item.relation, pair.higher_item.relation):
        notes.append("一方为约数（左右）")
    scope = INDICATOR_SCOPE.get(info.id)
    if scope and scope.words.search(pair.item.subject + pair.higher_item.subject):
        notes.append("一方限于城镇学校，按同一口径比较")
    if not notes:
        return "high", "同一目录指标、同一年份，双方均为全地区的目标"
    return "medium", "；".join(notes)
