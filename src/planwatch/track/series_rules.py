"""The checks of a clean row against its series: the ledger's values and the file's other rows."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from planwatch.track.lookups import Context, RowFacts, Series
from planwatch.track.period import Period, parse_period
from planwatch.track.problems import BadPeriod
from planwatch.track.rows import Field

__all__ = ["SERIES_RULES", "Seen", "SeriesRule"]

MAGNITUDE_FACTOR = 50.0  # a level 50 times its neighbour: 万 or % slipped, a decimal point moved


@dataclass(slots=True)
class Seen:
    """The clean rows of the file so far and the ledger's values, by series (read once each)."""

    rows: dict[Series, list[RowFacts]] = field(default_factory=dict)
    first: dict[tuple[Series, Period | None], RowFacts] = field(default_factory=dict)
    ledger: dict[Series, list[tuple[Period, float]]] = field(default_factory=dict)
    # the least and greatest positive value of each series, ledger and file: a cheap bound
    # that spares the nearest-value search of magnitude_jump when no value is far apart
    extent: dict[Series, tuple[float, float]] = field(default_factory=dict)

    def add(self, row: RowFacts) -> None:
        """A clean row joins its series."""
        assert row.series is not None
        self.rows.setdefault(row.series, []).append(row)
        self.first.setdefault((row.series, row.period), row)
        if row.value is not None and row.value.value > 0:
            self._widen(row.series, row.value.value)

    def _widen(self, series: Series, value: float) -> None:
        lo, hi = self.extent.get(series, (value, value))
        self.extent[series] = (min(lo, value), max(hi, value))

    def ledger_values(self, series: Series, context: Context) -> list[tuple[Period, float]]:
        """The series' values already in the ledger, with their periods parsed."""
        if series not in self.ledger:
            values = []
            for text, value in context.lookups.series_values(series):
                try:
                    values.append((parse_period(text), value))
                except BadPeriod:
                    continue  # a ledger period that does not parse is no evidence either way
            self.ledger[series] = values
            for _period, value in values:
                if value > 0:
                    self._widen(series, value)
        return self.ledger[series]


def _others(row: RowFacts, seen: Seen, context: Context) -> list[tuple[Period, float, str]]:
    """The other values of the row's series: in the ledger and in the file's earlier rows."""
    assert row.series is not None and row.period is not None
    found = [
        (period, value, "台账中")
        for period, value in seen.ledger_values(row.series, context)
        if period != row.period
    ]
    for other in seen.rows.get(row.series, []):
        if other.period is not None and other.value is not None and other.period != row.period:
            found.append((other.period, other.value.value, f"第{other.raw.row}行"))
    return found


@dataclass(frozen=True, slots=True)
class SeriesRule:
    """A check of a clean row against its series (the ledger's values and the file's rows)."""

    kind: str
    field: Field
    check: Callable[[RowFacts, Seen, Context], str | None]
    why: str
    example: str


def _duplicate_row(row: RowFacts, seen: Seen, _: Context) -> str | None:
    assert row.series is not None
    other = seen.first.get((row.series, row.period))
    if other is not None:
        return f"与第{other.raw.row}行重复（同一指标或目标、地区和期间）"
    return None


def _conflicts_approved(row: RowFacts, _: Seen, context: Context) -> str | None:
    assert row.series is not None and row.value is not None
    approved = context.lookups.approved_value(row.series, str(row.period))
    if approved is None or math.isclose(approved, row.value.value, rel_tol=1e-9, abs_tol=1e-12):
        return None
    return f"与已审核的数值 {approved:g} 不一致；如需更正，请先由审核人撤回原数据"


def _running_total_backwards(row: RowFacts, seen: Seen, context: Context) -> str | None:
    if not row.running_total:
        return None
    assert row.period is not None and row.value is not None
    value = row.value.value
    for period, other, where in _others(row, seen, context):
        if (period.end < row.period.end and other > value) or (
            period.end > row.period.end and other < value
        ):
            earlier = f"{where}{period.label}的累计数 {other:g}"
            return f"累计数 {value:g} 与{earlier} 相比出现倒退，累计数不应减少"
    return None


def _mixed_granularity(row: RowFacts, seen: Seen, context: Context) -> str | None:
    if row.measure != "cumulative" or row.running_total:
        return None
    assert row.period is not None
    for period, _, where in _others(row, seen, context):
        if period.overlaps(row.period):
            return (
                f"期间{row.period.label}与{where}{period.label}的数据重叠："
                "年度与季度、月度数据混报会重复计算，请只报一种"
            )
    return None


def _magnitude_jump(row: RowFacts, seen: Seen, context: Context) -> str | None:
    if row.measure != "level" or row.value is None or row.value.value <= 0:
        return None
    assert row.period is not None and row.series is not None
    value, start = row.value.value, row.period.start
    seen.ledger_values(row.series, context)  # counts the ledger's values into the extent
    lo, hi = seen.extent.get(row.series, (value, value))
    if max(value, hi) / min(value, lo) < MAGNITUDE_FACTOR:
        return None  # no value of the series is that far from this one
    others = [o for o in _others(row, seen, context) if o[1] > 0]
    if not others:
        return None
    period, other, where = min(others, key=lambda o: abs((o[0].start - start).days))
    factor = max(value, other) / min(value, other)
    if factor < MAGNITUDE_FACTOR:
        return None
    return f"与{where}{period.label}的 {other:g} 相差{factor:.0f}倍，疑为单位（万、%）或小数点错误"


SERIES_RULES: tuple[SeriesRule, ...] = (
    SeriesRule(
        "duplicate_row",
        "period",
        _duplicate_row,
        "One figure per series and period; two are a conflict or a copy.",
        "2022 twice",
    ),
    SeriesRule(
        "conflicts_approved",
        "value",
        _conflicts_approved,
        "An approved figure is changed by its reviewer, not by a re-import.",
        "91 vs approved 90",
    ),
    SeriesRule(
        "running_total_backwards",
        "value",
        _running_total_backwards,
        "A running total (累计) never falls.",
        "120 after 150",
    ),
    SeriesRule(
        "mixed_granularity",
        "period",
        _mixed_granularity,
        "Summing a year and its quarters counts twice.",
        "2022 and 2022Q3",
    ),
    SeriesRule(
        "magnitude_jump",
        "value",
        _magnitude_jump,
        f"A level {MAGNITUDE_FACTOR:g}× its neighbour is a unit slip (0.924 for 92.4%).",
        "0.9 after 91",
    ),
)
