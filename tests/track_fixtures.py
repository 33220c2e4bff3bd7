"""Helpers for the track tests: the ledger as the checks see it, built from the indicator catalog
and China's regions, and the template view of a few targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from planwatch.extract.indicators import load_catalog, normalize_subject
from planwatch.extract.regions import load_divisions, resolve_region
from planwatch.present.template import TemplateRow, TemplateView
from planwatch.track.model import Measure, TrackedTarget
from planwatch.track.validate import IndicatorInfo, Series, value_bounds

GUANGXI, NANNING, LIUZHOU = "450000000000", "450100000000", "450200000000"
# Catalog indicators whose figures are flows (done in a period) rather than levels.
FLOWS = {"teacher_training_participations"}


@cache
def _catalog() -> dict[str, IndicatorInfo]:
    """Every name, alias and id of the catalog (normalized) → the indicator's info."""
    found: dict[str, IndicatorInfo] = {}
    for entry in load_catalog():
        measure: Measure = "cumulative" if entry.id in FLOWS else "level"
        info = IndicatorInfo(entry.id, entry.name, entry.unit, measure)
        for name in (entry.id, entry.name, *entry.aliases):
            found.setdefault(normalize_subject(name), info)
    return found


@cache
def _region_codes() -> frozenset[str]:
    return frozenset(unit.code for unit in load_divisions())


@dataclass
class LedgerLookups:
    """The ``Lookups`` of validation over the catalog, the regions, some targets and values.

    ``ledger`` maps a series to its (period, value, approved) rows.
    """

    targets: Sequence[TrackedTarget] = ()
    ledger: dict[Series, list[tuple[str, float, bool]]] = field(default_factory=dict)
    running_totals: frozenset[str] = frozenset()

    def indicator(self, text: str) -> IndicatorInfo | None:
        info = _catalog().get(normalize_subject(text))
        if info is not None and info.id in self.running_totals:
            return IndicatorInfo(info.id, info.name, info.unit, "cumulative", running_total=True)
        return info

    def region(self, text: str) -> str | None:
        if text in _region_codes():
            return text
        unit = resolve_region(text)
        return unit.code if unit is not None else None

    def target(self, text: str) -> TrackedTarget | None:
        return next((t for t in self.targets if str(t.item_id) == text.strip()), None)

    def approved_value(self, series: Series, period: str) -> float | None:
        rows = self.ledger.get(series, [])
        return next((v for p, v, approved in rows if p == period and approved), None)

    def series_values(self, series: Series) -> list[tuple[str, float]]:
        return [(p, v) for p, v, _ in self.ledger.get(series, [])]


def template_view(
    targets: Iterable[TrackedTarget], periods: Sequence[str], unit_name: str = "南宁市教育局"
) -> TemplateView:
    """The template view of some targets of one plan and region (what services will build)."""
    rows = []
    for target in targets:
        bounds = value_bounds(target.unit, target.subject)
        basis = "running_total" if target.running_total else target.measure
        baseline = ""
        if target.baseline is not None:
            baseline = f"{target.baseline.value:g}（{target.baseline.period}年）"
        rows.append(
            TemplateRow(
                item_id=target.item_id,
                region=target.region,
                subject=target.subject,
                quote=target.quote,
                unit=target.unit,
                value=target.value,
                relation=target.relation,
                value_max=target.value_max,
                year=target.year,
                baseline=baseline,
                basis=basis,
                minimum=bounds.minimum,
                maximum=bounds.maximum,
                minimum_exclusive=bounds.minimum_exclusive,
            )
        )
    region = rows[0].region if rows else NANNING
    return TemplateView(
        title="南宁市教育事业发展“十四五”规划",
        document_id=7,
        region=region,
        region_name="南宁市",
        unit_name=unit_name,
        periods=tuple(periods),
        rows=tuple(rows),
        generated=date(2024, 1, 15),
    )
