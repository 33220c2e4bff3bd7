"""Reporting periods: a year (2022), a quarter (2022Q3) or a month (2022-09), from Chinese forms.

Worked example: ``parse_period("2022年第三季度")`` is ``Period(2022, quarter=3)``; its ``str`` is
``"2022Q3"``, its ``start`` 2022-07-01 and its ``end`` 2022-09-30; it ``overlaps`` the year
``Period(2022)`` and sorts after it (periods sort by start, then by end).
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planwatch.track.problems import BadPeriod

__all__ = ["MAX_YEAR", "MIN_YEAR", "Period", "PeriodKind", "parse_period", "year_fraction"]

PeriodKind = Literal["year", "quarter", "month"]
MIN_YEAR, MAX_YEAR = 1900, 2100  # outside these a four-digit number is not a reporting year
ACCEPTED = "请写成 2022、2022Q3 或 2022-09（也可写 2022年、2022年第三季度、2022年9月、2022.09）"

_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBERS |= {"十": 10, "十一": 11, "十二": 12}
_NUMBER = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"


@dataclass(frozen=True, slots=True)
class _Form:
    """One accepted way of writing a period: the pattern, what it gives, an example."""

    pattern: re.Pattern[str]
    kind: PeriodKind
    example: str


def _form(pattern: str, kind: PeriodKind, example: str) -> _Form:
    return _Form(re.compile(pattern, re.IGNORECASE), kind, example)


# The forms a statistics office writes (after NFKC width folding and removing spaces).
# Group 1 is the year; group 2, if any, the quarter or month number.
FORMS: tuple[_Form, ...] = (
    _form(r"(\d{4})(?:年度?)?", "year", "2022、2022年、2022年度"),
    _form(r"(\d{4})[-/]?Q([1-4])", "quarter", "2022Q3、2022-Q3"),
    _form(
        r"(\d{4})年?第?([1-4]|[一二三四])季度?",
        "quarter",
        "2022年第三季度、2022年三季度、2022年3季度",
    ),
    _form(r"(\d{4})[-./](1[0-2]|0?[1-9])", "month", "2022-09、2022.09、2022/9"),
    _form(rf"(\d{{4}})年{_NUMBER}月份?", "month", "2022年9月、2022年09月、2022年九月份"),
    _form(r"(\d{4})(1[0-2]|0[1-9])", "month", "202209（统计系统常用的六位写法）"),
)

# Forms people write that are not periods PlanWatch counts in, with the hint to give.
HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[上下]半年|半年"), "不支持半年期间，请按季度或月份填报，或填写全年数"),
    (
        re.compile(r"学年|\d{4}(?:[—–~～至]\d{2,4}|-\d{4})"),
        "学年或跨年期间请按统计年份填写（如 2022—2023 学年填 2022）",
    ),
    (re.compile(r"^\d{2}年"), "年份请写四位数字（如 2022年，不写 22年）"),
    (re.compile(r"季度?$|Q\d", re.IGNORECASE), "季度只能是第一至第四季度"),
    (re.compile(r"月份?$|^\d{4}[-./]\d{1,2}$"), "月份只能是1至12月"),
)


@dataclass(frozen=True, slots=True)
class Period:
    """A year, a quarter of a year or a month of a year."""

    year: int
    quarter: int | None = None
    month: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.month is not None:
            raise ValueError("a period is a quarter or a month, not both")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} is not 1–4")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1–12")

    @property
    def kind(self) -> PeriodKind:
        """year, quarter or month."""
        if self.quarter is not None:
            return "quarter"
        return "month" if self.month is not None else "year"

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}Q{self.quarter}"
        if self.month is not None:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    @property
    def label(self) -> str:
        """The period in Chinese words: 2022年, 2022年第3季度, 2022年9月."""
        if self.quarter is not None:
            return f"{self.year}年第{self.quarter}季度"
        if self.month is not None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"

    @property
    def start(self) -> date:
        """The first day of the period."""
        if self.quarter is not None:
            return date(self.year, 3 * self.quarter - 2, 1)
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.quarter is not None:
            last = 3 * self.quarter
        else:
            last = self.month or 12
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def _key(self) -> tuple[date, date]:
        return (self.start, self.end)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share a day (2022 and 2022Q3 do; 2022Q3 and 2022-10 do not)."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period) -> bool:
        """Whether every day of ``other`` lies in this period."""
        return self.start <= other.start and other.end <= self.end


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_NUMBERS[text]


@functools.lru_cache(maxsize=4096)  # an import of a million rows names a few dozen periods
def parse_period(text: str) -> Period:
    """The period a cell names, in any accepted form; raises BadPeriod with a hint otherwise.

    Accepted: 2022, 2022年, 2022年度, 2022Q3, 2022年第三季度, 2022年三季度, 2022-09, 2022.09,
    2022/9, 2022年9月, 202209; full-width digits and spaces are tolerated.
    """
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    if not cleaned:
        raise BadPeriod(str(text), "期间为空，" + ACCEPTED)
    for form in FORMS:
        match = form.pattern.fullmatch(cleaned)
        if match is None:
            continue
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise BadPeriod(str(text), f"年份 {year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间")
        if form.kind == "year":
            return Period(year)
        number = _number(match.group(2))
        if form.kind == "quarter":
            return Period(year, quarter=number)
        return Period(year, month=number)
    for pattern, hint in HINTS:
        if pattern.search(cleaned):
            raise BadPeriod(str(text), hint)
    raise BadPeriod(str(text), ACCEPTED)


def year_fraction(day: date) -> float:
    """A day as a point on the time axis in years: the end of 2020 (2020-12-31) is 2021.0.

    Used to measure elapsed time and growth: between the ends of 2015 and 2020 lie exactly 5.0.
    """
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + day.timetuple().tm_yday / days
