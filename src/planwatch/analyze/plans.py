"""The records the analyses read (plans as the ledger holds them) and the findings they give.

A plan's items are the ledger's Item records and its projects its Project records; a task is
read as a PlanTask, the projection of a Task that adds its body text (what coverage compares).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from planwatch.records import Item, Project

Severity = Literal["high", "warning", "info"]
SEVERITY_RANK = {"high": 0, "warning": 1, "info": 2}
# How sure a finding or a coverage verdict is: 高 the text leaves no doubt, 中 a reader should
# look, 低 a guess the text cannot settle (garbled text, an undefined area, rows not listed).
Confidence = Literal["high", "medium", "low"]
# Units of intensive figures: a city's rate can be compared with its province's; a count
# (人, 所, 人次) cannot, since a city is smaller than its province.
RATE_UNITS = frozenset({"%", "‰", "ratio"})


@dataclass(frozen=True, slots=True)
class PlanTask:
    """A numbered task of a plan: its title, its heading path and its body text."""

    id: int
    label: str
    title: str
    section: str = ""  # the heading it sits under, e.g. （一）实施学前教育普及普惠工程
    body: str = ""
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Plan:
    """One document of the ledger as the analyses see it.

    ``regions`` is the chain of org unit codes from the province down to the plan's own
    region; ``implements`` holds the ids of the ledger's plans it names as its higher plans.
    """

    id: int
    name: str
    title: str = ""
    region: str = ""
    level: str = ""
    period_start: int | None = None
    period_end: int | None = None
    period_inferred: bool = False  # the plan states no period: issue year → last deadline
    regions: tuple[str, ...] = ()
    implements: tuple[int, ...] = ()
    issue_date: str = ""  # ISO date, e.g. 2022-07-11 ("" when the plan gives none)
    source: str = ""
    # The source in simplified characters, offset for offset (what word matching reads);
    # "" when not loaded, the source itself when it is simplified already.
    text: str = ""
    items: list[Item] = field(default_factory=list)
    tasks: list[PlanTask] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    @property
    def targets(self) -> list[Item]:
        """The plan's own targets: not those of the plan before it that it records."""
        return [i for i in self.items if i.kind == "target" and not i.previous_plan]

    @property
    def previous_targets(self) -> list[Item]:
        """Targets of the earlier plan the document records (a 十三五 table's 规划数)."""
        return [i for i in self.items if i.kind == "target" and i.previous_plan]

    @property
    def issue_year(self) -> int | None:
        return int(self.issue_date[:4]) if self.issue_date[:4].isdigit() else None

    @property
    def baselines(self) -> list[Item]:
        return [i for i in self.items if i.kind == "baseline"]

    def overlaps(self, other: Plan) -> bool:
        """Whether the two plans' periods share a year; an unknown period may share any."""
        if None in (self.period_start, self.period_end, other.period_start, other.period_end):
            return True
        return self.period_start <= other.period_end and other.period_start <= self.period_end  # type: ignore[operator]

    def period_words(self) -> str:
        """The period as a finding states it: 2021—2025年, or how it was inferred."""
        if self.period_start is None or self.period_end is None:
            return ""
        span = f"{self.period_start}—{self.period_end}年"
        return (
            f"{span}（文件未写明，按印发年份至最晚的目标年份推定）"
            if self.period_inferred
            else span
        )

    def in_period(self, year: int) -> bool:
        """Whether the year lies in the plan's period (any year, when the period is unknown)."""
        if self.period_start is None or self.period_end is None:
            return True
        return self.period_start <= year <= self.period_end


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of a finding: a figure (or a table's total) and its place in a plan."""

    role: str  # 本级目标, 上级目标, 本级基数, 专栏合计 …
    document_id: int
    doc: str
    text: str
    quote: str = ""
    start: int | None = None
    end: int | None = None
    value: float | None = None
    unit: str = ""
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a supervisor should look at, with the quotes on both sides."""

    kind: str
    severity: Severity
    document_id: int
    doc: str
    message: str
    evidence: tuple[Evidence, ...]
    indicator: str = ""
    year: int | None = None
    value: float | None = None  # the figure the finding is about, in this plan
    confidence: Confidence = "high"
    reason: str = ""  # why that confidence, in Chinese

    @classmethod
    def about(
        cls,
        kind: str,
        severity: Severity,
        plan: Plan,
        item: Item,
        message: str,
        *evidence: Evidence,
    ) -> Finding:
        """A finding about one item of the plan: its indicator, year and figure."""
        return cls(
            kind=kind,
            severity=severity,
            document_id=plan.id,
            doc=plan.name,
            message=message,
            evidence=evidence,
            indicator=item.indicator or "",
            year=item.year,
            value=item.value,
        )

    def sure(self, confidence: Confidence, reason: str) -> Finding:
        """The finding with how sure it is and why (in Chinese)."""
        return dataclasses.replace(self, confidence=confidence, reason=reason)


def evidence_of(role: str, plan: Plan, item: Item) -> Evidence:
    """The evidence an item gives: its figure, quote and source offsets."""
    return Evidence(
        role=role,
        document_id=plan.id,
        doc=plan.name,
        text=item.text,
        quote=item.quote,
        start=item.span.start,
        end=item.span.end,
        value=item.value,
        unit=item.unit,
        year=item.year,
    )
