"""Tables: TAB-line cells (a blank line ends a row), TAB-separated rows and markdown pipes.

A short plain line right after a cell, or after one blank line inside a table, continues
that cell. The leading label rows are the header; empty cells of the leading label
columns repeat the row above and are filled down (``filled``), numeric columns never.
Every cell's text is its span of the normalized text (less the line breaks of a
continued cell), or, when filled, the span it was copied from.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.ingest import read_source
from planwatch.parse import parse_outline, parse_tables
from planwatch.records import SourceText, Table


def tables_of(text: str) -> list[Table]:
    src = SourceText.identity("t.txt", text)
    return parse_tables(src, parse_outline(src))


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def assert_grounded(text: str, tables: list[Table]) -> None:
    """Each cell's text is its span, less the line breaks of a continued cell."""
    for table in tables:
        for row in table.rows:
            for cell in row:
                span = text[cell.start : cell.end]
                assert "".join(span.split()) == "".join(cell.text.split())


WORD_TABLE = (
    "\t专栏7  建设规划表\n\n"
    "\t学段\n\t县区\n\t学校名称\n\t学位\n\t建设\n\n方式\n\n"
    "\t幼儿园\n\t市直\n\t第一幼儿园\n\t360\n\t新建\n\n"
    "\t\n\t\n\t第二幼儿园\n\t\n\t新建\n\n"
    "\t小学\n\t钦南区\n\t第一小学\n\t2000\n\t新建\n（试验区）\n\n"
    "\t\n\t\n\t第二小学\n\t1620\n\t扩建\n\n\n"
    "一、下一节\n"
)


def test_word_table_rows_end_at_blank_lines_and_cells_continue() -> None:
    (table,) = tables_of(WORD_TABLE)
    assert table.header == [["学段", "县区", "学校名称", "学位", "建设方式"]]
    assert texts(table)[2] == ["小学", "钦南区", "第一小学", "2000", "新建（试验区）"]
    assert len(table.rows) == 4
    assert_grounded(WORD_TABLE, [table])


def test_label_columns_fill_down_but_numeric_columns_do_not() -> None:
    (table,) = tables_of(WORD_TABLE)
    second = table.rows[1]
    assert [c.text for c in second] == ["幼儿园", "市直", "第二幼儿园", "", "新建"]
    assert [c.filled for c in second] == [True, True, False, False, False]
    filled = second[0]
    assert WORD_TABLE[filled.start : filled.end] == "幼儿园"
    assert texts(table)[3][:2] == ["小学", "钦南区"]


def test_table_title_comes_from_its_box_heading() -> None:
    (table,) = tables_of(WORD_TABLE)
    assert table.title == "专栏7 建设规划表"


def test_table_ends_before_following_paragraph_and_heading() -> None:
    text = (
        "\t专栏1 目标\n\n\t指标\n\t2015年\n\n完成数\n\n\t入园率\n\t74%\n\n"
        "教育公平迈出重大步伐，全市投入资金约23亿元。\n"
    )
    (table,) = tables_of(text)
    assert table.header == [["指标", "2015年完成数"]]
    assert texts(table) == [["入园率", "74%"]]
    assert text[table.end - 3 : table.end] == "74%"


def test_short_line_after_table_before_plain_text_is_not_a_cell() -> None:
    text = "\t序号\n\t单位\n\n\t1\n\t市财政局\n\n相关名词解释\n\n1.“双减”：指减轻负担。\n"
    (table,) = tables_of(text)
    assert texts(table) == [["1", "市财政局"]]


def test_section_rows_stay_rows_with_fewer_cells() -> None:
    text = "\t指标\n\t2020年\n\n\t学前教育：\n\n\t毛入园率\n\t94.67%\n"
    (table,) = tables_of(text)
    assert texts(table) == [["学前教育："], ["毛入园率", "94.67%"]]


def test_row_broken_by_a_stray_blank_line_is_merged() -> None:
    text = "\t序号\n\t任务\n\t牵头\n\t配合\n\n\t1\n\t建设\n\t市教育局\n\n\t市财政局\n"
    (table,) = tables_of(text)
    assert texts(table) == [["1", "建设", "市教育局", "市财政局"]]


def test_tab_separated_rows_one_line_each() -> None:
    text = "附表：分工\n\n序号\t任务\t牵头单位\n1\t建设\t市教育局\n2\t改革\t市财政局\n\n正文。\n"
    (table,) = tables_of(text)
    assert table.header == [["序号", "任务", "牵头单位"]]
    assert texts(table) == [["1", "建设", "市教育局"], ["2", "改革", "市财政局"]]
    assert_grounded(text, [table])


def test_markdown_pipe_table_header_above_separator() -> None:
    text = "| 指标 | 2025年 |\n|---|---|\n| 毛入园率 | 93% |\n"
    (table,) = tables_of(text)
    assert table.header == [["指标", "2025年"]]
    assert texts(table) == [["毛入园率", "93%"]]
    assert_grounded(text, [table])


