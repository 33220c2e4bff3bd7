"""The seed plans read through ingest: PDF breaks re-joined, web junk dropped, tables kept.

Seed 000 is PDF-extracted (every line followed by a blank line), 003 is a traditional
web page saved as text, 004 holds Word tables flattened to TAB-prefixed lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.mapping import assert_mapped
from planwatch.ingest import read_source

pytestmark = pytest.mark.seeds


def test_every_seed_keeps_a_complete_map(seeds: dict[str, Path]) -> None:
    for path in seeds.values():
        doc = read_source(path)
        assert doc.text
        assert_mapped(doc)


def test_seed_000_pdf_breaks_are_rejoined(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["000"])
    start = doc.text.index("160所")
    span = doc.to_source(start, start + 4)
    assert doc.source[span.start : span.end] == "160\n\n所"
    assert "为贯彻落实自治区党委、自治区人民政府关于实施科教振兴战略的有关部署" in doc.text


def test_seed_000_doc_number_loses_the_space_before_hao(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["000"])
    assert "34 号" in doc.source
    assert "桂政发〔2021〕34号" in doc.text


def test_seed_000_letterhead_and_page_numbers(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["000"])
    assert doc.text.startswith("广西壮族自治区\n")
    assert "— 20 —" in doc.source
    assert "— 20 —" not in doc.text
    assert "学习支持、监测评价" in doc.text  # the paragraph runs across the page break


def test_seed_000_numbered_task_paragraphs_are_rejoined(seeds: dict[str, Path]) -> None:
    text = read_source(seeds["000"]).text
    assert "1.继续扩大普惠性学前教育资源。以县（市、区）为单位，按公办幼儿园在园幼儿占比" in text
    assert "建设600门高校“课程思政示范课程”。" in text


def test_seed_000_headings_stay_on_their_own_lines(seeds: dict[str, Path]) -> None:
    lines = read_source(seeds["000"]).text.split("\n")
    assert "一、总体要求" in lines
    assert "（一）指导思想。" in lines


def test_seed_003_is_simplified_without_tags_or_footer(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["003"])
    assert "廣西" in doc.source
    assert doc.text.startswith("广西教育提升三年行动计划（2018—2020年）")
    assert "广西壮族自治区人民政府关于印发" in doc.text
    assert "桂政发〔2018〕5号" in doc.text
    for junk in ("<", "发表时间", "版权所有", "Copyright", "邮编", "成 人"):
        assert junk not in doc.text
    assert doc.text.endswith("创造良好的舆论环境和社会氛围。")


def test_seed_004_table_cells_stay_tab_lines(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["004"])
    assert "\t专栏1  钦州市教育事业发展“十三五”主要目标完成情况\n\n\t指标\n\t2015年" in doc.text
    assert "\t学前三年毛入园率\n\t74%\n\t90%\n\t94.67%\n\n" in doc.text
    assert doc.text.count("\n\t") == doc.source.count("\n\t")


def test_seed_001_markdown_is_not_rejoined(seeds: dict[str, Path]) -> None:
    doc = read_source(seeds["001"])
    assert "# 南宁市人民政府办公厅\n" in doc.text
    assert "南府办函〔2018〕402号" in doc.text
