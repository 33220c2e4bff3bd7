"""The progress reporting template (填报模板): an xlsx a unit fills in, one row per target.

``write_template(view, path)`` writes two sheets:

- 填报说明: how to fill the template, in Chinese;
- 填报表: a title, then one row per target — the target (its words, value, unit, deadline,
  baseline and what to report: the year's new count or the year's level), one input cell per
  period of the plan, a source and a note — and a hidden key column (item id | region code)
  by which ``planwatch.track.read`` reads the filled template back.

Input cells are unlocked and carry Excel data validation with Chinese messages (a decimal
within the row's bounds: 0–100 for a percentage, ≥ 0 for a count); every other cell is locked
by sheet protection without a password (against slips, not people). Only features WPS opens:
no tables, macros or conditional formats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from planwatch.errors import PlanWatchError, os_reason
from planwatch.records import TEMPLATE_KEY_HEADER
from planwatch.records import TEMPLATE_KEY_SEPARATOR as KEY_SEPARATOR

__all__ = ["TEMPLATE_KEY_HEADER", "TemplateRow", "TemplateView", "write_template"]

DATA_SHEET, GUIDE_SHEET = "填报表", "填报说明"
HEADER_ROW = 3  # title and a line of facts stand above it

_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}
_UNITS = {"ratio": "比值（19:1 填 19）", "pp": "个百分点"}
_BASIS = {
    "level": "当年统计值（水平值）",
    "cumulative": "当年新增数（不填累计数）",
    "running_total": "截至当年底的累计数",
}
_INPUT_FILL, _HEADER_FILL = "FFF2CC", "DDEBF7"


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One target to report on, as the template shows it.

    ``minimum``/``maximum`` bound the input cells (``track.validate.value_bounds`` gives them);
    ``basis`` says what a cell holds: the year's level, the year's new count (cumulative
    targets) or the running total.
    """

    item_id: int
    region: str  # org unit code
    subject: str
    quote: str
    unit: str
    value: float
    relation: str = "="
    value_max: float | None = None
    year: int | None = None
    indicator: str = ""  # the catalog name, when linked
    baseline: str = ""  # e.g. "89.2%（2020年）"
    basis: Literal["level", "cumulative", "running_total"] = "level"
    minimum: float | None = 0.0
    maximum: float | None = None
    minimum_exclusive: bool = False


@dataclass(frozen=True, slots=True)
class TemplateView:
    """A template for one plan and one reporting unit: the targets and the periods to report."""

    title: str  # the plan's title, without 《》
    document_id: int
    region: str  # org unit code
    region_name: str
    unit_name: str  # the reporting body (市教育局) or the region itself
    periods: Sequence[str]  # canonical periods, e.g. ("2021", "2022", "2023")
    rows: Sequence[TemplateRow]
    generated: date | None = None
    due: str = ""  # 报送要求, e.g. "每年1月31日前报送上一年度数据"
    contact: str = ""
    notes: Sequence[str] = field(default_factory=tuple)


def _period_header(period: str) -> str:
    """2022 → 2022年, 2022Q3 → 2022年第3季度, 2022-09 → 2022年9月."""
    year, _, rest = period.partition("Q")
    if rest:
        return f"{year}年第{rest}季度"
    year, _, month = period.partition("-")
    return f"{year}年{int(month)}月" if month else f"{year}年"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _target_text(row: TemplateRow) -> str:
    if row.value_max is not None:
        return f"{_num(row.value)}—{_num(row.value_max)}"
    return _SIGNS.get(row.relation, "") + _num(row.value)


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    width: float
    wrap: bool = False


_FIXED = (
    _Column(TEMPLATE_KEY_HEADER, 20),
    _Column("序号", 6),
    _Column("指标或目标", 24, wrap=True),
    _Column("目标原文", 48, wrap=True),
    _Column("目标值", 11),
    _Column("单位", 12, wrap=True),
    _Column("目标年份", 9),
    _Column("基数", 16, wrap=True),
    _Column("填报口径", 18, wrap=True),
)
_TRAILING = (_Column("数据来源", 30, wrap=True), _Column("备注", 24, wrap=True))


def _fixed_cells(number: int, row: TemplateRow) -> list[Any]:
    """The cells of a row before its input cells: key, number, target and how to report."""
    named = bool(row.indicator) and row.indicator != row.subject
    subject = f"{row.subject}（{row.indicator}）" if named else row.subject
    return [
        f"{row.item_id}{KEY_SEPARATOR}{row.region}",
        number,
        subject,
        row.quote,
        _target_text(row),
        _UNITS.get(row.unit, row.unit),
        row.year,
        row.baseline,
        _BASIS[row.basis],
    ]


