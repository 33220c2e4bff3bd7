"""Find number-and-unit quantities in normalized plan text, and drop what is not an item.

Worked example: in ``"新建150所公办幼儿园、100万—800万元补助，1500人以上大村"`` the
scanner finds ``150所`` (150, 所), ``100万—800万元`` (1000000–8000000, 元) and
``1500人`` (1500, 人); the last is a threshold (人以上 followed by a place) and is dropped.
The units, and the contexts that make a figure no item, are the tables of ``rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from planwatch.extract.numbers import CN_DIGITS, normalize_unit, parse_chinese, parse_number
from planwatch.extract.rules import (
    CLASSIFIER,
    DATE_CHARS,
    RATE_UNITS,
    STOP_CONTEXTS,
    UNITS,
    UNITS_NEEDING_CONTEXT,
    StopContext,
    unit_alternation,
)

# 1,000 and 1 122 (a space between thousands, as some offices write) are one number.
_AR = r"\d+(?:(?:,|[ \u00a0](?=\d{3}(?!\d)))\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]{1,3}"
_SP = r"[ \t\u3000]*"
_UNITS = unit_alternation()
_DASH = r"[—–\-－~～至]"
# 余 / 多 after a number or its 万: 5000余名, 3.5亿多元, 2400多万人 (at least that many).
_MORE = r"(?P<yu>余|多)"
# The first characters a unit can start with: a cheap test before trying every unit.
_UNIT_FIRST = "(?=[" + re.escape("".join(sorted({u.written[0] for u in UNITS if u.prose}))) + "])"
# A hard-wrapped line may break between a figure and its unit (3286⏎亿元): one line break
# is allowed there, kept only where the line is a wrapped one (see _wrapped).
_WRAP = r"(?:\n[ \t]*)?"
QUANTITY = re.compile(  # never starts inside a number or a code such as B1
    rf"(?<![\dA-Za-z.])(?P<num>{_AR})(?:{_SP}(?P<yu0>余|多)(?=[万亿]))?"
    rf"(?P<mult>{_SP}{_WRAP}[万亿])?"
    rf"(?:(?:{_SP}{_UNIT_FIRST}(?P<unit1>{_UNITS}))?\s*{_DASH}+\s*(?P<num2>{_AR})"
    rf"(?P<mult2>{_SP}[万亿])?)?"
    rf"{_SP}{_WRAP}{_MORE}?{_SP}{_UNIT_FIRST}(?P<unit>{_UNITS})"
)
WRAPPED_LINE = 20  # characters a line holds before its figure when it was wrapped, not ended
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only (normalized text): faster than \d
# 百分之九十五, 百分之九十二点五, 百分之百: a percentage written in words.
PERCENT_WORDS = re.compile(
    r"百分之(?P<num>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
)
# A fraction in words is a share: 三分之一 → 33.33 %, 一半 → 50 % (SPEC).
FRACTION_WORDS = re.compile(r"分之(?P<num>[一二三四五六七八九])|一半")
_DENOMINATOR = re.compile(r"(?<![一二两三四五六七八九十百])(?P<den>[二三四五六七八九十]{1,2})\Z")
_NUMERALS = frozenset("一二两三四五六七八九十")
# A ratio N：1 is found from its colon (fast to scan), then its number read backwards.
RATIO_COLON = re.compile(r"[:：∶]1(?![\d.])")
RATIO_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\Z")
# Years of schooling are a measure, not a date: 平均受教育年限达到10.9年.
SCHOOLING_YEARS = re.compile(r"年限[^，。；\n\d]{0,6}?(?P<num>\d{1,2}(?:\.\d+)?)[ \t]*年(?![\d])")

# A Chinese numeral counts only right after a verb of providing: 办好一所, 建设两个.
_CN_TRIGGERS = (
    "办好|新建|建设|建成|设置|举办|至少|创建|增加|培育|设立|打造|组织|选派|培养|培训|招聘|"
    "引进|遴选|增设|开设|安排|举行|开展|完成|办"
)
QUANTITY_CN = re.compile(
    rf"(?:{_CN_TRIGGERS})[ \t]*(?P<num>{_CN})(?P<mult>{_SP}[万亿])?"
    rf"{_SP}{_MORE}?{_SP}(?P<unit>{_UNITS})"
)
# A range written in words is a count whatever verb stands before it: 一两项, 三五个, 两三个,
# 一至两所, 三到五个. Two numerals side by side are a range only when the second is one or
# two more (三五, 一两); 十五 and 二十 are numbers, and a numeral before them (十三五) is a
# plan's name.
_ONE = "一二两三四五六七八九"
QUANTITY_CN_RANGE = re.compile(
    rf"(?P<num>[{_ONE}])(?P<join>[至到]?)(?P<num2>[{_ONE}十])(?![{_ONE}十百千])(?P<unit>{_UNITS})"
)
_NOT_BEFORE_RANGE = frozenset(_ONE + "十百千第每")


@dataclass(slots=True)
class Quantity:
    """A number with its unit found in the normalized text: [start, end) covers both."""

    start: int
    end: int
    value: float
    unit: str
    value_max: float | None = None
    relation: str = ""  # from inside the match: 余/多 → >=


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of the text that may be an item, in text order."""
    found = [q for m in _arabic_matches(text) if (q := _quantity(text, m)) is not None]
    found += [q for m in _cn_ranges(text) if (q := _cn_range(text, m)) is not None]
    found += [q for m in QUANTITY_CN.finditer(text) if (q := _quantity(text, m)) is not None]
    found += [q for m in RATIO_COLON.finditer(text) if (q := _ratio(text, m)) is not None]
    found += [q for m in PERCENT_WORDS.finditer(text) if (q := _percent_words(m)) is not None]
    found += [q for m in FRACTION_WORDS.finditer(text) if (q := _fraction(text, m)) is not None]
    found += [
        Quantity(m.start("num"), m.end(), float(m["num"]), "年")
        for m in SCHOOLING_YEARS.finditer(text)
    ]
    found.sort(key=lambda q: (q.start, -q.end))
    return _without_overlaps(found)


