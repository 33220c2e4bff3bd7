"""check gives verdicts a supervisor agrees with: a previous plan's targets are no promises,
relative deadlines count from the issue date, a table is counted the way the promise counts,
one programme given two figures is a hint, and every finding says how sure it is and why."""

from __future__ import annotations

from typing import Any

from planwatch.analyze import Plan, check_plans, indicator_rows
from planwatch.analyze.checks import (
    already_met,
    programme_values,
    relative_deadlines,
    years_outside_period,
)
from planwatch.analyze.projects import table_prose_mismatches
from planwatch.records import Indicator, Item, Project, Span

CATALOG = {
    "preschool": Indicator("preschool", "学前教育毛入园率", [], "%", "higher", "学前教育"),
    "large_class": Indicator("large_class_share", "大班额比例", [], "%", "lower", "义务教育"),
    "media": Indicator("media", "多媒体教室比例", [], "%", "higher", "综合"),
}
CATALOG["large_class_share"] = CATALOG.pop("large_class")
NATION, PROVINCE, CITY = ("000000",), ("000000", "510000"), ("000000", "510000", "510700")
_ids = iter(range(1, 10_000))


def item(value: float, indicator: str | None = "preschool", **kw: Any) -> Item:
    fields: dict[str, Any] = {"kind": "target", "unit": "%", "relation": ">=", "year": 2025}
    fields.update(kw)
    start = fields.pop("start", 0)
    span = Span(start, fields.pop("end", start + 1))
    return Item(
        span, fields.pop("text", ""), id=next(_ids), value=value, indicator=indicator, **fields
    )


def plan(pid: int, regions: tuple[str, ...] = CITY, **kw: Any) -> Plan:
    fields: dict[str, Any] = {"period_start": 2021, "period_end": 2025}
    fields.update(kw)
    return Plan(id=pid, name=f"plan{pid}.txt", title=f"规划{pid}", regions=regions, **fields)


def school(
    name: str, level: str, mode: str = "新建", ownership: str = "公办", **kw: Any
) -> Project:
    return Project(name=name, level=level, mode=mode, ownership=ownership, district="钦南区", **kw)


# --- the previous plan's targets -----------------------------------------------------------


def test_a_previous_plan_s_target_is_neither_out_of_period_nor_met_nor_compared() -> None:
    """专栏1 “十三五”主要目标完成情况: the 2020年规划数 90% beside the 完成数 94.67%."""
    before = item(90, year=2020, previous_plan=True)
    done = item(94.67, kind="baseline", year=2020)
    mine = item(93, year=2025)
    p = plan(2, items=[before, done, mine])
    assert years_outside_period(p) == []
    met = already_met(p, CATALOG)
    assert [(f.value, f.evidence[1].value) for f in met] == [(93, 94.67)]  # its own 2025 target
    province = plan(1, PROVINCE, items=[item(95, year=2020)], period_start=2018, period_end=2020)
    kinds = {f.kind for f in check_plans([province, p], CATALOG)}
    assert "cascade_weaker" not in kinds  # 90% (2020) was the earlier plan's, not Qinzhou's


def test_compare_labels_a_previous_plan_s_target() -> None:
    p = plan(1, items=[item(90, year=2020, previous_plan=True), item(93)])
    rows = indicator_rows([p], CATALOG["preschool"])
    assert [(r.item.year, r.item.previous_plan) for r in rows] == [(2020, True), (2025, False)]


# --- relative deadlines --------------------------------------------------------------------


def test_a_relative_deadline_counts_from_the_issue_year_and_its_range_s_end() -> None:
    text = "力争在3－5年内办学条件有较大改善，全面化解“大班额”问题。计划三年内建设10所幼儿园。"
    p = plan(1, source=text, issue_date="2022-07-11")
    (finding,) = relative_deadlines(p)
    assert (finding.kind, finding.severity, finding.year) == (
        "year_outside_period",
        "warning",
        2027,
    )
    assert "2025—2027年" in finding.message and finding.evidence[0].text == "3－5年内"
    assert finding.confidence == "high" and "印发年份2022年" in finding.reason


