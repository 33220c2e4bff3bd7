"""Reading the ledger for the analyses: source texts, plan links, regions and the catalog
(items, tasks and projects come from ``queries``), in a few queries for the whole ledger."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.records import Indicator
from planwatch.store.models import (
    DocumentRow,
    IndicatorRow,
    OrgUnitRow,
    PlanLinkRow,
)


def plan_sources(session: Session, ids: frozenset[int] | None = None) -> dict[int, str]:
    """Each document's source text (or those of the documents given), by document id."""
    stmt = select(DocumentRow.id, DocumentRow.source)
    if ids is not None:
        stmt = stmt.where(DocumentRow.id.in_(sorted(ids)))
    return {i: s for i, s in session.execute(stmt)}


def plan_links(session: Session, ids: frozenset[int] | None = None) -> dict[int, list[int]]:
    """For each document (or each of ``ids``), the ids of the ledger's documents it names as
    higher plans, in the order it names them (each once)."""
    links: dict[int, list[int]] = {}
    stmt = (
        select(PlanLinkRow.document_id, PlanLinkRow.target_id)
        .where(PlanLinkRow.target_id.is_not(None))
        .order_by(PlanLinkRow.document_id, PlanLinkRow.seq)
    )
    if ids is not None:
        stmt = stmt.where(PlanLinkRow.document_id.in_(sorted(ids)))
    for doc_id, target in session.execute(stmt):
        targets = links.setdefault(doc_id, [])
        if target is not None and target not in targets:
            targets.append(target)
    return links


def region_chains(session: Session) -> dict[str, tuple[str, ...]]:
    """Each region's chain of codes from the top (the nation) down to itself."""
    stmt = select(OrgUnitRow.code, OrgUnitRow.path).where(OrgUnitRow.level != "body")
    return {code: tuple(path.rstrip("/").split("/")) for code, path in session.execute(stmt)}


def document_regions(session: Session) -> dict[int, str]:
    """Each document's org unit code ("" when it has none), by id."""
    stmt = select(DocumentRow.id, DocumentRow.org_unit_code).order_by(DocumentRow.id)
    return {doc_id: code or "" for doc_id, code in session.execute(stmt)}


def documents_of_regions(session: Session, codes: Iterable[str]) -> set[int]:
    """The ids of the documents of these regions."""
    stmt = select(DocumentRow.id).where(DocumentRow.org_unit_code.in_(sorted(set(codes))))
    return set(session.scalars(stmt))


def region_codes(session: Session, ref: str) -> set[str]:
    """The codes of the regions a user names: by code, or by a part of their name."""
    stmt = select(OrgUnitRow.code).where(
        OrgUnitRow.level != "body",
        (OrgUnitRow.code == ref) | OrgUnitRow.name.contains(ref, autoescape=True),
    )
    return set(session.scalars(stmt))


def indicators(session: Session) -> list[Indicator]:
    """The ledger's indicator catalog."""
    fields = list(Indicator.__dataclass_fields__)
    stmt = select(*(getattr(IndicatorRow, f) for f in fields)).order_by(IndicatorRow.id)
    return [Indicator(**dict(zip(fields, row, strict=True))) for row in session.execute(stmt)]


def regions_within(session: Session, ref: str) -> set[str]:
    """The codes of the regions a user names (see ``region_codes``) and of every region
    below them: 广西 → the province, its 14 cities and their counties (by the indexed path)."""
    named = region_codes(session, ref)
    if not named:
        return set()
    prefixes = session.scalars(select(OrgUnitRow.path).where(OrgUnitRow.code.in_(sorted(named))))
    found: set[str] = set()
    for prefix in set(prefixes):
        stmt = select(OrgUnitRow.code).where(
            OrgUnitRow.path >= prefix,
            OrgUnitRow.path < prefix + "\uffff",
            OrgUnitRow.level != "body",
        )
        found.update(session.scalars(stmt))
    return found
