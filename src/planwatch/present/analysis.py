"""The views of compare, check and coverage as rows for people, and as workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planwatch.present.xlsx import Column, Sheet, write_workbook

KIND_NAMES = {"target": "目标", "baseline": "基数"}

FINDING_HEADERS = {
    "severity_name": "严重程度",
    "kind_name": "类型",
    "doc": "文件",
    "indicator_name": "指标",
    "year": "年份",
    "message": "说明",
    "figure_text": "本级原文数字",
    "quote": "本级原文摘录",
    "where": "本级位置",
    "other": "对照",
    "other_quote": "对照原文摘录",
    "other_where": "对照位置",
}
COMPARE_HEADERS = {
    "region": "地区",
    "level": "层级",
    "doc": "文件",
    "period": "规划期",
    "kind": "类型",
    "year": "年份",
    "figure": "数值",
    "subject": "原文对象",
    "quote": "原文摘录",
    "where": "位置",
}
SUMMARY_HEADERS = {
    "lower": "下级文件",
    "lower_region": "地区",
    "tasks": "上级任务数",
    "tasks_covered": "已承接",
    "tasks_partial": "部分承接",
    "tasks_not_covered": "未承接",
    "targets": "上级目标数",
    "targets_covered": "目标已承接",
    "targets_weaker": "目标弱于上级",
}
SECTION_HEADERS = {
    "section": "上级章节（工程）",
    "lower": "下级文件",
    "status_name": "承接情况",
    "tasks": "任务数",
    "covered": "已承接",
    "partial": "部分承接",
}
TASK_HEADERS = {
    "section": "上级章节",
    "label": "编号",
    "title": "上级任务",
    "lower": "下级文件",
    "status_name": "承接情况",
    "score": "相似度",
    "indicators": "下级同有目标的指标",
    "match_section": "下级章节",
    "match_title": "对应的下级任务",
    "where": "上级位置",
    "match_where": "下级位置",
}
TASK_TOTAL_HEADERS = {
    "section": "上级章节",
    "label": "编号",
    "title": "上级任务",
    "lowers": "下级文件数",
    "covered": "已承接",
    "partial": "部分承接",
    "not_covered": "未承接",
    "where": "上级位置",
}
TARGET_HEADERS = {
    "subject": "上级目标",
    "figure": "数值",
    "year": "年份",
    "lower": "下级文件",
    "status_name": "承接情况",
    "how": "依据",
    "score": "文字相似度",
    "verdict_name": "与上级比较",
    "matches": "下级对应目标",
    "quote": "上级原文摘录",
    "where": "上级位置",
}


def _where(start: Any, end: Any) -> str:
    return "" if start is None else f"{start}—{end}"


def finding_rows(findings: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per finding: this plan's evidence and the other side's."""
    rows = []
    for f in findings:
        first = f["evidence"][0] if f["evidence"] else {}
        others = f["evidence"][1:]
        rows.append(
            {
                **f,
                "figure_text": first.get("text", ""),
                "quote": first.get("quote") or first.get("text", ""),
                "where": _where(first.get("start"), first.get("end")),
                "other": "；".join(f"{e['role']}：{e['doc']} {e['text']}" for e in others),
                "other_quote": "；".join(e["quote"] for e in others if e["quote"]),
                "other_where": "；".join(
                    _where(e["start"], e["end"]) for e in others if e["start"] is not None
                ),
            }
        )
    return rows


def compare_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**r, "kind": KIND_NAMES.get(r["kind"], r["kind"]), "where": _where(r["start"], r["end"])}
        for r in view["rows"]
    ]


def coverage_rows(view: dict[str, Any], part: str) -> list[dict[str, Any]]:
    """The rows of one part of a coverage view (summary, sections, tasks, targets)."""
    rows = []
    for r in view[part]:
        row = dict(r)
        if "start" in r:
            row["where"] = _where(r["start"], r["end"])
        if "match_start" in r:
            row["match_where"] = _where(r["match_start"], r["match_end"])
        rows.append(row)
    return rows


