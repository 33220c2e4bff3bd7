"""Use cases across plans: compare an indicator, check plans, coverage of a higher plan.

Each returns one view (plain dicts and lists) that the CLI prints, the exports write and the
web app will serve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from planwatch import analyze
from planwatch.analyze.cascade import VERDICT_NAMES, WEAKER
from planwatch.analyze.compare import period_text
from planwatch.analyze.coverage import (
    COVERED,
    NOT_COVERED,
    PARTIAL,
    Coverage,
    TargetMatch,
    TaskMatch,
    task_totals,
)
from planwatch.analyze.plans import figure
from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.extract.indicators import load_catalog as extract_catalog
from planwatch.ingest.simplify import simplified
from planwatch.services.ledger import read_ledger, resolve_doc
from planwatch.store import plans as store_plans
from planwatch.store import queries


class UnknownIndicator(PlanWatchError):
    """The indicator named is in no entry of the catalog."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"指标目录中没有「{ref}」（可用 planwatch indicators 查看指标编号与名称）")


class UnknownRegion(PlanWatchError):
    """The region named is no region of the division table."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"没有名称含「{ref}」的行政区划（可写全称、简称或12位代码）")


class NoLowerPlans(PlanWatchError):
    """No plan of the ledger implements the plan whose coverage is asked."""

    def __init__(self, name: str) -> None:
        super().__init__(f"台账中没有贯彻「{name}」的下级规划；可用 --lower 指定要对照的文件")


class SelfComparison(PlanWatchError):
    """A plan given as its own lower plan."""

    def __init__(self, name: str) -> None:
        super().__init__(f"「{name}」不能与自身对照：--lower 须是另一个文件")


def load_plans(session: Any, with_source: bool = False) -> list[analyze.Plan]:
    """The ledger's documents as the analyses' Plan records; the words the analyses compare
    (subjects, task titles and bodies) in simplified characters, as the parsers read them."""
    chains = store_plans.region_chains(session)
    out = []
    for row in store_plans.plan_rows(session, with_source):
        source = row.get("source") or ""
        out.append(
            analyze.Plan(
                id=row["id"],
                name=row["name"],
                title=row["title"],
                region=row["region"],
                level=row["level"],
                period_start=row["period_start"],
                period_end=row["period_end"],
                regions=chains.get(row["org_unit_code"] or "", ()),
                implements=tuple(row["implements"]),
                source=source,
                items=[
                    analyze.PlanItem(**{**i, "subject": simplified(i["subject"])})
                    for i in row["items"]
                ],
                tasks=[
                    analyze.PlanTask(
                        **{**t, "title": simplified(t["title"])},
                        body=simplified(source[t["start"] : t["end"]]),
                    )
                    for t in row["tasks"]
                ],
                projects=[analyze.PlanProject(**p) for p in row["projects"]],
            )
        )
    return out


def load_catalog(session: Any) -> dict[str, analyze.IndicatorInfo]:
    """The ledger's indicator catalog (the package's own before anything is ingested)."""
    rows = store_plans.indicator_rows(session) or [
        {"id": i.id, "name": i.name, "unit": i.unit, "direction": i.direction, "aliases": i.aliases}
        for i in extract_catalog()
    ]
    return {
        r["id"]: analyze.IndicatorInfo(**{**r, "aliases": tuple(r["aliases"] or ())}) for r in rows
    }


# --- check ------------------------------------------------------------------------------


def finding_dict(
    finding: analyze.Finding, catalog: dict[str, analyze.IndicatorInfo]
) -> dict[str, Any]:
    """A finding as a view row: its fields, Chinese names and evidence as dicts."""
    row = asdict(finding)
    info = catalog.get(finding.indicator)
    row["indicator_name"] = info.name if info else ""
    row["document_id"] = row.pop("plan")
    row["kind_name"] = analyze.KIND_NAMES.get(finding.kind, finding.kind)
    row["severity_name"] = analyze.SEVERITY_NAMES[finding.severity]
    for ev in row["evidence"]:
        ev["document_id"] = ev.pop("plan")
    return row


def check_plans(
    settings: Settings, doc: str | None = None, at_least: str = "info"
) -> list[dict[str, Any]]:
    """The findings of every plan of the ledger, or of one plan (against the whole ledger),
    of severity ``at_least`` (info, warning, high) or worse."""
    worst = analyze.SEVERITY_RANK[at_least]

    def run(session: Any) -> list[dict[str, Any]]:
        only = {resolve_doc(session, doc)} if doc else None
        plans = load_plans(session, with_source=True)
        catalog = load_catalog(session)
        findings = analyze.check_plans(plans, catalog, only)
        kept = [f for f in findings if analyze.SEVERITY_RANK[f.severity] <= worst]
        return [finding_dict(f, catalog) for f in kept]

    return list(read_ledger(settings, run))


# --- compare ----------------------------------------------------------------------------


def find_indicator(catalog: dict[str, analyze.IndicatorInfo], ref: str) -> analyze.IndicatorInfo:
    """The indicator named by its id, its name or one of its aliases (学前三年毛入园率)."""
    ref = ref.strip()
    found = catalog.get(ref) or next(
        (i for i in catalog.values() if ref == i.name or ref in i.aliases), None
    )
    if found is None:
        raise UnknownIndicator(ref)
    return found


def compare_indicator(
    settings: Settings, indicator: str, region: str | None = None
) -> dict[str, Any]:
    """Every target and baseline of one indicator across the ledger (within a region and the
    regions below it, when given): rows for a table and one series per region for a chart."""

    def run(session: Any) -> dict[str, Any]:
        catalog = load_catalog(session)
        info = find_indicator(catalog, indicator)
        within = None
        if region:
            within = store_plans.region_codes(session, region.strip())
            if not within:
                raise UnknownRegion(region)
        rows = analyze.indicator_rows(load_plans(session), info, within)
        return {
            "indicator": asdict(info),
            "region": region or "",
            "rows": rows,
            "series": analyze.chart_series(rows),
        }

    return dict(read_ledger(settings, run))


# --- coverage ---------------------------------------------------------------------------


def _plan_head(plan: analyze.Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "title": plan.title,
        "region": plan.region,
        "period": period_text(plan),
    }


def coverage_view(cov: Coverage, catalog: dict[str, analyze.IndicatorInfo]) -> dict[str, Any]:
    """A coverage as one view: the plans, a summary per lower plan, rows of headings, tasks
    and targets, each with its status and evidence, and per higher task the number of lower
    plans that take it up (``task_totals``)."""
    names = {i.id: i.name for i in catalog.values()}
    return {
        "higher": _plan_head(cov.higher),
        "lowers": [_plan_head(p) for p in cov.lowers],
        "summary": [_summary(cov, lower) for lower in cov.lowers],
        "sections": [
            {
                "section": s.section,
                "lower": s.lower.name,
                "lower_region": s.lower.region,
                "tasks": s.tasks,
                "covered": s.covered,
                "partial": s.partial,
                "status": s.status,
                "status_name": analyze.STATUS_NAMES[s.status],
            }
            for s in cov.sections
        ],
        "tasks": [_task_row(m, names) for m in cov.tasks],
        "task_totals": [
            {
                "section": task.section,
                "label": task.label,
                "title": task.title,
                "start": task.start,
                "end": task.end,
                "lowers": len(cov.lowers),
                "covered": counts[COVERED],
                "partial": counts[PARTIAL],
                "not_covered": counts[NOT_COVERED],
            }
            for task, counts in task_totals(cov)
        ],
        "targets": [_target_row(m) for m in cov.targets],
    }


def _summary(cov: Coverage, lower: analyze.Plan) -> dict[str, Any]:
    tasks = [m for m in cov.tasks if m.lower is lower]
    targets = [m for m in cov.targets if m.lower is lower]
    return {
        "lower": lower.name,
        "lower_title": lower.title,
        "lower_region": lower.region,
        "tasks": len(tasks),
        "tasks_covered": sum(m.status == COVERED for m in tasks),
        "tasks_partial": sum(m.status == PARTIAL for m in tasks),
        "tasks_not_covered": sum(m.status == NOT_COVERED for m in tasks),
        "targets": len(targets),
        "targets_covered": sum(m.status == COVERED for m in targets),
        "targets_weaker": sum(m.verdict == WEAKER for m in targets),
    }


def _task_row(m: TaskMatch, names: dict[str, str]) -> dict[str, Any]:
    return {
        "section": m.task.section,
        "label": m.task.label,
        "title": m.task.title,
        "start": m.task.start,
        "end": m.task.end,
        "lower": m.lower.name,
        "lower_region": m.lower.region,
        "status": m.status,
        "status_name": analyze.STATUS_NAMES[m.status],
        "score": round(m.score, 3),
        "indicators": [names.get(i, i) for i in m.indicators],
        "match_section": m.match.section if m.match else "",
        "match_label": m.match.label if m.match else "",
        "match_title": m.match.title if m.match else "",
        "match_start": m.match.start if m.match else None,
        "match_end": m.match.end if m.match else None,
    }


def _target_row(m: TargetMatch) -> dict[str, Any]:
    return {
        "subject": m.item.subject,
        "indicator": m.item.indicator or "",
        "figure": figure(m.item),
        "year": m.item.year,
        "start": m.item.start,
        "end": m.item.end,
        "quote": m.item.quote,
        "lower": m.lower.name,
        "lower_region": m.lower.region,
        "status": m.status,
        "status_name": analyze.STATUS_NAMES[m.status],
        "how": m.how,
        "score": round(m.score, 3) if m.how == "文字" else None,
        "verdict": m.verdict,
        "verdict_name": VERDICT_NAMES.get(m.verdict, ""),
        "matches": "；".join(
            f"{t.subject} {figure(t)}" + (f"（{t.year}年）" if t.year else "") for t in m.matches
        ),
        "match_starts": [t.start for t in m.matches],
    }


def coverage_of(settings: Settings, higher: str, lowers: Sequence[str] = ()) -> dict[str, Any]:
    """How the plans implementing the higher plan (or the lower plans named) take up its
    tasks and targets."""

    def run(session: Any) -> dict[str, Any]:
        top = resolve_doc(session, higher)
        chosen = [resolve_doc(session, ref) for ref in lowers]
        plans = load_plans(session, with_source=True)
        index = analyze.PlanIndex(plans)
        if top in chosen:
            raise SelfComparison(index.by_id[top].name)
        below = [index.by_id[i] for i in chosen] or index.lower_plans(index.by_id[top])
        if not below:
            raise NoLowerPlans(index.by_id[top].name)
        catalog = load_catalog(session)
        return coverage_view(analyze.coverage(index.by_id[top], below, catalog), catalog)

    return dict(read_ledger(settings, run))


def coverage_all(settings: Settings) -> list[dict[str, Any]]:
    """The coverage of every plan of the ledger that other plans implement."""

    def run(session: Any) -> list[dict[str, Any]]:
        plans = load_plans(session, with_source=True)
        catalog = load_catalog(session)
        return [coverage_view(c, catalog) for c in analyze.coverage_of_ledger(plans, catalog)]

    return list(read_ledger(settings, run))


# --- projects ---------------------------------------------------------------------------


def project_summary(
    settings: Settings, doc: str, by: Sequence[str] = ("level", "district")
) -> list[dict[str, Any]]:
    """A plan's project table summed by 学段 and 县区 (or the fields given)."""

    def run(session: Any) -> list[dict[str, Any]]:
        rows = queries.project_list(session, resolve_doc(session, doc))
        fields = analyze.PlanProject.__dataclass_fields__
        projects = [analyze.PlanProject(**{k: r[k] for k in fields}) for r in rows]
        return analyze.project_totals(projects, by)

    return list(read_ledger(settings, run))