def test_cycles_and_deadlines_inside_the_period_are_no_findings() -> None:
    text = "每名教师每5年累计参加培训不少于360学时。力争用2年时间基本适应。近5年来成效显著。"
    assert relative_deadlines(plan(1, source=text, issue_date="2019-10-15", period_end=2022)) == []


def test_without_an_issue_date_a_relative_deadline_is_not_guessed() -> None:
    assert relative_deadlines(plan(1, source="5年内建设名师工作室。")) == []


def test_an_inferred_period_makes_the_finding_less_sure() -> None:
    text = "力争用3—5年时间，使乡村学校办学条件全面达到标准。"
    p = plan(1, source=text, issue_date="2019-09-20", period_start=2019, period_end=2022)
    p.period_inferred = True
    (finding,) = relative_deadlines(p)
    assert finding.confidence == "medium" and "推定" in finding.message


def test_figures_of_one_sentence_and_year_are_one_finding() -> None:
    text = "5年内，开展交流项目50个，建设名师工作室25个。"
    p = plan(
        1,
        source=text,
        period_start=2018,
        period_end=2020,
        items=[
            item(50, None, unit="个", year=2023, start=13),
            item(25, None, unit="个", year=2023, start=24),
        ],
    )
    (finding,) = years_outside_period(p)
    assert [e.value for e in finding.evidence] == [50, 25]


# --- counting what the promise counts ------------------------------------------------------

TABLE = [
    school("第十七中学", "高中"),
    school("安州中学", "高中", ownership="民办"),
    school("小董中学", "高中", "迁建"),
    school("第十六中学（二期）", "高中", "扩建"),
    school("第十八中学", "高完中"),
    school("甲幼儿园", "幼儿园"),
]


def promise(value: float, subject: str, **kw: Any) -> Item:
    fields: dict[str, Any] = {"unit": "所", "relation": "="}
    fields.update(kw)
    return item(value, None, subject=subject, **fields)


def test_a_count_of_new_schools_leaves_out_moves_private_rows_and_complete_schools() -> None:
    p = plan(1, projects=TABLE, items=[promise(3, "新建普通高中")])
    (finding,) = table_prose_mismatches(p)
    table = finding.evidence[1]
    assert (table.value, table.text) == (1, "1所：第十七中学")
    assert "未计入民办高中1所、高中迁建1所、高中扩建1所、高完中新建1所" in finding.message
    assert "按公办计" in finding.message and finding.confidence == "medium"
    p.items = [promise(1, "新建普通高中")]
    assert table_prose_mismatches(p) == []


def test_a_mode_the_table_does_not_list_reads_not_listed_not_zero() -> None:
    p = plan(1, projects=TABLE, items=[promise(29, "改扩建公办幼儿园")])
    (finding,) = table_prose_mismatches(p)
    assert "项目表未列出幼儿园改扩建项目" in finding.message and "0所" not in finding.message
    assert "表中幼儿园只有新建1所" in finding.message and finding.confidence == "medium"


def test_a_table_without_modes_cannot_be_counted_by_mode() -> None:
    bare = [Project(name="伊滨第一小学", seats=2160), Project(name="凯旋路小学", seats=900)]
    assert (
        table_prose_mismatches(plan(1, projects=bare, items=[promise(2, "改扩建、迁建学校")])) == []
    )


def test_a_sum_of_new_and_rebuilt_schools_is_left_to_the_plan_s_separate_promises() -> None:
    items = [
        promise(1, "新建普通高中"),
        promise(1, "改扩建普通高中"),
        promise(10, "新建、改扩建高中"),
    ]
    assert table_prose_mismatches(plan(1, projects=TABLE, items=items)) == []


def test_an_urban_area_the_plan_does_not_define_counts_districts_and_is_a_hint() -> None:
    rows = [
        school("白石湖学校", "小学"),
        Project(name="灵山一小", level="小学", mode="新建", ownership="公办", district="灵山县"),
    ]
    p = plan(1, projects=rows, items=[promise(2, "在中心城区新建义务教育阶段学校", relation=">=")])
    (finding,) = table_prose_mismatches(p)
    assert (finding.severity, finding.confidence, finding.evidence[1].value) == ("info", "low", 1)
    assert "「中心城区」文件未界定" in finding.message


