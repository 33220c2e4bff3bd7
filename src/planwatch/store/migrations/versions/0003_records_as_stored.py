"""item and task columns named as the records' fields; a task keeps the heading it sits under

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 10:00:00

items.task_label → items.task, items.task_seq → items.task_index and tasks.section_seq →
tasks.section_index, so that the store writes and reads the records' fields by name. The new
tasks.section holds the heading a task sits under (（一）实施学前教育普及普惠工程), filled here
for existing tasks from the outline: the parent of the task's own heading when the heading
is the task's own title, else the heading itself, written as plans write headings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _heading(label: str, title: str) -> str:
    """A heading as plans write it (a copy of extract.document.heading as of this revision)."""
    if label.isdigit():
        return f"{label}．{title}"
    if label and all("\u4e00" <= ch <= "\u9fff" for ch in label) and not label.startswith("第"):
        return f"{label}、{title}"
    if label.endswith(("）", ")")):
        return f"{label}{title}"
    return f"{label} {title}".strip()


def _fill_task_sections() -> None:
    conn = op.get_bind()
    sections = {
        (d, s): (parent, label, title)
        for d, s, parent, label, title in conn.execute(
            sa.text("SELECT document_id, seq, parent_seq, label, title FROM sections")
        )
    }
    tasks = conn.execute(sa.text("SELECT id, document_id, section_index, title FROM tasks"))
    for task_id, doc_id, seq, title in list(tasks):
        own = sections.get((doc_id, seq)) if seq is not None else None
        if own is None:
            continue
        parent, label, heading_title = own
        if heading_title == title and (doc_id, parent) in sections:
            _p, label, heading_title = sections[(doc_id, parent)]
        conn.execute(
            sa.text("UPDATE tasks SET section = :s WHERE id = :i"),
            {"s": _heading(label, heading_title), "i": task_id},
        )


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.alter_column("task_label", new_column_name="task", existing_type=sa.String(50))
        batch_op.alter_column("task_seq", new_column_name="task_index", existing_type=sa.Integer())
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.alter_column(
            "section_seq", new_column_name="section_index", existing_type=sa.Integer()
        )
        batch_op.add_column(sa.Column("section", sa.Text(), nullable=False, server_default=""))
    _fill_task_sections()


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("section")
        batch_op.alter_column(
            "section_index", new_column_name="section_seq", existing_type=sa.Integer()
        )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.alter_column("task_index", new_column_name="task_seq", existing_type=sa.Integer())
        batch_op.alter_column("task", new_column_name="task_label", existing_type=sa.String(50))