def _without_overlaps(found: list[Quantity]) -> list[Quantity]:
    """The first (and longest) of quantities that overlap: 一至两项 over 两项."""
    kept: list[Quantity] = []
    for q in found:
        if kept and q.start < kept[-1].end:
            continue
        kept.append(q)
    return kept


def _arabic_matches(text: str) -> list[re.Match[str]]:
    """QUANTITY tried at the start of each run of digits only (much faster than finditer)."""
    matches, end = [], 0
    for run in _DIGITS.finditer(text):
        if run.start() < end or text[run.end() : run.end() + 1] in DATE_CHARS:
            continue  # inside the previous match (92.4%, 100万—800万元), or a date (2023年)
        m = QUANTITY.match(text, run.start())
        if m is not None:
            matches.append(m)
            end = m.end()
    return matches


def _written_unit(written: str) -> tuple[str, float]:
    """The normalized unit of a written one: 个学分 → 学分 (the noun names what is counted)."""
    if written.startswith(CLASSIFIER) and len(written) > 1:
        written = written[1:]
    return normalize_unit(written)


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    unit, factor = _written_unit(m["unit"])
    if not _acceptable(text, m, unit):
        return None
    first = parse_number(m["num"] + (m["mult"] or ""))
    if first is None:
        return None
    value, value_max = first * factor, None
    groups = m.groupdict()
    if groups.get("num2"):
        second = parse_number(groups["num2"] + (groups["mult2"] or ""))
        if second is None or second <= first:
            return None
        value_max = second * factor
        if groups["unit1"] and _written_unit(groups["unit1"])[0] != unit:
            return None
    relation = ">=" if m["yu"] or groups.get("yu0") else ""
    return Quantity(m.start("num"), m.end(), value, unit, value_max, relation)


def _cn_ranges(text: str) -> list[re.Match[str]]:
    """QUANTITY_CN_RANGE matches not right after a numeral, 第 or 每 (三十五个 is no range)."""
    return [
        m
        for m in QUANTITY_CN_RANGE.finditer(text)
        if not m.start() or text[m.start() - 1] not in _NOT_BEFORE_RANGE
    ]


def _cn_range(text: str, m: re.Match[str]) -> Quantity | None:
    low, high = CN_DIGITS[m["num"]], 10 if m["num2"] == "十" else CN_DIGITS[m["num2"]]
    if high <= low or (not m["join"] and high - low > 2):
        return None
    unit, factor = _written_unit(m["unit"])
    if not _acceptable(text, m, unit):
        return None
    return Quantity(m.start("num"), m.end(), low * factor, unit, high * factor)


