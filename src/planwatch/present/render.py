"""One renderer for every view: a text table, csv, jsonl, json or an xlsx workbook.

A view is one or more parts (rows of records, or of plain rows, with their columns) and,
for json, the whole of its data. Every listing of the CLI, and later the web pages and the
reports, renders its view here, so that no two formats of one view can disagree.

Worked example: ``render(View.of(items, ITEM_COLUMNS), "table", out)`` writes an aligned
table of the people's columns (类型 目标, 关系 ≥, 数值 92.4%, 原文摘录 centred on the
figure); ``"jsonl"`` writes one object per item, keys in column order (doc, …, start, end)
and then the item's other fields.

Rows may be any iterable, a query's rows as the database yields them: every format writes
row by row, so memory is bounded by a page of rows, not by the ledger. The text table fits
its column widths to the first ``PAGE`` rows; json writes one record per line.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import Column, ordered, plain, shown_rows
from planwatch.spool import Spool

PAGE = 1000  # rows a text table reads ahead to fit its column widths
MEASURED = 50_000  # texts whose display width a text table remembers
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
    """Rows with their columns: one table, one csv block, one sheet. The rows may be an
    iterator (read once, as the query yields them)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]


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
    def of(cls, rows: Iterable[Any], columns: Sequence[Column], title: str = "") -> View:
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
        return _record(value, columns)
    if isinstance(value, Mapping):
        out = {c.key: machine(c.value(value)) for c in columns}
        for k, v in value.items():
            out.setdefault(k, machine(v))
        return out
    if isinstance(value, list | tuple):
        if columns:  # a row of a part that is a tuple: its columns are all it has
            return {c.key: machine(c.value(value)) for c in columns}
        return [machine(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _record(value: Any, columns: Sequence[Column]) -> dict[str, Any]:
    """A record (a dataclass) as json holds it: see ``machine``."""
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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _lazy(value: Any) -> bool:
    """Rows still to be read: an iterator (or spooled rows), not a list the view holds."""
    return isinstance(value, Iterator | _SpooledPart)


def _write_rows_json(rows: Iterable[Any], columns: Sequence[Column], out: TextIO) -> None:
    """A json array, one record per line, written as the rows come."""
    out.write("[")
    empty = True
    for row in rows:
        out.write("\n" if empty else ",\n")
        out.write(_dumps(machine(row, columns)))
        empty = False
    out.write("]" if empty else "\n]")


def _write_data_json(value: Any, out: TextIO) -> None:
    """A view's data as json: a record whose fields are row iterators (the whole ledger)
    is written field by field and each iterator row by row; anything else at once."""
    if _lazy(value):
        _write_rows_json(value, (), out)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        if not any(_lazy(getattr(value, f.name)) for f in fields):
            out.write(_dumps(machine(value)))
            return
        out.write("{")
        for n, f in enumerate(fields):
            out.write(f"{',' if n else ''}\n{_dumps(f.name)}: ")
            _write_data_json(getattr(value, f.name), out)
        out.write("\n}")
    elif isinstance(value, list):
        _write_rows_json(value, (), out)
    else:
        out.write(_dumps(machine(value)))


def write_json(view: View, out: TextIO) -> None:
    """The view's data, or its rows (one array for one part, an object of arrays by part
    title for several), one record per line."""
    if view.data is not None:
        _write_data_json(view.data, out)
    elif len(view.parts) == 1:
        part = view.parts[0]
        _write_rows_json(part.rows, part.columns, out)
    else:
        out.write("{")
        for n, part in enumerate(view.parts):
            out.write(f"{',' if n else ''}\n{_dumps(part.title)}: ")
            _write_rows_json(part.rows, part.columns, out)
        out.write("\n}")
    out.write("\n")


def write_jsonl(view: View, out: TextIO) -> None:
    if view.data is not None and not _has_lazy(view.data):
        data = machine(view.data)
        for row in data if isinstance(data, list) else [data]:
            out.write(_dumps(row) + "\n")
        return
    many = len(view.parts) > 1
    for part in view.parts:
        for row in part.rows:
            record = machine(row, part.columns)
            if many:
                record = {"part": part.title, **record}
            out.write(_dumps(record) + "\n")


def _has_lazy(value: Any) -> bool:
    if _lazy(value):
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(_lazy(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


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
        writer.writerows([_csv_cell(v) for v in r] for r in shown_rows(columns, part.rows))


def _csv_cell(value: Any) -> str:
    return str(plain(value))


def write_table(view: View, out: TextIO) -> None:
    """Aligned text tables of the people's columns; a part without rows says （无）.

    Column widths fit the first ``PAGE`` rows. A later, longer cell is shown as a table of
    all the rows would show it (cut only at its column's limit), so that no figure is lost;
    its row then stands out of line.
    """
    if view.heading:
        out.write(view.heading + "\n")
    for part in view.parts:
        if part.title and len(view.parts) > 1:
            out.write(part.title + "\n")
        columns = ordered(part.columns, for_table=True)
        rows = (
            [v.replace("\n", "⏎") if type(v) is str else _table_cell(v) for v in r]
            for r in shown_rows(columns, part.rows, brief=True)
        )
        pages = _pages(rows)
        page = next(pages, None)
        if page is None:
            out.write("（无）\n")
            continue
        table = TextTable([c.header for c in columns], page, [c.width for c in columns])
        out.write(table.head())
        out.write(table.lines(page))
        for more in pages:
            out.write(table.block(more, grow=True))
    if view.footer:
        out.write(view.footer + "\n")


def _pages(rows: Iterator[list[str]]) -> Iterator[list[list[str]]]:
    """The rows ``PAGE`` at a time."""
    while page := list(itertools.islice(rows, PAGE)):
        yield page


def _table_cell(value: Any) -> str:
    """A value that is not text as the table shows it (text only has its line breaks
    marked, inline where the rows are made)."""
    return str(plain(value)).replace("\n", "⏎")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide characters (CJK; East Asian width W or F)
    take two."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, int]):
    """Each character's width, asked of unicodedata the first time it is seen (the lookups
    that follow run in C: a long table measures millions of characters)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def _fit(text: str, width: int, used: int) -> str:
    """The text cut to ``width`` display columns (… marks a cut), padded; ``used`` is its
    own width."""
    if used <= width:
        return text + " " * (width - used)
    out: list[str] = []
    taken = 0
    for ch in text:
        w = _WIDTHS[ch]
        if taken + w > width - 1:
            break
        out.append(ch)
        taken += w
    return "".join(out) + "…" + " " * (width - 1 - taken)


class TextTable:
    """An aligned plain-text table that CJK text does not break: widths fitted to the rows
    it is given (column n cut at ``limits[n]`` display columns; None: never cut)."""

    def __init__(
        self, names: list[str], cells: list[list[str]], limits: Sequence[int | None]
    ) -> None:
        self.names = names
        self.limits = list(limits)
        self.seen: dict[str, int] = {}  # texts measured, by this table only
        measure = self.measure
        self.sizes = [
            [len(c) if c.isascii() else measure(c, lim) for c, lim in zip(row, limits, strict=True)]
            for row in cells
        ]
        widths = [display_width(n) for n in names]
        if self.sizes:  # each column's widest cell, read down the column
            columns = zip(*self.sizes, strict=True)
            widths = [max(w, *column) for w, column in zip(widths, columns, strict=True)]
        self.widths = [
            w if lim is None else min(lim, w) for w, lim in zip(widths, limits, strict=True)
        ]

    def measure(self, text: str, bound: int | None) -> int:
        """The text's display width; or, when it has more characters than ``bound`` columns
        (so it is wider still and will be cut), its length, without measuring it (a long
        quote). Each text is measured once for the table: its cells repeat (a coverage's
        higher task on the row of every lower plan)."""
        if bound is not None and len(text) > bound:
            return len(text)
        width = self.seen.get(text)
        if width is None:
            if len(self.seen) >= MEASURED:  # a long listing of distinct texts
                self.seen.clear()
            width = self.seen[text] = display_width(text)
        return width

    def head(self) -> str:
        """The header line and the rule under it."""
        names = [display_width(n) for n in self.names]
        return self.block([self.names], [names]) + "  ".join("-" * w for w in self.widths) + "\n"

    def lines(self, rows: list[list[str]]) -> str:
        """The rows the widths were fitted to (measured once)."""
        return self.block(rows, self.sizes)

    def block(
        self,
        rows: Sequence[Sequence[str]],
        sizes: list[list[int]] | None = None,
        grow: bool = False,
    ) -> str:
        """The rows' lines, each cell padded or cut to its column (``sizes``: the cells'
        widths, when already measured); with ``grow`` a longer cell is cut only at its limit.
        A column at a time: its cells measured and padded by one comprehension each."""
        columns = []
        for n, (width, limit) in enumerate(zip(self.widths, self.limits, strict=True)):
            texts = [row[n] for row in rows]
            if sizes is not None:
                used = [size[n] for size in sizes]
            else:  # ascii: most cells of figures, years and file names
                bound = limit if grow else width
                used = [len(t) if t.isascii() else self.measure(t, bound) for t in texts]
            columns.append(
                [
                    t + " " * (width - u)
                    if u <= width
                    else _fit(t, _cut_at(u, width, limit, grow), u)
                    for t, u in zip(texts, used, strict=True)
                ]
            )
        return "".join("  ".join(cells).rstrip() + "\n" for cells in zip(*columns, strict=True))


def _cut_at(used: int, width: int, limit: int | None, grow: bool) -> int:
    """Where a cell wider than its column is cut: at the column's width, or, when the table
    grows past its first rows, at the column's limit (never, without one)."""
    if not grow:
        return width
    return used if limit is None else min(used, limit)


def text_table(
    names: list[str], cells: list[list[str]], limits: Sequence[int | None] | None = None
) -> str:
    """An aligned plain-text table of all the cells (see ``TextTable``)."""
    table = TextTable(names, cells, list(limits) if limits is not None else [40] * len(names))
    return table.head() + table.lines(cells)


WRITERS: dict[str, Callable[[View, TextIO], None]] = {
    "table": write_table,
    "csv": write_csv,
    "jsonl": write_jsonl,
    "json": write_json,
}


def render(view: View, fmt: str, out: TextIO) -> None:
    """Write the view in a text format to a stream. The first row of each part is read
    before anything is written, so that a query's error leaves no half-written output."""
    if fmt not in WRITERS:
        raise PlanWatchError(f"未知的输出格式：{fmt}（可用 {'、'.join(FORMATS)}）")
    if view.data is None or fmt in ("table", "csv"):  # the formats that write the parts
        for part in view.parts:
            part.rows = primed(part.rows)
    WRITERS[fmt](view, out)


class _SpooledPart:
    """One part's rows of ``split_parts``: iterating any part first reads the whole source
    into every part's spool."""

    def __init__(self, shared: dict[str, Any], n: int) -> None:
        self.shared, self.n = shared, n

    def __iter__(self) -> Iterator[Any]:
        spools: list[Spool] | None = self.shared.get("spools")
        if spools is None:
            spools = [Spool() for _ in self.shared["split"]]
            for whole in self.shared["source"]:
                for spool, rows_of in zip(spools, self.shared["split"], strict=True):
                    for row in rows_of(whole):
                        spool.add(row)
            self.shared["spools"] = spools
        return spools[self.n].read()


def split_parts(
    source: Iterable[Any], split: Sequence[Callable[[Any], Iterable[Any]]]
) -> list[Iterable[Any]]:
    """The rows of several parts that come together (each thing of ``source`` gives rows to
    every part: a coverage's tasks, its targets …) as one iterable per part, so that each part
    is written whole after the other. The rows wait on disk, not in memory; nothing is read
    until a part is."""
    shared: dict[str, Any] = {"source": source, "split": split}
    return [_SpooledPart(shared, n) for n in range(len(split))]


def primed(rows: Iterable[Any]) -> Iterable[Any]:
    """The rows, the first of an iterator already read (a query starts, or fails, here)."""
    if not _lazy(rows):
        return rows
    it = iter(rows)
    for first in it:
        return itertools.chain([first], it)
    return []


def save(view: View, fmt: str, path: Path) -> None:
    """Write the view to a file: xlsx as a workbook, any text format as UTF-8 text. The file
    is written beside its name and renamed when complete: an error leaves no half file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        if fmt == "xlsx":
            from planwatch.present.xlsx import write_view

            write_view(view, partial, shown=path)
        else:
            with partial.open("w", encoding="utf-8", newline="") as out:
                render(view, fmt, out)
        os.replace(partial, path)
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc
    finally:
        partial.unlink(missing_ok=True)


def rows_text(rows: Iterable[Any], columns: Sequence[Column], fmt: str) -> str:
    """The rows rendered to a string (for tests and small outputs)."""
    import io

    out = io.StringIO()
    render(View.of(list(rows), columns), fmt, out)
    return out.getvalue()
