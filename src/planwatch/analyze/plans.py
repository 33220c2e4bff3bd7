"""The records the analyses read (plans as the ledger holds them) and the findings they give."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["high", "warning", "info"]
SEVERITY_NAMES = {"high": "严重", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"high": 0, "warning": 1, "info": 2}
# Units of intensive figures: a city's rate can be compared with its province's; a count
# (人, 所, 人次) cannot, since a city is smaller than its province.
RATE_UNITS = frozenset({"%", "‰", "ratio"})


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A target or baseline of a plan, with its indicator and where it stands in the source."""

    id: int
    kind: str  # target / baseline
    value: float
    unit: str
    relation: str = "="  # >=, <=, ~, =
    year: int | None = None
    indicator: str | None = None
    subject: str = ""
    value_max: float | None = None
    text: str = ""
    quote: str = ""
    start: int = 0
    end: int = 0
    section: str = ""


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


@dataclass(frozen=True, slots=True)
class PlanProject:
    """A row of a plan's project table (专栏): school level, district, seats and mode."""

    name: str
    level: str = ""
    district: str = ""
    seats: float | None = None
    mode: str = ""  # 新建 / 改扩建 / 迁建 …
    ownership: str = ""  # 公办 / 民办
    start_year: int | None = None
    end_year: int | None = None


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
    items: list[PlanItem] = field(default_factory=list)
    tasks: list[PlanTask] = field(default_factory=list)
    projects: list[PlanProject] = field(default_factory=list)

    @property
    def targets(self) -> list[PlanItem]:
        return [i for i in self.items if i.kind == "target"]

    @property
    def baselines(self) -> list[PlanItem]:
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
class IndicatorInfo:
    """What the analyses need of a catalog indicator."""

    id: str
    name: str
    unit: str
    direction: str  # higher / lower / balanced
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of a finding: a figure (or a table's total) and its place in a plan."""

    role: str  # 本级目标, 上级目标, 本级基数, 专栏合计 …
    plan: int
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
    plan: int
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
        item: PlanItem,
        message: str,
        *evidence: Evidence,
    ) -> Finding:
        """A finding about one item of the plan: its indicator, year and figure."""
        return cls(
            kind=kind,
            severity=severity,
            plan=plan.id,
            doc=plan.name,
            message=message,
            evidence=evidence,
            indicator=item.indicator or "",
            year=item.year,
            value=item.value,
        )


def evidence_of(role: str, plan: Plan, item: PlanItem) -> Evidence:
    """The evidence an item gives: its figure, quote and source offsets."""
    return Evidence(
        role=role,
        plan=plan.id,
        doc=plan.name,
        text=item.text,
        quote=item.quote,
        start=item.start,
        end=item.end,
        value=item.value,
        unit=item.unit,
        year=item.year,
    )


def figure(item: PlanItem) -> str:
    """An item's figure for people: ≥92.4%."""
    high = f"—{number(item.value_max)}" if item.value_max is not None else ""
    sign = "" if high else {">=": "≥", "<=": "≤", "~": "约"}.get(item.relation, "")
    unit = "" if item.unit == "ratio" else item.unit
    return f"{sign}{number(item.value)}{high}{unit}"


def number(value: float) -> str:
    """12.0 → 12, 92.4 → 92.4."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
