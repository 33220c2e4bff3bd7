"""each org unit keeps its path from the nation down: a region's subtree is one range query

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 22:30:00

org_units.path is the chain of codes from the top down to the unit, each followed by "/"
(000000000000/450000000000/450700000000/): the units within a region are those whose path
starts with the region's, read by an indexed range instead of walking parents in Python.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _paths(parents: dict[str, str | None]) -> dict[str, str]:
    paths: dict[str, str] = {}

    def path(code: str, seen: frozenset[str] = frozenset()) -> str:
        if code not in paths:
            parent = parents.get(code)
            above = ""
            if parent is not None and parent in parents and parent not in seen:
                above = path(parent, seen | {code})
            paths[code] = f"{above}{code}/"
        return paths[code]

    for code in parents:
        path(code)
    return paths


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_org_units_path"), ["path"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT code, parent_code FROM org_units")).all()
    parents: dict[str, str | None] = {code: parent for code, parent in rows}
    for code, path in _paths(parents).items():
        conn.execute(
            sa.text("UPDATE org_units SET path = :p WHERE code = :c"), {"p": path, "c": code}
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_units_path"))
        batch_op.drop_column("path")
