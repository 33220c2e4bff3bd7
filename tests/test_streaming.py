"""Listings stream: rows are written as a query yields them, every format gives what it gives
for a list of the same rows, and a failure leaves no half-written file.

Rule: memory is bounded by a page of rows, not by the ledger; the text table fits its widths
to the first PAGE rows, and a later, longer cell is cut only where a table of all the rows
would cut it (no figure is lost; that row stands out of line).
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from planwatch.errors import PlanWatchError
from planwatch.present import xlsx
from planwatch.present.columns import ITEM_COLUMNS, Column, field_of, plain, shown_rows
from planwatch.present.render import View, machine, render, save
from planwatch.records import Item, Span

COLUMNS = (Column("name", "名称", width=12), Column("n", "数"), Column("note", "说明", wide=True))


def rows(count: int) -> list[dict[str, Any]]:
    return [{"name": f"第{n}行", "n": n, "note": "说明" * (n % 4)} for n in range(count)]


def text(view: View, fmt: str) -> str:
    out = io.StringIO()
    render(view, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json"])
def test_a_stream_renders_as_its_list_does(fmt: str) -> None:
    listed = text(View.of(rows(30), COLUMNS), fmt)
    streamed = text(View.of(iter(rows(30)), COLUMNS), fmt)
    assert streamed == listed
    if fmt == "json":
        assert json.loads(streamed) == [machine(r, COLUMNS) for r in rows(30)]


def test_a_long_table_keeps_its_first_page_widths_and_every_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.modules["planwatch.present.render"], "PAGE", 3)
    many = [*rows(4), {"name": "一个比前几行长得多的名称", "n": 123456, "note": ""}]
    lines = text(View.of(iter(many), COLUMNS), "table").splitlines()
    assert len({line.index("说明") for line in lines[2:] if "说明" in line}) == 1  # aligned
    assert lines[-1] == "一个比前几… " + "  123456"  # cut at 名称's limit of 12, figure whole


def test_an_empty_stream_says_none() -> None:
    assert text(View.of(iter([]), COLUMNS), "table") == "（无）\n"
    assert json.loads(text(View.of(iter([]), COLUMNS), "json")) == []


@dataclasses.dataclass
class Ledger:
    documents: Iterator[Any]
    targets: Iterator[Any]


def test_json_of_streams_is_the_json_of_their_lists() -> None:
    items = [Item(Span(n, n + 3), f"{n}%", n, "%") for n in range(5)]  # type: ignore[arg-type]
    lazy = View([], data=Ledger(iter(rows(2)), iter(items)))
    whole = machine(Ledger(rows(2), items))  # type: ignore[arg-type]
    assert json.loads(text(lazy, "json")) == whole


def failing(after: int) -> Iterator[dict[str, Any]]:
    yield from rows(after)
    raise PlanWatchError("读取台账失败：连接中断")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "xlsx"])
def test_a_failure_midway_leaves_no_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"结果.{fmt}"
    path.write_text("旧内容", encoding="utf-8")
    with pytest.raises(PlanWatchError, match="连接中断"):
        save(View.of(failing(5), COLUMNS), fmt, path)
    assert path.read_text(encoding="utf-8") == "旧内容"  # the earlier file is kept whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_query_error_comes_before_any_output() -> None:
    out = io.StringIO()
    with pytest.raises(PlanWatchError):
        render(View.of(failing(0), COLUMNS), "csv", out)
    assert out.getvalue() == ""


def test_a_sheet_longer_than_excel_allows_goes_on_in_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)
    path = tmp_path / "台账.xlsx"
    save(View.of(iter(rows(10)), COLUMNS, "目标"), "xlsx", path)
    book = load_workbook(path)
    assert book.sheetnames == ["目标", "目标（2）", "目标（3）"]
    shown = [r[1] for ws in book.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert shown == list(range(10))
    for ws in book.worksheets:
        assert ws["A1"].value == "名称" and ws["A1"].font.b and ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:C{ws.max_row}"
    assert book["目标"]["C2"].value is None and book["目标"]["C3"].alignment.wrap_text


def test_streamed_items_keep_their_columns_in_the_workbook(tmp_path: Path) -> None:
    item = Item(Span(0, 5), "92.4%", 92.4, "%", relation=">=", year=2025, quote="达到92.4%")  # type: ignore[arg-type]
    path = tmp_path / "目标.xlsx"
    save(View.of(iter([item]), ITEM_COLUMNS, "目标"), "xlsx", path)
    ws = load_workbook(path)["目标"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert (row["关系"], row["数值"], row["年份"], row["起（字符）"]) == ("≥", 92.4, 2025, 0)
    assert ws.cell(2, header.index("原文摘录") + 1).alignment.wrap_text


def test_dates_and_times_read_as_iso_strings() -> None:
    from datetime import date, datetime

    row = {"day": date(2024, 6, 30), "at": datetime(2024, 6, 30, 9, 5, 7, 123)}
    assert machine(row) == {"day": "2024-06-30", "at": "2024-06-30T09:05:07"}


def test_a_failure_after_many_rows_is_the_error_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "CHUNK", 100)  # the rows already made wait on the second thread
    path = tmp_path / "台账.xlsx"
    with pytest.raises(PlanWatchError, match="连接中断"):
        save(View.of(failing(xlsx.FITTED_ROWS * 3), COLUMNS), "xlsx", path)
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_past_the_size_a_zip_entry_holds_goes_on_in_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "FITTED_ROWS", 2)
    monkeypatch.setattr(xlsx, "CHUNK", 10)
    monkeypatch.setattr(xlsx, "MAX_SHEET_BYTES", 2000)
    path = tmp_path / "台账.xlsx"
    save(View.of(iter(rows(40)), COLUMNS, "目标"), "xlsx", path)
    book = load_workbook(path)
    assert len(book.sheetnames) > 1 and book.sheetnames[1] == "目标（2）"
    shown = [r[1] for ws in book.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert shown == list(range(40))


def test_cells_keep_markup_and_odd_values_as_text(tmp_path: Path) -> None:
    odd = [
        {"name": "<b>甲&乙</b> “丙”", "n": float("inf"), "note": "\x01控制\x1f符"},
        {"name": "半个\ud800代理", "n": 2025.0, "note": ["一", "二"]},
        {"name": "长" * 40_000, "n": 92.4, "note": "  前后空格  "},
    ]
    path = tmp_path / "台账.xlsx"
    save(View.of(iter(odd), COLUMNS), "xlsx", path)
    got = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert got[0] == ("<b>甲&乙</b> “丙”", "inf", "控制符")
    assert got[1] == ("半个?代理", 2025, "一、二") and isinstance(got[1][1], int)
    assert got[2] == ("长" * xlsx.MAX_TEXT, 92.4, "  前后空格  ")


@dataclasses.dataclass
class Row:
    name: str
    n: float
    names: list[str]


def test_rows_are_shaped_as_each_column_shows_them() -> None:
    """``shown_rows`` reads a record's leading fields in one call; what it gives (made plain)
    is each column's ``cell``, and with ``brief`` its ``table_cell``, for records and
    mappings, computed, shown and brief columns alike."""
    columns = (
        Column("name", "名称"),
        Column("n", "数", brief=lambda r: f"约{plain(field_of(r, 'n'))}"),
        Column("names", "单位"),
        Column("twice", "两倍", get=lambda r: field_of(r, "n") * 2),
        Column("name", "括注", lambda v: f"（{v}）"),
        Column("missing", "无此字段"),
    )
    rows = [Row("甲", 2.0, ["县教育局", "县财政局"]), {"name": "乙", "n": 92.4, "names": []}]
    for brief in (False, True):
        shown = [[plain(v) for v in r] for r in shown_rows(columns, rows, brief)]
        cells = [c.table_cell if brief else c.cell for c in columns]
        assert shown == [[plain(cell(r)) for cell in cells] for r in rows]
    assert shown[0] == ["甲", "约2", "县教育局、县财政局", "4", "（甲）", ""]


def test_a_disk_list_is_read_back_a_page_at_a_time_and_filtered_by_its_keys() -> None:
    import gc

    from planwatch.spool import PAGE, DiskList

    records = [{"n": n, "text": "规划" * (n % 7)} for n in range(PAGE * 2 + 5)]
    kept = DiskList(iter(records), key=lambda r: r["n"] % 3)
    assert len(kept) == len(records) and list(kept) == records
    assert kept[0] == records[0] and kept[-1] == records[-1]
    assert kept[PAGE - 3 : PAGE + 3] == records[PAGE - 3 : PAGE + 3] and kept[5:5] == []
    thirds = kept.where(lambda k: k == 0)
    assert list(thirds) == records[::3] and thirds[1] == records[3]
    path = Path(kept._file.path)
    del kept
    gc.collect()
    assert path.exists() and len(thirds) == len(records[::3])  # the filtered list reads it
    del thirds
    gc.collect()
    assert not path.exists()
