"""One renderer for every view: a text table, csv, jsonl, json or an xlsx workbook.

A view is one or more parts (rows of records, or of plain rows, with their columns) and,
for json, the whole of its data. Every listing of the CLI, and later the web pages and the
reports, renders its view here, so that no two formats of one view can disagree.

Worked example: ``render(View.of(items, ITEM_COLUMNS), "table", out)`` writes an aligned
table of the people's columns (类型 目标, 关系 ≥, 数值 92.4%, 原文摘录 centred on the
figure); ``"jsonl"`` writes one object per item, keys in column order (doc, …, start, end)
and then the item's other fields.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import Column, ordered, plain

TEXT_FORMATS = ("table", "csv", "jsonl", "json")
FORMATS = (*TEXT_FORMATS, "xlsx")
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
    ".txt": "table",
}


@dataclass(slots=True)
class Part:
    """Rows with their columns: one table, one csv block, one sheet."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Any]


@dataclass(slots=True)
class View:
    """What a command shows: its parts, and the whole of its data for json.

    ``heading`` is printed above the text table and ``footer`` below it (共 14 条发现);
    ``chart`` may add a chart to the xlsx workbook.
    """

    parts: list[Part]
    data: Any = None
    heading: str = ""
    footer: str = ""
    chart: Callable[[Any], None] | None = None
    sheet_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Sequence[Any], columns: Sequence[Column], title: str = "") -> View:
        """A view of one part."""
        return cls([Part(title, columns, rows)])


def format_of(output: Path | None, fmt: str | None, default: str = "table") -> str:
    """The format asked: of a file, its suffix's (or --format's, for a suffix of no format;
    the two must agree); on screen --format's, else the default."""
    if output is None:
        return fmt or default
    by_suffix = SUFFIX_FORMATS.get(output.suffix.lower())
    if by_suffix is None and fmt is None:
        raise PlanWatchError(
            f"无法从文件名 {output.name} 判断输出格式：请用 .xlsx、.csv、.json、.jsonl、.txt，"
            "或用 --format 指明"
        )
    if by_suffix is not None and fmt is not None and fmt != by_suffix:
        raise PlanWatchError(f"--format {fmt} 与文件名 {output.name} 的格式（{by_suffix}）不一致")
    return by_suffix or fmt or default


# --- machine formats ------------------------------------------------------------------


def machine(value: Any, columns: Sequence[Column] = ()) -> Any:
    """A value as json holds it: a record's columns first (their raw values), then its
    other fields (a FLATTEN field's own fields in its place, NORMALIZED offsets left out);
    dates as ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {c.key: machine(c.value(value)) for c in columns}
        for f in dataclasses.fields(value):
            if f.metadata.get("normalized"):
                continue
            inner = getattr(value, f.name)
            if f.metadata.get("flatten") and dataclasses.is_dataclass(inner):
                for k, v in machine(inner).items():
                    out.setdefault(k, v)
            elif f.metadata.get("flatten") and inner is None:
                continue
            else:
                out.setdefault(f.name, machine(inner))
        return out
    if isinstance(value, Mapping):
        out = {c.key: machine(c.value(value)) for c in columns}
        for k, v in value.items():
            out.setdefault(k, machine(v))
        return out
    if isinstance(value, list | tuple):
        return [machine(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return value


def _json_data(view: View) -> Any:
    if view.data is not None:
        return machine(view.data)
    if len(view.parts) == 1:
        part = view.parts[0]
        return [machine(r, part.columns) for r in part.rows]
    return {p.title: [machine(r, p.columns) for r in p.rows] for p in view.parts}


def write_json(view: View, out: TextIO) -> None:
    json.dump(_json_data(view), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(view: View, out: TextIO) -> None:
    if view.data is not None:
        data = machine(view.data)
        for row in data if isinstance(data, list) else [data]:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    many = len(view.parts) > 1
    for part in view.parts:
        for row in part.rows:
            record = machine(row, part.columns)
            if many:
                record = {"part": part.title, **record}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- formats for people ---------------------------------------------------------------


def write_csv(view: View, out: TextIO) -> None:
    """Csv with Chinese headers, starting with a byte-order mark so that Excel and WPS read
    UTF-8; several parts follow each other, each under a 【title】 row."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for n, part in enumerate(view.parts):
        if len(view.parts) > 1:
            if n:
                writer.writerow([])
            writer.writerow([f"【{part.title}】"])
        columns = ordered(part.columns)
        writer.writerow([c.header for c in columns])
        writer.writerows([_csv_cell(c.cell(r)) for c in columns] for r in part.rows)


