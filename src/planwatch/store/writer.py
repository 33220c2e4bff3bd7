"""Writing one document's rows: insert, replace, and the catalog tables they refer to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from planwatch.records import Document, Indicator, Item, OrgUnit
from planwatch.store.mapping import (
    ITEM_FIELDS,
    META_FIELDS,
    PROJECT_FIELDS,
    TASK_FIELDS,
    row_values,
)
from planwatch.store.models import (
    CHILD_TABLES,
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


def find_document(session: Session, path: str, lock: bool = False) -> tuple[int, str] | None:
    """The id and the fingerprint (content hash and extractor version, ``fingerprint``) of
    the document with this path, if any; with ``lock`` its row is locked until the
    transaction ends (PostgreSQL: FOR UPDATE; SQLite's write transaction holds the whole
    database already)."""
    stmt = select(DocumentRow.id, DocumentRow.sha256, DocumentRow.extracted_with).where(
        DocumentRow.path == path
    )
    row = session.execute(stmt.with_for_update() if lock else stmt).first()
    return (row[0], fingerprint(row[1], row[2])) if row else None


def fingerprint(sha256: str, version: str) -> str:
    """What makes a stored document current: the file's bytes and the extractor's version."""
    return f"{sha256}@{version}"


def claim_unplaced_document(session: Session, name: str, path: str) -> tuple[int, str] | None:
    """A document from before paths (its path is still its file name, migration 0002) now
    found at ``path``: give it that path and return its id and hash, so it is not duplicated."""
    row = session.execute(
        select(DocumentRow.id, DocumentRow.sha256, DocumentRow.extracted_with).where(
            DocumentRow.name == name, DocumentRow.path == name
        )
    ).first()
    if row is None or path == name:
        return None
    session.execute(update(DocumentRow).where(DocumentRow.id == row[0]).values(path=path))
    return (row[0], fingerprint(row[1], row[2]))


Saved = Literal["added", "updated", "unchanged"]


def save_document(session: Session, doc: Document, sha256: str, path: str) -> tuple[int, Saved]:
    """Insert the document (known by ``path``, its content hashed ``sha256``), or replace the
    rows of the one at that path; nothing when that one has the same content (another
    process may have written it meanwhile). Returns its id and what was done."""
    found = find_document(session, path, lock=True) or claim_unplaced_document(
        session, doc.name, path
    )
    if found is not None and found[1] == fingerprint(sha256, doc.extracted_with):
        return found[0], "unchanged"
    ensure_org_units(session, [*doc.units.values(), *([doc.region] if doc.region else [])])
    values = _document_values(doc, sha256, path)
    now = datetime.now()
    existing = found[0] if found else None
    if existing is None:
        inserted = session.execute(
            _insert(session, DocumentRow)
            .values(**values, ingested_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["path"])
            .returning(DocumentRow.id)
        ).scalar()
        if inserted is None:  # another process added this path since: write over it
            return save_document(session, doc, sha256, path)
        doc_id = inserted
    else:
        delete_children(session, existing)
        session.execute(
            update(DocumentRow).where(DocumentRow.id == existing).values(**values, updated_at=now)
        )
        doc_id = existing
    _insert_sections(session, doc_id, doc)
    _insert_tasks(session, doc_id, doc)
    _insert_rows(session, ItemRow, [item_row(doc_id, n, item) for n, item in enumerate(doc.items)])
    _insert_rows(
        session,
        ProjectRow,
        [
            {"document_id": doc_id, "seq": n, **row_values(p, PROJECT_FIELDS)}
            for n, p in enumerate(doc.projects)
        ],
    )
    _insert_rows(
        session,
        PlanLinkRow,
        [
            {"document_id": doc_id, "seq": n, "title": r.title, "doc_number": r.doc_number}
            for n, r in enumerate(doc.references)
        ],
    )
    return doc_id, ("updated" if existing is not None else "added")


def delete_children(session: Session, doc_id: int) -> None:
    """Remove every row that belongs to a document (not the document row itself)."""
    tasks = select(TaskRow.id).where(TaskRow.document_id == doc_id)
    session.execute(delete(TaskUnitRow).where(TaskUnitRow.task_id.in_(tasks)))
    for table in CHILD_TABLES:
        session.execute(delete(table).where(table.document_id == doc_id))


def _document_values(doc: Document, sha256: str, path: str) -> dict[str, Any]:
    return {
        **{column: getattr(doc.meta, name) for name, column in META_FIELDS},
        "name": doc.name,
        "path": path,
        "sha256": sha256,
        "fmt": doc.source.fmt,
        "encoding": doc.source.encoding,
        "extracted_with": doc.extracted_with,
        "org_unit_code": doc.region.code if doc.region else None,
        "source": doc.source.source,
    }


def _insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


def _insert_sections(session: Session, doc_id: int, doc: Document) -> None:
    rows = []
    for n, s in enumerate(doc.outline):
        span = doc.source.to_source(s.start, s.end)
        rows.append(
            {
                "document_id": doc_id,
                "seq": n,
                "parent_seq": s.parent,
                "kind": s.kind,
                "label": s.label,
                "title": s.title,
                "level": s.level,
                "span_start": span.start,
                "span_end": span.end,
            }
        )
    _insert_rows(session, SectionRow, rows)


def _insert_tasks(session: Session, doc_id: int, doc: Document) -> None:
    if not doc.tasks:
        return
    rows = [
        {"document_id": doc_id, "seq": n, **row_values(t, TASK_FIELDS)}
        for n, t in enumerate(doc.tasks)
    ]
    stmt = insert(TaskRow).returning(TaskRow.id, sort_by_parameter_order=True)
    task_ids = list(session.scalars(stmt, rows))
    units = []
    for task_id, t in zip(task_ids, doc.tasks, strict=True):
        named = [(role, name) for role, names in t.units.items() for name in names]
        units += [
            {
                "task_id": task_id,
                "seq": k,
                "role": role,
                "name": name,
                "org_unit_code": doc.units[name].code if name in doc.units else None,
            }
            for k, (role, name) in enumerate(named)
        ]
    _insert_rows(session, TaskUnitRow, units)


def item_row(doc_id: int, seq: int, item: Item) -> dict[str, Any]:
    """The items-table row of one item."""
    return {"document_id": doc_id, "seq": seq, **row_values(item, ITEM_FIELDS)}


def _insert(session: Session, table: Any) -> Any:
    """INSERT of the session's dialect, which can skip rows another process wrote first."""
    from sqlalchemy.dialects import postgresql, sqlite

    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def ensure_org_units(session: Session, units: Iterable[OrgUnit]) -> None:
    """Insert the org units not yet in the table (those another process inserts meanwhile
    are skipped, not an error)."""
    wanted = {u.code: u for u in units}
    if not wanted:
        return
    have = set(session.scalars(select(OrgUnitRow.code).where(OrgUnitRow.code.in_(wanted))))
    paths = _unit_paths(session, [u for u in wanted.values() if u.code not in have])
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "level": u.level,
            "parent_code": u.parent,
            "path": paths[u.code],
        }
        for code, u in wanted.items()
        if code not in have
    ]
    for n in range(0, len(rows), 500):
        stmt = _insert(session, OrgUnitRow).on_conflict_do_nothing(index_elements=["code"])
        session.execute(stmt, rows[n : n + 500])


