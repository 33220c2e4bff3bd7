"""Word, HTML and PDF files of one sample plan read to the same normalized paragraphs.

Word tables and HTML tables become TAB-prefixed cell lines with a blank line between
rows; HTML keeps only visible body text (no script/style/nav/footer) with offsets into
the markup; PDF text comes from the text layer. Every offset maps back to its source.
"""

from __future__ import annotations

from pathlib import Path

from hostile.files import AFTER_TABLE, PARAGRAPHS, TABLE, make_docx, make_pdf, sample_html
from hostile.mapping import assert_mapped
from planwatch.ingest import read_source

TABLE_LINES = "\n\n".join("\n".join("\t" + cell for cell in row) for row in TABLE)


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def test_docx_paragraphs_and_table_in_document_order(tmp_path: Path) -> None:
    doc = read_source(make_docx(tmp_path / "plan.docx"))
    assert doc.fmt == "docx"
    assert lines_of(doc.text)[: len(PARAGRAPHS)] == PARAGRAPHS
    assert f"{PARAGRAPHS[-1]}\n\n{TABLE_LINES}\n\n{AFTER_TABLE}" in doc.text
    assert_mapped(doc)


def test_html_visible_text_only_with_table_cells_as_tab_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(sample_html(), encoding="utf-8")
    doc = read_source(path)
    assert doc.fmt == "html"
    assert doc.source == sample_html()
    for paragraph in PARAGRAPHS:
        assert paragraph in lines_of(doc.text)
    assert TABLE_LINES in doc.text
    assert f"{AFTER_TABLE}\n第二行" in doc.text
    assert "经费&保障：人均5000元。" in doc.text
    for hidden in ("样式", "脚本", "不要", "导航", "页脚", "color", "某市教育\n"):
        assert hidden not in doc.text
    assert_mapped(doc, markup=True)


def test_html_offsets_point_at_the_paragraph_in_the_markup(tmp_path: Path) -> None:
    path = tmp_path / "plan.htm"
    path.write_text(sample_html(), encoding="utf-8")
    doc = read_source(path)
    start = doc.text.index(PARAGRAPHS[2])
    span = doc.to_source(start, start + len(PARAGRAPHS[2]))
    assert doc.source[span.start : span.end] == PARAGRAPHS[2]


def test_html_sniffed_from_a_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(sample_html(), encoding="utf-8")
    doc = read_source(path)
    assert doc.fmt == "html"
    assert "脚本" not in doc.text


def test_pdf_text_layer_gives_the_same_paragraphs(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "plan.pdf", PARAGRAPHS, tmp_path)
    doc = read_source(path)
    assert doc.fmt == "pdf"
    assert lines_of(doc.text) == PARAGRAPHS
    assert_mapped(doc)


def test_docx_named_txt_is_read_as_word(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "plan.docx").rename(tmp_path / "plan.txt")
    doc = read_source(path)
    assert doc.fmt == "docx"
    assert PARAGRAPHS[2] in doc.text


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "plan.pdf", PARAGRAPHS, tmp_path).rename(tmp_path / "plan.docx")
    doc = read_source(path)
    assert doc.fmt == "pdf"
    assert PARAGRAPHS[2] in doc.text


def test_html_site_navigation_by_class_is_not_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><body><div class="nav"><a>首页</a> | <a>政务公开</a><div>栏目</div>站内</div>'
        '<div class="article"><h1>某市学前教育行动计划</h1><p>新建30所幼儿园。</p></div>'
        '<div id="footer">版权所有</div></body></html>',
        encoding="utf-8",
    )
    src = read_source(page)
    assert src.text.split() == ["某市学前教育行动计划", "新建30所幼儿园。"]
    assert_mapped(src, markup=True)


def test_docx_vertically_merged_cell_is_read_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, (school, year) in enumerate(
        [("学校", "年份"), ("一小", "2023"), ("二小", "2024"), ("三小", "2025")]
    ):
        table.cell(r, 0).text = school
        table.cell(r, 2).text = year
    table.cell(0, 1).text = "学位"
    merged = table.cell(1, 1).merge(table.cell(3, 1))
    merged.text = "360"
    path = tmp_path / "v.docx"
    document.save(str(path))
    text = read_source(path).text
    assert text.count("360") == 1
    assert "\t三小\n\t\n\t2025" in text
