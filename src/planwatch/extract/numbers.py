"""Numbers as plans write them: Arabic, Chinese numerals, 万 and 亿, and their units."""

from __future__ import annotations

import math

from planwatch.extract.rules import UNIT_NAMES

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


def parse_chinese(text: str) -> float | None:
    """一百 → 100, 十五 → 15, 两 → 2, 二十三 → 23; None if not a Chinese numeral."""
    total, current = 0, 0
    digit_before = False
    for ch in text:
        if ch in CN_DIGITS:
            if digit_before and current:
                return None  # 三五 is a range written in words, not a number
            current = CN_DIGITS[ch]
            digit_before = True
        elif ch in CN_SCALES:
            total += (current or 1) * CN_SCALES[ch]
            current = 0
            digit_before = False
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
