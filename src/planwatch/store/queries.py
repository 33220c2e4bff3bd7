"""Reading the ledger: every function returns plain dicts, never ORM objects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from planwatch.records import COOPERATING_ROLES, LEAD_ROLES
from planwatch.store.models import (
    DocumentRow,
    IndicatorRow,
    ItemRow,
    PlanLinkRow,
    ProjectRow,
    SectionRow,
    TaskRow,
    TaskUnitRow,
)

DOC_FIELDS = (
    "id",
    "name",
    "path",
    "sha256",
    "fmt",
    "encoding",
    "title",
    "doc_number",
    "issuer",
    "issue_date",
    "period_start",
    "period_end",
    "region",
    "level",
    "org_unit_code",
    "ingested_at",
    "updated_at",
)


MAX_ID = 2**31 - 1  # ids are INTEGER: 32 bits on PostgreSQL


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items to list: all given conditions hold."""

    document_id: int | None = None
    indicator: str | None = None  # indicator id or name, else a word of the subject
    region: str | None = None  # part of the document's region, or its org unit code
    region_codes: frozenset[str] = frozenset()  # the org units of that region and below it
    year: int | None = None
    kind: str | None = None  # target / baseline


def _doc_dict(row: DocumentRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in DOC_FIELDS}


def find_document_ids(session: Session, ref: str) -> list[int]:
    """The ids of the documents named by id, path, file name, 文号 or title (the first of
    these that matches any); more than one when, say, two folders hold the same file name."""
    ref = ref.strip()
    if ref.isdecimal() and 0 < int(ref) <= MAX_ID:
        if session.get(DocumentRow, int(ref)) is not None:
            return [int(ref)]
    for column in (DocumentRow.path, DocumentRow.name, DocumentRow.doc_number, DocumentRow.title):
        found = list(
            session.scalars(select(DocumentRow.id).where(column == ref).order_by(DocumentRow.id))
        )
        if found:
            return found
    return []


def _counts(session: Session, table: Any, *where: Any) -> dict[int, int]:
    stmt = select(table.document_id, func.count()).where(*where).group_by(table.document_id)
    return {doc_id: n for doc_id, n in session.execute(stmt)}


def document_list(session: Session) -> list[dict[str, Any]]:
    """Every document with its counts and the higher plans it names."""
    items = _counts(session, ItemRow)
    targets = _counts(session, ItemRow, ItemRow.kind == "target")
    tasks = _counts(session, TaskRow)
    parents = _parents(session)
    out = []
    for row in session.scalars(select(DocumentRow).order_by(DocumentRow.id)):
        out.append(
            {
                **_doc_dict(row),
                "items": items.get(row.id, 0),
                "targets": targets.get(row.id, 0),
                "tasks": tasks.get(row.id, 0),
                "implements": parents.get(row.id, []),
            }
        )
    return out


def _parents(session: Session, doc_id: int | None = None) -> dict[int, list[dict[str, Any]]]:
    target = aliased(DocumentRow)
    stmt = (
        select(
            PlanLinkRow.document_id,
            PlanLinkRow.title,
            PlanLinkRow.doc_number,
            PlanLinkRow.target_id,
            target.name,
        )
        .outerjoin(target, target.id == PlanLinkRow.target_id)
        .order_by(PlanLinkRow.document_id, PlanLinkRow.seq)
    )
    if doc_id is not None:
        stmt = stmt.where(PlanLinkRow.document_id == doc_id)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for d, title, number, target_id, target_name in session.execute(stmt):
        out[d].append(
            {
                "title": title,
                "doc_number": number,
                "target_id": target_id,
                "target_name": target_name,
            }
        )
    return out


def document_detail(session: Session, doc_id: int) -> dict[str, Any]:
    """One document: metadata, links up and down, outline, tasks, items and projects."""
    row = session.get(DocumentRow, doc_id)
    if row is None:
        raise KeyError(doc_id)
    children = session.execute(
        select(DocumentRow.id, DocumentRow.name, DocumentRow.title)
        .join(PlanLinkRow, PlanLinkRow.document_id == DocumentRow.id)
        .where(PlanLinkRow.target_id == doc_id)
        .distinct()  # a plan may name its higher plan twice (its title and its notice's)
        .order_by(DocumentRow.id)
    )
    sections = session.scalars(
        select(SectionRow).where(SectionRow.document_id == doc_id).order_by(SectionRow.seq)
    )
    return {
        **_doc_dict(row),
        "implements": _parents(session, doc_id).get(doc_id, []),
        "implemented_by": [{"id": i, "name": n, "title": t} for i, n, t in children],
        "outline": [
            {
                "seq": s.seq,
                "parent": s.parent_seq,
                "level": s.level,
                "kind": s.kind,
                "label": s.label,
                "title": s.title,
                "start": s.span_start,
                "end": s.span_end,
            }
            for s in sections
        ],
        "tasks": task_list(session, doc_id),
        "items": item_list(session, ItemFilter(document_id=doc_id)),
        "projects": project_list(session, doc_id),
    }


