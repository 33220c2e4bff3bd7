"""Reading progress files: csv in UTF-8 (with or without a byte-order mark) or GB18030, xlsx with
Chinese or English headers; every value keeps its spreadsheet row number and column letter, and
a file that is not a table is refused with a Chinese reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from planwatch.errors import UnreadableFile
from planwatch.track.read import read_rows

CHINESE = ["指标", "地区", "期间", "数值", "来源", "备注"]
ROWS = [
    ["学前教育毛入园率", "南宁市", "2022", "97.5", "南宁市统计公报", "初步数"],
    ["九年义务教育巩固率", "广西壮族自治区", "2022年第三季度", "96.1", "", ""],
]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""), ("gb18030", b"")],
    ids=["utf8-bom", "utf8", "gb18030"],
)
def test_a_csv_is_read_in_any_encoding_excel_saves(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    text = "\r\n".join(",".join(row) for row in [CHINESE, *ROWS]) + "\r\n"
    path = tmp_path / "进度.csv"
    path.write_bytes(bom + text.encode(encoding))
    got = read_rows(path)
    assert got.columns == {
        "indicator": "A",
        "region": "B",
        "period": "C",
        "value": "D",
        "source": "E",
        "note": "F",
    }
    first, second = got.rows
    assert (first.file, first.row, first.indicator, first.value, first.note) == (
        "进度.csv",
        2,
        "学前教育毛入园率",
        "97.5",
        "初步数",
    )
    assert (second.row, second.region, second.period) == (3, "广西壮族自治区", "2022年第三季度")
    assert first.column("value") == "D" and first.column("item") == "-"


def test_a_tab_separated_file_with_english_headers_is_read(tmp_path: Path) -> None:
    path = tmp_path / "progress.txt"
    lines = [
        "Indicator\tRegion\tPeriod\tValue\tItem",
        "primary_student_teacher_ratio\t南宁市\t2022\t18.2\t",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (row,) = read_rows(path).rows
    assert (row.indicator, row.value, row.item) == ("primary_student_teacher_ratio", "18.2", "")


def save_workbook(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_with_chinese_headers_keeps_rows_and_columns(tmp_path: Path) -> None:
    path = save_workbook(
        tmp_path / "进度.xlsx",
        [
            ["南宁市教育事业统计数据（2022年）"],  # a title above the header
            [],
            ["序号", *CHINESE],
            [1, "学前教育毛入园率", "南宁市", 2022, 97.5, "公报", None],
            [None, None, None, None, None, None, None],  # a blank row is skipped
            [2, "小学生师比", "南宁市", "2022", 18, None, None],
        ],
    )
    got = read_rows(path)
    assert got.header_row == 3 and got.columns["indicator"] == "B"
    assert got.ignored == [("A", "序号")]
    assert [(r.row, r.indicator, r.period, r.value) for r in got.rows] == [
        (4, "学前教育毛入园率", "2022", "97.5"),
        (6, "小学生师比", "2022", "18"),
    ]
    assert got.rows[0].column("period") == "D" and not got.template


def test_an_xlsx_with_english_headers_and_excel_typed_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "region", "period", "value", "source", "note", "item"])
    sheet.append(["large_class_share", "450100000000", datetime(2022, 9, 1), 0.053, "x", "", None])
    sheet.append(["large_class_share", "450100000000", 2022.1, 4.8, "", "", None])
    sheet["D2"].number_format = "0.0%"  # typed as 5.3% in Excel: the cell holds 0.053
    path = tmp_path / "progress.xlsx"
    book.save(path)
    first, second = read_rows(path).rows
    assert (first.period, first.value) == ("2022-09", "5.3%")
    assert second.period == "2022.10"  # 2022.10 typed as a number loses its 0; months have two
    assert first.column("item") == "G"


def test_the_sheet_with_the_header_is_read_not_the_first(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["说明：请在第二个工作表填报"])
    data = book.create_sheet("数据")
    data.append(CHINESE)
    data.append(ROWS[0])
    path = tmp_path / "两表.xlsx"
    book.save(path)
    (row,) = read_rows(path).rows
    assert row.indicator == "学前教育毛入园率"


def test_a_header_named_twice_is_reported_with_its_letters(tmp_path: Path) -> None:
    path = tmp_path / "重复.csv"
    path.write_text("指标,地区,期间,数值,完成值\n学前教育毛入园率,南宁市,2022,90,91\n", "utf-8")
    got = read_rows(path)
    assert got.duplicates == {"value": ["D", "E"]}
    assert got.rows[0].value == "90"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "旧版 Excel（.xls）"),
        ("坏.xlsx", b"PK\x03\x04" + b"\x00" * 64, "不是有效的 Excel"),
        ("空.csv", b"", "文件为空"),
        ("图.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "图片"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason) as caught:
        read_rows(path)
    assert name in str(caught.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="文件不存在"):
        read_rows(tmp_path / "没有.csv")
