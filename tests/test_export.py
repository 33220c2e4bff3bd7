"""The 目标任务台账 xlsx: every figure of the sample plan, cell by cell, with its source quote."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.present.columns import Column
from planwatch.present.ledger import ledger_workbook_view
from planwatch.present.render import View, save
from planwatch.records import Document
from planwatch.services import ledger
from planwatch.services.extraction import read_document, sample_plan

TARGET_HEADERS = [
    "文件",
    "规划名称",
    "地区",
    "类型",
    "指标",
    "对象",
    "关系",
    "数值",
    "上限",
    "单位",
    "年份",
    "所在章节",
    "任务编号",
    "原文数字",
    "原文摘录",
    "起（字符）",
    "止（字符）",
]
SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": "="}
UNITS_SHOWN = {"ratio": "∶1", "pp": "个百分点"}


def export_ledger(settings: Settings, fmt: str, path: Path) -> None:
    """What ``planwatch export -o path`` writes."""
    with ledger.ledger_view(settings) as view:
        save(ledger_workbook_view(view), fmt, path)


@pytest.fixture(scope="module")
def plan() -> Document:
    return read_document(sample_plan())


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("export")
    settings = Settings(f"sqlite:///{folder / 'ledger.db'}")
    ledger.ingest_paths(settings, [sample_plan()])
    export_ledger(settings, "xlsx", folder / "台账.xlsx")
    return load_workbook(folder / "台账.xlsx")


def expected_quote(source: str, start: int, end: int) -> str:
    return " ".join(source[max(0, start - 40) : end + 40].split())


def test_workbook_has_the_five_sheets_with_frozen_filtered_headers(workbook: Any) -> None:
    assert workbook.sheetnames == ["目标", "基数", "任务", "项目", "文件"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold
    targets = workbook["目标"]
    assert [c.value for c in targets[1]] == TARGET_HEADERS
    assert 6 <= targets.column_dimensions["N"].width <= 60


@pytest.mark.parametrize(("sheet", "kind"), [("目标", "target"), ("基数", "baseline")])
def test_every_figure_is_a_number_beside_its_source_quote(
    workbook: Any, plan: Document, sheet: str, kind: str
) -> None:
    items = [i for i in plan.items if i.kind == kind]
    rows = list(workbook[sheet].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(items) > 0
    for row, item in zip(rows, items, strict=True):
        cells = dict(zip(TARGET_HEADERS, row, strict=True))
        assert cells["文件"] == "sample_plan.txt"
        assert cells["规划名称"] == plan.meta.title
        assert cells["地区"] == plan.meta.region
        assert (cells["所在章节"] or "") == item.section
        assert (cells["任务编号"] or "") == item.task
        assert (cells["对象"] or "") == item.subject
        assert cells["关系"] == SIGNS[item.relation]
        assert isinstance(cells["数值"], int | float) and cells["数值"] == item.value
        assert cells["上限"] == item.value_max
        assert (cells["单位"] or "") == UNITS_SHOWN.get(item.unit, item.unit)
        assert cells["年份"] == item.year
        assert cells["原文数字"] == item.text
        assert cells["原文摘录"] == expected_quote(plan.source.source, *_span(item))
        assert item.text.split()[0] in cells["原文摘录"]
        assert (cells["起（字符）"], cells["止（字符）"]) == _span(item)


def _span(item: Any) -> tuple[int, int]:
    return item.span.start, item.span.end


def test_tasks_sheet_names_lead_and_cooperating_units(workbook: Any, plan: Document) -> None:
    rows = list(workbook["任务"].iter_rows(values_only=True))
    assert list(rows[0]) == [
        "文件",
        "编号",
        "任务",
        "所在章节",
        "牵头单位",
        "配合单位",
        "起（字符）",
        "止（字符）",
    ]
    assert len(rows) - 1 == len(plan.tasks)
    for row, task in zip(rows[1:], plan.tasks, strict=True):
        span = plan.source.to_source(task.start, task.end)
        assert row[1:4] == (task.label, task.title, task.section or None)
        assert task.title not in (row[3] or "")  # the heading above, not the task's own
        assert (row[4] or "") == "、".join(task.lead)
        assert (row[5] or "") == "、".join(task.cooperating)
        assert row[6:] == (span.start, span.end)
    assert rows[1][4] == "县教育局"
    assert rows[1][5] == "县发展改革局、县财政局、县自然资源局"


def test_documents_sheet_describes_the_plan(workbook: Any, plan: Document) -> None:
    header, row = list(workbook["文件"].iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["文件名"] == "sample_plan.txt"
    assert cells["标题"] == plan.meta.title
    assert cells["文号"] == plan.meta.doc_number
    assert (cells["起始年"], cells["终止年"]) == (plan.meta.period_start, plan.meta.period_end)
    assert cells["指标项"] == len(plan.items)
    assert cells["任务"] == len(plan.tasks)
    assert cells["贯彻的上级规划"] == "《示范省教育事业发展“十四五”规划》（未入库）"


def test_json_and_csv_exports_carry_the_same_items(tmp_path: Path, plan: Document) -> None:
    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.ingest_paths(settings, [sample_plan()])
    export_ledger(settings, "json", tmp_path / "a.json")
    export_ledger(settings, "csv", tmp_path / "a.csv")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(data["targets"]) + len(data["baselines"]) == len(plan.items)
    text = (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    parts = csv_parts(text)  # one csv holds every sheet, each under its 【title】 row
    assert list(parts) == ["目标", "基数", "任务", "项目", "文件"]
    assert len(parts["目标"]) + len(parts["基数"]) == len(plan.items)
    assert {r["类型"] for r in parts["目标"]} == {"目标"}
    assert {r["类型"] for r in parts["基数"]} == {"基数"}


def csv_parts(text: str) -> dict[str, list[dict[str, str]]]:
    """The parts of a multi-part csv: 【title】, its header row, its rows, a blank row."""
    parts: dict[str, list[dict[str, str]]] = {}
    for block in text.split("\n\n"):  # read_text() turned \r\n into \n
        title, _, body = block.partition("\n")
        parts[title.strip("【】")] = list(csv.DictReader(io.StringIO(body)))
    return parts


def test_control_characters_in_the_text_do_not_lose_the_workbook(tmp_path: Path) -> None:
    plan = tmp_path / "控制符.txt"
    text = sample_plan().read_text(encoding="utf-8")
    plan.write_text(text.replace("92%", "\x0192%\x1f", 1), encoding="utf-8")
    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.ingest_paths(settings, [plan])
    export_ledger(settings, "xlsx", tmp_path / "台账.xlsx")
    quotes = [
        r[13]
        for r in load_workbook(tmp_path / "台账.xlsx")["目标"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert any("92%" in q and "\x01" not in q for q in quotes)


def test_a_workbook_error_is_chinese_and_names_the_file(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    view = View.of([{"doc": "a.txt", "seats": {"不是": "数字"}}], [Column("seats", "学位数")])
    with pytest.raises(PlanWatchError, match=r"台账\.xlsx"):
        save(view, "xlsx", out)


def test_libreoffice_reads_every_cell_openpyxl_reads(tmp_path: Path) -> None:
    """A second reader, an office suite: the streamed workbook is not only what openpyxl
    accepts. (LibreOffice is not installed by the set-up; install libreoffice-calc-nogui.)"""
    import os
    import shutil
    import subprocess

    office = shutil.which("soffice")
    if office is None:
        pytest.skip("未安装 LibreOffice（soffice）：跳过用办公软件打开导出表格的检查")
    book = tmp_path / "台账.xlsx"
    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.ingest_paths(settings, [sample_plan()])
    export_ledger(settings, "xlsx", book)
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [office, "--headless", "--convert-to", every_sheet, "--outdir", str(tmp_path), str(book)],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8"},  # its profile: here
    )
    ours = load_workbook(book)
    for sheet in ours.sheetnames:
        read = list(csv.reader((tmp_path / f"台账-{sheet}.csv").open(encoding="utf-8")))
        width = ours[sheet].max_column
        expected = [
            ["" if v is None else str(v) for v in row]
            for row in ours[sheet].iter_rows(values_only=True)
        ]
        assert [r + [""] * (width - len(r)) for r in read] == expected, sheet
