"""The checks of one plan against itself and against the plans above it.

Every finding says how sure it is (``confidence``: high, medium, low) and why, in Chinese
(``reason``). Targets the plan records of the plan before it (``Item.previous_plan``: a
十三五 table's 规划数) are not this plan's promises: no check reads them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from planwatch.analyze.cascade import (
    PlanIndex,
    bound,
    comparable_targets,
    is_weaker,
    weaker_than_higher,
)
from planwatch.analyze.deadlines import (
    VISION_GAP,
    deadlines_outside_period,
    relative_deadlines,
    sentence_start,
)
from planwatch.analyze.plans import (
    RATE_UNITS,
    SEVERITY_RANK,
    Confidence,
    Finding,
    Plan,
    Severity,
    evidence_of,
)
from planwatch.analyze.projects import table_prose_mismatches
from planwatch.present.figures import figure
from planwatch.records import Indicator, Item

__all__ = [
    "already_met",
    "check_plans",
    "contradictory_targets",
    "deadlines_outside_period",
    "finding_order",
    "programme_values",
    "relative_deadlines",
    "years_outside_period",
]


def check_plans(
    plans: Iterable[Plan], catalog: Mapping[str, Indicator], only: set[int] | None = None
) -> list[Finding]:
    """Every finding of the plans (of those in ``only`` when given), most severe first."""
    index = PlanIndex(plans)
    findings: list[Finding] = []
    for plan in index.by_id.values():
        if only is not None and plan.id not in only:
            continue
        findings += weaker_than_higher(plan, index, catalog)
        findings += years_outside_period(plan)
        findings += deadlines_outside_period(plan)
        findings += relative_deadlines(plan)
        findings += contradictory_targets(plan, catalog)
        findings += programme_values(plan)
        findings += already_met(plan, catalog)
        findings += table_prose_mismatches(plan)
    return sorted(findings, key=finding_order)


def finding_order(finding: Finding) -> tuple[int, str, int, int, str]:
    """How findings are listed: most severe first, then by file name and place (not by the
    ledger's ids, so that two ledgers of the same plans list their findings alike)."""
    start = finding.evidence[0].start or 0 if finding.evidence else 0
    rank = SEVERITY_RANK[finding.severity]
    return rank, finding.doc, finding.document_id, start, finding.kind


def years_outside_period(plan: Plan) -> list[Finding]:
    """Targets dated before or after the plan's own period, one finding for the figures of
    one sentence and year (5年内，开展交流项目50个，建设名师工作室25个).

    A year before the period is mostly a review of the last plan's targets (十三五 in a 十四五
    plan) and a year well after it a 远景目标, so both are hints; a year just after the
    period is a warning. Targets the extractor marks as the previous plan's are not read.
    """
    start, end = plan.period_start, plan.period_end
    if start is None or end is None:
        return []
    groups: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for item in plan.targets:
        if item.year is not None and not start <= item.year <= end:
            where = sentence_start(plan.source, item.span.start) if plan.source else item.span.start
            groups[(where, item.year)].append(item)
    return [_out_of_period(plan, year, items) for (_where, year), items in groups.items()]


def _out_of_period(plan: Plan, year: int, items: list[Item]) -> Finding:
    start, end = plan.period_start or year, plan.period_end or year
    severity: Severity = "warning"
    confidence: Confidence = "medium" if plan.period_inferred else "high"
    if year < start:
        severity, why, confidence = "info", "早于规划期（多为对上一规划期目标的回顾）", "low"
        reason = "年份早于规划期的目标多是回顾上一规划的数字，请核对是否为本规划的承诺"
    elif year - end >= VISION_GAP:
        severity, why = "info", "晚于规划期（远景目标）"
        reason = "远景目标晚于规划期属常见写法，仅作提示"
    else:
        why = "晚于规划期"
        reason = "目标年份" + ("见于原文" if _year_written(items[0]) else "由相对期限推算")
    if plan.period_inferred:
        reason += "；规划期是推定的（文件未写明）"
    what = "、".join(f"「{i.subject or i.text}」{figure(i)}" for i in items)
    message = f"目标{what}的年份{year}年{why}，规划期为{plan.period_words()}"
    mine = [evidence_of("本级目标", plan, i) for i in items]
    return Finding.about("year_outside_period", severity, plan, items[0], message, *mine).sure(
        confidence, reason
    )


def _year_written(item: Item) -> bool:
    return str(item.year) in item.quote


def contradictory_targets(plan: Plan, catalog: Mapping[str, Indicator]) -> list[Finding]:
    """Two or more different figures for the same indicator, year and unit in one plan: a
    warning when no value meets them all (95% and 97%; ≤5% and ≥8%), a hint when one does
    (≥95% in the 总体目标, ≥95.8% in the 年度目标: the plan should say one figure)."""
    out = []
    for (indicator, year, _unit), items in comparable_targets(plan, catalog).items():
        distinct = list({(i.value, i.value_max, i.relation): i for i in reversed(items)}.values())
        if len({(i.value, i.value_max) for i in distinct}) < 2:
            continue
        distinct.sort(key=lambda i: i.span.start)
        figures = "、".join(figure(i) for i in distinct)
        name = catalog[indicator].name
        lows, highs = zip(*(_interval(i) for i in distinct), strict=True)
        severity: Severity = "warning" if max(lows) > min(highs) else "info"
        how = "互相矛盾的数值" if severity == "warning" else "不同数值（可同时满足，宜统一）"
        message = f"{year}年{name}的目标在本文件中有{len(distinct)}个{how}：{figures}"
        evidence = [evidence_of("本级目标", plan, i) for i in distinct]
        reason = (
            "同一指标、同一年份，没有一个数值能同时满足"
            if severity == "warning"
            else "同一指标、同一年份的数值可以同时满足，口径宜统一"
        )
        first = distinct[0]
        out.append(
            Finding.about("contradictory_targets", severity, plan, first, message, *evidence).sure(
                "high", reason
            )
        )
    return out


def _interval(item: Item) -> tuple[float, float]:
    """The values a target allows: ≥92% → [92, ∞), ≤5% → (−∞, 5], 92%—95%, 92% → [92, 92]."""
    if item.value_max is not None:
        return item.value, item.value_max
    if item.relation == ">=":
        return item.value, math.inf
    if item.relation == "<=":
        return -math.inf, item.value
    return item.value, item.value


# A count's subject reduced to what it counts: generic verbs and the plan's own level go
# (重点建设10所特色鲜明的本科高校 and 重点建设7所左右特色鲜明本科高校 count one thing).
_COUNT_VERBS = re.compile(
    r"^(?:重点|着力|力争|全力|积极)?(?:建设|建成|创建|打造|培育|支持|推动|推进|实现|完成|遴选|认定)"
)
_OWN_LEVEL = re.compile(r"^(?:自治区级?|全区|全省|省级|本省|全市|市级|本市|全县|县级|本县|区级)")
_NOISE = re.compile(r"[\s的“”\"《》「」、，,（）()]")
COUNT_UNITS = frozenset({"所", "个", "项", "家", "座", "校", "园"})
MIN_SUBJECT = 4  # a shorter subject (学校, 幼儿园) names no programme
# The plan's headline goals (总体目标, 发展目标): a count restated in a task must agree with them;
# two tasks may each count their own 新增学位.
_GOALS = re.compile(r"目标")


def _counted(subject: str) -> str:
    name = _NOISE.sub("", subject)
    return _COUNT_VERBS.sub("", name)


def programme_values(plan: Plan) -> list[Finding]:
    """The same programme counted with different figures in the plan's goals and elsewhere in
    it (重点建设10所特色鲜明的本科高校 in the 总体目标, 7所左右 in a task; 160 and 100
    所示范性普通高中): a hint, since one may be a part of the other, but the plan should say
    which."""
    groups: dict[tuple[str, int | None, str], list[Item]] = defaultdict(list)
    for item in plan.targets:
        name = _counted(item.subject)
        if item.unit in COUNT_UNITS and not item.indicator and len(name) >= MIN_SUBJECT:
            groups[(name, item.year, item.unit)].append(item)
    merged: dict[tuple[str, int | None, str], list[Item]] = defaultdict(list)
    for key, items in groups.items():
        merged[_shortest_alike(key, groups)] += items
    out = []
    for (name, year, _unit), items in merged.items():
        values = {(i.value, i.value_max) for i in items}
        if len(values) < 2 or not any(_GOALS.search(i.section) for i in items):
            continue
        items.sort(key=lambda i: i.span.start)
        shown = list({(i.value, i.value_max): i for i in reversed(items)}.values())
        shown.sort(key=lambda i: i.span.start)
        when = f"{year}年" if year else ""
        message = (
            f"同一项目「{name}」在本文件中{when}有{len(shown)}个不同数值："
            + "、".join(f"{figure(i)}（「{i.subject}」）" for i in shown)
            + "，可能一为总数、一为其中部分，宜写明口径"
        )
        evidence = [evidence_of("本级目标", plan, i) for i in shown]
        out.append(
            Finding.about("contradictory_targets", "info", plan, shown[0], message, *evidence).sure(
                "medium", "按项目名称的文字对照（同名或只差本级层级词），不是目录指标"
            )
        )
    return out


def _shortest_alike(
    key: tuple[str, int | None, str], groups: Mapping[tuple[str, int | None, str], list[Item]]
) -> tuple[str, int | None, str]:
    """The key of the shortest name this one is, but for the plan's own level in front
    (自治区示范性普通高中 → 示范性普通高中)."""
    name = key[0]
    alike = [
        other
        for other in groups
        if other[1:] == key[1:]
        and len(other[0]) < len(name)
        and name.endswith(other[0])
        and _OWN_LEVEL.fullmatch(name[: -len(other[0])])
    ]
    return min(alike, key=lambda k: len(k[0])) if alike else key


def already_met(plan: Plan, catalog: Mapping[str, Indicator]) -> list[Finding]:
    """Targets for the plan's period that a baseline the plan states already meets: the
    latest baseline of the same indicator and unit dated before the target's year (or, for a
    rate no catalog indicator names, of a subject sharing most of its words)."""
    out = []
    for (indicator, year, unit), targets in comparable_targets(plan, catalog).items():
        if plan.period_start is not None and year < plan.period_start:
            continue  # a review of an earlier plan's target
        base = _latest_baseline(plan, indicator, unit, before=year)
        if base is None:
            continue
        direction = catalog[indicator].direction
        for target in targets:
            goal = bound(target, direction)
            if goal is None or is_weaker(base.value, goal, direction):
                continue
            out.append(_met(plan, target, base, goal, catalog[indicator].name))
    out += _met_by_words(plan)
    return out


def _met(plan: Plan, target: Item, base: Item, goal: float, name: str) -> Finding:
    """A target its baseline already meets; by words (medium) when no indicator links them."""
    confidence: Confidence = "high" if target.indicator else "medium"
    severity: Severity = "info" if base.value == goal else "warning"
    how = "已持平" if base.value == goal else "已超过"
    message = (
        f"{target.year}年{name}目标{figure(target)}，"
        f"本文件所述{base.year}年现状{figure(base)}{how}该目标"
    )
    reason = "同一指标、同一单位，现状数字为本文件所写"
    if severity == "info":
        reason += "；目标等于现状，没有增量"
    else:
        reason += "；目标低于现状，等于允许倒退"
    if confidence != "high":
        reason = "目标与现状按对象的文字对照（未关联目录指标）；" + reason.split("；", 1)[1]
    evidence = (evidence_of("本级目标", plan, target), evidence_of("本级基数", plan, base))
    return Finding.about("already_met", severity, plan, target, message, *evidence).sure(
        confidence, reason
    )


def _latest_baseline(plan: Plan, indicator: str, unit: str, before: int) -> Item | None:
    found = [
        b
        for b in plan.baselines
        if b.indicator == indicator and b.unit == unit and b.year is not None and b.year < before
    ]
    return max(found, key=lambda b: (b.year, b.span.start)) if found else None


SAME_SUBJECT_AT = 0.5  # share of a target's character pairs a baseline's subject must hold
SAME_SUBJECT_PAIRS = 4  # … and at least this many


def _pairs(subject: str) -> set[str]:
    name = _NOISE.sub("", subject)
    return {name[i : i + 2] for i in range(len(name) - 1)}


def _met_by_words(plan: Plan) -> list[Finding]:
    """Rates without a catalog indicator (基层党组织规范化标准化率达到100%) met by an earlier
    baseline whose subject holds most of the target's character pairs (公办学校党组织标准化
    规范化达标率100%)."""
    bases = [b for b in plan.baselines if not b.indicator and b.unit in RATE_UNITS and b.year]
    if not bases:
        return []
    out = []
    for target in plan.targets:
        if target.indicator or target.unit not in RATE_UNITS or not target.year:
            continue
        if target.relation == "<=":
            continue
        mine = _pairs(target.subject)
        like = [
            b
            for b in bases
            if b.unit == target.unit
            and (b.year or 0) < target.year
            and len(mine & _pairs(b.subject))
            >= max(SAME_SUBJECT_PAIRS, SAME_SUBJECT_AT * len(mine))
        ]
        if not like:
            continue
        base = max(like, key=lambda b: (b.year, b.span.start))
        if base.value >= target.value:
            out.append(_met(plan, target, base, target.value, target.subject))
    return out
