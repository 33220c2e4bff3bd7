"""An item knows its relation, deadline year, kind and subject from the words around it."""

from __future__ import annotations

import pytest

from helpers import assert_grounded
from planwatch.extract import extract_items
from planwatch.ingest import normalize
from planwatch.records import Item, Metadata

PLAN = Metadata(period_start=2021, period_end=2025, issue_date="2022-07-11")


def items_of(text: str, meta: Metadata = PLAN) -> list[Item]:
    src = normalize("t.txt", text)
    items = extract_items(src, meta, [])
    assert_grounded(src, items)
    return items


def one(text: str) -> Item:
    items = items_of(text)
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("学前教育毛入园率达到95%", ">="),
        ("学前教育毛入园率达95%", ">="),
        ("巩固率保持在96%以上", ">="),
        ("建设1500所以上体育传统特色学校", ">="),
        ("不低于教职工工资总额的2%", ">="),
        ("经费支出占GDP比例一般不低于4%", ">="),
        ("每年至少举办1次比赛", ">="),
        ("教师空编率控制在5%以内", "<="),
        ("大班额比例不超过5%", "<="),
        ("培育100家左右产教融合型企业", "~"),
        ("共投入资金约23亿元", "~"),
        ("覆盖率100%", "="),
        ("力争筹建2-3所高等学校", "="),
        ("培养5000余名教师", ">="),
    ],
)
def test_relation_comes_from_words_next_to_the_number(text: str, relation: str) -> None:
    assert one(text).relation == relation


def test_span_leaves_relation_words_outside() -> None:
    assert one("建成1项以上特色项目").text == "1项"


def test_deadline_holds_for_the_rest_of_its_sentence() -> None:
    items = items_of("到2023年，新建150所幼儿园、100所小学。建设20个基地。")
    assert [i.year for i in items] == [2023, 2023, 2025]


def test_no_stated_year_gives_the_plan_end_year() -> None:
    assert one("建设20个课程基地。").year == 2025


def test_year_before_the_plan_makes_a_baseline() -> None:
    item = one("2020年，全市学前三年毛入园率94.67%。")
    assert (item.kind, item.year, item.subject) == ("baseline", 2020, "学前三年毛入园率")


def test_already_built_is_a_baseline_of_the_issue_year() -> None:
    item = one("强化对已立项建设的30个左右重点研究基地的支持。")
    assert (item.kind, item.year, item.relation) == ("baseline", 2022, "~")


def test_figures_of_today_are_baselines_of_the_issue_year() -> None:
    item = one("目前，全市共有公办幼儿园320所。")
    assert (item.kind, item.year) == ("baseline", 2022)


def test_previous_five_year_plan_period_is_a_baseline() -> None:
    item = one("“十三五”期间，新建、改扩建公办学校230所。")
    assert (item.kind, item.year) == ("baseline", 2020)


def test_comparison_year_is_not_a_deadline() -> None:
    assert one("到2025年，入学率比2020年提高5个百分点。").year == 2025


def test_within_years_counts_from_the_issue_date() -> None:
    assert one("5年内，建设名师工作室25个。").year == 2026  # issued 2022: 2022–2026


def test_year_opening_a_sentence_holds_past_semicolons() -> None:
    items = items_of(
        "2019年，毛入园率达到96.5%；建设5个基地。", Metadata(period_start=2018, period_end=2020)
    )
    assert [i.year for i in items] == [2019, 2019]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("到2023年，学前教育毛入园率达92.4%。", "学前教育毛入园率"),
        ("建设230所自治区示范幼儿园。", "自治区示范幼儿园"),
        ("新建150所公办幼儿园。", "新建公办幼儿园"),
        ("创建自治区示范性普通高中2所。", "创建自治区示范性普通高中"),
        ("支持建设“名师工作室”25个。", "支持建设“名师工作室”"),
        ("建成1-2个达到全国性标准的实践中心。", "达到全国性标准的实践中心"),
        ("创建10个自治区级家庭教育示范县（市、区）。", "自治区级家庭教育示范县（市、区）"),
    ],
)
def test_subject_is_the_thing_counted_or_measured(text: str, subject: str) -> None:
    assert one(text).subject == subject


def test_shared_noun_goes_to_both_counts() -> None:
    items = items_of("新建41所、改扩建29所公办幼儿园。")
    assert [i.subject for i in items] == ["新建公办幼儿园", "改扩建公办幼儿园"]


def test_ratio_subject_names_the_ratio() -> None:
    items = items_of("生师比达到国家要求（小学19：1，初中13.5：1）。")
    assert [(i.value, i.subject) for i in items] == [(19, "小学生师比"), (13.5, "初中生师比")]


