"""Targets compared with their observations at a date: the status table, with the reason for each.

The method follows two published ones:

- UN ESCAP, *Asia and the Pacific SDG Progress Report*, technical notes ("Progress assessment
  methodology", data.unescap.org): the **current status index** measures the progress made
  since the base year against the progress needed to reach the target value, and the
  **anticipated progress index** compares the value the trend gives at the deadline with the
  target (green when the pace suffices, yellow when progress must accelerate, red when the
  trend runs against the target).
- Statistics Canada, SDG data hub, "Progress Measurement for Canada's Sustainable Development
  Goals" (the method Open SDG adopted): the ratio R of the observed growth to the growth needed
  to reach the target on time gives the category — target achieved; R ≥ 95 % on track;
  60 % ≤ R < 95 % progress made but acceleration needed; 0 ≤ R < 60 % limited progress;
  R < 0 deterioration.

Here, for a target with baseline b, target g, latest value v and deadline year Y:

    progress          = (v − b) / (g − b)                      ESCAP's current status
    expected progress = share of [end of baseline period, end of Y] passed at the date
    pace ratio        = progress / expected progress when v was measured   StatCan's R
    anticipated ratio = (forecast at end of Y − b) / (g − b)   ESCAP's anticipated progress

and the status is the first that holds:

1. achieved 已达成 — the value judged meets the target (by its relation and direction);
2. not_due 未到期 — the plan has not begun, or the previous stage milestone is not yet due;
3. no_data 无数据 — no observation after the baseline (the baseline alone is not progress);
4. overdue 逾期未完成 — the deadline year is over, not met, and its figure is in (or the
   reporting lag is over);
5. off_track 严重滞后 — a level already reached at the baseline has been lost;
6. on_track 正常推进 / lagging 滞后 / off_track 严重滞后 — by the worse of the pace ratio and
   the anticipated ratio, against the bands of ``THRESHOLDS``; a target with no deadline (and
   no plan end) is on_track when it moved toward the target, else off_track.

Every number that decides a status is in ``THRESHOLDS``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from planwatch.track.forecast import Forecast, Point, forecast
from planwatch.track.model import Direction, Evaluation, Observation, StatusCode, TrackedTarget
from planwatch.track.period import year_fraction
from planwatch.track.series import (
    Track,
    build_track,
    deadline_end_of,
    judged_point,
    plan_origin,
    plan_start_day,
    time_share,
    usable_series,
)

__all__ = [
    "LIMITS",
    "THRESHOLDS",
    "Threshold",
    "direction_of",
    "evaluate_target",
    "meets",
    "target_text",
]


@dataclass(frozen=True, slots=True)
class Threshold:
    """A number that decides a status, and why it has that value."""

    name: str
    value: float
    reason: str


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "on_track",
        0.95,
        "Pace or anticipated ratio at or above this is 正常推进. Statistics Canada: R ≥ 95% is "
        "'On track'; ESCAP: the anticipated value reaches the target (5% allowed for noise).",
    ),
    Threshold(
        "lagging",
        0.60,
        "From this up to on_track is 滞后 (acceleration needed); below it, including a move the "
        "wrong way, is 严重滞后. Statistics Canada: 60% ≤ R < 95% 'Progress made but acceleration "
        "needed', R < 60% 'Limited progress' or 'Deterioration'; ESCAP yellow and red.",
    ),
    Threshold(
        "approx_points",
        1.0,
        "A 约/左右 target in % or ‰ is met within this many points (95%左右 → 94 to 96): "
        "rates are reported to one decimal and move a point or two a year.",
    ),
    Threshold(
        "approx_share",
        0.05,
        "A 约/左右 target in any other unit is met within this share of it (约100所 → 95 to "
        "105): the same 5% margin as the on_track band.",
    ),
    Threshold(
        "reporting_lag_years",
        1.0,
        "Figures for a year are published in the following year (教育事业统计公报 appear by "
        "mid-year): a target is called overdue without its deadline year's figure only once "
        "this many years have passed since the deadline.",
    ),
    Threshold(
        "equal_share",
        1e-9,
        "Values this close (relative) count as equal, so that 92.4 stored as 92.39999999 meets "
        "92.4.",
    ),
)
LIMITS: dict[str, float] = {t.name: t.value for t in THRESHOLDS}


_RANGE = "—"
_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}


def direction_of(target: TrackedTarget) -> Direction:
    """Which way is better: the catalog's direction, else "<=" means lower, else higher."""
    if target.direction is not None:
        return target.direction
    return "lower" if target.relation == "<=" else "higher"


def _goal(target: TrackedTarget) -> float:
    """The end of the target's range to reach: the low end going up, the high end going down."""
    if direction_of(target) == "lower" and target.value_max is not None:
        return target.value_max
    return target.value


