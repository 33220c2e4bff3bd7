"""The offset map: every normalized character maps to the source character it came from.

``offsets`` has len(text) + 1 entries, never decreases, ends at len(source), and each
text char is its source char or that char normalized (half-width, simplified, full-width
punctuation); the check runs on named cases, on files in each encoding, and on any text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile.mapping import assert_mapped
from planwatch.ingest import normalize, read_source

# A plan page as PDF extraction leaves it: each visual line followed by a blank line,
# a paragraph running over lines, a number parted from its unit ("160" / "所").
PDF_LINES = [
    "为贯彻落实自治区党委、自治区人民政府关于实施科教振兴",
    "战略的有关部署，着力补齐广西教育发展短板，促进教育高质量",
    "发展，加快推进教育现代化，办好人民满意的教育，新建公办160",
    "所幼儿园，到2023年学前教育毛入园率达92.4%，九年义务教育",
    "巩固率达96.6%，高中阶段毛入学率达92.4%，高等教育毛入学率",
    "达53%，各级各类教育实现普及，教育布局结构进一步优化，教育",
    "治理能力进一步提升。",
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党",
    "的十九大和十九届二中、三中、四中、五中全会精神，加强党对教",
    "育工作的全面领导，全面贯彻党的教育方针，落实立德树人根本任",
    "务，坚持教育优先发展，着力促进公平、提高质量，补齐短板、优",
    "化结构，深化改革、激发活力，积极服务和融入新发展格局，为实",
    "现教育现代化奋斗目标夯实基础。",
]

CASES = [
    pytest.param("达到９２.４％", "达到92.4%", id="fullwidth-digits"),
    pytest.param(
        "學前教育毛入園率達到９０％以上。", "学前教育毛入园率达到90%以上。", id="traditional"
    ),
    pytest.param(
        "\n\n".join(PDF_LINES) + "\n",
        "".join(PDF_LINES[:7]) + "\n\n" + "".join(PDF_LINES[7:]),
        id="pdf-line-break",
    ),
    pytest.param(
        "第一段。\n\n— 20 —\n\n第二段。\n- 3 -\n第 4 页\n",
        "第一段。\n\n第二段。",
        id="page-numbers",
    ),
    pytest.param(
        " 广 西 壮 族 自 治 区\n\n人民政府文件", "广西壮族自治区\n\n人民政府文件", id="letterhead"
    ),
    pytest.param("桂政发〔2021〕34 号", "桂政发〔2021〕34号", id="digit-space-cjk"),
    pytest.param("合作(PPP)模式,发展", "合作（PPP）模式，发展", id="ascii-punct-beside-cjk"),
    pytest.param(
        "时间 11:05，数量 1,400 所", "时间11:05，数量1,400所", id="colon-comma-between-digits"
    ),
    pytest.param("第一行\r\n第二行\r\n", "第一行\n第二行", id="crlf"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_named_case_normalizes_and_maps_back(source: str, expected: str) -> None:
    doc = normalize("case.txt", source)
    assert doc.text == expected
    assert_mapped(doc)


def test_pdf_line_break_maps_160_suo_back_to_the_broken_source() -> None:
    source = "\n\n".join(PDF_LINES)
    doc = normalize("case.txt", source)
    start = doc.text.index("160所")
    span = doc.to_source(start, start + 4)
    assert source[span.start : span.end] == "160\n\n所"


def test_html_entity_maps_to_its_ampersand() -> None:
    markup = "<html><body><p>经费&amp;保障&#12290;人均&nbsp;5000元</p></body></html>"
    doc = normalize("page.html", markup, "html")
    assert doc.text == "经费&保障。人均5000元"
    amp = doc.offsets[doc.text.index("&")]
    assert markup[amp : amp + 5] == "&amp;"
    stop = doc.offsets[doc.text.index("。")]
    assert markup[stop : stop + 8] == "&#12290;"
    assert_mapped(doc, markup=True)


PLAN = "学前教育毛入园率达到９２.４％，新建公办幼儿园１５０所。\n（一）扩大普惠性资源。\n"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        pytest.param("gb18030", PLAN.encode("gbk"), id="gbk-file"),
        pytest.param(
            "big5",
            "學前教育毛入園率達到９２.４％，新建公辦幼兒園１５０所。\n".encode("big5"),
            id="big5-file",
        ),
        pytest.param("utf-16-le", b"\xff\xfe" + PLAN.encode("utf-16-le"), id="utf16-file"),
        pytest.param("utf-16-be", b"\xfe\xff" + PLAN.encode("utf-16-be"), id="utf16be-file"),
        pytest.param("utf-8", b"\xef\xbb\xbf" + PLAN.encode("utf-8"), id="utf8-bom"),
    ],
)
def test_encoded_file_decodes_and_offsets_point_into_decoded_text(
    tmp_path: Path, encoding: str, data: bytes
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    doc = read_source(path)
    assert doc.encoding == encoding
    assert "学前教育毛入园率达到92.4%，新建公办幼儿园150所。" in doc.text
    assert not doc.source.startswith("\ufeff")
    assert_mapped(doc)


TEXT_ALPHABET = st.sampled_from(
    list("教育规划达到所年号學園達發劃０１２９％．＋－～　ＡＢａｂ")
    + list("0123456789.%-—–()（）,;:，。；：、“”《》〔〕<>&#")
    + list(" \t\n\n\r\u200b\xa0")
    + ["— 3 —", "第 2 页", "广 西 壮 族", "版权所有", "<div>", "&amp;", "&#12290;", "&#0;"]
    + ["<![foo]>", "<!--", "-->", "<td>", "</tr>", "<br/>", "<script>", "</p>", "<pre>", "&"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT_ALPHABET, max_size=80).map("".join))
def test_any_text_keeps_a_complete_non_decreasing_map(source: str) -> None:
    doc = normalize("any.txt", source)
    assert len(doc.offsets) == len(doc.text) + 1
    assert doc.offsets[-1] == len(source)
    assert_mapped(doc)


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT_ALPHABET, max_size=60).map("".join))
def test_any_markup_keeps_a_complete_non_decreasing_map(body: str) -> None:
    markup = f"<html><body><p>{body}</p><table><tr><td>{body}</td></tr></table></body></html>"
    doc = normalize("any.html", markup, "html")
    assert len(doc.offsets) == len(doc.text) + 1
    assert_mapped(doc, markup=True)
