"""Builders for real test files: a sample plan as .docx/.html/.pdf, and broken or hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

TITLE = "某市教育事业发展三年行动计划（2024—2026年）"
PARAGRAPHS = [
    TITLE,
    "一、总体目标",
    "到2026年，学前教育毛入园率达到92.4%，新建公办幼儿园15所，新增学位3000个。",
    "二、主要任务",
    "（一）扩大普惠性学前教育资源。每个乡镇至少办好1所公办中心幼儿园。",
]
TABLE = [["指标", "2023年", "2026年"], ["学前教育毛入园率", "90%", "92.4%"]]
AFTER_TABLE = "三、保障措施"


def make_docx(path: Path) -> Path:
    """The sample plan as a Word file: paragraphs, a table, a paragraph after it."""
    import docx

    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, values in zip(table.rows, TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph(AFTER_TABLE)
    document.save(str(path))
    return path


def sample_html() -> str:
    """The sample plan as a web page with script, style, nav, footer junk and entities."""
    rows = "".join(
        "<tr>" + "".join(f"<td> {value} </td>" for value in row) + "</tr>\n" for row in TABLE
    )
    body = "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS[1:])
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>某市教育</title>\n"
        "<style>p { color: red; } /* 样式里的文字 */</style>\n"
        "<script>var s = '脚本里的文字 <p>不要</p>';</script></head>\n<body>\n"
        "<nav>首页 | 政务公开 | 导航里的文字</nav>\n"
        f"<h1>{TITLE}</h1>\n{body}\n"
        "<p>经费&amp;保障：人均&nbsp;5000元&#12290;</p>\n"
        f"<table>\n{rows}</table>\n"
        f"<div>{AFTER_TABLE}<br>第二行</div>\n"
        "<footer>版权所有 页脚里的文字</footer>\n</body></html>\n"
    )


def make_cjk_font(path: Path, chars: str) -> Path:
    """A tiny TrueType font with a box glyph for each char (so fpdf2 can write CJK text)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in sorted(set(chars)) if c != " "]
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "space":
            pen.moveTo((100, 0))
            pen.lineTo((100, 700))
            pen.lineTo((900, 700))
            pen.lineTo((900, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    cmap = {ord(c): f"uni{ord(c):04X}" for c in set(chars) if c != " "}
    cmap[32] = "space"
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "PlanWatchBoxes", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def make_pdf(path: Path, lines: list[str], font_dir: Path, password: str = "") -> Path:
    """A PDF with one text line per entry, written with a generated CJK box font."""
    from fpdf import FPDF

    font = make_cjk_font(font_dir / "boxes.ttf", "".join(lines))
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("boxes", fname=str(font))
    pdf.set_font("boxes", size=10)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


def zip_bomb(path: Path, size: int = 60 * 1024 * 1024) -> Path:
    """A .docx-shaped zip whose document.xml inflates a thousandfold (zeros)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    """A zip with the given members (an xlsx look-alike, a plain zip, a broken docx)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path
