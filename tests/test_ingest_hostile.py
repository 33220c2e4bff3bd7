"""Broken and hostile files: each bad one raises UnreadableFile naming the file, in Chinese.

No other exception type ever escapes read_source; good files hidden among them (other
encodings, wrong extensions, numbers only) decode. The files are made at test time.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.files import PARAGRAPHS, make_docx, make_pdf, zip_bomb, zip_with
from planwatch.errors import UnreadableFile
from planwatch.ingest import read_source

PLAN = "学前教育毛入园率达到92.4%，新建公办幼儿园150所。\n"
CJK = re.compile("[\u4e00-\u9fff]")


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return build


def _noise(tmp: Path) -> Path:
    path = tmp / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(20_000))
    return path


def _truncated_docx(tmp: Path) -> Path:
    data = make_docx(tmp / "whole.docx").read_bytes()
    return _write("truncated.docx", data[: len(data) // 2])(tmp)


def _truncated_pdf(tmp: Path) -> Path:
    data = make_pdf(tmp / "whole.pdf", PARAGRAPHS, tmp).read_bytes()
    return _write("truncated.pdf", data[: len(data) // 3])(tmp)


def _encrypted_pdf(tmp: Path) -> Path:
    return make_pdf(tmp / "encrypted.pdf", PARAGRAPHS, tmp, password="secret")


def _bad_xml_docx(tmp: Path) -> Path:
    return zip_with(
        tmp / "badxml.docx",
        {"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document><w:body>"},
    )


def _directory(tmp: Path) -> Path:
    path = tmp / "folder.txt"
    path.mkdir()
    return path


def _too_big(tmp: Path) -> Path:
    path = tmp / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(70 * 1024 * 1024)  # sparse: costs no disk
    return path


def _fifty_mb_text(tmp: Path) -> Path:
    path = tmp / "fifty.txt"
    line = (PLAN * 20).encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    return path


def _html_scripts(tmp: Path) -> Path:
    scripts = "<script>var a = '<p>脚本</p>';</script>" * 2000
    page = f"<html><body>{scripts}<style>p{{}}</style><p>{PLAN}</p>{scripts}<script>"
    return _write("scripts.html", page.encode("utf-8"))(tmp)


def _nested_html(tmp: Path) -> Path:
    page = "<html><body>" + "<div>" * 20000 + PLAN + "</div>" * 20000 + "</body></html>"
    return _write("nested.html", page.encode("utf-8"))(tmp)


def _invalid_utf8(tmp: Path) -> Path:
    data = (PLAN * 200).encode("utf-8")
    return _write("mixed.txt", data[:3000] + b"\xff\xfe\xc3" + data[3000:])(tmp)


BAD: list = [
    pytest.param(_write("empty.txt", b""), "文件为空", id="empty"),
    pytest.param(_noise, "不是可识别的文本文件", id="binary-noise"),
    pytest.param(_write("nul.txt", b"\0" * 4096), "不是可识别的文本文件", id="nul-filled"),
    pytest.param(_write("ctrl.txt", bytes(range(1, 9)) * 500), "不是可识别", id="control-chars"),
    pytest.param(_truncated_docx, "Word", id="truncated-docx"),
    pytest.param(_truncated_pdf, "PDF", id="truncated-pdf"),
    pytest.param(lambda t: zip_bomb(t / "bomb.docx"), "压缩炸弹", id="docx-zip-bomb"),
    pytest.param(_encrypted_pdf, "加密", id="encrypted-pdf"),
    pytest.param(
        _write("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 500), "图片", id="image-as-pdf"
    ),
    pytest.param(
        _write("scan.jpg.txt", b"\xff\xd8\xff\xe0" + b"\1" * 500), "图片", id="jpeg-as-txt"
    ),
    pytest.param(
        _write("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500), "旧版", id="ole-doc"
    ),
    pytest.param(_write("random.docx", b"not a zip at all, just words"), "Word", id="text-as-docx"),
    pytest.param(_write("random.pdf", b"plain words, not a pdf"), "PDF", id="text-as-pdf"),
    pytest.param(
        lambda t: zip_with(t / "sheet.docx", {"xl/workbook.xml": b"<workbook/>"}),
        "Excel",
        id="xlsx-as-docx",
    ),
    pytest.param(lambda t: zip_with(t / "x.docx", {"a.txt": b"hello"}), "Word", id="plain-zip"),
    pytest.param(_bad_xml_docx, "Word", id="docx-broken-xml"),
    pytest.param(_directory, "目录", id="directory"),
    pytest.param(lambda t: t / "missing.txt", "不存在", id="missing"),
    pytest.param(_too_big, "文件过大", id="over-64mb"),
    pytest.param(_fifty_mb_text, "过大", id="fifty-mb-text"),
    pytest.param(_write("blank.txt", b" \n\n\t \r\n"), "没有可读的文字", id="whitespace-only"),
    pytest.param(
        _write("tags.html", b"<html><script>x()</script></html>"),
        "没有可读的文字",
        id="html-no-text",
    ),
]

GOOD: list = [
    pytest.param(_write("gbk.txt", PLAN.encode("gbk")), "150所", id="gbk"),
    pytest.param(
        _write("big5.txt", "學前教育毛入園率達到92.4%。".encode("big5")), "毛入园率", id="big5"
    ),
    pytest.param(_write("u16.txt", b"\xff\xfe" + PLAN.encode("utf-16-le")), "150所", id="utf16"),
    pytest.param(
        _write("u16nobom.txt", "Plan 2024: 92.4%\n".encode("utf-16-le")), "92.4%", id="utf16-no-bom"
    ),
    pytest.param(
        _write("u16cjk.txt", (PLAN * 20).encode("utf-16-be")), "150所", id="utf16-cjk-no-bom"
    ),
    pytest.param(_write("numbers.txt", b"2021 2022 2023\n92.4 96.6\n"), "92.4", id="only-numbers"),
    pytest.param(_invalid_utf8, "150所", id="invalid-utf8-mixed"),
    pytest.param(_html_scripts, "150所", id="html-full-of-scripts"),
    pytest.param(_nested_html, "150所", id="deeply-nested-html"),
    pytest.param(
        lambda t: make_docx(t / "p.docx").rename(t / "p.txt"), "15所", id="docx-named-txt"
    ),
    pytest.param(
        lambda t: make_pdf(t / "p.pdf", PARAGRAPHS, t).rename(t / "p.docx"),
        "15所",
        id="pdf-named-docx",
    ),
    pytest.param(_write("noext", PLAN.encode("gb18030")), "150所", id="no-extension"),
]


@pytest.mark.parametrize(("build", "reason"), BAD)
def test_bad_file_raises_unreadable_naming_the_file(
    tmp_path: Path, build: Callable[[Path], Path], reason: str
) -> None:
    path = build(tmp_path)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    elapsed = time.perf_counter() - started
    message = str(caught.value)
    assert path.name in message
    assert reason in message
    assert CJK.search(caught.value.reason)
    print(f"{path.name}: {elapsed:.3f}s {message}")


@pytest.mark.parametrize(("build", "expected"), GOOD)
def test_good_file_among_hostile_ones_decodes(
    tmp_path: Path, build: Callable[[Path], Path], expected: str
) -> None:
    doc = read_source(build(tmp_path))
    assert expected in doc.text
    assert len(doc.offsets) == len(doc.text) + 1


def test_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PLAN, encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("以 root 运行：无权限的文件仍可读")
    with pytest.raises(UnreadableFile, match="权限"):
        read_source(path)
