"""documents are identified by their path; names from the text are unbounded Text

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:00:00

Existing documents get their file name as path; the next ingest of that file claims the row
(services.ledger), so upgrading adds no duplicate documents.

Org unit codes and names, task unit names, issuers and project cells come from the plans'
text; their VARCHAR limits only bit on PostgreSQL (SQLite ignores them), so they become Text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (table, column, old type) whose type becomes Text
_WIDENED = (
    ("org_units", "code", sa.String(length=64)),
    ("org_units", "name", sa.String(length=200)),
    ("org_units", "parent_code", sa.String(length=64)),
    ("documents", "org_unit_code", sa.String(length=64)),
    ("documents", "issuer", sa.String(length=200)),
    ("task_units", "name", sa.String(length=200)),
    ("task_units", "org_unit_code", sa.String(length=64)),
    ("projects", "level", sa.String(length=50)),
    ("projects", "district", sa.String(length=100)),
    ("projects", "ownership", sa.String(length=50)),
    ("projects", "mode", sa.String(length=50)),
)


def _retype(to_text: bool) -> None:
    for table in dict.fromkeys(t for t, _c, _old in _WIDENED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _t, column, old in (w for w in _WIDENED if w[0] == table):
                new, existing = (sa.Text(), old) if to_text else (old, sa.Text())
                batch_op.alter_column(column, existing_type=existing, type_=new)


def upgrade() -> None:
    """Upgrade schema."""
    _retype(to_text=True)
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path", sa.Text(), nullable=True))
    op.execute(sa.text("UPDATE documents SET path = name"))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column("path", existing_type=sa.Text(), nullable=False)
        batch_op.drop_constraint("uq_documents_name", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_documents_path"), ["path"])
        batch_op.create_index(batch_op.f("ix_documents_name"), ["name"], unique=False)


def downgrade() -> None:
    """Downgrade schema (fails if two documents share a file name)."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_name"))
        batch_op.drop_constraint(batch_op.f("uq_documents_path"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_documents_name"), ["name"])
        batch_op.drop_column("path")
    _retype(to_text=False)
