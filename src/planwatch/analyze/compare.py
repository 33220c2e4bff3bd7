"""One indicator across plans, levels and years: rows for a table, series for a chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from planwatch.analyze.plans import Plan
from planwatch.records import FLATTEN, Indicator, Item

KIND_ORDER = {"baseline": 0, "target": 1}


@dataclass(slots=True)  # not frozen: a frozen record takes three times as long to build
class IndicatorRow:
    """A target or baseline of the indicator with the plan that sets or reports it; in a flat
    row the plan's fields come first, then the item's (FLATTEN)."""

    document_id: int
    doc: str
    doc_title: str
    region: str
    region_code: str | None
    depth: int  # how far down the region chain the plan's region is (province 1)
    level: str
    period: str
    item: Item = field(metadata=FLATTEN)

    @classmethod
    def at(cls, regions: tuple[str, ...], **fields: Any) -> IndicatorRow:
        """The row of a plan whose region's chain of codes is ``regions`` (the province's
        first): its region is the chain's last code, its depth the chain's length."""
        return cls(region_code=regions[-1] if regions else None, depth=len(regions), **fields)


def in_regions(regions: tuple[str, ...], within: set[str] | None) -> bool:
    """Whether a plan whose region's chain of codes is ``regions`` counts for ``within``
    (org unit codes): its region or a region above it is one of them (all, when None)."""
    return within is None or not within.isdisjoint(regions)


def indicator_rows(
    plans: Iterable[Plan], info: Indicator, within: set[str] | None = None
) -> list[IndicatorRow]:
    """Every target and baseline of the indicator, from the higher regions down, each region
    by year (a baseline before the target of the same year).

    ``within``: org unit codes; a plan counts when its region or a region above it is one.
    """
    rows = [
        IndicatorRow.at(
            plan.regions,
            document_id=plan.id,
            doc=plan.name,
            doc_title=plan.title,
            region=plan.region,
            level=plan.level,
            period=period_text(plan),
            item=item,
        )
        for plan in plans
        if in_regions(plan.regions, within)
        for item in plan.items
        if item.indicator == info.id
    ]
    rows.sort(key=row_order)
    return rows


def row_order(row: IndicatorRow) -> tuple[int, str, int, int, int, int]:
    """The order of a comparison's rows: higher regions first, each region by year, a
    baseline before the target of the same year, then by plan and place."""
    item = row.item
    return (
        row.depth or 99,
        row.region,
        item.year or 0,
        KIND_ORDER.get(item.kind, 2),
        row.document_id,
        item.span.start,
    )


def period_text(plan: Plan) -> str:
    """The plan's period as ``period_of`` writes it."""
    return period_of(plan.period_start, plan.period_end)


def period_of(start: int | None, end: int | None) -> str:
    """2021—2025; 2021— or —2025 when one end is unknown; "" when both are."""
    if start is None and end is None:
        return ""
    return f"{start or ''}—{end or ''}"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a point of a series comes from: a plan's figure and its place."""

    document_id: int
    doc: str
    doc_title: str
    period: str
    value: float
    value_max: float | None
    relation: str
    start: int
    end: int
    previous_plan: bool = False  # a target of the plan before, recorded by this document


@dataclass(slots=True)
class Point:
    """A region's figure of one kind for one year. Several plans may state it: the point
    holds the newest plan's figure, and every statement among its sources."""

    year: int
    value: float
    value_max: float | None
    relation: str
    sources: list[Source]


@dataclass(slots=True)
class Series:
    """One region's targets (or baselines) of the indicator, year by year: a line of a chart."""

    region: str
    region_code: str | None
    kind: str
    points: list[Point]


def chart_series(rows: Iterable[IndicatorRow]) -> list[Series]:
    """The rows as one series per region and kind, one point per year (figures without a
    year cannot be drawn and are left out), points ordered by year."""
    series: dict[tuple[str, str], Series] = {}
    points: dict[tuple[str, str, int], Point] = {}
    for row in rows:
        item = row.item
        if item.year is None:
            continue
        key = (row.region_code or row.region or row.doc, item.kind)
        one = series.setdefault(key, Series(row.region, row.region_code, item.kind, []))
        source = Source(
            row.document_id,
            row.doc,
            row.doc_title,
            row.period,
            item.value,
            item.value_max,
            item.relation,
            item.span.start,
            item.span.end,
            item.previous_plan,
        )
        point = points.get((*key, item.year))
        if point is None:
            point = Point(item.year, item.value, item.value_max, item.relation, [])
            points[(*key, item.year)] = point
            one.points.append(point)
        point.sources.append(source)
    for point in points.values():
        newest = max(point.sources, key=_newness)
        point.value, point.value_max, point.relation = (
            newest.value,
            newest.value_max,
            newest.relation,
        )
    for one in series.values():
        one.points.sort(key=lambda p: p.year)
    return list(series.values())


def _newness(source: Source) -> tuple[bool, int, int]:
    """A plan's own figure before one a later plan recorded of it; then a plan whose period
    ends later is newer; then the one ingested later."""
    end = source.period.rpartition("—")[2]
    return (not source.previous_plan, int(end) if end.isdigit() else 0, source.document_id)
