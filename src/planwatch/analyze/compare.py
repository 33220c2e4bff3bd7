"""One indicator across plans, levels and years: rows for a table, series for a chart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planwatch.analyze.plans import IndicatorInfo, Plan, figure

KIND_ORDER = {"baseline": 0, "target": 1}


def indicator_rows(
    plans: Iterable[Plan], info: IndicatorInfo, within: set[str] | None = None
) -> list[dict[str, Any]]:
    """Every target and baseline of the indicator, from the higher regions down, each region
    by year (a baseline before the target of the same year).

    ``within``: org unit codes; a plan counts when its region or a region above it is one.
    """
    rows: list[dict[str, Any]] = []
    for plan in plans:
        if within is not None and not within.intersection(plan.regions):
            continue
        for item in plan.items:
            if item.indicator != info.id:
                continue
            rows.append(
                {
                    "document_id": plan.id,
                    "doc": plan.name,
                    "doc_title": plan.title,
                    "region": plan.region,
                    "region_code": plan.regions[-1] if plan.regions else None,
                    "depth": len(plan.regions),
                    "level": plan.level,
                    "period": period_text(plan),
                    "kind": item.kind,
                    "year": item.year,
                    "relation": item.relation,
                    "value": item.value,
                    "value_max": item.value_max,
                    "unit": item.unit,
                    "figure": figure(item),
                    "subject": item.subject,
                    "text": item.text,
                    "quote": item.quote,
                    "start": item.start,
                    "end": item.end,
                }
            )
    rows.sort(
        key=lambda r: (
            r["depth"] or 99,
            r["region"],
            r["year"] or 0,
            KIND_ORDER.get(r["kind"], 2),
            r["document_id"],
            r["start"],
        )
    )
    return rows


def period_text(plan: Plan) -> str:
    """2021—2025; 2021— or —2025 when one end is unknown; "" when both are."""
    if plan.period_start is None and plan.period_end is None:
        return ""
    return f"{plan.period_start or ''}—{plan.period_end or ''}"


def chart_series(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as one series per region and kind (its targets' timeline, its baselines'),
    points ordered by year: what a line chart of the indicator by region needs."""
    series: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["region_code"] or row["region"] or row["doc"], row["kind"])
        one = series.setdefault(
            key,
            {
                "region": row["region"],
                "region_code": row["region_code"],
                "kind": row["kind"],
                "points": [],
            },
        )
        one["points"].append({k: row[k] for k in POINT_FIELDS})
    return list(series.values())


POINT_FIELDS = (
    "year",
    "value",
    "value_max",
    "kind",
    "relation",
    "document_id",
    "doc",
    "doc_title",
    "period",
    "start",
    "end",
)