def test_glossary_numbers_are_not_items() -> None:
    items = items_of("建设10所学校。\n相关名词解释\n1．双优计划：遴选1000所左右优质中职学校。")
    assert [i.text for i in items] == ["10所"]


@pytest.mark.parametrize(
    ("text", "value", "unit", "raw"),
    [
        pytest.param("达到９２.４％", 92.4, "%", "９２.４％", id="fullwidth-digits"),
        pytest.param(
            "廣西教育提升三年行動計劃，給予每所300萬元補助。",
            3e6,
            "元",
            "300萬元",
            id="traditional",
        ),
    ],
)
def test_items_are_grounded_in_the_source_as_written(
    text: str, value: float, unit: str, raw: str
) -> None:
    item = one(text)
    assert (item.value, item.unit, item.text) == (value, unit, raw)


def test_change_verb_carries_along_a_list() -> None:
    items = items_of("新建150所公办幼儿园、100所义务教育学校，建设20个基地。")
    assert [i.subject for i in items] == ["新建公办幼儿园", "新建义务教育学校", "基地"]


def test_amounts_in_a_list_share_their_subject() -> None:
    items = items_of("分别给予一次性奖励3万元、5万元、20万元。")
    assert len({i.subject for i in items}) == 1 and items[0].subject


def test_level_words_borrow_the_noun_that_follows() -> None:
    items = items_of("支持建设150个国家级、315个自治区级一流专业建设点。")
    assert [i.subject for i in items] == ["国家级一流专业建设点", "自治区级一流专业建设点"]


def test_soft_line_break_inside_a_sentence_keeps_subject_and_year() -> None:
    text = "2019年，学前三年毛入园率达到96.5%，九年义务教育巩固\n\n率达到96%以上。"
    items = items_of(text, Metadata(period_start=2018, period_end=2020))
    assert [(i.subject, i.year) for i in items] == [
        ("学前三年毛入园率", 2019),
        ("九年义务教育巩固率", 2019),
    ]


def test_subject_drops_the_plans_own_region_and_plan_period() -> None:
    meta = Metadata(period_start=2021, period_end=2025, region="济宁市")
    src = normalize(
        "t.txt", "济宁市学前教育毛入学率将达到99%以上。“十四五”期间新改扩建普惠性幼儿园200所。"
    )
    items = extract_items(src, meta, [])
    assert [i.subject for i in items] == ["学前教育毛入学率", "新改扩建普惠性幼儿园"]


def test_brackets_do_not_end_the_subject() -> None:
    assert one("县（市）学前三年幼儿入园率达到92%以上。").subject == "县（市）学前三年幼儿入园率"


def test_rate_before_its_noun_takes_the_noun_as_subject() -> None:
    assert (
        one("全市85%左右县（市、区）创建成普及普惠县。").subject == "县（市、区）创建成普及普惠县"
    )
    assert one("不少于20%的县（市、区）通过国家认定，").subject == "县（市、区）通过国家认定"


def test_respectively_pairs_each_change_with_its_rate() -> None:
    items = items_of("2020年，毛入园率94.67%、巩固率100%，分别比2015年提高20.67%、6%。")
    assert [i.subject for i in items[2:]] == ["毛入园率比2015年提高", "巩固率比2015年提高"]


def test_an_elliptical_rate_takes_the_head_of_the_rate_before() -> None:
    items = items_of("中职学校毕业生就业率达97%以上，升学率66%以上。")
    assert [i.subject for i in items] == ["中职学校毕业生就业率", "中职学校毕业生升学率"]


def test_a_share_of_a_whole_is_named_as_a_share() -> None:
    item = one("教师培训经费不低于教职工工资总额的2%。")
    assert (item.subject, item.relation) == ("教师培训经费占教职工工资总额比例", ">=")


def test_figures_after_a_named_list_pair_with_the_names() -> None:
    items = items_of("小学、初中生师比分别控制在19：1和13.5：1以内。")
    assert [(i.subject, i.relation) for i in items] == [("小学生师比", "<="), ("初中生师比", "<=")]
    items = items_of("学前教育毛入园率、九年义务教育巩固率分别达到92%、96%。")
    assert [i.subject for i in items] == ["学前教育毛入园率", "九年义务教育巩固率"]


def test_a_change_from_a_year_keeps_both_figures_apart() -> None:
    items = items_of("“十三五”期间，大班额比例由2015年的12.3%下降到1.8%，比2015年提高。")
    assert [(i.subject, i.year) for i in items] == [("大班额比例", 2015), ("大班额比例", 2020)]


def test_a_comparison_is_named_after_the_figure_before() -> None:
    items = items_of("2020年，毛入园率达到88.6%，比2015年提高8.2个百分点。")
    assert items[1].subject == "毛入园率比2015年提高"


