"""Import rows as read from a spreadsheet, before any check: raw text, row and column."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "FIELD_LABELS",
    "HEADER_NAMES",
    "Field",
    "ImportFile",
    "ImportRow",
    "RowFields",
    "header_field",
]

Field = Literal["indicator", "region", "period", "value", "source", "note", "item"]

# The Chinese name of each field, as messages and templates name it.
FIELD_LABELS: dict[Field, str] = {
    "indicator": "指标",
    "region": "地区",
    "period": "期间",
    "value": "数值",
    "source": "来源",
    "note": "备注",
    "item": "目标编号",
}

# Header texts recognised for each field (compared after NFKC, without spaces, lower case).
# The first of each is the name the template writes; the English ones are the API's names.
HEADER_NAMES: dict[Field, tuple[str, ...]] = {
    "indicator": ("指标", "指标名称", "监测指标", "indicator", "indicator_id"),
    "region": ("地区", "行政区划", "区域", "地区代码", "行政区划代码", "region", "region_code"),
    "period": ("期间", "时期", "统计期", "年份", "年度", "period", "year"),
    "value": ("数值", "值", "完成值", "实际值", "监测值", "value"),
    "source": ("来源", "数据来源", "出处", "source"),
    "note": ("备注", "说明", "note", "notes"),
    "item": ("目标编号", "目标id", "指标项编号", "item", "item_id", "target"),
}
_BY_NAME = {name: key for key, names in HEADER_NAMES.items() for name in names}


def header_field(text: str) -> Field | None:
    """The field a header cell names (指标, Indicator, 数 值 …), or None."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    return _BY_NAME.get(cleaned)


@dataclass(slots=True, kw_only=True)
class RowFields:
    """The fields of one figure as text: what a csv row, a form's line or an API body holds."""

    indicator: str = ""
    region: str = ""
    period: str = ""
    value: str = ""
    source: str = ""
    note: str = ""
    item: str = ""


@dataclass(slots=True, kw_only=True)
class ImportRow(RowFields):
    """One data row: the raw text of each field, its row number and the column of each field."""

    file: str  # the file's name, as messages show it
    row: int  # 1-based, as the spreadsheet shows it
    columns: dict[str, str]  # field → column letter

    def column(self, name: Field) -> str:
        """The letter of the field's column, or "-" when the file has no such column."""
        return self.columns.get(name, "-")

    def text(self, name: Field) -> str:
        """The raw text of a field."""
        value: str = getattr(self, name)
        return value


@dataclass(slots=True, kw_only=True)
class ImportFile:
    """A file's rows and its header: which column holds which field, which are repeated."""

    file: str
    header_row: int
    columns: dict[str, str]  # field → column letter (the first, when a header repeats)
    rows: list[ImportRow]
    duplicates: dict[Field, list[str]] = field(default_factory=dict)  # field → its letters
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (letter, header) not read
    template: bool = False  # a filled PlanWatch reporting template
