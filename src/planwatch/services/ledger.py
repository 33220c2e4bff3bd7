"""Use cases of the ledger: ingest plan files, list, show, query and export them."""

from __future__ import annotations

import hashlib
import random
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from planwatch.catalog import load_catalog
from planwatch.config import Settings
from planwatch.errors import (
    AmbiguousDocument,
    DatabaseError,
    NoLedger,
    PlanWatchError,
    UnknownDocument,
    database_reason,
    os_reason,
)
from planwatch.records import (
    FLATTEN,
    IndicatorUse,
    Item,
    LedgerDocument,
    Project,
    Reference,
    Section,
    Task,
)
from planwatch.store import make_engine, queries, upgrade_schema, writer
from planwatch.store import plans as store_plans
from planwatch.store.engine import refresh_statistics, safe_url, session_scope

Status = Literal["added", "updated", "unchanged", "failed"]
MIN_YEAR, MAX_YEAR = 1900, 2100  # --year of ``planwatch targets``
MAX_FILTER = 200  # characters of a filter: a name, a title or a 文号 is far shorter


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A file to ingest and its identity in the ledger (documents.path)."""

    path: Path
    key: str


def plan_file(path: Path, folder: Path | None = None) -> PlanFile:
    """A file found under ``folder`` is known by its path below the folder's parent
    (``ingest 规划/a`` → a/方案.txt, so 规划/a and 规划/b keep their 方案.txt apart and the
    folder may move); a file given by itself, by its absolute path."""
    if folder is None:
        return PlanFile(path, path.resolve().as_posix())
    root = folder.resolve()
    return PlanFile(path, (Path(root.name) / path.resolve().relative_to(root)).as_posix())


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one path."""

    path: Path
    status: Status
    items: int = 0
    tasks: int = 0
    error: str = ""
    warning: str = ""


@dataclass(slots=True)
class IngestReport:
    """The outcomes of one ingest batch."""

    outcomes: list[IngestOutcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        """新增 N 个文件、更新 N、未变 N、失败 N；指标项 N 条、任务 N 条."""
        written = [o for o in self.outcomes if o.status in ("added", "updated")]
        return (
            f"新增 {self.count('added')} 个文件、更新 {self.count('updated')}、"
            f"未变 {self.count('unchanged')}、失败 {self.count('failed')}；"
            f"指标项 {sum(o.items for o in written)} 条、任务 {sum(o.tasks for o in written)} 条"
        )


def open_ledger(settings: Settings) -> Engine:
    """The ledger's engine, its schema brought up to date."""
    engine = make_engine(settings.database_url, settings.timeout)
    try:
        upgrade_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def _ledger(settings: Settings, doing: str) -> Iterator[Engine]:
    """The ledger's engine for one use case; a database error is a Chinese DatabaseError."""
    engine = open_ledger(settings)
    try:
        yield engine
    except SQLAlchemyError as exc:
        reason = database_reason(exc)
        raise DatabaseError(f"{doing}台账失败（{safe_url(engine)}）：{reason}") from exc
    finally:
        engine.dispose()


# --- ingest ---------------------------------------------------------------------------


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path | PlanFile],
    on_result: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    """Ingest each file in its own transaction; a bad file is reported and the batch goes on.

    A bare Path is known by its absolute path (see ``plan_file``).
    """
    report = IngestReport()
    files = [f if isinstance(f, PlanFile) else plan_file(f) for f in paths]
    readable = []
    for file in files:  # a missing file or a device fails before any ledger is opened
        problem = _not_a_file(file.path)
        if problem:
            report.outcomes.append(IngestOutcome(file.path, "failed", error=problem))
            if on_result:
                on_result(report.outcomes[-1])
        else:
            readable.append(file)
    if not readable:
        return report
    with _ledger(settings, "写入") as engine:
        retrying(lambda: _sync_catalogs(engine))
        for file in readable:
            outcome = ingest_one(engine, file)
            report.outcomes.append(outcome)
            if on_result:
                on_result(outcome)
        if report.count("added") or report.count("updated"):
            retrying(lambda: resolve_plan_links(engine))
            retrying(lambda: refresh_statistics(engine))
        return report


