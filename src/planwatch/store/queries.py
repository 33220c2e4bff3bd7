"""Reading the ledger: every function returns records (or plain values), never ORM objects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from planwatch.records import (
    IndicatorUse,
    Item,
    LedgerDocument,
    Project,
    Reference,
    Section,
    Span,
    Task,
)
from planwatch.store.mapping import item_of, item_select, rows_of, task_of, task_select
from planwatch.store.models import (
    DocumentRow,
    IndicatorRow,
    ItemRow,
    OrgUnitRow,
    PlanLinkRow,
    ProjectRow,
    SectionRow,
    TaskRow,
    TaskUnitRow,
)
from planwatch.store.plans import indicators

MAX_ID = 2**31 - 1  # ids are INTEGER: 32 bits on PostgreSQL
PAGE = 1000  # rows fetched from the database at a time when a listing is streamed


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items to list: all given conditions hold."""

    document_id: int | None = None
    documents: frozenset[int] | None = None  # any of these documents
    indicator: str | None = None  # indicator id or name, else a word of the subject
    region: str | None = None  # part of the document's region, or its org unit code
    region_codes: frozenset[str] = frozenset()  # documents of these org units (or of region)
    year: int | None = None
    kind: str | None = None  # target / baseline
    indicators: frozenset[str] = frozenset()  # any of these catalog ids


def org_unit_exists(session: Session, code: str) -> bool:
    """Whether the org unit table holds this code."""
    return session.get(OrgUnitRow, code) is not None


def org_unit_names(session: Session, codes: set[str]) -> dict[str, str]:
    """The names of the org units of these codes."""
    if not codes:
        return {}
    stmt = select(OrgUnitRow.code, OrgUnitRow.name).where(OrgUnitRow.code.in_(sorted(codes)))
    return {code: name for code, name in session.execute(stmt)}


def item_document(session: Session, item_id: int) -> int | None:
    """The document an item belongs to, if the item exists."""
    if not 0 < item_id <= MAX_ID:
        return None
    found: int | None = session.scalar(select(ItemRow.document_id).where(ItemRow.id == item_id))
    return found


def document_regions(session: Session) -> list[str]:
    """The org unit codes of the documents' regions."""
    stmt = select(DocumentRow.org_unit_code).where(DocumentRow.org_unit_code.is_not(None))
    return [c for c in session.scalars(stmt.distinct()) if c]


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


def _document_columns() -> list[Any]:
    fields = LedgerDocument.__dataclass_fields__
    return [c for c in DocumentRow.__table__.columns if c.name in fields]


# What an analysis knows of a plan it reads (services.analysis._plan): no counts, links,
# hashes or times, which take most of the cost of reading ten thousand documents.
HEAD_FIELDS = (
    "id",
    "name",
    "path",
    "title",
    "issue_date",
    "period_start",
    "period_end",
    "period_inferred",
    "region",
    "level",
    "org_unit_code",
)


def document_heads(session: Session, doc_ids: frozenset[int] | None) -> list[LedgerDocument]:
    """These documents (or all) with only the fields of ``HEAD_FIELDS`` read."""
    columns = [DocumentRow.__table__.columns[name] for name in HEAD_FIELDS]
    stmt = select(*columns).where(_of(DocumentRow.id, doc_ids)).order_by(DocumentRow.id)
    rows = session.connection().execute(stmt).all()
    return [LedgerDocument(**dict(zip(HEAD_FIELDS, row, strict=True))) for row in rows]


def document_list(
    session: Session,
    doc_id: int | frozenset[int] | None = None,
    counted: bool = True,
    linked: bool = True,
) -> list[LedgerDocument]:
    """Every document (or one, or a set) with, when ``linked``, the higher plans it names
    and, when ``counted``, its counts of items, targets and tasks."""
    items = targets = tasks = {}
    if counted:
        items = _counts(session, ItemRow, _of(ItemRow.document_id, doc_id))
        targets = _counts(
            session, ItemRow, ItemRow.kind == "target", _of(ItemRow.document_id, doc_id)
        )
        tasks = _counts(session, TaskRow, _of(TaskRow.document_id, doc_id))
    parents = _parents(session, doc_id) if linked else {}
    stmt = select(*_document_columns()).where(_of(DocumentRow.id, doc_id)).order_by(DocumentRow.id)
    return [
        LedgerDocument(
            **row._mapping,
            items=items.get(row.id, 0),
            targets=targets.get(row.id, 0),
            tasks=tasks.get(row.id, 0),
            implements=parents.get(row.id, []),
        )
        for row in session.execute(stmt)
    ]