def test_single_tab_line_of_prose_is_not_a_heading_but_a_one_cell_table() -> None:
    text = "一、甲\n\t专栏3 计划\n\n\t坚持思政课建设。建设50所学校。\n\n\n二、乙\n"
    (table,) = tables_of(text)
    assert table.header == []
    assert texts(table) == [["坚持思政课建设。建设50所学校。"]]


def test_table_section_is_the_enclosing_outline_node() -> None:
    text = "一、甲\n（一）乙\n\t专栏1 丙\n\n\t指标\n\t值\n\n\t率\n\t5%\n"
    src = SourceText.identity("t.txt", text)
    outline = parse_outline(src)
    (table,) = parse_tables(src, outline)
    assert table.section_index is not None
    assert outline[table.section_index].label == "专栏1"
    assert outline[outline[table.section_index].parent or 0].label == "（一）"


def test_seed_004_box7_school_projects(seeds: dict[str, Path]) -> None:
    src = read_source(seeds["004"])
    tables = parse_tables(src, parse_outline(src))
    box7 = next(t for t in tables if t.title.startswith("专栏7"))
    assert box7.header[-1][:4] == ["学段", "市、县区", "学校名称", "设置学位（人）"]
    assert box7.header[-1][-1] == "建设方式"
    assert 95 <= len(box7.rows) <= 140
    assert all(len(r) == 7 for r in box7.rows)
    assert all(r[0].text and r[1].text for r in box7.rows)
    first = texts(box7)[0]
    assert first == ["幼儿园", "市直", "钦州幼专附属幼儿园", "360", "2021-2022", "公办", "新建"]
    second = box7.rows[1]
    assert (second[0].filled, second[1].filled, second[3].filled) == (True, True, False)
    levels = {r[0].text for r in box7.rows}
    assert {"幼儿园", "小学"} <= levels
    assert any(r[1].text == "钦州港区" for r in box7.rows)
    assert all(r[4].text[:4].isdigit() for r in box7.rows)
    assert_grounded(src.text, [box7])


def test_seed_004_box1_header_and_values(seeds: dict[str, Path]) -> None:
    src = read_source(seeds["004"])
    tables = parse_tables(src, parse_outline(src))
    box1 = next(t for t in tables if t.title.startswith("专栏1"))
    assert box1.header[-1] == ["指标", "2015年完成数", "2020年规划数", "2020年完成数"]
    rows = texts(box1)
    assert ["学前三年毛入园率", "74%", "90%", "94.67%"] in rows
    assert ["学前教育："] in rows
    box2 = next(t for t in tables if t.title.startswith("专栏2"))
    assert box2.header[-1] == ["分类", "指标", "2025年"]
    assert texts(box2)[0] == ["学前教育", "学前教育三年毛入园率（%）", "93%以上"]


def test_seed_002_annex_task_table(seeds: dict[str, Path]) -> None:
    src = read_source(seeds["002"])
    outline = parse_outline(src)
    (table,) = parse_tables(src, outline)
    assert "分工表" in table.title
    assert table.header[-1] == ["序号", "重点任务", "建设内容", "建设目标", "牵头部门", "配合部门"]
    assert [r[0].text for r in table.rows] == [str(n) for n in range(1, 10)]
    assert table.rows[2][4].text.replace("\n", "") == "市教育局，柳东新区管委会"
    assert table.section_index is not None and outline[table.section_index].kind == "annex"


def test_html_table_through_ingest_reads_like_a_word_table() -> None:
    from planwatch.ingest import normalize

    html = (
        "<html><body><p>专栏1 主要目标</p><table><tr><th>指标</th><th>2025年</th></tr>"
        "<tr><td>学前教育毛入园率</td><td>93%以上</td></tr>"
        "<tr><td></td><td>95%</td></tr></table><p>一、总体要求</p></body></html>"
    )
    src = normalize("t.html", html, "html")
    (table,) = parse_tables(src, parse_outline(src))
    assert table.title.startswith("专栏1")
    assert table.header == [["指标", "2025年"]]
    assert texts(table) == [["学前教育毛入园率", "93%以上"], ["学前教育毛入园率", "95%"]]
    assert table.rows[1][0].filled


def test_a_single_line_with_an_inner_tab_is_not_a_table() -> None:
    assert tables_of("青松县人民政府\t2024年4月8日\n\n一、总体要求\n") == []


def test_rows_of_space_parted_cells_from_a_pdf_are_a_table() -> None:
    text = (
        "附表：主要指标\n指标 2023年 2026年\n学前教育毛入园率（%） 89.5 92\n"
        "公办幼儿园（所） 21 29\n"
    )
    src = SourceText.identity("t.pdf", text)
    tables = parse_tables(src, parse_outline(src))
    assert len(tables) == 1
    assert tables[0].header[-1] == ["指标", "2023年", "2026年"]
    assert [[c.text for c in r] for r in tables[0].rows] == [
        ["学前教育毛入园率（%）", "89.5", "92"],
        ["公办幼儿园（所）", "21", "29"],
    ]


def test_a_sentence_with_spaced_numbers_is_not_a_table() -> None:
    src = SourceText.identity("t.txt", "共有 12 所 学校。\n")
    assert parse_tables(src, parse_outline(src)) == []