def _not_a_file(path: Path) -> str:
    """Why a path cannot be a plan file to read (it is missing, or a device, pipe or socket),
    else ""."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"{path}：{'文件不存在' if isinstance(exc, FileNotFoundError) else os_reason(exc)}"
    if not stat.S_ISREG(info.st_mode):
        return f"{path}：不是普通文件（设备、管道或套接字），不读取"
    return ""


def _sync_catalogs(engine: Engine) -> None:
    from planwatch.extract.regions import load_divisions

    with session_scope(engine, write=True) as session:
        writer.sync_indicators(session, load_catalog())
        if writer.org_unit_count(session) == 0:
            writer.ensure_org_units(session, load_divisions())


def ingest_one(engine: Engine, file: Path | PlanFile) -> IngestOutcome:
    """One file into the ledger: added, updated, unchanged, or failed with its reason."""
    file = file if isinstance(file, PlanFile) else plan_file(file)
    path = file.path
    try:
        return _ingest(engine, file)
    except PlanWatchError as exc:
        return IngestOutcome(path, "failed", error=str(exc))
    except SQLAlchemyError as exc:
        reason = database_reason(exc)
        return IngestOutcome(path, "failed", error=f"{path}：写入数据库失败（{reason}）")


def _ingest(engine: Engine, file: PlanFile) -> IngestOutcome:
    # the reading stages are loaded only by the commands that read files (a fast start)
    from planwatch.extract import EXTRACTOR_VERSION
    from planwatch.ingest.decode import read_bytes
    from planwatch.services.extraction import read_document

    path = file.path
    sha = hashlib.sha256(read_bytes(path)).hexdigest()
    with session_scope(engine) as session:
        found = writer.find_document(session, file.key)
    if found and found[1] == writer.fingerprint(sha, EXTRACTOR_VERSION):
        return IngestOutcome(path, "unchanged")
    doc = read_document(path)

    def write() -> writer.Saved:
        with session_scope(engine, write=True) as session:  # one transaction per document
            return writer.save_document(session, doc, sha, file.key)[1]

    done = retrying(write)
    counts = (len(doc.items), len(doc.tasks)) if done != "unchanged" else (0, 0)
    outcome = IngestOutcome(path, done, *counts)
    if not (doc.meta.title or doc.items or doc.tasks):
        outcome.warning = "未识别出规划内容（没有标题、指标项和任务），请确认这是规划文件"
    return outcome


# Errors of a transaction that meets another process's, worth a new try: SQLite's lock
# (busy beyond the timeout), PostgreSQL's serialization failure and deadlock, and a unique
# key another process took first.
RETRIED_STATES = ("40001", "40P01", "23505")
RETRIED_WORDS = ("database is locked", "database table is locked", "UNIQUE constraint failed")


def retrying(work: Callable[[], Any], attempts: int = 6) -> Any:
    """``work()``, tried again (after 0.05, 0.1, 0.2 … s, with jitter) when it fails only
    because another process wrote at the same time."""
    for attempt in range(attempts):
        try:
            return work()
        except (OperationalError, IntegrityError) as exc:
            state = getattr(exc.orig, "sqlstate", None)
            if attempt == attempts - 1 or not (
                state in RETRIED_STATES or any(w in str(exc.orig) for w in RETRIED_WORDS)
            ):
                raise
            time.sleep(0.05 * 2**attempt * (1 + random.random()))
    raise AssertionError("unreachable")


def resolve_plan_links(engine: Engine) -> int:
    """Point every unresolved reference at the ledger's document it names; returns how many."""
    from planwatch.parse.references import doc_number_key, plan_key

    resolved = 0
    with session_scope(engine, write=True) as session:
        docs = writer.document_titles(session)
        by_number = {doc_number_key(num): i for i, _t, num in docs if num}
        by_key = {plan_key(t): i for i, t, _n in docs if t}
        for link_id, doc_id, title, number in writer.unresolved_links(session):
            targets = [by_number.get(doc_number_key(number)) if number else None]
            targets.append(by_key.get(plan_key(title)))
            target = next((t for t in targets if t is not None and t != doc_id), None)
            if target is not None:
                writer.resolve_link(session, link_id, target)
                resolved += 1
    return resolved


# --- browse and export ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetQuery:
    """The filters of ``planwatch targets``."""

    doc: str | None = None
    indicator: str | None = None
    region: str | None = None
    year: int | None = None
    kind: str | None = None


def _existing(settings: Settings) -> None:
    """A mistyped SQLite path is an error, not a new ledger."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = url.database.removeprefix("file:").split("?")[0]  # sqlite:///file:x.db?mode=ro
        if not Path(path).exists():
            raise NoLedger(path)


def read_ledger(settings: Settings, read: Callable[[Any], Any], write: bool = False) -> Any:
    """``read(session)`` on the ledger in one transaction; a mistyped SQLite path is an error,
    not a new ledger."""
    _existing(settings)
    with _ledger(settings, "写入" if write else "读取") as engine:

        def once() -> Any:
            with session_scope(engine, write=write) as session:
                return read(session)

        return retrying(once) if write else once()


@contextmanager
def reading(settings: Settings) -> Iterator[Any]:
    """One read transaction on the ledger, held open while the caller streams rows from it
    (a database error on the way is a Chinese DatabaseError)."""
    _existing(settings)
    with _ledger(settings, "读取") as engine, session_scope(engine) as session:
        yield session


class Counted(Iterator[Any]):
    """Rows passed on one by one, counted as they go (for the summary after a stream)."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self.rows, self.count = rows, 0

    def __next__(self) -> Any:
        row = next(self.rows)
        self.count += 1
        return row


