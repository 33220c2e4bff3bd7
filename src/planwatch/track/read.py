"""Import files read into rows: csv or xlsx with Chinese or English headers, or a filled template.

``read_rows(path)`` keeps each value's row number and column letter, so that every problem
found later names the cell. A csv may be UTF-8 (with or without a byte-order mark) or GB18030
(what Excel saves on a Chinese Windows), found by ``planwatch.ingest``'s charset detection.
An xlsx is read with openpyxl in read-only mode; cells formatted as percentages (0.924 shown
as 92.4%) are read as 92.4%, dates in the period column as months. A reporting template
written by ``planwatch.present.template`` is recognised by its hidden key column; each filled
input cell becomes one row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planwatch.errors import UnreadableFile
from planwatch.ingest.decode import decode_text, read_bytes, sniff
from planwatch.records import TEMPLATE_KEY_HEADER
from planwatch.records import TEMPLATE_KEY_SEPARATOR as KEY_SEPARATOR
from planwatch.track.period import Period, parse_period
from planwatch.track.problems import BadPeriod
from planwatch.track.rows import Field, ImportFile, ImportRow, header_field

__all__ = ["KEY_SEPARATOR", "TEMPLATE_KEY_HEADER", "read_rows", "template_key"]

HEADER_SCAN_ROWS = 10  # a title or a note may stand above the header row
MAX_ROWS = 2_000_000  # a province's export of every county, indicator and year: about a million
MAX_DATA_BYTES = 256 * 1024 * 1024  # two million rows of csv take about 120 MB
MAX_COLUMNS = 200

_REFUSED = {
    "ole": "旧版 Excel（.xls）格式不支持，请另存为 .xlsx 或 .csv 后再导入",
    "pdf": "这是 PDF 文件；请导入 .xlsx 或 .csv 表格",
    "image": "这是图片文件；请导入 .xlsx 或 .csv 表格",
    "bad-pdf": "这是 PDF 文件；请导入 .xlsx 或 .csv 表格",
    "bad-docx": "不是有效的表格文件；请导入 .xlsx 或 .csv",
}


def template_key(item_id: int, region: str) -> str:
    """The hidden key of a template row: ``"17|450100000000"``."""
    return f"{item_id}{KEY_SEPARATOR}{region}"


@dataclass(frozen=True, slots=True)
class _Cell:
    """A cell's value as the file holds it and its Excel number format."""

    value: Any
    fmt: str = "General"


# A csv cell is its text (no _Cell: a million-row file holds millions of cells).
Cell = _Cell | str
Grid = list[list[Cell]]


def _letter(index: int) -> str:
    """The column letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _plain(number: float) -> str:
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return format(number, ".15g")


def _text(cell: Cell, name: Field | None = None) -> str:
    """A cell as the text a person sees, with the field's conventions."""
    if type(cell) is str:  # every csv cell
        return cell.strip()
    assert isinstance(cell, _Cell)
    value = cell.value
    if type(value) is str:  # most xlsx cells
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        if name == "period" and value.day == 1:
            return f"{value.year}-{value.month:02d}"  # Excel turns a typed 2022-09 into a date
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = float(value)
        if "%" in cell.fmt:
            return _plain(round(number * 100, 10)) + "%"
        if name == "period" and not number.is_integer():
            return f"{number:.2f}"  # 2022.1 is 2022.10 typed as a number: months have two digits
        return _plain(number)
    return str(value).strip()


def _csv_grid(path: Path, raw: bytes) -> Grid:
    text, _ = decode_text(path, raw, MAX_DATA_BYTES)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [list(row[:MAX_COLUMNS]) for row in _limited(path, rows)]
    except csv.Error as exc:
        raise UnreadableFile(path, f"CSV 格式错误（{exc}）") from exc


def _limited(path: Path, rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise UnreadableFile(path, f"行数过多（超过 {MAX_ROWS} 行），请按地区或年份拆分后导入")
        yield row


def _xlsx_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook as a grid of cells (row 1 first)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(path, "不是有效的 Excel（.xlsx）文件（已损坏或扩展名不对）") from exc
    try:
        grids = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
            rows = sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS)
            grid: Grid = [
                [_Cell(c.value, getattr(c, "number_format", "General") or "General") for c in row]
                for row in _limited(path, rows)
            ]
            grids.append(grid)
        return grids
    finally:
        book.close()


def _is_key(cell: Cell) -> bool:
    return _text(cell) == TEMPLATE_KEY_HEADER


def _header_score(row: list[Cell]) -> int:
    named = sum(1 for c in row if header_field(_text(c)) is not None)
    return named + (100 if any(_is_key(c) for c in row) else 0)


def _header_index(grid: Grid) -> int:
    """The row (0-based) among the first few that names the most fields; 0 if none does."""
    scores = [_header_score(row) for row in grid[:HEADER_SCAN_ROWS]]
    if not scores or max(scores) == 0:
        return 0
    return scores.index(max(scores))


