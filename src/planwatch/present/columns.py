"""Column definitions: for each kind of row, its fields with their Chinese headers and how
people see them. Every format renders from these (present.render): the text table, csv,
jsonl and json (whose keys follow the columns, then the record's other fields), xlsx.

Adding a field to a record shows it in json and jsonl at once; a Column here names it for
tables, csv and xlsx.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planwatch.catalog import indicator_names
from planwatch.present.figures import RELATION_SIGNS, excerpt, figure, number, unit_text
from planwatch.present.names import (
    COVERAGE_STATUS_NAMES,
    DIRECTION_NAMES,
    ITEM_KIND_NAMES,
    OUTLINE_KIND_NAMES,
)
from planwatch.records import FLATTEN, Metadata, Reference

TABLE_WIDTH = 40  # display columns a text-table cell takes at most, unless its column says


def field_of(row: Any, key: str) -> Any:
    """A row's value for a key: a record's attribute, a mapping's entry, else None."""
    kind = type(row)
    mapping = _MAPPING.get(kind)
    if mapping is None:  # asked once per class: the ABC check is slow for every cell
        mapping = _MAPPING[kind] = issubclass(kind, Mapping)
    return row.get(key) if mapping else getattr(row, key, None)


_MAPPING: dict[type, bool] = {}


