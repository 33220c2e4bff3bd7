"""A report as an xlsx workbook: one sheet per part of the report, the status cells coloured,
a bar chart of the statuses on the summary sheet (written by ``present.xlsx``: bold frozen
headers, filters, fitted widths)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planwatch.present.columns import Column
from planwatch.present.report.columns import plan_columns, region_columns
from planwatch.present.report.layout import (
    METHOD,
    STATUS_COLOURS,
    SUMMARY_ORDER,
    counts_sentence,
    day_text,
    plan_title,
)
from planwatch.present.report.record import PlanReport, RegionReport
from planwatch.present.xlsx import Sheet, write_workbook
from planwatch.records import STATUS_LABELS

STATUS_HEADER = "状态"
SUMMARY_SHEET = "总体情况"
_BY_LABEL = {label: code for code, label in STATUS_LABELS.items()}
ABOUT_COLUMNS = (Column("item", "项目"), Column("content", "内容", wide=True))
COUNT_COLUMNS = (
    Column("label", STATUS_HEADER),
    Column("count", "目标数"),
    Column("share", "占比"),
)


def _on(columns: Sequence[Column], pick: Callable[[Any], Any]) -> tuple[Column, ...]:
    """The columns of a record, read from the record ``pick`` finds in a row."""

    def reader(column: Column) -> Callable[[Any], Any]:
        return lambda row: column.value(pick(row))

    return tuple(Column(c.key, c.header, c.show, get=reader(c), wide=c.wide) for c in columns)


def _records(rows: Sequence[Any]) -> Any:
    """Rows of records for a Sheet (its columns read records as well as dicts)."""
    return rows


def _counts(counts: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(counts.values()) or 1
    codes = [*SUMMARY_ORDER, *(["not_due"] if counts.get("not_due") else [])]
    return [
        {
            "label": STATUS_LABELS[c],  # type: ignore[index]
            "count": counts.get(c, 0),
            "share": f"{counts.get(c, 0) * 100 / total:.0f}%",
        }
        for c in codes
    ]


def _about(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"item": k, "content": v} for k, v in pairs if v]


def plan_sheets(report: PlanReport) -> list[Sheet]:
    """The sheets of a plan report."""
    doc = report.document
    columns = plan_columns(report)
    period = f"{doc.period_start}—{doc.period_end}年" if doc.period_start else ""
    whole = f"截至{day_text(report.as_of)}，本规划"
    about = _about(
        [
            ("报告", plan_title(report)),
            ("规划", doc.title or doc.name),
            ("文号", doc.doc_number),
            ("发文机关", doc.issuer),
            ("规划期", period),
            ("评估日期", report.as_of.isoformat()),
            ("生成时间", report.generated.isoformat(sep=" ")),
            ("总体情况", counts_sentence(report.counts, whole)),
            ("计算方法", METHOD),
        ]
    )
    progress = (
        Column("section", "所在章节", wide=True),
        *columns.progress[:2],
        columns.target_value,
        *columns.progress[2:],
        Column("lead_units", "牵头单位"),
        Column("cooperating_units", "配合单位"),
        Column("reason", "说明", wide=True),
    )
    led = [(g.lead, g.cooperating, r) for g in report.supervision for r in g.rows]
    supervised = (
        Column("lead", "牵头单位", get=lambda r: r[0]),
        Column("cooperating", "配合单位", get=lambda r: r[1]),
        *_on(columns.supervised, lambda r: r[2]),
    )
    return [
        Sheet("报告信息", ABOUT_COLUMNS, about),
        Sheet(SUMMARY_SHEET, COUNT_COLUMNS, _counts(report.counts)),
        Sheet("目标进展", progress, _records(report.rows)),
        Sheet("督办清单", supervised, _records(led)),
        Sheet("重点指标趋势", TREND_COLUMNS, _trend_rows(report)),
        Sheet("目标原文", columns.quotes, _records(report.rows)),
        Sheet("监测数据来源", columns.sources, _records(report.sources)),
    ]


TREND_COLUMNS = (
    Column("indicator", "指标"),
    Column("region", "地区"),
    Column("kind", "类别"),
    Column("period", "期间"),
    Column("value", "数值"),
    Column("label", "说明"),
)


def _trend_rows(report: PlanReport) -> list[dict[str, Any]]:
    rows = []
    for trend in report.trends:
        region = report.region_names.get(trend.region, trend.region)
        for kind, points in (
            ("监测值", trend.observations),
            ("基数", trend.baselines),
            ("目标", trend.targets),
            ("预测值", trend.forecasts),
        ):
            rows += [
                {
                    "indicator": trend.name,
                    "region": region,
                    "kind": kind,
                    "period": p.period,
                    "value": p.value,
                    "label": p.label,
                }
                for p in points
            ]
    return rows


def region_sheets(report: RegionReport) -> list[Sheet]:
    """The sheets of a region report."""
    columns = region_columns(report)
    whole = f"截至{day_text(report.as_of)}，{report.name}及所辖地区的{len(report.plans)}个规划"
    about = _about(
        [
            ("报告", f"{report.name}教育规划实施进展督导报告"),
            ("地区", report.name),
            ("评估日期", report.as_of.isoformat()),
            ("生成时间", report.generated.isoformat(sep=" ")),
            ("总体情况", counts_sentence(report.counts, whole)),
            ("计算方法", METHOD),
        ]
    )
    regions = (*columns.regions, Column("lagging", "滞后的指标", wide=True))
    lagging = [(g.name, r) for g in report.lagging for r in g.rows]
    return [
        Sheet("报告信息", ABOUT_COLUMNS, about),
        Sheet(SUMMARY_SHEET, COUNT_COLUMNS, _counts(report.counts)),
        Sheet("各规划", columns.plans, _records(report.plans)),
        Sheet("各地区", regions, _records(report.regions)),
        Sheet(
            "滞后的地区和指标",
            (Column("region", "地区", get=lambda r: r[0]), *_on(columns.lagging, lambda r: r[1])),
            _records(lagging),
        ),
        Sheet("下级目标低于上级", columns.weaker, _records(report.weaker)),
        Sheet("监测数据来源", columns.sources, _records(report.sources)),
    ]


def _finish(book: Any) -> None:
    """Colour every status cell; chart the statuses on the summary sheet."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    for sheet in book.worksheets:
        headers = [c.value for c in sheet[1]]
        if STATUS_HEADER not in headers:
            continue
        col = headers.index(STATUS_HEADER) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            code = _BY_LABEL.get(str(cell.value))
            if code:
                fill, text, _chart = STATUS_COLOURS[code]
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = Font(color=text)
    summary = book[SUMMARY_SHEET]
    chart = BarChart()
    chart.type = "bar"
    chart.title = "各状态目标数"
    chart.legend = None
    rows = summary.max_row
    chart.add_data(Reference(summary, min_col=2, min_row=1, max_row=rows), titles_from_data=True)
    chart.set_categories(Reference(summary, min_col=1, min_row=2, max_row=rows))
    summary.add_chart(chart, "E2")


def write_xlsx(report: PlanReport | RegionReport, path: Path) -> None:
    sheets = plan_sheets(report) if isinstance(report, PlanReport) else region_sheets(report)
    write_workbook(sheets, path, _finish)
