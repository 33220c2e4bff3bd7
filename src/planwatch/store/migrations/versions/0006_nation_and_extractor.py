"""the nation above the provinces; the extractor's version a document was read with

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 22:00:00

National documents (国务院办公厅, 教育部) belong to 全国, the org unit 000000000000, which
is now every province's parent. documents.extracted_with records the extractor's version:
``planwatch ingest`` reads a file again when it was read by another version, even if its
bytes did not change (existing documents get "", so the next ingest refreshes them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NATION = "000000000000"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extracted_with", sa.String(length=20), nullable=False, server_default="")
        )
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM org_units")).scalar():
        if not conn.execute(
            sa.text("SELECT 1 FROM org_units WHERE code = :c"), {"c": NATION}
        ).first():
            conn.execute(
                sa.text(
                    "INSERT INTO org_units (code, name, level, parent_code) "
                    "VALUES (:c, '全国', 'country', NULL)"
                ),
                {"c": NATION},
            )
        conn.execute(
            sa.text(
                "UPDATE org_units SET parent_code = :c "
                "WHERE level = 'province' AND parent_code IS NULL"
            ),
            {"c": NATION},
        )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(sa.text(f"UPDATE org_units SET parent_code = NULL WHERE parent_code = '{NATION}'"))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("extracted_with")
