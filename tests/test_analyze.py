"""The analyze stage on plans built in the test: each check fires on its case and stays quiet
on the consistent one; coverage matches tasks by their words."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.analyze import (
    Plan,
    PlanTask,
    chart_series,
    check_plans,
    coverage,
    indicator_rows,
    project_totals,
)
from planwatch.analyze.cascade import PlanIndex
from planwatch.analyze.checks import (
    already_met,
    contradictory_targets,
    deadlines_outside_period,
    years_outside_period,
)
from planwatch.analyze.projects import ProjectTotal, table_prose_mismatches
from planwatch.records import Indicator, Item, Project, Span

CATALOG = {
    "preschool": Indicator("preschool", "学前教育毛入园率", [], "%", "higher", "学前教育"),
    "large_class": Indicator("large_class", "大班额比例", [], "%", "lower", "义务教育"),
    "training": Indicator("training", "教师培训人次", [], "人次", "higher", "教师"),
}
PROVINCE, CITY, COUNTY = ("430000",), ("430000", "430100"), ("430000", "430100", "430121")
_ids = iter(range(1, 10_000))


def item(value: float, indicator: str | None = "preschool", **kw: Any) -> Item:
    fields: dict[str, Any] = {"kind": "target", "unit": "%", "relation": ">=", "year": 2025}
    fields.update(kw)
    start = fields.pop("start", 0)
    span = Span(start, fields.pop("end", start))
    text = fields.pop("text", "")
    return Item(span, text, id=next(_ids), value=value, indicator=indicator, **fields)


def plan(pid: int, regions: tuple[str, ...] = CITY, **kw: Any) -> Plan:
    fields: dict[str, Any] = {"period_start": 2021, "period_end": 2025}
    fields.update(kw)
    return Plan(id=pid, name=f"plan{pid}.txt", title=f"规划{pid}", regions=regions, **fields)


def kinds(findings: list[Any]) -> list[tuple[str, int]]:
    return [(f.kind, f.document_id) for f in findings]


def test_city_target_below_the_provincial_target_is_weaker() -> None:
    province = plan(1, PROVINCE, items=[item(92)])
    city = plan(2, items=[item(91)], implements=(1,))
    findings = check_plans([province, city], CATALOG)
    assert kinds(findings) == [("cascade_weaker", 2)]
    assert findings[0].severity == "high"
    assert [e.role for e in findings[0].evidence] == ["本级目标", "上级目标"]
    assert findings[0].evidence[1].document_id == 1


@pytest.mark.parametrize("value", [92, 97], ids=["equal", "higher"])
def test_city_target_at_or_above_the_province_is_consistent(value: float) -> None:
    province = plan(1, PROVINCE, items=[item(92)])
    city = plan(2, items=[item(value)], implements=(1,))
    assert check_plans([province, city], CATALOG) == []


def test_a_rate_that_should_fall_is_weaker_when_the_city_allows_more() -> None:
    province = plan(1, PROVINCE, items=[item(3, "large_class", relation="<=")])
    looser = plan(2, items=[item(5, "large_class", relation="<=")], implements=(1,))
    stricter = plan(3, items=[item(2, "large_class", relation="<=")], implements=(1,))
    assert kinds(check_plans([province, looser, stricter], CATALOG)) == [("cascade_weaker", 2)]


def test_targets_of_different_years_or_counts_are_not_compared() -> None:
    province = plan(1, PROVINCE, items=[item(92), item(300000, "training", unit="人次")])
    city = plan(2, items=[item(90, year=2023), item(3000, "training", unit="人次")])
    city.implements = (1,)
    assert check_plans([province, city], CATALOG) == []


def test_a_later_target_below_an_earlier_provincial_target_is_weaker() -> None:
    province = plan(1, PROVINCE, items=[item(92.4, year=2023)], period_start=2021, period_end=2023)
    city = plan(2, items=[item(90), item(93, year=2024)], implements=(1,))
    findings = check_plans([province, city], CATALOG)
    assert [(f.kind, f.year, f.value) for f in findings] == [("cascade_weaker", 2025, 90)]
    assert "（2023年）" in findings[0].message


def test_a_figure_for_part_of_the_region_is_not_its_target() -> None:
    province = plan(1, PROVINCE, items=[item(92)])
    city = plan(
        2,
        items=[
            item(95, subject="全市学前教育毛入园率"),
            item(90, subject="农村地区学前教育毛入园率"),
        ],
        implements=(1,),
    )
    assert check_plans([province, city], CATALOG) == []


def test_a_plan_without_a_period_answers_to_the_plans_of_the_regions_above() -> None:
    province = plan(1, PROVINCE, items=[item(92)])
    county = plan(2, COUNTY, items=[item(90)], period_start=None, period_end=None)
    assert kinds(check_plans([province, county], CATALOG)) == [("cascade_weaker", 2)]


def test_a_plan_inside_the_province_with_an_overlapping_period_answers_to_it() -> None:
    province = plan(1, PROVINCE, items=[item(92)])
    county = plan(2, COUNTY, items=[item(90)])  # names no higher plan
    later = plan(3, COUNTY, items=[item(90, year=2028)], period_start=2026, period_end=2030)
    findings = check_plans([province, county, later], CATALOG)
    assert kinds(findings) == [("cascade_weaker", 2)]
    assert "上级地区" in findings[0].message
    index = PlanIndex([province, county, later])
    assert [(p.id, why) for p, why in index.higher_plans(county)] == [(1, "上级地区")]
    assert index.higher_plans(later) == []  # 2026—2030 shares no year with 2021—2025


def test_target_years_outside_the_period_are_graded() -> None:
    p = plan(
        1,
        items=[item(95, year=2027), item(97, year=2035), item(90, year=2020), item(93)],
    )
    found = {f.year: f.severity for f in years_outside_period(p)}
    assert found == {2027: "warning", 2035: "info", 2020: "info"}


def test_two_figures_for_one_indicator_and_year_disagree() -> None:
    p = plan(1, items=[item(93, start=10), item(94, start=500), item(93, start=900)])
    (finding,) = contradictory_targets(p, CATALOG)
    assert [e.value for e in finding.evidence] == [93, 94]
    assert finding.severity == "info"  # ≥94% meets ≥93% too: one figure should be said
    points = plan(2, items=[item(93, relation="="), item(95, relation="=")])
    assert [f.severity for f in contradictory_targets(points, CATALOG)] == ["warning"]
    assert contradictory_targets(plan(3, items=[item(93), item(93)]), CATALOG) == []


def test_a_baseline_above_the_target_means_it_was_already_met() -> None:
    met = plan(1, items=[item(95), item(96.5, kind="baseline", year=2020, relation="=")])
    not_yet = plan(2, items=[item(95), item(89.5, kind="baseline", year=2020, relation="=")])
    review = plan(3, items=[item(90, year=2020), item(94, kind="baseline", year=2020)])
    assert kinds(already_met(met, CATALOG)) == [("already_met", 1)]
    assert already_met(not_yet, CATALOG) == []
    assert already_met(review, CATALOG) == []  # the 十三五 target and its result, same year


def test_a_rate_that_should_fall_is_met_when_the_baseline_is_lower() -> None:
    p = plan(
        1,
        items=[
            item(3, "large_class", relation="<="),
            item(2.6, "large_class", kind="baseline", year=2020),
        ],
    )
    assert kinds(already_met(p, CATALOG)) == [("already_met", 1)]


def school(level: str, mode: str = "新建", seats: float = 300, district: str = "甲区") -> Project:
    return Project(
        name=f"{district}{level}",
        level=level,
        district=district,
        seats=seats,
        mode=mode,
        ownership="公办",
    )


def test_prose_counts_and_seats_are_checked_against_the_project_table() -> None:
    projects = [school("幼儿园"), school("幼儿园"), school("小学", "改扩建", 900)]
    p = plan(
        1,
        projects=projects,
        items=[
            item(3, None, unit="所", relation="=", subject="新建幼儿园"),
            item(1, None, unit="所", relation="=", subject="改扩建小学"),
            item(1500, None, unit="个", relation="=", subject="新增学位"),
            item(1, None, unit="所", relation=">=", subject="新建初中"),  # no 初中 row
            item(5, None, unit="所", relation="=", subject="示范幼儿园"),  # no mode: no promise
        ],
    )
    found = {(f.value, f.evidence[1].value) for f in table_prose_mismatches(p)}
    assert found == {(3, 2.0)}
    p.items[2] = item(1600, None, unit="个", relation="=", subject="新增学位")
    assert {f.value for f in table_prose_mismatches(p)} == {3, 1600}


def test_a_promise_naming_a_district_counts_that_district_s_rows() -> None:
    projects = [school("幼儿园"), school("幼儿园"), school("幼儿园", district="乙区")]
    seat_items = [
        item(300, None, unit="个", subject=p.name, start=1000 + 10 * n, end=1003 + 10 * n)
        for n, p in enumerate(projects)
    ]
    promise = item(2, None, unit="所", relation="=", subject="其中甲区新建幼儿园")
    p = plan(1, projects=projects, items=[promise, *seat_items])
    assert table_prose_mismatches(p) == []
    p.items[0] = item(3, None, unit="所", relation="=", subject="其中甲区新建幼儿园")
    (finding,) = table_prose_mismatches(p)
    table = finding.evidence[1]
    assert (table.value, table.start, table.end) == (2, 1000, 1013)  # the rows of 甲区


def test_project_totals_by_level_and_district() -> None:
    rows = project_totals([school("幼儿园"), school("幼儿园", district="乙区"), school("幼儿园")])
    assert rows == [
        ProjectTotal(level="幼儿园", district="甲区", projects=2, seats=600),
        ProjectTotal(level="幼儿园", district="乙区", projects=1, seats=300),
    ]


def task(title: str, body: str, section: str = "（一）实施学前教育普及普惠工程") -> PlanTask:
    return PlanTask(id=next(_ids), label="1", title=title, section=section, body=title + body)


def test_coverage_matches_tasks_by_their_words_and_marks_the_rest_uncovered() -> None:
    higher = plan(
        1,
        PROVINCE,
        tasks=[
            task("扩大公办学前教育资源", "新建改扩建公办幼儿园，推进小区配套幼儿园治理。"),
            task("深化学前教育保教改革", "防止和纠正幼儿园小学化倾向，提高保教质量。"),
            task("加强双向留学工作", "扩大来华留学规模，完善留学生奖学金制度。", "（二）开放"),
        ],
        items=[item(92), item(1000, None, unit="所", subject="新建公办幼儿园")],
    )
    lower = plan(
        2,
        tasks=[
            task("扩大公办学前教育资源", "每个乡镇新建一所公办中心幼儿园，治理小区配套幼儿园。"),
            task("全面提高幼儿园保教质量", "纠正幼儿园小学化倾向，提高保教质量和水平。"),
        ],
        items=[item(93), item(20, None, unit="所", subject="新建公办幼儿园")],
        implements=(1,),
    )
    cov = coverage(higher, [lower], CATALOG)
    assert [m.status for m in cov.tasks] == ["covered", "covered", "not_covered"]
    assert cov.tasks[1].match is not None and cov.tasks[1].match.title == "全面提高幼儿园保教质量"
    assert [(s.section, s.status) for s in cov.sections] == [
        ("（一）实施学前教育普及普惠工程", "covered"),
        ("（二）开放", "not_covered"),
    ]
    by_target = [(m.status, m.how, m.verdict) for m in cov.targets]
    assert by_target == [("covered", "指标", "consistent"), ("covered", "文字", "")]


def test_indicator_rows_and_series_follow_one_region_through_its_plans() -> None:
    old = plan(1, PROVINCE, items=[item(90, year=2020)], period_start=2018, period_end=2020)
    new = plan(2, PROVINCE, items=[item(92.4, year=2023)], period_start=2021, period_end=2023)
    city = plan(3, items=[item(97, year=2020)], period_start=2018, period_end=2020)
    old.region = new.region = "湖南省"
    city.region = "长沙市"
    rows = indicator_rows([city, new, old], CATALOG["preschool"], within={"430000"})
    assert [(r.region, r.item.year, r.item.value) for r in rows] == [
        ("湖南省", 2020, 90),
        ("湖南省", 2023, 92.4),
        ("长沙市", 2020, 97),
    ]
    series = chart_series(rows)
    assert [s.region for s in series] == ["湖南省", "长沙市"]
    assert [[s.period for s in p.sources] for p in series[0].points] == [
        ["2018—2020"],
        ["2021—2023"],
    ]
    assert indicator_rows([city], CATALOG["preschool"], within={"440000"}) == []


def test_a_task_whose_indicators_the_lower_plan_targets_is_taken_up_one_step_further() -> None:
    goal = item(92, start=10)  # inside the task's text, 0—100
    higher = plan(
        1,
        PROVINCE,
        tasks=[
            PlanTask(id=next(_ids), label="1", title="普及学前教育", body="毛入园率", end=100),
            PlanTask(id=next(_ids), label="2", title="加强双向留学工作", start=100, end=200),
        ],
        items=[goal],
    )
    lower = plan(
        2,
        tasks=[task("加强师德师风建设", "完善教师荣誉制度。")],
        items=[item(95)],
    )
    first, second = coverage(higher, [lower], CATALOG).tasks
    assert (first.status, first.indicators, first.match) == ("partial", ("preschool",), None)
    assert first.citation is not None and first.citation.kind == "目标"  # the lower target
    assert (second.status, second.indicators, second.citation) == ("not_covered", (), None)


def test_a_goal_without_a_figure_dated_after_the_period_is_found() -> None:
    source = (
        "力争到2026年所有县（市、区）通过学前教育普及普惠国家认定。"
        "贯彻《中国教育现代化2035》，到2025年基本普及。"
        "到2027年，全市高中阶段毛入学率达到95%。"
        "到2035年，基本实现教育现代化。"
        "本方案自印发之日起施行，有效期至2027年12月31日。"
        "<p>力争<b>於2028年</b>全面\n建成</p>"
    )
    figure_at = source.index("95%")
    p = plan(1, source=source, items=[item(95, year=2027, start=figure_at, end=figure_at + 3)])
    findings = deadlines_outside_period(p)
    assert [(f.year, f.severity, f.evidence[0].text) for f in findings] == [
        (2026, "warning", "到2026年"),
        (2035, "info", "到2035年"),
        (2028, "warning", "於2028年"),  # traditional, in markup, across a line break
    ]
    assert "「力争於2028年全面建成」" in findings[2].message
    for f in findings:  # the evidence offsets point into the source
        ev = f.evidence[0]
        assert ev.start is not None and source[ev.start : ev.end] == ev.text


def test_a_rate_without_an_indicator_is_compared_by_its_relation_word() -> None:
    dropout = {"indicator": None, "relation": "<=", "subject": "义务教育阶段辍学率"}
    higher = plan(1, PROVINCE, items=[item(1, **dropout)])
    looser = plan(2, items=[item(2, **dropout)], implements=(1,))
    stricter = plan(3, items=[item(0.5, **dropout)], implements=(1,))
    cov = coverage(higher, [looser, stricter], CATALOG)
    assert [(m.status, m.how, m.verdict) for m in cov.targets] == [
        ("covered", "文字", "weaker"),
        ("covered", "文字", "consistent"),
    ]
