"""Use cases of the ledger: ingest plan files, list, show, query and export them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from planwatch.config import Settings
from planwatch.errors import PlanWatchError, UnreadableFile
from planwatch.extract import extract_projects
from planwatch.extract.indicators import link_items, load_catalog
from planwatch.extract.regions import body_of, load_divisions, resolve_region
from planwatch.parse.references import doc_number_key, find_references, plan_key
from planwatch.records import Document, OrgUnit
from planwatch.services.extraction import KIND_NAMES, read_document
from planwatch.store import make_engine, queries, upgrade_schema, writer
from planwatch.store import plans as store_plans
from planwatch.store.engine import DatabaseError, safe_url, session_scope

Status = Literal["added", "updated", "unchanged", "failed"]
QUOTE_CONTEXT = 40
MIN_YEAR, MAX_YEAR = 1900, 2100  # --year of ``planwatch targets``


class UnknownDocument(PlanWatchError):
    """DOC names no document of the ledger."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"台账中没有文件「{ref}」（可用 planwatch docs 查看文件名或编号）")


class AmbiguousDocument(PlanWatchError):
    """DOC names several documents of the ledger (the same file name in two folders)."""

    def __init__(self, ref: str, ids: Sequence[int]) -> None:
        numbers = "、".join(map(str, ids))
        super().__init__(
            f"台账中有 {len(ids)} 个文件都叫「{ref}」（编号 {numbers}），请用编号或路径指明"
        )


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
    engine = make_engine(settings.database_url)
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
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"{doing}台账失败（{safe_url(engine)}）：{reason}") from exc
    finally:
        engine.dispose()


# --- ingest ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Resolver:
    """The org units of one batch's region names, each resolved once."""

    cache: dict[str, OrgUnit | None] = field(default_factory=dict)

    def region(self, name: str) -> OrgUnit | None:
        if not name:
            return None
        if name not in self.cache:
            self.cache[name] = resolve_region(name)
        return self.cache[name]

    def bodies(self, names: Iterable[str], region: OrgUnit | None) -> dict[str, OrgUnit]:
        """The org unit of each body named in a task (自治区教育厅 → 450000000000:教育厅)."""
        return {name: body_of(name, region) for name in names}


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path | PlanFile],
    on_result: Callable[[IngestOutcome], None] | None = None,
) -> IngestReport:
    """Ingest each file in its own transaction; a bad file is reported and the batch goes on.

    A bare Path is known by its absolute path (see ``plan_file``).
    """
    with _ledger(settings, "写入") as engine:
        _sync_catalogs(engine)
        resolver = _Resolver()
        report = IngestReport()
        for path in paths:
            outcome = ingest_one(engine, path, resolver)
            report.outcomes.append(outcome)
            if on_result:
                on_result(outcome)
        if report.count("added") or report.count("updated"):
            resolve_plan_links(engine)
        return report


def _sync_catalogs(engine: Engine) -> None:
    with session_scope(engine) as session:
        writer.sync_indicators(session, load_catalog())
        if writer.org_unit_count(session) == 0:
            writer.ensure_org_units(session, load_divisions())


def ingest_one(
    engine: Engine, file: Path | PlanFile, resolver: _Resolver | None = None
) -> IngestOutcome:
    """One file into the ledger: added, updated, unchanged, or failed with its reason."""
    file = file if isinstance(file, PlanFile) else plan_file(file)
    path = file.path
    try:
        return _ingest(engine, file, resolver or _Resolver())
    except PlanWatchError as exc:
        return IngestOutcome(path, "failed", error=str(exc))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return IngestOutcome(path, "failed", error=f"{path}：写入数据库失败（{reason}）")


def _ingest(engine: Engine, file: PlanFile, resolver: _Resolver) -> IngestOutcome:
    path = file.path
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise UnreadableFile(path, f"无法读取文件（{exc.strerror or exc}）") from exc
    with session_scope(engine) as session:
        found = writer.find_document(session, file.key) or writer.claim_unplaced_document(
            session, path.name, file.key
        )
    if found and found[1] == sha:
        return IngestOutcome(path, "unchanged")
    doc = read_document(path)
    entry = build_entry(doc, sha, resolver, file.key)
    with session_scope(engine) as session:  # one transaction per document
        found = writer.find_document(session, file.key)
        writer.save_document(session, entry, found[0] if found else None)
    return IngestOutcome(path, "updated" if found else "added", len(doc.items), len(doc.tasks))


