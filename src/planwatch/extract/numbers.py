"""Numbers as plans write them: Arabic, Chinese numerals, 万 and 亿, and their units."""

from __future__ import annotations

import math

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SCALES = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

# Written unit → normalized unit (SPEC.md) and the factor it carries.
UNIT_NAMES: dict[str, tuple[str, float]] = {
    "%": ("%", 1),
    "‰": ("‰", 1),
    "个百分点": ("pp", 1),
    "百分点": ("pp", 1),
    "万元": ("元", 10_000),
    "亿元": ("元", 100_000_000),
    "元": ("元", 1),
    "万人次": ("人次", 10_000),
    "人次": ("人次", 1),
    "万人": ("人", 10_000),
    "人": ("人", 1),
    "名": ("人", 1),
    "位": ("人", 1),
    "所（次）": ("所次", 1),
    "（所次）": ("所次", 1),
    "所次": ("所次", 1),
    "课时": ("学时", 1),
    "Mbps": ("M", 1),
    "兆": ("M", 1),
}


def parse_chinese(text: str) -> float | None:
    """一百 → 100, 十五 → 15, 两 → 2, 二十三 → 23; None if not a Chinese numeral."""
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_SCALES:
            total += (current or 1) * CN_SCALES[ch]
            current = 0
        else:
            return None
    return float(total + current)


def parse_number(text: str) -> float | None:
    """A number as written, 万/亿 multiplied out: '2.532万' → 25320, '1,000' → 1000."""
    text = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    factor = 1.0
    while text and text[-1] in MULTIPLIERS:
        factor *= MULTIPLIERS[text[-1]]
        text = text[:-1].strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        parsed = parse_chinese(text)
        if parsed is None:
            return None
        value = parsed
    value *= factor
    return value if math.isfinite(value) else None  # a 300-digit figure is not a number


def normalize_unit(written: str) -> tuple[str, float]:
    """The normalized unit of a written unit and the factor it carries (万元 → 元, 10000)."""
    written = written.replace("(", "（").replace(")", "）")
    if written in UNIT_NAMES:
        return UNIT_NAMES[written]
    return written, 1.0
