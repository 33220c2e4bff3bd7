"""The 目标任务台账 workbook: one sheet per view list, Chinese headers, ready to filter."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError, os_reason
from planwatch.present.render import display_width

RELATION_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": "="}
MIN_WIDTH, MAX_WIDTH = 6, 60


def _join(value: Any) -> str:
    return "、".join(map(str, value)) if isinstance(value, list) else str(value or "")


def _number(value: Any) -> Any:
    """A cell value: whole floats as integers, lists joined with 、."""
    if isinstance(value, list):
        return _join(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _relation(value: Any) -> str:
    return RELATION_SIGNS.get(str(value), str(value))


def _links(value: Any) -> str:
    return "；".join(
        f"《{x['title']}》" + ("" if x.get("target_id") else "（未入库）") for x in value or []
    )


def _stamp(value: Any) -> Any:
    return value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "isoformat") else value


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    shape: Callable[[Any], Any] = _number
    wide: bool = False  # wrap long text


_ITEM_COLUMNS = (
    Column("doc", "文件"),
    Column("doc_title", "规划名称"),
    Column("region", "地区"),
    Column("section", "所在章节"),
    Column("task", "任务编号"),
    Column("indicator", "指标"),
    Column("subject", "对象"),
    Column("relation", "关系", _relation),
    Column("value", "数值"),
    Column("value_max", "上限"),
    Column("unit", "单位"),
    Column("year", "年份"),
    Column("text", "原文数字"),
    Column("quote", "原文摘录", wide=True),
    Column("start", "起（字符）"),
    Column("end", "止（字符）"),
)
SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "targets": ("目标", _ITEM_COLUMNS),
    "baselines": ("基数", _ITEM_COLUMNS),
    "tasks": (
        "任务",
        (
            Column("doc", "文件"),
            Column("label", "编号"),
            Column("title", "任务", wide=True),
            Column("section", "所在章节"),
            Column("lead", "牵头单位", _join),
            Column("cooperating", "配合单位", _join),
            Column("start", "起（字符）"),
            Column("end", "止（字符）"),
        ),
    ),
    "projects": (
        "项目",
        (
            Column("doc", "文件"),
            Column("name", "项目名称", wide=True),
            Column("level", "学段"),
            Column("district", "县区"),
            Column("seats", "学位数"),
            Column("start_year", "开工年"),
            Column("end_year", "竣工年"),
            Column("ownership", "性质"),
            Column("mode", "建设方式"),
        ),
    ),
    "documents": (
        "文件",
        (
            Column("id", "编号"),
            Column("name", "文件名"),
            Column("path", "路径"),
            Column("title", "标题", wide=True),
            Column("doc_number", "文号"),
            Column("issuer", "发文机关"),
            Column("issue_date", "成文日期"),
            Column("region", "地区"),
            Column("org_unit_code", "行政区划代码"),
            Column("level", "层级"),
            Column("period_start", "起始年"),
            Column("period_end", "终止年"),
            Column("implements", "贯彻的上级规划", _links, wide=True),
            Column("items", "指标项"),
            Column("targets", "目标"),
            Column("tasks", "任务"),
            Column("updated_at", "入库时间", _stamp),
            Column("sha256", "SHA-256"),
        ),
    ),
}


def write_ledger_workbook(view: Mapping[str, Sequence[dict[str, Any]]], path: Path) -> None:
    """Write the ledger view (targets, baselines, tasks, projects, documents) as an xlsx."""
    sheets = [Sheet(title, columns, view.get(key, [])) for key, (title, columns) in SHEETS.items()]
    write_workbook(sheets, path)


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
        sheet.append([clean(c.shape(row.get(c.key))) for c in columns])
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
