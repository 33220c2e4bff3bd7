"""A report as a Word document laid out as GB/T 9704-2012 (党政机关公文格式) lays out a 公文.

- A4; type area 156 mm × 225 mm: top margin 37 mm, left 28 mm (right 26 mm, bottom 35 mm);
  22 lines of 28 characters: a line grid of 22 lines (28.95 pt, every body line exactly
  that), and 28 characters of 16 pt to a 156 mm line by condensing each by 0.25 pt (a
  character grid would do the same in Word but spreads the characters in LibreOffice);
- title in 方正小标宋简体 二号 (22 pt) — the font table names 黑体 as its alternate, which Word
  and WPS use where the former is not installed; headings 一、 in 黑体 and （一） in
  楷体_GB2312, body in 仿宋_GB2312 三号 (16 pt), each font table entry with its plain
  alternate (楷体, 仿宋);
- page numbers in 4号 (14 pt) 宋体 as — 1 —, at the bottom, on the outer side: odd pages to
  the right and even pages to the left, one character in from the edge of the type area;
- bordered tables of fixed column widths whose header row repeats on every page and whose
  rows do not break across pages (the tables are written as WordprocessingML directly:
  python-docx's cell-by-cell API takes minutes for thousands of rows);
- charts as PNG images (``charts``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import plain
from planwatch.present.report import charts
from planwatch.present.report.layout import (
    STATUS_COLOURS,
    Chart,
    Heading,
    Layout,
    Paragraph,
    Table,
)

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "黑体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
FALLBACKS = {TITLE_FONT: TITLE_FALLBACK, "楷体_GB2312": "楷体", BODY_FONT: "仿宋"}
BODY_PT, TITLE_PT, TABLE_PT, COMPACT_PT, NOTE_PT, PAGE_NUMBER_PT = 16, 22, 10.5, 9, 14, 14
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
CONDENSE_TWENTIETHS = -5  # 28 × (16 − 0.25) pt = 441 pt ≤ 156 mm (442.2 pt): 28 to a line
TWIPS_PER_MM = 1440 / 25.4
HEADER_FILL = "D9D9D9"
# Characters XML 1.0 forbids (a PDF's \x01, a stray \x0c): dropped from every text.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Paragraph style ids (ASCII, as Word's own are) and their Chinese names.
STYLES = {
    "PWTitle": "公文标题",
    "PWSubtitle": "公文副标题",
    "PWTableText": "表格文字",
    "PWTableCompact": "表格文字（小）",
    "PWTableHeader": "表格表头",
    "PWFigure": "图",
    "PWCaption": "图题",
    "PWNote": "说明",
}


def xml_text(value: Any) -> str:
    """A cell's or paragraph's text, safe inside a WordprocessingML element."""
    return escape(_ILLEGAL_XML.sub("", str(plain(value))))


def write_docx(layout: Layout, path: Path) -> list[str]:
    """Write the layout as a .docx; returns notes for the user (a missing CJK font)."""
    from docx import Document

    document = Document()
    _page_setup(document)
    _styles(document)
    _font_table(document)
    _page_numbers(document)
    document.core_properties.title = layout.title
    document.core_properties.author = "规划监测（PlanWatch）"
    document.add_paragraph(layout.title, style=STYLES["PWTitle"])
    document.add_paragraph(layout.subtitle, style=STYLES["PWSubtitle"])
    for block in layout.blocks:
        _block(document, block)
    try:
        document.save(str(path))
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc
    return [] if charts.cjk_font() or not layout.charts() else [charts.FONT_MISSING]


def _block(document: Any, block: Any) -> None:
    if isinstance(block, Heading):
        paragraph = document.add_paragraph(block.text, style=f"Heading {block.level}")
        paragraph.paragraph_format.page_break_before = block.new_page
    elif isinstance(block, Paragraph):
        document.add_paragraph(block.text, style=STYLES["PWNote"] if block.note else None)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        _chart(document, block)


# --- page, styles, fonts --------------------------------------------------------------------


def _page_setup(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    sect.append(grid)


def set_fonts(rpr_owner: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """A style's (or run's) fonts: East Asian text in ``east_asia``, Latin in ``latin``;
    the theme fonts the default template names are dropped so that these hold."""
    from docx.oxml.ns import qn

    rpr = rpr_owner.element.get_or_add_rPr() if hasattr(rpr_owner, "element") else rpr_owner
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _spacing(style: Any, twentieths: int) -> None:
    """The style's character spacing (w:spacing of its run properties), in 1/20 pt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    rpr.append(spacing)


