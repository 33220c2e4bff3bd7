"""A target's observations reduced to a series: the baseline, the points judged, the history.

One observation per period is kept (see ``USABLE_STATUSES``); a level's baseline is the
target's own, else the last figure before the plan, else the first; a cumulative target
counts from the plan's start, adding what each period reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from planwatch.track.forecast import Point
from planwatch.track.model import Observation, TrackedTarget
from planwatch.track.period import Period, parse_period, year_fraction
from planwatch.track.problems import BadPeriod

__all__ = [
    "USABLE_STATUSES",
    "Dated",
    "Track",
    "build_track",
    "deadline_end_of",
    "judged_point",
    "plan_origin",
    "plan_start_day",
    "time_share",
    "usable_series",
]

# Which observations evaluation counts, and their rank when two report the same period.
USABLE_STATUSES: dict[str, tuple[int, str]] = {
    "approved": (2, "checked by the unit responsible: preferred over any other for its period"),
    "submitted": (1, "reported and not (yet) rejected: used until a reviewer decides"),
}
# draft (not yet reported) and rejected (refused by a reviewer) observations are never counted.


@dataclass(frozen=True, slots=True)
class Dated:
    """An observation with its period parsed."""

    period: Period
    obs: Observation


def usable_series(
    target: TrackedTarget, observations: Iterable[Observation], as_of: date
) -> list[Dated]:
    """The target's series up to the date: one observation per period, the best one."""
    best: dict[str, tuple[tuple[int, int, datetime], Dated]] = {}
    for obs in observations:
        own = obs.item is not None and obs.item == target.item_id
        shared = obs.item is None and target.indicator is not None
        if obs.region != target.region or not (
            own or (shared and obs.indicator == target.indicator)
        ):
            continue
        if obs.status not in USABLE_STATUSES:
            continue
        try:
            period = parse_period(obs.period)
        except BadPeriod:
            continue  # validation keeps these out of the ledger; never guess
        if period.start > as_of:
            continue
        rank = (int(own), USABLE_STATUSES[obs.status][0], obs.recorded_at or datetime.min)
        key = str(period)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, Dated(period, obs))
    return sorted((d for _, d in best.values()), key=lambda d: d.period)


@dataclass(slots=True)
class Track:
    """A target's series reduced to what evaluation compares."""

    base_value: float
    base_period: Period | None  # None: the plan's start (cumulative) or unknown
    origin: date | None  # the day progress is counted from
    points: list[Point]  # progress data: levels, or running sums for a cumulative target
    history: list[Point]  # everything the forecast may use
    evidence: list[Observation] = field(default_factory=list)
    observed_base: Point | None = None  # the baseline, when it is a reported figure


def plan_start_day(target: TrackedTarget) -> date | None:
    """The first day of the plan period."""
    return date(target.plan_start, 1, 1) if target.plan_start is not None else None


def plan_origin(target: TrackedTarget) -> date | None:
    """The last day before the plan: where time and a cumulative count start from."""
    return date(target.plan_start - 1, 12, 31) if target.plan_start is not None else None


def deadline_end_of(target: TrackedTarget) -> date | None:
    """The last day of the deadline year (its own year, else the plan's last)."""
    return date(target.deadline, 12, 31) if target.deadline is not None else None


def _target_baseline(target: TrackedTarget) -> Point | None:
    if target.baseline is None:
        return None
    try:
        return Point(parse_period(target.baseline.period), target.baseline.value)
    except BadPeriod:
        return None


def _level_track(target: TrackedTarget, series: list[Dated]) -> Track | None:
    """Baseline: the target's own, else the last figure before the plan, else the first one."""
    own = _target_baseline(target)
    start = plan_start_day(target)
    if own is not None:
        base = own
    elif series:
        before = [d for d in series if start is not None and d.period.end < start]
        first = before[-1] if before else series[0]
        base = Point(first.period, first.obs.value)
    else:
        return None
    by_end = sorted(series, key=lambda d: (d.period.end, d.period.start))  # latest measured last
    points = [Point(d.period, d.obs.value) for d in by_end if d.period.end > base.period.end]
    history = [Point(d.period, d.obs.value) for d in by_end]
    if own is not None and all(p.period != own.period for p in history):
        history = sorted([own, *history], key=lambda p: (p.period.end, p.period.start))
    evidence = [d.obs for d in series]
    observed = base if own is None else None
    return Track(base.value, base.period, base.period.end, points, history, evidence, observed)


def _contained(dated: Dated, kept: list[Dated]) -> bool:
    return any(o.period != dated.period and o.period.contains(dated.period) for o in kept)


def _cumulative_track(target: TrackedTarget, series: list[Dated], until: date | None) -> Track:
    """The running sum of what was done since the plan began (baseline 0), up to ``until``
    (the end of the deadline year once it is over).

    A period inside another reported period (a quarter of a reported year) is left out, so
    nothing is counted twice; running totals (累计数) are taken as they are.
    """
    start = plan_start_day(target)
    kept = [d for d in series if start is None or d.period.start >= start]
    kept = [d for d in kept if until is None or d.period.end <= until]
    kept = [d for d in kept if not _contained(d, kept)]
    points, running = [], 0.0
    for dated in kept:
        running = dated.obs.value if target.running_total else running + dated.obs.value
        points.append(Point(dated.period, running))
    origin = plan_origin(target) or (kept[0].period.start - timedelta(days=1) if kept else None)
    return Track(0.0, None, origin, points, list(points), [d.obs for d in kept])


def build_track(target: TrackedTarget, series: list[Dated], as_of: date) -> Track | None:
    """The target's series as evaluation compares it; None for a level with no baseline at all."""
    deadline_end = deadline_end_of(target)
    if target.measure == "cumulative":
        past = deadline_end is not None and as_of > deadline_end
        return _cumulative_track(target, series, deadline_end if past else None)
    return _level_track(target, series)


def judged_point(points: list[Point], deadline_end: date | None, as_of: date) -> Point | None:
    """The value the status rests on: the latest, or after the deadline the deadline year's.

    After the deadline a target is judged on its deadline year's figure; without one, on the
    first figure after the deadline, else on the last before it.
    """
    if not points:
        return None
    if deadline_end is None or as_of <= deadline_end:
        return points[-1]
    by_deadline = [p for p in points if p.period.end <= deadline_end]
    if by_deadline and by_deadline[-1].period.end.year == deadline_end.year:
        return by_deadline[-1]
    later = [p for p in points if p.period.end > deadline_end]
    return later[0] if later else by_deadline[-1]


def time_share(origin: date | None, deadline_end: date | None, at: date) -> float | None:
    """The share of [origin, deadline_end] passed at a day, within [0, 1]."""
    if origin is None or deadline_end is None:
        return None
    whole = year_fraction(deadline_end) - year_fraction(origin)
    if whole <= 0:
        return 1.0
    return min(1.0, max(0.0, (year_fraction(at) - year_fraction(origin)) / whole))