# --- one programme, two figures ------------------------------------------------------------

GOALS = "一、总体要求 / （三）总体目标"


def test_one_programme_counted_twice_with_two_figures_is_a_hint() -> None:
    p = plan(
        1,
        items=[
            promise(10, "重点建设特色鲜明的本科高校", start=10, section=GOALS),
            promise(7, "特色鲜明本科高校", relation="~", start=90),
            promise(160, "自治区示范性普通高中", start=20, section=GOALS),
            promise(100, "示范性普通高中", start=120),
            promise(10, "市级中华优秀文化艺术传承学校", start=30, section=GOALS),
            promise(12, "自治区级中华优秀传统文化传承学校", start=130),
            promise(1232, "新增学位", unit="个", start=140),  # two tasks, their own seats
            promise(3917, "新增学位", unit="个", start=150),
        ],
    )
    found = sorted((f.severity, f.confidence, f.value) for f in programme_values(p))
    assert found == [("info", "medium", 10), ("info", "medium", 160)]


def test_a_rate_met_by_a_baseline_of_like_words_is_found_without_an_indicator() -> None:
    target = item(100, None, subject="基层党组织规范化标准化率", start=50)
    base = item(100, None, kind="baseline", year=2020, subject="公办学校党组织标准化规范化达标率")
    other = item(99.6, None, kind="baseline", year=2020, subject="互联网接入率")
    (finding,) = already_met(plan(1, items=[target, base, other]), CATALOG)
    assert (finding.severity, finding.confidence) == ("info", "medium")
    assert "按对象的文字对照" in finding.reason


# --- the cascade ---------------------------------------------------------------------------


def test_a_target_weaker_than_its_province_but_not_the_nation_is_a_warning_named_once() -> None:
    nation = plan(
        1, NATION, items=[item(95, "media", year=2022)], period_start=2019, period_end=2022
    )
    province = plan(
        2,
        PROVINCE,
        items=[item(100, "media", year=2022)],
        implements=(1,),
        period_start=2019,
        period_end=2022,
    )
    city = plan(
        3,
        items=[item(98, "media", year=2022, start=5), item(98, "media", year=2022, start=50)],
        implements=(2,),
        period_start=2019,
        period_end=2022,
    )
    (finding,) = [f for f in check_plans([nation, province, city], CATALOG) if f.document_id == 3]
    assert (finding.kind, finding.severity) == ("cascade_weaker", "warning")
    assert "本文件2处写同一目标" in finding.message and "但不低于更上一级" in finding.message
    # the city's figure, the province's, then the city's repeat: evidence[1] is the higher one
    assert [e.role for e in finding.evidence] == ["本级目标", "上级目标", "本级目标"]


def test_a_ceiling_for_urban_schools_binds_a_city_s_ceiling_for_large_classes() -> None:
    province = plan(
        1,
        PROVINCE,
        items=[
            item(
                5,
                "large_class_share",
                relation="<=",
                year=2020,
                subject="城镇义务教育学校56人以上大班额比例",
            )
        ],
        period_start=2019,
        period_end=2022,
    )
    city = plan(
        2,
        items=[
            item(6, "large_class_share", relation="<=", year=2020, subject="56人以上大班额比例")
        ],
        implements=(1,),
        period_start=2019,
        period_end=2021,
    )
    (finding,) = check_plans([province, city], CATALOG, only={2})
    assert (finding.kind, finding.severity, finding.confidence) == (
        "cascade_weaker",
        "high",
        "medium",
    )
    assert "城镇" in finding.reason


def test_every_finding_says_how_sure_it_is_and_why() -> None:
    p = plan(1, items=[item(93), item(94.67, kind="baseline", year=2020), item(97, year=2031)])
    findings = check_plans([p], CATALOG)
    assert findings and all(
        f.confidence in ("high", "medium", "low") and f.reason for f in findings
    )
