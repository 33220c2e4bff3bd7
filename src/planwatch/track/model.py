"""The records of progress tracking: observations, the targets they are judged against, evaluations.

These are plain records passed to and from the store, the CLI and the reports; the lead
engineer may move them into ``planwatch.records``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from planwatch.records import Relation, Span
from planwatch.track.period import Period, parse_period

__all__ = [
    "STATUS_LABELS",
    "Anticipated",
    "Baseline",
    "Direction",
    "Evaluation",
    "Measure",
    "Observation",
    "ObservationStatus",
    "Period",
    "SourceKind",
    "StatusCode",
    "TrackedTarget",
    "parse_period",
]

Measure = Literal["level", "cumulative"]
Direction = Literal["higher", "lower"]
SourceKind = Literal["file", "person", "plan", "api"]
ObservationStatus = Literal["draft", "submitted", "approved", "rejected"]
StatusCode = Literal[
    "achieved", "on_track", "lagging", "off_track", "overdue", "no_data", "not_due"
]
Anticipated = Literal["will_meet", "will_miss"]

STATUS_LABELS: dict[StatusCode, str] = {
    "achieved": "已达成",
    "on_track": "正常推进",
    "lagging": "滞后",
    "off_track": "严重滞后",
    "overdue": "逾期未完成",
    "no_data": "无数据",
    "not_due": "未到期",
}


@dataclass(slots=True, kw_only=True)
class Observation:
    """A reported value of an indicator (or of one target) for an org unit and a period.

    ``period`` is canonical (``str(Period)``: 2022, 2022Q3, 2022-09); ``region`` is the org
    unit's code; ``indicator`` is a catalog id and ``item`` a target's id (one of them at
    least). ``source`` says where the figure comes from (``进度.xlsx:17``, a URL, a plan
    sentence); for a figure read from a plan, ``document_id``, ``span`` and ``quote`` ground it.
    """

    period: str
    value: float
    region: str
    indicator: str | None = None
    item: int | None = None
    source: str = ""
    source_kind: SourceKind = "file"
    recorded_by: str = ""
    recorded_at: datetime | None = None
    status: ObservationStatus = "submitted"
    note: str = ""
    document_id: int | None = None
    span: Span | None = None
    quote: str = ""
    id: int | None = None

    def parsed_period(self) -> Period:
        """The period as a Period (raises BadPeriod if the stored text is not one)."""
        return parse_period(self.period)


@dataclass(frozen=True, slots=True)
class Baseline:
    """The value a target starts from: 2020年毛入园率89.2% → Baseline(89.2, "2020", source)."""

    value: float
    period: str
    source: str = ""


@dataclass(slots=True, kw_only=True)
class TrackedTarget:
    """What evaluation needs of a target item: its value, deadline, series and plan frame.

    ``measure`` says how observations add up (``track.measure.measure_of``): a ``level`` is
    judged on the latest value, a ``cumulative`` target on the sum since the plan began — or,
    when ``running_total`` is set, on the latest running total (累计数) reported.
    ``direction`` is the catalog's (None when the indicator has none or is not linked).
    ``previous_plan`` marks a look-back target of an earlier plan that a later document records.
    """

    item_id: int
    document_id: int
    subject: str
    indicator: str | None
    region: str
    value: float
    unit: str
    year: int | None
    value_max: float | None = None
    relation: Relation = "="
    direction: Direction | None = None
    measure: Measure = "level"
    running_total: bool = False
    plan_start: int | None = None
    plan_end: int | None = None
    baseline: Baseline | None = None
    quote: str = ""
    span: Span | None = None
    section: str = ""
    task: str = ""
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    previous_plan: bool = False

    @property
    def deadline(self) -> int | None:
        """The year by which the target is due: its own year, else the plan's last year."""
        return self.year if self.year is not None else self.plan_end


@dataclass(slots=True, kw_only=True)
class Evaluation:
    """A target compared with its observations at a date: one row of the status table.

    ``progress`` is (latest − baseline) / (target − baseline); ``expected_progress`` the share
    of the time from the baseline to the end of the deadline year that has passed at the date.
    ``pace_ratio`` is progress over the progress expected when the latest figure was measured
    (the end of its period); ``anticipated_ratio`` the forecast change over the required change
    (UN ESCAP's anticipated progress). ``reason`` explains the status in Chinese and
    ``status_label`` names it (已达成, 正常推进, 滞后, 严重滞后, 逾期未完成, 无数据, 未到期).
    ``evidence`` are the observations the evaluation used.
    """

    item_id: int
    document_id: int
    subject: str
    indicator: str | None
    region: str
    unit: str
    relation: Relation
    measure: Measure
    target_value: float
    target_value_max: float | None
    target_year: int | None
    baseline_value: float | None
    baseline_period: str | None
    latest_value: float | None
    latest_period: str | None
    progress: float | None
    expected_progress: float | None
    pace_ratio: float | None
    anticipated_ratio: float | None
    status: StatusCode
    reason: str
    forecast_value: float | None = None
    forecast_method: str = ""
    anticipated: Anticipated | None = None
    evidence: list[Observation] = field(default_factory=list)
    section: str = ""
    task: str = ""
    lead_units: list[str] = field(default_factory=list)
    previous_plan: bool = False
    status_label: str = field(init=False, default="")  # 已达成, 正常推进, 滞后 … (from status)

    def __post_init__(self) -> None:
        self.status_label = STATUS_LABELS[self.status]
