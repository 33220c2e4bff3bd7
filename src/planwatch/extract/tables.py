"""Items and planned projects from table cells, whose unit, year and kind sit in the headers.

Worked example: in 专栏1 the row ``学前三年毛入园率 | 74% | 90% | 94.67%`` under the column
labels ``2015年完成数 | 2020年规划数 | 2020年完成数`` gives a baseline of 2015, a target of
2020 and a baseline of 2020; in 专栏7 the row ``幼儿园 | 市直 | 钦州幼专附属幼儿园 | 360 |
2021-2022`` under ``设置学位（人）`` gives a target of 360 学位 (个) due in 2022.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.extract.numbers import normalize_unit, parse_number
from planwatch.extract.rules import (
    KNOWN_UNITS,
    RELATION_AFTER,
    RELATION_AFTER_ALT,
    RELATION_BEFORE,
    RELATION_BEFORE_ALT,
)
from planwatch.records import Cell, Item, Metadata, Project, SourceText, Table

# A cell holding one figure: 74%, 93%以上, ≥95, 〔50〕, 40000, 1:1以上, 约3万人.
_CELL_QUANTITY = re.compile(
    rf"^\s*(?P<pre>{RELATION_BEFORE_ALT})?\s*[〔\[［]?"
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<mult>[万亿])?\s*"
    r"(?:(?P<ratio>[:：∶]\s*1)|(?P<unit>%|％|‰|[^\d\s以左及上下内之〕\]］]{1,3}?))?(?P<end>)"
    rf"[〕\]］]?\s*(?P<rel>{RELATION_AFTER_ALT})?\s*$"
)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]{2}")
# A cell holding a figure starts with a digit, a bracket or the first character of a
# relation word written before a figure (≥95, 不低于95%, 约3万人).
_CELL_FIRST = frozenset("0123456789〔[［") | {w[0] for w in RELATION_BEFORE}
_YEAR_RANGE = re.compile(
    r"^\s*((?:19|20)\d\d)\s*(?:年|(?:年?\s*[-—－–~～至]\s*((?:19|20)\d\d)\s*年?))\s*$"
)
_HEADER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PAREN_UNIT = re.compile(r"[（(]\s*([^()（）]{1,4}?)\s*[）)]\s*$")
_BASELINE_WORDS = re.compile(r"完成|现状|基数|实际|基期|基准|现有")
_TARGET_WORDS = re.compile(r"规划|目标|预期|计划")
_YEAR_COLUMN = re.compile(r"年限|年份|时间|竣工|期限")
# Labels of the column naming where a school is built: 县区, 县（市、区）; a county plan
# heads it 乡镇, 乡镇（街道）, 所在乡镇. The first word found in any label wins.
_DISTRICT_WORDS = ("县区", "乡镇", "街道", "区")
# The unit a counted noun takes when a header states another: 学位 are counted in 个.
_COUNTED_NOUNS = {"学位": "个"}


@dataclass(slots=True)
class CellValue:
    """A table cell that holds only a quantity."""

    value: float
    unit: str
    relation: str
    start: int = 0  # the figure's place in the cell text: [start, end)
    end: int = 0


def read_cell(text: str) -> CellValue | None:
    """The quantity a cell holds (74%, 93%以上, ≥95, 40000, 1:1以上), or None."""
    if text.lstrip()[:1] not in _CELL_FIRST:
        return None
    m = _CELL_QUANTITY.match(text)
    if not m or _YEAR_RANGE.match(text):
        return None
    value = parse_number(m["num"] + (m["mult"] or ""))
    if value is None:
        return None
    unit, factor = ("ratio", 1.0) if m["ratio"] else normalize_unit(m["unit"] or "")
    if unit and unit not in KNOWN_UNITS:
        return None
    relation = RELATION_AFTER.get(m["rel"] or "") or RELATION_BEFORE.get(m["pre"] or "", "=")
    return CellValue(value * factor, unit, relation, m.start("num"), m.start("end"))


# Labels of a column that holds each row's unit.
UNIT_LABELS = frozenset({"单位", "计量单位", "单 位"})


def column_labels(table: Table) -> list[str]:
    """One label per column: the last header row, widened to the longest row."""
    width = max((len(r) for r in table.rows), default=0)
    labels = list(table.header[-1]) if table.header else []
    return labels + [""] * (width - len(labels))


def table_items(src: SourceText, meta: Metadata, table: Table) -> list[tuple[Cell, Item]]:
    """Items of the cells of one table that hold only a quantity, with their cells."""
    labels = column_labels(table)
    skipped = {i for i, label in enumerate(labels) if _YEAR_COLUMN.search(label) or "序号" in label}
    # A planned-projects table names each row in its 名称 column (项目名称, 学校名称): the
    # row's figures are that school's, not its 建设性质 or 办学性质 (新建, 公办).
    name_col = next((i for i, label in enumerate(labels) if "名称" in label), None)
    # A table may state each row's unit in a column of its own (指标 | 单位 | 2015年 | …).
    unit_col = next((i for i, label in enumerate(labels) if label.strip() in UNIT_LABELS), None)
    items: list[tuple[Cell, Item]] = []
    group = ""
    for row in table.rows:
        texts = [c.text.strip() for c in row]
        if _is_group_row(texts):
            group = next(t for t in texts if t).rstrip("：:")
            continue
        names: list[tuple[str, tuple[str, float]]] = []  # found on the row's first figure
        years: tuple[int, int] | None = None
        for col, cell in enumerate(row):
            if col in skipped or texts[col][:1] not in _CELL_FIRST:
                continue
            value = read_cell(cell.text)
            if value is None:
                continue
            label = labels[col] if col < len(labels) else ""
            if not names:
                names, years = _row_names(row, name_col, unit_col), _row_years(row)
            unit = texts[unit_col] if unit_col is not None and unit_col < len(texts) else ""
            place = _Place(row, col, label, group, names[col], years, unit)
            item = _cell_item(src, meta, place, value)
            if item is not None:
                items.append((cell, item))
    return items


def _is_group_row(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) == 1 and filled[0].endswith(("：", ":"))


@dataclass(slots=True)
class _Place:
    """Where a cell sits: its row, column, column label and the group row above it."""

    row: list[Cell]
    col: int
    label: str
    group: str
    name: tuple[str, tuple[str, float]]  # the row label left of the cell, and its unit
    years: tuple[int, int] | None  # the column and end year of the row's years (2019—2020)
    unit: str = ""  # the row's cell under a 单位 column (%, 万人, 亿元), if the table has one


def _cell_item(src: SourceText, meta: Metadata, place: _Place, value: CellValue) -> Item | None:
    row, col, label, group = place.row, place.col, place.label, place.group
    cell = row[col]
    name, name_unit = place.name
    unit, factor = value.unit, 1.0
    if not unit:  # the unit stands in the header or the row label: 总投资（万元）, 规模（人）
        unit, factor = (_COUNTED_NOUNS.get(_counted_noun(label), ""), 1.0)
    if not unit and place.unit:
        unit, factor = normalize_unit(place.unit)
        unit = unit if unit in KNOWN_UNITS else ""
    if not unit:
        unit, factor = name_unit if name_unit[0] else _unit_of(label)
    if not unit:
        return None
    kind, year, previous = _kind_and_year(meta, place.years, col, label)
    span = src.to_source(cell.start + value.start, cell.start + value.end)
    subject = name if not group or name.startswith(group[:2]) else group.removesuffix("教育") + name
    return Item(
        span=span,
        text=src.source[span.start : span.end],
        value=value.value * factor,
        unit=unit,
        kind=kind,  # type: ignore[arg-type]
        relation=value.relation,  # type: ignore[arg-type]
        year=year,
        subject=subject,
        previous_plan=previous,
    )


def _row_names(
    row: list[Cell], name_col: int | None = None, unit_col: int | None = None
) -> list[tuple[str, tuple[str, float]]]:
    """For each column, the row's label nearest left of it that is not filled down, and
    its unit (one pass over the row), or the row's 名称 cell for the columns after it.
    Placeholders (—, /, 无) and figures are not labels.
    """
    names: list[tuple[str, tuple[str, float]]] = []
    current: tuple[str, tuple[str, float]] = ("", ("", 1.0))
    for col, cell in enumerate(row):
        names.append(current)
        text = cell.text.strip()
        if (name_col is not None and col > name_col) or col == unit_col:
            continue  # the 名称 names the row; a 单位 cell (万人) is no label
        if _WORD.search(text) and not cell.filled and read_cell(text) is None:
            current = (_PAREN_UNIT.sub("", text).strip(), _unit_of(text))
    return names


def _unit_of(label: str) -> tuple[str, float]:
    """The unit written in brackets at the end of a label, and its factor: （万元） → 元, 10000."""
    m = _PAREN_UNIT.search(label)
    return normalize_unit(m.group(1)) if m else ("", 1.0)


def _counted_noun(label: str) -> str:
    return next((noun for noun in _COUNTED_NOUNS if noun in label), "")


def _kind_and_year(
    meta: Metadata, years: tuple[int, int] | None, col: int, label: str
) -> tuple[str, int | None, bool]:
    """Kind, year and whether the cell is a target of the plan before this one.

    A planned-projects row (its years in a cell) is a target of its end year. A column is a
    baseline when its label says so (完成数, 现状, 基期值) or when its year is before the
    document (2017年 in a review of 2018); a target column (规划数, 目标) dated before the
    plan's period holds the previous plan's targets (2020年规划数 in a 十四五 plan).
    """
    if years and years[0] != col:
        return "target", years[1], False
    m = _HEADER_YEAR.search(label)
    year = int(m.group(1)) if m else meta.period_end
    issue = meta.issue_date[:4]
    now = int(issue) if issue.isdigit() else meta.period_start
    promised = bool(_TARGET_WORDS.search(label))
    baseline = bool(_BASELINE_WORDS.search(label)) or (
        year is not None and now is not None and year < now and not promised
    )
    start = meta.period_start if meta.period_start is not None else now
    earlier = promised and year is not None and start is not None and year < start
    return ("baseline" if baseline else "target"), year, earlier and not baseline


def _row_years(row: list[Cell]) -> tuple[int, int] | None:
    """The column and end year of a row's first cell of years (2019—2020), once per row."""
    for col, cell in enumerate(row):
        years = _YEAR_RANGE.match(cell.text)
        if years:
            return col, int(years.group(2) or years.group(1))
    return None