def build_entry(doc: Document, sha: str, resolver: _Resolver, path: str) -> writer.LedgerEntry:
    """The document (known by ``path``) with its quotes, task of each item, links, region
    and references."""
    links = link_items(doc.items)
    names = sorted({n for t in doc.tasks for ns in t.units.values() for n in ns})
    region = resolver.region(doc.meta.region)
    return writer.LedgerEntry(
        doc=doc,
        sha256=sha,
        path=path,
        projects=extract_projects(doc.tables),
        links={link.item: link for link in links},
        quotes=[quote(doc.source.source, i.span.start, i.span.end) for i in doc.items],
        item_tasks=_item_tasks(doc),
        region=region,
        units=resolver.bodies(names, region),
        references=references(doc),
    )


def quote(source: str, start: int, end: int, context: int = QUOTE_CONTEXT) -> str:
    """The words around a span (±context characters), whitespace collapsed."""
    return " ".join(source[max(0, start - context) : end + context].split())


def _item_tasks(doc: Document) -> list[int | None]:
    spans = [doc.source.to_source(t.start, t.end) for t in doc.tasks]
    out: list[int | None] = []
    for item in doc.items:
        inside = [n for n, s in enumerate(spans) if s.start <= item.span.start < s.end]
        out.append(inside[-1] if inside else None)
    return out


def references(doc: Document) -> list[tuple[str, str]]:
    """(title, 文号) of each higher plan the document implements.

    The metadata lists the titles and the 文号 written after them, unpaired; a 文号 goes to
    the title right before it in the text: 根据《广西教育事业发展“十四五”规划》
    （桂政发〔2021〕35号）.
    The plan inside a notice's title (关于印发X的通知) shares X's key, so both get the 文号.
    """
    numbers = {doc_number_key(n): n for n in doc.meta.implements_numbers}
    by_title: dict[str, str] = {}
    if numbers:
        refs = find_references(doc.source.text)
        for before, ref in pairwise(refs):
            if ref.kind == "doc_number" and ref.key in numbers and before.kind == "title":
                by_title.setdefault(before.key, numbers[ref.key])
    return [(t, by_title.get(plan_key(t), "")) for t in doc.meta.implements]


def resolve_plan_links(engine: Engine) -> int:
    """Point every unresolved reference at the ledger's document it names; returns how many."""
    resolved = 0
    with session_scope(engine) as session:
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


class NoLedger(PlanWatchError):
    """A command that reads the ledger was pointed at an SQLite file that does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"台账文件 {path} 不存在：请先用 planwatch ingest 读入规划，或用 --db 指明台账"
        )


def read_ledger(settings: Settings, read: Callable[[Any], Any]) -> Any:
    """``read(session)`` on the ledger; a mistyped SQLite path is an error, not a new ledger."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = url.database.removeprefix("file:").split("?")[0]  # sqlite:///file:x.db?mode=ro
        if not Path(path).exists():
            raise NoLedger(path)
    with _ledger(settings, "读取") as engine, session_scope(engine) as session:
        return read(session)


def list_indicators(settings: Settings) -> list[dict[str, Any]]:
    """The indicator catalog with how many items (and documents) of the ledger link each."""
    with _ledger(settings, "读取") as engine:
        _sync_catalogs(engine)
        with session_scope(engine) as session:
            return queries.indicator_list(session)


def list_documents(settings: Settings) -> list[dict[str, Any]]:
    """Every document of the ledger with its counts and higher plans."""
    return list(read_ledger(settings, queries.document_list))


def resolve_doc(session: Any, ref: str) -> int:
    ids = queries.find_document_ids(session, ref)
    if not ids:
        raise UnknownDocument(ref)
    if len(ids) > 1:
        raise AmbiguousDocument(ref, ids)
    return ids[0]


def show_document(settings: Settings, ref: str) -> dict[str, Any]:
    """One document (by id, file name or title): its outline, each node with its items and tasks.

    An item belongs to the deepest outline node whose span holds it; items before the first
    heading and tasks outside any node are kept in ``items``/``tasks`` at the top.
    """
    view = dict(read_ledger(settings, lambda s: queries.document_detail(s, resolve_doc(s, ref))))
    outline = view["outline"]
    for node in outline:
        node["items"], node["tasks"] = [], []
    loose_items: list[dict[str, Any]] = []
    loose_tasks: list[dict[str, Any]] = []
    for item in view["items"]:
        holders = [n for n in outline if n["start"] <= item["start"] < n["end"]]
        home = max(holders, key=lambda n: (n["level"], n["start"])) if holders else None
        (home["items"] if home else loose_items).append(item)
    for task in view["tasks"]:
        seq = task["section_seq"]
        home = outline[seq] if seq is not None and seq < len(outline) else None
        (home["tasks"] if home else loose_tasks).append(task)
    view["loose_items"], view["loose_tasks"] = loose_items, loose_tasks
    return view


