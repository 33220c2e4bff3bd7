"""A figure's kind and year: a date before the document, words of the past or of today, a
review section make a baseline; a promise makes a target, of its deadline or the plan's end.

The sentences are written for these tests (SPEC.md, "Dates, kinds and pages without a
plan's frame"); the document is issued in 2019 with goals to 2022 unless a test says else.
"""

from __future__ import annotations

import pytest

from helpers import assert_grounded
from planwatch.extract import extract_items
from planwatch.ingest import normalize
from planwatch.parse import parse_outline, parse_tables
from planwatch.records import Item, Metadata

OPINION = Metadata(
    period_start=2019, period_end=2022, period_inferred=True, issue_date="2019-07-15"
)


def items_of(text: str, meta: Metadata = OPINION) -> list[Item]:
    src = normalize("t.txt", text)
    outline = parse_outline(src)
    items = extract_items(src, meta, outline, parse_tables(src, outline))
    assert_grounded(src, items)
    return items


def dated(text: str, meta: Metadata = OPINION) -> list[tuple[str, str, int | None]]:
    return [(i.text, i.kind, i.year) for i in items_of(text, meta)]


def test_a_year_opening_a_paragraph_dates_its_results_until_another_is_named() -> None:
    text = (
        "2018年，全省共有幼儿园1.52万所。当年省级财政投入专项资金3.5亿多元，较上年增长18.4%。"
        "截至2017年底，累计新建幼儿园2 860所。\n"
    )
    assert dated(text) == [
        ("1.52万所", "baseline", 2018),
        ("3.5亿多元", "baseline", 2018),
        ("18.4%", "baseline", 2018),
        ("2 860所", "baseline", 2017),
    ]


def test_a_deadline_holds_for_its_sentence_only() -> None:
    text = "到2020年，新建幼儿园150所。建设示范园20所。\n"
    assert dated(text) == [("150所", "target", 2020), ("20所", "target", 2022)]


@pytest.mark.parametrize(
    "opening",
    ["目前，", "截至目前，", "现有", "当前，全省仍有", "全省寄宿制学校床位缺口约"],
)
def test_figures_of_today_take_the_documents_own_year(opening: str) -> None:
    assert dated(f"2017年，入园率达到80%。{opening}5 100张。\n")[-1] == (
        "5 100张",
        "baseline",
        2019,
    )


def test_an_existing_count_the_text_only_uses_is_a_baseline_of_the_document() -> None:
    assert dated("充分发挥全省326所省级示范幼儿园的引领作用。\n") == [("326所", "baseline", 2019)]


def test_a_previous_plan_period_dates_its_results_to_its_end() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2021-11-18")
    text = (
        "“十三五”期间，全省新建幼儿园4 300余所。五年来，惠及学生2400多万人次。\n"
        "五年间，累计投入5 800多亿元。\n"
    )
    assert dated(text, meta) == [
        ("4 300余所", "baseline", 2020),
        ("2400多万人次", "baseline", 2020),
        ("5 800多亿元", "baseline", 2020),
    ]


def test_words_of_the_past_make_a_baseline_even_with_verbs_of_promise() -> None:
    meta = Metadata(period_start=2016, period_end=2020, issue_date="2018-12-20")
    text = "一、规划实施总体进展\n（一）普及水平提高。全省已建成省级品牌专业群120个。\n"
    assert dated(text, meta) == [("120个", "baseline", 2018)]


def test_a_review_section_of_a_new_plan_reports_the_year_before_it() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2021-10-01")
    text = "一、发展基础\n全市建成公办幼儿园320所。\n二、主要任务\n新建公办幼儿园50所。\n"
    assert dated(text, meta) == [("320所", "baseline", 2020), ("50所", "target", 2025)]


def test_a_promise_with_cumulative_words_is_still_a_target() -> None:
    text = "每名教师每五年累计参加培训不少于360学时。\n"
    assert dated(text) == [("360学时", "target", 2022)]


@pytest.mark.parametrize(
    "text",
    [
        "2022年，毛入园率达到91.7%，比规划基期（2020年）提高了3.3个百分点。\n",
        "2022年，毛入园率达到91.7%，在2020年基础上提高了3.3个百分点。\n",
    ],
)
def test_a_base_year_of_comparison_does_not_redate_the_figure(text: str) -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2023-09-15")
    assert [y for _, _, y in dated(text, meta)] == [2022, 2022]


def test_a_plan_target_quoted_in_a_report_is_a_target_of_the_plan_end() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2023-09-15")
    text = "截至2023年6月，新建幼儿园67所，完成规划目标任务（110所）的60.9%。\n"
    assert dated(text, meta) == [
        ("67所", "baseline", 2023),
        ("110所", "target", 2025),
        ("60.9%", "baseline", 2023),
    ]


def test_a_results_table_dates_each_column_and_keeps_previous_plan_targets() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2022-03-01")
    text = (
        "一、发展基础\n专栏1 “十三五”主要指标完成情况\n"
        "指标\t2015年完成数\t2020年规划数\t2020年完成数\t2025年目标\n"
        "学前三年毛入园率（%）\t74\t90\t94.67\t95\n\n二、主要任务\n"
    )
    found = [(i.text, i.kind, i.year, i.previous_plan) for i in items_of(text, meta)]
    assert found == [
        ("74", "baseline", 2015, False),
        ("90", "target", 2020, True),
        ("94.67", "baseline", 2020, False),
        ("95", "target", 2025, False),
    ]


def test_a_year_column_before_the_document_is_a_result_in_a_review() -> None:
    meta = Metadata(period_start=2016, period_end=2020, issue_date="2018-12-20")
    text = "表1 主要指标进展\n指标\t2015年\t2017年\t2020年目标\n毛入园率（%）\t82.1\t86.2\t85\n"
    assert dated(text, meta) == [
        ("82.1", "baseline", 2015),
        ("86.2", "baseline", 2017),
        ("85", "target", 2020),
    ]


def test_the_targets_of_an_earlier_plan_written_in_a_sentence() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2021-09-01")
    items = items_of("“十三五”规划确定的学前三年毛入园率目标为85%，实际达到了89.2%。\n", meta)
    assert [(i.text, i.kind, i.year, i.previous_plan) for i in items] == [
        ("85%", "target", 2020, True),
        ("89.2%", "baseline", 2020, False),
    ]


def test_relative_deadlines_count_from_the_issue_date() -> None:
    meta = Metadata(period_start=2021, period_end=2025, issue_date="2022-07-11")
    assert dated("计划三年内分期建设10所幼儿园。\n", meta) == [("10所", "target", 2024)]


def test_without_any_date_targets_and_baselines_have_no_year() -> None:
    text = "每所学校至少配备1名心理教师。目前，全市已有63%的学校建成心理辅导室。\n"
    assert dated(text, Metadata()) == [("1名", "target", None), ("63%", "baseline", None)]
