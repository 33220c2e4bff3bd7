"""The columns and views of progress tracking: a plan's status, observations, the audit log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planwatch.present.columns import Column, indicator_name, named, plain, simplified_subject
from planwatch.present.figures import figure, number, unit_text
from planwatch.present.render import Part, View
from planwatch.records import STATUS_LABELS, StatusCode

ACTION_NAMES = {
    "create": "新增",
    "update": "修改",
    "submit": "提交",
    "approve": "批准",
    "reject": "驳回",
}
OBSERVATION_STATUS_NAMES = {
    "draft": "草稿",
    "submitted": "已报送",
    "approved": "已审核",
    "rejected": "已驳回",
}
SOURCE_KIND_NAMES = {"file": "文件导入", "person": "人工填报", "plan": "规划文本", "api": "接口"}
STATUS_ORDER: tuple[StatusCode, ...] = (
    "achieved",
    "on_track",
    "lagging",
    "off_track",
    "overdue",
    "not_due",
    "no_data",
)


def _share(value: Any) -> str:
    """0.634 → 63%; None → "" (progress and expected progress for people)."""
    return "" if value is None else f"{value * 100:.0f}%"


def _valued(value: Any, unit: str, period: Any = None) -> str:
    """A value for people, to two decimals (a forecast is no more precise than that)."""
    if value is None:
        return ""
    value = round(value, 2)
    shown = f"{number(value)}∶1" if unit == "ratio" else f"{number(value)}{unit_text(unit)}"
    return f"{shown}（{period}）" if period else shown


def _evidence(row: Any) -> dict[str, Any]:
    """The target's words and place, and the source of each observation used."""
    span = row.span
    return {
        "quote": row.quote,
        "document_id": row.document_id,
        "start": span.start if span else None,
        "end": span.end if span else None,
        "observations": [
            {
                "period": o.period,
                "value": o.value,
                "source": o.source,
                "source_kind": o.source_kind,
                "status": o.status,
                "recorded_by": o.recorded_by,
                "recorded_at": o.recorded_at.isoformat(timespec="seconds")
                if o.recorded_at
                else None,
            }
            for o in row.evidence
        ],
    }


def status_columns(region_names: Mapping[str, str]) -> tuple[Column, ...]:
    """The columns of a status row: what the JSON of ``planwatch status`` holds, first."""
    return (
        Column("item_id", "目标编号", machine=True),
        Column("subject", "目标", simplified_subject, wide=True),
        Column("indicator", "指标", indicator_name),
        Column("region", "地区", lambda c: region_names.get(c, c or "")),
        Column("unit", "单位", table=False),
        Column("relation", "关系", table=False),
        Column("baseline_value", "基数", brief=_baseline),
        Column("baseline_period", "基数期间", table=False),
        Column("target_value", "目标值", brief=_target),
        Column("target_year", "目标年份", table=False),
        Column("latest_value", "最新值", brief=_latest),
        Column("latest_period", "最新期间", table=False),
        Column("progress", "进度", _share),
        Column("expected_progress", "应达进度", _share),
        Column("status", "状态代码", machine=True),
        Column("status_label", "状态"),
        Column("forecast_value", "预测值", brief=lambda r: _valued(r.forecast_value, r.unit)),
        Column("forecast_method", "预测方法", table=False, wide=True),
        Column("reason", "说明", table=False, wide=True),
        Column("lead_units", "牵头单位"),
        Column("cooperating_units", "配合单位", table=False),
        Column("previous_plan", "上一规划期目标", table=False),
        Column("evidence", "依据", get=_evidence, table=False, show=_evidence_text, wide=True),
    )


def _baseline(row: Any) -> str:
    return _valued(row.baseline_value, row.unit, row.baseline_period)


def _latest(row: Any) -> str:
    return _valued(row.latest_value, row.unit, row.latest_period)


def _target(row: Any) -> str:
    shown = figure(_Figure(row.target_value, row.target_value_max, row.unit, row.relation))
    return f"{shown}（{row.target_year}年）" if row.target_year else shown


class _Figure:
    """A target's figure as figure() reads it."""

    __slots__ = ("relation", "unit", "value", "value_max")

    def __init__(self, value: float, value_max: float | None, unit: str, relation: str) -> None:
        self.value, self.value_max, self.unit, self.relation = value, value_max, unit, relation


