"""Views of the web app, one per page, that the page and its API twin both render.

The app keeps one engine (``WebLedger``) for its life instead of opening the ledger per call,
and keeps each view until the ledger changes: a view is cached under its arguments and the
ledger's stamp (documents and their times, the newest audit entry of an approved figure), read
in one small indexed query per request. Every number is the one the CLI gives: a plan's status
is ``planwatch status``'s counting approved figures only (submitted ones wait for the 督导),
findings ``check``'s, a comparison ``compare``'s, coverage ``coverage``'s.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from planwatch import analyze, track
from planwatch.catalog import indicator_names
from planwatch.config import Settings
from planwatch.errors import (
    DatabaseError,
    NoLedger,
    PlanWatchError,
    UnknownDocument,
    database_reason,
)
from planwatch.ingest import normalize
from planwatch.parse import parse_outline, parse_tables
from planwatch.records import (
    FLATTEN,
    STATUS_LABELS,
    Evaluation,
    IndicatorUse,
    Item,
    LedgerDocument,
    Observation,
    OrgUnit,
    Project,
    Reference,
    Section,
    Task,
)
from planwatch.services import analysis, tracking
from planwatch.services.ledger import open_ledger, read_ledger, resolve_doc
from planwatch.spool import DiskList
from planwatch.store import plans as store_plans
from planwatch.store import queries
from planwatch.store import tracking as store_tracking
from planwatch.store.engine import safe_url, session_scope
from planwatch.store.mapping import item_of, item_select, rows_of, task_of, task_select
from planwatch.store.models import (
    AuditRow,
    DocumentRow,
    ItemRow,
    ObservationRow,
    OrgUnitRow,
    TaskRow,
    TaskUnitRow,
)

T = TypeVar("T")
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(2100, 12, 31)
MAX_PER_PAGE = 500
STAMP_SECONDS = 1.0  # how long a reading of the ledger's stamp is trusted
CACHED_VIEWS = 4096  # views (and pages) kept per process; the least recently used goes first
LAGGING = ("lagging", "off_track", "overdue")  # the 督办 list of a dashboard
MAX_TRENDS = 40
SEARCH_LIMIT = 200  # rows of each kind a search shows
PUBLISHED_STATUSES = ("approved",)  # observations that count in the web app's evaluations


class UnknownOrgUnit(PlanWatchError):
    """The region code names no region of the division table."""

    def __init__(self, code: str) -> None:
        super().__init__(f"没有代码为「{code}」的行政区划（12 位代码，如 450000000000）")


class BadRequest(PlanWatchError):
    """A request whose parameter cannot be used: names the parameter."""


# Errors that name something the ledger does not hold (the web answers 404), and those of
# a database that cannot be read (503); every other PlanWatchError is a bad request.
NOT_FOUND: tuple[type[PlanWatchError], ...] = (
    UnknownDocument,
    analysis.UnknownIndicator,
    analysis.UnknownRegion,
    UnknownOrgUnit,
)
UNAVAILABLE: tuple[type[PlanWatchError], ...] = (DatabaseError, NoLedger)


def check_day(day: date | None) -> date:
    """The date asked (today when none), within 1900—2100."""
    day = day or date.today()
    if not MIN_DAY <= day <= MAX_DAY:
        raise BadRequest(f"日期 {day.isoformat()} 不在 1900-01-01 至 2100-12-31 之间")
    return day


# --- the ledger of a running app ----------------------------------------------------------


class WebLedger:
    """The ledger's engine for the life of the app, and the views built from it, each kept
    until the ledger changes."""

    def __init__(self, settings: Settings) -> None:
        read_ledger(settings, lambda _session: None)  # a mistyped SQLite path is an error
        self.settings = settings
        self.engine: Engine = open_ledger(settings)
        self._views: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}
        self._stamp: tuple[float, Hashable] | None = None  # (when read, stamp)

    def close(self) -> None:
        self.engine.dispose()

    def read(self, work: Callable[[Any], T]) -> T:
        """``work(session)`` in one transaction; a database error is a Chinese DatabaseError."""
        try:
            with session_scope(self.engine) as session:
                return work(session)
        except SQLAlchemyError as exc:
            reason = database_reason(exc)
            raise DatabaseError(f"读取台账失败（{safe_url(self.engine)}）：{reason}") from exc

    def write(self, work: Callable[[Any], T]) -> T:
        """``work(session)`` in one write transaction (tried again when another writer held
        the lock); the views kept are read again afterwards."""
        from planwatch.services.ledger import retrying

        def once() -> T:
            with session_scope(self.engine, write=True) as session:
                return work(session)

        try:
            done: T = retrying(once)
            return done
        except SQLAlchemyError as exc:
            reason = database_reason(exc)
            raise DatabaseError(f"写入台账失败（{safe_url(self.engine)}）：{reason}") from exc
        finally:
            self.changed()

    def stamp(self) -> Hashable:
        """What changes whenever what the views show does: the documents (and how many are
        published), and the newest audit entry that made or unmade an approved figure (the
        views count approved figures only, so a draft or a submission changes none of them:
        readers keep their pages while reporters write). Read at most once
        every STAMP_SECONDS, so that a busy app sends the database almost nothing; a change
        made elsewhere (``planwatch import``) shows within that time, one made through this
        app at once (``changed``)."""
        now = time.monotonic()
        known = self._stamp
        if known is not None and now - known[0] < STAMP_SECONDS:
            return known[1]
        stamp = self._read_stamp()
        self._stamp = (now, stamp)
        return stamp

    def changed(self) -> None:
        """The ledger was written by this process: read its stamp again at the next request."""
        self._stamp = None

    def _read_stamp(self) -> Hashable:
        def read(session: Any) -> Hashable:
            docs = session.execute(
                select(
                    func.count(DocumentRow.id),
                    func.max(DocumentRow.updated_at),
                    func.count(DocumentRow.id).filter(DocumentRow.published.is_(True)),
                )
            ).one()
            approved = [AuditRow.new_status == "approved", AuditRow.old_status == "approved"]
            newest = session.execute(
                select(
                    *(select(func.max(AuditRow.id)).where(a).scalar_subquery() for a in approved)
                )
            ).one()
            return (*docs, *newest)

        return self.read(read)

    def view(self, key: Hashable, build: Callable[[Any], T]) -> T:
        """The view under ``key``: kept from an earlier request while the ledger's stamp is
        the same, else built by ``build(session)`` once (other requests for it wait rather
        than build it again)."""
        return self.kept(key, lambda: self.read(build))

    def kept(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build()`` made for ``key`` while the ledger is unchanged (a rendered page)."""
        stamp = self.stamp()
        with self._lock:
            found = self._views.get(key)
            if found is not None and found[0] == stamp:
                self._views.move_to_end(key)
                return found[1]  # type: ignore[no-any-return]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                found = self._views.get(key)
                if found is not None and found[0] == stamp:
                    return found[1]  # type: ignore[no-any-return]
            try:
                made = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._views[key] = (stamp, made)
                self._views.move_to_end(key)
                while len(self._views) > CACHED_VIEWS:
                    self._views.popitem(last=False)
            return made


