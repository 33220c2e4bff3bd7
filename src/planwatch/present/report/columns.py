"""The columns of a report's tables, every figure shown as ``planwatch status`` shows it.

Each figure column takes its text from ``present.tracking.status_columns`` (the one formatter
of a status row: 74%（2015）, ≥92.4%（2023年）, 129%), so the report and ``status`` agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.catalog import indicator_names
from planwatch.present.columns import Column, named
from planwatch.present.figures import excerpt, number
from planwatch.present.names import LEVEL_NAMES
from planwatch.present.report.record import PlanReport, RegionReport, SourceUse
from planwatch.present.tracking import (
    OBSERVATION_STATUS_NAMES,
    SOURCE_KIND_NAMES,
    STATUS_ORDER,
    status_columns,
)
from planwatch.records import STATUS_LABELS, Evaluation

CLAUSE_ENDS = "，。；！？"  # a target's words end at these (、 joins a list inside one)
CLAUSE_WIDTH = 40  # characters of the plan's words a cell shows at most
ELLIPSIS = "…"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEARS = re.compile(r"\d{4}\s*年")


def plan_words(quote: str, text: str, subject: str = "") -> str:
    """The plan's words for a target: the clause that states the figure, from its subject on
    (学前教育毛入园率 达 92.4% out of …一流大学。到 2023 年，学前教育毛入园率 达 92.4%，九年…);
    a table cell's figure reads with its subject (学前三年毛入园率 90%, not the row's other
    cells 74% 90% 94.67%); the subject alone when the figure is not in the quote."""
    words = " ".join(text.split())
    at = _figure_at(quote, words, subject)
    if at < 0:
        return subject or quote[:CLAUSE_WIDTH]
    lo = max(quote.rfind(ch, 0, at) for ch in CLAUSE_ENDS + "：") + 1
    ends = [i for i in (quote.find(ch, at + len(words)) for ch in CLAUSE_ENDS) if i >= 0]
    hi = min(ends, default=len(quote))
    named = quote.find(subject, lo, at) if subject else -1
    if named >= 0:
        lo, hi = named, at + len(words)
    clause = quote[lo:hi].strip()
    others = _NUMBER.findall(_YEARS.sub("", clause.replace(words, "", 1)))
    if others and subject:
        return f"{subject} {words}"
    if len(clause) > CLAUSE_WIDTH:
        return excerpt(quote[lo:hi], words, CLAUSE_WIDTH)
    return (ELLIPSIS if lo == 0 else "") + clause + (ELLIPSIS if hi == len(quote) else "")


def _figure_at(quote: str, words: str, subject: str) -> int:
    """Where the target's figure stands in its quote: of several equal figures (92.4% of the
    preschool rate and 92.4% of the upper-secondary rate) the one its subject comes just
    before, else the one nearest the middle (the quote is centred on the figure); -1 if none."""
    if not words:
        return -1
    found = [m.start() for m in re.finditer(re.escape(words), quote)]
    if len(found) < 2:
        return found[0] if found else -1

    def rank(at: int) -> tuple[bool, float]:
        lo = max(quote.rfind(ch, 0, at) for ch in CLAUSE_ENDS) + 1
        named = bool(subject) and quote.find(subject, lo, at) >= 0
        return (not named, abs(at + len(words) / 2 - len(quote) / 2))

    return min(found, key=rank)


def _status_cells(region_names: Mapping[str, str]) -> dict[str, Callable[[Any], Any]]:
    """What the status table shows of each column, by key."""
    return {c.key: c.table_cell for c in status_columns(region_names)}


def _region(names: Mapping[str, str]) -> Callable[[Any], str]:
    return lambda code: names.get(code, code or "")


def _shown(cells: Mapping[str, Callable[[Any], Any]], key: str, header: str) -> Column:
    return Column(key, header, get=cells[key])


@dataclass(frozen=True, slots=True)
class PlanColumns:
    """The columns of a plan report's tables."""

    progress: tuple[Column, ...]  # one table per part of the plan
    target_value: Column  # the target's figure and year as status shows it (≥92.4%（2023年）)
    supervised: tuple[Column, ...]  # the 督办 list
    quotes: tuple[Column, ...]  # appendix: each target's sentence and place
    sources: tuple[Column, ...]  # appendix: each observation used


def plan_columns(report: PlanReport) -> PlanColumns:
    """The columns of a plan report, its figures as ``planwatch status`` shows them."""
    cells = _status_cells(report.region_names)

    def words(row: Evaluation) -> str:
        said = plan_words(row.quote, report.figures.get(row.item_id, ""), row.subject)
        year = f"{row.target_year}年" if row.target_year else ""
        return f"{said}（{year}）" if year and year not in said.replace(" ", "") else said

    number_ = Column("item_id", "编号")
    target = Column("words", "目标（规划原文）", get=words, wide=True)
    latest = _shown(cells, "latest_value", "最新值（期间）")
    shares = (_shown(cells, "progress", "进度"), _shown(cells, "expected_progress", "应达进度"))
    status = Column("status_label", "状态")
    progress = (
        number_,
        target,
        _shown(cells, "baseline_value", "基数"),
        latest,
        *shares,
        status,
        _shown(cells, "forecast_value", "预测值"),
    )
    supervised = (number_, target, latest, *shares, status, Column("reason", "说明", wide=True))
    quotes = (
        number_,
        Column("section", "所在章节", wide=True),
        Column("quote", "规划原文", wide=True),
        Column("place", "位置", get=lambda r: _place(report.document.name, r)),
    )
    return PlanColumns(
        progress,
        _shown(cells, "target_value", "目标值"),
        supervised,
        quotes,
        source_columns(report),
    )