def _item_query(f: ItemFilter) -> Select[ItemRow, str, str, str, str]:
    stmt = (
        select(ItemRow, DocumentRow.name, DocumentRow.title, DocumentRow.region, IndicatorRow.name)
        .join(DocumentRow, DocumentRow.id == ItemRow.document_id)
        .outerjoin(IndicatorRow, IndicatorRow.id == ItemRow.indicator_id)
        .order_by(ItemRow.document_id, ItemRow.seq)
    )
    if f.document_id is not None:
        stmt = stmt.where(ItemRow.document_id == f.document_id)
    if f.kind:
        stmt = stmt.where(ItemRow.kind == f.kind)
    if f.year is not None:
        stmt = stmt.where(ItemRow.year == f.year)
    if f.region:
        stmt = stmt.where(
            or_(
                DocumentRow.region.contains(f.region, autoescape=True),
                DocumentRow.org_unit_code == f.region,
                DocumentRow.org_unit_code.in_(sorted(f.region_codes)),
            )
        )
    if f.indicator:
        stmt = stmt.where(
            or_(
                ItemRow.indicator_id == f.indicator,
                IndicatorRow.name == f.indicator,
                ItemRow.subject.contains(f.indicator),
            )
        )
    return stmt


def item_list(session: Session, f: ItemFilter) -> list[dict[str, Any]]:
    """The items that pass the filter, with their document and indicator."""
    out = []
    for item, doc_name, doc_title, region, indicator_name in session.execute(_item_query(f)):
        out.append(
            {
                "id": item.id,
                "document_id": item.document_id,
                "doc": doc_name,
                "doc_title": doc_title,
                "region": region,
                "seq": item.seq,
                "start": item.span_start,
                "end": item.span_end,
                "text": item.text,
                "value": item.value,
                "value_max": item.value_max,
                "unit": item.unit,
                "kind": item.kind,
                "relation": item.relation,
                "year": item.year,
                "subject": item.subject,
                "section": item.section,
                "task": item.task_label,
                "task_seq": item.task_seq,
                "indicator_id": item.indicator_id,
                "indicator": indicator_name or "",
                "link_evidence": item.link_evidence,
                "quote": item.quote,
            }
        )
    return out


def task_list(session: Session, doc_id: int | None = None) -> list[dict[str, Any]]:
    """Tasks with their units by role (牵头单位, 配合单位 …)."""
    stmt = (
        select(TaskRow, DocumentRow.name, SectionRow.label, SectionRow.title)
        .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
        .outerjoin(
            SectionRow,
            (SectionRow.document_id == TaskRow.document_id)
            & (SectionRow.seq == TaskRow.section_seq),
        )
        .order_by(TaskRow.document_id, TaskRow.seq)
    )
    if doc_id is not None:
        stmt = stmt.where(TaskRow.document_id == doc_id)
    rows = session.execute(stmt).all()
    units = _task_units(session, [t.id for t, *_ in rows])
    out = []
    for task, doc_name, sec_label, sec_title in rows:
        by_role = units.get(task.id, {})
        out.append(
            {
                "id": task.id,
                "document_id": task.document_id,
                "doc": doc_name,
                "seq": task.seq,
                "label": task.label,
                "title": task.title,
                "section": f"{sec_label}{sec_title}" if sec_label is not None else "",
                "section_seq": task.section_seq,
                "lead": [u for role in LEAD_ROLES for u in by_role.get(role, [])],
                "cooperating": [u for role in COOPERATING_ROLES for u in by_role.get(role, [])],
                "units": by_role,
                "start": task.span_start,
                "end": task.span_end,
            }
        )
    return out


def _task_units(session: Session, task_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(dict)
    if not task_ids:
        return out
    stmt = select(TaskUnitRow.task_id, TaskUnitRow.role, TaskUnitRow.name).order_by(
        TaskUnitRow.task_id, TaskUnitRow.seq
    )
    if len(task_ids) < 500:
        stmt = stmt.where(TaskUnitRow.task_id.in_(task_ids))
    for task_id, role, name in session.execute(stmt):
        out[task_id].setdefault(role, []).append(name)
    return out


def project_list(session: Session, doc_id: int | None = None) -> list[dict[str, Any]]:
    """Planned projects with their document."""
    stmt = (
        select(ProjectRow, DocumentRow.name)
        .join(DocumentRow, DocumentRow.id == ProjectRow.document_id)
        .order_by(ProjectRow.document_id, ProjectRow.seq)
    )
    if doc_id is not None:
        stmt = stmt.where(ProjectRow.document_id == doc_id)
    return [
        {
            "document_id": p.document_id,
            "doc": name,
            "seq": p.seq,
            "name": p.name,
            "level": p.level,
            "district": p.district,
            "seats": p.seats,
            "start_year": p.start_year,
            "end_year": p.end_year,
            "ownership": p.ownership,
            "mode": p.mode,
        }
        for p, name in session.execute(stmt)
    ]


def indicator_list(session: Session) -> list[dict[str, Any]]:
    """The indicator catalog with, for each indicator, how many items and documents link it."""
    counts = select(
        ItemRow.indicator_id,
        func.count(ItemRow.id).label("items"),
        func.count(func.distinct(ItemRow.document_id)).label("documents"),
    ).group_by(ItemRow.indicator_id)
    linked = {row.indicator_id: (row.items, row.documents) for row in session.execute(counts)}
    rows = []
    for ind in session.scalars(select(IndicatorRow).order_by(IndicatorRow.level, IndicatorRow.id)):
        items, documents = linked.get(ind.id, (0, 0))
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "aliases": ind.aliases,
                "unit": ind.unit,
                "direction": ind.direction,
                "level": ind.level,
                "definition": ind.definition,
                "numerator": ind.numerator,
                "denominator": ind.denominator,
                "items": items,
                "documents": documents,
            }
        )
    return rows