# --- paging -----------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    """One page of a listing: its rows, how many there are in all, and where it stands."""

    rows: list[Any]
    total: int
    page: int = 1
    per_page: int = 50

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(rows: Sequence[Any], page: int, per_page: int) -> Page:
    """The rows of page ``page`` (from 1), ``per_page`` at a time."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"分页参数无效：page 从 1 起，per_page 在 1 至 {MAX_PER_PAGE} 之间")
    start = (page - 1) * per_page
    return Page(list(rows[start : start + per_page]), len(rows), page, per_page)


# --- plans ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanFilter:
    """The filters of the plan list: a region (and the regions below it), a level, a year
    the plan's period covers."""

    region: str | None = None
    level: str | None = None
    year: int | None = None
    visible: frozenset[int] | None = None  # the plans the visitor may read (None: all)


@dataclass(slots=True)
class PlanRow:
    """A plan of the list: its row, the count of its targets in each status today, and the
    status of the plan at a glance."""

    document: LedgerDocument = field(metadata=FLATTEN)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class PlanNode:
    """A plan in the hierarchy: the plans implementing it below."""

    id: int
    name: str
    title: str
    region: str
    children: list[PlanNode] = field(default_factory=list)


@dataclass(slots=True)
class PlansView:
    """The plan list: the rows passing the filters, the choices of each filter, the tree."""

    as_of: str  # ISO date
    filters: PlanFilter
    rows: list[PlanRow]
    regions: list[OrgUnit]
    levels: list[str]
    years: list[int]
    tree: list[PlanNode]


