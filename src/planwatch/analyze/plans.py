"""The records the analyses read (plans as the ledger holds them) and the findings they give.

A plan's items are the ledger's Item records and its projects its Project records; a task is
read as a PlanTask, the projection of a Task that adds its body text (what coverage compares).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from planwatch.records import Item, Project

Severity = Literal["high", "warning", "info"]
SEVERITY_RANK = {"high": 0, "warning": 1, "info": 2}
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
    regions: tuple[str, ...] = ()
    implements: tuple[int, ...] = ()
    source: str = ""
    items: list[Item] = field(default_factory=list)
    tasks: list[PlanTask] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    @property
    def targets(self) -> list[Item]:
        return [i for i in self.items if i.kind == "target"]

    @property
    def baselines(self) -> list[Item]:
        return [i for i in self.items if i.kind == "baseline"]

    def overlaps(self, other: Plan) -> bool:
        """Whether the two plans' periods share a year; an unknown period may share any."""
        if None in (self.period_start, self.period_end, other.period_start, other.period_end):
            return True
        return self.period_start <= other.period_end and other.period_start <= self.period_end  # type: ignore[operator]

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
