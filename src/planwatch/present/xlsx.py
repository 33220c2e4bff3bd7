"""Views as xlsx workbooks: one sheet per part, Chinese headers, frozen, filtered, fitted.

A workbook without a chart is streamed: each sheet is written as SpreadsheetML row by row as
the rows come (strings inline, three cell styles: plain, header, wrapped) and compressed on a
second thread, so that a national ledger (25 million cells) is exported in bounded memory in
about a minute. A sheet continues on a sheet of the same name with （2） past Excel's
1,048,575 data rows (or past 2 GB of XML, which a zip entry without Zip64 holds). Widths are
fitted to the first rows, as a person would set them. A workbook with a chart (the reports)
is built with openpyxl.
"""

from __future__ import annotations

import itertools
import math
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.columns import Column, ordered, plain, shown_rows
from planwatch.present.render import View, display_width

MIN_WIDTH, MAX_WIDTH = 6, 60
FITTED_ROWS = 500  # rows read to fit the column widths
MAX_ROWS = 1_048_575  # data rows of one Excel sheet, under its header
MAX_TEXT = 32_767  # characters one cell holds
MAX_SHEET_BYTES = 2**31 - 2**25  # XML of one sheet: a zip entry without Zip64, less a margin
CHUNK = 1 << 20  # characters of XML handed to the compressing thread at once
COMPRESSION = 1  # zlib level: level 6 takes three times as long for a file 15 % smaller
# Control characters that Excel forbids (\x01 from a PDF) are dropped. The sheet's markup has
# none and UTF-8 encodes no other character with their bytes, so they are dropped from the
# encoded XML a chunk at a time.
_CONTROL_CODES = [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]
_CONTROL = dict.fromkeys(_CONTROL_CODES)
_CONTROL_BYTES = bytes(_CONTROL_CODES)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEADER_STYLE, WRAP_STYLE = 1, 2  # cellXfs of _STYLES
_STYLES = f"""{_HEAD}<styleSheet xmlns="{_MAIN}">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


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
    rows are streamed.

    Control characters a plan may hold (\x01 from a PDF) are dropped from cells, which Excel
    forbids; a value no cell can hold, or any error of openpyxl, is a PlanWatchError naming
    the file.
    """
    name = shown or path
    try:
        if finish is None:
            _stream_workbook(sheets, path)
        else:
            _build_workbook(sheets, path, finish)
    except ValueError as exc:
        raise PlanWatchError(f"无法写入 {name}：表格内容无法存为 xlsx（{exc}）") from exc
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {name}：{os_reason(exc)}") from exc


# --- cells ------------------------------------------------------------------------------


def _plain_cell(raw: Any) -> Any:
    """What a cell of a plain column holds: numbers stay numbers (whole floats as integers),
    else what people see of the value."""
    kind = type(raw)
    if kind is str or kind is int or raw is None:  # most cells
        return raw
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        if not math.isfinite(raw):
            return str(raw)  # no cell holds inf or nan as a number
        return int(raw) if float(raw).is_integer() else raw
    return plain(raw)


def _widths(columns: Sequence[Column], rows: list[list[Any]]) -> list[int]:
    """Each column's width: its header's and its first rows' widest cell, within bounds."""
    widths = []
    for n, column in enumerate(columns):
        cells = [column.header, *(_plain_cell(r[n]) for r in rows[:FITTED_ROWS])]
        widest = max(display_width(str(v)) for v in cells if v is not None)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
    return widths


def _cells_xml(n: int, values: Sequence[Any], heads: Sequence[tuple[str, str]]) -> str:
    """Row ``n`` of a sheet: each non-empty value as an inline string or a number. ``heads``
    are each column's opening of a cell up to its row number (``<c r="B``) and its style."""
    row = str(n)
    cells = []
    for (head, style), value in zip(heads, values, strict=True):
        kind = type(value)
        if kind is not str and kind is not int:  # rarely: made plain first
            value = _plain_cell(value)
            kind = type(value)
        if kind is str:
            if value:
                text = value[:MAX_TEXT]
                if "&" in text or "<" in text or ">" in text:  # rarely: three searches are cheap
                    text = escape(text)
                cells.append(
                    f'{head}{row}"{style} t="inlineStr"><is><t xml:space="preserve">{text}'
                    "</t></is></c>"
                )
        elif value is not None:
            cells.append(f'{head}{row}"{style}><v>{_number(value)}</v></c>')
    return f'<row r="{row}">{"".join(cells)}</row>'


def _number(value: Any) -> int | float:
    """A plain value that is not text, as a number a cell holds."""
    if type(value) is int:
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    raise ValueError(f"无法把 {type(value).__name__} 类型的值 {value!r:.40} 存入单元格")


# --- the streamed workbook --------------------------------------------------------------


class _Entry:
    """One file of the zip, written from a second thread: zlib and the disk release the
    GIL, so the XML already made is compressed while the next rows are shaped. Text is
    gathered into chunks; at most two chunks wait, which bounds the memory."""

    def __init__(self, book: zipfile.ZipFile, name: str, worker: ThreadPoolExecutor):
        self.stream: IO[bytes] = book.open(name, "w")
        self.worker = worker
        self.parts: list[str] = []
        self.gathered = 0
        self.size = 0  # bytes handed on
        self.waiting: list[Future[int]] = []

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.gathered += len(text)
        if self.gathered > CHUNK:
            self.flush()

    def flush(self) -> None:
        data = "".join(self.parts).encode("utf-8", "replace")  # a lone surrogate becomes ?
        data = data.translate(None, _CONTROL_BYTES)
        self.parts, self.gathered = [], 0
        self.size += len(data)
        if len(self.waiting) > 1:
            self.waiting.pop(0).result()
        self.waiting.append(self.worker.submit(self.stream.write, data))

    def __enter__(self) -> _Entry:
        return self

    def __exit__(self, failed: type[BaseException] | None, *_: object) -> None:
        """The rest written and the file closed; after an error, only closed (the caller's
        error is the one that counts, and the half workbook is removed)."""
        try:
            if not failed:
                self.flush()
            for done in self.waiting:
                done.result()
        finally:
            self.stream.close()


