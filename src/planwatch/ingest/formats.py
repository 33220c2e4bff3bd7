"""Word (.docx) and PDF files to plain source text; tables flattened to TAB-prefixed lines.

A Word table becomes one line per cell, ``"\\t单元格"``, rows separated by a blank
line, with a blank line before and after the table — the convention of Word tables
flattened to text (seed 004), so one table parser reads both.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from planwatch.errors import UnreadableFile

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000


def check_zip(path: Path, raw: bytes) -> None:
    """Reject zip bombs and non-Word zips before parsing, by the members' declared sizes."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(path, "Word 文件已损坏或不完整（无法打开压缩包）") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise UnreadableFile(path, "这是 Excel 表格，不是规划文本（请作为进度数据导入）")
        raise UnreadableFile(path, "压缩包里没有 Word 正文（不是 .docx 文件）")
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(path, "Word 文件结构异常（压缩包成员过多）")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED:
        raise UnreadableFile(
            path, f"Word 文件解压后过大（{total // 1024 // 1024} MB），疑似压缩炸弹"
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(path, f"Word 文件压缩比异常（{info.filename}），疑似压缩炸弹")


def docx_text(path: Path, raw: bytes) -> str:
    """Body paragraphs and tables of a .docx in document order, tables flattened."""
    check_zip(path, raw)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, document)))
    except UnreadableFile:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on broken files
        raise UnreadableFile(path, f"Word 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    return "\n".join(lines)


def _table_lines(table: Any) -> list[str]:
    """A table as TAB-prefixed cell lines, rows separated by blank lines."""
    lines = [""]
    above: list[Any] = []
    for row in table.rows:
        cells = row.cells
        previous = None
        for column, cell in enumerate(cells):
            if cell._tc is previous:  # a horizontally merged cell repeats
                continue
            previous = cell._tc
            if column < len(above) and cell._tc is above[column]:
                lines.append("\t")  # a vertically merged cell: empty, as Word shows it
                continue
            text = " ".join(part.strip() for part in cell.text.splitlines() if part.strip())
            lines.append("\t" + text)
        above = [cell._tc for cell in cells]
        lines.append("")
    return lines


def pdf_text(path: Path, raw: bytes) -> str:
    """The text layer of a PDF, pages joined by newlines."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(path, "PDF 文件已加密，请先解除密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises many types on broken or encrypted files
        reason = (
            "PDF 文件已加密，无法读取" if "crypt" in str(exc).lower() else "PDF 文件已损坏或不完整"
        )
        raise UnreadableFile(path, f"{reason}（{type(exc).__name__}）") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableFile(path, "PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）")
    return text
