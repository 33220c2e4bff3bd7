"""Accounts of the web app, their credentials (tokens and sessions, kept as digests), failed
logins, the published flag of documents and the responsibility matrix read for an account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from planwatch.records import Account
from planwatch.store.models import (
    AccountRow,
    CredentialRow,
    DocumentRow,
    ItemRow,
    LoginFailureRow,
    OrgUnitRow,
    TaskRow,
    TaskUnitRow,
)


def find_unit(session: Session, text: str) -> OrgUnitRow | None:
    """The org unit of this code, else of this exact name (广西壮族自治区, 阳朔县教育局)."""
    found = session.get(OrgUnitRow, text)
    if found is None:
        found = session.scalars(
            select(OrgUnitRow).where(OrgUnitRow.name == text).order_by(OrgUnitRow.code)
        ).first()
    return found


def unit_path(session: Session, code: str) -> str | None:
    path: str | None = session.scalar(select(OrgUnitRow.path).where(OrgUnitRow.code == code))
    return path


def _account(row: AccountRow, unit: OrgUnitRow) -> Account:
    region_path = unit.path
    if unit.level == "body" and unit.parent_code:
        region_path = unit.path.removesuffix(f"{unit.code}/")
    return Account(
        id=row.id,
        name=row.name,
        role=row.role,  # type: ignore[arg-type]
        org_unit=unit.code,
        org_name=unit.name,
        org_path=unit.path,
        region_path=region_path,
        disabled=row.disabled,
    )


def _accounts(session: Session, where: Any = None) -> list[Account]:
    stmt = select(AccountRow, OrgUnitRow).join(
        OrgUnitRow, OrgUnitRow.code == AccountRow.org_unit_code
    )
    if where is not None:
        stmt = stmt.where(where)
    return [_account(a, u) for a, u in session.execute(stmt.order_by(AccountRow.name))]


def account_named(session: Session, name: str) -> Account | None:
    found = _accounts(session, AccountRow.name == name)
    return found[0] if found else None


def list_accounts(session: Session) -> list[Account]:
    return _accounts(session)


def password_hash(session: Session, name: str) -> str | None:
    found: str | None = session.scalar(
        select(AccountRow.password_hash).where(AccountRow.name == name)
    )
    return found


def add_account(  # noqa: PLR0913 - one column each
    session: Session, name: str, role: str, org_unit: str, password: str, now: datetime
) -> None:
    session.add(
        AccountRow(
            name=name, role=role, org_unit_code=org_unit, password_hash=password, created_at=now
        )
    )
    session.flush()


def change_account(session: Session, name: str, **values: Any) -> bool:
    """Set columns of an account (role, disabled, password_hash); False if there is none."""
    done = session.execute(update(AccountRow).where(AccountRow.name == name).values(**values))
    return bool(done.rowcount)  # type: ignore[attr-defined]


# --- credentials ------------------------------------------------------------------------------


def add_credential(  # noqa: PLR0913 - one column each
    session: Session,
    account: Account,
    kind: str,
    digest: str,
    now: datetime,
    expires_at: datetime | None = None,
    csrf: str = "",
) -> None:
    session.add(
        CredentialRow(
            digest=digest,
            kind=kind,
            account_id=account.id,
            csrf=csrf,
            created_at=now,
            expires_at=expires_at,
        )
    )


def credential_holder(
    session: Session, kind: str, digest: str, now: datetime
) -> tuple[Account, str] | None:
    """The account (not disabled) of a live credential and its form token; else None."""
    stmt = (
        select(AccountRow, OrgUnitRow, CredentialRow.csrf)
        .join(CredentialRow, CredentialRow.account_id == AccountRow.id)
        .join(OrgUnitRow, OrgUnitRow.code == AccountRow.org_unit_code)
        .where(
            CredentialRow.digest == digest,
            CredentialRow.kind == kind,
            CredentialRow.revoked.is_(False),
            AccountRow.disabled.is_(False),
            or_(CredentialRow.expires_at.is_(None), CredentialRow.expires_at > now),
        )
    )
    row = session.execute(stmt).first()
    return (_account(row[0], row[1]), row[2]) if row else None


def revoke_credentials(
    session: Session, digest: str | None = None, account: str | None = None, kind: str = ""
) -> int:
    """Revoke one credential (by digest), or every credential of an account (of a kind)."""
    stmt = update(CredentialRow).where(CredentialRow.revoked.is_(False))
    if digest is not None:
        stmt = stmt.where(CredentialRow.digest == digest)
    if account is not None:
        owner = select(AccountRow.id).where(AccountRow.name == account).scalar_subquery()
        stmt = stmt.where(CredentialRow.account_id == owner)
    if kind:
        stmt = stmt.where(CredentialRow.kind == kind)
    done = session.execute(stmt.values(revoked=True))
    return int(done.rowcount)  # type: ignore[attr-defined]


# --- failed logins ----------------------------------------------------------------------------


def add_failures(session: Session, keys: Sequence[str], now: datetime) -> None:
    session.add_all([LoginFailureRow(key=k, at=now) for k in keys])


def failures_since(session: Session, key: str, since: datetime) -> int:
    stmt = select(func.count(LoginFailureRow.id)).where(
        LoginFailureRow.key == key, LoginFailureRow.at >= since
    )
    return int(session.scalar(stmt) or 0)


def clear_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))


# --- documents: published, and where they belong ----------------------------------------------


def set_published(session: Session, doc_id: int, published: bool) -> None:
    session.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(published=published))


def document_access(session: Session, doc_id: int) -> tuple[bool, str] | None:
    """A document's published flag and its region's path ("" when unknown); None if none."""
    stmt = (
        select(DocumentRow.published, OrgUnitRow.path)
        .outerjoin(OrgUnitRow, OrgUnitRow.code == DocumentRow.org_unit_code)
        .where(DocumentRow.id == doc_id)
    )
    row = session.execute(stmt).first()
    return (bool(row[0]), row[1] or "") if row else None


def access_map(session: Session) -> dict[int, tuple[bool, str]]:
    """Every document's published flag and its region's path ("" when unknown)."""
    stmt = select(DocumentRow.id, DocumentRow.published, OrgUnitRow.path).outerjoin(
        OrgUnitRow, OrgUnitRow.code == DocumentRow.org_unit_code
    )
    return {doc_id: (bool(pub), path or "") for doc_id, pub, path in session.execute(stmt)}


def unpublished_count(session: Session) -> int:
    stmt = select(func.count(DocumentRow.id)).where(DocumentRow.published.is_(False))
    return int(session.scalar(stmt) or 0)


def assigned_items(session: Session, path: str) -> set[int]:
    """The targets a unit of this path reports on (the responsibility matrix): those of a
    task whose 牵头单位 or 配合单位 lies within the path, and those outside any task of a plan
    whose region lies within it."""
    within = OrgUnitRow.path.startswith(path, autoescape=True)
    by_task = (
        select(ItemRow.id)
        .join(
            TaskRow,
            (TaskRow.document_id == ItemRow.document_id) & (TaskRow.seq == ItemRow.task_index),
        )
        .join(TaskUnitRow, TaskUnitRow.task_id == TaskRow.id)
        .join(OrgUnitRow, OrgUnitRow.code == TaskUnitRow.org_unit_code)
        .where(ItemRow.kind == "target", within)
    )
    by_plan = (
        select(ItemRow.id)
        .join(DocumentRow, DocumentRow.id == ItemRow.document_id)
        .join(OrgUnitRow, OrgUnitRow.code == DocumentRow.org_unit_code)
        .where(ItemRow.kind == "target", ItemRow.task_index.is_(None), within)
    )
    return set(session.scalars(by_task)) | set(session.scalars(by_plan))


def _in_batches(session: Session, column: Any, wanted: set[int], key: Any) -> set[Any]:
    found: set[Any] = set()
    ids = sorted(wanted)
    for n in range(0, len(ids), 900):
        found |= set(session.scalars(select(column).where(key.in_(ids[n : n + 900])).distinct()))
    return found


def item_documents(session: Session, items: set[int]) -> set[int]:
    """The documents these items belong to."""
    return _in_batches(session, ItemRow.document_id, items, ItemRow.id)


def item_indicators(session: Session, items: set[int]) -> set[str]:
    """The catalog indicators these items are linked to."""
    return _in_batches(session, ItemRow.indicator_id, items, ItemRow.id) - {None}
