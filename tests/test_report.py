"""Progress reports (`planwatch report`): the seeds' reports in Word, xlsx and Markdown, and a
region's report for 广西 across the seeds.

Rule: a report shows exactly the rows of `planwatch status --format json` (its numbers, in the
plan's order, grouped by part of the plan), lists every lagging, far-behind or overdue target
under its lead unit with the units that cooperate, traces every figure to its plan sentence
and observation, and lays the Word file out as GB/T 9704-2012 lays out a 公文. A plan without
observations says 无数据 plainly. (The HTML, opened in a real browser, is
test_report_browser.py; 500 targets, test_report_scale.py.)
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from planwatch.cli.main import cli
from planwatch.config import Settings
from planwatch.present.report import charts, write_report
from planwatch.present.report.docx import write_docx
from planwatch.present.report.layout import STATUS_COLOURS, Chart, Layout
from planwatch.present.report.record import SUPERVISED, Trend, TrendPoint
from planwatch.records import STATUS_LABELS
from planwatch.services import analysis, ledger, reports, tracking

SEED_000 = "000_68fbdb6578405b4c.txt"
SEED_004 = "004_c8c037ac93737e7c.txt"
AS_OF = "2023-03-31"
GUANGXI = "450000000000"
QINZHOU = "450700000000"
HEADER = ["指标", "地区", "期间", "数值", "来源", "备注"]
# 广西's figures for seed 000's targets (due 2023) and 钦州市's for seed 004's (due 2025),
# written for these tests; 来源 is left empty, so each value's source is its file and row.
SERIES = [
    ["学前教育毛入园率", "广西壮族自治区", "2020", "90.0"],
    ["学前教育毛入园率", "广西壮族自治区", "2021", "91.0"],
    ["学前教育毛入园率", "广西壮族自治区", "2022", "92.0"],
    ["九年义务教育巩固率", "广西壮族自治区", "2020", "95.0"],
    ["九年义务教育巩固率", "广西壮族自治区", "2021", "95.3"],
    ["九年义务教育巩固率", "广西壮族自治区", "2022", "95.8"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2020", "90.0"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2021", "89.5"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2022", "89.0"],
    ["高等教育毛入学率", "广西壮族自治区", "2020", "47.9"],
    ["高等教育毛入学率", "广西壮族自治区", "2021", "50.0"],
    ["高等教育毛入学率", "广西壮族自治区", "2022", "53.5"],
    ["高等教育毛入学率", "钦州市", "2021", "47.5"],
    ["高等教育毛入学率", "钦州市", "2022", "47.6"],
    ["公办园在园幼儿占比", "钦州市", "2021", "66.5"],
    ["公办园在园幼儿占比", "钦州市", "2022", "66.8"],
]
RECORDER = "统计科测试员"
# A city plan that implements seed 000 and sets a weaker 2023 rate (90% < 92.4%): the region
# report lists it where a lower plan is weaker than its higher plan.
WEAKER_PLAN = """玉林市教育提质振兴三年行动实施方案（2021—2023年）

玉林市人民政府
2021年12月1日

为贯彻落实《广西教育提质振兴三年行动计划（2021—2023年）》（桂政发〔2021〕34号），制定本方案。

一、主要目标
到2023年，全市学前教育毛入园率达到90%，九年义务教育巩固率达到97%。

二、主要任务
（一）扩大学前教育资源
1．新建公办幼儿园。到2023年，新建公办幼儿园20所。（牵头单位：市教育局；配合单位：市发展改革委、市财政局）
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write_series(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows([*r, "", ""] for r in rows)
    return path


@pytest.fixture(scope="module")
def guangxi(tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, Path]) -> Settings:
    """The five seeds, a weaker 玉林 plan and the synthetic series, in an SQLite ledger."""
    folder = tmp_path_factory.mktemp("guangxi")
    settings = Settings(f"sqlite:///{folder / 'ledger.db'}")
    weaker = folder / "玉林方案.txt"
    weaker.write_text(WEAKER_PLAN, encoding="utf-8")
    plans = [seeds[k] for k in ("000", "001", "002", "003", "004")]
    assert not ledger.ingest_paths(settings, [*plans, weaker]).failed
    series = write_series(folder / "进度.csv", SERIES)
    [outcome] = tracking.import_files(settings, [series], by=RECORDER, as_of=date(2023, 3, 1))
    assert not outcome.refused and not outcome.error, outcome.refused
    return settings


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, Path]) -> Settings:
    """Seed 000 alone, without a single observation."""
    folder = tmp_path_factory.mktemp("bare")
    settings = Settings(f"sqlite:///{folder / 'ledger.db'}")
    assert not ledger.ingest_paths(settings, [seeds["000"]]).failed
    return settings


