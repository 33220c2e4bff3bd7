"""The checks of one import row and of a file's header: each rule with its reason and example."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planwatch.track.lookups import Context, RowFacts
from planwatch.track.rows import FIELD_LABELS, Field, ImportFile
from planwatch.track.values import (
    DEFAULT_MAX,
    MAX_BY_UNIT,
    RATE_UNITS,
    chinese_number,
    value_bounds,
)

__all__ = ["HEADER_RULES", "ROW_RULES", "HeaderRule", "RowRule"]

MIN_PLAUSIBLE_YEAR = 1990  # before the education plans PlanWatch reads; 1019 is a typo of 2019
MAX_SOURCE, MAX_NOTE = 500, 1000  # characters: a URL or a table's name, a sentence or two


@dataclass(frozen=True, slots=True)
class RowRule:
    """A check of one row: the problem code, the field it names, the check, why, an example."""

    kind: str
    field: Field
    check: Callable[[RowFacts, Context], str | None]  # the reason in Chinese, or None
    why: str
    example: str


def _unknown_indicator(row: RowFacts, _: Context) -> str | None:
    if row.raw.indicator.strip() and row.indicator is None:
        return f"未知指标「{row.raw.indicator.strip()}」：请使用指标目录中的名称、别名或编号"
    return None


def _unknown_item(row: RowFacts, _: Context) -> str | None:
    if row.raw.item.strip() and row.target is None:
        return f"未知目标编号「{row.raw.item.strip()}」：请使用台账中的目标编号"
    return None


def _no_subject(row: RowFacts, _: Context) -> str | None:
    if not row.raw.indicator.strip() and not row.raw.item.strip():
        return "未填写指标或目标编号（至少填写一项）"
    return None


def _indicator_item_mismatch(row: RowFacts, _: Context) -> str | None:
    indicator, target = row.indicator, row.target
    if indicator is None or target is None or target.indicator in (None, indicator.id):
        return None
    named = row.raw.indicator.strip()
    return f"指标「{named}」与目标编号{target.item_id}（{target.subject}）的指标不一致"


def _empty_region(row: RowFacts, _: Context) -> str | None:
    return "未填写地区" if not row.raw.region.strip() else None


def _unknown_region(row: RowFacts, _: Context) -> str | None:
    if row.raw.region.strip() and row.region is None:
        return f"未知地区「{row.raw.region.strip()}」：请填写行政区划名称（如 南宁市）或12位代码"
    return None


def _region_item_mismatch(row: RowFacts, _: Context) -> str | None:
    if row.target is None or row.region is None or row.target.region == row.region:
        return None
    return (
        f"目标编号{row.target.item_id}是地区 {row.target.region} 的目标，"
        f"本行地区为「{row.raw.region.strip()}」（{row.region}）"
    )


def _bad_period(row: RowFacts, _: Context) -> str | None:
    return (
        f"期间「{row.raw.period.strip()}」无法识别：{row.period_error}"
        if row.period_error
        else None
    )


def _future_period(row: RowFacts, context: Context) -> str | None:
    if row.period is not None and row.period.start > context.as_of:
        return f"期间{row.period.label}尚未开始（晚于评估日期 {context.as_of.isoformat()}）"
    return None


def _implausible_year(row: RowFacts, _: Context) -> str | None:
    if row.period is not None and row.period.year < MIN_PLAUSIBLE_YEAR:
        return f"年份{row.period.year}不合理（早于{MIN_PLAUSIBLE_YEAR}年），疑为输入错误"
    return None


def _empty_value(row: RowFacts, _: Context) -> str | None:
    if row.empty_value:
        return "未填写数值（没有数据请删除这一行，不要填 0 或「—」）"
    return None


def _not_a_number(row: RowFacts, _: Context) -> str | None:
    return row.value_error or None


def _unit_mismatch(row: RowFacts, _: Context) -> str | None:
    value, unit = row.value, row.unit
    if value is None or not unit:
        return None
    if value.percent and unit != "%":
        return f"「{row.name}」的单位是「{unit}」，数值不应带 % 号"
    if value.scaled and unit in RATE_UNITS:
        return f"「{row.name}」是比率，数值不应带「万」「亿」"
    return None


def _percent_range(row: RowFacts, _: Context) -> str | None:
    if row.value is None or row.unit not in ("%", "‰"):
        return None
    bounds = value_bounds(row.unit, row.name)
    low, high = bounds.minimum or 0.0, bounds.maximum or 100.0
    if low <= row.value.value <= high:
        return None
    share = "百分比" if row.unit == "%" else "千分比"
    return f"{share}应在{low:g}到{high:g}之间，实为 {row.value.value:g}"


def _negative_count(row: RowFacts, _: Context) -> str | None:
    if row.value is None or not row.unit or row.unit in RATE_UNITS or row.value.value >= 0:
        return None
    return f"「{row.name}」是数量（单位{row.unit}），不能为负数，实为 {row.value.value:g}"


def _ratio_not_positive(row: RowFacts, _: Context) -> str | None:
    if row.value is None or row.unit != "ratio" or row.value.value > 0:
        return None
    return f"「{row.name}」是比值（如生师比 19:1 填 19），应大于0，实为 {row.value.value:g}"


def _too_large(row: RowFacts, _: Context) -> str | None:
    if row.value is None or row.unit in ("%", "‰", "pp"):
        return None
    limit = MAX_BY_UNIT.get(row.unit, DEFAULT_MAX)
    if abs(row.value.value) <= limit:
        return None
    unit = row.unit or "未知"
    value, most = chinese_number(row.value.value), chinese_number(limit)
    return f"数值 {value} 大得不合理（单位{unit}，上限 {most}），请核对单位和位数"


def _too_long(name: Field, limit: int) -> Callable[[RowFacts, Context], str | None]:
    def check(row: RowFacts, _: Context) -> str | None:
        text = row.raw.text(name).strip()
        if len(text) > limit:
            return f"「{FIELD_LABELS[name]}」过长（{len(text)}字，上限{limit}字）"
        if text.startswith("="):
            return f"「{FIELD_LABELS[name]}」以 = 开头，疑似公式，请改为纯文本"
        return None

    return check


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(
        "no_subject",
        "indicator",
        _no_subject,
        "A value must say what it measures.",
        "指标、目标编号都空",
    ),
    RowRule(
        "unknown_indicator",
        "indicator",
        _unknown_indicator,
        "Only catalog indicators can be compared across plans.",
        "入园率",
    ),
    RowRule(
        "unknown_item",
        "item",
        _unknown_item,
        "A value for a target that is not in the ledger cannot be judged.",
        "99999",
    ),
    RowRule(
        "indicator_item_mismatch",
        "item",
        _indicator_item_mismatch,
        "A row naming two things is a copy-paste slip.",
        "小学生师比 with a 毛入园率 target",
    ),
    RowRule(
        "empty_region", "region", _empty_region, "Every figure belongs to an org unit.", "（空）"
    ),
    RowRule(
        "unknown_region",
        "region",
        _unknown_region,
        "Regions are joined by code across plans and levels.",
        "南宁",
    ),
    RowRule(
        "region_item_mismatch",
        "region",
        _region_item_mismatch,
        "A city's figure is not the province's target.",
        "柳州市 for a 南宁市 target",
    ),
    RowRule(
        "bad_period",
        "period",
        _bad_period,
        "A figure without a period cannot be placed in time.",
        "2022上半年",
    ),
    RowRule(
        "future_period",
        "period",
        _future_period,
        "A period that has not begun has no figure yet.",
        "2030",
    ),
    RowRule(
        "implausible_year",
        "period",
        _implausible_year,
        "Years before the plans read are typos.",
        "1019",
    ),
    RowRule(
        "empty_value", "value", _empty_value, "A row without a value is a gap, not a zero.", "—"
    ),
    RowRule(
        "not_a_number", "value", _not_a_number, "Only numbers can be compared with targets.", "九十"
    ),
    RowRule(
        "unit_mismatch",
        "value",
        _unit_mismatch,
        "A % on a count, or 万 on a rate, is a unit error.",
        "91% for 人",
    ),
    RowRule(
        "percent_range",
        "value",
        _percent_range,
        "A share lies in 0–100 (gross rates up to 150).",
        "924",
    ),
    RowRule(
        "negative_count",
        "value",
        _negative_count,
        "A number of schools, people or yuan is never negative.",
        "-3",
    ),
    RowRule(
        "ratio_not_positive", "value", _ratio_not_positive, "A ratio such as 19:1 is positive.", "0"
    ),
    RowRule(
        "too_large",
        "value",
        _too_large,
        "Beyond any real figure: a unit or digit slipped.",
        "3e12 人",
    ),
    RowRule(
        "source_text",
        "source",
        _too_long("source", MAX_SOURCE),
        "A source names a document or URL, not a copy of it; = starts a formula.",
        "=HYPERLINK(…)",
    ),
    RowRule(
        "note_text",
        "note",
        _too_long("note", MAX_NOTE),
        "A note is a sentence or two; = starts a formula.",
        "a pasted report",
    ),
)


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """A check of the header row."""

    kind: str
    check: Callable[[ImportFile], list[tuple[str, str]]]  # (column letter, reason) pairs
    why: str
    example: str


def _missing_header(file: ImportFile) -> list[tuple[str, str]]:
    found = [
        ("-", f"缺少必填列「{FIELD_LABELS[f]}」")
        for f in ("region", "period", "value")
        if f not in file.columns
    ]
    if "indicator" not in file.columns and "item" not in file.columns:
        found.insert(0, ("-", "缺少必填列「指标」或「目标编号」（至少一列）"))
    return found


def _duplicate_header(file: ImportFile) -> list[tuple[str, str]]:
    return [
        (
            letters[1],
            f"列「{FIELD_LABELS[name]}」出现了{len(letters)}次（{'、'.join(letters)}列），只能有一列",
        )
        for name, letters in file.duplicates.items()
    ]


HEADER_RULES: tuple[HeaderRule, ...] = (
    HeaderRule(
        "missing_header",
        _missing_header,
        "Without these columns no row can be read.",
        "no 数值 column",
    ),
    HeaderRule(
        "duplicate_header", _duplicate_header, "Two 数值 columns: which one is meant?", "数值, 数值"
    ),
)
