"""Use case: read plan files through ingest, parse and extract."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from planwatch.errors import PlanWatchError
from planwatch.extract.document import extract_document
from planwatch.ingest import read_source
from planwatch.records import Document, Item, Metadata, Section, Task


def sample_plan() -> Path:
    """The sample plan shipped in the package (a fictional county plan)."""
    return Path(str(resources.files("planwatch") / "data" / "sample_plan.txt"))


def read_document(path: Path) -> Document:
    """One plan file through all the stages; raises PlanWatchError for a bad file."""
    return extract_document(read_source(path))


def read_documents(
    paths: Iterable[Path], on_error: Callable[[Path, PlanWatchError], None]
) -> Iterator[Document]:
    """Each readable document in turn; a bad file is reported and the batch goes on."""
    for path in paths:
        try:
            yield read_document(path)
        except PlanWatchError as exc:
            on_error(path, exc)


@dataclass(frozen=True, slots=True)
class TableText:
    """A table as text: its title, header rows and rows of cell texts."""

    title: str
    header: list[list[str]]
    rows: list[list[str]]


@dataclass(frozen=True, slots=True)
class DocumentRead:
    """Everything read from one document (``extract --what all``)."""

    doc: str
    meta: Metadata
    outline: list[Section]
    tasks: list[Task]
    items: list[Item]
    tables: list[TableText]


def document_read(doc: Document) -> DocumentRead:
    """The document's metadata, outline, tasks, items and tables, for one json record."""
    tables = [
        TableText(t.title, t.header, [[c.text for c in r] for r in t.rows]) for t in doc.tables
    ]
    return DocumentRead(doc.name, doc.meta, doc.outline, doc.tasks, doc.items, tables)