def status_json(settings: Settings, plan: str, as_of: str = AS_OF) -> list[dict[str, Any]]:
    result = run(
        "status",
        "--plan",
        plan,
        "--as-of",
        as_of,
        "--format",
        "json",
        "--db",
        settings.database_url,
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def make_report(settings: Settings, out: Path, *args: str) -> Path:
    result = run("report", *args, "-o", str(out), "--db", settings.database_url)
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    return out


def share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


# --- Word -----------------------------------------------------------------------------------


def east_asia(style: Any) -> str | None:
    fonts = style.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def cells(row: Any) -> list[str]:
    return [c.text for c in row.cells]


def progress_rows(document: Any) -> list[list[str]]:
    """The target rows of every per-part table (a sub-heading row is one merged cell)."""
    rows = []
    for table in document.tables:
        header = cells(table.rows[0])
        if header[:2] != ["编号", "目标（规划原文）"] or "基数" not in header:
            continue
        for row in table.rows[1:]:
            if len(row._tr.tc_lst) > 1:
                rows.append(cells(row))
    return rows


@pytest.fixture(scope="module")
def docx_000(guangxi: Settings, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("docx") / "进展报告.docx"
    make_report(guangxi, out, "--plan", SEED_000, "--as-of", AS_OF)
    return Document(str(out))


@pytest.mark.seeds
def test_word_report_of_seed_000_has_the_rows_and_statuses_of_status_json(
    guangxi: Settings, docx_000: Any
) -> None:
    expected = status_json(guangxi, SEED_000)
    got = progress_rows(docx_000)
    header = cells(next(t for t in docx_000.tables if cells(t.rows[0])[0] == "编号").rows[0])
    at = {name: header.index(name) for name in ("编号", "进度", "应达进度", "状态")}
    assert [int(r[at["编号"]]) for r in got] == [r["item_id"] for r in expected]
    assert [r[at["状态"]] for r in got] == [r["status_label"] for r in expected]
    assert [r[at["进度"]] for r in got] == [share(r["progress"]) for r in expected]
    assert [r[at["应达进度"]] for r in got] == [share(r["expected_progress"]) for r in expected]
    statuses = {r["status"] for r in expected}
    assert {"on_track", "lagging", "off_track", "achieved", "no_data"} <= statuses
    # the preschool rate: 92 in 2022 against ≥92.4% by 2023, from 90 in 2020
    [row] = [r for r in got if "学前教育毛入园率" in r[1] and "92.4%" in r[1]]
    assert row[2].replace("\n", "") == "90%（2020）" and row[3].replace("\n", "") == "92%（2022）"


@pytest.mark.seeds
def test_word_report_headings_and_fonts_follow_gb_t_9704(docx_000: Any) -> None:
    paragraphs = docx_000.paragraphs
    title = paragraphs[0]
    assert title.text == "《广西教育提质振兴三年行动计划（2021—2023年）》实施进展情况报告"
    assert title.style.name == "公文标题" and east_asia(title.style) == "方正小标宋简体"
    assert title.style.font.size.pt == 22
    level1 = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert level1 == [
        "一、总体情况",
        "二、各部分目标进展情况",
        "三、督办清单",
        "四、重点指标趋势",
        "附件：数据来源",
    ]
    level2 = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert level2[0] == "（一）总体要求 / 总体目标"
    assert all(re.match(r"（[一二三四五六七八九十]+）", t) for t in level2)
    styles = docx_000.styles
    assert east_asia(styles["Heading 1"]) == "黑体"
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16  # 三号
    assert all(styles[f"Heading {n}"].font.size.pt == 16 for n in (1, 2))
    body = [p for p in paragraphs if p.text.startswith("截至2023年3月31日，本规划共有")]
    assert body and body[0].style.name == "Normal"
    # 方正小标宋简体 falls back to 黑体, 仿宋_GB2312 to 仿宋 (the font table's alternates)
    table = next(p for p in docx_000.part.package.iter_parts() if "fontTable" in p.partname)
    fonts = table.blob.decode("utf-8")
    assert re.search(r'w:name="方正小标宋简体">\s*<w:altName w:val="黑体"', fonts)
    assert re.search(r'w:name="仿宋_GB2312">\s*<w:altName w:val="仿宋"', fonts)


@pytest.mark.seeds
def test_word_report_page_is_a4_with_the_type_area_of_a_gongwen(docx_000: Any) -> None:
    section = docx_000.sections[0]

    def mm(*lengths: Any) -> Any:  # Word keeps lengths in twips: to 0.02 mm
        return pytest.approx([Mm(0) + length for length in lengths], abs=Mm(0.02))

    assert [section.page_width, section.page_height] == mm(Mm(210), Mm(297))
    assert [section.top_margin, section.left_margin] == mm(Mm(37), Mm(28))
    type_width = section.page_width - section.left_margin - section.right_margin
    type_height = section.page_height - section.top_margin - section.bottom_margin
    assert [type_width, type_height] == mm(Mm(156), Mm(225))
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines = 28.95 pt
    normal = docx_000.styles["Normal"]
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    condensed = normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))
    assert 28 * (16 + int(condensed) / 20) <= 156 / 25.4 * 72  # 28 characters to a line
    # — 1 — at the foot, odd pages right and even pages left, 4号 宋体
    assert docx_000.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, align in ((odd, "right"), (even, "left")):
        xml = footer._p.xml
        assert "PAGE" in xml and footer.text.startswith("— ") and footer.text.endswith(" —")
        assert 'w:eastAsia="宋体"' in xml and 'w:sz w:val="28"' in xml
        assert footer.paragraph_format.alignment.name.lower() == align