def test_a_later_deadline_goes_on_with_the_same_subject() -> None:
    items = items_of("到2022年，公办园在园幼儿占比达到45%；到2025年，达到50%以上。")
    assert [(i.subject, i.year) for i in items] == [
        ("公办园在园幼儿占比", 2022),
        ("公办园在园幼儿占比", 2025),
    ]


def test_two_verbs_joined_by_a_pause_mark_stay_in_the_subject() -> None:
    assert one("新建、改扩建公办幼儿园30所。").subject == "新建、改扩建公办幼儿园"


def test_a_year_in_a_stage_heading_holds_for_the_block() -> None:
    from planwatch.parse import parse_outline

    src = normalize("t.txt", "三、实施步骤\n（一）启动实施阶段（2023年）\n新增学位不少于900个。\n")
    items = extract_items(src, PLAN, parse_outline(src))
    assert [(i.text, i.year) for i in items] == [("900个", 2023)]


def test_a_relation_word_holds_for_figures_listed_right_after() -> None:
    items = items_of("生均面积小学、初中分别达到7.5平方米、10.2平方米。")
    assert [i.relation for i in items] == [">=", ">="]


def test_since_the_plan_period_began_is_a_baseline() -> None:
    item = one("“十四五”以来，累计开展教师培训12.4万人次。")
    assert (item.kind, item.year) == ("baseline", 2022)


def test_a_school_level_alone_takes_the_measure_named_before() -> None:
    items = items_of("生均用房面积小学达到4.5平方米、初中达到5.8平方米。")
    assert [i.subject for i in items] == ["生均用房面积小学", "生均用房面积初中"]


def test_what_a_sum_or_a_quota_is_for() -> None:
    items = items_of("每年安排500万元用于教学仪器设备更新。统筹事业编制500名用于补充中小学教师。")
    assert [i.subject for i in items] == ["教学仪器设备更新", "统筹事业编制"]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        pytest.param("到2025年，新增学位5400个（详见专栏1）。", "新增学位", id="see-box"),
        pytest.param("新建幼儿园12所（见专栏1）。", "新建幼儿园", id="see"),
        pytest.param("培训教师3000人次以上（含线上）。", "培训教师", id="after-relation"),
        pytest.param("建成5个（含在建）示范基地。", "示范基地", id="noun-after-note"),
        pytest.param("投入资金500万元（见附件）。", "投入资金", id="amount"),
    ],
)
def test_a_note_in_brackets_after_a_figure_is_not_its_subject(text: str, subject: str) -> None:
    assert one(text).subject == subject


def test_a_figure_inside_a_note_is_named_without_the_bracket() -> None:
    items = items_of(
        "新增公办学位3000个（含民办转公办800个）。投入资金5564.7万元（其中申报资金4564.7万元）。"
    )
    assert [i.subject for i in items] == ["新增公办学位", "民办转公办", "投入资金", "申报资金"]
    assert one("含山县学前教育毛入园率达到92%。").subject == "含山县学前教育毛入园率"


@pytest.mark.parametrize(
    ("text", "subjects", "relation"),
    [
        pytest.param(
            "普惠性幼儿园覆盖率和公办园在园幼儿占比分别达到88%和55%。",
            ["普惠性幼儿园覆盖率", "公办园在园幼儿占比"],
            ">=",
            id="he",
        ),
        pytest.param(
            "义务教育巩固率及高中阶段毛入学率分别达到96%及92%。",
            ["义务教育巩固率", "高中阶段毛入学率"],
            ">=",
            id="ji",
        ),
        pytest.param(
            "小学与初中生师比分别控制在19：1与13.5：1。",
            ["小学生师比", "初中生师比"],
            "<=",
            id="yu-shared-noun",
        ),
        pytest.param(
            "小学、初中和高中生均公用经费分别达到800元、1000元和1200元。",
            ["小学生均公用经费", "初中生均公用经费", "高中生均公用经费"],
            ">=",
            id="pause-marks-then-he",
        ),
        pytest.param(
            "学前教育毛入园率和义务教育巩固率分别达到95%以上和97%。",
            ["学前教育毛入园率", "义务教育巩固率"],
            ">=",
            id="relation-word-between",
        ),
    ],
)
def test_names_joined_by_and_pair_with_figures_joined_by_and(
    text: str, subjects: list[str], relation: str
) -> None:
    items = items_of(text)
    assert [(i.subject, i.relation, i.year) for i in items] == [
        (s, relation, 2025) for s in subjects
    ]


def test_an_and_inside_a_name_does_not_split_it() -> None:
    items = items_of("教学和科研人员、管理人员分别达到500人和200人。")
    assert [i.subject for i in items] == ["教学和科研人员", "管理人员"]
