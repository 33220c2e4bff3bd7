"""The columns and views of compare, check, coverage and projects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from planwatch.present.columns import (
    COVERAGE_STATUS,
    Column,
    indicator_name,
    named,
    simplified_subject,
)
from planwatch.present.figures import excerpt, figure
from planwatch.present.names import (
    FINDING_KIND_NAMES,
    ITEM_KIND_NAMES,
    SEVERITY_NAMES,
    VERDICT_NAMES,
)
from planwatch.present.render import Part, View, split_parts

# How sure a finding or a verdict is (analyze.plans.Confidence).
CONFIDENCE_NAMES = {"high": "高", "medium": "中", "low": "低"}
# A target the document records of the plan before it (Item.previous_plan), as compare shows it.
PREVIOUS_TARGET = "previous_target"
COMPARE_KIND_NAMES = {**ITEM_KIND_NAMES, PREVIOUS_TARGET: "上一规划期目标"}


def _where(start: Any, end: Any) -> str:
    return "" if start is None else f"{start}—{end}"


def _first(finding: Any) -> Any:
    return finding.evidence[0] if finding.evidence else None


def _others(finding: Any) -> Sequence[Any]:
    others: Sequence[Any] = finding.evidence[1:]
    return others


FINDING_COLUMNS = (
    Column("severity", "严重程度", named(SEVERITY_NAMES)),
    Column("kind", "类型", named(FINDING_KIND_NAMES)),
    Column("doc", "文件"),
    Column("indicator", "指标", indicator_name),
    Column("year", "年份"),
    Column("message", "说明", width=None, wide=True),
    Column("confidence", "把握", named(CONFIDENCE_NAMES)),
    Column("reason", "理由", wide=True, table=False),
    Column("figure_text", "本级原文数字", get=lambda f: _first(f).text if _first(f) else ""),
    Column(
        "quote",
        "本级原文摘录",
        get=lambda f: (_first(f).quote or _first(f).text) if _first(f) else "",
        brief=lambda f: excerpt(_first(f).quote, _first(f).text) if _first(f) else "",
        wide=True,
    ),
    Column(
        "other",
        "对照",
        get=lambda f: "；".join(f"{e.role}：{e.doc} {e.text}" for e in _others(f)),
        wide=True,
    ),
    Column(
        "other_quote",
        "对照原文摘录",
        get=lambda f: "；".join(e.quote for e in _others(f) if e.quote),
        brief=lambda f: "；".join(excerpt(e.quote, e.text) for e in _others(f) if e.quote),
        wide=True,
    ),
    Column(
        "where",
        "本级位置",
        get=lambda f: _where(_first(f).start, _first(f).end) if _first(f) else "",
        machine=True,
    ),
    Column(
        "other_where",
        "对照位置",
        get=lambda f: "；".join(_where(e.start, e.end) for e in _others(f) if e.start is not None),
        machine=True,
    ),
)


class Listing(Protocol):
    """Rows that say how many they are: a list, or a stream of known length read once."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...


def findings_view(findings: Listing) -> View:
    """The findings of check, one row each, with both sides' quotes (a list, or a sized
    stream read once)."""
    view = View.of(findings, FINDING_COLUMNS, "核查发现")
    view.footer = f"共 {len(findings)} 条发现。"
    return view


COMPARE_COLUMNS = (
    Column("region", "地区"),
    Column("level", "层级"),
    Column("doc", "文件"),
    Column("period", "规划期"),
    Column(
        "kind",
        "类型",
        named(COMPARE_KIND_NAMES),
        get=lambda r: PREVIOUS_TARGET if r.item.previous_plan else r.item.kind,
    ),
    Column("year", "年份", get=lambda r: r.item.year),
    Column("figure", "数值", get=lambda r: figure(r.item)),
    Column("subject", "原文对象", simplified_subject, get=lambda r: r.item.subject),
    Column(
        "quote",
        "原文摘录",
        get=lambda r: r.item.quote,
        brief=lambda r: excerpt(r.item.quote, r.item.text),
        wide=True,
    ),
    Column("start", "起", get=lambda r: r.item.span.start, machine=True),
    Column("end", "止", get=lambda r: r.item.span.end, machine=True),
)