@dataclass(slots=True)
class _Header:
    columns: dict[str, str] = field(default_factory=dict)  # field → letter
    indexes: dict[Field, int] = field(default_factory=dict)  # field → 0-based index
    duplicates: dict[Field, list[str]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    key: int | None = None  # the template's key column
    periods: list[tuple[int, Period]] = field(default_factory=list)  # template input columns


def _read_header(row: list[Cell]) -> _Header:
    header = _Header()
    for index, cell in enumerate(row):
        text, letter = _text(cell), _letter(index)
        name = header_field(text) if text else None
        if _is_key(cell):
            header.key = index
        elif name is not None and name in header.columns:
            header.duplicates.setdefault(name, [header.columns[name]]).append(letter)
        elif name is not None:
            header.columns[name], header.indexes[name] = letter, index
        elif text:
            header.ignored.append((letter, text))
    return header


def _plain_rows(name: str, grid: Grid, start: int, header: _Header) -> list[ImportRow]:
    rows = []
    columns = dict(header.columns)  # one mapping, shared by the file's rows
    for number, cells in enumerate(grid[start:], start=start + 1):
        values = {
            key: _text(cells[i], key) if i < len(cells) else "" for key, i in header.indexes.items()
        }
        if not any(values.values()):
            continue  # a blank row
        rows.append(ImportRow(file=name, row=number, columns=columns, **values))
    return rows


def _template_periods(row: list[Cell]) -> list[tuple[int, Period]]:
    found = []
    for index, cell in enumerate(row):
        try:
            found.append((index, parse_period(_text(cell))))
        except BadPeriod:
            continue
    return found


def _cell(cells: list[Cell], index: int | None, name: Field | None = None) -> str:
    if index is None or index >= len(cells):
        return ""
    return _text(cells[index], name)


def _template_rows(name: str, grid: Grid, start: int, header: _Header) -> list[ImportRow]:
    """One row per filled input cell: the key gives item and region, the header the period."""
    assert header.key is not None
    key_letter = _letter(header.key)
    source, note = header.indexes.get("source"), header.indexes.get("note")
    rows = []
    for number, cells in enumerate(grid[start:], start=start + 1):
        key = _cell(cells, header.key)
        item, _, region = key.partition(KEY_SEPARATOR)
        for index, period in header.periods:
            value = _cell(cells, index)
            if not value:
                continue
            letter = _letter(index)
            columns = {"item": key_letter, "region": key_letter, "period": letter, "value": letter}
            columns |= {k: header.columns[k] for k in ("source", "note") if k in header.columns}
            rows.append(
                ImportRow(
                    file=name,
                    row=number,
                    columns=columns,
                    item=item,
                    region=region,
                    period=str(period),
                    value=value,
                    source=_cell(cells, source),
                    note=_cell(cells, note),
                )
            )
    return rows


def _from_grid(name: str, grid: Grid) -> ImportFile:
    index = _header_index(grid)
    cells = grid[index] if grid else []
    header = _read_header(cells)
    if header.key is not None:
        header.periods = _template_periods(cells)
        rows = _template_rows(name, grid, index + 1, header)
        columns = dict(header.columns) | {
            "item": _letter(header.key),
            "region": _letter(header.key),
        }
        if header.periods:  # each period column holds the period (its header) and the values
            columns |= {
                "period": _letter(header.periods[0][0]),
                "value": _letter(header.periods[0][0]),
            }
        return ImportFile(
            file=name, header_row=index + 1, columns=columns, rows=rows, template=True
        )
    return ImportFile(
        file=name,
        header_row=index + 1,
        columns=dict(header.columns),
        rows=_plain_rows(name, grid, index + 1, header),
        duplicates=header.duplicates,
        ignored=header.ignored,
    )


def _best_sheet(grids: list[Grid]) -> Grid:
    """The template's data sheet, else the first sheet with a header, else the first sheet."""
    scored = [(max((_header_score(r) for r in g[:HEADER_SCAN_ROWS]), default=0), g) for g in grids]
    best = max(scored, key=lambda pair: pair[0], default=(0, []))
    return best[1] if best[0] > 0 else (grids[0] if grids else [])


def read_rows(path: Path) -> ImportFile:
    """The rows of a progress file (.csv or .xlsx); UnreadableFile names what is wrong with it.

    The header row (the first of the first ten rows that names the most fields) maps columns
    to fields; its unknown columns are listed in ``ignored``. Rows that are entirely blank are
    skipped; row numbers are those a spreadsheet shows.
    """
    path = Path(path)
    raw = read_bytes(path, MAX_DATA_BYTES)
    kind = sniff(raw, path.suffix.lower())
    if kind in _REFUSED:
        raise UnreadableFile(path, _REFUSED[kind])
    if kind == "docx":  # a zip: an xlsx, whatever its extension
        grid = _best_sheet(_xlsx_grids(path))
    else:
        grid = _csv_grid(path, raw)
    return _from_grid(path.name, grid)