def query_targets(settings: Settings, q: TargetQuery) -> list[dict[str, Any]]:
    """Items of the ledger passing the filters."""

    if q.year is not None and not MIN_YEAR <= q.year <= MAX_YEAR:
        raise PlanWatchError(f"年份 {q.year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间")

    def read(session: Any) -> list[dict[str, Any]]:
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
        return queries.item_list(session, f)

    return list(read_ledger(settings, read))


def ledger_view(settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """The whole ledger as one dict of row lists: the source of every export."""

    def read(session: Any) -> dict[str, list[dict[str, Any]]]:
        items = queries.item_list(session, queries.ItemFilter())
        return {
            "documents": queries.document_list(session),
            "targets": [i for i in items if i["kind"] == "target"],
            "baselines": [i for i in items if i["kind"] == "baseline"],
            "tasks": queries.task_list(session),
            "projects": queries.project_list(session),
        }

    return dict(read_ledger(settings, read))


def export_ledger(settings: Settings, fmt: str, output: Path) -> dict[str, int]:
    """Write the ledger to a file as xlsx, json or csv; returns rows per sheet."""
    from planwatch.present import render

    view = ledger_view(settings)
    try:
        if fmt == "xlsx":
            from planwatch.present.xlsx import write_ledger_workbook

            write_ledger_workbook(view, output)
        elif fmt == "json":
            text = json.dumps(_jsonable(view), ensure_ascii=False, indent=2)
            output.write_text(text + "\n", encoding="utf-8")
        else:
            rows = for_people(view["targets"] + view["baselines"])
            # render() starts csv with a byte-order mark, so plain UTF-8 here
            output.write_text(render(rows, "csv", ITEM_HEADERS), encoding="utf-8")
    except OSError as exc:
        raise PlanWatchError(f"无法写入 {output}：{exc.strerror or exc}") from exc
    return {k: len(v) for k, v in view.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return value


def jsonable(rows: Iterable[Any]) -> list[Any]:
    """Rows with datetimes as ISO strings."""
    return [_jsonable(r) for r in rows]


def _links_text(links: list[dict[str, Any]]) -> str:
    return "；".join(
        f"《{x['title']}》" + (f"→{x['target_name']}" if x["target_name"] else "（未入库）")
        for x in links
    )


def for_people(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for tables and csv: Chinese kinds, plan links as text, ISO dates."""
    out = []
    for row in jsonable(rows):
        if "kind" in row:
            row["kind"] = KIND_NAMES.get(row["kind"], row["kind"])
        if "direction" in row:
            row["direction"] = DIRECTION_NAMES.get(row["direction"], row["direction"])
        if isinstance(row.get("implements"), list):
            row["implements"] = _links_text(row["implements"])
        out.append(row)
    return out


DIRECTION_NAMES = {"higher": "越高越好", "lower": "越低越好", "balanced": "适中为宜"}
ITEM_HEADERS = {
    "doc": "文件",
    "region": "地区",
    "kind": "类型",
    "indicator": "指标",
    "subject": "对象",
    "relation": "关系",
    "value": "数值",
    "value_max": "上限",
    "unit": "单位",
    "year": "年份",
    "section": "所在章节",
    "task": "任务",
    "text": "原文",
    "quote": "原文摘录",
    "start": "起",
    "end": "止",
}
DOC_HEADERS = {
    "id": "编号",
    "name": "文件名",
    "path": "路径",
    "title": "标题",
    "doc_number": "文号",
    "region": "地区",
    "level": "层级",
    "period_start": "起始年",
    "period_end": "终止年",
    "items": "指标项",
    "targets": "目标",
    "tasks": "任务",
    "implements": "贯彻的上级规划",
}
SHOW_HEADERS = {
    "doc_number": "文号",
    "issuer": "发文机关",
    "issue_date": "成文日期",
    "region": "地区",
    "org_unit_code": "行政区划代码",
    "level": "层级",
    "period_start": "起始年",
    "period_end": "终止年",
    "implements": "贯彻的上级规划",
    "sha256": "SHA-256",
}
RELATION_WORDS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}


def figure_text(item: dict[str, Any]) -> str:
    """An item's figure for people: 「≥92%（2026年）」."""
    value = _number(item["value"])
    if item.get("value_max") is not None:
        value += f"—{_number(item['value_max'])}"
    year = f"（{item['year']}年）" if item.get("year") else ""
    return f"{RELATION_WORDS.get(item['relation'], item['relation'])}{value}{item['unit']}{year}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
