"""analyze stage: plans compared across levels and years, checked, and their coverage."""

from __future__ import annotations

from planwatch.analyze.cascade import PlanIndex
from planwatch.analyze.checks import check_plans, finding_order
from planwatch.analyze.compare import chart_series, indicator_rows
from planwatch.analyze.coverage import coverage
from planwatch.analyze.plans import SEVERITY_RANK, Evidence, Finding, Plan, PlanTask
from planwatch.analyze.projects import project_totals

__all__ = [
    "SEVERITY_RANK",
    "Evidence",
    "Finding",
    "Plan",
    "PlanIndex",
    "PlanTask",
    "chart_series",
    "check_plans",
    "coverage",
    "finding_order",
    "indicator_rows",
    "project_totals",
]
