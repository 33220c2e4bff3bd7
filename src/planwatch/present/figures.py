"""How a figure reads for people: one number format, one figure format, one excerpt.

``figure(item)`` is the only way a value is shown with its relation, range and unit:
92.4 % at least reads ≥92.4%, a range 3—5个, a ratio 19∶1, percentage points 2个百分点.
"""

from __future__ import annotations

from typing import Protocol

RELATION_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": "="}
RELATION_WORDS = {">=": "不低于", "<=": "不高于", "~": "约", "=": "等于"}
UNIT_SHOWN = {"pp": "个百分点"}  # normalized units that read otherwise


class Figure(Protocol):
    """What a figure is made of: an Item, or any record with these fields."""

    @property
    def value(self) -> float: ...
    @property
    def value_max(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def relation(self) -> str: ...


def number(value: float | int | None) -> str:
    """12.0 → 12, 92.4 → 92.4, 25320.0 → 25320, 1.5e8 → 150000000; None → ""."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".15g")


def unit_text(unit: str) -> str:
    """A normalized unit as people write it (pp → 个百分点)."""
    return UNIT_SHOWN.get(unit, unit)


# Sums of money read in 亿元 or 万元, as plans write them (680000000元 → 6.8亿元).
MONEY_SCALES = ((100_000_000, "亿元"), (10_000, "万元"))


def _scaled(item: Figure) -> tuple[float, float | None, str]:
    """The figure's value, upper end and unit as people read them."""
    if item.unit == "元":
        for scale, unit in MONEY_SCALES:
            ends = [v for v in (item.value, item.value_max) if v is not None]
            if min(ends) >= scale and all(round(v / scale, 4) == v / scale for v in ends):
                high = item.value_max / scale if item.value_max is not None else None
                return item.value / scale, high, unit
    return item.value, item.value_max, unit_text(item.unit)


def figure(item: Figure, year: int | None = None) -> str:
    """≥92.4%, 3—5个 (a range shows no sign), 19∶1, 约6.8亿元; with a year, ≥92.4%（2025年）."""
    value, high, unit = _scaled(item)
    if item.unit == "ratio":
        upper = f"—{number(high)}" if high is not None else ""
        body = f"{number(value)}{upper}∶1"
    elif high is not None:
        body = f"{number(value)}—{number(high)}{unit}"
    else:
        body = f"{number(value)}{unit}"
    sign = "" if item.value_max is not None else RELATION_SIGNS.get(item.relation, "")
    sign = "" if sign == "=" else sign
    return f"{sign}{body}" + (f"（{year}年）" if year else "")


def excerpt(quote: str, text: str, width: int = 18) -> str:
    """About ``width`` characters of the quote around the figure ``text``, the figure in the
    middle: …学前三年毛入园率达到92.4%，普惠性幼儿…"""
    words = " ".join(text.split())
    at = quote.find(words) if words else -1
    if at < 0 or len(quote) <= width:
        return quote[:width] + ("…" if len(quote) > width else "")
    side = max(0, (width - len(words)) // 2)
    lo, hi = max(0, at - side), min(len(quote), at + len(words) + side)
    return ("…" if lo > 0 else "") + quote[lo:hi] + ("…" if hi < len(quote) else "")
