"""Outline: headings at line starts nest by the order in which their kinds first appear.

Titles run to the first 。 or the line end; a section ends where the next heading of the
same or a higher level starts. Numbers inside sentences, dates, decimals and table cells
(TAB lines) are not headings; a 专栏 heading may sit on a TAB line.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest import read_source
from planwatch.parse import parse_outline
from planwatch.records import SourceText


def outline_of(text: str) -> list[tuple[str, str, str, int]]:
    src = SourceText.identity("t.txt", text)
    return [(s.kind, s.label, s.title, s.level) for s in parse_outline(src)]


def test_levels_follow_first_appearance_cn_paren_arabic() -> None:
    text = (
        "一、总体要求\n（一）指导思想。\n坚持。\n"
        "二、主要任务\n（一）实施计划。\n1．扩容工程。新建150所。\n"
    )
    assert outline_of(text) == [
        ("cn", "一", "总体要求", 1),
        ("paren", "（一）", "指导思想", 2),
        ("cn", "二", "主要任务", 1),
        ("paren", "（一）", "实施计划", 2),
        ("arabic", "1", "扩容工程", 3),
    ]


def test_levels_follow_first_appearance_chapter_section_cn_paren() -> None:
    text = "第一章  总则\n第一节  基础\n一、学前\n（一）普惠。\n第二节  形势\n"
    assert [(k, lvl) for k, _, _, lvl in outline_of(text)] == [
        ("chapter", 1),
        ("section", 2),
        ("cn", 3),
        ("paren", 4),
        ("section", 2),
    ]


def test_parent_and_end_close_at_same_or_higher_level() -> None:
    text = "一、甲\n（一）乙。\n1．丙。正文\n2．丁。\n二、戊\n"
    src = SourceText.identity("t.txt", text)
    out = parse_outline(src)
    assert [s.parent for s in out] == [None, 0, 1, 1, None]
    assert out[0].end == out[4].start
    assert out[2].end == out[3].start
    assert out[3].end == out[4].start
    assert out[4].end == len(text)


def test_title_stops_at_first_full_stop_and_title_end_after_it() -> None:
    text = "1．实施公办幼儿园扩容工程。新建150所公办幼儿园。\n"
    (sec,) = parse_outline(SourceText.identity("t.txt", text))
    assert sec.title == "实施公办幼儿园扩容工程"
    assert text[sec.start : sec.title_end] == "1．实施公办幼儿园扩容工程。"


def test_half_width_parentheses_and_ascii_period_are_headings() -> None:
    text = "(一)指导思想。\n1. 扩大资源。\n15.促进发展。\n"
    assert outline_of(text) == [
        ("paren", "（一）", "指导思想", 1),
        ("arabic", "1", "扩大资源", 2),
        ("arabic", "15", "促进发展", 2),
    ]


def test_markdown_marks_are_stripped_from_headings() -> None:
    text = "## **五、保障措施**\n### **（一）加强组织领导。**\n"
    assert outline_of(text) == [("cn", "五", "保障措施", 1), ("paren", "（一）", "加强组织领导", 2)]


def test_decimals_dates_and_mid_sentence_numbers_are_not_headings() -> None:
    text = (
        "92.4%，高等教育毛入学率达53%\n"
        "2021年10月20日\n"
        "3.5万人就读\n"
        "1．2项运动技能\n"
        "100所公办幼儿园。（一）此处不在行首\n"
    )
    assert outline_of(text) == []


def test_tab_cells_are_not_headings_but_a_box_on_a_tab_line_is() -> None:
    text = "一、目标\n\t专栏1  主要目标\n\n\t指标\n\t1．学前\n2．义务教育\n\n\n二、任务\n"
    assert outline_of(text) == [
        ("cn", "一", "目标", 1),
        ("box", "专栏1", "主要目标", 2),
        ("cn", "二", "任务", 1),
    ]


def test_box_title_on_the_next_line() -> None:
    text = "一、学前\n\t专栏 4 \n 学前教育优质普惠发展计划\n\n\t健全体系。\n"
    out = outline_of(text)
    assert out[1] == ("box", "专栏4", "学前教育优质普惠发展计划", 2)


def test_box_is_a_leaf_that_ends_at_the_next_heading() -> None:
    text = "一、甲\n专栏1 乙\n\t内容\n\n\n（一）丙。\n"
    src = SourceText.identity("t.txt", text)
    out = parse_outline(src)
    assert [(s.kind, s.parent) for s in out] == [("cn", None), ("box", 0), ("paren", 0)]
    assert out[1].end == out[2].start


def test_annex_is_top_level() -> None:
    text = "一、甲\n（一）乙\n附件：分工表\n1．名词\n"
    assert outline_of(text) == [
        ("cn", "一", "甲", 1),
        ("paren", "（一）", "乙", 2),
        ("annex", "附件", "分工表", 1),
        ("arabic", "1", "名词", 3),
    ]


def test_seed_000_has_ten_plans_under_main_tasks(seeds: dict[str, Path]) -> None:
    out = parse_outline(read_source(seeds["000"]))
    main = next(i for i, s in enumerate(out) if s.title == "主要任务")
    plans = [s for s in out if s.parent == main]
    assert len(plans) == 10
    assert plans[0].title == "实施新时代立德树人计划"
    assert plans[-1].label == "（十）"
    assert [s.title for s in out if s.level == 1] == ["总体要求", "主要任务", "组织保障"]


def test_seed_004_nests_chapters_sections_and_boxes(seeds: dict[str, Path]) -> None:
    out = parse_outline(read_source(seeds["004"]))
    kinds = {s.kind: s.level for s in out if s.kind != "box"}
    assert kinds == {"chapter": 1, "section": 2, "cn": 3, "paren": 4}
    boxes = [s for s in out if s.kind == "box"]
    assert [b.label for b in boxes] == [f"专栏{n}" for n in range(1, 11)]
    box7 = next(b for b in boxes if b.label == "专栏7")
    assert "建设规划表" in box7.title
    assert sum(1 for s in out if s.kind == "chapter") == 4


def test_seed_002_table_cells_are_not_headings(seeds: dict[str, Path]) -> None:
    out = parse_outline(read_source(seeds["002"]))
    tasks = [s for s in out if s.kind == "arabic" and out[s.parent or 0].kind == "paren"]
    assert [s.label for s in tasks] == [str(n) for n in range(1, 18)]
    annex = [s for s in out if s.kind == "annex"]
    assert [a.label for a in annex] == ["附件", "附表"]
    # the numbered lines inside the 分工表 cells ("2.依法保障…") are not headings
    assert not any(s.title.startswith("依法保障") for s in out)


def test_title_loses_a_trailing_half_width_period() -> None:
    assert outline_of("（一）指导思想.\n")[0][2] == "指导思想"


def test_an_unnumbered_box_titled_with_years_is_one_heading() -> None:
    text = "二、建设\n（一）新建学校。\n专栏  2019—2021年城区学校建设项目\n序号\t名称\n"
    boxes = [o for o in outline_of(text) if o[0] == "box"]
    assert boxes == [("box", "专栏", "2019—2021年城区学校建设项目", 3)]


def test_box_words_in_running_text_are_no_heading() -> None:
    assert [o for o in outline_of("一、甲\n专栏中列出的项目要按期完成。\n") if o[0] == "box"] == []
