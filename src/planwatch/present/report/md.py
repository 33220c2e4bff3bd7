"""A report as Markdown, for pasting into other systems (OA, wikis, issue trackers).

Headings, paragraphs and pipe tables; a table's sub-headings break it into tables under bold
lines; a chart becomes a small table of its figures. Text from plans is escaped for
Markdown and for the HTML a Markdown renderer may let through (``<script>`` stays text).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import plain
from planwatch.present.report.layout import SUMMARY_ORDER, Chart, Heading, Layout, Paragraph, Table
from planwatch.records import STATUS_LABELS

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\n": " ",
        "\r": " ",
    }
)


def md_text(value: Any) -> str:
    """A text safe in a Markdown paragraph or table cell."""
    return str(plain(value)).translate(_ESCAPES)


def render_md(layout: Layout) -> str:
    lines = [f"# {md_text(layout.title)}", "", md_text(layout.subtitle), ""]
    for block in layout.blocks:
        lines += _block(block)
    return "\n".join(lines).rstrip() + "\n"


def write_md(layout: Layout, path: Path) -> None:
    try:
        path.write_text(render_md(layout), encoding="utf-8")
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc


def _block(block: Any) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {md_text(block.text)}", ""]
    if isinstance(block, Paragraph):
        return [f"> {md_text(block.text)}" if block.note else md_text(block.text), ""]
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Chart)
    return _chart(block)


def _pipe_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _table(table: Table) -> list[str]:
    headers = [md_text(c.header) for c in table.columns]
    out: list[str] = []
    pending: list[list[str]] = []
    heading = ""
    for row in table.rows:
        sub = table.subhead(row) if table.subhead else ""
        if sub and sub != heading:
            if pending:
                out += _pipe_table(headers, pending)
                pending = []
            out += [f"**{md_text(sub)}**", ""]
        heading = sub
        pending.append([md_text(c.cell(row)) for c in table.columns])
    if pending or not out:
        out += _pipe_table(headers, pending)
    return out


def _chart(chart: Chart) -> list[str]:
    out = [f"**图{chart.number}　{md_text(chart.caption)}**", ""]
    if chart.kind == "status":
        codes = [*SUMMARY_ORDER, *(["not_due"] if chart.counts.get("not_due") else [])]
        rows = [[STATUS_LABELS[c], str(chart.counts.get(c, 0))] for c in codes]  # type: ignore[index]
        return out + _pipe_table(["状态", "目标数"], rows)
    trend = chart.trend
    if trend is None:
        return out
    rows = []
    for kind, points in (
        ("监测值", trend.observations),
        ("基数", trend.baselines),
        ("目标", trend.targets),
        ("预测值", trend.forecasts),
    ):
        rows += [[kind, md_text(p.period), f"{p.value:g}", md_text(p.label)] for p in points]
    return out + _pipe_table(["类别", "期间", f"数值（{md_text(trend.unit)}）", "说明"], rows)
