"""Layouts of plain text that hide figures: a figure wrapped from its unit at a line's end,
and a table stacked one cell per line (as a web page or a Word table copied to text gives it).

Rule: a hard-wrapped line may break between a figure and its unit (3286⏎亿元) and the item
spans both; a paragraph of k short label lines followed by paragraphs of k cells (one fewer
when the first column is merged with the row above, one more when a group label opens it)
is a table whose rows give items with the header's years and the row's unit.
"""

from __future__ import annotations

from pathlib import Path

from helpers import assert_grounded
from planwatch.records import Item
from planwatch.services.extraction import read_document


def items_of(tmp_path: Path, text: str) -> list[Item]:
    path = tmp_path / "规划.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert_grounded(doc.source, doc.items)
    return doc.items


WRAPPED = (
    "“十三五”期间，全省累计投入各级财政教育资金3286\n"
    "亿元，年均增长7.4%；截至2020年底，全省中小学专任教师达到27.8\n"
    "万人，乡村教师生活补助政策实现全覆盖。\n"
)


def test_a_figure_wrapped_from_its_unit_is_one_item(tmp_path: Path) -> None:
    found = {(i.text, i.value, i.unit) for i in items_of(tmp_path, WRAPPED)}
    assert ("3286\n亿元", 328_600_000_000, "元") in found
    assert ("27.8\n万人", 278_000, "人") in found


def test_a_number_ending_a_short_line_is_not_joined_to_the_next(tmp_path: Path) -> None:
    found = items_of(tmp_path, "附件3\n人员名单见后。\n")
    assert found == []


STACKED = """专栏2  主要指标

类别
指标
2020年基期值
2025年目标值
属性

学前教育
学前三年毛入园率（%）
93.2
95以上
预期性

普惠性幼儿园覆盖率（%）
87.6
90
约束性

义务教育
九年义务教育巩固率（%）
96.1
97
约束性

中等职业教育在校生（万人）
21.7
23
预期性
"""


def test_a_table_stacked_one_cell_per_line_gives_its_rows(tmp_path: Path) -> None:
    found = {(i.subject, i.value, i.unit, i.kind, i.year) for i in items_of(tmp_path, STACKED)}
    assert ("学前三年毛入园率", 93.2, "%", "baseline", 2020) in found
    assert ("学前三年毛入园率", 95.0, "%", "target", 2025) in found
    assert ("普惠性幼儿园覆盖率", 90.0, "%", "target", 2025) in found
    assert ("中等职业教育在校生", 230_000.0, "人", "target", 2025) in found


def test_short_paragraphs_without_figures_are_no_table(tmp_path: Path) -> None:
    text = (
        "一、总体要求\n指导思想\n基本原则\n\n二、主要任务\n扩大资源\n提高质量\n\n"
        "三、保障措施\n加强领导\n强化督导\n"
    )
    assert items_of(tmp_path, text) == []


def test_a_unit_column_gives_each_row_its_unit(tmp_path: Path) -> None:
    text = (
        "指标\t单位\t2015年\t2020年规划数\t2020年完成数\n"
        "学前三年毛入园率\t%\t74.3\t85\t93.2\n"
        "中职在校生\t万人\t18.1\t20\t21.7\n"
    )
    found = {(i.subject, i.value, i.unit, i.kind, i.year) for i in items_of(tmp_path, text)}
    assert ("学前三年毛入园率", 85.0, "%", "target", 2020) in found
    assert ("中职在校生", 217_000.0, "人", "baseline", 2020) in found