def _parents(
    session: Session, doc_id: int | frozenset[int] | None = None
) -> dict[int, list[Reference]]:
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
        .where(_of(PlanLinkRow.document_id, doc_id))
        .order_by(PlanLinkRow.document_id, PlanLinkRow.seq)
    )
    out: dict[int, list[Reference]] = defaultdict(list)
    for d, title, number, target_id, target_name in session.execute(stmt):
        out[d].append(Reference(title, number, target_id, target_name or ""))
    return out


def implemented_by(session: Session, doc_id: int) -> list[Reference]:
    """The documents of the ledger that name this one as their higher plan."""
    children = session.execute(
        select(DocumentRow.id, DocumentRow.name, DocumentRow.title)
        .join(PlanLinkRow, PlanLinkRow.document_id == DocumentRow.id)
        .where(PlanLinkRow.target_id == doc_id)
        .distinct()  # a plan may name its higher plan twice (its title and its notice's)
        .order_by(DocumentRow.id)
    )
    return [Reference(title, "", i, name) for i, name, title in children]


def outline(session: Session, doc_id: int) -> list[Section]:
    """A document's outline; read from the ledger, ``start``/``end`` are source offsets."""
    sections = session.scalars(
        select(SectionRow).where(SectionRow.document_id == doc_id).order_by(SectionRow.seq)
    )
    return [
        Section(
            s.kind,
            s.label,
            s.title,
            s.level,
            s.span_start,
            s.span_end,
            parent=s.parent_seq,
            span=Span(s.span_start, s.span_end),
        )
        for s in sections
    ]


def _item_query(f: ItemFilter) -> Select[Any]:
    stmt = item_select()
    if f.indicator:
        stmt = stmt.outerjoin(IndicatorRow, IndicatorRow.id == ItemRow.indicator_id)
    if f.document_id is not None:
        stmt = stmt.where(ItemRow.document_id == f.document_id)
    if f.documents is not None:
        stmt = stmt.where(ItemRow.document_id.in_(sorted(f.documents)))
    if f.kind:
        stmt = stmt.where(ItemRow.kind == f.kind)
    if f.year is not None:
        stmt = stmt.where(ItemRow.year == f.year)
    if f.indicators:
        stmt = stmt.where(ItemRow.indicator_id.in_(sorted(f.indicators)))
    if f.region or f.region_codes:
        named: list[ColumnElement[bool]] = [DocumentRow.org_unit_code.in_(sorted(f.region_codes))]
        if f.region:
            named.append(DocumentRow.region.contains(f.region, autoescape=True))
            named.append(DocumentRow.org_unit_code == f.region)
        # the region's documents first, then their items by the indexed document: a word of
        # the subject (--indicator) cannot use an index, so it is tried on their items alone
        stmt = stmt.where(ItemRow.document_id.in_(select(DocumentRow.id).where(or_(*named))))
    if f.indicator:
        stmt = stmt.where(
            or_(
                ItemRow.indicator_id == f.indicator,
                IndicatorRow.name == f.indicator,
                ItemRow.subject.contains(f.indicator, autoescape=True),
            )
        )
    return stmt


def item_list(session: Session, f: ItemFilter) -> list[Item]:
    """The items that pass the filter, with their document."""
    return list(item_rows(session, f))


def item_rows(session: Session, f: ItemFilter) -> Iterator[Item]:
    """The items that pass the filter, read a page at a time as they are used."""
    # the session's connection runs the plain column select without the ORM's row loading
    result = session.connection().execute(_item_query(f).execution_options(yield_per=PAGE))
    for page in result.partitions():  # a page of rows at once: no per-row fetch
        yield from map(item_of, page)