def _all_statuses(web: WebLedger, day: date) -> dict[int, dict[str, int]]:
    """Each plan's status counts: its dashboard's own view (kept, so the two warm each other)."""
    docs: list[LedgerDocument] = web.view(("documents",), queries.document_list)
    return {d.id: status_of(web, d.id, day).counts for d in docs}


def warm(web: WebLedger) -> None:
    """Build the plan list and every plan's status for today, so that the first reader of
    them does not wait (what ``serve`` does when it starts)."""
    plans_view(web, PlanFilter())


def plans_view(web: WebLedger, filters: PlanFilter, day: date | None = None) -> PlansView:
    """Every plan of the ledger passing the filters, with its status counts at ``day``."""
    day = check_day(day)
    docs: list[LedgerDocument] = web.view(("documents",), queries.document_list)
    counts = _all_statuses(web, day)
    units = web.view(("doc-units",), _document_units)
    years = sorted({y for d in docs for y in (d.period_start, d.period_end) if y is not None})
    return PlansView(
        as_of=day.isoformat(),
        filters=PlanFilter(filters.region, filters.level, filters.year),  # as the visitor chose
        rows=[PlanRow(d, counts.get(d.id, {})) for d in documents(web, filters)],
        regions=units,
        levels=sorted({d.level for d in docs if d.level}),
        years=years,
        tree=plan_tree([d for d in docs if filters.visible is None or d.id in filters.visible]),
    )


def documents(web: WebLedger, filters: PlanFilter) -> list[LedgerDocument]:
    """The ledger's documents passing the filters, by region code (a province before its
    cities, a city before its counties), then by id."""
    docs: list[LedgerDocument] = web.view(("documents",), queries.document_list)
    within: set[str] | None = None
    if filters.region:
        within = web.view(
            ("within", filters.region),
            lambda s: store_plans.regions_within(s, (filters.region or "").strip()),
        )
    chosen = [
        d
        for d in docs
        if (within is None or (d.org_unit_code or "") in within)
        and (filters.visible is None or d.id in filters.visible)
        and (not filters.level or d.level == filters.level)
        and (filters.year is None or _covers(d, filters.year))
    ]
    return sorted(chosen, key=lambda d: (d.org_unit_code or "~", d.id))  # province first


def _covers(doc: LedgerDocument, year: int) -> bool:
    if doc.period_start is None and doc.period_end is None:
        return False
    return (doc.period_start or year) <= year <= (doc.period_end or year)


def _document_units(session: Any) -> list[OrgUnit]:
    codes = set(queries.document_regions(session))
    return _units(session, OrgUnitRow.code.in_(sorted(codes))) if codes else []


def _units(session: Any, *where: Any) -> list[OrgUnit]:
    stmt = select(OrgUnitRow.code, OrgUnitRow.name, OrgUnitRow.level, OrgUnitRow.parent_code)
    return [OrgUnit(*row) for row in session.execute(stmt.where(*where).order_by(OrgUnitRow.code))]


def plan_tree(docs: Sequence[LedgerDocument]) -> list[PlanNode]:
    """The plans as a forest: each under the first plan of the ledger it implements."""
    nodes = {d.id: PlanNode(d.id, d.name, d.title, d.region) for d in docs}
    roots: list[PlanNode] = []
    for doc in docs:
        parent = next(
            (r.target_id for r in doc.implements if r.target_id in nodes and r.target_id != doc.id),
            None,
        )
        if parent is not None and not _is_below(nodes, docs, doc.id, parent):
            nodes[parent].children.append(nodes[doc.id])
        else:
            roots.append(nodes[doc.id])
    return roots


def _is_below(
    nodes: dict[int, PlanNode], docs: Sequence[LedgerDocument], top: int, at: int
) -> bool:
    """Whether plan ``at`` already hangs below plan ``top`` (a cycle of links)."""
    stack = [nodes[top]]
    while stack:
        node = stack.pop()
        if node.id == at:
            return True
        stack.extend(node.children)
    return False