def write_ledger(settings: Settings, write: Callable[[Any], Any]) -> Any:
    """``write(session)`` on an existing ledger, in one transaction: all of it, or nothing
    (tried again when another process was writing at the same time)."""
    return read_ledger(settings, write, write=True)


def list_indicators(settings: Settings) -> list[IndicatorUse]:
    """The indicator catalog with how many items (and documents) of the ledger link each."""
    with _ledger(settings, "读取") as engine:
        retrying(lambda: _sync_catalogs(engine))
        with session_scope(engine) as session:
            return queries.indicator_list(session)


def list_documents(settings: Settings) -> list[LedgerDocument]:
    """Every document of the ledger with its counts and higher plans."""
    return list(read_ledger(settings, queries.document_list))


def resolve_doc(session: Any, ref: str) -> int:
    ids = queries.find_document_ids(session, ref)
    if not ids:
        raise UnknownDocument(ref)
    if len(ids) > 1:
        raise AmbiguousDocument(ref, ids)
    return ids[0]


@dataclass(slots=True)
class OutlineNode:
    """A heading of the document with the items and tasks that sit directly under it."""

    section: Section = field(metadata=FLATTEN)
    seq: int = 0
    items: list[Item] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    """One document as ``show`` presents it: its row, the plans implementing it, its outline
    with each heading's items and tasks, and what stands outside any heading."""

    document: LedgerDocument = field(metadata=FLATTEN)
    implemented_by: list[Reference] = field(default_factory=list)
    outline: list[OutlineNode] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    loose_items: list[Item] = field(default_factory=list)
    loose_tasks: list[Task] = field(default_factory=list)


def show_document(settings: Settings, ref: str) -> DocumentView:
    """One document (by id, file name or title): its outline, each node with its items and tasks.

    An item belongs to the deepest outline node whose span holds it; items before the first
    heading and tasks outside any node are kept in ``loose_items``/``loose_tasks``.
    """

    def read(session: Any) -> DocumentView:
        doc_id = resolve_doc(session, ref)
        return DocumentView(
            document=queries.document_list(session, doc_id)[0],
            implemented_by=queries.implemented_by(session, doc_id),
            outline=[OutlineNode(s, n) for n, s in enumerate(queries.outline(session, doc_id))],
            items=queries.item_list(session, queries.ItemFilter(document_id=doc_id)),
            tasks=queries.task_list(session, doc_id),
            projects=queries.project_list(session, doc_id),
        )

    view: DocumentView = read_ledger(settings, read)
    for item in view.items:
        holders = [n for n in view.outline if n.section.start <= item.span.start < n.section.end]
        home = max(holders, key=lambda n: (n.section.level, n.section.start)) if holders else None
        (home.items if home else view.loose_items).append(item)
    for task in view.tasks:
        seq = task.section_index
        node = view.outline[seq] if seq is not None and seq < len(view.outline) else None
        (node.tasks if node else view.loose_tasks).append(task)
    return view


def query_targets(settings: Settings, q: TargetQuery) -> list[Item]:
    """Items of the ledger passing the filters."""
    with stream_targets(settings, q) as items:
        return list(items)


@contextmanager
def stream_targets(settings: Settings, q: TargetQuery) -> Iterator[Counted]:
    """Items of the ledger passing the filters, read from the database as they are used:
    the filters go into SQL (indexed document, indicator, kind, year; the region's subtree
    by its path)."""
    if q.year is not None and not MIN_YEAR <= q.year <= MAX_YEAR:
        raise PlanWatchError(f"年份 {q.year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间")
    for name, value in (("--doc", q.doc), ("--indicator", q.indicator), ("--region", q.region)):
        if value is not None and len(value) > MAX_FILTER:
            raise PlanWatchError(f"{name} 过长（{len(value)} 字，最多 {MAX_FILTER} 字）")
    with reading(settings) as session:
        doc_id = resolve_doc(session, q.doc) if q.doc else None
        below = store_plans.regions_within(session, q.region) if q.region else set()
        f = queries.ItemFilter(
            document_id=doc_id,
            indicator=q.indicator,
            region=q.region,
            region_codes=frozenset(below),
            year=q.year,
            kind=q.kind,
        )
        yield Counted(queries.item_rows(session, f))


@dataclass(slots=True)
class LedgerView:
    """The whole ledger: the source of every export. Its rows are iterators, read from the
    database as the export writes them, and counted."""

    documents: Counted
    targets: Counted
    baselines: Counted
    tasks: Counted
    projects: Counted


@contextmanager
def ledger_view(settings: Settings) -> Iterator[LedgerView]:
    """The whole ledger as streams of records, while the read transaction is open."""
    with reading(settings) as session:
        yield LedgerView(
            documents=Counted(iter(queries.document_list(session))),
            targets=Counted(queries.item_rows(session, queries.ItemFilter(kind="target"))),
            baselines=Counted(queries.item_rows(session, queries.ItemFilter(kind="baseline"))),
            tasks=Counted(queries.task_rows(session)),
            projects=Counted(iter(queries.project_list(session))),
        )
