"""analyze stage: plans compared across levels and years, checked, and their coverage."""

from __future__ import annotations

from planwatch.analyze.cascade import PlanIndex
from planwatch.analyze.checks import KIND_NAMES, check_plans
from planwatch.analyze.compare import chart_series, indicator_rows
from planwatch.analyze.coverage import STATUS_NAMES, coverage, coverage_of_ledger
from planwatch.analyze.plans import (
    SEVERITY_NAMES,
    SEVERITY_RANK,
    Evidence,
    Finding,
    IndicatorInfo,
    Plan,
    PlanItem,
    PlanProject,
    PlanTask,
)
from planwatch.analyze.projects import project_totals

__all__ = [
    "KIND_NAMES",
    "SEVERITY_NAMES",
    "SEVERITY_RANK",
    "STATUS_NAMES",
    "Evidence",
    "Finding",
    "IndicatorInfo",
    "Plan",
    "PlanIndex",
    "PlanItem",
    "PlanProject",
    "PlanTask",
    "chart_series",
    "check_plans",
    "coverage",
    "coverage_of_ledger",
    "indicator_rows",
    "project_totals",
]
