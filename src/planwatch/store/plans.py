"""Reading the ledger for the analyses: plans with their items, tasks, projects and links,
as plain dicts, in a few queries for the whole ledger."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from planwatch.store.models import (
    DocumentRow,
    IndicatorRow,
    ItemRow,
    OrgUnitRow,
    PlanLinkRow,
    ProjectRow,
    SectionRow,
    TaskRow,
)

PLAN_FIELDS = (
    "id",
    "name",
    "title",
    "region",
    "level",
    "period_start",
    "period_end",
    "org_unit_code",
)
ITEM_FIELDS = ("id", "kind", "value", "unit", "relation", "year", "subject", "value_max", "text")
PROJECT_FIELDS = (
    "name",
    "level",
    "district",
    "seats",
    "mode",
    "ownership",
    "start_year",
    "end_year",
)


def plan_rows(session: Session, with_source: bool = False) -> list[dict[str, Any]]:
    """Every document with ``items``, ``tasks``, ``projects`` and ``implements`` (the ids of
    the ledger's documents it names as higher plans); ``source`` when asked."""
    columns = [getattr(DocumentRow, f) for f in PLAN_FIELDS]
    if with_source:
        columns.append(DocumentRow.source)
    plans = {}
    for row in session.execute(select(*columns).order_by(DocumentRow.id)):
        plans[row.id] = {**row._asdict(), "items": [], "tasks": [], "projects": []}
        plans[row.id]["implements"] = []
    for doc_id, item in _items(session):
        plans[doc_id]["items"].append(item)
    for doc_id, task in _tasks(session):
        plans[doc_id]["tasks"].append(task)
    for p in session.scalars(select(ProjectRow).order_by(ProjectRow.document_id, ProjectRow.seq)):
        plans[p.document_id]["projects"].append({f: getattr(p, f) for f in PROJECT_FIELDS})
    links = select(PlanLinkRow.document_id, PlanLinkRow.target_id).where(
        PlanLinkRow.target_id.is_not(None)
    )
    for doc_id, target in session.execute(links.order_by(PlanLinkRow.document_id, PlanLinkRow.seq)):
        if target not in plans[doc_id]["implements"]:
            plans[doc_id]["implements"].append(target)
    return list(plans.values())


def _items(session: Session) -> Any:
    stmt = select(ItemRow).order_by(ItemRow.document_id, ItemRow.seq)
    for item in session.scalars(stmt):
        yield (
            item.document_id,
            {
                **{f: getattr(item, f) for f in ITEM_FIELDS},
                "indicator": item.indicator_id,
                "quote": item.quote,
                "start": item.span_start,
                "end": item.span_end,
                "section": item.section,
            },
        )


def _tasks(session: Session) -> Any:
    """Tasks with the heading that groups them: the parent of the task's own outline node
    (（一）实施学前教育普及普惠工程 above 1．扩大公办学前教育资源)."""
    own, group = aliased(SectionRow), aliased(SectionRow)
    stmt = (
        select(TaskRow, group.label, group.title)
        .outerjoin(own, (own.document_id == TaskRow.document_id) & (own.seq == TaskRow.section_seq))
        .outerjoin(
            group, (group.document_id == TaskRow.document_id) & (group.seq == own.parent_seq)
        )
        .order_by(TaskRow.document_id, TaskRow.seq)
    )
    for task, label, title in session.execute(stmt):
        yield (
            task.document_id,
            {
                "id": task.id,
                "label": task.label,
                "title": task.title,
                "section": f"{label}{title}" if title else "",
                "start": task.span_start,
                "end": task.span_end,
            },
        )


def region_chains(session: Session) -> dict[str, tuple[str, ...]]:
    """Each region's chain of codes from its province down to itself."""
    parents = dict(
        session.execute(
            select(OrgUnitRow.code, OrgUnitRow.parent_code).where(OrgUnitRow.level != "body")
        ).all()
    )
    chains: dict[str, tuple[str, ...]] = {}

    def chain(code: str) -> tuple[str, ...]:
        if code not in chains:
            parent = parents.get(code)
            chains[code] = (*chain(parent), code) if parent and parent in parents else (code,)
        return chains[code]

    for code in parents:
        chain(code)
    return chains


def region_codes(session: Session, ref: str) -> set[str]:
    """The codes of the regions a user names: by code, or by a part of their name."""
    stmt = select(OrgUnitRow.code).where(
        OrgUnitRow.level != "body",
        (OrgUnitRow.code == ref) | OrgUnitRow.name.contains(ref, autoescape=True),
    )
    return set(session.scalars(stmt))


def indicator_rows(session: Session) -> list[dict[str, Any]]:
    """The catalog indicators: id, name, unit, direction, aliases."""
    stmt = select(
        IndicatorRow.id,
        IndicatorRow.name,
        IndicatorRow.unit,
        IndicatorRow.direction,
        IndicatorRow.aliases,
    )
    return [row._asdict() for row in session.execute(stmt)]


def regions_within(session: Session, ref: str) -> set[str]:
    """The codes of the regions a user names (see ``region_codes``) and of every region
    below them: 广西 → the province, its 14 cities and their counties."""
    named = region_codes(session, ref)
    if not named:
        return set()
    return {code for code, chain in region_chains(session).items() if named.intersection(chain)}
