"""documents are identified by their path, not their file name

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 10:00:00

Existing documents get their file name as path; the next ingest of that file claims the row
(services.ledger), so upgrading adds no duplicate documents.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
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