def _guide_lines(view: TemplateView) -> list[str]:
    periods = "、".join(_period_header(p) for p in view.periods)
    lines = [
        f"《{view.title}》目标任务进展填报说明",
        f"填报单位：{view.unit_name}；地区：{view.region_name}；填报期间：{periods}。",
        "1. 请在「填报表」中黄色单元格内按期间填写数值；其余单元格已锁定（未设密码，仅防误改）。",
        "2. 数值只填数字，不带单位；百分比填 92.4 表示 92.4%，生师比 19:1 填 19。",
        "3. 「填报口径」为「当年新增数」的目标（如新建、改扩建、培训），填写该期间内新完成的数量，"
        "不要填累计数；为「当年统计值」的目标（如毛入园率、生师比），填写该期间的统计值；"
        "为「截至当年底的累计数」的，填写规划实施以来的累计完成数。",
        "4. 没有数据的单元格请留空，不要填 0、「—」或「无」。",
        "5. 请在「数据来源」列注明出处（如统计公报、教育事业统计报表及其表号），"
        "需要说明的情况写在「备注」列。",
        "6. 请勿修改表头，勿插入、删除或调换行列；第一列为隐藏的目标编号，导入时用它识别每一行。",
        "7. 填好后交由规划监测人员导入（planwatch import 文件名.xlsx）；导入时逐格检查，"
        "有问题的单元格按「文件:行:列: 原因」列出，全部改正后才会导入。",
    ]
    if view.due:
        lines.append(f"报送要求：{view.due}")
    if view.contact:
        lines.append(f"联系人：{view.contact}")
    lines += list(view.notes)
    if view.generated is not None:
        lines.append(f"模板生成日期：{view.generated.isoformat()}")
    return lines


def _write_guide(sheet: Any, view: TemplateView) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 110
    for number, line in enumerate(_guide_lines(view), start=1):
        cell = sheet.cell(number, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=14)


def _validation_message(minimum: float | None, maximum: float | None, exclusive: bool) -> str:
    if minimum is not None and maximum is not None:
        return f"请填写 {minimum:g} 到 {maximum:g} 之间的数字，不带单位或 % 号。"
    if exclusive:
        return f"请填写大于 {minimum or 0:g} 的数字（如生师比 19:1 填 19）。"
    return f"请填写不小于 {minimum or 0:g} 的数字，不带单位。"


def _validation(bounds: tuple[float | None, float | None, bool]) -> Any:
    """One Excel decimal validation for every input cell with these bounds."""
    from openpyxl.worksheet.datavalidation import DataValidation

    minimum, maximum, exclusive = bounds
    low = _num(minimum if minimum is not None else 0.0)
    if maximum is not None and not exclusive:
        rule = {"operator": "between", "formula1": low, "formula2": _num(maximum)}
    else:
        rule = {"operator": "greaterThan" if exclusive else "greaterThanOrEqual", "formula1": low}
        maximum = None
    message = _validation_message(minimum, maximum, exclusive)
    return DataValidation(
        type="decimal",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="数值不符合要求",
        error=message,
        showInputMessage=True,
        promptTitle="填报提示",
        prompt=message,
        **rule,
    )


def _add_validations(sheet: Any, view: TemplateView, first: int, last: int) -> None:
    from openpyxl.utils import get_column_letter

    groups: dict[tuple[float | None, float | None, bool], list[str]] = defaultdict(list)
    for number, row in enumerate(view.rows, start=HEADER_ROW + 1):
        cells = f"{get_column_letter(first)}{number}:{get_column_letter(last)}{number}"
        groups[(row.minimum, row.maximum, row.minimum_exclusive)].append(cells)
    for bounds, ranges in groups.items():
        validation = _validation(bounds)
        sheet.add_data_validation(validation)
        for cells in ranges:
            validation.add(cells)


def _style_sheet(sheet: Any, columns: Sequence[_Column], inputs: range) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter

    header_fill, input_fill = (
        PatternFill("solid", fgColor=_HEADER_FILL),
        PatternFill("solid", fgColor=_INPUT_FILL),
    )
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        head = sheet.cell(HEADER_ROW, index)
        head.font, head.fill = Font(bold=True), header_fill
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        editable = index in inputs
        for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=index, max_col=index):
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 4).coordinate
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths may be changed
    sheet.protection.formatRows = False


def _write_data(sheet: Any, view: TemplateView) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    periods = [_Column(_period_header(p), 12) for p in view.periods]
    columns = [*_FIXED, *periods, *_TRAILING]
    title = f"《{view.title}》目标任务进展填报表"
    facts = f"填报单位：{view.unit_name}　地区：{view.region_name}（{view.region}）"
    sheet.cell(1, 2, title).font = Font(bold=True, size=14)
    sheet.cell(2, 2, facts)
    for index, column in enumerate(columns, start=1):
        sheet.cell(HEADER_ROW, index, column.header)
    for number, row in enumerate(view.rows, start=HEADER_ROW + 1):
        for index, value in enumerate(_fixed_cells(number - HEADER_ROW, row), start=1):
            clean = ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
            sheet.cell(number, index, clean)
        for index in range(len(_FIXED) + 1, len(columns) + 1):
            sheet.cell(number, index)  # the input cells exist, so that they can be unlocked
    first, last = len(_FIXED) + 1, len(_FIXED) + len(periods)
    _style_sheet(sheet, columns, range(first, len(columns) + 1))
    if view.rows and periods:
        _add_validations(sheet, view, first, last)


def write_template(view: TemplateView, path: Path) -> None:
    """Write the reporting template of ``view`` as an xlsx at ``path``.

    Raises PlanWatchError naming the file when it cannot be written.
    """
    from openpyxl import Workbook

    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    _write_guide(guide, view)
    _write_data(book.create_sheet(DATA_SHEET), view)
    book.properties.title = f"{view.title} 填报表"
    book.properties.creator = "PlanWatch 规划监测"
    book.properties.keywords = TEMPLATE_KEY_HEADER
    try:
        book.save(path)
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {path}：{os_reason(exc)}") from exc
