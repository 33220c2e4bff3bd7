"""A report of a plan with 500 targets and five years of observations stays readable.

Rule: every table of the Word report repeats its header row on each page and keeps each row
whole, so a table of 50 targets splits across pages under its header; printed from the HTML,
every page of a table shows the header; the workbook lists all 500. The synthetic plan and its
observations are written here (``synthetic_plan``, ``synthetic_observations``) and reused by
benchmarks/bench_report.py.
"""

from __future__ import annotations

import csv
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from planwatch.config import Settings
from planwatch.present.report import write_report
from planwatch.services import ledger, reports, tracking

pytest_plugins = ["browser"]  # the browser and page fixtures (tests/browser.py)

CN = "一二三四五六七八九十"
PLAN_NAME = "武鸣区教育发展规划.txt"
AS_OF = date(2025, 9, 30)
RATES = (  # (as the plan words it, baseline in 2020, target in 2025)
    ("学前教育毛入园率", 86.0, 92.0),
    ("九年义务教育巩固率", 95.0, 97.0),
    ("高中阶段毛入学率", 88.0, 93.0),
)


def synthetic_plan(targets: int = 500) -> str:
    """A district plan (2021—2025) of ``targets`` construction targets in ten parts of five
    tasks, each task with its lead and cooperating units, and three rate targets with their
    2020 baselines."""
    lines = [
        "南宁市武鸣区教育发展“十四五”规划（2021—2025年）",
        "",
        "南宁市武鸣区人民政府",
        "2021年6月1日",
        "",
        "一、发展目标",
        "2020年，"
        + "，".join(f"全区{name}{base:g}%" for name, base, _ in RATES)
        + "。到2025年，"
        + "，".join(f"全区{name}达到{goal:g}%" for name, _, goal in RATES)
        + "。",
        "二、主要任务",
    ]
    parts, per_task = 10, 5
    counts = targets - len(RATES)
    tasks = -(-counts // (parts * per_task))
    n = 0
    for part in range(parts):
        lines.append(f"（{CN[part]}）实施第{part + 1}项建设工程")
        for task in range(tasks):
            size = min(per_task, counts - n)
            if size <= 0:
                break
            said = "".join(
                f"到2025年，新建第{part + 1}类第{task + 1}组{k + 1}号校舍{10 + (n := n + 1)}所。"
                for k in range(size)
            )
            leads = "区教育局" + ("、区住房城乡建设局" if task % 3 == 0 else "")
            lines.append(
                f"{task + 1}．推进第{part + 1}类第{task + 1}项工作。{said}"
                f"（牵头单位：{leads}；配合单位：区发展改革局、区财政局）"
            )
    return "\n".join(lines) + "\n"


def synthetic_observations(
    settings: Settings, plan: str, path: Path, years: range = range(2021, 2026)
) -> Path:
    """Five years of figures for every target of the plan (a rate's level; a count's new
    schools of the year, some ahead of pace and some behind), as a csv by target id."""
    view = tracking.status_view(settings, plan, AS_OF)
    pick = random.Random(20251001)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["目标编号", "地区", "期间", "数值", "来源", "备注"])
        for row in view.rows:
            pace = pick.choice((0.05, 0.12, 0.2, 0.25))
            for n, year in enumerate(years, start=1):
                if row.unit == "%":
                    base = row.baseline_value or row.target_value - 5
                    value = round(base + (row.target_value - base) * pace * 4 * n / len(years), 2)
                else:
                    value = round(row.target_value * pace)
                writer.writerow([row.item_id, row.region, year, value, "", ""])
    return path


def build_large_ledger(folder: Path, targets: int = 500) -> Settings:
    """A ledger holding the synthetic plan and five years of observations of each target."""
    settings = Settings(f"sqlite:///{folder / 'ledger.db'}")
    plan = folder / PLAN_NAME
    plan.write_text(synthetic_plan(targets), encoding="utf-8")
    assert not ledger.ingest_paths(settings, [plan]).failed
    series = synthetic_observations(settings, PLAN_NAME, folder / "五年数据.csv")
    [outcome] = tracking.import_files(settings, [series], by="测试员", as_of=AS_OF)
    assert not outcome.refused and not outcome.error, outcome.refused[:3]
    return settings


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Any]:
    settings = build_large_ledger(tmp_path_factory.mktemp("large"))
    return settings, reports.plan_report(settings, PLAN_NAME, AS_OF)


def test_the_synthetic_plan_has_500_targets_five_years_each(large: tuple[Settings, Any]) -> None:
    _settings, record = large
    assert len(record.rows) == 500
    assert len(record.sources) == 5 * len(record.rows) + len(RATES)  # and the 2020 baselines
    assert {r.status for r in record.rows} >= {"on_track", "lagging", "off_track"}
    assert len(record.sections) == 11 and max(len(s.rows) for s in record.sections) == 50


def test_word_tables_of_500_targets_repeat_their_header_on_every_page(
    large: tuple[Settings, Any], tmp_path: Path
) -> None:
    _settings, record = large
    write_report(record, "docx", tmp_path / "大.docx")
    document = Document(str(tmp_path / "大.docx"))
    progress = [t for t in document.tables if "基数" in [c.text for c in t.rows[0].cells]]
    assert len(progress) == len(record.sections)
    rows = 0
    for table in progress:
        trs = table._tbl.tr_lst
        assert trs[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in trs[1:])
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
        rows += sum(1 for tr in trs[1:] if len(tr.tc_lst) > 1)
    assert rows == len(record.rows)
    # 50 rows of 2 lines of 五号 exceed the 225 mm type area: the table splits across pages
    assert max(len(t.rows) for t in progress) > 225 / (2 * 10.5 * 25.4 / 72)


def test_xlsx_of_500_targets_lists_them_all(large: tuple[Settings, Any], tmp_path: Path) -> None:
    _settings, record = large
    write_report(record, "xlsx", tmp_path / "大.xlsx")
    book = load_workbook(tmp_path / "大.xlsx", read_only=True)
    assert book["目标进展"].max_row == 1 + len(record.rows)
    assert book["监测数据来源"].max_row == 1 + len(record.sources)


@pytest.mark.browser
def test_printed_html_of_500_targets_shows_the_header_on_every_table_page(
    large: tuple[Settings, Any],
    page: Any,
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader

    _settings, record = large
    write_report(record, "html", tmp_path / "大.html")
    page.goto((tmp_path / "大.html").as_uri())
    page.wait_for_function("window.planwatchCharts !== undefined")
    page.emulate_media(media="print")
    pdf = tmp_path / "大.pdf"
    # the first 40 pages hold the tables of every part (printing all ~300 takes 40 s)
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, page_ranges="1-40")
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    assert len(pages) == 40
    # a row of a per-part or 督办 table names its target's year: 新建…校舍11所（2025年）
    table_pages = [t for t in pages if re.search(r"校舍\s*\d+\s*所（2025\s*年）", t)]
    assert len(table_pages) > 10
    assert all("编号" in t and "状态" in t for t in table_pages)  # the header row, again
    assert all(re.search(r"— \d+ —", t) for t in pages)  # the page numbers, as a 公文's