def plain(value: Any) -> Any:
    """A value as a cell shows it: lists joined with 、, whole floats without .0."""
    if type(value) is str:  # most cells
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list | tuple):
        try:
            return "、".join(value)  # names, most often
        except TypeError:
            return "、".join(str(plain(v)) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the row's field, its header, and what people see of it.

    ``show`` turns the value into what csv, xlsx and the table show; ``brief`` (given the
    whole row) replaces it in the text table only. ``machine`` columns (offsets, ids,
    outline codes) stay out of the text table and come last in csv and xlsx; ``table=False``
    keeps a column out of the text table only. ``width`` bounds the text-table cell (None:
    shown in full, for explanations).
    """

    key: str
    header: str
    show: Callable[[Any], Any] = plain
    get: Callable[[Any], Any] | None = None
    brief: Callable[[Any], Any] | None = None
    machine: bool = False
    table: bool = True
    wide: bool = False  # wrapped in the xlsx
    width: int | None = TABLE_WIDTH

    def value(self, row: Any) -> Any:
        """The row's raw value for this column (what json holds)."""
        return self.get(row) if self.get is not None else field_of(row, self.key)

    def cell(self, row: Any) -> Any:
        """What csv and xlsx show."""
        return self.show(self.value(row))

    def table_cell(self, row: Any) -> Any:
        """What the text table shows."""
        return self.brief(row) if self.brief is not None else self.cell(row)


Shape = Callable[[Any], list[Any]]


def shown_rows(
    columns: Sequence[Column], rows: Iterable[Any], brief: bool = False
) -> Iterator[list[Any]]:
    """Each row as what its columns show (``Column.cell``; with ``brief``, what the text
    table shows, ``Column.table_cell``), before ``plain``: the writers make plain what is not
    text. How a row is read is settled once for each kind of row, for the writers shape
    millions of cells (a ledger's export: 25 million)."""
    shapes: dict[type, Shape] = {}
    for row in rows:
        shape = shapes.get(type(row)) or shapes.setdefault(
            type(row), _shape(columns, type(row), brief)
        )
        yield shape(row)


def _shape(columns: Sequence[Column], kind: type, brief: bool) -> Shape:
    """How a row of this kind becomes its cells. A record's fields that lead the columns are
    read in one call (an ``attrgetter`` of them all); each column after them reads its own
    value, and the columns that show their value in their own way then call their functions."""
    own = [c.brief if brief and c.brief is not None else None for c in columns]
    direct = 0
    if not issubclass(kind, Mapping):
        fields = getattr(kind, "__dataclass_fields__", ())
        for column, briefly in zip(columns, own, strict=True):
            if column.get or briefly or not (column.key in fields or hasattr(kind, column.key)):
                break
            direct += 1
    fetch = operator.attrgetter(*(c.key for c in columns[:direct])) if direct > 1 else None
    start = direct if fetch else 0
    computed = [b or c.value for c, b in zip(columns[start:], own[start:], strict=True)]
    shows = [
        (n, c.show)
        for n, (c, briefly) in enumerate(zip(columns, own, strict=True))
        if c.show is not plain and briefly is None
    ]

    def shape(row: Any) -> list[Any]:
        values = [get(row) for get in computed]
        if fetch:
            values[0:0] = fetch(row)
        for n, show in shows:
            values[n] = show(values[n])
        return values

    return shape


def ordered(columns: Sequence[Column], for_table: bool = False) -> list[Column]:
    """The columns in the order of a format: people's columns first, machine ones last
    (the text table leaves machine and table=False columns out)."""
    if for_table:
        return [c for c in columns if c.table and not c.machine]
    return [c for c in columns if not c.machine] + [c for c in columns if c.machine]


def named(names: Mapping[str, str]) -> Callable[[Any], Any]:
    return lambda code: names.get(code, code) if code is not None else ""


def indicator_name(code: Any) -> str:
    return indicator_names().get(code, code or "") if code else ""


def simplified_subject(value: Any) -> str:
    """A subject in simplified characters (學前教育 → 学前教育), as people read tables."""
    if not value:
        return ""
    from planwatch.ingest.simplify import simplified  # its stage's package loads on need

    return simplified(value)


def _relation(value: Any) -> str:
    return RELATION_SIGNS.get(str(value), str(value or ""))


def _unit(value: Any) -> str:
    return "∶1" if value == "ratio" else unit_text(str(value or ""))


def _links(refs: Any) -> str:
    return "；".join(
        f"《{r.title}》" + (f"→{r.target_name}" if r.target_id is not None else "（未入库）")
        for r in refs or []
        if isinstance(r, Reference)
    )


def _figure_body(item: Any) -> str:
    """The figure without its relation sign (the 关系 column shows it): 92.4%, 3—5个, 19∶1."""
    return figure(dataclasses.replace(item, relation="="))


START = Column("start", "起（字符）", get=lambda r: r.span.start if r.span else None, machine=True)
END = Column("end", "止（字符）", get=lambda r: r.span.end if r.span else None, machine=True)

ITEM_COLUMNS = (
    Column("doc", "文件"),
    Column("doc_title", "规划名称", table=False),
    Column("region", "地区"),
    Column("kind", "类型", named(ITEM_KIND_NAMES)),
    Column("indicator", "指标", indicator_name),
    Column("subject", "对象", simplified_subject),
    Column("relation", "关系", _relation),
    Column("value", "数值", brief=_figure_body),
    Column("value_max", "上限", table=False),
    Column("unit", "单位", _unit, table=False),
    Column("year", "年份"),
    Column("section", "所在章节"),
    Column("task", "任务编号"),
    Column("text", "原文数字"),
    Column("quote", "原文摘录", brief=lambda i: excerpt(i.quote, i.text), wide=True),
    START,
    END,
)
TASK_COLUMNS = (
    Column("doc", "文件"),
    Column("label", "编号"),
    Column("title", "任务", wide=True),
    Column("section", "所在章节"),
    Column("lead", "牵头单位"),
    Column("cooperating", "配合单位"),
    START,
    END,
)
OUTLINE_COLUMNS = (
    Column("doc", "文件"),
    Column("level", "层级"),
    Column("label", "编号"),
    Column("title", "标题"),
    Column("kind", "类别", named(OUTLINE_KIND_NAMES), machine=True),
    START,
    END,
)


def _of_meta(key: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row.meta, key)


@dataclass(frozen=True, slots=True)
class MetaRow:
    """A document's metadata with its file name: one row of ``extract --what meta``."""

    doc: str
    meta: Metadata = dataclasses.field(metadata=FLATTEN)


META_COLUMNS = (
    Column("doc", "文件"),
    *(
        Column(key, header, get=_of_meta(key))
        for key, header in (
            ("title", "标题"),
            ("doc_number", "文号"),
            ("issuer", "发文机关"),
            ("issue_date", "成文日期"),
            ("period_start", "起始年"),
            ("period_end", "终止年"),
            ("region", "地区"),
            ("level", "层级"),
            ("implements", "贯彻的上级规划"),
        )
    ),
)
DOCUMENT_COLUMNS = (
    Column("id", "编号"),
    Column("name", "文件名"),
    Column("path", "路径"),
    Column("title", "标题", wide=True),
    Column("doc_number", "文号"),
    Column("issuer", "发文机关", table=False),
    Column("issue_date", "成文日期", table=False),
    Column("region", "地区"),
    Column("org_unit_code", "行政区划代码", table=False),
    Column("level", "层级"),
    Column("period_start", "起始年"),
    Column("period_end", "终止年"),
    Column("items", "指标项"),
    Column("targets", "目标"),
    Column("tasks", "任务"),
    Column("implements", "贯彻的上级规划", _links, wide=True),
    Column("updated_at", "入库时间", table=False),
    Column("sha256", "SHA-256", table=False),
)
INDICATOR_COLUMNS = (
    Column("id", "指标编号", get=lambda u: u.indicator.id),
    Column("name", "指标名称", get=lambda u: u.indicator.name),
    Column("level", "学段", get=lambda u: u.indicator.level),
    Column("unit", "单位", _unit, get=lambda u: u.indicator.unit),
    Column("direction", "方向", named(DIRECTION_NAMES), get=lambda u: u.indicator.direction),
    Column("items", "指标项数"),
    Column("documents", "文件数"),
    Column("aliases", "别名", get=lambda u: u.indicator.aliases),
    Column("numerator", "分子", get=lambda u: u.indicator.numerator),
    Column("denominator", "分母", get=lambda u: u.indicator.denominator),
    Column("definition", "定义", get=lambda u: u.indicator.definition, table=False, wide=True),
)
PROJECT_COLUMNS = (
    Column("doc", "文件"),
    Column("name", "项目名称", wide=True),
    Column("level", "学段"),
    Column("district", "县区"),
    Column("seats", "学位数"),
    Column("start_year", "开工年"),
    Column("end_year", "竣工年"),
    Column("ownership", "性质"),
    Column("mode", "建设方式"),
)
COVERAGE_STATUS = named(COVERAGE_STATUS_NAMES)
