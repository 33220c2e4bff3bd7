"""Views as xlsx workbooks: one sheet per part, Chinese headers, frozen, filtered, fitted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import Column, ordered, plain
from planwatch.present.render import View, display_width

MIN_WIDTH, MAX_WIDTH = 6, 60


def _cell_value(column: Column, row: Any) -> Any:
    """What a cell holds: numbers stay numbers (whole floats as integers), else what people
    see of the value."""
    raw = column.value(row)
    if column.show is plain and isinstance(raw, int | float) and not isinstance(raw, bool):
        return int(raw) if float(raw).is_integer() else raw
    return column.cell(row)


def write_view(view: View, path: Path) -> None:
    """A view as a workbook: one sheet per part (machine columns last), then its chart."""
    sheets = [
        Sheet(_sheet_title(p.title, n), ordered(p.columns), p.rows)
        for n, p in enumerate(view.parts, start=1)
    ]
    write_workbook(sheets, path, view.chart)


def _sheet_title(title: str, n: int) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\").strip("【】 ")
    return clean[:31] or f"表{n}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows (view dicts)."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]


def write_workbook(
    sheets: Sequence[Sheet], path: Path, finish: Callable[[Any], None] | None = None
) -> None:
    """Write the sheets as an xlsx with bold frozen headers, filters and fitted widths;
    ``finish`` may add to the workbook (a chart) before it is saved.

    Control characters a plan may hold (\x01 from a PDF) are dropped from cells, which Excel
    forbids; any other error of openpyxl is a PlanWatchError naming the file.
    """
    from openpyxl import Workbook
    from openpyxl.utils import exceptions

    errors: tuple[type[Exception], ...] = (
        ValueError,  # "Cannot convert … to Excel"
        *(e for e in vars(exceptions).values() if isinstance(e, type) and issubclass(e, Exception)),
    )
    try:
        book = Workbook()
        book.remove(book.active)
        for sheet in sheets:
            _write_sheet(book.create_sheet(sheet.title), sheet.columns, sheet.rows)
        if finish is not None:
            finish(book)
        book.save(path)
    except errors as exc:
        raise PlanWatchError(f"无法写入 {path}：表格内容无法存为 xlsx（{exc}）") from exc
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc


def _write_sheet(sheet: Any, columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def clean(value: Any) -> Any:  # strings without the control characters Excel forbids
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([clean(_cell_value(c, row)) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    for n, column in enumerate(columns, start=1):
        letter = get_column_letter(n)
        cells = [sheet.cell(r, n).value for r in range(1, min(len(rows), 500) + 2)]
        width = max(display_width(str(v)) for v in cells if v is not None)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        if column.wide:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
