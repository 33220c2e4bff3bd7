"""The ledger as the import checks see it, and an import row resolved through it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from planwatch.track.model import Measure, TrackedTarget
from planwatch.track.period import Period, parse_period
from planwatch.track.problems import BadPeriod
from planwatch.track.rows import ImportRow
from planwatch.track.values import PLACEHOLDERS, ParsedValue, parse_value

__all__ = ["Context", "IndicatorInfo", "Lookups", "RowFacts", "Series", "resolve_row"]


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    """What validation needs of a catalog indicator: its unit and how its figures add up."""

    id: str
    name: str
    unit: str
    measure: Measure = "level"
    running_total: bool = False  # figures are totals since a start (累计数), never decreasing


class Series(NamedTuple):  # a tuple: hashed in C, as a key of every imported row
    """A series of observations: one region and one indicator, or one region and one target.

    With ``item`` set, the series is that target's own observations (a row naming a 目标编号);
    otherwise the indicator's observations for the region that name no target.
    """

    region: str
    indicator: str | None
    item: int | None


class Lookups(Protocol):
    """The ledger as validation sees it (the store implements it; tests use the catalog)."""

    def indicator(self, text: str) -> IndicatorInfo | None:
        """The indicator a name, alias or id names."""

    def region(self, text: str) -> str | None:
        """The org unit code a region name or code names."""

    def target(self, text: str) -> TrackedTarget | None:
        """The target an item id names."""

    def approved_value(self, series: Series, period: str) -> float | None:
        """The approved value of the series for a period, if any."""

    def series_values(self, series: Series) -> Sequence[tuple[str, float]]:
        """The (period, value) pairs of the series already in the ledger (not rejected)."""


@dataclass(slots=True)
class RowFacts:
    """A row with what could be resolved of it; ``*_error`` hold why a field could not be read."""

    raw: ImportRow
    indicator: IndicatorInfo | None = None
    target: TrackedTarget | None = None
    region: str | None = None
    period: Period | None = None
    period_error: str = ""
    value: ParsedValue | None = None
    value_error: str = ""
    empty_value: bool = False
    series: Series | None = None  # set once the fields are resolved (find_series)

    @property
    def unit(self) -> str:
        """The unit values are in: the indicator's, else the target's."""
        if self.indicator is not None:
            return self.indicator.unit
        return self.target.unit if self.target is not None else ""

    @property
    def name(self) -> str:
        """What the row measures, for messages: the indicator's name, else the target's subject."""
        if self.indicator is not None:
            return self.indicator.name
        return self.target.subject if self.target is not None else ""

    @property
    def measure(self) -> Measure:
        """How the series adds up: the target's measure, else the indicator's."""
        if self.target is not None:
            return self.target.measure
        return self.indicator.measure if self.indicator is not None else "level"

    @property
    def running_total(self) -> bool:
        """Whether the series reports running totals (累计数)."""
        if self.target is not None:
            return self.target.running_total
        return self.indicator.running_total if self.indicator is not None else False

    def find_series(self) -> Series | None:
        """The series the row adds to, once its region and indicator or target are known."""
        if self.region is None:
            return None
        if self.target is not None:
            return Series(self.region, None, self.target.item_id)
        if self.indicator is not None:
            return Series(self.region, self.indicator.id, None)
        return None


@dataclass(frozen=True, slots=True)
class Context:
    """What every check may read besides the row: the ledger and the day of the import."""

    lookups: Lookups
    as_of: date


def resolve_row(raw: ImportRow, context: Context) -> RowFacts:
    """The row's fields looked up and parsed; what fails is left for the rules to report."""
    row = RowFacts(raw)
    lookups = context.lookups
    row.indicator = lookups.indicator(raw.indicator.strip()) if raw.indicator.strip() else None
    row.target = lookups.target(raw.item.strip()) if raw.item.strip() else None
    row.region = lookups.region(raw.region.strip()) if raw.region.strip() else None
    try:
        row.period = parse_period(raw.period)
    except BadPeriod as exc:
        row.period_error = exc.reason
    text = raw.value.strip()
    if not text or text.lower() in PLACEHOLDERS:
        row.empty_value = True
    else:
        try:
            row.value = parse_value(text)
        except ValueError as exc:
            row.value_error = str(exc)
    row.series = row.find_series()
    return row
