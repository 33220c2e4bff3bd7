"""Real figures: 广西's reported 学前教育毛入园率 (74.7% in 2015, 79.6%, 85.6%, 91% in 2020,
93% in 2023), read from ../shared/observations/guangxi_reported.csv, checked and evaluated
against the seed plans' targets (90% by 2020; 92.4% by 2023)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planwatch.track.evaluate import evaluate_target
from planwatch.track.model import Observation, TrackedTarget
from planwatch.track.read import read_rows
from planwatch.track.validate import validate_file
from track_fixtures import GUANGXI, LedgerLookups

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORTED = SHARED / "observations" / "guangxi_reported.csv"
RATE = "preschool_gross_enrolment_rate"


@pytest.fixture(scope="module")
def observations() -> list[Observation]:
    if not REPORTED.is_file():
        pytest.skip(f"{REPORTED} 不存在（../shared 不在这台机器上）")
    checked = validate_file(read_rows(REPORTED), LedgerLookups(), date(2024, 6, 30))
    checked.raise_if_refused()
    return checked.observations


def preschool_target(item: int, value: float, plan: tuple[int, int]) -> TrackedTarget:
    return TrackedTarget(
        item_id=item,
        document_id=item,
        subject="学前三年毛入园率",
        indicator=RATE,
        region=GUANGXI,
        value=value,
        unit="%",
        year=plan[1],
        relation=">=",
        direction="higher",
        plan_start=plan[0],
        plan_end=plan[1],
    )


def test_the_reported_file_imports_clean(observations: list[Observation]) -> None:
    assert len(observations) == 19
    series = {
        o.period: o.value for o in observations if o.indicator == RATE and o.region == GUANGXI
    }
    assert series == {"2015": 74.7, "2016": 79.6, "2018": 85.6, "2020": 91.0, "2023": 93.0}
    assert all(o.source.startswith("http") for o in observations)


def test_the_2020_target_of_90_percent_is_achieved(observations: list[Observation]) -> None:
    got = evaluate_target(preschool_target(3, 90.0, (2018, 2020)), observations, date(2021, 6, 30))
    assert (got.status, got.latest_value, got.latest_period) == ("achieved", 91.0, "2020")
    # the baseline is the last figure before the plan began: 2016
    assert (got.baseline_value, got.baseline_period) == (79.6, "2016")


def test_midway_the_2020_target_was_on_track(observations: list[Observation]) -> None:
    got = evaluate_target(preschool_target(3, 90.0, (2018, 2020)), observations, date(2019, 6, 30))
    # progress (85.6 − 79.6) / (90 − 79.6) = 0.577; expected by the end of 2018: 2/4 = 0.5
    assert got.progress == pytest.approx(0.577, abs=0.001)
    assert got.pace_ratio == pytest.approx(1.154, abs=0.001)
    # CAGR 2015—2018: (85.6 / 74.7)^(1/3) − 1 = +4.6%; 85.6 × 1.0465² = 93.74 by the end of 2020
    assert got.forecast_method == "年均增长率外推（2015—2018年，年均+4.6%）"
    assert got.forecast_value == pytest.approx(93.74, abs=0.01)
    assert (got.anticipated, got.status) == ("will_meet", "on_track")


def test_the_2023_target_of_92_4_percent_is_achieved(observations: list[Observation]) -> None:
    got = evaluate_target(preschool_target(0, 92.4, (2021, 2023)), observations, date(2024, 6, 30))
    assert (got.status, got.latest_value, got.latest_period) == ("achieved", 93.0, "2023")
    assert (got.baseline_value, got.baseline_period) == (91.0, "2020")


def test_the_2015_to_2020_trend_gives_a_sensible_growth_rate(
    observations: list[Observation],
) -> None:
    got = evaluate_target(preschool_target(0, 92.4, (2021, 2023)), observations, date(2021, 6, 30))
    # (91 / 74.7)^(1/5) − 1 = +4.0% a year; 91 × 1.040³ = 102.4 at the end of 2023, capped at 100
    assert got.forecast_method == "年均增长率外推（2015—2020年，年均+4.0%，以100为上限）"
    assert got.forecast_value == 100.0
    assert got.anticipated == "will_meet"
    # nothing reported since the 2020 baseline yet
    assert got.status == "no_data"
