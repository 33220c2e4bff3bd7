"""The ledger's tables as SQLAlchemy 2 declarative models."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _doc_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class OrgUnitRow(Base):
    """A region (province → city → county) or a body of a region."""

    __tablename__ = "org_units"
    code: Mapped[str] = mapped_column(Text, primary_key=True)  # region code + body name
    name: Mapped[str] = mapped_column(Text, index=True)
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(Text, index=True)
    # codes from the top down to this unit, each followed by "/": a subtree is a prefix
    path: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)


class IndicatorRow(Base):
    """A catalog entry: a standard education indicator."""

    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(Text, default="")
    numerator: Mapped[str] = mapped_column(Text, default="")
    denominator: Mapped[str] = mapped_column(Text, default="")


class DocumentRow(Base):
    """One plan file: its content hash, metadata and decoded source text.

    ``path`` identifies the file across ingests: its path below the parent of the folder given
    to ``ingest`` (规划/a/方案.txt → a/方案.txt for ``ingest 规划/a``), or its absolute path when
    the file itself was given. ``name`` is the bare file name, for people.
    """

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # the extractor's version the document was read with (extract.EXTRACTOR_VERSION)
    extracted_with: Mapped[str] = mapped_column(String(20), default="", server_default="")
    fmt: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str] = mapped_column(String(100), default="", index=True)
    issuer: Mapped[str] = mapped_column(Text, default="")
    issue_date: Mapped[str] = mapped_column(String(10), default="")
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    period_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    region: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    org_unit_code: Mapped[str | None] = mapped_column(
        Text, ForeignKey("org_units.code"), index=True
    )
    source: Mapped[str] = mapped_column(Text)
    # shown to anonymous visitors of the web app (``planwatch publish``)
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SectionRow(Base):
    """A node of a document's outline; spans are source offsets."""

    __tablename__ = "sections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    parent_seq: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("document_id", "seq"),)


class TaskRow(Base):
    """A numbered work item of a document."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    section_index: Mapped[int | None] = mapped_column(Integer)  # its own outline node
    section: Mapped[str] = mapped_column(Text, default="", server_default="")  # heading above
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("document_id", "seq"),)


class TaskUnitRow(Base):
    """A unit responsible for a task, in a role (牵头单位, 配合单位, 责任单位 …)."""

    __tablename__ = "task_units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)  # as the task names it
    org_unit_code: Mapped[str | None] = mapped_column(
        Text, ForeignKey("org_units.code"), index=True
    )


class ItemRow(Base):
    """A quantity item (target or baseline) grounded to its source span."""

    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10), index=True)
    relation: Mapped[str] = mapped_column(String(2))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(String(50), default="")  # label of the enclosing task
    task_index: Mapped[int | None] = mapped_column(Integer)  # its tasks.seq
    quote: Mapped[str] = mapped_column(Text, default="")
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    link_evidence: Mapped[str] = mapped_column(String(200), default="")
    previous_plan: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (UniqueConstraint("document_id", "seq"),)


class ProjectRow(Base):
    """A planned construction project from a table row."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(Text, default="")  # table cells, as written
    district: Mapped[str] = mapped_column(Text, default="")
    seats: Mapped[float | None] = mapped_column(Float)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    ownership: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("document_id", "seq"),)


class PlanLinkRow(Base):
    """A higher plan a document names (贯彻《…》), resolved when it is in the ledger."""

    __tablename__ = "plan_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    __table_args__ = (
        UniqueConstraint("document_id", "seq"),
        Index("ix_plan_links_unresolved", "target_id", "document_id"),
    )


class ObservationRow(Base):
    """A reported value of an indicator, or of one target, for an org unit and a period.

    ``series`` is ``region|indicator|item`` (one of the last two empty): one observation per
    series and period. An observation of a target keeps its figures when the plan is
    re-ingested (``item_id`` is then cleared: the plan's items are new).
    """

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="SET NULL"), index=True
    )
    org_unit_code: Mapped[str] = mapped_column(Text, ForeignKey("org_units.code"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # 2022, 2022Q3, 2022-09
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    source_kind: Mapped[str] = mapped_column(String(10), default="file")
    recorded_by: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("series", "period"),)


class AuditRow(Base):
    """One change to an observation: who, when, from which value and status to which, and why.

    Append-only: triggers (migration 0005) refuse every UPDATE and DELETE of this table.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    by: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(20))  # create, update, submit, approve, reject
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    old_status: Mapped[str | None] = mapped_column(String(10))
    new_status: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (  # the newest entry that made or unmade an approved figure, at once
        Index("ix_audit_log_new_status_id", "new_status", "id"),
        Index("ix_audit_log_old_status_id", "old_status", "id"),
    )


class AccountRow(Base):
    """A person (or program) of the web app: a role over an org unit and the units below it."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # admin, supervisor, reporter, viewer
    org_unit_code: Mapped[str] = mapped_column(Text, ForeignKey("org_units.code"), index=True)
    password_hash: Mapped[str] = mapped_column(Text, default="")  # argon2; "" = cannot log in
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CredentialRow(Base):
    """An API token or a browser session of an account, kept as the SHA-256 of its secret:
    the secret itself is shown once and never stored."""

    __tablename__ = "credentials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # token, session
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64), default="")  # a session's form token
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class LoginFailureRow(Base):
    """A failed login, by account name and by address, for the rate limit."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text, index=True)  # account:NAME or address:IP
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


CHILD_TABLES = (ItemRow, ProjectRow, PlanLinkRow, TaskRow, SectionRow)