def comparison_view(comparison: Any) -> View:
    """An indicator's rows, and for xlsx a chart sheet: one line per region, value by year."""
    info = comparison.indicator
    view = View([Part(info.name, COMPARE_COLUMNS, comparison.rows)], data=comparison)
    view.heading = f"指标：{info.name}（{info.id}）"
    view.chart = lambda book: _timeline_chart(book, comparison)
    return view


def _timeline_chart(book: Any, comparison: Any) -> None:
    """A scatter chart with lines, one series per region and kind, on a sheet of its own;
    nothing when no point has a year."""
    from openpyxl.chart import Reference, ScatterChart, Series

    series = [s for s in comparison.series if s.points]
    if not series:
        return
    data = book.create_sheet("图表数据")
    chart = ScatterChart()
    unit = comparison.indicator.unit
    chart.title = f"{comparison.indicator.name}：各地目标与基数"
    chart.x_axis.title, chart.y_axis.title = "年份", "" if unit == "ratio" else unit
    chart.style = 13
    row = 1
    for one in series:
        name = f"{one.region or '（未知地区）'}{ITEM_KIND_NAMES.get(one.kind, '')}"
        data.cell(row, 1, name)
        for n, point in enumerate(one.points):
            data.cell(row + 1 + n, 1, point.year)
            data.cell(row + 1 + n, 2, point.value)
        size = len(one.points)
        xs = Reference(data, min_col=1, min_row=row + 1, max_row=row + size)
        ys = Reference(data, min_col=2, min_row=row + 1, max_row=row + size)
        line = Series(ys, xs, title=name)
        line.marker.symbol = "circle" if one.kind == "target" else "triangle"
        chart.series.append(line)
        row += size + 2
    chart.width, chart.height = 24, 12
    book.create_sheet("图表").add_chart(chart, "A1")


PROJECT_KEY_HEADERS = {"level": "学段", "district": "县区", "mode": "建设方式", "ownership": "性质"}


def projects_view(rows: Sequence[Any], keys: Sequence[str]) -> View:
    """A project table summed by the given fields, with its totals below."""
    columns = [Column(k, PROJECT_KEY_HEADERS[k]) for k in keys]
    columns += [Column("projects", "项目数"), Column("seats", "学位数")]
    view = View.of(rows, columns, "项目汇总")
    total = sum(r.seats for r in rows)
    view.footer = f"合计：{sum(r.projects for r in rows)} 个项目，学位 {total:g} 个。"
    return view


