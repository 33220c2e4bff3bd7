"""Use cases of progress reports (实施进展情况报告): a plan's report, and a supervisor's report
of a region and the regions below it, as one record every format renders.

The numbers are those of ``planwatch status``: the rows are ``tracking.status_view``'s (or
``tracking.status_views``'s) own; this module only groups them (by part of the plan, by lead
unit, by region), draws their series together and lists the observations they rest on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from planwatch import track
from planwatch.catalog import indicator_names
from planwatch.config import Settings
from planwatch.present.figures import figure
from planwatch.present.report.record import (
    SUPERVISED,
    PlanLine,
    PlanReport,
    RegionGroup,
    RegionLine,
    RegionReport,
    SectionTable,
    SourceUse,
    Supervision,
    Trend,
    TrendPoint,
    section_path,
)
from planwatch.records import Evaluation, LedgerDocument, Observation
from planwatch.services import tracking
from planwatch.services.analysis import UnknownRegion, check_plans
from planwatch.services.ledger import read_ledger
from planwatch.store import plans as store_plans
from planwatch.store import queries
from planwatch.track.period import year_fraction

RATE_UNITS = frozenset({"%", "‰"})  # a key rate indicator is a catalog indicator in these
MAX_TRENDS = 12  # trend charts drawn at most; the others are counted in the report
SECTION_DEPTH = 2  # heading levels a section table stands for (一、 and （一）)
UNNAMED_SECTION = "（未注明章节）"


# --- a plan's report -----------------------------------------------------------------------


def plan_report(
    settings: Settings,
    plan: str,
    as_of: date | None = None,
    statuses: Sequence[str] = tracking.COUNTED,
) -> PlanReport:
    """The report of one plan at ``as_of`` (today by default): the rows of ``planwatch
    status``, grouped for people, with the figures' words and the sources of every value
    (the web app's downloads count approved observations only: ``statuses``)."""
    view = tracking.status_view(settings, plan, as_of, statuses=statuses)
    figures: dict[int, str] = read_ledger(
        settings, lambda session: _figure_words(session, view.document.id)
    )
    return assemble_plan_report(view, figures)


def _figure_words(session: Any, doc_id: int) -> dict[int, str]:
    found = queries.item_list(session, queries.ItemFilter(document_id=doc_id, kind="target"))
    return {i.id: i.text for i in found if i.id is not None}


def assemble_plan_report(view: tracking.StatusView, figures: dict[int, str]) -> PlanReport:
    """A plan's report from its status view (what ``planwatch status`` shows)."""
    trends = key_trends(view.rows, view.region_names)
    return PlanReport(
        document=view.document,
        as_of=view.as_of,
        generated=datetime.now().replace(microsecond=0),
        rows=view.rows,
        counts=dict(view.counts),
        sections=section_tables(view.rows),
        supervision=supervision(view.rows),
        trends=trends[:MAX_TRENDS],
        sources=sources_of(view.rows),
        region_names=view.region_names,
        figures=figures,
        trends_left_out=max(0, len(trends) - MAX_TRENDS),
    )


def section_tables(rows: Sequence[Evaluation]) -> list[SectionTable]:
    """One table per part of the plan (its first two heading levels), in the plan's order."""
    tables: dict[tuple[str, ...], SectionTable] = {}
    for row in rows:
        prefix = section_path(row.section)[:SECTION_DEPTH]
        if prefix not in tables:
            title = " / ".join(prefix) or UNNAMED_SECTION
            tables[prefix] = SectionTable(title, [], prefix)
        tables[prefix].rows.append(row)
    return list(tables.values())


def supervision(rows: Sequence[Evaluation]) -> list[Supervision]:
    """The 督办 list: every lagging, far-behind or overdue target under each of its lead units
    (most such targets first), with the units that cooperate on them."""
    groups: dict[str, Supervision] = {}
    for row in rows:
        if row.status not in SUPERVISED:
            continue
        for lead in dict.fromkeys(row.lead_units or ["（未注明牵头单位）"]):
            group = groups.setdefault(lead, Supervision(lead, [], []))
            group.rows.append(row)
            group.cooperating.extend(u for u in row.cooperating_units if u not in group.cooperating)
    return sorted(groups.values(), key=lambda g: (-len(g.rows), g.lead))


def _t(period: str) -> float | None:
    """A period's place on the time axis of a trend (see ``TrendPoint``)."""
    try:
        return year_fraction(track.parse_period(period).end) - 1
    except track.BadPeriod:
        return None


def _point(period: str, value: float, label: str = "") -> TrendPoint | None:
    t = _t(period)
    return None if t is None else TrendPoint(period, round(t, 4), value, label)


def key_trends(rows: Sequence[Evaluation], region_names: dict[str, str]) -> list[Trend]:
    """The trend of each key rate indicator (a catalog rate) of each region that has any
    observation: observations, baselines, targets and forecasts on one axis."""
    names = indicator_names()
    trends: dict[tuple[str, str], Trend] = {}
    for row in rows:
        if not row.indicator or row.unit not in RATE_UNITS:
            continue
        key = (row.indicator, row.region)
        if key not in trends:
            name = names.get(row.indicator, row.subject)
            trends[key] = Trend(row.indicator, name, row.region, row.unit)
        _add_row(trends[key], row)
    for trend in trends.values():
        trend.observations.sort(key=lambda p: p.t)
        for points in (trend.baselines, trend.targets, trend.forecasts):
            points.sort(key=lambda p: p.t)
    return [t for t in trends.values() if t.observations]


def _add_row(trend: Trend, row: Evaluation) -> None:
    trend.items.append(row.item_id)
    seen = {p.period for p in trend.observations}
    for obs in row.evidence:
        point = _point(obs.period, obs.value)
        if point is not None and obs.period not in seen:
            trend.observations.append(point)
            seen.add(obs.period)
    if row.baseline_value is not None and row.baseline_period:
        point = _point(row.baseline_period, row.baseline_value, "基数")
        if point is not None and all(p.period != point.period for p in trend.baselines):
            trend.baselines.append(point)
    if row.target_year is None:
        return
    year = str(row.target_year)
    shown = figure(_Figure(row.target_value, row.target_value_max, row.unit, row.relation))
    label = f"{'上一规划期目标' if row.previous_plan else '目标'} {shown}"
    point = _point(year, row.target_value, label)
    if point is not None:
        trend.targets.append(point)
    if row.forecast_value is not None:
        point = _point(year, row.forecast_value, "预测")
        if point is not None:
            trend.forecasts.append(point)


@dataclass(frozen=True, slots=True)
class _Figure:
    """A target's figure as ``present.figures.figure`` reads it."""

    value: float
    value_max: float | None
    unit: str
    relation: str


def _observation_key(obs: Observation) -> tuple[Any, ...]:
    if obs.id is not None:
        return ("stored", obs.id)
    span = (obs.span.start, obs.span.end) if obs.span else None
    return ("plan", obs.document_id, span, obs.period, obs.region, obs.indicator, obs.value)


def sources_of(rows: Iterable[Evaluation]) -> list[SourceUse]:
    """Every observation the rows rest on, numbered in the order first used, with the
    targets each was used for."""
    names = indicator_names()
    found: dict[tuple[Any, ...], SourceUse] = {}
    for row in rows:
        for obs in row.evidence:
            key = _observation_key(obs)
            if key not in found:
                subject = names.get(obs.indicator or "", "") or row.subject
                found[key] = SourceUse(len(found) + 1, obs, subject)
            if row.item_id not in found[key].targets:
                found[key].targets.append(row.item_id)
    return list(found.values())


# --- a region's report ---------------------------------------------------------------------


@dataclass(slots=True)
class _Region:
    """What the ledger says of the region asked: its name, the codes within it, their names
    and levels, and the plans of those regions."""

    name: str
    codes: set[str]
    names: dict[str, str]
    chains: dict[str, tuple[str, ...]]
    documents: list[LedgerDocument]


def _region(session: Any, ref: str) -> _Region:
    codes = store_plans.regions_within(session, ref.strip())
    if not codes:
        raise UnknownRegion(ref)
    chains = store_plans.region_chains(session)
    named = store_plans.region_codes(session, ref.strip())
    top = min(named, key=lambda c: (len(chains.get(c, ())), c))
    names = queries.org_unit_names(session, codes)
    ids = store_plans.documents_of_regions(session, codes)
    documents = queries.document_list(session, frozenset(ids)) if ids else []
    return _Region(names.get(top, ref), codes, names, chains, documents)


def region_report(
    settings: Settings,
    region: str,
    as_of: date | None = None,
    statuses: Sequence[str] = tracking.COUNTED,
) -> RegionReport:
    """The supervisor's report of a region (广西) and every region below it at ``as_of``:
    each plan's and each region's status counts, which cities and counties lag on which
    indicators, and the lower plans' targets weaker than their higher plans'
    (``check``'s 下级目标低于上级)."""
    place: _Region = read_ledger(settings, lambda session: _region(session, region))
    ids = [d.id for d in place.documents]
    views = tracking.status_views(settings, as_of, ids, statuses) if ids else []
    # the region's plans checked against the plans above them: the findings on them are the
    # ones a check of the whole ledger finds
    found = check_plans(settings, among=frozenset(ids)) if ids else []
    weaker = [f for f in found if f.kind == "cascade_weaker"]
    rows = [r for v in views for r in v.rows]
    names = dict(place.names)
    for view in views:
        names.update(view.region_names)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return RegionReport(
        region=region,
        name=place.name,
        as_of=as_of or date.today(),
        generated=datetime.now().replace(microsecond=0),
        plans=[PlanLine(v.document, dict(v.counts)) for v in views],
        regions=_region_lines(rows, place, names),
        lagging=_lagging(rows, place, names),
        weaker=weaker,
        counts=counts,
        sources=sources_of(r for r in rows if r.status in SUPERVISED),
        documents={d.id: d for d in place.documents},
        region_names=names,
    )


def _order(place: _Region, code: str) -> tuple[str, ...]:
    """Province first, then each city followed by its counties."""
    return place.chains.get(code, (code,))


def _region_lines(
    rows: Sequence[Evaluation], place: _Region, names: dict[str, str]
) -> list[RegionLine]:
    indicators = indicator_names()
    lines: dict[str, RegionLine] = {}
    for doc in place.documents:
        code = doc.org_unit_code or ""
        line = lines.setdefault(code, _line(code, place, names))
        line.plans += 1
    for row in rows:
        line = lines.setdefault(row.region, _line(row.region, place, names))
        line.counts[row.status] = line.counts.get(row.status, 0) + 1
        if row.status in SUPERVISED:
            name = indicators.get(row.indicator or "", "") or row.subject
            if name not in line.lagging:
                line.lagging.append(name)
    return sorted(lines.values(), key=lambda line: _order(place, line.code))


def region_level(code: str) -> str:
    """province, city or county, by the division code (450000000000, 450700000000,
    450702000000); "" for a code of another form."""
    if len(code) != 12 or not code.isdigit():
        return ""
    if code[2:] == "0" * 10:
        return "province"
    return "city" if code[4:] == "0" * 8 else "county"


def _line(code: str, place: _Region, names: dict[str, str]) -> RegionLine:
    return RegionLine(code, names.get(code, code), region_level(code), 0, {})


def _lagging(
    rows: Sequence[Evaluation], place: _Region, names: dict[str, str]
) -> list[RegionGroup]:
    groups: dict[str, RegionGroup] = {}
    for row in rows:
        if row.status in SUPERVISED:
            group = groups.setdefault(
                row.region, RegionGroup(row.region, names.get(row.region, row.region), [])
            )
            group.rows.append(row)
    return sorted(groups.values(), key=lambda g: _order(place, g.code))