def meets(target: TrackedTarget, value: float) -> bool:
    """Whether a value meets the target by its relation and direction.

    A range (value … value_max) is met within it or beyond it in the good direction; a "~"
    target within the tolerance of ``THRESHOLDS`` (both sides when the indicator has no
    direction, else within or beyond in the good direction).
    """
    low, high = target.value, target.value_max if target.value_max is not None else target.value
    if target.relation == "~":
        rate = target.unit in ("%", "‰")
        margin = LIMITS["approx_points"] if rate else LIMITS["approx_share"] * abs(high)
    else:
        margin = LIMITS["equal_share"] * max(1.0, abs(high))
    if target.relation == "~" and target.direction is None:
        return low - margin <= value <= high + margin
    if direction_of(target) == "lower":
        return value <= high + margin
    return value >= low - margin


def _ratio(change: float, required: float) -> float | None:
    return change / required if required != 0 else None


def _required(target: TrackedTarget, base: float) -> float | None:
    """The change needed from the baseline, or None when the baseline already meets the target."""
    change = _goal(target) - base
    good = change > 0 if direction_of(target) == "higher" else change < 0
    return change if good else None


def _num(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value:,.0f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _amount(value: float, unit: str) -> str:
    if unit == "ratio":
        return f"{_num(value)}:1"
    return _num(value) + ("" if unit == "pp" else unit) + ("个百分点" if unit == "pp" else "")


def target_text(target: TrackedTarget) -> str:
    """The target in words: ≥92.4%, ≤19:1, 17—19:1, 150所."""
    if target.value_max is not None:
        return f"{_num(target.value)}{_RANGE}{_amount(target.value_max, target.unit)}"
    return _SIGNS[target.relation] + _amount(target.value, target.unit)


@dataclass(slots=True)
class _Case:
    """Everything a status decision reads."""

    target: TrackedTarget
    as_of: date
    track: Track | None
    judged: Point | None
    progress: float | None
    expected: float | None
    expected_at_data: float | None
    forecast: Forecast | None
    anticipated_ratio: float | None
    previous_stage: TrackedTarget | None

    @property
    def deadline_end(self) -> date | None:
        return deadline_end_of(self.target)

    def pace(self) -> float | None:
        """Progress over progress expected when the judged value was measured (±inf if none)."""
        if self.progress is None or self.expected_at_data is None:
            return None
        if self.expected_at_data <= 0:
            return math.inf if self.progress >= 0 else -math.inf
        return self.progress / self.expected_at_data


def _band(score: float) -> StatusCode:
    if score >= LIMITS["on_track"]:
        return "on_track"
    return "lagging" if score >= LIMITS["lagging"] else "off_track"


def _judged_words(case: _Case) -> str:
    assert case.judged is not None
    return f"{case.judged.period.label}为{_amount(case.judged.value, case.target.unit)}"


def _overdue(case: _Case) -> bool:
    """Past the deadline, not met, and the deadline year's figure is in or long overdue."""
    end = case.deadline_end
    if end is None or case.as_of <= end or case.judged is None:
        return False
    lag_over = year_fraction(case.as_of) - year_fraction(end) > LIMITS["reporting_lag_years"]
    return case.judged.period.end.year >= end.year or lag_over


def _not_due(case: _Case) -> str | None:
    start = plan_start_day(case.target)
    if start is not None and case.as_of < start:
        return f"规划期自{start.year}年开始，尚未开始"
    previous = case.previous_stage
    if previous is not None and previous.year is not None:
        if case.as_of <= date(previous.year, 12, 31):
            return (
                f"上一阶段目标（{previous.year}年）尚未到期，本阶段（{case.target.year}年）暂不评估"
            )
    return None


def _early_status(case: _Case) -> tuple[StatusCode, str] | None:
    """achieved, not_due, no_data, overdue and a lost level: the statuses that need no band."""
    target, wanted = case.target, target_text(case.target)
    if case.judged is not None and meets(target, case.judged.value):
        return "achieved", f"{_judged_words(case)}，已达到目标{wanted}"
    not_due = _not_due(case)
    if not_due is not None:
        return "not_due", not_due
    if case.judged is None:
        after_baseline = case.track is not None and case.track.base_period is not None
        return "no_data", "基数之后尚无监测数据" if after_baseline else "尚无监测数据"
    if _overdue(case):
        return (
            "overdue",
            f"目标年份{target.deadline}年已过，{_judged_words(case)}，未达到目标{wanted}",
        )
    if case.track is not None and _required(target, case.track.base_value) is None:
        return "off_track", f"基数已达到目标{wanted}，但{_judged_words(case)}，出现倒退"
    return None


def _forecast_words(case: _Case) -> str:
    if case.forecast is None:
        return ""
    outlook = "可按期达成" if case.forecast.anticipated == "will_meet" else "难以按期达成"
    value = _amount(case.forecast.value, case.target.unit)
    return f"；按趋势预计{case.target.deadline}年末为{value}，{outlook}"


def _banded_status(case: _Case) -> tuple[StatusCode, str]:
    """on_track, lagging or off_track by the worse of the pace and anticipated ratios."""
    pace = case.pace()
    scores = [s for s in (pace, case.anticipated_ratio) if s is not None]
    if case.progress is None or not scores:  # no deadline: only the direction of change is known
        moved = (case.progress or 0.0) > 0
        return ("on_track" if moved else "off_track"), f"{_judged_words(case)}（目标无期限）"
    status = _band(min(scores))
    expected = case.expected_at_data or 0.0
    words = f"完成进度{case.progress:.1%}，截至{case.judged.period.label if case.judged else ''}"
    words += f"按时间应完成{expected:.1%}"
    if pace is not None and math.isfinite(pace):
        words += f"（进度比{pace:.2f}）"
    return status, words + _forecast_words(case)


def _decide(case: _Case) -> tuple[StatusCode, str]:
    return _early_status(case) or _banded_status(case)


def _previous_stage(
    target: TrackedTarget, milestones: Sequence[TrackedTarget]
) -> TrackedTarget | None:
    if target.year is None:
        return None
    earlier = [m for m in milestones if m.year is not None and m.year < target.year]
    return max(earlier, key=lambda m: m.year or 0) if earlier else None


def _case(
    target: TrackedTarget,
    observations: Iterable[Observation],
    as_of: date,
    previous: TrackedTarget | None,
) -> _Case:
    track = build_track(target, usable_series(target, observations, as_of), as_of)
    deadline_end = deadline_end_of(target)
    judged = judged_point(track.points, deadline_end, as_of) if track else None
    if judged is None and track is not None and track.base_period is not None:
        if meets(target, track.base_value):  # the baseline already meets it (编制时已达到)
            judged = Point(track.base_period, track.base_value)
    required = _required(target, track.base_value) if track else None
    progress = expected_at_data = None
    if track is not None and judged is not None and required is not None:
        progress = (judged.value - track.base_value) / required
        expected_at_data = time_share(track.origin, deadline_end, min(judged.period.end, as_of))
    projected = None
    if track is not None and deadline_end is not None:
        projected = forecast(
            track.history, deadline_end, target.measure, target.unit, lambda v: meets(target, v)
        )
    anticipated = None
    if projected is not None and track is not None and required is not None:
        anticipated = _ratio(projected.value - track.base_value, required)
    expected = time_share(track.origin if track else plan_origin(target), deadline_end, as_of)
    return _Case(
        target,
        as_of,
        track,
        judged,
        progress,
        expected,
        expected_at_data,
        projected,
        anticipated,
        previous,
    )


def evaluate_target(
    target: TrackedTarget,
    observations: Iterable[Observation],
    as_of: date,
    milestones: Sequence[TrackedTarget] = (),
) -> Evaluation:
    """The target's status at ``as_of`` from the observations of its series.

    ``observations`` may hold any observations: those of the target's region and of its item
    (or of its indicator) are used, one per period (approved before submitted, the target's
    own before the indicator's, the latest recorded). ``milestones`` are the other stage
    targets of the same plan, indicator and region (see ``stage_milestones``): a stage whose
    previous stage is not yet due is not_due unless already met.
    """
    case = _case(target, observations, as_of, _previous_stage(target, milestones))
    status, reason = _decide(case)
    pace = case.pace()
    track = case.track
    return Evaluation(
        item_id=target.item_id,
        document_id=target.document_id,
        subject=target.subject,
        indicator=target.indicator,
        region=target.region,
        unit=target.unit,
        relation=target.relation,
        measure=target.measure,
        target_value=target.value,
        target_value_max=target.value_max,
        target_year=target.deadline,
        baseline_value=track.base_value if track else None,
        baseline_period=str(track.base_period) if track and track.base_period else None,
        latest_value=case.judged.value if case.judged else None,
        latest_period=str(case.judged.period) if case.judged else None,
        progress=case.progress,
        expected_progress=case.expected,
        pace_ratio=pace if pace is not None and math.isfinite(pace) else None,
        anticipated_ratio=case.anticipated_ratio,
        status=status,
        reason=reason,
        forecast_value=case.forecast.value if case.forecast else None,
        forecast_method=case.forecast.method if case.forecast else "",
        anticipated=case.forecast.anticipated if case.forecast else None,
        evidence=list(track.evidence) if track else [],
        section=target.section,
        task=target.task,
        lead_units=list(target.lead_units),
        cooperating_units=list(target.cooperating_units),
        previous_plan=target.previous_plan,
        quote=target.quote,
        span=target.span,
    )