def table_projects(table: Table) -> list[Project]:
    """Planned construction projects of a table with a 学校名称-like column and seats."""
    labels = column_labels(table)
    name_col = next((i for i, lb in enumerate(labels) if "名称" in lb), None)
    seat_col = next((i for i, lb in enumerate(labels) if "学位" in lb or "规模" in lb), None)
    if name_col is None or seat_col is None:
        return []
    find = _column_finder(labels)
    projects = []
    for row in table.rows:
        texts = [c.text.strip() for c in row] + [""] * (len(labels) - len(row))
        seats = read_cell(texts[seat_col])
        years = next((m for t in texts if (m := _YEAR_RANGE.match(t))), None)
        if not texts[name_col] or seats is None:
            continue
        projects.append(
            Project(
                name=texts[name_col],
                level=find(texts, "学段"),
                district=find(texts, *_DISTRICT_WORDS),
                seats=seats.value,
                start_year=int(years.group(1)) if years else None,
                end_year=int(years.group(2) or years.group(1)) if years else None,
                ownership=find(texts, "公办"),
                mode=find(texts, "方式"),
            )
        )
    return projects


def _column_finder(labels: list[str]):  # type: ignore[no-untyped-def]
    def find(texts: list[str], *words: str) -> str:
        for word in words:
            for i, label in enumerate(labels):
                if word in label and i < len(texts):
                    return texts[i]
        return ""

    return find
