"""The Chinese words people see for the codes the records hold, in one place."""

from __future__ import annotations

ITEM_KIND_NAMES = {"target": "目标", "baseline": "基数"}
DIRECTION_NAMES = {"higher": "越高越好", "lower": "越低越好", "balanced": "适中为宜"}
FINDING_KIND_NAMES = {
    "cascade_weaker": "下级目标低于上级",
    "year_outside_period": "目标年份超出规划期",
    "contradictory_targets": "同一指标目标不一致",
    "table_prose_mismatch": "专栏与正文不符",
    "already_met": "目标编制时已达到",
}
SEVERITY_NAMES = {"high": "严重", "warning": "警告", "info": "提示"}
COVERAGE_STATUS_NAMES = {"covered": "已承接", "partial": "部分承接", "not_covered": "未承接"}
VERDICT_NAMES = {"consistent": "不弱于上级", "weaker": "弱于上级"}
OUTLINE_KIND_NAMES = {
    "chapter": "章",
    "section": "节",
    "cn": "一、",
    "paren": "（一）",
    "arabic": "1．",
    "box": "专栏",
    "annex": "附表",
}
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "body": "单位"}
