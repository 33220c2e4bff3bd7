"""The report record: a plan's (or a region's) progress as every format renders it.

``services.reports`` builds it from the same evaluation as ``planwatch status``
(``services.tracking.status_view``); docx, html, xlsx and md, and the web app, only render it.
Rows are the status rows themselves (``Evaluation``), so no format can show another number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from planwatch.records import Evaluation, LedgerDocument, Observation, StatusCode

# The statuses a supervisor follows up (督办): behind, far behind, past the deadline.
SUPERVISED: tuple[StatusCode, ...] = ("lagging", "off_track", "overdue")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One point of a trend chart: a period, its place on the time axis and its value.

    ``t`` is the end of the period in years, less one: the figure of 2022 stands at 2022.0,
    that of 2022Q3 at 2021.75 (three quarters of the way from the end of 2021 to the end
    of 2022). ``label`` says what the point is (目标 ≥92.4%（2023年）).
    """

    period: str
    t: float
    value: float
    label: str = ""


@dataclass(slots=True)
class Trend:
    """A key rate indicator of one region on one axis: what was observed, the baseline, the
    targets and where the trend leads at each target's deadline."""

    indicator: str  # catalog id
    name: str  # 学前教育毛入园率
    region: str  # org unit code
    unit: str
    observations: list[TrendPoint] = field(default_factory=list)
    baselines: list[TrendPoint] = field(default_factory=list)
    targets: list[TrendPoint] = field(default_factory=list)
    forecasts: list[TrendPoint] = field(default_factory=list)
    items: list[int] = field(default_factory=list)  # the targets drawn


@dataclass(slots=True)
class SectionTable:
    """The targets of one part of the plan (its first two heading levels: 主要任务 / 实施…
    计划), in the plan's order; deeper headings stand as sub-headings among the rows."""

    title: str
    rows: list[Evaluation]
    prefix: tuple[str, ...] = ()  # the heading path the title stands for

    def subheading(self, row: Evaluation) -> str:
        """The row's headings below the table's own (深化大中小学思想政治教育改革), or ""."""
        path = section_path(row.section)
        return " / ".join(path[len(self.prefix) :])


@dataclass(slots=True)
class Supervision:
    """One lead unit's targets that lag, are far behind or overdue (督办), with the units that
    cooperate on them."""

    lead: str
    cooperating: list[str]
    rows: list[Evaluation]


@dataclass(slots=True)
class SourceUse:
    """An observation a figure of the report rests on, and the targets it was used for."""

    number: int  # 1, 2, … as the appendix numbers them
    observation: Observation
    subject: str  # the indicator's name, or the target's subject
    targets: list[int] = field(default_factory=list)  # item ids


@dataclass(slots=True)
class PlanReport:
    """A plan's 实施进展情况报告 at a date: the summary counts, one table per part of the plan,
    the 督办 list, the trends of its key rate indicators and the sources of every figure."""

    document: LedgerDocument
    as_of: date
    generated: datetime
    rows: list[Evaluation]  # exactly the rows of ``planwatch status``
    counts: dict[str, int]
    sections: list[SectionTable]
    supervision: list[Supervision]
    trends: list[Trend]
    sources: list[SourceUse]
    region_names: dict[str, str] = field(default_factory=dict)
    figures: dict[int, str] = field(default_factory=dict)  # item id → its figure's words (92.4%)
    trends_left_out: int = 0  # key rate series beyond the charts drawn

    @property
    def observed(self) -> bool:
        """Whether any target has an observation after its baseline."""
        return any(r.status != "no_data" and r.latest_value is not None for r in self.rows)


@dataclass(slots=True)
class PlanLine:
    """One plan of a region's report and the count of each status of its targets."""

    document: LedgerDocument
    counts: dict[str, int]


@dataclass(slots=True)
class RegionLine:
    """One region (the region asked, or a city or county below it) across its plans."""

    code: str
    name: str
    level: str  # province / city / county
    plans: int
    counts: dict[str, int]
    lagging: list[str] = field(default_factory=list)  # names of the indicators it lags on


@dataclass(slots=True)
class RegionGroup:
    """A region's targets that lag, are far behind or overdue, across its plans."""

    code: str
    name: str
    rows: list[Evaluation]


@dataclass(slots=True)
class RegionReport:
    """The supervisor's report of a region and the regions below it at a date: each plan's
    and each region's counts, which regions lag on which indicators, and where a lower plan
    sets a weaker target than the higher plan it implements."""

    region: str  # as asked
    name: str  # 广西壮族自治区
    as_of: date
    generated: datetime
    plans: list[PlanLine]
    regions: list[RegionLine]
    lagging: list[RegionGroup]
    weaker: list[Any]  # analyze.Finding: present renders it without reading analyze
    counts: dict[str, int]
    sources: list[SourceUse]
    documents: dict[int, LedgerDocument] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)


def section_path(section: str) -> tuple[str, ...]:
    """A heading path as the ledger holds it (主要任务 / 实施…计划 / 深化…) as its parts."""
    return tuple(p.strip() for p in section.split(" / ") if p.strip())