def _place(doc: str, row: Evaluation) -> str:
    if row.span is None:
        return doc
    return f"{doc} 第{row.span.start}—{row.span.end}字符"


def source_columns(report: PlanReport | RegionReport) -> tuple[Column, ...]:
    """The columns of the appendix of observations: what, where, from which file and row or
    plan sentence, recorded by whom and when, used for which targets."""
    region = _region(report.region_names)

    def obs(key: str) -> Callable[[SourceUse], Any]:
        return lambda use: getattr(use.observation, key)

    return (
        Column("number", "序号"),
        Column("subject", "指标或目标", wide=True),
        Column("region", "地区", region, get=obs("region")),
        Column("period", "期间", get=obs("period")),
        Column("value", "数值", number, get=obs("value")),
        Column("source", "来源（文件:行或规划原文）", get=_source_text, wide=True),
        Column("recorded_by", "记录人", get=obs("recorded_by")),
        Column("recorded_at", "记录时间", get=_recorded_at),
        Column("state", "审核状态", named(OBSERVATION_STATUS_NAMES), get=obs("status")),
        Column("targets", "用于目标（编号）", get=lambda use: "、".join(map(str, use.targets))),
    )


def _source_text(use: SourceUse) -> str:
    obs = use.observation
    kind = SOURCE_KIND_NAMES.get(obs.source_kind, obs.source_kind)
    where = f"（第{obs.span.start}—{obs.span.end}字符）" if obs.span else ""
    return f"{kind}：{obs.source}{where}"


def _recorded_at(use: SourceUse) -> str:
    at = use.observation.recorded_at
    return at.isoformat(sep=" ", timespec="minutes") if at else ""


# --- a region's report ---------------------------------------------------------------------


def _count(code: str) -> Column:
    return Column(code, STATUS_LABELS[code], get=lambda line: line.counts.get(code, 0))  # type: ignore[index]


@dataclass(frozen=True, slots=True)
class RegionColumns:
    """The columns of a region report's tables."""

    plans: tuple[Column, ...]
    regions: tuple[Column, ...]
    lagging: tuple[Column, ...]
    weaker: tuple[Column, ...]
    sources: tuple[Column, ...]


def region_columns(report: RegionReport) -> RegionColumns:
    """The columns of a region report, its figures as ``planwatch status`` shows them."""
    cells = _status_cells(report.region_names)
    counts = tuple(_count(code) for code in STATUS_ORDER)
    plans = (
        Column("plan", "规划", get=lambda p: _plan_name(p.document), wide=True),
        Column("region", "地区", get=lambda p: p.document.region),
        Column("total", "目标数", get=lambda p: sum(p.counts.values())),
        *counts,
    )
    regions = (
        Column("name", "地区"),
        Column("level", "层级", named(LEVEL_NAMES)),
        Column("plans", "规划数"),
        Column("total", "目标数", get=lambda line: sum(line.counts.values())),
        *counts,
    )
    docs = report.documents
    names = indicator_names()
    lagging = (
        Column("plan", "规划", get=lambda r: _plan_name(docs[r.document_id]), wide=True),
        Column("indicator", "指标或目标", get=lambda r: names.get(r.indicator or "", r.subject)),
        _shown(cells, "target_value", "目标值"),
        _shown(cells, "latest_value", "最新值（期间）"),
        _shown(cells, "progress", "进度"),
        _shown(cells, "expected_progress", "应达进度"),
        Column("status_label", "状态"),
        Column("item_id", "编号"),
    )
    weaker = (
        Column("doc", "下级规划", get=lambda f: _finding_doc(report, f), wide=True),
        Column("indicator", "指标", lambda i: names.get(i, i or "")),
        Column("year", "年份"),
        Column("message", "说明", wide=True),
        Column("own", "本级原文", get=lambda f: _evidence(f, 0), wide=True),
        Column("higher", "上级原文", get=lambda f: _evidence(f, 1), wide=True),
    )
    return RegionColumns(plans, regions, lagging, weaker, source_columns(report))


def _plan_name(doc: Any) -> str:
    title = doc.title or doc.name
    return f"{title}（{doc.doc_number}）" if doc.doc_number else title


def _finding_doc(report: RegionReport, finding: Any) -> str:
    doc = report.documents.get(finding.document_id)
    return _plan_name(doc) if doc else str(finding.doc)


def _evidence(finding: Any, n: int) -> str:
    evidence: Sequence[Any] = finding.evidence
    if len(evidence) <= n:
        return ""
    side = evidence[n]
    words = excerpt(side.quote, side.text, CLAUSE_WIDTH) if side.quote else side.text
    return f"{side.doc}：{words}"