def _wrapped(text: str, m: re.Match[str]) -> bool:
    """A figure broken from its unit by a line break only inside a wrapped line: the line
    holding the figure is long and ends with it (3286⏎亿元 in 全省累计投入…3286⏎亿元)."""
    brk = m.group().index("\n") + m.start()
    line_start = text.rfind("\n", 0, brk) + 1
    return brk - line_start >= WRAPPED_LINE and "\t" not in text[line_start:brk]


def _acceptable(text: str, m: re.Match[str], unit: str) -> bool:
    """False for ordinals, per-denominators, parts of codes, slogans and thresholds."""
    start = m.start("num")
    if not m["num"][0].isdigit() and not _chinese_allowed(text, m):
        return False
    if "\n" in m.group() and not _wrapped(text, m):
        return False
    if _in_short_quote(text, start, m.end()):
        return False
    needs = UNITS_NEEDING_CONTEXT.get(m["unit"])
    if needs is not None and not any(
        w in text[max(0, start - needs.needs_window) : start] for w in needs.needs
    ):
        return False
    return not any(_stops(text, start, m.end(), stop) for stop in _stops_for(unit))


@cache
def _stops_for(unit: str) -> tuple[StopContext, ...]:
    """The stop contexts that apply to figures of a unit (worked out once per unit)."""
    return tuple(
        stop
        for stop in STOP_CONTEXTS
        if (not stop.units or unit in stop.units) and unit not in stop.except_units
    )


def _stops(text: str, start: int, end: int, stop: StopContext) -> bool:
    """Whether a stop context holds around the figure [start, end)."""
    if stop.after and stop.compiled_after.match(text, end) is None:
        return False
    return not stop.before or (
        stop.compiled_before.search(text, max(0, start - stop.window), start) is not None
    )


def _chinese_allowed(text: str, m: re.Match[str]) -> bool:
    """A Chinese numeral is not a slogan (一师一优课) nor a bare 一批."""
    if m["num"] == "一" and m["unit"] in ("批", "支"):
        return False  # a bare 一批, 一支（队伍） is not an item
    tail = text[m.end() : m.end() + 2]
    return not tail.startswith(("一", "性", "万人"))


def _in_short_quote(text: str, start: int, end: int, limit: int = 12) -> bool:
    """True inside a short quoted name such as “四个一百” or “双千计划”."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    opened = text.rfind("“", line_start, start)
    if opened < 0 or text.rfind("”", line_start, start) > opened:
        return False
    closed = text.find("”", end, end + limit)
    return closed >= 0 and closed - opened <= limit


def _percent_words(m: re.Match[str]) -> Quantity | None:
    whole, _, decimals = m["num"].partition("点")
    value = 100.0 if whole == "百" else parse_chinese(whole)
    if value is None:
        return None
    digits = "".join(str(int(parse_chinese(d) or 0)) for d in decimals)
    return Quantity(m.start(), m.end(), float(f"{int(value)}.{digits}") if digits else value, "%")


def _fraction(text: str, m: re.Match[str]) -> Quantity | None:
    """三分之一 → 33.33 %, 一半 → 50 % (two decimals, as SPEC writes them); found from its
    分之 (a fast scan), the denominator read backwards."""
    if m["num"] is None:
        if m.start() and text[m.start() - 1] in _NUMERALS:
            return None  # 十一半 is no half
        return Quantity(m.start(), m.end(), 50.0, "%")
    den = _DENOMINATOR.search(text, max(0, m.start() - 2), m.start())
    if den is None:
        return None
    share = (parse_chinese(m["num"]) or 0) / (parse_chinese(den["den"]) or 1) * 100
    return Quantity(den.start(), m.end(), round(share, 2), "%")


def _ratio(text: str, colon: re.Match[str]) -> Quantity | None:
    """19：1 as a quantity of unit ratio, where the text speaks of a ratio."""
    lo = max(0, colon.start() - 12)
    number = RATIO_NUMBER.search(text, lo, colon.start())
    if number is None or not _ratio_context(text, number.start()):
        return None
    return Quantity(number.start(), colon.end(), float(number.group()), "ratio")


def _ratio_context(text: str, start: int) -> bool:
    """A ratio N：1 counts where the text speaks of a ratio (生师比, 配比, 比 …)."""
    window = text[max(0, start - 40) : start]
    return "比" in window


__all__ = ["RATE_UNITS", "Quantity", "find_quantities"]