# --- the plan reader --------------------------------------------------------------------


@dataclass(slots=True)
class SourceCell:
    """A table cell at its source offsets; ``filled`` when the table repeats the cell above."""

    text: str
    start: int
    end: int
    filled: bool = False


@dataclass(slots=True)
class SourceTable:
    """A table of the plan (a 专栏) at its source offsets: its title, header and rows."""

    title: str
    start: int
    end: int
    header: list[list[str]]
    rows: list[list[SourceCell]]


@dataclass(slots=True)
class ItemRecord:
    """An item of the plan with what the reader shows of it: its indicator's name, its status
    at the date (targets) and the observations the status rests on."""

    item: Item = field(metadata=FLATTEN)
    indicator_name: str = ""
    status: str | None = None
    status_label: str = ""
    reason: str = ""
    observations: list[Observation] = field(default_factory=list)


@dataclass(slots=True)
class ReaderView:
    """One plan as the reader shows it: its source text, outline, items with their records,
    tasks with their units, tables and projects, and the plans implementing it."""

    document: LedgerDocument
    as_of: str  # ISO date
    source: str
    outline: list[Section]
    items: list[ItemRecord]
    tasks: list[Task]
    tables: list[SourceTable]
    projects: list[Project]
    implemented_by: list[Reference]


def plan_id(web: WebLedger, ref: str) -> int:
    """The id of the plan named by id, file name, 文号 or title."""
    found: int = web.view(("doc-id", ref), lambda s: resolve_doc(s, ref))
    return found


def reader_view(web: WebLedger, ref: str, day: date | None = None) -> ReaderView:
    """The plan's text, items (each with its status at ``day``), outline, tasks and tables."""
    day = check_day(day)
    doc_id = plan_id(web, ref)
    status = status_of(web, doc_id, day)
    by_item = {row.item_id: row for row in status.rows}

    def build(session: Any) -> ReaderView:
        doc = queries.document_list(session, doc_id)[0]
        source = session.scalar(select(DocumentRow.source).where(DocumentRow.id == doc_id))
        names = indicator_names()
        items = [
            _record(item, by_item.get(item.id or 0), names)
            for item in queries.item_list(session, queries.ItemFilter(document_id=doc_id))
        ]
        return ReaderView(
            document=doc,
            as_of=day.isoformat(),
            source=source or "",
            outline=queries.outline(session, doc_id),
            items=items,
            tasks=queries.task_list(session, doc_id),
            tables=source_tables(doc.name, source or "", doc.fmt),
            projects=queries.project_list(session, doc_id),
            implemented_by=queries.implemented_by(session, doc_id),
        )

    return web.view(("reader", doc_id, day), build)


def _record(item: Item, row: Evaluation | None, names: dict[str, str]) -> ItemRecord:
    name = names.get(item.indicator or "", "")
    if row is None:
        return ItemRecord(item, name)
    return ItemRecord(item, name, row.status, row.status_label, row.reason, list(row.evidence))


def source_tables(name: str, source: str, fmt: str) -> list[SourceTable]:
    """The tables of a stored plan, read again from its source text (the ledger keeps their
    projects, not their cells), at source offsets."""
    if not source.strip():
        return []
    try:
        src = normalize(name, source, fmt)
        tables = parse_tables(src, parse_outline(src))
    except (PlanWatchError, RecursionError):
        return []
    out = []
    for table in tables:
        span = src.to_source(table.start, table.end)
        rows = [
            [SourceCell(c.text, *_span(src, c.start, c.end), c.filled) for c in row]
            for row in table.rows
        ]
        out.append(SourceTable(table.title, span.start, span.end, table.header, rows))
    return out


def _span(src: Any, start: int, end: int) -> tuple[int, int]:
    span = src.to_source(start, end)
    return span.start, span.end


# --- the dashboard ----------------------------------------------------------------------


def status_of(web: WebLedger, doc_id: int, day: date) -> tracking.StatusView:
    """A plan's status at ``day``: ``planwatch status``'s own view, counting approved
    observations only (submitted figures wait for the 督导's approval)."""
    return web.view(
        ("status", doc_id, day),
        lambda s: tracking.status_of(s, doc_id, day, None, statuses=PUBLISHED_STATUSES),
    )


