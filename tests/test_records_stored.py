"""A record's field is stored in the column of its name: adding a field to Item, Task, Project
or Metadata takes three files — the record (records.py), its column (store/models.py) and a
migration — and the writer, the readers, json and jsonl pick it up by name.

These tests fail when a field has no column (or a column no field), naming it.
"""

from __future__ import annotations

import dataclasses

import pytest

from planwatch.records import Item, Metadata, Project, Task
from planwatch.store import mapping
from planwatch.store.models import DocumentRow, ItemRow, ProjectRow, TaskRow

# Fields a row does not hold itself, each with its reason.
NOT_STORED = {
    Item: {
        "span": "stored as span_start and span_end",
        "doc": "the document's name, read through the join",
        "doc_title": "the document's title, read through the join",
        "region": "the document's region, read through the join",
        "region_code": "the document's org unit, read through the join",
        "id": "set by the database",
        "document_id": "set by the database",
    },
    Task: {
        "start": "a normalized-text offset: the store keeps the source span",
        "end": "a normalized-text offset: the store keeps the source span",
        "units": "rows of task_units",
        "span": "stored as span_start and span_end",
        "id": "set by the database",
        "document_id": "set by the database",
        "doc": "the document's name, read through the join",
    },
    Project: {"document_id": "set by the database", "doc": "read through the join"},
    Metadata: {
        "implements": "rows of plan_links",
        "implements_numbers": "rows of plan_links",
    },
}
TABLES = {Item: ItemRow, Task: TaskRow, Project: ProjectRow, Metadata: DocumentRow}


@pytest.mark.parametrize("record", list(TABLES), ids=lambda r: r.__name__)
def test_every_field_of_a_record_has_its_column(record: type) -> None:
    stored = {name for name, _column in mapping.stored_fields(record, TABLES[record])}
    fields = {f.name for f in dataclasses.fields(record)}
    missing = fields - stored - set(NOT_STORED[record])
    assert not missing, f"{record.__name__} fields without a column: {sorted(missing)}"


def test_every_item_column_is_a_field_of_the_record() -> None:
    columns = {c.name for c in ItemRow.__table__.columns}
    fields = {mapping.RENAMED.get(f.name, f.name) for f in dataclasses.fields(Item)}
    kept = {"id", "document_id", "seq", *mapping.SPAN}
    assert columns - fields - kept == set()
