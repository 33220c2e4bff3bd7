"""A subject names the thing measured with the scope the sentence gives it; it is never a
verb, a modal, a bare frequency or a fragment (保证, 方可毕业, 面向全体学生, 应占…的).

The sentences are written for these tests; each names the rule it checks.
"""

from __future__ import annotations

import pytest

from helpers import assert_grounded
from planwatch.extract import extract_items
from planwatch.ingest import normalize
from planwatch.parse import parse_outline, parse_tables
from planwatch.records import Metadata

PLAN = Metadata(period_start=2021, period_end=2025, issue_date="2022-07-11")


def subjects(text: str) -> list[str]:
    src = normalize("t.txt", text)
    outline = parse_outline(src)
    items = extract_items(src, PLAN, outline, parse_tables(src, outline))
    assert_grounded(src, items)
    return [i.subject for i in items]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        pytest.param(
            "普通高中每学期应保证劳动教育不少于10课时。", "普通高中每学期劳动教育", id="modal"
        ),
        pytest.param(
            "参加校外劳动实践的学生应占在校学生总数的80%以上。",
            "参加校外劳动实践的学生占在校学生总数比例",
            id="share-with-modal",
        ),
        pytest.param(
            "学生参加生产劳动实践不少于40学时方可毕业。",
            "学生参加生产劳动实践",
            id="condition-after",
        ),
        pytest.param(
            "面向全体学生开设劳动课程，每周不少于1课时。", "劳动课程每周", id="frequency-only"
        ),
        pytest.param("小学每班不超过45人。", "小学班额", id="class-size"),
        pytest.param(
            "每个县市区至少建成1个综合性劳动教育实践基地。",
            "每个县市区综合性劳动教育实践基地",
            id="per-unit-scope",
        ),
        pytest.param(
            "乡村学校音乐、体育、美术课程开课率达到100%。",
            "乡村学校音乐、体育、美术课程开课率",
            id="names-before-a-rate",
        ),
        pytest.param(
            "收费标准原则上不超过当地公办幼儿园的1.5倍。", "收费标准", id="multiple-of-a-whole"
        ),
        pytest.param(
            "市财政按不低于教职工工资总额的1.5%安排教师培训经费。",
            "教师培训经费占教职工工资总额比例",
            id="share-by-a-standard",
        ),
        pytest.param("投入相当于上年的120%。", "投入占上年比例", id="equivalent-share"),
    ],
)
def test_the_subject_names_the_thing_measured(text: str, subject: str) -> None:
    assert subjects(text) == [subject]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        pytest.param(
            "市级财政每年安排500万元，专项用于劳动教育实践基地建设。",
            "劳动教育实践基地建设",
            id="comma-then-purpose",
        ),
        pytest.param(
            "省级财政每年安排10亿元专项资金，重点用于乡村教育振兴。",
            "乡村教育振兴专项资金",
            id="fund-then-purpose",
        ),
        pytest.param(
            "寄宿制学校按寄宿生年生均200元标准增加公用经费补助。",
            "寄宿制学校公用经费补助",
            id="standard-then-payment",
        ),
        pytest.param(
            "公办幼儿园生均公用经费拨款标准不低于每生每年600元。",
            "公办幼儿园生均公用经费拨款标准",
            id="per-head-denominator",
        ),
    ],
)
def test_a_sum_is_named_by_what_it_is_for(text: str, subject: str) -> None:
    assert subjects(text) == [subject]


def test_a_change_against_the_year_before_is_the_change_of_the_figure_before() -> None:
    text = "投入学前教育专项资金3.5亿多元，较上年增长18.4%。"
    assert subjects(text)[1] == "投入学前教育专项资金较上年增长"


def test_changes_listed_with_respectively_pair_with_the_rates_before() -> None:
    text = (
        "2020年，学前三年毛入园率99.3%，高中段毛入学率99.6%，"
        "较2015年分别提高1.2个百分点和0.9个百分点。"
    )
    assert subjects(text)[2:] == ["学前三年毛入园率较2015年提高", "高中段毛入学率较2015年提高"]


def test_a_rise_from_one_year_to_another_keeps_the_measure() -> None:
    text = "学前三年毛入园率由2015年的85.5%提高到2020年的91.2%。"
    assert subjects(text) == ["学前三年毛入园率", "学前三年毛入园率"]


def test_levels_take_the_measure_named_in_the_clause_before() -> None:
    text = "生均教学及辅助用房面积，小学、初中分别达到4.5平方米、5.8平方米以上。"
    assert subjects(text) == ["小学生均教学及辅助用房面积", "初中生均教学及辅助用房面积"]


def test_a_share_without_a_name_is_of_the_figure_before() -> None:
    text = "全市共有省等级幼儿园1 032所，占比达98.4%。"
    assert subjects(text) == ["省等级幼儿园", "省等级幼儿园占比"]


def test_counted_places_that_achieved_something_are_named_by_it() -> None:
    text = "近年来，全省105个县（市、区）全部通过国家义务教育发展基本均衡县评估认定。"
    assert subjects(text) == ["县（市、区）全部通过国家义务教育发展基本均衡县评估认定"]


def test_a_projects_table_names_each_row_by_its_name_column() -> None:
    text = (
        "附件\n\n建设项目表\n\n序号\t项目名称\t建设性质\t新增学位（个）\t建设年限\n"
        "1\t第七中学城北校区\t新建\t2700\t2019—2020\n"
        "2\t钟屏中学\t改扩建\t1200\t2020—2021\n"
    )
    assert subjects(text) == ["第七中学城北校区", "钟屏中学"]


@pytest.mark.parametrize(
    "marker", ["一、", "二、", "（三）", "(4)", "5．", "6.", "7、", "⑧"], ids=lambda m: m
)
def test_a_list_marker_opening_the_sentence_is_not_part_of_the_subject(marker: str) -> None:
    text = f"各县教育局：\n{marker}学前教育毛入园率达到95%以上。\n{marker}新建公办幼儿园10所。\n"
    assert subjects(text) == ["学前教育毛入园率", "新建公办幼儿园"]