@dataclass(slots=True)
class TrendPoint:
    period: str
    value: float
    source: str = ""


@dataclass(slots=True)
class Trend:
    """A target's observations over time, with its target and baseline, for a line chart."""

    item_id: int
    subject: str
    indicator: str
    region: str
    unit: str
    target_value: float
    target_year: int | None
    baseline_value: float | None
    baseline_period: str | None
    status: str
    status_label: str
    points: list[TrendPoint]


@dataclass(slots=True)
class DashboardView:
    """A plan's progress at a date: ``planwatch status``'s rows and counts, the counts by
    section, lead unit and region, the targets behind (督办), and the observed series."""

    document: LedgerDocument
    as_of: str  # ISO date
    counts: dict[str, int]
    rows: list[Evaluation]
    region_names: dict[str, str]
    by_section: list[track.RollupRow]
    by_lead: list[track.RollupRow]
    by_region: list[track.RollupRow]
    lagging: list[Evaluation]
    trends: list[Trend]


def plan_status(web: WebLedger, ref: str, day: date | None = None) -> tracking.StatusView:
    """``planwatch status``'s view of the plan at ``day`` (today by default)."""
    return status_of(web, plan_id(web, ref), check_day(day))


def dashboard_view(web: WebLedger, ref: str, day: date | None = None) -> DashboardView:
    """The plan's progress dashboard at ``day`` (today by default)."""
    status = plan_status(web, ref, day)
    rows = status.rows
    return DashboardView(
        document=status.document,
        as_of=status.as_of.isoformat(),
        counts=status.counts,
        rows=rows,
        region_names=status.region_names,
        by_section=track.rollup(rows, "section"),
        by_lead=track.rollup(rows, "lead"),
        by_region=track.rollup(rows, "region"),
        lagging=[r for r in rows if r.status in LAGGING],
        trends=[t for t in (_trend(r) for r in rows) if t.points][:MAX_TRENDS],
    )


def _trend(row: Evaluation) -> Trend:
    points = sorted(
        (TrendPoint(o.period, o.value, o.source) for o in row.evidence),
        key=lambda p: p.period,
    )
    return Trend(
        item_id=row.item_id,
        subject=row.subject,
        indicator=indicator_names().get(row.indicator or "", ""),
        region=row.region,
        unit=row.unit,
        target_value=row.target_value,
        target_year=row.target_year,
        baseline_value=row.baseline_value,
        baseline_period=row.baseline_period,
        status=row.status,
        status_label=row.status_label,
        points=points,
    )


def evaluations(
    web: WebLedger, ref: str, day: date | None = None, status: str | None = None
) -> list[Evaluation]:
    """The status rows of a plan, of one status when asked."""
    if status is not None and status not in STATUS_LABELS:
        known = "、".join(f"{k}（{v}）" for k, v in STATUS_LABELS.items())
        raise BadRequest(f"未知的状态「{status}」；可用：{known}")
    rows = status_of(web, plan_id(web, ref), check_day(day)).rows
    return [r for r in rows if status is None or r.status == status]


# --- indicators, regions, findings, coverage ----------------------------------------------


def indicator_list(web: WebLedger) -> list[IndicatorUse]:
    """The catalog with how many items and plans of the ledger link each indicator."""
    found: list[IndicatorUse] = web.view(("indicators",), queries.indicator_list)
    return found


def comparison(web: WebLedger, ref: str, region: str | None = None) -> analysis.Comparison:
    """``planwatch compare``: one indicator across the ledger, one series per region."""

    found: analysis.Comparison = web.view(
        ("compare", ref, region), lambda session: analysis.comparison(session, ref, region)
    )
    return found


