"""Normalization rules: width, punctuation, spaces, page numbers, letterheads, web junk,
blank lines, PDF line re-joining and traditional → simplified; each keeps the offset map.
"""

from __future__ import annotations

import pytest

from hostile.mapping import assert_mapped
from planwatch.ingest import normalize


def norm(source: str) -> str:
    doc = normalize("t.txt", source)
    assert_mapped(doc)
    return doc.text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("ＡＢｃ１２３％．＋－～", "ABc123%.+-~", id="fullwidth-letters-digits-signs"),
        pytest.param("目标\u3000任务", "目标 任务", id="ideographic-space"),
        pytest.param("比2015年提高20.67%、6%", "比2015年提高20.67%、6%", id="plain-unchanged"),
        pytest.param("（2021—2023年）与2021–2023", "（2021—2023年）与2021–2023", id="dashes-kept"),
        pytest.param("发展，提高；要求：完成！", "发展，提高；要求：完成！", id="cn-punct"),
        pytest.param("单位:自治区教育厅;配合", "单位：自治区教育厅；配合", id="ascii-colon"),
        pytest.param("(桂政发〔2018〕5号)", "（桂政发〔2018〕5号）", id="parens-around-cjk"),
        pytest.param("f(x) = 1,400; 11:05", "f(x) = 1,400; 11:05", id="ascii-without-cjk-kept"),
        pytest.param("达到1,400所", "达到1,400所", id="thousands-comma-kept"),
    ],
)
def test_width_and_punctuation(source: str, expected: str) -> None:
    assert norm(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("新建 150 所", "新建150所", id="digit-cjk-single-spaces"),
        pytest.param("（2021—2023 年）", "（2021—2023年）", id="before-nian"),
        pytest.param("专栏1  钦州市教育", "专栏1  钦州市教育", id="double-space-label-kept"),
        pytest.param("计划 （2018—2020年）", "计划（2018—2020年）", id="space-before-cjk-paren"),
        pytest.param("   现将通知印发  ", "现将通知印发", id="line-edges"),
        pytest.param("\t  单元格 ", "\t单元格", id="cell-after-tab"),
        pytest.param("Plan A and B", "Plan A and B", id="latin-words-kept"),
        pytest.param("2021 年 10 月 20 日", "2021年10月20日", id="spaced-date"),
        pytest.param("指标 2023年 2026年", "指标 2023年 2026年", id="pdf-table-row-kept"),
        pytest.param(" 公办幼儿园（所） 21 29 ", "公办幼儿园（所） 21 29", id="pdf-row-edges"),
    ],
)
def test_spaces(source: str, expected: str) -> None:
    assert norm(source) == expected


@pytest.mark.parametrize("page", ["— 20 —", "- 3 -", "–12–", "第 3 页", "第3页 共20页", "－ 7 －"])
def test_page_number_lines_are_dropped(page: str) -> None:
    assert norm(f"上一段。\n{page}\n下一段。") == "上一段。\n下一段。"


def test_lines_that_only_look_numeric_stay() -> None:
    text = "2021—2023\n——坚持问题导向。\n第三章 主要任务"
    assert norm(text) == text


def test_letterhead_spaces_removed_other_spaced_lines_kept() -> None:
    assert norm(" 广 西 壮 族 自 治 区\n人民政府文件") == "广西壮族自治区\n人民政府文件"
    assert norm("第一章  总体要求") == "第一章  总体要求"


def test_web_page_junk_dropped_by_general_rules() -> None:
    body = "\n".join(f"第{i}条。发展教育事业，办好人民满意的教育。" for i in range(60))
    source = (
        '<rt id="x"><center id="x"></center></rt>\n<div></div>\n'
        "某市教育规划\n发布时间：2023-01-01  来源：市教育局\n"
        f"{body}\n\n版权所有：某市教育局 地址：某路1号 邮编：530000\n"
        "Copyright 2023 All Rights Reserved.\n垃 圾 广 告,免费看\n"
    )
    text = norm(source)
    assert text.startswith("某市教育规划\n第0条。")
    assert text.endswith("第59条。发展教育事业，办好人民满意的教育。")


def test_copyright_line_far_from_the_end_is_kept() -> None:
    body = "\n".join(f"第{i}条。发展教育事业，办好人民满意的教育。" for i in range(200))
    source = f"版权所有的保护条款。\n{body}"
    assert norm(source).startswith("版权所有的保护条款。")


def test_at_most_one_blank_line_and_table_lines_kept() -> None:
    source = "标题\n\n\n\n正文。\n \n  \n\t指标\n\t\n\t2020年\n\n\t入园率\n\t90%\n\n\n后文"
    expected = "标题\n\n正文。\n\n\t指标\n\t\n\t2020年\n\n\t入园率\n\t90%\n\n后文"
    assert norm(source) == expected


LINE = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻党的"


def test_normal_document_lines_are_not_rejoined() -> None:
    source = "\n".join([LINE] * 20)
    assert norm(source) == source


def test_pdf_like_document_rejoins_until_sentence_end_or_heading() -> None:
    lines = [LINE] * 5 + ["教育方针。", "一、总体要求", LINE, LINE, "结束；"]
    lines += [LINE] * 4 + ["到期（完成）", "2024年4月8日"]
    text = norm("\n\n".join(lines))
    assert text.split("\n\n") == [
        LINE * 5 + "教育方针。",
        "一、总体要求",
        LINE * 2 + "结束；",
        LINE * 4 + "到期（完成）",
        "2024年4月8日",
    ]


