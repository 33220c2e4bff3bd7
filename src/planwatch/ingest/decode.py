"""Bytes to text: size limits, magic-byte sniffing and charset detection for Chinese plans."""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from planwatch.errors import UnreadableFile, os_reason

MB = 1024 * 1024
MAX_FILE_BYTES = 64 * MB
# A plan's text is rarely over 2 MB; a bigger text file is rejected rather than mapped
# char by char (the offset map of 16 M chars would cost over 1 GB of memory).
MAX_TEXT_BYTES = 16 * MB
NOT_TEXT = "不是可识别的文本文件（含有二进制内容或无法识别的编码）"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE_ENCODINGS = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or UnreadableFile naming why they cannot be read.

    Only a regular file is read (a device, a pipe or a socket tells nothing of its size and
    may never end), and never beyond the size limit (``limit`` bytes), whatever ``stat()``
    said.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(path, "这是一个目录，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "不是普通文件（设备、管道或套接字），不读取")
        if info.st_size > limit:
            shown = f"{info.st_size / MB:.1f} MB，上限 {limit // MB} MB"
            raise UnreadableFile(path, f"文件过大（{shown}）")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            raise UnreadableFile(path, f"文件过大（读取中超过上限 {limit // MB} MB）")
    except FileNotFoundError as exc:
        raise UnreadableFile(path, "文件不存在") from exc
    except PermissionError as exc:
        raise UnreadableFile(path, "没有读取这个文件的权限") from exc
    except OSError as exc:
        raise UnreadableFile(path, f"无法读取文件（{os_reason(exc)}）") from exc
    if not raw:
        raise UnreadableFile(path, "文件为空")
    return raw


def sniff(raw: bytes, suffix: str) -> str:
    """The format by magic bytes first, then by extension: txt, md, html, docx, pdf."""
    head = raw[:1024]
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if raw.startswith(_IMAGES) or raw[8:12] == b"WEBP":
        return "image"
    if suffix in {".docx", ".pdf"}:
        return "bad-" + suffix[1:]
    if suffix in {".html", ".htm", ".xhtml"}:
        return "html"
    if suffix == ".md":
        return "md"
    return "txt"


def looks_like_html(text: str) -> bool:
    """A text that opens as an HTML page (doctype or <html>)."""
    start = text[:512].lstrip().lower()
    return start.startswith(("<!doctype html", "<html"))


def decode_text(path: Path, raw: bytes, limit: int | None = None) -> tuple[str, str]:
    """Decode a text file: BOM, strict UTF-8, else a Chinese encoding; returns (text, encoding).
    A plan's text is refused beyond MAX_TEXT_BYTES; a data file gives its own ``limit``."""
    if limit is not None and len(raw) > limit:
        shown = f"{len(raw) / MB:.1f} MB，上限 {limit // MB} MB"
        raise UnreadableFile(path, f"数据文件过大（{shown}），请按地区或年份拆分后导入")
    if limit is None and len(raw) > MAX_TEXT_BYTES:
        raise UnreadableFile(
            path,
            f"文本文件过大（{len(raw) / MB:.1f} MB，文本上限 16 MB）：一份规划的文本通常不到 2 MB，"
            "请确认文件是否正确或拆分后再导入",
        )
    text, encoding = _decode(raw)
    if text is None or _is_binary(text):
        raise UnreadableFile(path, NOT_TEXT)
    return text, encoding


def _decode(raw: bytes) -> tuple[str | None, str]:
    """The decoded text and encoding name, or (None, "") when nothing fits."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(name.removesuffix("-sig")), name.replace("-sig", "")
            except UnicodeDecodeError:
                return None, ""
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        return None, ""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess_chinese(raw)


def _utf16_without_bom(raw: bytes) -> str:
    """utf-16-le/be when the NUL bytes (high bytes of ASCII) sit on one parity only, else ""."""
    sample = raw[:65536]
    if len(sample) < 4 or len(raw) % 2:
        return ""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd < max(2, len(sample) // 200):
        return ""
    if odd >= 0.75 * (even + odd):  # CJK chars U+xx00 put some NULs on the other side
        return "utf-16-le"
    if even >= 0.75 * (even + odd):
        return "utf-16-be"
    return ""


def _guess_chinese(raw: bytes) -> tuple[str | None, str]:
    """charset-normalizer restricted to Chinese encodings; mostly-UTF-8 wins if nearly clean."""
    loose = raw.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if bad * 1000 <= len(loose) and len(loose) - bad > len(raw) / 3.2:
        return loose, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None:
        return None, ""
    name = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}.get(best.encoding, best.encoding)
    try:
        return raw.decode(name), name
    except UnicodeDecodeError:
        text = raw.decode(name, errors="replace")
        if text.count("\ufffd") * 1000 > len(text):
            return None, ""
        return text, name


def _is_binary(text: str) -> bool:
    """Text that is mostly control characters or replacement marks."""
    if not text.strip():
        return "\x00" in text
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)
