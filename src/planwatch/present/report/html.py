"""A report as one self-contained HTML file: the vendored ECharts and the CSS inlined, so
that it opens offline; printed, it is A4 with repeated table headers and whole rows.

Every text of a plan is escaped (Jinja2 autoescape; the charts' options travel as JSON in a
``<script type="application/json">`` element, ``tojson`` escaping ``<``, ``>`` and ``&``):
a plan may contain ``<script>``.
"""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import plain
from planwatch.present.report.layout import (
    SERIES_COLOURS,
    STATUS_COLOURS,
    SUMMARY_ORDER,
    Chart,
    Heading,
    Layout,
    Paragraph,
    Table,
)
from planwatch.present.report.record import Trend
from planwatch.records import STATUS_LABELS

FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
CSS = """
:root { --ink: #1a1a1a; --rule: #8c8c8c; --head: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f4f4f4;
  font-family: FONTS; font-size: 15px; line-height: 1.7; }
.report { max-width: 1100px; margin: 0 auto; padding: 32px 48px 48px; background: #fff; }
h1.title { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "SimHei",
  serif; font-size: 28px; font-weight: 700; text-align: center; margin: 16px 0 4px; }
p.subtitle { text-align: center; font-family: "楷体_GB2312", "KaiTi", "STKaiti", serif;
  margin: 0 0 24px; }
h2 { font-family: "黑体", "SimHei", FONTS; font-size: 20px; margin: 28px 0 8px; }
h3 { font-family: "楷体_GB2312", "KaiTi", "STKaiti", serif; font-size: 18px; margin: 20px 0 6px; }
p.body { text-indent: 2em; margin: 6px 0; }
p.note { text-indent: 2em; margin: 4px 0; color: #555; font-size: 13px; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 13px;
  line-height: 1.45; }
table.compact { font-size: 12px; }
th, td { border: 1px solid var(--rule); padding: 3px 5px; vertical-align: middle;
  overflow-wrap: anywhere; }
th { background: var(--head); font-weight: 700; text-align: center; position: sticky; top: 0; }
tr.subhead td { background: #f2f2f2; font-weight: 700; }
td.status { text-align: center; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
STATUS_RULES
figure.chart-figure { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
.chart { width: 100%; height: 300px; }
.chart-status { height: 260px; }
figcaption { text-align: center; font-size: 14px; margin-top: 4px; }
footer.generated { margin-top: 32px; color: #777; font-size: 12px; text-align: center; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "宋体", serif;
    font-size: 14pt; } }
@media print {
  body { background: #fff; font-size: 11pt; }
  .report { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  th { position: static; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .new-page { break-before: page; page-break-before: always; }
  .chart { width: 156mm; height: 80mm; }
  .chart-status { height: 70mm; }
  td.status, th, tr.subhead td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  footer.generated { display: none; }
}
"""


@cache
def echarts_source() -> str:
    """The vendored ECharts (src/planwatch/assets/echarts/echarts.min.js)."""
    path = resources.files("planwatch").joinpath("assets", "echarts", "echarts.min.js")
    return path.read_text("utf-8").replace("</script", "<\\/script")


def css() -> str:
    rules = "\n".join(
        f"td.s-{code} {{ background: #{fill}; color: #{text}; }}"
        for code, (fill, text, _chart) in STATUS_COLOURS.items()
    )
    return CSS.replace("FONTS", FONTS).replace("STATUS_RULES", rules)


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("planwatch.present.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


def render_html(layout: Layout) -> str:
    """The whole HTML file as a string."""
    from markupsafe import Markup

    blocks = [_block(b, layout.key) for b in layout.blocks]
    options = {b["id"]: b["option"] for b in blocks if b["kind"] == "chart"}
    text: str = _template().render(
        title=layout.title,
        subtitle=layout.subtitle,
        blocks=blocks,
        options=options,
        css=Markup(css()),
        echarts=Markup(echarts_source()),
    )
    return text


def write_html(layout: Layout, path: Path) -> None:
    try:
        path.write_text(render_html(layout), encoding="utf-8")
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc


def _block(block: Any, key: str) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {
            "kind": "heading",
            "level": block.level,
            "text": block.text,
            "new_page": block.new_page,
        }
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "note": block.note}
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Chart)
    option = _status_option(block.counts) if block.kind == "status" else _trend_option(block.trend)
    return {
        "kind": "chart",
        "id": f"chart-{key}-{block.number}",
        "chart_kind": block.kind,
        "number": block.number,
        "caption": block.caption,
        "option": option,
    }


