"""Values as people type them, and the range each unit's values may credibly take."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "DEFAULT_MAX",
    "MAX_BY_UNIT",
    "PLACEHOLDERS",
    "RATE_UNITS",
    "Bounds",
    "ParsedValue",
    "chinese_number",
    "parse_value",
    "value_bounds",
]

RATE_UNITS = frozenset({"%", "‰", "pp", "ratio"})
# The largest credible value per unit, for one region and period (China-wide figures included).
MAX_BY_UNIT: dict[str, float] = {
    "人": 1.5e9,  # more than the population of China
    "人次": 1e10,
    "所": 1e6,  # China has about half a million schools
    "元": 1e13,  # national fiscal education spending is about 6e12 元
    "ratio": 1000.0,  # a student–teacher ratio of 1000:1 is no ratio
    "学时": 1e5,
}
DEFAULT_MAX = 1e12
PLACEHOLDERS = frozenset(
    {"-", "—", "--", "——", "/", "无", "暂无", "空", "na", "n/a", "null", "none"}
)


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A value cell as a number, with what its text carried: a % sign, 万 or 亿."""

    value: float
    percent: bool = False
    scaled: bool = False


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_SCALES = {"万": 1e4, "亿": 1e8}


def parse_value(text: str) -> ParsedValue:
    """A number as people type it: full-width digits, 1,234.5, 92.4%, 3.2万; ValueError (Chinese)
    otherwise."""
    folded = text if text.isascii() else unicodedata.normalize("NFKC", text)
    cleaned = "".join(folded.split()).replace("−", "-")
    percent = cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%")
    factor = _SCALES.get(cleaned[-1:], 1.0)
    if factor != 1.0:
        cleaned = cleaned[:-1]
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise ValueError(f"「{text}」的千分位逗号位置不对（应如 1,234.5；小数请用小数点）")
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"「{text}」不是数字（只填数字，不带单位或文字）") from None
    if not math.isfinite(value):
        raise ValueError(f"「{text}」不是有限的数字")
    return ParsedValue(value * factor, percent, factor != 1.0)


@dataclass(frozen=True, slots=True)
class Bounds:
    """The range a unit's values must lie in (for checks and for a template's validation)."""

    minimum: float | None
    maximum: float | None
    minimum_exclusive: bool = False


# Percentages that may exceed 100: a gross rate counts pupils of any age over the age group.
_GROSS = re.compile(r"毛入学率|毛入园率")
GROSS_MAX = 150.0  # 小学毛入学率 is often 100–110%; 150 is beyond any reported figure


@functools.lru_cache(maxsize=4096)  # called once per imported row, for a few indicators
def value_bounds(unit: str, name: str = "") -> Bounds:
    """The credible range of a value in ``unit`` for an indicator or subject called ``name``.

    Shares lie in 0–100 (gross enrolment rates up to 150), ‰ in 0–1000, ratios above 0, counts
    and amounts at 0 or more; the upper limits of counts are checked by ``MAX_BY_UNIT``.
    """
    if unit == "%":
        return Bounds(0.0, GROSS_MAX if _GROSS.search(name) else 100.0)
    if unit == "‰":
        return Bounds(0.0, 1000.0)
    if unit == "pp":
        return Bounds(-100.0, 100.0)
    if unit == "ratio":
        return Bounds(0.0, None, minimum_exclusive=True)
    return Bounds(0.0, None)


def chinese_number(value: float) -> str:
    """A large number as people read it: 3000000000 → 30亿, 15000 → 1.5万, 924 → 924."""
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:.4g}{word}"
    return f"{value:g}"