@pytest.mark.seeds
def test_word_tables_are_bordered_and_repeat_their_header_row(docx_000: Any) -> None:
    assert docx_000.tables
    for table in docx_000.tables:
        tbl = table._tbl
        borders = tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.tag.split("}")[1] for b in borders} >= {"top", "bottom", "insideH", "insideV"}
        first = tbl.tr_lst[0].trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in tbl.tr_lst)


@pytest.mark.seeds
def test_word_supervision_list_groups_lagging_targets_by_lead_unit(
    guangxi: Settings, docx_000: Any
) -> None:
    expected = [r for r in status_json(guangxi, SEED_000) if r["status"] in SUPERVISED]
    assert {r["status"] for r in expected} >= {"lagging", "off_track"}
    texts = [p.text for p in docx_000.paragraphs]
    start, end = texts.index("三、督办清单"), texts.index("四、重点指标趋势")
    part = texts[start:end]
    leads = {u for r in expected for u in r["lead_units"]}
    for lead in leads:
        assert any(re.fullmatch(rf"（[一二三四五六七八九十]+）{re.escape(lead)}", t) for t in part)
        partners = {u for r in expected if lead in r["lead_units"] for u in r["cooperating_units"]}
        said = next(t for t in part if t.startswith(f"牵头单位：{lead}；"))
        assert all(p in said for p in partners)
    listed = [
        int(cells(row)[0])
        for table in docx_000.tables
        if cells(table.rows[0])[-1] == "说明"
        for row in table.rows[1:]
    ]
    assert sorted(listed) == sorted(r["item_id"] for r in expected for _ in r["lead_units"])


