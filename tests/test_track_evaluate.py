"""Evaluation: a target compared with its observations at a date gives one status — achieved,
on track, lagging, off track, overdue, no data, not due — with progress, the progress expected
for the time passed, the forecast and the reason; every number checked here was worked out by
hand (the arithmetic is beside each expected row)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from planwatch.track import evaluate as ev
from planwatch.track.evaluate import LIMITS, THRESHOLDS, evaluate_target, meets
from planwatch.track.forecast import Point, forecast
from planwatch.track.model import STATUS_LABELS, Baseline, Evaluation, Observation, TrackedTarget
from planwatch.track.period import Period
from planwatch.track.rollup import evaluate_targets, rollup, stage_milestones

GX = "450000000000"
AS_OF = date(2022, 12, 31)  # the end of 2022: 2023.0 on the time axis


def target(item: int, **fields: Any) -> TrackedTarget:
    base: dict[str, Any] = {
        "item_id": item,
        "document_id": 1,
        "subject": "",
        "indicator": None,
        "region": GX,
        "value": 0.0,
        "unit": "%",
        "year": 2023,
        "relation": ">=",
        "plan_start": 2021,
        "plan_end": 2023,
    }
    base.update(fields)
    return TrackedTarget(**base)


def obs(period: str, value: float, *, indicator: str | None = None, **fields: Any) -> Observation:
    return Observation(period=period, value=value, region=GX, indicator=indicator, **fields)


# A plan of 2021—2023 (and its stages, and an earlier plan's look-back target), seen at the
# end of 2022: two thirds of the time from the 2020 baseline to the end of 2023 have passed.
TARGETS = [
    target(1, subject="学前教育毛入园率", indicator="preschool_gross_enrolment_rate",
           value=92.0, direction="higher", baseline=Baseline(86.0, "2020"),
           section="一、学前教育", lead_units=["自治区教育厅"]),
    target(2, subject="大班额比例", indicator="large_class_share", value=5.0, relation="<=",
           direction="lower", baseline=Baseline(15.0, "2020"),
           section="二、义务教育", lead_units=["自治区教育厅", "自治区发展改革委"]),
    target(3, subject="公办幼儿园", value=150.0, unit="所", relation="=", measure="cumulative",
           section="一、学前教育", lead_units=["自治区教育厅"]),
    target(4, subject="小学生师比", indicator="primary_student_teacher_ratio", value=17.0,
           value_max=19.0, unit="ratio", relation="<=", direction="lower",
           baseline=Baseline(21.0, "2020"), section="三、教师队伍"),
    target(5, subject="九年义务教育巩固率", indicator="nine_year_compulsory_retention_rate",
           value=95.0, year=2020, plan_start=2018, plan_end=2020,
           baseline=Baseline(93.0, "2017"), previous_plan=True, section="二、义务教育"),
    target(6, subject="高中阶段教育毛入学率", indicator="upper_secondary_gross_enrolment_rate",
           value=92.0, baseline=Baseline(88.0, "2020"), section="四、高中阶段"),
    target(7, subject="普惠性幼儿园覆盖率", indicator="inclusive_kindergarten_coverage",
           value=84.0, year=2022, plan_end=2024, baseline=Baseline(80.0, "2020")),
    target(8, subject="普惠性幼儿园覆盖率", indicator="inclusive_kindergarten_coverage",
           value=85.0, year=2023, plan_end=2024, baseline=Baseline(80.0, "2020")),
    target(9, subject="普惠性幼儿园覆盖率", indicator="inclusive_kindergarten_coverage",
           value=86.0, year=2024, plan_end=2024, baseline=Baseline(80.0, "2020")),
]  # fmt: skip
OBSERVATIONS = [
    obs("2021", 88.0, indicator="preschool_gross_enrolment_rate"),
    obs("2022", 90.0, indicator="preschool_gross_enrolment_rate"),
    obs("2021", 14.0, indicator="large_class_share"),
    obs("2022", 12.0, indicator="large_class_share"),
    obs("2021", 40.0, item=3),
    obs("2022", 50.0, item=3),
    obs("2021", 20.0, indicator="primary_student_teacher_ratio"),
    obs("2022", 18.5, indicator="primary_student_teacher_ratio"),
    obs("2018", 93.5, indicator="nine_year_compulsory_retention_rate"),
    obs("2019", 94.0, indicator="nine_year_compulsory_retention_rate"),
    obs("2020", 94.5, indicator="nine_year_compulsory_retention_rate"),
    obs("2021", 82.0, indicator="inclusive_kindergarten_coverage"),
    obs("2022", 83.5, indicator="inclusive_kindergarten_coverage"),
]

# item: (status, progress, expected progress, pace ratio, anticipated ratio, forecast, anticipated)
EXPECTED = {
    # 毛入园率 86 → 88 → 90, target ≥ 92 by 2023.
    # progress (90−86)/(92−86) = 4/6 = 0.667; expected (2023−2021)/(2024−2021) = 0.667; pace 1.00
    # CAGR (90/86)^(1/2) − 1 = +2.30%/yr → 90 × 1.0230 = 92.07 ≥ 92; anticipated (92.07−86)/6 = 1.01
    # worse of 1.00 and 1.01 ≥ 0.95 → on_track
    1: ("on_track", 0.667, 0.667, 1.0, 1.012, 92.07, "will_meet"),
    # 大班额 15 → 14 → 12, target ≤ 5 (lower is better).
    # progress (12−15)/(5−15) = 0.30; expected 0.667; pace 0.30/0.667 = 0.45
    # CAGR (12/15)^(1/2) − 1 = −10.6%/yr → 12 × 0.894 = 10.73 > 5; anticipated (10.73−15)/−10 = 0.43
    # worse of 0.45 and 0.43 < 0.60 → off_track
    2: ("off_track", 0.30, 0.667, 0.45, 0.427, 10.73, "will_miss"),
    # 新建公办幼儿园: 40 in 2021 + 50 in 2022 = 90 of 150.
    # progress 90/150 = 0.60; expected 0.667; pace 0.90
    # least squares through (2022.0, 40) and (2023.0, 90): +50/yr → 140 at 2024.0; anticipated 0.933
    # worse of 0.90 and 0.93: 0.60 ≤ 0.90 < 0.95 → lagging
    3: ("lagging", 0.60, 0.667, 0.90, 0.933, 140.0, "will_miss"),
    # 生师比 21 → 20 → 18.5, target 17—19 (lower): 18.5 ≤ 19 → achieved
    # progress (18.5−21)/(19−21) = 1.25; pace 1.25/0.667 = 1.875
    4: ("achieved", 1.25, 0.667, 1.875, None, None, "will_meet"),
    # 巩固率 (plan 2018—2020, look-back): 2020 figure 94.5 < 95 and 2020 is over → overdue
    # progress (94.5−93)/(95−93) = 0.75; expected 1.0 (the deadline has passed)
    5: ("overdue", 0.75, 1.0, 0.75, None, None, None),
    # 高中阶段毛入学率: the 2020 baseline and nothing since → no_data; expected 0.667
    6: ("no_data", None, 0.667, None, None, None, None),
    # 普惠性覆盖率, stage 2022 (84): 83.5 at the last day of 2022 → not met, not yet overdue
    # progress (83.5−80)/(84−80) = 0.875; expected (2023−2021)/(2023−2021) = 1.0; pace 0.875
    # no forecast: the 2022 figure already reaches the deadline → lagging
    7: ("lagging", 0.875, 1.0, 0.875, None, None, None),
    # stage 2023 (85): the 2022 stage is not over (its last day) → not_due
    8: ("not_due", 0.70, 0.667, 1.05, None, None, "will_meet"),
    # stage 2024 (86): the 2023 stage is not over → not_due
    9: ("not_due", 0.583, 0.5, 1.167, None, None, "will_meet"),
}


@pytest.fixture(scope="module")
def evaluations() -> dict[int, Evaluation]:
    return {e.item_id: e for e in evaluate_targets(TARGETS, OBSERVATIONS, AS_OF)}


def test_the_synthetic_plan_produces_every_status(evaluations: dict[int, Evaluation]) -> None:
    assert {e.status for e in evaluations.values()} == set(STATUS_LABELS)


@pytest.mark.parametrize("item", sorted(EXPECTED))
def test_each_target_matches_the_row_worked_out_by_hand(
    evaluations: dict[int, Evaluation], item: int
) -> None:
    status, progress, expected, pace, anticipated_ratio, projected, anticipated = EXPECTED[item]
    got = evaluations[item]
    assert got.status == status, got.reason
    assert got.status_label == STATUS_LABELS[status]

    def close(value: float | None, want: float | None) -> bool:
        return value is None if want is None else value == pytest.approx(want, abs=0.005)

    assert close(got.progress, progress), got.progress
    assert close(got.expected_progress, expected), got.expected_progress
    assert close(got.pace_ratio, pace), got.pace_ratio
    if anticipated_ratio is not None:
        assert got.anticipated_ratio == pytest.approx(anticipated_ratio, abs=0.005)
    if projected is not None:
        assert got.forecast_value == pytest.approx(projected, abs=0.01)
    if anticipated is not None:
        assert got.anticipated == anticipated


def test_the_rate_forecast_says_how_it_was_made(evaluations: dict[int, Evaluation]) -> None:
    assert evaluations[1].forecast_method == "年均增长率外推（2020—2022年，年均+2.3%）"
    assert evaluations[2].forecast_method == "年均增长率外推（2020—2022年，年均-10.6%）"
    assert evaluations[3].forecast_method == "线性趋势外推（2个观测值）"


def test_the_reason_states_the_figures_in_chinese(evaluations: dict[int, Evaluation]) -> None:
    assert evaluations[1].reason.startswith("完成进度66.7%，截至2022年按时间应完成66.7%")
    assert "可按期达成" in evaluations[1].reason
    assert evaluations[4].reason == "2022年为18.5:1，已达到目标17—19:1"
    assert evaluations[5].reason == "目标年份2020年已过，2020年为94.5%，未达到目标≥95%"
    assert "上一阶段目标（2022年）尚未到期" in evaluations[8].reason


def test_baseline_latest_and_evidence_are_reported(evaluations: dict[int, Evaluation]) -> None:
    first = evaluations[1]
    assert (first.baseline_value, first.baseline_period) == (86.0, "2020")
    assert (first.latest_value, first.latest_period) == (90.0, "2022")
    assert [o.period for o in first.evidence] == ["2021", "2022"]
    count = evaluations[3]
    assert (count.baseline_value, count.latest_value, count.measure) == (0.0, 90.0, "cumulative")
    assert evaluations[5].previous_plan and evaluations[5].target_year == 2020


# -- stage milestones (分阶段评估) ------------------------------------------------------------

STAGES = [
    target(n, subject="九年义务教育巩固率", indicator="nine_year_compulsory_retention_rate",
           value=v, year=y, plan_start=2018, plan_end=2020)
    for n, (v, y) in enumerate([(96.0, 2018), (96.5, 2019), (97.0, 2020)], start=21)
]  # fmt: skip


def test_stages_are_recognised_by_plan_indicator_and_region() -> None:
    stages = stage_milestones([*STAGES, *TARGETS])
    assert [t.year for t in stages[22]] == [2018, 2020]
    assert sorted(stages) == [7, 8, 9, 21, 22, 23]  # the look-back and single targets have none


def test_each_stage_is_judged_on_its_own_deadline() -> None:
    series = [
        obs("2017", 95.5, indicator="nine_year_compulsory_retention_rate"),
        obs("2018", 96.2, indicator="nine_year_compulsory_retention_rate"),
    ]
    got = {e.item_id: e for e in evaluate_targets(STAGES, series, date(2019, 6, 30))}
    # 2018 (96): its year is over and 96.2 ≥ 96 → achieved
    assert got[21].status == "achieved"
    # 2019 (96.5): due since the 2018 stage ended. Baseline 95.5 (2017, the year before the plan);
    # progress (96.2−95.5)/(96.5−95.5) = 0.70; expected when measured (end 2018): 1/2 = 0.5 → 1.4;
    # CAGR +0.73% → 96.2 × 1.0073 = 96.90 at the end of 2019; anticipated 1.40 → on_track
    assert got[22].status == "on_track"
    assert got[22].progress == pytest.approx(0.70)
    assert got[22].pace_ratio == pytest.approx(1.4)
    assert got[22].forecast_value == pytest.approx(96.905, abs=0.001)
    # 2020 (97): the 2019 stage is not over → not_due
    assert got[23].status == "not_due"


def test_a_stage_already_met_is_achieved_even_before_it_is_due() -> None:
    series = [obs("2018", 97.1, indicator="nine_year_compulsory_retention_rate")]
    got = {e.item_id: e for e in evaluate_targets(STAGES, series, date(2019, 6, 30))}
    assert got[23].status == "achieved"


# -- the rules one at a time -------------------------------------------------------------------


def test_a_target_of_a_plan_not_begun_is_not_due() -> None:
    later = target(30, subject="学前教育毛入园率", indicator="x", value=95.0, year=2030,
                   plan_start=2026, plan_end=2030)  # fmt: skip
    got = evaluate_target(later, [obs("2024", 93.0, indicator="x")], date(2025, 6, 30))
    assert got.status == "not_due" and "规划期自2026年开始" in got.reason


def test_overdue_waits_for_the_deadline_year_figure_until_the_reporting_lag_is_over() -> None:
    rate = target(31, subject="巩固率", indicator="r", value=95.0, year=2020, plan_start=2018,
                  plan_end=2020, baseline=Baseline(93.0, "2017"))  # fmt: skip
    series = [obs("2018", 93.5, indicator="r"), obs("2019", 94.0, indicator="r")]
    # half a year after the deadline, without the 2020 figure: judged on its pace, not overdue.
    # progress (94−93)/2 = 0.5; expected when measured (end 2019): 2/3 = 0.667 → pace 0.75
    soon = evaluate_target(rate, series, date(2021, 6, 30))
    assert soon.status == "lagging" and soon.pace_ratio == pytest.approx(0.75)
    # more than a year after the deadline: overdue without it
    late = evaluate_target(rate, series, date(2022, 3, 1))
    assert late.status == "overdue"


def test_after_the_deadline_the_deadline_year_figure_is_judged_not_a_later_one() -> None:
    rate = target(32, subject="巩固率", indicator="r", value=95.0, year=2020, plan_start=2018,
                  plan_end=2020, baseline=Baseline(93.0, "2017"))  # fmt: skip
    series = [obs("2020", 94.0, indicator="r"), obs("2021", 95.5, indicator="r")]
    got = evaluate_target(rate, series, date(2022, 6, 30))
    assert (got.status, got.latest_period) == ("overdue", "2020")


def test_a_level_lost_since_the_baseline_is_off_track() -> None:
    keep = target(33, subject="巩固率", indicator="r", value=95.0,
                  baseline=Baseline(96.0, "2020"))  # fmt: skip
    lost = evaluate_target(keep, [obs("2022", 94.5, indicator="r")], AS_OF)
    assert lost.status == "off_track" and "倒退" in lost.reason
    kept = evaluate_target(keep, [obs("2022", 95.5, indicator="r")], AS_OF)
    assert kept.status == "achieved"


def test_without_a_baseline_the_last_figure_before_the_plan_is_the_baseline() -> None:
    rate = target(34, subject="毛入园率", indicator="p", value=92.0)
    series = [obs(p, v, indicator="p") for p, v in [("2019", 80), ("2020", 86), ("2022", 90)]]
    got = evaluate_target(rate, series, AS_OF)
    assert (got.baseline_value, got.baseline_period) == (86.0, "2020")
    assert got.progress == pytest.approx(4 / 6)


def test_a_single_figure_is_a_baseline_not_progress() -> None:
    rate = target(35, subject="毛入园率", indicator="p", value=92.0)
    got = evaluate_target(rate, [obs("2021", 88.0, indicator="p")], AS_OF)
    assert got.status == "no_data" and got.baseline_value == 88.0


def test_a_cumulative_count_never_adds_a_quarter_of_a_reported_year_twice() -> None:
    count = target(36, subject="公办幼儿园", value=150.0, unit="所", measure="cumulative")
    series = [obs("2021", 40.0, item=36), obs("2021Q1", 10.0, item=36), obs("2022", 50.0, item=36)]
    got = evaluate_target(count, series, AS_OF)
    assert got.latest_value == 90.0
    assert [o.period for o in got.evidence] == ["2021", "2022"]


def test_a_cumulative_count_starts_with_the_plan_and_stops_at_its_deadline() -> None:
    count = target(37, subject="公办幼儿园", value=150.0, unit="所", measure="cumulative")
    series = [
        obs(p, v, item=37) for p, v in [("2020", 99), ("2021", 60), ("2023", 80), ("2024", 30)]
    ]
    got = evaluate_target(count, series, date(2025, 6, 30))
    # 60 + 80 = 140 by the end of 2023 (2020 was before the plan, 2024 after its deadline)
    assert (got.latest_value, got.status) == (140.0, "overdue")


def test_running_totals_are_taken_as_they_are() -> None:
    total = target(38, subject="教师", value=150.0, unit="人次", measure="cumulative",
                   running_total=True)  # fmt: skip
    got = evaluate_target(total, [obs("2021", 40.0, item=38), obs("2022", 90.0, item=38)], AS_OF)
    assert got.latest_value == 90.0 and got.progress == pytest.approx(0.6)


def test_drafts_rejected_other_regions_and_future_periods_are_not_counted() -> None:
    rate = target(39, subject="毛入园率", indicator="p", value=92.0, baseline=Baseline(86, "2020"))
    series = [
        obs("2022", 99.0, indicator="p", status="draft"),
        obs("2022", 98.0, indicator="p", status="rejected"),
        Observation(period="2022", value=97.0, region="450100000000", indicator="p"),
        obs("2023", 96.0, indicator="p"),
        obs("2022", 88.0, indicator="p", status="submitted"),
    ]
    got = evaluate_target(rate, series, AS_OF)
    assert (got.latest_value, got.latest_period) == (88.0, "2022")


def test_approved_beats_submitted_and_the_target_own_beats_the_indicator() -> None:
    rate = target(40, subject="毛入园率", indicator="p", value=92.0, baseline=Baseline(86, "2020"))
    newer = datetime(2023, 3, 1)
    series = [
        obs("2022", 89.0, indicator="p", status="submitted", recorded_at=newer),
        obs("2022", 90.0, indicator="p", status="approved"),
    ]
    assert evaluate_target(rate, series, AS_OF).latest_value == 90.0
    own = obs("2022", 91.0, item=40, status="submitted")
    assert evaluate_target(rate, [*series, own], AS_OF).latest_value == 91.0


@pytest.mark.parametrize(
    ("fields", "value", "met"),
    [
        ({"relation": ">=", "value": 92.4}, 92.4, True),
        ({"relation": ">=", "value": 92.4}, 92.39999999999, True),  # float noise
        ({"relation": ">=", "value": 92.4}, 92.3, False),
        ({"relation": "<=", "value": 45.0, "unit": "人"}, 45.0, True),
        ({"relation": "<=", "value": 45.0, "unit": "人"}, 46.0, False),
        ({"relation": "=", "value": 5.0, "direction": "lower"}, 4.0, True),
        ({"relation": "~", "value": 95.0}, 94.0, True),  # 95%左右: within 1 point
        ({"relation": "~", "value": 95.0}, 96.9, False),  # no direction: both sides
        ({"relation": "~", "value": 95.0, "direction": "higher"}, 96.9, True),
        ({"relation": "~", "value": 95.0}, 93.9, False),
        ({"relation": "~", "value": 100.0, "unit": "所"}, 95.0, True),  # 约100所: within 5%
        ({"relation": "~", "value": 100.0, "unit": "所"}, 94.0, False),
        ({"relation": "=", "value": 3e4, "value_max": 5e4, "unit": "人次"}, 30000.0, True),
        ({"relation": "=", "value": 3e4, "value_max": 5e4, "unit": "人次"}, 60000.0, True),
        ({"relation": "=", "value": 3e4, "value_max": 5e4, "unit": "人次"}, 29999.0, False),
        ({"relation": "<=", "value": 17.0, "value_max": 19.0, "unit": "ratio"}, 19.0, True),
        ({"relation": "<=", "value": 17.0, "value_max": 19.0, "unit": "ratio"}, 19.5, False),
    ],
)
def test_meeting_a_target_follows_its_relation_direction_and_tolerance(
    fields: dict[str, Any], value: float, met: bool
) -> None:
    assert meets(target(41, **fields), value) is met


def test_every_threshold_has_a_reason_and_the_bands_cite_the_methods() -> None:
    assert all(t.reason for t in THRESHOLDS)
    assert (LIMITS["on_track"], LIMITS["lagging"]) == (0.95, 0.60)
    doc = ev.__doc__ or ""
    assert "ESCAP" in doc and "Statistics Canada" in doc


# -- forecasts ---------------------------------------------------------------------------------


def test_a_linear_forecast_of_counts_uses_every_point() -> None:
    points = [Point(Period(y), v) for y, v in [(2021, 30.0), (2022, 70.0), (2023, 90.0)]]
    # least squares through (2022.0, 30), (2023.0, 70), (2024.0, 90): means 2023.0 and 63.33,
    # slope (−1 × −33.33 + 1 × 26.67) / 2 = 30 → at the end of 2025: 63.33 + 30 × 3 = 153.33
    got = forecast(points, date(2025, 12, 31), "cumulative", "所", lambda v: v >= 150)
    assert got is not None
    assert got.value == pytest.approx(153.33, abs=0.01)
    assert (got.method, got.anticipated, got.points) == (
        "线性趋势外推（3个观测值）",
        "will_meet",
        3,
    )


def test_a_rate_forecast_is_capped_at_100_percent() -> None:
    points = [Point(Period(2015), 74.7), Point(Period(2020), 91.0)]
    got = forecast(points, date(2023, 12, 31), "level", "%", lambda v: v >= 92.4)
    assert got is not None and got.value == 100.0
    assert got.method == "年均增长率外推（2015—2020年，年均+4.0%，以100为上限）"


def test_no_forecast_from_one_point_or_past_the_deadline() -> None:
    one = [Point(Period(2021), 80.0)]
    assert forecast(one, date(2023, 12, 31), "level", "%", lambda v: True) is None
    two = [Point(Period(2021), 80.0), Point(Period(2023), 85.0)]
    assert forecast(two, date(2023, 12, 31), "level", "%", lambda v: True) is None


def test_a_zero_rate_falls_back_to_a_line_and_never_goes_below_zero() -> None:
    points = [Point(Period(2021), 4.0), Point(Period(2022), 0.0)]
    got = forecast(points, date(2024, 12, 31), "level", "%", lambda v: v <= 1)
    assert got is not None and got.value == 0.0 and got.method.startswith("线性趋势外推")


# -- roll-ups ----------------------------------------------------------------------------------


def test_rollup_counts_statuses_by_lead_unit_section_and_region(
    evaluations: dict[int, Evaluation],
) -> None:
    rows = list(evaluations.values())
    by_lead = {r.group: r for r in rollup(rows, "lead")}
    assert by_lead["自治区教育厅"].counts == {"on_track": 1, "off_track": 1, "lagging": 1}
    assert by_lead["自治区发展改革委"].total == 1
    assert by_lead["（未注明）"].total == 6
    by_section = {r.group: r.counts for r in rollup(rows, "section")}
    assert by_section["二、义务教育"] == {"off_track": 1, "overdue": 1}
    (region,) = rollup(rows, "region")
    assert (region.group, region.total) == (GX, 9)
    by_indicator = {r.group: r.total for r in rollup(rows, "indicator")}
    assert by_indicator["inclusive_kindergarten_coverage"] == 3


def test_a_target_without_any_deadline_is_judged_by_its_direction_of_change() -> None:
    rate = target(42, subject="毛入园率", indicator="p", value=95.0, baseline=Baseline(86, "2020"))
    open_ended = replace(rate, year=None, plan_end=None)
    got = evaluate_target(open_ended, [obs("2022", 88.0, indicator="p")], AS_OF)
    assert got.status == "on_track" and got.expected_progress is None


def test_a_level_is_judged_on_the_figure_measured_last() -> None:
    rate = target(43, subject="毛入园率", indicator="p", value=95.0, baseline=Baseline(86, "2020"))
    # the year 2022 ends after its September: the annual figure is the later measurement
    series = [obs("2022-09", 89.0, indicator="p"), obs("2022", 90.0, indicator="p")]
    got = evaluate_target(rate, series, AS_OF)
    assert (got.latest_period, got.latest_value) == ("2022", 90.0)