def _csv_cell(value: Any) -> str:
    return str(plain(value))


def write_table(view: View, out: TextIO) -> None:
    """Aligned text tables of the people's columns; a part without rows says （无）."""
    if view.heading:
        out.write(view.heading + "\n")
    for part in view.parts:
        if part.title and len(view.parts) > 1:
            out.write(part.title + "\n")
        columns = ordered(part.columns, for_table=True)
        if not part.rows:
            out.write("（无）\n")
            continue
        cells = [[_table_cell(c.table_cell(r)) for c in columns] for r in part.rows]
        widths = [c.width for c in columns]
        out.write(text_table([c.header for c in columns], cells, widths))
    if view.footer:
        out.write(view.footer + "\n")


def _table_cell(value: Any) -> str:
    return str(plain(value)).replace("\n", "⏎")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int, used: int) -> str:
    """The text cut to ``width`` display columns (… marks a cut), padded; ``used`` is its
    own width."""
    if used <= width:
        return text + " " * (width - used)
    out: list[str] = []
    taken = 0
    for ch in text:
        w = display_width(ch)
        if taken + w > width - 1:
            break
        out.append(ch)
        taken += w
    return "".join(out) + "…" + " " * (width - 1 - taken)


def text_table(
    names: list[str], cells: list[list[str]], limits: Sequence[int | None] | None = None
) -> str:
    """An aligned plain-text table that CJK text does not break; column n is cut at
    ``limits[n]`` display columns (None: never cut)."""
    limits = list(limits) if limits is not None else [40] * len(names)
    sizes = [[display_width(c) for c in row] for row in cells]
    widths = []
    for i, name in enumerate(names):
        natural = max([display_width(name)] + [row[i] for row in sizes])
        widths.append(natural if limits[i] is None else min(limits[i] or natural, natural))
    lines = ["  ".join(_fit(n, w, display_width(n)) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row, size in zip(cells, sizes, strict=True):
        line = "  ".join(_fit(c, w, u) for c, w, u in zip(row, widths, size, strict=True))
        lines.append(line)
    return "\n".join(line.rstrip() for line in lines) + "\n"


WRITERS: dict[str, Callable[[View, TextIO], None]] = {
    "table": write_table,
    "csv": write_csv,
    "jsonl": write_jsonl,
    "json": write_json,
}


def render(view: View, fmt: str, out: TextIO) -> None:
    """Write the view in a text format to a stream."""
    if fmt not in WRITERS:
        raise PlanWatchError(f"未知的输出格式：{fmt}（可用 {'、'.join(FORMATS)}）")
    WRITERS[fmt](view, out)


def save(view: View, fmt: str, path: Path) -> None:
    """Write the view to a file: xlsx as a workbook, any text format as UTF-8 text."""
    if fmt == "xlsx":
        from planwatch.present.xlsx import write_view

        write_view(view, path)
        return
    try:
        with path.open("w", encoding="utf-8", newline="") as out:
            render(view, fmt, out)
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc


def rows_text(rows: Iterable[Any], columns: Sequence[Column], fmt: str) -> str:
    """The rows rendered to a string (for tests and small outputs)."""
    import io

    out = io.StringIO()
    render(View.of(list(rows), columns), fmt, out)
    return out.getvalue()
