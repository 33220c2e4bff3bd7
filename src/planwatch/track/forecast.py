"""Where a series is heading: its trend extrapolated to the end of the deadline year.

Two methods, chosen by how the target adds up (at least two observations either way):

- cumulative: linear least squares on the running sum — things get built at a roughly steady
  rate per year, and a count does not compound;
- level: compound annual growth between the first and the last value (Statistics Canada's
  CAGR) — rates and stocks grow in proportion to where they are; linear when a value is ≤ 0.

A forecast of a percentage is capped at 100 (‰ at 1000), and no forecast of a count or rate goes
below 0: the natural limits of the figure (Statistics Canada scales its thresholds near such
limits for the same reason).

Worked example: 学前教育毛入园率 74.7 (2015) → 91 (2020) grows (91/74.7)^(1/5) − 1 = +4.0% a year;
to the end of 2023 that gives 91 × 1.040^3 = 102.4, capped at 100 — "年均增长率外推（2015—2020年，
年均+4.0%，以100为上限）".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from planwatch.track.model import Anticipated, Measure
from planwatch.track.period import Period, year_fraction

__all__ = ["CEILINGS", "Forecast", "Point", "forecast"]

CEILINGS = {"%": 100.0, "‰": 1000.0}
SIGNED_UNITS = frozenset({"pp"})  # a change in percentage points may be negative


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a series at the end of its period."""

    period: Period
    value: float

    @property
    def t(self) -> float:
        """The end of the period on the time axis, in years."""
        return year_fraction(self.period.end)


@dataclass(frozen=True, slots=True)
class Forecast:
    """The value the trend gives at the deadline, how it was computed, and whether it meets it."""

    value: float
    method: str  # Chinese, e.g. 线性趋势外推（3个观测值）
    anticipated: Anticipated
    points: int


def _span_label(first: Period, last: Period) -> str:
    if first.kind == last.kind == "year":
        return f"{first.year}—{last.year}年"
    return f"{first.label}—{last.label}"


def _linear(points: Sequence[Point], at: float) -> float | None:
    """The least-squares line through the points, evaluated at ``at``; None if time is flat."""
    n = len(points)
    mean_t = sum(p.t for p in points) / n
    mean_v = sum(p.value for p in points) / n
    spread = sum((p.t - mean_t) ** 2 for p in points)
    if spread == 0:
        return None
    slope = sum((p.t - mean_t) * (p.value - mean_v) for p in points) / spread
    return mean_v + slope * (at - mean_t)


def _growth(first: Point, last: Point) -> float | None:
    """The compound annual growth rate between two points; None when it is undefined."""
    if first.value <= 0 or last.value <= 0 or last.t <= first.t:
        return None
    return float((last.value / first.value) ** (1 / (last.t - first.t)) - 1)


def _bounded(value: float, unit: str) -> tuple[float, str]:
    """The value within the unit's natural limits, and the words to add if it was capped."""
    ceiling = CEILINGS.get(unit)
    if ceiling is not None and value > ceiling:
        return ceiling, f"，以{ceiling:g}为上限"
    if unit not in SIGNED_UNITS and value < 0:
        return 0.0, "，以0为下限"
    return value, ""


def _extrapolate(points: Sequence[Point], at: float, measure: Measure) -> tuple[float, str] | None:
    """The raw forecast and the method's words, before the natural limits."""
    if measure == "level":
        first, last = points[0], points[-1]
        growth = _growth(first, last)
        if growth is not None:
            value = last.value * (1 + growth) ** (at - last.t)
            span = _span_label(first.period, last.period)
            return value, f"年均增长率外推（{span}，年均{growth:+.1%}"
    value_or_none = _linear(points, at)
    if value_or_none is None:
        return None
    return value_or_none, f"线性趋势外推（{len(points)}个观测值"


def forecast(
    points: Sequence[Point],
    until: date,
    measure: Measure,
    unit: str,
    meets: Callable[[float], bool],
) -> Forecast | None:
    """The trend of ``points`` carried to ``until`` (the end of the deadline year).

    ``points`` are the series' values (running sums for a cumulative target), in any order;
    ``meets`` tells whether a value meets the target. None when there are fewer than two
    points, or when the latest point already reaches ``until`` (nothing left to forecast).
    """
    ordered = sorted(points, key=lambda p: (p.t, p.period.start))
    if len(ordered) < 2 or ordered[-1].period.end >= until:
        return None
    raw = _extrapolate(ordered, year_fraction(until), measure)
    if raw is None:
        return None
    value, words = raw
    value, limit = _bounded(value, unit)
    anticipated: Anticipated = "will_meet" if meets(value) else "will_miss"
    return Forecast(value, words + limit + "）", anticipated, len(ordered))