def test_full_length_numbered_line_wraps_into_the_next() -> None:
    lines = [LINE] * 12 + ["1.实施公办幼儿园建设工程。新建8所公办幼儿园，新增学位240", "0个。"]
    text = norm("\n\n".join(lines))
    assert text.endswith("\n\n1.实施公办幼儿园建设工程。新建8所公办幼儿园，新增学位2400个。")


def test_title_is_not_joined_to_a_short_line_below_it() -> None:
    title = "某县人民政府关于印发某县教育高质量发展三年行动计划的通知"
    lines = [LINE] * 12 + ["教育方针。", title, "某政发〔2024〕12号"]
    text = norm("\n\n".join(lines))
    assert text.endswith(f"\n\n{title}\n\n某政发〔2024〕12号")


def test_pdf_format_rejoins_without_blank_lines() -> None:
    lines = [LINE] * 12 + ["教育方针。"]
    doc = normalize("t.pdf", "\n".join(lines), "pdf")
    assert doc.text == LINE * 12 + "教育方针。"
    assert_mapped(doc)


def test_traditional_text_becomes_simplified() -> None:
    assert norm("廣西壯族自治區人民政府關於印發教育提升三年行動計劃的通知") == (
        "广西壮族自治区人民政府关于印发教育提升三年行动计划的通知"
    )


def test_frequent_traditional_chars_are_all_changed_by_opencc() -> None:
    import opencc

    from planwatch.ingest.simplify import TRADITIONAL

    converter = opencc.OpenCC("t2s")
    assert [c for c in sorted(TRADITIONAL) if converter.convert(c) == c] == []


def test_simplified_text_quoting_one_traditional_char_is_left_alone() -> None:
    source = "学前教育毛入园率达到百分之九十以上，" * 8 + "（原文作「發」）"
    assert norm(source) == source


def test_control_characters_are_dropped_and_mapped_around() -> None:
    src = normalize("t.txt", "学前\x02教育毛入园率达到92%\x7f。")
    assert src.text == "学前教育毛入园率达到92%。"
    assert_mapped(src)


def test_tab_indented_paragraphs_lose_their_indentation() -> None:
    paragraphs = [
        "一、总体要求",
        "为贯彻落实上级部署，推进全县教育优质均衡发展，结合本县实际，制定本方案。",
        "二、主要目标",
        "到2025年，全县学前教育毛入园率达到92%以上，九年义务教育巩固率达到97%。",
        "三、主要任务",
        "新建公办幼儿园8所，改扩建乡镇中心幼儿园12所，新增学位3600个以上。",
    ]
    src = normalize("t.txt", "\n".join("\t" + p for p in paragraphs))
    assert src.text.split("\n") == paragraphs
    assert_mapped(src)


def test_word_table_cell_lines_keep_their_tabs() -> None:
    table = "\t学段\n\t学校名称\n\t学位\n\n\t小学\n\t第一小学\n\t1350\n\n\t\n\t第二小学\n\t900\n"
    assert "\t第一小学" in normalize("t.txt", "专栏1 建设规划表\n" + table).text


def test_table_rows_of_tab_cells_are_never_joined_to_the_paragraph_above() -> None:
    rows = ["序号\t项目名称\t新增学位（个）", "1\t第一小学\t2160", "2\t第二小学\t2700"]
    lines = [LINE] * 12 + ["专栏  2019—2021年城区学校建设项目", *rows]
    text = norm("\n\n".join(lines[:13]) + "\n" + "\n".join(lines[13:]))
    assert text.endswith("专栏  2019—2021年城区学校建设项目\n" + "\n".join(rows))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("培训不少於(yú)72學(xué)時。", "培训不少于72学时。", id="unit"),
        pytest.param("持证上岗率達(dá)到100%。", "持证上岗率达到100%。", id="relation-word"),
        pytest.param("骨幹（gàn）教师500名", "骨干教师500名", id="fullwidth-brackets"),
        pytest.param("建设(a)类学校(B)", "建设（a）类学校（B）", id="plain-letters-stay"),
    ],
)
def test_pinyin_inserted_after_characters_is_dropped_but_mapped(source: str, expected: str) -> None:
    doc = normalize("t.html", source)
    assert doc.text == expected
    assert_mapped(doc)
    if "學" in source:
        start = doc.text.index("72")
        span = doc.to_source(start, start + 4)
        assert source[span.start : span.end] == "72學(xué)時"


def test_a_keywords_line_and_an_ad_line_at_the_top_are_dropped() -> None:
    source = (
        "某市规划发布\n\n关键词：十四五；8万个学位\n【温馨提示】下载全文需支付5元\n\n"
        "正文新增学位8万个。\n"
    )
    assert norm(source) == "某市规划发布\n\n正文新增学位8万个。"


def test_related_links_at_the_end_of_a_page_are_dropped() -> None:
    source = "正文新增学位8万个。\n\n相关链接\n\n图解：我市将新增学位2万个\n"
    assert norm(source) == "正文新增学位8万个。"