@pytest.mark.seeds
def test_word_report_has_the_charts_and_the_sources_of_every_figure(
    guangxi: Settings, docx_000: Any
) -> None:
    record = reports.plan_report(guangxi, SEED_000, date(2023, 3, 31))
    assert [t.indicator for t in record.trends] == [
        "preschool_gross_enrolment_rate",
        "nine_year_compulsory_retention_rate",
        "upper_secondary_gross_enrolment_rate",
        "higher_education_gross_enrolment_rate",
    ]
    assert len(docx_000.inline_shapes) == 1 + len(record.trends)  # status chart, then trends
    captions = [p.text for p in docx_000.paragraphs if p.style.name == "图题"]
    assert captions[0] == "图1　各状态目标数"
    assert captions[1] == "图2　学前教育毛入园率（广西壮族自治区）"
    sources = next(t for t in docx_000.tables if cells(t.rows[0])[0] == "序号")
    rows = [cells(r) for r in sources.rows[1:]]
    assert len(rows) == 12  # the twelve values imported for 广西
    header = cells(sources.rows[0])
    origin = header.index("来源（文件:行或规划原文）")
    assert [r[origin] for r in rows] == [f"文件导入：进度.csv:{n}" for n in range(2, 14)]
    assert {r[header.index("记录人")] for r in rows} == {RECORDER}
    assert all(r[header.index("记录时间")] for r in rows)
    quotes = next(t for t in docx_000.tables if cells(t.rows[0])[2] == "规划原文")
    quoted = {int(cells(r)[0]): cells(r) for r in quotes.rows[1:]}
    for row in record.rows:
        assert row.quote in quoted[row.item_id][2]
        assert f"第{row.span.start}—{row.span.end}字符" in quoted[row.item_id][3]  # type: ignore[union-attr]


# --- the record and the same numbers everywhere -----------------------------------------------


@pytest.mark.seeds
def test_the_report_record_holds_exactly_the_rows_of_status(guangxi: Settings) -> None:
    view = tracking.status_view(guangxi, SEED_000, date(2023, 3, 31))
    record = reports.plan_report(guangxi, SEED_000, date(2023, 3, 31))
    assert record.rows == view.rows and record.counts == view.counts
    assert [r for s in record.sections for r in s.rows] == view.rows
    assert record.sections[0].title == "总体要求 / 总体目标"


@pytest.mark.seeds
def test_seed_004_reports_its_own_table_figures_without_any_import(
    guangxi: Settings, tmp_path: Path
) -> None:
    record = reports.plan_report(guangxi, SEED_004, date(2022, 12, 31))
    [row] = [
        r
        for r in record.rows
        if r.indicator == "preschool_gross_enrolment_rate" and r.target_year == 2020
    ]
    assert (row.baseline_value, row.latest_value, row.status) == (74.0, 94.67, "achieved")
    [trend] = [t for t in record.trends if t.indicator == "preschool_gross_enrolment_rate"]
    assert [(p.period, p.value) for p in trend.observations] == [("2015", 74.0), ("2020", 94.67)]
    assert [(p.period, p.value) for p in trend.targets] == [("2020", 90.0), ("2025", 93.0)]
    used = [s for s in record.sources if row.item_id in s.targets]
    assert {s.observation.source_kind for s in used} == {"plan"}
    assert any("94.67%" in s.observation.quote for s in used)
    md = make_report(guangxi, tmp_path / "钦州.md", "--plan", SEED_004, "--as-of", "2022-12-31")
    text = md.read_text(encoding="utf-8")
    row = "| 250 | 学前三年毛入园率 90%（2020年） | 74%（2015） | 94.67%（2020） | 129% | 100% |"
    assert row + " 已达成 |" in text
    assert "规划文本：004\\_c8c037ac93737e7c.txt：「" in text  # the plan sentence, and where