def _evidence_text(evidence: Any) -> str:
    parts = [f"原文：「{evidence['quote']}」"]
    parts += [
        f"{o['period']} {number(o['value'])}：{o['source']}" for o in evidence["observations"]
    ]
    return "；".join(parts)


def status_view(view: Any, region_names: Mapping[str, str]) -> View:
    """A plan's status: one row per target (json: the rows as ``planwatch status`` promises),
    the counts of each status below the table, and the groups when asked for."""
    doc = view.document
    parts = [Part("目标进展", status_columns(region_names), view.rows)]
    if view.groups:
        parts.append(
            Part(f"按{GROUP_NAMES[view.by]}汇总", group_columns(view.by, region_names), view.groups)
        )
    out = View(parts)
    out.heading = f"【{doc.name}】{doc.title}  截至 {view.as_of.isoformat()}"
    out.footer = summary_sentence(view.counts)
    return out


GROUP_NAMES = {"section": "章节", "unit": "牵头单位", "region": "地区", "indicator": "指标"}


def group_columns(by: str, region_names: Mapping[str, str]) -> tuple[Column, ...]:
    """The columns of a rollup: the group, then the count of each status."""
    shown: Any = plain
    if by == "region":
        shown = lambda c: region_names.get(c, c)  # noqa: E731
    elif by == "indicator":
        shown = indicator_name
    return (
        Column("group", GROUP_NAMES[by], shown),
        Column("total", "目标数"),
        *(Column(code, STATUS_LABELS[code], get=_count_of(code)) for code in STATUS_ORDER),
    )


def _count_of(code: StatusCode) -> Any:
    return lambda row: row.counts.get(code, 0)


def summary_sentence(counts: Mapping[str, int]) -> str:
    """共 12 个目标：已达成 5 个、正常推进 3 个……无数据 1 个。"""
    total = sum(counts.values())
    if not total:
        return "本规划没有可评估的目标。"
    parts = [f"{STATUS_LABELS[c]} {counts[c]} 个" for c in STATUS_ORDER if counts.get(c)]
    return f"共 {total} 个目标：" + "、".join(parts) + "。"


def observation_columns(region_names: Mapping[str, str]) -> tuple[Column, ...]:
    """The columns of an observation."""
    return (
        Column("id", "编号", machine=True),
        Column("indicator", "指标", indicator_name),
        Column("item", "目标编号"),
        Column("region", "地区", lambda c: region_names.get(c, c or "")),
        Column("period", "期间"),
        Column("value", "数值"),
        Column("status", "状态", named(OBSERVATION_STATUS_NAMES)),
        Column("source_kind", "来源类型", named(SOURCE_KIND_NAMES)),
        Column("source", "来源", wide=True),
        Column("recorded_by", "记录人"),
        Column("recorded_at", "记录时间"),
        Column("note", "备注", table=False),
        Column("quote", "原文", table=False, wide=True),
    )


def audit_columns(region_names: Mapping[str, str]) -> tuple[Column, ...]:
    """The columns of an audit entry."""
    return (
        Column("id", "序号"),
        Column("at", "时间"),
        Column("by", "操作人"),
        Column("action", "操作", named(ACTION_NAMES)),
        Column("observation_id", "数据编号"),
        Column("indicator", "指标", indicator_name),
        Column("item", "目标编号"),
        Column("region", "地区", lambda c: region_names.get(c, c or "")),
        Column("period", "期间"),
        Column("old_value", "原值"),
        Column("new_value", "新值"),
        Column("old_status", "原状态", named(OBSERVATION_STATUS_NAMES)),
        Column("new_status", "新状态", named(OBSERVATION_STATUS_NAMES)),
        Column("source", "来源", wide=True),
        Column("reason", "原因", wide=True),
    )


ROLE_NAMES = {"admin": "管理员", "supervisor": "督导", "reporter": "填报人", "viewer": "查看人"}
ACCOUNT_COLUMNS = (
    Column("name", "账户"),
    Column("role", "角色", named(ROLE_NAMES)),
    Column("org_name", "单位"),
    Column("org_unit", "单位代码", table=False),
    Column("disabled", "已停用", lambda v: "是" if v else ""),
)


def listing_view(rows: Sequence[Any], columns: Sequence[Column], title: str) -> View:
    """A plain listing of one part."""
    return View.of(rows, columns, title)