def columns_for(headers: dict[str, str], wide: Sequence[str] = ()) -> list[Column]:
    return [Column(k, v, wide=k in wide) for k, v in headers.items()]


def write_findings_workbook(findings: Sequence[dict[str, Any]], path: Path) -> None:
    sheet = Sheet(
        "核查发现",
        columns_for(FINDING_HEADERS, ("message", "quote", "other_quote")),
        finding_rows(findings),
    )
    write_workbook([sheet], path)


def write_compare_workbook(view: dict[str, Any], path: Path) -> None:
    """The indicator's rows, and a chart sheet: one line per region, value by year."""
    name = view["indicator"]["name"]
    rows = compare_rows(view)
    sheet = Sheet(name[:31], columns_for(COMPARE_HEADERS, ("quote",)), rows)
    write_workbook([sheet], path, lambda book: _timeline_chart(book, view))


def _timeline_chart(book: Any, view: dict[str, Any]) -> None:
    """A scatter chart with lines, one series per region and kind, on a sheet of its own;
    nothing when no point has a year."""
    from openpyxl.chart import Reference, ScatterChart, Series

    series = [
        (s, sorted((p["year"], p["value"]) for p in s["points"] if p["year"]))
        for s in view["series"]
    ]
    series = [(s, points) for s, points in series if points]
    if not series:
        return
    data = book.create_sheet("图表数据")
    chart = ScatterChart()
    unit = view["indicator"]["unit"]
    chart.title = f"{view['indicator']['name']}：各地目标与基数"
    chart.x_axis.title, chart.y_axis.title = "年份", "" if unit == "ratio" else unit
    chart.style = 13
    row = 1
    for one, points in series:
        name = f"{one['region'] or '（未知地区）'}{KIND_NAMES.get(one['kind'], '')}"
        data.cell(row, 1, name)
        for n, (year, value) in enumerate(points):
            data.cell(row + 1 + n, 1, year)
            data.cell(row + 1 + n, 2, value)
        xs = Reference(data, min_col=1, min_row=row + 1, max_row=row + len(points))
        ys = Reference(data, min_col=2, min_row=row + 1, max_row=row + len(points))
        line = Series(ys, xs, title=name)
        line.marker.symbol = "circle" if one["kind"] == "target" else "triangle"
        chart.series.append(line)
        row += len(points) + 2
    chart.width, chart.height = 24, 12
    book.create_sheet("图表").add_chart(chart, "A1")


PROJECT_FIELDS = {"level": "学段", "district": "县区", "mode": "建设方式", "ownership": "性质"}


def project_headers(keys: Sequence[str]) -> dict[str, str]:
    """The columns of a project summary by the given fields."""
    return {k: PROJECT_FIELDS[k] for k in keys} | {"projects": "项目数", "seats": "学位数"}


def write_projects_workbook(rows: Sequence[dict[str, Any]], path: Path) -> None:
    keys = [k for k in (rows[0] if rows else {}) if k in PROJECT_FIELDS]
    write_workbook([Sheet("项目汇总", columns_for(project_headers(keys)), rows)], path)


def write_coverage_workbook(views: Sequence[dict[str, Any]], path: Path) -> None:
    """汇总, 章节, 任务汇总, 任务 and 目标 sheets over one or more coverage views."""

    def rows(part: str) -> list[dict[str, Any]]:
        out = []
        for view in views:
            higher = view["higher"]["name"]
            out += [{"higher": higher, **r} for r in coverage_rows(view, part)]
        return out

    higher = {"higher": "上级文件"}
    sheets = [
        Sheet("汇总", columns_for(higher | SUMMARY_HEADERS), rows("summary")),
        Sheet("章节", columns_for(higher | SECTION_HEADERS), rows("sections")),
        Sheet(
            "任务汇总", columns_for(higher | TASK_TOTAL_HEADERS, ("title",)), rows("task_totals")
        ),
        Sheet("任务", columns_for(higher | TASK_HEADERS, ("title", "match_title")), rows("tasks")),
        Sheet("目标", columns_for(higher | TARGET_HEADERS, ("matches", "quote")), rows("targets")),
    ]
    write_workbook(sheets, path)