def _stream_workbook(sheets: Sequence[Sheet], path: Path) -> None:
    titles: list[str] = []
    filters: list[str] = []
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION) as book,
        ThreadPoolExecutor(1, thread_name_prefix="xlsx") as worker,
    ):
        for sheet in sheets:
            for title, last in _stream_sheet(book, worker, sheet, len(titles)):
                titles.append(title)
                filters.append(last)
        _write_package(book, titles, filters)


def _stream_sheet(
    book: zipfile.ZipFile, worker: ThreadPoolExecutor, sheet: Sheet, before: int
) -> Iterator[tuple[str, str]]:
    """One part as one or more sheets: header, fitted widths, filter, rows as they come.
    Yields each sheet's title and its last cell ($Q$1201) once the sheet is written."""
    from openpyxl.utils import get_column_letter

    columns = sheet.columns
    letters = [get_column_letter(n) for n in range(1, len(columns) + 1)]
    heads = [
        (f'<c r="{letter}', f' s="{WRAP_STYLE}"' if column.wide else "")
        for letter, column in zip(letters, columns, strict=True)
    ]
    values = shown_rows(columns, sheet.rows)
    part = 0
    while True:
        page = list(itertools.islice(values, min(FITTED_ROWS, MAX_ROWS)))
        if part and not page:
            return
        part += 1
        title = sheet.title if part == 1 else f"{sheet.title[:27]}（{part}）"
        with _Entry(book, f"xl/worksheets/sheet{before + part}.xml", worker) as out:
            out.write(_sheet_start(columns, letters, page))
            count = 0
            for row in itertools.chain(page, itertools.islice(values, MAX_ROWS - len(page))):
                count += 1
                out.write(_cells_xml(count + 1, row, heads))
                if out.size > MAX_SHEET_BYTES:
                    break
            out.write(f'</sheetData><autoFilter ref="A1:{letters[-1]}{count + 1}"/></worksheet>')
        yield title, f"${letters[-1]}${count + 1}"
        if count < MAX_ROWS and out.size <= MAX_SHEET_BYTES:
            return


def _sheet_start(columns: Sequence[Column], letters: Sequence[str], page: list[list[Any]]) -> str:
    """A sheet's opening: the header frozen above the rows, the columns' widths, the header."""
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(_widths(columns, page), start=1)
    )
    header = "".join(
        f'<c r="{letter}1" s="{HEADER_STYLE}" t="inlineStr"><is><t>{escape(c.header)}</t></is></c>'
        for letter, c in zip(letters, columns, strict=True)
    )
    return (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1">{header}</row>'
    )


def _write_package(book: zipfile.ZipFile, titles: Sequence[str], filters: Sequence[str]) -> None:
    """The workbook around its sheets: the sheets' names and filters, styles, content types."""
    sheets = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted(title))}!$A$1:{last}</definedName>"
        for n, (title, last) in enumerate(zip(titles, filters, strict=True))
    )
    book.writestr(
        "xl/workbook.xml",
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView/>'
        f"</bookViews><sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>",
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(titles) + 1)
    )
    book.writestr(
        "xl/_rels/workbook.xml.rels",
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships">{relations}'
        f'<Relationship Id="rId{len(titles) + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>",
    )
    book.writestr("xl/styles.xml", _STYLES)
    book.writestr(
        "_rels/.rels",
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}.worksheet+xml"/>'
        for n in range(1, len(titles) + 1)
    )
    book.writestr(
        "[Content_Types].xml",
        f'{_HEAD}<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>{overrides}</Types>',
    )


def _quoted(title: str) -> str:
    """A sheet's name as a formula names it: '目标（2）'."""
    return "'" + title.replace("'", "''") + "'"


# --- a workbook with a chart ------------------------------------------------------------


def _build_workbook(sheets: Sequence[Sheet], path: Path, finish: Callable[[Any], None]) -> None:
    """The sheets in a normal openpyxl workbook, ``finish`` adds its chart, then saved."""
    from openpyxl import Workbook
    from openpyxl.utils import exceptions

    errors = tuple(
        e for e in vars(exceptions).values() if isinstance(e, type) and issubclass(e, Exception)
    )
    try:
        book = Workbook()
        book.remove(book.active)
        for sheet in sheets:
            _write_sheet(book.create_sheet(sheet.title), sheet.columns, list(sheet.rows))
        finish(book)
        book.save(path)
    except errors as exc:
        raise ValueError(str(exc)) from exc


def _write_sheet(sheet: Any, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    """One part as a sheet of a normal workbook (one that a chart is added to)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    values = [[_clean(_plain_cell(v)) for v in row] for row in shown_rows(columns, rows)]
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


def _clean(value: Any) -> Any:
    """A string without the control characters Excel forbids."""
    return value.translate(_CONTROL) if isinstance(value, str) else value