def _unit_paths(session: Session, units: list[OrgUnit]) -> dict[str, str]:
    """Each new unit's path: its parent's path (in the batch, or in the table) and its code."""
    by_code = {u.code: u for u in units}
    outside = {u.parent for u in units if u.parent and u.parent not in by_code}
    stmt = select(OrgUnitRow.code, OrgUnitRow.path).where(OrgUnitRow.code.in_(sorted(outside)))
    known: dict[str, str] = {code: path for code, path in session.execute(stmt)}

    def path(code: str, depth: int = 0) -> str:
        if code not in known:
            unit = by_code[code]
            parent = unit.parent
            above = path(parent, depth + 1) if parent in by_code and depth < 12 else ""
            known[code] = (above or known.get(parent or "", "")) + f"{code}/"
        return known[code]

    return {u.code: path(u.code) for u in units}


def org_unit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OrgUnitRow)) or 0


def sync_indicators(session: Session, catalog: Iterable[Indicator]) -> None:
    """Make the indicators table hold the catalog's entries (added or changed; none removed)."""
    columns = [c.name for c in IndicatorRow.__table__.columns]
    have = {r.id: dict(r._mapping) for r in session.execute(select(*IndicatorRow.__table__.c))}
    for ind in catalog:
        values = asdict(ind)
        if ind.id not in have:
            stmt = _insert(session, IndicatorRow).values(**values)
            session.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
        elif {c: have[ind.id][c] for c in columns} != {c: values[c] for c in columns}:
            session.execute(update(IndicatorRow).where(IndicatorRow.id == ind.id).values(**values))


def unresolved_links(session: Session) -> list[tuple[int, int, str, str]]:
    """(link id, document id, title, 文号) of every reference not yet resolved."""
    rows = session.execute(
        select(
            PlanLinkRow.id, PlanLinkRow.document_id, PlanLinkRow.title, PlanLinkRow.doc_number
        ).where(PlanLinkRow.target_id.is_(None))
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


def document_titles(session: Session) -> list[tuple[int, str, str]]:
    """(id, title, 文号) of every document."""
    rows = session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.doc_number))
    return [tuple(r) for r in rows]  # type: ignore[misc]


def resolve_link(session: Session, link_id: int, target_id: int) -> None:
    session.execute(
        update(PlanLinkRow).where(PlanLinkRow.id == link_id).values(target_id=target_id)
    )