def _table(table: Table) -> dict[str, Any]:
    total = sum(table.widths) or 1
    rows = []
    heading = ""
    for row in table.rows:
        sub = table.subhead(row) if table.subhead else ""
        status = table.status(row) if table.status else None
        cells = []
        for column in table.columns:
            text = str(plain(column.cell(row)))
            code = status if column.key == "status_label" and status else None
            cells.append({"text": text, "status": code, "number": bool(_NUMERIC.fullmatch(text))})
        rows.append({"sub": sub if sub and sub != heading else "", "cells": cells})
        heading = sub
    return {
        "kind": "table",
        "title": table.title,
        "compact": table.compact,
        "headers": [c.header for c in table.columns],
        "widths": [round(w * 100 / total, 2) for w in table.widths],
        "rows": rows,
    }


# --- ECharts options ------------------------------------------------------------------------

_NUMERIC = re.compile(r"-?[\d.,]+%?")
_TEXT = {"fontFamily": FONTS.replace('"', "")}


def _status_option(counts: Any) -> dict[str, Any]:
    codes = [*SUMMARY_ORDER, *(["not_due"] if counts.get("not_due") else [])][::-1]
    return {
        "animation": False,
        "textStyle": _TEXT,
        "grid": {"left": 90, "right": 40, "top": 10, "bottom": 30},
        "xAxis": {"type": "value", "minInterval": 1, "name": "目标数", "nameLocation": "end"},
        "yAxis": {"type": "category", "data": [STATUS_LABELS[c] for c in codes]},  # type: ignore[index]
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "bar",
                "barWidth": "60%",
                "label": {"show": True, "position": "right"},
                "data": [
                    {"value": counts.get(c, 0), "itemStyle": {"color": "#" + STATUS_COLOURS[c][2]}}
                    for c in codes
                ],
            }
        ],
    }


def _pairs(points: Any) -> list[dict[str, Any]]:
    return [{"value": [p.t, p.value], "name": p.label or p.period} for p in points]


def _trend_option(trend: Trend | None) -> dict[str, Any]:
    if trend is None:
        return {}
    every = [*trend.observations, *trend.baselines, *trend.targets, *trend.forecasts]
    first = math.floor(min(p.t for p in every))
    last = math.ceil(max(p.t for p in every))
    series: list[dict[str, Any]] = [
        {
            "name": "监测值",
            "type": "line",
            "data": _pairs(trend.observations),
            "symbolSize": 7,
            "z": 3,
            "itemStyle": {"color": SERIES_COLOURS["observations"]},
        },
        _scatter("基数", trend.baselines, "rect", "baselines"),
        {
            **_scatter("目标", trend.targets, "triangle", "targets"),
            "symbolSize": 13,
            "label": {"show": True, "position": "right", "formatter": "{b}", "fontSize": 11},
        },
    ]
    if trend.forecasts and trend.observations:
        start = trend.observations[-1]
        for point in trend.forecasts:
            series.append(
                {
                    "name": "预测值",
                    "type": "line",
                    "data": [[start.t, start.value], [point.t, point.value]],
                    "lineStyle": {"type": "dashed"},
                    "symbol": "diamond",
                    "symbolSize": 9,
                    "itemStyle": {"color": SERIES_COLOURS["forecasts"]},
                }
            )
    return {
        "animation": False,
        "textStyle": _TEXT,
        "grid": {"left": 50, "right": 150, "top": 36, "bottom": 30},
        "legend": {"top": 0},
        "tooltip": {"trigger": "item"},
        "xAxis": {
            "type": "value",
            "min": first,
            "max": last,
            "interval": max(1, math.ceil((last - first) / 10)),
            "name": "年份",
            "years": True,  # labels without thousands separators (set by the page's script)
        },
        "yAxis": {"type": "value", "name": trend.unit, "scale": True},
        "series": series,
    }


def _scatter(name: str, points: Any, symbol: str, key: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "scatter",
        "symbol": symbol,
        "symbolSize": 12,
        "data": _pairs(points),
        "itemStyle": {"color": SERIES_COLOURS[key]},
    }