_WHERE = Column("where", "上级位置", get=lambda r: _where(r.start, r.end), machine=True)
SUMMARY_COLUMNS = (
    Column("lower", "下级文件"),
    Column("lower_region", "地区"),
    Column("tasks", "上级任务数"),
    Column("tasks_covered", "已承接"),
    Column("tasks_partial", "部分承接"),
    Column("tasks_not_covered", "未承接"),
    Column("targets", "上级目标数"),
    Column("targets_covered", "目标已承接"),
    Column("targets_weaker", "目标弱于上级"),
)
SECTION_COLUMNS = (
    Column("section", "上级章节（工程）"),
    Column("lower", "下级文件"),
    Column("status", "承接情况", COVERAGE_STATUS),
    Column("tasks", "任务数"),
    Column("covered", "已承接"),
    Column("partial", "部分承接"),
)
TASK_COLUMNS = (
    Column("section", "上级章节"),
    Column("label", "编号"),
    Column("title", "上级任务", wide=True),
    Column("lower", "下级文件"),
    Column("status", "承接情况", COVERAGE_STATUS),
    Column("confidence", "把握", named(CONFIDENCE_NAMES)),
    Column("score", "词语见于下级"),
    Column("indicators", "下级同有目标的指标"),
    Column("match_section", "下级章节"),
    Column("match_title", "对应的下级任务", wide=True),
    Column("cite_kind", "引文出处", table=False),
    Column(
        "cite_quote",
        "下级原文摘录",
        brief=lambda r: excerpt(r.cite_quote, ""),
        wide=True,
    ),
    Column("reason", "理由", wide=True, table=False),
    Column("garbled", "乱码", table=False),
    _WHERE,
    Column("cite_where", "下级位置", get=lambda r: _where(r.cite_start, r.cite_end), machine=True),
    Column(
        "match_where",
        "下级任务位置",
        get=lambda r: _where(r.match_start, r.match_end),
        machine=True,
    ),
)
TASK_TOTAL_COLUMNS = (
    Column("section", "上级章节"),
    Column("label", "编号"),
    Column("title", "上级任务", wide=True),
    Column("lowers", "下级文件数"),
    Column("covered", "已承接"),
    Column("partial", "部分承接"),
    Column("not_covered", "未承接"),
    _WHERE,
)
TARGET_COLUMNS = (
    Column("subject", "上级目标", simplified_subject),
    Column("figure", "数值"),
    Column("year", "年份"),
    Column("lower", "下级文件"),
    Column("status", "承接情况", COVERAGE_STATUS),
    Column("how", "依据"),
    Column("score", "文字相似度"),
    Column("verdict", "与上级比较", named(VERDICT_NAMES)),
    Column("confidence", "把握", named(CONFIDENCE_NAMES)),
    Column("matches", "下级对应目标", wide=True),
    Column("reason", "理由", wide=True, table=False),
    Column("quote", "上级原文摘录", wide=True, table=False),
    _WHERE,
)
_HIGHER = Column("higher", "上级文件", get=lambda pair: pair[0])


def _in(columns: Sequence[Column]) -> list[Column]:
    """Columns of a row paired with its higher plan's file name: (name, row)."""
    return [_HIGHER] + [_second(c) for c in columns]


def _second(column: Column) -> Column:
    """The column read from the second member of a pair."""
    brief = column.brief

    def get(pair: Any) -> Any:
        return column.value(pair[1])

    def brief_of(pair: Any) -> Any:
        return brief(pair[1]) if brief else None

    return dataclasses.replace(column, get=get, brief=brief_of if brief else None)


COVERAGE_PARTS = (
    ("summary", "汇总", SUMMARY_COLUMNS),
    ("sections", "章节（工程）", SECTION_COLUMNS),
    ("task_totals", "各任务的承接情况", TASK_TOTAL_COLUMNS),
    ("tasks", "任务", TASK_COLUMNS),
    ("targets", "目标", TARGET_COLUMNS),
)


def coverage_view(views: Iterable[Any], data: Any) -> View:
    """One or more coverages: for the text table each higher plan's parts in turn; for csv
    and xlsx each part once, every row with its higher plan's file. Coverages that come one
    at a time (an iterator) are spooled to disk, part by part, as they come."""

    def rows_of(key: str) -> Callable[[Any], list[Any]]:
        return lambda v: [(v.higher.name, r) for r in getattr(v, key)]

    splits = [rows_of(key) for key, _title, _columns in COVERAGE_PARTS]
    if isinstance(views, Sequence):
        rows: list[Iterable[Any]] = [[r for v in views for r in split(v)] for split in splits]
    else:
        rows = split_parts(views, splits)
    parts = [
        Part(title, _in(columns), part_rows)
        for (_key, title, columns), part_rows in zip(COVERAGE_PARTS, rows, strict=True)
    ]
    return View(parts, data=data)


def coverage_tables(view: Any) -> View:
    """One coverage as the text table shows it: its parts under the higher plan's name."""
    parts = [
        Part(title, columns, getattr(view, key))
        for key, title, columns in COVERAGE_PARTS
        if key != "task_totals" or len(view.lowers) > 1
    ]
    if len(view.lowers) > 1:
        parts[2].title = f"各任务的承接情况（{len(view.lowers)} 个下级文件）"
    top = view.higher
    return View(parts, heading=f"【上级规划】{top.name}  {top.title}")
