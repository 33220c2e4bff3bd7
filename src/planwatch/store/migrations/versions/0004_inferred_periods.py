"""a document's period may be inferred; an item may be a target of the plan before

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 14:00:00

documents.period_inferred is true when the plan states no period and the extractor inferred
it (from the issue year to the last deadline its goals name). items.previous_plan marks a
target of the earlier plan that a document records (a 规划数 column of a 十三五完成情况 table).
Existing rows get false; re-ingesting a file fills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("period_inferred", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("previous_plan", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("previous_plan")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("period_inferred")
