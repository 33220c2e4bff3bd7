"""Reporting periods: every accepted way of writing a year, a quarter or a month gives one
canonical period with its dates; periods sort and overlap as days do; anything else is refused
with a hint naming the accepted forms."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.errors import PlanWatchError
from planwatch.track.model import Observation
from planwatch.track.period import Period, parse_period, year_fraction
from planwatch.track.problems import BadPeriod


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("2022", "2022", id="year"),
        pytest.param("2022年", "2022", id="year-nian"),
        pytest.param("2022年度", "2022", id="year-niandu"),
        pytest.param("２０２２年", "2022", id="fullwidth-year"),
        pytest.param(" 2022 ", "2022", id="spaces"),
        pytest.param("2022Q3", "2022Q3", id="quarter"),
        pytest.param("2022q3", "2022Q3", id="quarter-lower"),
        pytest.param("2022-Q3", "2022Q3", id="quarter-dash"),
        pytest.param("2022 Q3", "2022Q3", id="quarter-space"),
        pytest.param("2022年第三季度", "2022Q3", id="quarter-chinese"),
        pytest.param("2022年三季度", "2022Q3", id="quarter-chinese-short"),
        pytest.param("2022年第3季度", "2022Q3", id="quarter-arabic"),
        pytest.param("2022年第一季", "2022Q1", id="quarter-ji"),
        pytest.param("2022-09", "2022-09", id="month"),
        pytest.param("2022-9", "2022-09", id="month-one-digit"),
        pytest.param("2022.09", "2022-09", id="month-dot"),
        pytest.param("2022/09", "2022-09", id="month-slash"),
        pytest.param("2022年9月", "2022-09", id="month-chinese"),
        pytest.param("2022年09月", "2022-09", id="month-chinese-padded"),
        pytest.param("2022年十二月份", "2022-12", id="month-chinese-numeral"),
        pytest.param("２０２２．１１", "2022-11", id="fullwidth-month"),
        pytest.param("202209", "2022-09", id="month-six-digits"),
    ],
)
def test_every_accepted_form_gives_the_canonical_period(text: str, canonical: str) -> None:
    period = parse_period(text)
    assert str(period) == canonical
    assert parse_period(str(period)) == period


@pytest.mark.parametrize(
    ("period", "start", "end", "label"),
    [
        (Period(2022), date(2022, 1, 1), date(2022, 12, 31), "2022年"),
        (Period(2022, quarter=1), date(2022, 1, 1), date(2022, 3, 31), "2022年第1季度"),
        (Period(2022, quarter=4), date(2022, 10, 1), date(2022, 12, 31), "2022年第4季度"),
        (Period(2024, month=2), date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        (Period(2023, month=2), date(2023, 2, 1), date(2023, 2, 28), "2023年2月"),
    ],
)
def test_a_period_knows_its_first_and_last_day(
    period: Period, start: date, end: date, label: str
) -> None:
    assert (period.start, period.end, period.label) == (start, end, label)


def test_periods_sort_by_start_then_end() -> None:
    texts = ["2023", "2022-12", "2022Q3", "2022", "2022-07", "2021"]
    ordered = [str(p) for p in sorted(parse_period(t) for t in texts)]
    assert ordered == ["2021", "2022", "2022-07", "2022Q3", "2022-12", "2023"]
    assert Period(2022) < Period(2022, quarter=3) < Period(2023)
    assert Period(2023) > Period(2022, month=12) >= Period(2022, month=12)


def test_kinds_of_periods() -> None:
    assert [parse_period(t).kind for t in ("2022", "2022Q1", "2022-01")] == [
        "year",
        "quarter",
        "month",
    ]
    assert parse_period("2022Q3").year == 2022


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("2022", "2022Q3", True),
        ("2022Q3", "2022-09", True),
        ("2022Q3", "2022-10", False),
        ("2022", "2023", False),
        ("2022-12", "2022", True),
        ("2021Q4", "2022Q1", False),
    ],
)
def test_overlaps_means_sharing_a_day(a: str, b: str, overlap: bool) -> None:
    assert parse_period(a).overlaps(parse_period(b)) is overlap
    assert parse_period(b).overlaps(parse_period(a)) is overlap


def test_a_year_contains_its_quarters_but_not_the_reverse() -> None:
    year, quarter = Period(2022), Period(2022, quarter=2)
    assert year.contains(quarter) and not quarter.contains(year)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        pytest.param("", "期间为空", id="empty"),
        pytest.param("abc", "2022Q3", id="words"),
        pytest.param("20223", "2022Q3", id="five-digits"),
        pytest.param("22年", "四位数字", id="two-digit-year"),
        pytest.param("2022年上半年", "半年", id="half-year"),
        pytest.param("2021—2022学年", "学年", id="school-year"),
        pytest.param("2021-2022", "学年", id="year-range"),
        pytest.param("2022年第五季度", "第一至第四季度", id="fifth-quarter"),
        pytest.param("2022Q0", "第一至第四季度", id="quarter-zero"),
        pytest.param("2022年13月", "1至12月", id="month-13"),
        pytest.param("2022-13", "1至12月", id="month-13-dash"),
        pytest.param("1850", "1900—2100", id="year-out-of-range"),
        pytest.param("2022-09-15", "2022Q3", id="a-day"),
    ],
)
def test_bad_periods_are_refused_with_a_hint(text: str, hint: str) -> None:
    with pytest.raises(BadPeriod) as caught:
        parse_period(text)
    assert isinstance(caught.value, PlanWatchError)
    assert f"「{text}」" in str(caught.value) and hint in str(caught.value)


def test_an_impossible_period_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Period(2022, quarter=5)
    with pytest.raises(ValueError):
        Period(2022, quarter=1, month=1)


def test_year_ends_are_whole_years_on_the_time_axis() -> None:
    assert year_fraction(date(2020, 12, 31)) == 2021.0
    assert year_fraction(date(2015, 12, 31)) == 2016.0
    assert year_fraction(date(2022, 7, 2)) == pytest.approx(2022.5, abs=0.01)


def test_an_observation_s_period_parses() -> None:
    obs = Observation(period="2022年第三季度", value=1.0, region="450000000000")
    assert parse_period(obs.period) == Period(2022, quarter=3)
