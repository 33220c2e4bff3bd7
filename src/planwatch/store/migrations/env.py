"""Alembic environment: runs on the connection handed over by upgrade_schema."""

from __future__ import annotations

from alembic import context

from planwatch.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via upgrade_schema
    raise RuntimeError("run migrations through planwatch.store.upgrade_schema(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