@pytest.mark.seeds
def test_xlsx_report_has_a_sheet_per_part_and_coloured_statuses(
    guangxi: Settings, tmp_path: Path
) -> None:
    out = make_report(guangxi, tmp_path / "进展.xlsx", "--plan", SEED_000, "--as-of", AS_OF)
    book = load_workbook(out)
    assert book.sheetnames == [
        "报告信息",
        "总体情况",
        "目标进展",
        "督办清单",
        "重点指标趋势",
        "目标原文",
        "监测数据来源",
    ]
    expected = status_json(guangxi, SEED_000)
    sheet = book["目标进展"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    ids = [r[header.index("编号")].value for r in rows]
    assert ids == [r["item_id"] for r in expected]
    status_col = header.index("状态")
    for cells_, want in zip(rows, expected, strict=True):
        cell = cells_[status_col]
        assert cell.value == want["status_label"]
        assert cell.fill.fgColor.rgb.endswith(STATUS_COLOURS[want["status"]][0])
    counts = {r[0].value: r[1].value for r in book["总体情况"].iter_rows(min_row=2)}
    assert counts["滞后"] == sum(r["status"] == "lagging" for r in expected)
    assert book["总体情况"]._charts
    supervised = [r for r in expected if r["status"] in SUPERVISED]
    assert book["督办清单"].max_row - 1 == sum(len(r["lead_units"]) for r in supervised)
    assert book["监测数据来源"].max_row - 1 == 12


@pytest.mark.seeds
def test_markdown_report_is_pipe_tables_under_the_same_headings(
    guangxi: Settings, tmp_path: Path
) -> None:
    out = make_report(guangxi, tmp_path / "进展.md", "--plan", SEED_000, "--as-of", AS_OF)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 《广西教育提质振兴三年行动计划（2021—2023年）》实施进展情况报告")
    for heading in ("## 一、总体情况", "## 三、督办清单", "## 附件：数据来源"):
        assert heading in text
    expected = status_json(guangxi, SEED_000)
    for row in expected:
        assert re.search(rf"^\| {row['item_id']} \|.*\| {row['status_label']} \|", text, re.M)
    assert "| 已达成 | 1 |" in text


# --- no data ---------------------------------------------------------------------------------


@pytest.mark.seeds
def test_a_plan_without_observations_says_no_data_plainly(bare: Settings, tmp_path: Path) -> None:
    record = reports.plan_report(bare, SEED_000, date(2023, 3, 31))
    assert not record.observed and not record.trends and not record.sources
    assert {r.status for r in record.rows} == {"no_data"}
    for fmt in ("docx", "md", "html", "xlsx"):
        write_report(record, fmt, tmp_path / f"无数据.{fmt}")
    text = (tmp_path / "无数据.md").read_text(encoding="utf-8")
    assert f"无数据{len(record.rows)}个" in text
    assert "本规划尚无监测数据" in text and "尚无监测数据，未绘制重点指标趋势图" in text
    assert "没有滞后、严重滞后或逾期未完成的目标" in text
    document = Document(str(tmp_path / "无数据.docx"))
    rows = progress_rows(document)
    assert len(rows) == len(record.rows) and {r[6] for r in rows} == {"无数据"}
    said = "\n".join(p.text for p in document.paragraphs)
    assert "本规划尚无监测数据" in said


# --- a region ----------------------------------------------------------------------------------


@pytest.mark.seeds
def test_region_report_for_guangxi_lists_lagging_regions_and_weaker_lower_plans(
    guangxi: Settings, tmp_path: Path
) -> None:
    record = reports.region_report(guangxi, "广西", date(2023, 3, 31))
    assert record.name == "广西壮族自治区" and len(record.plans) == 6
    lines = {line.name: line for line in record.regions}
    assert lines["广西壮族自治区"].level == "province" and lines["广西壮族自治区"].plans == 2
    assert lines["钦州市"].level == "city" and "高等教育毛入学率" in lines["钦州市"].lagging
    views = tracking.status_views(guangxi, date(2023, 3, 31))
    lagging = {(r.region, r.item_id) for v in views for r in v.rows if r.status in SUPERVISED}
    assert {(g.code, r.item_id) for g in record.lagging for r in g.rows} == lagging
    assert [g.code for g in record.lagging][:2] == [GUANGXI, QINZHOU]
    weaker = [f for f in analysis.check_plans(guangxi) if f.kind == "cascade_weaker"]
    assert weaker and [f.message for f in record.weaker] == [f.message for f in weaker]
    assert any(f.indicator == "preschool_gross_enrolment_rate" for f in record.weaker)
    total = sum(len(v.rows) for v in views)
    assert sum(record.counts.values()) == total
    for fmt in ("docx", "xlsx", "md"):
        make_report(guangxi, tmp_path / f"广西.{fmt}", "--region", "广西", "--as-of", AS_OF)
    text = (tmp_path / "广西.md").read_text(encoding="utf-8")
    assert "## 三、滞后的地区和指标" in text and "### （二）钦州市" in text
    assert "玉林市教育提质振兴三年行动实施方案" in text and "低于所贯彻的上级规划" in text
    document = Document(str(tmp_path / "广西.docx"))
    assert document.paragraphs[0].text == "广西壮族自治区教育规划实施进展督导报告"
    book = load_workbook(tmp_path / "广西.xlsx")
    assert book["下级目标低于上级"].max_row - 1 == len(weaker)
    assert book["滞后的地区和指标"].max_row - 1 == len(lagging)


# --- the command -------------------------------------------------------------------------------


def test_report_needs_a_plan_or_a_region_and_a_known_format(tmp_path: Path) -> None:
    both = run("report", "--plan", "x", "--region", "y", "-o", str(tmp_path / "a.docx"))
    assert both.exit_code == 2 and "--plan 或 --region" in both.output
    neither = run("report", "-o", str(tmp_path / "a.docx"))
    assert neither.exit_code == 2
    unknown = run("report", "--plan", "x", "-o", str(tmp_path / "a.pdf"))
    assert unknown.exit_code == 2 and "无法从文件名" in unknown.output
    clash = run("report", "--plan", "x", "--format", "md", "-o", str(tmp_path / "a.docx"))
    assert clash.exit_code == 2 and "不一致" in clash.output
    nowhere = str(tmp_path / "无.db")
    missing = run("report", "--plan", "x", "-o", str(tmp_path / "a.docx"), "--db", nowhere)
    assert missing.exit_code == 1 and "错误" in missing.output


@pytest.mark.seeds
def test_a_report_reads_the_same_on_every_backend(ledger_url: str, seeds: dict[str, Path]) -> None:
    settings = Settings(ledger_url)
    assert not ledger.ingest_paths(settings, [seeds["004"]]).failed
    record = reports.plan_report(settings, SEED_004, date(2022, 12, 31))
    achieved = [r for r in record.rows if r.status == "achieved"]
    assert len(achieved) == record.counts["achieved"] >= 4
    assert all(STATUS_LABELS[r.status] == r.status_label for r in record.rows)


# --- charts --------------------------------------------------------------------------------


def chart_warnings(draw: Any, *args: Any) -> list[str]:
    """What matplotlib warned while drawing (a glyph missing from the font: a box drawn)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = draw(*args)
    assert png.startswith(b"\x89PNG")
    return [str(w.message) for w in caught]


TREND = Trend(
    "preschool_gross_enrolment_rate",
    "学前教育毛入园率",
    GUANGXI,
    "%",
    observations=[TrendPoint("2020", 2020.0, 90.0), TrendPoint("2022", 2022.0, 92.0)],
    baselines=[TrendPoint("2020", 2020.0, 90.0, "基数")],
    targets=[TrendPoint("2023", 2023.0, 92.4, "目标 ≥92.4%")],
    forecasts=[TrendPoint("2023", 2023.0, 93.0, "预测")],
)
COUNTS = {"achieved": 1, "on_track": 1, "lagging": 1, "off_track": 1, "no_data": 88}


def test_charts_draw_their_chinese_words_in_a_cjk_font() -> None:
    if charts.cjk_font() is None:
        pytest.skip(charts.FONT_MISSING)
    assert chart_warnings(charts.status_png, COUNTS) == []
    assert chart_warnings(charts.trend_png, TREND) == []


def test_without_a_cjk_font_charts_leave_their_words_out_and_say_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    assert chart_warnings(charts.status_png, COUNTS) == []  # no glyph missing: no boxes
    assert chart_warnings(charts.trend_png, TREND) == []
    layout = Layout(
        "标题", "（截至2023年3月31日）", [Chart(1, "各状态目标数", "status", COUNTS)], "t"
    )
    assert write_docx(layout, tmp_path / "无字体.docx") == [charts.FONT_MISSING]
