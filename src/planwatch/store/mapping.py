"""How records map to the ledger's rows: a field is stored in the column of the same name.

Adding a field to ``Item`` or ``Task`` takes a column of the same name in ``models.py`` and a
migration; the writer and the readers here pick it up by name. The few fields stored
otherwise are listed below with their reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute

from planwatch.records import Item, Metadata, Project, Span, Task
from planwatch.store.models import Base, DocumentRow, ItemRow, ProjectRow, TaskRow

# Fields kept in a column of another name: the indicator is a foreign key to indicators.id.
RENAMED = {"indicator": "indicator_id"}
# Fields a row does not hold itself: the span's two offsets, and the document's own fields
# read through the join.
SPAN = ("span_start", "span_end")
FROM_DOCUMENT: dict[str, InstrumentedAttribute[Any]] = {
    "doc": DocumentRow.name,
    "doc_title": DocumentRow.title,
    "region": DocumentRow.region,
    "region_code": DocumentRow.org_unit_code,
}
_IDENTITY = ("id", "document_id")  # set by the database


def stored_fields(record: type, table: type[Base]) -> list[tuple[str, str]]:
    """(field, column) of each record field the table holds under its name (or RENAMED)."""
    columns = {c.name for c in table.__table__.columns}
    return [
        (name, RENAMED.get(name, name))
        for name in record.__dataclass_fields__  # type: ignore[attr-defined]
        if RENAMED.get(name, name) in columns and name not in _IDENTITY
    ]


ITEM_FIELDS = stored_fields(Item, ItemRow)
TASK_FIELDS = stored_fields(Task, TaskRow)
PROJECT_FIELDS = stored_fields(Project, ProjectRow)
META_FIELDS = stored_fields(Metadata, DocumentRow)  # what a plan says of itself


def row_values(record: Any, fields: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The column values of a record (a span as span_start and span_end)."""
    values = {column: getattr(record, name) for name, column in fields}
    if hasattr(record, "span"):
        span: Span | None = record.span
        values["span_start"], values["span_end"] = (span.start, span.end) if span else (0, 0)
    return values


def _columns(table: Any, fields: Sequence[tuple[str, str]]) -> list[Any]:
    names = [*_IDENTITY, *(c for _f, c in fields), *SPAN]
    return [getattr(table, n).label(n) for n in names]


def _item_column(name: str) -> Any:
    """The column an Item field is read from, labelled as ``item_of`` reads it."""
    if name in FROM_DOCUMENT:
        return FROM_DOCUMENT[name].label(name)
    column = RENAMED.get(name, name)
    return getattr(ItemRow, column).label(column)


# Every field of an Item but its span, in the record's order: a row is the span's two offsets
# and then these, so that an Item is built from a row by position (a ledger's million items).
_ITEM_ORDER = [f for f in Item.__dataclass_fields__ if f != "span"]


def item_select() -> Select[Any]:
    """The columns an Item is read from: its row and its document's, in the record's order."""
    return (
        select(*(getattr(ItemRow, n).label(n) for n in SPAN), *map(_item_column, _ITEM_ORDER))
        .join(DocumentRow, DocumentRow.id == ItemRow.document_id)
        .order_by(ItemRow.document_id, ItemRow.seq)
    )


def item_of(row: Sequence[Any]) -> Item:
    """An Item from a row of ``item_select``."""
    return Item(Span(row[0], row[1]), *row[2:])


def task_select() -> Select[Any]:
    """The columns a Task is read from (its units come from ``task_units``)."""
    return (
        select(*_columns(TaskRow, TASK_FIELDS), DocumentRow.name.label("doc"))
        .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
        .order_by(TaskRow.document_id, TaskRow.seq)
    )


def task_of(row: Mapping[str, Any], units: dict[str, list[str]]) -> Task:
    """A Task from a row of ``task_select``. The normalized text is not stored: ``start`` and
    ``end`` of a task read from the ledger are its source offsets, as ``span`` holds them."""
    values = {name: row[column] for name, column in TASK_FIELDS}
    span = Span(row["span_start"], row["span_end"])
    return Task(
        start=span.start,
        end=span.end,
        span=span,
        units=units,
        id=row["id"],
        document_id=row["document_id"],
        doc=row["doc"],
        **values,
    )


def rows_of(result: Iterable[Any]) -> Iterable[Mapping[str, Any]]:
    """Result rows as mappings by column label."""
    return (r._mapping for r in result)
