"""accounts with a role over an org unit, their tokens and sessions, failed logins, and the
documents' published flag

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:30:00

Tokens and sessions are kept as the SHA-256 of their secret. Nothing here can rewrite the
audit log (0005's triggers still refuse every UPDATE and DELETE of it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("org_unit_code", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_unit_code"], ["org_units.code"], name=op.f("fk_accounts_org_unit_code_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
    )
    op.create_index(op.f("ix_accounts_org_unit_code"), "accounts", ["org_unit_code"])
    op.create_table(
        "credentials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_credentials_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("digest", name=op.f("uq_credentials_digest")),
    )
    op.create_index(op.f("ix_credentials_account_id"), "credentials", ["account_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(op.f("ix_login_failures_key"), "login_failures", ["key"])
    op.create_index(op.f("ix_login_failures_at"), "login_failures", ["at"])
    # the web app's stamp: the newest entry that made or unmade an approved figure
    op.create_index("ix_audit_log_new_status_id", "audit_log", ["new_status", "id"])
    op.create_index("ix_audit_log_old_status_id", "audit_log", ["old_status", "id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_audit_log_old_status_id", "audit_log")
    op.drop_index("ix_audit_log_new_status_id", "audit_log")
    op.drop_table("login_failures")
    op.drop_table("credentials")
    op.drop_table("accounts")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("published")