def _no_grid(style: Any) -> None:
    """Lines of this style keep their own spacing instead of the 28.95 pt grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.append(snap)


def _paragraph_style(  # noqa: PLR0913 - one keyword per property of a 公文 style
    document: Any,
    style_id: str,
    font: str,
    size: float,
    align: str = "left",
    line: float | None = None,
    indent: bool = False,
    grid: bool = True,
) -> Any:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    style = document.styles.add_style(STYLES[style_id], WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    set_fonts(style, font)
    fmt = style.paragraph_format
    fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(line), WD_LINE_SPACING.EXACTLY
    if not grid:
        _no_grid(style)
    if size != BODY_PT:
        _spacing(style, 0)
    return style


def _styles(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    body_line = LINE_PITCH_TWIPS / 20
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal, BODY_FONT)
    _spacing(normal, CONDENSE_TWENTIETHS)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.line_spacing_rule = Pt(body_line), WD_LINE_SPACING.EXACTLY
    fmt.first_line_indent = Pt(BODY_PT * 2)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level, font in HEADING_FONTS.items():
        heading = document.styles[f"Heading {level}"]
        set_fonts(heading, font)
        heading.font.size = Pt(BODY_PT)
        heading.font.bold = heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        hfmt = heading.paragraph_format
        hfmt.space_before = hfmt.space_after = Pt(0)
        hfmt.first_line_indent = Pt(BODY_PT * 2)
        hfmt.line_spacing, hfmt.line_spacing_rule = Pt(body_line), WD_LINE_SPACING.EXACTLY
        hfmt.keep_with_next = True
    _paragraph_style(document, "PWTitle", TITLE_FONT, TITLE_PT, "center", line=36)
    _paragraph_style(document, "PWSubtitle", "楷体_GB2312", BODY_PT, "center", line=body_line)
    _paragraph_style(document, "PWTableText", BODY_FONT, TABLE_PT, grid=False)
    _paragraph_style(document, "PWTableCompact", BODY_FONT, COMPACT_PT, grid=False)
    _paragraph_style(document, "PWTableHeader", "黑体", TABLE_PT, "center", grid=False)
    _paragraph_style(document, "PWFigure", BODY_FONT, BODY_PT, "center", grid=False)
    _paragraph_style(document, "PWCaption", BODY_FONT, NOTE_PT, "center", line=24, grid=False)
    _paragraph_style(document, "PWNote", BODY_FONT, NOTE_PT, line=24, indent=True, grid=False)


def _font_table(document: Any) -> None:
    """Name each Chinese font's plain alternate (方正小标宋简体 → 黑体) in the font table."""
    from lxml import etree

    part = next(
        p for p in document.part.package.iter_parts() if p.partname.endswith("fontTable.xml")
    )
    root = etree.fromstring(part.blob)
    ns = root.nsmap["w"]
    for name, alternate in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
        etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alternate})
        etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})
        etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": "auto"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(document: Any) -> None:
    """— 1 — in 4号 宋体 at the foot: right on odd pages, left on even, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        side = Pt(PAGE_NUMBER_PT)
        fmt.right_indent, fmt.left_indent = (
            (side, Pt(0)) if align == WD_ALIGN_PARAGRAPH.RIGHT else (Pt(0), side)
        )
        _page_number_runs(paragraph)


def _page_number_runs(paragraph: Any) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{PAGE_NUMBER_FONT}" w:hAnsi="{PAGE_NUMBER_FONT}" '
        f'w:eastAsia="{PAGE_NUMBER_FONT}"/><w:sz w:val="{PAGE_NUMBER_PT * 2}"/>'
        f'<w:szCs w:val="{PAGE_NUMBER_PT * 2}"/></w:rPr>'
    )
    runs = (
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r>{rpr}<w:t>1</w:t></w:r>",
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>',
    )
    for run in runs:
        paragraph._p.append(parse_xml(run.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


# --- tables and charts ----------------------------------------------------------------------

_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


NARROW_TWIPS = round(25 * TWIPS_PER_MM)  # in a narrower cell a figure's period has its line


def _figure_lines(text: str) -> str:
    """94.67%（2020） as 94.67% over （2020） in a narrow cell (XML-escaped text in)."""
    at = text.find("（")
    if at <= 0:
        return text
    return f'{text[:at]}</w:t><w:br/><w:t xml:space="preserve">{text[at:]}'


def _cell(text: str, width: int, style: str, extra: str = "", run: str = "") -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}'
        f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r>{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    )


def table_xml(table: Table) -> str:
    """The table as WordprocessingML: fixed widths scaled to the type area, borders, a
    header row that repeats on each page, rows kept whole, status cells coloured."""
    from docx.oxml.ns import nsdecls

    scale = 156 / max(156, sum(table.widths))
    widths = [_twips(w * scale) for w in table.widths]
    borders = "".join(
        _BORDER.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        *(
            _cell(
                xml_text(c.header),
                w,
                "PWTableHeader",
                f'<w:shd w:val="clear" w:fill="{HEADER_FILL}"/>',
            )
            for c, w in zip(table.columns, widths, strict=True)
        ),
        "</w:tr>",
    ]
    parts += _rows(table, widths)
    parts.append("</w:tbl>")
    return "".join(parts)


def _rows(table: Table, widths: Sequence[int]) -> list[str]:
    style = "PWTableCompact" if table.compact else "PWTableText"
    total = sum(widths)
    span = len(widths)
    out: list[str] = []
    heading = ""
    for row in table.rows:
        sub = table.subhead(row) if table.subhead else ""
        if sub and sub != heading:
            grid = f'<w:gridSpan w:val="{span}"/><w:shd w:val="clear" w:fill="F2F2F2"/>'
            cell = _cell(xml_text(sub), total, "PWTableText", grid, "<w:rPr><w:b/></w:rPr>")
            out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>")
        heading = sub
        status = table.status(row) if table.status else None
        cells = []
        for column, width in zip(table.columns, widths, strict=True):
            extra = run = ""
            if status and column.key == "status_label" and status in STATUS_COLOURS:
                fill, colour, _chart = STATUS_COLOURS[status]
                extra = f'<w:shd w:val="clear" w:fill="{fill}"/>'
                run = f'<w:rPr><w:color w:val="{colour}"/></w:rPr>'
            text = xml_text(column.cell(row))
            if width < NARROW_TWIPS and not column.wide:
                text = _figure_lines(text)
            cells.append(_cell(text, width, style, extra, run))
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    return out


def _table(document: Any, table: Table) -> None:
    from docx.oxml import parse_xml

    body = document.element.body
    body.sectPr.addprevious(parse_xml(table_xml(table)))
    document.add_paragraph("", style=STYLES["PWNote"])  # a table never touches what follows


def _chart(document: Any, chart: Chart) -> None:
    from docx.shared import Mm

    png = charts.status_png(chart.counts) if chart.kind == "status" else None
    if chart.kind == "trend" and chart.trend is not None:
        png = charts.trend_png(chart.trend)
    if png is None:
        return
    picture = document.add_paragraph(style=STYLES["PWFigure"])
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(png), width=Mm(charts.WIDTH_MM))
    document.add_paragraph(f"图{chart.number}　{chart.caption}", style=STYLES["PWCaption"])