def findings(
    web: WebLedger, doc_ids: set[int] | None = None, at_least: str = "info"
) -> Sequence[analyze.Finding]:
    """``planwatch check``'s findings over the whole ledger, of these plans when given: then
    only they are checked (each against the plans above it and those it names), which finds
    on them what a check of the whole ledger does. They are kept on disk, read a page at a
    time."""
    if at_least not in analyze.SEVERITY_RANK:
        raise BadRequest(f"未知的严重程度「{at_least}」；可用：high、warning、info")
    among = frozenset(doc_ids) if doc_ids is not None else None
    if among is not None and not among:
        return []

    def build() -> DiskList:
        found = analysis.each_finding(web.settings, among=among)
        return DiskList(found, key=lambda f: analyze.SEVERITY_RANK[f.severity])

    every: DiskList = web.kept(("findings", among), build)
    worst = analyze.SEVERITY_RANK[at_least]
    return every.where(lambda rank: rank <= worst)


def coverages(web: WebLedger, higher: set[int] | None = None) -> Sequence[analysis.CoverageView]:
    """``planwatch coverage`` of every plan that others implement (of these when given: only
    they are read, with the plans naming them). They are kept on disk, read a page at a
    time."""
    among = frozenset(higher) if higher is not None else None
    if among is not None and not among:
        return []

    def build() -> DiskList:
        with analysis.each_coverage(web.settings, among=among) as views:
            return DiskList(views)

    found: DiskList = web.kept(("coverage", among), build)
    return found


@dataclass(slots=True)
class RegionView:
    """A region: where it stands, the regions below it, its own plans, the plans of the
    regions below, and the findings and coverage of all of them."""

    unit: OrgUnit
    chain: list[OrgUnit]
    children: list[OrgUnit]
    plans: list[LedgerDocument]
    lower_plans: list[LedgerDocument]
    findings: list[analyze.Finding]
    coverage: list[analysis.CoverageView]


def org_unit(web: WebLedger, code: str) -> OrgUnit:
    """The region of this code (12 digits); UnknownOrgUnit when there is none."""
    code = code.strip()

    def build(session: Any) -> OrgUnit:
        found = _units(session, OrgUnitRow.code == code, OrgUnitRow.level != "body")
        if not found:
            raise UnknownOrgUnit(code)
        return found[0]

    return web.view(("org-unit", code), build)


def region_view(web: WebLedger, code: str) -> RegionView:
    """A region's overview (by its 12-digit code)."""
    code = code.strip()

    org_unit(web, code)

    def build(session: Any) -> tuple[list[OrgUnit], list[OrgUnit], set[str]]:
        chain_codes = store_plans.region_chains(session).get(code, (code,))
        chain = _units(session, OrgUnitRow.code.in_(list(chain_codes)))
        children = _units(session, OrgUnitRow.parent_code == code, OrgUnitRow.level != "body")
        within = {c for c, ch in store_plans.region_chains(session).items() if code in ch}
        return chain, children, within

    chain, children, within = web.view(("region", code), build)
    docs: list[LedgerDocument] = web.view(("documents",), queries.document_list)
    own = [d for d in docs if d.org_unit_code == code]
    lower = [d for d in docs if d.org_unit_code in within and d.org_unit_code != code]
    ids = {d.id for d in own + lower}
    return RegionView(
        unit=next(u for u in chain if u.code == code),
        chain=chain,
        children=children,
        plans=own,
        lower_plans=lower,
        findings=list(findings(web, ids)),
        coverage=list(coverages(web, ids)),
    )


def org_units(web: WebLedger, parent: str | None = None, level: str | None = None) -> list[OrgUnit]:
    """Regions of the division table (and bodies named by tasks): below a parent, of a level."""

    def build(session: Any) -> list[OrgUnit]:
        where = []
        if parent:
            where.append(OrgUnitRow.parent_code == parent)
        if level:
            where.append(OrgUnitRow.level == level)
        if not where:  # the regions that have plans, and the bodies their tasks name
            codes = set(queries.document_regions(session))
            where.append(or_(OrgUnitRow.code.in_(sorted(codes)), OrgUnitRow.level == "body"))
        return _units(session, *where)

    return web.view(("org-units", parent, level), build)


@dataclass(frozen=True, slots=True)
class ObservationFilter:
    """Which stored observations to list: an indicator (id, name or alias), a region (code or
    name), a period (2022, 2022Q3, 2022-09), a status."""

    indicator: str | None = None
    region: str | None = None
    period: str | None = None
    status: str | None = None