def indicator_items(
    session: Session, indicator_id: str
) -> Iterator[tuple[Item, str, int | None, int | None]]:
    """The items linked to one catalog indicator, each with its document's level and period
    (start, end): a comparison's rows from one indexed query, without reading the plans."""
    stmt = item_select().add_columns(
        DocumentRow.level, DocumentRow.period_start, DocumentRow.period_end
    )
    stmt = stmt.where(ItemRow.indicator_id == indicator_id).execution_options(yield_per=PAGE)
    for page in session.connection().execute(stmt).partitions():
        for row in page:
            yield item_of(row[:-3]), row[-3], row[-2], row[-1]


def _of(column: Any, docs: int | frozenset[int] | None) -> Any:
    """The condition that a row belongs to one document, or to any of a set."""
    if docs is None:
        return true()
    if isinstance(docs, int):
        return column == docs
    return column.in_(sorted(docs))


def task_list(session: Session, doc_id: int | frozenset[int] | None = None) -> list[Task]:
    """Tasks with their units by role (牵头单位, 配合单位 …), of one document or of a set."""
    return list(task_rows(session, doc_id))


def task_rows(
    session: Session, doc_id: int | frozenset[int] | None = None, units: bool = True
) -> Iterator[Task]:
    """Tasks with their units (unless ``units`` is False: the analyses read none), as the
    query yields them. The units come from a second query in the tasks' own order (document,
    place), so each task takes the units that follow it: no query per page of tasks."""
    where = _of(TaskRow.document_id, doc_id)
    connection = session.connection()
    result = connection.execute(task_select().where(where).execution_options(yield_per=PAGE))
    tasks = rows_of(chain.from_iterable(result.partitions()))  # a page of rows at once
    if not units:
        yield from (task_of(row, {}) for row in tasks)
        return
    stmt = (
        select(TaskUnitRow.task_id, TaskUnitRow.role, TaskUnitRow.name)
        .join(TaskRow, TaskRow.id == TaskUnitRow.task_id)
        .where(where)
        .order_by(TaskRow.document_id, TaskRow.seq, TaskUnitRow.seq)
    )
    units_result = connection.execute(stmt.execution_options(yield_per=PAGE))
    named = chain.from_iterable(units_result.partitions())
    unit = next(named, None)
    for row in tasks:
        by_role: dict[str, list[str]] = {}
        while unit is not None and unit[0] == row["id"]:
            by_role.setdefault(unit[1], []).append(unit[2])
            unit = next(named, None)
        yield task_of(row, by_role)


def project_list(session: Session, doc_id: int | frozenset[int] | None = None) -> list[Project]:
    """Planned projects with their document (of one document or of a set)."""
    fields = [f for f in Project.__dataclass_fields__ if f not in ("document_id", "doc")]
    stmt = (
        select(ProjectRow.document_id, DocumentRow.name, *(getattr(ProjectRow, f) for f in fields))
        .join(DocumentRow, DocumentRow.id == ProjectRow.document_id)
        .where(_of(ProjectRow.document_id, doc_id))
        .order_by(ProjectRow.document_id, ProjectRow.seq)
    )
    return [
        Project(**dict(zip(fields, values, strict=True)), document_id=doc, doc=name)
        for doc, name, *values in session.execute(stmt)
    ]


def indicator_list(session: Session) -> list[IndicatorUse]:
    """The indicator catalog with, for each indicator, how many items and documents link it."""
    counts = select(
        ItemRow.indicator_id,
        func.count(ItemRow.id).label("items"),
        func.count(func.distinct(ItemRow.document_id)).label("documents"),
    ).group_by(ItemRow.indicator_id)
    linked = {row.indicator_id: (row.items, row.documents) for row in session.execute(counts)}
    catalog = sorted(indicators(session), key=lambda i: (i.level, i.id))
    return [IndicatorUse(i, *linked.get(i.id, (0, 0))) for i in catalog]
