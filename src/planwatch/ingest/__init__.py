"""ingest stage: a file becomes a SourceText with its offset map.

``read_source(path)`` reads .txt/.md/.html/.docx/.pdf (sniffed by magic bytes, so a
file with the wrong extension is read as what it is); ``normalize(name, source, fmt)``
does the same for text already decoded. Every failure is an ``UnreadableFile``.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import UnreadableFile
from planwatch.ingest.decode import decode_text, looks_like_html, read_bytes, sniff
from planwatch.ingest.textnorm import normalize
from planwatch.records import SourceText

__all__ = ["MAX_CHARS", "normalize", "read_source"]

# The offset map costs about 40 bytes per character: past 8 M characters (four times the
# longest plans) a file is refused rather than risking the memory of the machine.
MAX_CHARS = 8_000_000

_REFUSED = {
    "ole": "旧版 Word（.doc）或 Excel（.xls）格式不支持，请另存为 .docx 后再导入",
    "image": "这是图片文件，不是文本；请先做文字识别（OCR）",
    "bad-docx": "不是有效的 Word（.docx）文件（文件已损坏或扩展名不对）",
    "bad-pdf": "不是有效的 PDF 文件（文件已损坏或扩展名不对）",
}


def read_source(path: Path) -> SourceText:
    """Read a plan file into a SourceText; raises UnreadableFile naming the file and reason."""
    path = Path(path)
    raw = read_bytes(path)
    fmt = sniff(raw, path.suffix.lower())
    if fmt in _REFUSED:
        raise UnreadableFile(path, _REFUSED[fmt])
    encoding = "utf-8"
    if fmt == "docx":
        from planwatch.ingest.formats import docx_text

        source = docx_text(path, raw)
    elif fmt == "pdf":
        from planwatch.ingest.formats import pdf_text

        source = pdf_text(path, raw)
    else:
        source, encoding = decode_text(path, raw)
        if fmt == "txt" and looks_like_html(source):
            fmt = "html"
    if len(source) > MAX_CHARS:
        raise UnreadableFile(
            path, f"文本过长（{len(source) // 10000} 万字，上限 800 万字），请确认文件是否正确"
        )
    try:
        result = normalize(path.name, source, fmt)
    except RecursionError as exc:  # pathological nesting in markup
        raise UnreadableFile(path, "文件结构异常，无法读取") from exc
    if not result.text.strip():
        raise UnreadableFile(path, "文件没有可读的文字内容")
    result.encoding = encoding
    return result