def observations(web: WebLedger, f: ObservationFilter, page: int, per_page: int) -> Page:
    """Stored observations passing the filter, one page of them counted and read in SQL."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        page_of([], page, per_page)  # raises, naming the bounds
    period = str(track.parse_period(f.period)) if f.period else None

    def build(session: Any) -> Page:
        lookups = tracking.LedgerLookups(session)
        where = []
        if f.indicator:
            info = lookups.indicator(f.indicator)
            if info is None:
                raise analysis.UnknownIndicator(f.indicator)
            where.append(ObservationRow.indicator_id == info.id)
        if f.region:
            code = lookups.region(f.region)
            if code is None:
                raise analysis.UnknownRegion(f.region)
            where.append(ObservationRow.org_unit_code == code)
        if period:
            where.append(ObservationRow.period == period)
        if f.status:
            where.append(ObservationRow.status == f.status)
        where.append(ObservationRow.status.in_(PUBLISHED_STATUSES))  # drafts are not public
        total = session.scalar(select(func.count(ObservationRow.id)).where(*where)) or 0
        columns = [getattr(ObservationRow, c) for c in store_tracking.OBSERVATION_COLUMNS.values()]
        stmt = select(*columns).where(*where).order_by(ObservationRow.id)
        rows = session.execute(stmt.offset((page - 1) * per_page).limit(per_page))
        fields = list(store_tracking.OBSERVATION_COLUMNS)
        found = [Observation(**dict(zip(fields, row, strict=True))) for row in rows]
        return Page(found, total, page, per_page)

    return web.view(("observations", f, page, per_page), build)


# --- search -----------------------------------------------------------------------------


@dataclass(slots=True)
class SearchView:
    """Targets, baselines and tasks of every plan whose words hold the query."""

    q: str
    items: list[Item]
    tasks: list[Task]
    items_total: int
    tasks_total: int


def search(web: WebLedger, q: str) -> SearchView:
    """Items (subject, words, quote) and tasks (title, section) holding ``q``; the first
    ``SEARCH_LIMIT`` of each, with how many there are."""
    q = " ".join(q.split())
    if not q:
        return SearchView(q, [], [], 0, 0)
    if len(q) > 100:
        raise BadRequest("搜索词过长（最多 100 个字）")

    def build(session: Any) -> SearchView:
        words = [ItemRow.subject, ItemRow.text, ItemRow.quote]
        matches = or_(*(c.contains(q, autoescape=True) for c in words))
        ids = list(session.scalars(select(ItemRow.id).where(matches).order_by(ItemRow.id)))
        stmt = item_select().where(ItemRow.id.in_(ids[:SEARCH_LIMIT]))
        items = [item_of(r) for r in session.execute(stmt)]
        titled = or_(*(c.contains(q, autoescape=True) for c in (TaskRow.title, TaskRow.section)))
        task_ids = list(session.scalars(select(TaskRow.id).where(titled).order_by(TaskRow.id)))
        return SearchView(
            q, items, _tasks(session, task_ids[:SEARCH_LIMIT]), len(ids), len(task_ids)
        )

    return web.view(("search", q), build)


def _tasks(session: Any, ids: list[int]) -> list[Task]:
    """These tasks with their units, in two queries."""
    if not ids:
        return []
    units: dict[int, dict[str, list[str]]] = {}
    stmt = (
        select(TaskUnitRow.task_id, TaskUnitRow.role, TaskUnitRow.name)
        .where(TaskUnitRow.task_id.in_(ids))
        .order_by(TaskUnitRow.task_id, TaskUnitRow.seq)
    )
    for task_id, role, name in session.execute(stmt):
        units.setdefault(task_id, {}).setdefault(role, []).append(name)
    rows = rows_of(session.execute(task_select().where(TaskRow.id.in_(ids))))
    return [task_of(row, units.get(row["id"], {})) for row in rows]


# --- who may read what --------------------------------------------------------------------


def document_access(web: WebLedger) -> dict[int, tuple[bool, str]]:
    """Each plan's published flag and its region's path, kept until the ledger changes."""
    from planwatch.store import accounts as store_accounts

    found: dict[int, tuple[bool, str]] = web.view(("access",), store_accounts.access_map)
    return found
