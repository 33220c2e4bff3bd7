"""Views as xlsx workbooks: one sheet per part, Chinese headers, frozen, filtered, fitted.

A workbook without a chart is written in openpyxl's write-only mode, row by row as the rows
come, so that the whole ledger can be exported in bounded memory; a sheet longer than Excel's
1,048,575 data rows continues on a sheet of the same name with （2）. Widths are fitted to the
first rows, as a person would set them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import Column, ordered, plain
from planwatch.present.render import View, display_width

MIN_WIDTH, MAX_WIDTH = 6, 60
FITTED_ROWS = 500  # rows read to fit the column widths
MAX_ROWS = 1_048_575  # data rows of one Excel sheet, under its header


def _cell_value(column: Column, row: Any) -> Any:
    """What a cell holds: numbers stay numbers (whole floats as integers), else what people
    see of the value."""
    raw = column.value(row)
    if column.show is plain and isinstance(raw, int | float) and not isinstance(raw, bool):
        return int(raw) if float(raw).is_integer() else raw
    return column.cell(row)


def write_view(view: View, path: Path, shown: Path | None = None) -> None:
    """A view as a workbook: one sheet per part (machine columns last), then its chart.
    ``shown`` names the file in messages when ``path`` is where it is being written."""
    sheets = [
        Sheet(_sheet_title(p.title, n), ordered(p.columns), p.rows)
        for n, p in enumerate(view.parts, start=1)
    ]
    write_workbook(sheets, path, view.chart, shown)


def _sheet_title(title: str, n: int) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\").strip("【】 ")
    return clean[:31] or f"表{n}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows (records or dicts; an iterator
    is read once)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]


def write_workbook(
    sheets: Sequence[Sheet],
    path: Path,
    finish: Callable[[Any], None] | None = None,
    shown: Path | None = None,
) -> None:
    """Write the sheets as an xlsx with bold frozen headers, filters and fitted widths;
    ``finish`` may add to the workbook (a chart) before it is saved. Without ``finish`` the
    rows are streamed (write-only mode).

    Control characters a plan may hold (\x01 from a PDF) are dropped from cells, which Excel
    forbids; any other error of openpyxl is a PlanWatchError naming the file.
    """
    from openpyxl import Workbook
    from openpyxl.utils import exceptions

    errors: tuple[type[Exception], ...] = (
        ValueError,  # "Cannot convert … to Excel"
        *(e for e in vars(exceptions).values() if isinstance(e, type) and issubclass(e, Exception)),
    )
    name = shown or path
    try:
        if finish is None:
            book = Workbook(write_only=True)
            for sheet in sheets:
                _stream_sheet(book, sheet)
        else:
            book = Workbook()
            book.remove(book.active)
            for sheet in sheets:
                _write_sheet(book.create_sheet(sheet.title), sheet.columns, list(sheet.rows))
            finish(book)
        book.save(path)
    except errors as exc:
        raise PlanWatchError(f"无法写入 {name}：表格内容无法存为 xlsx（{exc}）") from exc
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {name}：{os_reason(exc)}") from exc


def _clean(value: Any) -> Any:
    """A string without the control characters Excel forbids."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _widths(columns: Sequence[Column], rows: list[list[Any]]) -> list[int]:
    """Each column's width: its header's and its first rows' widest cell, within bounds."""
    widths = []
    for n, column in enumerate(columns):
        cells = [column.header, *(r[n] for r in rows[:FITTED_ROWS])]
        widest = max(display_width(str(v)) for v in cells if v is not None)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    return widths


def _stream_sheet(book: Any, sheet: Sheet) -> None:
    """One part as write-only sheets: header, fitted widths, filter, rows as they come."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = sheet.columns
    values: Iterator[list[Any]] = (
        [_clean(_cell_value(c, row)) for c in columns] for row in sheet.rows
    )
    wide = [n for n, c in enumerate(columns) if c.wide]
    wrap = Alignment(wrap_text=True, vertical="top")
    font, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    part = 0
    while True:
        page = list(itertools.islice(values, min(FITTED_ROWS, MAX_ROWS)))
        if part and not page:
            return
        part += 1
        out = book.create_sheet(sheet.title if part == 1 else f"{sheet.title[:27]}（{part}）")
        for n, width in enumerate(_widths(columns, page), start=1):
            out.column_dimensions[get_column_letter(n)].width = width
        out.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(out, column.header)
            cell.font, cell.fill = font, fill
            header.append(cell)
        out.append(header)
        count = 0
        for row in itertools.chain(page, itertools.islice(values, MAX_ROWS - len(page))):
            for n in wide:
                if row[n] not in (None, ""):
                    cell = WriteOnlyCell(out, row[n])
                    cell.alignment = wrap
                    row[n] = cell
            out.append(row)
            count += 1
        out.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
        if count < MAX_ROWS:
            return


def _write_sheet(sheet: Any, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    """One part as a sheet of a normal workbook (one that a chart is added to)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    values = [[_clean(_cell_value(c, row)) for c in columns] for row in rows]
    sheet.append([c.header for c in columns])
    for row in values:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    for n, (column, width) in enumerate(
        zip(columns, _widths(columns, values), strict=True), start=1
    ):
        letter = get_column_letter(n)
        sheet.column_dimensions[letter].width = width
        if column.wide:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
