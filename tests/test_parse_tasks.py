"""Tasks: the numbered leaf headings under the part holding them, with their units.

That part is headed 主要任务, 重点任务, 工作任务, 主要措施, 重点举措, 主要工作, 目标任务…
(not 保障措施); a goals heading inside it (总体目标) and what it holds are not tasks.

Units come from a parenthesis naming roles (牵头单位：…；配合单位：…, 组织实施单位,
具体实施单位, 责任单位), from "（X牵头，Y配合）", or from a 分工表 whose header names
牵头部门/配合部门. Names split on 、，and on 及/和 between two bodies; a fragment that is
not a body by itself ("各市" before "县人民政府") stays joined to the next.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import read_source
from planwatch.parse import parse_document, parse_outline, parse_tables, parse_tasks, split_units
from planwatch.records import SourceText, Task

PLAN = (
    "一、总体要求\n（一）指导思想。\n坚持。\n"
    "二、主要任务\n（一）实施学前教育计划。\n"
    "1．实施公办幼儿园扩容工程。新建150所。（牵头单位：自治区教育厅；配合单位：自治区发展"
    "改革委、财政厅，各市、县人民政府）\n"
    "2．深化保教改革。推进科学保教。（责任单位：自治区教育厅）\n"
    "（二）实施义务教育计划。\n1．完善布局。（自治区教育厅牵头，自治区财政厅、自然资源厅配合）\n"
    "三、组织保障\n（一）加强组织领导。各市、县人民政府要高度重视。\n"
)


def tasks_of(text: str) -> list[Task]:
    src = SourceText.identity("t.txt", text)
    outline = parse_outline(src)
    return parse_tasks(src, outline, parse_tables(src, outline))


def test_tasks_are_numbered_leaves_under_the_main_tasks_part() -> None:
    tasks = tasks_of(PLAN)
    assert [(t.label, t.title) for t in tasks] == [
        ("1", "实施公办幼儿园扩容工程"),
        ("2", "深化保教改革"),
        ("1", "完善布局"),
    ]


def test_task_section_is_its_heading_and_parent_the_enclosing_plan() -> None:
    src = SourceText.identity("t.txt", PLAN)
    outline = parse_outline(src)
    task = parse_tasks(src, outline)[0]
    assert task.section_index is not None
    assert outline[task.section_index].start == task.start
    assert outline[outline[task.section_index].parent or 0].title == "实施学前教育计划"


def test_lead_and_cooperating_units_from_role_parenthesis() -> None:
    task = tasks_of(PLAN)[0]
    assert task.lead == ["自治区教育厅"]
    assert task.cooperating == ["自治区发展改革委", "财政厅", "各市、县人民政府"]


def test_responsible_unit_counts_as_lead() -> None:
    assert tasks_of(PLAN)[1].units == {"责任单位": ["自治区教育厅"]}
    assert tasks_of(PLAN)[1].lead == ["自治区教育厅"]


def test_lead_cooperate_phrasing() -> None:
    task = tasks_of(PLAN)[2]
    assert task.units == {
        "牵头单位": ["自治区教育厅"],
        "配合单位": ["自治区财政厅", "自然资源厅"],
    }


def test_in_charge_phrasing_gives_responsible_units() -> None:
    text = "二、主要任务\n1．甲。推进建设（市教育局、财政局负责）。\n2．乙。支持各县（区）建设。\n"
    tasks = tasks_of(text)
    assert tasks[0].units == {"责任单位": ["市教育局", "财政局"]}
    assert tasks[1].units == {}


def test_units_broken_across_lines_are_joined() -> None:
    text = (
        "二、主要任务\n1．甲。（牵头单位：自治区教育厅；"
        "配合单位：自治区党委宣传\n\n部，共青团广西区委）\n"
    )
    assert tasks_of(text)[0].cooperating == ["自治区党委宣传部", "共青团广西区委"]


def test_organizing_and_implementing_roles_keep_their_words() -> None:
    text = (
        "四、主要任务\n（一）工程\n1. 扩大资源。（组织实施单位：市教育局、财政局；"
        "具体实施单位：各县、武鸣区人民政府、开发区管委会）\n"
    )
    assert tasks_of(text)[0].units == {
        "组织实施单位": ["市教育局", "财政局"],
        "具体实施单位": ["各县、武鸣区人民政府", "开发区管委会"],
    }


@pytest.mark.parametrize(
    ("names", "units"),
    [
        pytest.param("各市、县人民政府", ["各市、县人民政府"], id="各市县-one-unit"),
        pytest.param("各县、区人民政府", ["各县、区人民政府"], id="各县区-one-unit"),
        pytest.param("各县（市、区）人民政府", ["各县（市、区）人民政府"], id="inner-comma"),
        pytest.param("自治区教育厅及各市人民政府", ["自治区教育厅", "各市人民政府"], id="ji"),
        pytest.param("各有关部门、自治区财政厅", ["各有关部门", "自治区财政厅"], id="bumen"),
        pytest.param("自治区教育厅和财政厅", ["自治区教育厅", "财政厅"], id="he"),
        pytest.param("自治区人力资源和社会保障厅", ["自治区人力资源和社会保障厅"], id="he-inside"),
        pytest.param(
            "工业和信息化局、住房和城乡建设局", ["工业和信息化局", "住房和城乡建设局"], id="he-x2"
        ),
        pytest.param(
            "市委组织部,市自然资源局，各有关部门等",
            ["市委组织部", "市自然资源局", "各有关部门"],
            id="commas",
        ),
    ],
)
def test_split_units(names: str, units: list[str]) -> None:
    assert split_units(names) == units


def test_parenthesis_without_role_words_gives_no_units() -> None:
    text = "二、主要任务\n1．甲。支持各县（市、区）建设（含改扩建）。\n"
    assert tasks_of(text)[0].units == {}


def test_outside_main_tasks_part_numbered_items_are_not_tasks() -> None:
    titles = [t.title for t in tasks_of(PLAN)]
    assert "指导思想" not in titles and "加强组织领导" not in titles


def county_plan(heading: str) -> str:
    return (
        "一、发展基础\n（一）发展现状。全县共有学校120所。\n1．学前教育。有幼儿园30所。\n"
        f"二、{heading}\n"
        "（一）推进学前教育普及普惠。新建幼儿园10所。（牵头单位：县教育局；配合单位：县财政局）\n"
        "（二）推进义务教育优质均衡。（牵头单位：县教育局；配合单位：县发改局）\n"
        "（三）提升高中教育。\n1．扩大优质高中资源。\n2．推进多样化发展。\n"
        "三、保障措施\n（一）加强组织领导。\n1．成立领导小组。\n"
    )


@pytest.mark.parametrize(
    "heading",
    [
        "主要任务",
        "重点任务",
        "工作任务",
        "任务措施",
        "主要措施",
        "重点措施",
        "具体措施",
        "工作措施",
        "主要举措",
        "重点举措",
        "主要工作",
        "重点工作",
        "目标任务",
        "主要任务和措施",
        "重点任务与举措",
    ],
)
def test_headings_plans_give_their_tasks_part_hold_the_tasks(heading: str) -> None:
    tasks = tasks_of(county_plan(heading))
    assert [(t.label, t.title) for t in tasks] == [
        ("一", "推进学前教育普及普惠"),
        ("二", "推进义务教育优质均衡"),
        ("1", "扩大优质高中资源"),
        ("2", "推进多样化发展"),
    ]
    assert tasks[1].units == {"牵头单位": ["县教育局"], "配合单位": ["县发改局"]}


@pytest.mark.parametrize(
    "heading", ["保障措施", "政策措施", "强化重点工作督查", "全面落实立德树人根本任务"]
)
def test_without_a_tasks_part_the_paragraphs_under_headings_of_work_are_tasks(
    heading: str,
) -> None:
    tasks = tasks_of(county_plan(heading))
    assert [t.title for t in tasks] == [
        "推进学前教育普及普惠",
        "推进义务教育优质均衡",
        "扩大优质高中资源",
        "推进多样化发展",
        "成立领导小组",
    ]


def test_paragraphs_under_headings_of_goals_or_review_are_not_tasks() -> None:
    assert [t.title for t in tasks_of(county_plan("发展目标"))] == ["成立领导小组"]


def test_an_opinion_without_lead_units_has_its_numbered_paragraphs_as_tasks() -> None:
    text = (
        "一、总体要求\n（一）指导思想。以…为指导。\n（二）基本原则。坚持统筹。\n"
        "（三）主要目标。到2022年，巩固率达到96%。\n"
        "二、完善学校布局规划体系\n（一）科学编制学校布局规划。县级人民政府要…。\n"
        "（二）合理设置乡村小规模学校。坚持…。\n"
        "三、保障措施\n（一）加强组织领导。各级政府要…。\n"
    )
    tasks = tasks_of(text)
    assert [(t.label, t.title) for t in tasks] == [
        ("一", "科学编制学校布局规划"),
        ("二", "合理设置乡村小规模学校"),
        ("一", "加强组织领导"),
    ]
    assert all(t.units == {} for t in tasks)


def test_goals_in_the_tasks_part_are_not_tasks() -> None:
    text = (
        "二、目标任务\n（一）总体目标\n到2025年，教育质量明显提升。\n"
        "1．学前三年毛入园率达到92%。\n2．义务教育巩固率达到97%。\n"
        "（二）主要任务\n1．扩大学前资源。（牵头单位：县教育局）\n"
        "2．改善办学条件。（牵头单位：县教育局；配合单位：县财政局）\n"
        "三、保障措施\n（一）加强组织领导。\n"
    )
    assert [t.title for t in tasks_of(text)] == ["扩大学前资源", "改善办学条件"]


def test_division_table_rows_become_tasks_with_role_columns() -> None:
    text = (
        "附表：分工表\n\n\t序号\n\t重点任务\n\t牵头部门\n\t配合部门\n\n"
        "\t1\n\t初中强校工程\n\t市教育局\n\t市委编办、财政局，各县（区）人民政府\n"
    )
    (task,) = tasks_of(text)
    assert (task.label, task.title) == ("1", "初中强校工程")
    assert task.units == {
        "牵头单位": ["市教育局"],
        "配合单位": ["市委编办", "财政局", "各县（区）人民政府"],
    }


def test_seed_000_ten_plans_each_task_has_lead_and_cooperating(seeds: dict[str, Path]) -> None:
    src = read_source(seeds["000"])
    _, outline, _, tasks = parse_document(src)
    plans = {outline[t.section_index].parent for t in tasks if t.section_index is not None}
    assert len(plans) == 10
    assert len(tasks) == 34
    assert all(t.lead == ["自治区教育厅"] for t in tasks)
    assert sum(1 for t in tasks if t.cooperating) == 30
    first = tasks[0]
    assert first.title == "深化大中小学思想政治教育改革"
    assert first.cooperating == [
        "自治区党委宣传部",
        "共青团广西区委",
        "自治区民宗委",
        "人力资源社会保障厅",
    ]
    last = tasks[-1]
    assert last.cooperating[-2:] == ["广西科学院", "广西社科院"]


def test_seed_001_tasks_have_organizing_and_implementing_units(seeds: dict[str, Path]) -> None:
    _, _, _, tasks = parse_document(read_source(seeds["001"]))
    assert len(tasks) == 29
    assert all("组织实施单位" in t.units for t in tasks)
    first = tasks[0]
    assert first.units["组织实施单位"][0] == "市教育局"
    assert "各县区人民政府" in first.units["具体实施单位"]
    assert any("各县、武鸣区人民政府" in t.units.get("具体实施单位", []) for t in tasks)


def test_seed_002_tasks_from_text_and_division_table(seeds: dict[str, Path]) -> None:
    _, _, _, tasks = parse_document(read_source(seeds["002"]))
    numbered = [t for t in tasks if not t.units]
    assert [t.label for t in numbered] == [str(n) for n in range(1, 18)]
    table_tasks = [t for t in tasks if t.units]
    assert len(table_tasks) == 9
    assert table_tasks[0].title == "初中强校工程"
    assert table_tasks[0].lead == ["市教育局"]
    assert "各县（区）人民政府" in table_tasks[0].cooperating


def test_seed_004_tasks_are_items_of_the_key_tasks_chapter(seeds: dict[str, Path]) -> None:
    _, outline, _, tasks = parse_document(read_source(seeds["004"]))
    assert len(tasks) >= 30
    assert all(
        outline[t.section_index].kind in ("cn", "paren")
        for t in tasks
        if t.section_index is not None
    )
    assert not any(t.units for t in tasks)


def test_organizing_units_lead_and_executing_units_take_part() -> None:
    from planwatch.records import Task

    task = Task(
        "1", "t", 0, 1, units={"组织实施单位": ["市教育局"], "具体实施单位": ["各县区人民政府"]}
    )
    assert (task.lead, task.cooperating) == (["市教育局"], ["各县区人民政府"])
