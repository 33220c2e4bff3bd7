"""The checks of one plan against itself and against the plans above it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from planwatch.analyze.cascade import (
    PlanIndex,
    bound,
    comparable_targets,
    is_weaker,
    weaker_than_higher,
)
from planwatch.analyze.plans import SEVERITY_RANK, Evidence, Finding, Plan, Severity, evidence_of
from planwatch.analyze.projects import table_prose_mismatches
from planwatch.present.figures import figure
from planwatch.records import Indicator, Item

VISION_GAP = 5  # a target this many years past the period is a 远景目标 (2035 in a 十四五 plan)


def check_plans(
    plans: Iterable[Plan], catalog: Mapping[str, Indicator], only: set[int] | None = None
) -> list[Finding]:
    """Every finding of the plans (of those in ``only`` when given), most severe first."""
    index = PlanIndex(plans)
    findings: list[Finding] = []
    for plan in index.by_id.values():
        if only is not None and plan.id not in only:
            continue
        findings += weaker_than_higher(plan, index.higher_plans(plan), catalog)
        findings += years_outside_period(plan)
        findings += deadlines_outside_period(plan)
        findings += contradictory_targets(plan, catalog)
        findings += already_met(plan, catalog)
        findings += table_prose_mismatches(plan)
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.document_id, _start(f)))


def _start(finding: Finding) -> int:
    return finding.evidence[0].start or 0 if finding.evidence else 0


def years_outside_period(plan: Plan) -> list[Finding]:
    """Targets dated before or after the plan's own period.

    A year before the period is mostly a review of the last plan's targets (十三五 in a 十四五
    plan) and a year well after it a 远景目标, so both are hints; a year just after the
    period is a warning.
    """
    start, end = plan.period_start, plan.period_end
    if start is None or end is None:
        return []
    out = []
    for item in plan.targets:
        if item.year is None or start <= item.year <= end:
            continue
        severity: Severity
        if item.year < start:
            severity, why = "info", "早于规划期（多为对上一规划期目标的回顾）"
        elif item.year - end >= VISION_GAP:
            severity, why = "info", "晚于规划期（远景目标）"
        else:
            severity, why = "warning", "晚于规划期"
        message = (
            f"目标「{item.subject or item.text}」{figure(item)}的年份{item.year}年"
            f"{why}，规划期为{start}—{end}年"
        )
        mine = evidence_of("本级目标", plan, item)
        out.append(Finding.about("year_outside_period", severity, plan, item, message, mine))
    return out


_DEADLINE = re.compile(
    r"(?:到|至|力争|争取|確保|确保|爭取|于|於)\s*((?:19|20)\d\d)\s*年(?:底|末|前)?"
)
# A sentence ends at 。；！？ or a blank line; a single line break may be a PDF's.
_SENTENCE_END = re.compile(r"[。；;！？]|\n[ \t\u3000]*\n")
_NOT_A_GOAL = re.compile(r"有效期|施行|截至|截止|廢止|废止")  # 本方案有效期至2027年
_MARKUP = re.compile(r"<[^>]*>")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")  # a line break between words
QUOTE_LIMIT = 80


def deadlines_outside_period(plan: Plan) -> list[Finding]:
    """Goals without a figure dated after the plan's period: 力争到2026年所有县（市、区）通过
    国家认定, in a 2022—2025 plan. A sentence holding a figure is left to
    ``years_outside_period``; a year inside 《》 is a cited title's.
    """
    end = plan.period_end
    if end is None or not plan.source:
        return []
    text, out = plan.source, []
    seen: set[int] = set()
    for m in _DEADLINE.finditer(text):
        year = int(m.group(1))
        first = _sentence_start(text, m.start())
        if year <= end or first in seen or _in_title(text, m.start()):
            continue
        last = _sentence_end(text, m.end())
        sentence = _CJK_GAP.sub("", " ".join(_MARKUP.sub("", text[first:last]).split()))
        if _NOT_A_GOAL.search(sentence) or any(first <= i.span.start < last for i in plan.items):
            continue
        seen.add(first)
        severity: Severity = "info" if year - end >= VISION_GAP else "warning"
        why = "晚于规划期（远景目标）" if severity == "info" else "晚于规划期"
        quote = sentence if len(sentence) <= QUOTE_LIMIT else sentence[:QUOTE_LIMIT] + "…"
        message = f"目标「{quote}」的年份{year}年{why}，规划期为{plan.period_start}—{end}年"
        evidence = Evidence(
            "本级目标", plan.id, plan.name, m.group(0), quote, m.start(), m.end(), year=year
        )
        out.append(
            Finding(
                "year_outside_period", severity, plan.id, plan.name, message, (evidence,), year=year
            )
        )
    return out


def _sentence_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - 300), pos)]
    return ends[-1] if ends else max(0, pos - 300)


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _in_title(text: str, pos: int) -> bool:
    """Whether pos lies inside 《…》."""
    opened = text.rfind("《", max(0, pos - 100), pos)
    return opened >= 0 and text.find("》", opened, pos) < 0


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
        first = distinct[0]
        out.append(
            Finding.about("contradictory_targets", severity, plan, first, message, *evidence)
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


def already_met(plan: Plan, catalog: Mapping[str, Indicator]) -> list[Finding]:
    """Targets for the plan's period that a baseline the plan states already meets: the
    latest baseline of the same indicator and unit dated before the target's year."""
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
            severity: Severity = "info" if base.value == goal else "warning"
            how = "已持平" if base.value == goal else "已超过"
            message = (
                f"{year}年{catalog[indicator].name}目标{figure(target)}，"
                f"本文件所述{base.year}年现状{figure(base)}{how}该目标"
            )
            evidence = (evidence_of("本级目标", plan, target), evidence_of("本级基数", plan, base))
            out.append(Finding.about("already_met", severity, plan, target, message, *evidence))
    return out


def _latest_baseline(plan: Plan, indicator: str, unit: str, before: int) -> Item | None:
    found = [
        b
        for b in plan.baselines
        if b.indicator == indicator and b.unit == unit and b.year is not None and b.year < before
    ]
    return max(found, key=lambda b: (b.year, b.span.start)) if found else None
