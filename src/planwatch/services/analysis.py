"""Use cases across plans: compare an indicator, check plans, coverage of a higher plan.

Each returns records (findings, rows of a comparison or a coverage) that the CLI renders,
the exports write and the web app will serve.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from planwatch import analyze
from planwatch.analyze.cascade import WEAKER
from planwatch.analyze.compare import (
    IndicatorRow,
    Series,
    in_regions,
    period_of,
    period_text,
    row_order,
)
from planwatch.analyze.coverage import (
    COVERED,
    NOT_COVERED,
    PARTIAL,
    Coverage,
    TargetMatch,
    TaskMatch,
    task_totals,
)
from planwatch.analyze.projects import ProjectTotal
from planwatch.catalog import load_catalog as package_catalog
from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.ingest.simplify import simplified
from planwatch.present.figures import figure
from planwatch.records import Indicator, Item, LedgerDocument, Project
from planwatch.services import workers
from planwatch.services.ledger import read_ledger, reading, resolve_doc
from planwatch.spool import SortedSpool
from planwatch.store import plans as store_plans
from planwatch.store import queries
from planwatch.store.engine import connections_open


class UnknownIndicator(PlanWatchError):
    """The indicator named is in no entry of the catalog."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"指标目录中没有「{ref}」（可用 planwatch indicators 查看指标编号与名称）")


class UnknownRegion(PlanWatchError):
    """The region named is no region of the division table."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"没有名称含「{ref}」的行政区划（可写全称、简称或12位代码）")


class NoLowerPlans(PlanWatchError):
    """No plan of the ledger implements the plan whose coverage is asked."""

    def __init__(self, name: str) -> None:
        super().__init__(f"台账中没有贯彻「{name}」的下级规划；可用 --lower 指定要对照的文件")


class SelfComparison(PlanWatchError):
    """A plan given as its own lower plan."""

    def __init__(self, name: str) -> None:
        super().__init__(f"「{name}」不能与自身对照：--lower 须是另一个文件")


BATCH = 500  # plans checked per reading of the ledger
PARALLEL_FROM = 2000  # plans to read before worker processes (a second each to start) pay


@dataclass(slots=True)
class LedgerMap:
    """What the analyses know of documents before they read any plan: where each stands
    (its region's chain of codes) and the plans it names, and the rows (heads) of those an
    analysis reads (a few queries; no item, task or source text).

    It tells which plans an analysis of some plans must read: the plans of the regions above
    them and the plans they name (for check), or the plans naming them (for coverage).
    """

    docs: dict[int, LedgerDocument]  # the heads read: every document's, or a job's
    codes: dict[int, str]  # each document's org unit code ("" when it has none)
    chains: dict[str, tuple[str, ...]]
    links: dict[int, list[int]]
    by_region: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        session: Any,
        ids: frozenset[int] | None = None,
        linked: bool = True,
        chains: dict[str, tuple[str, ...]] | None = None,
    ) -> LedgerMap:
        """Every document's (or those of ``ids``); without the plans they name unless
        ``linked``. ``chains``: the region chains, when already read."""
        docs = {d.id: d for d in queries.document_heads(session, ids)}
        codes = {d.id: d.org_unit_code or "" for d in docs.values()}
        links = store_plans.plan_links(session, ids) if linked else {}
        chains = store_plans.region_chains(session) if chains is None else chains
        return cls._made(docs, codes, chains, links)

    @classmethod
    def tree(cls, session: Any) -> LedgerMap:
        """Where every document stands and what it names, without their heads: what dividing
        the work on the whole ledger needs (each job reads its own plans' heads)."""
        codes = store_plans.document_regions(session)
        links = store_plans.plan_links(session)
        return cls._made({}, codes, store_plans.region_chains(session), links)

    @classmethod
    def _made(
        cls,
        docs: dict[int, LedgerDocument],
        codes: dict[int, str],
        chains: dict[str, tuple[str, ...]],
        links: dict[int, list[int]],
    ) -> LedgerMap:
        found = cls(docs, codes, chains, links)
        for doc_id, code in codes.items():
            found.by_region.setdefault(code, []).append(doc_id)
        return found

    @staticmethod
    def around(session: Any, doc_id: int) -> frozenset[int]:
        """One document's id, with those of the documents of the regions above it and those
        it names: what checking it reads (a few indexed queries, whatever the size of the
        ledger; their heads are read by the job)."""
        doc = queries.document_list(session, frozenset({doc_id}), counted=False)[0]
        chain = store_plans.region_chains(session).get(doc.org_unit_code or "", ())
        named = store_plans.plan_links(session, frozenset({doc_id})).get(doc_id, [])
        above = store_plans.documents_of_regions(session, chain[:-1])
        return frozenset({doc_id, *named, *above})

    def regions(self, doc_id: int) -> tuple[str, ...]:
        return self.chains.get(self.codes[doc_id], ())

    def above(self, ids: Iterable[int]) -> set[int]:
        """The documents of the regions above these documents' regions, and those they name."""
        out: set[int] = set()
        for doc_id in ids:
            for code in self.regions(doc_id)[:-1]:
                out.update(self.by_region.get(code, ()))
            out.update(self.links.get(doc_id, ()))
        return out

    def lowers(self) -> dict[int, list[int]]:
        """For each document named as a higher plan, the documents naming it, by id."""
        out: dict[int, list[int]] = {}
        for doc_id in sorted(self.links):
            for higher in self.links[doc_id]:
                if higher != doc_id:
                    out.setdefault(higher, []).append(doc_id)
        return out


def load_plans(
    session: Any,
    with_source: bool = False,
    ids: Iterable[int] | None = None,
    ledger: LedgerMap | None = None,
) -> list[analyze.Plan]:
    """The ledger's documents (or those of ``ids``) as the analyses' Plan records; the words
    the analyses compare (subjects, task titles and bodies) in simplified characters, as the
    parsers read them."""
    ledger = ledger or LedgerMap.read(session)
    only = None if ids is None else frozenset(i for i in ids if i in ledger.docs)
    chosen = ledger.docs.values() if only is None else [ledger.docs[i] for i in sorted(only)]
    sources = store_plans.plan_sources(session, only) if with_source else {}
    plans = {d.id: _plan(d, ledger, sources.get(d.id, "")) for d in chosen}
    for item in queries.item_rows(session, queries.ItemFilter(documents=only)):
        plans[item.document_id or 0].items.append(_simplified(item))
    for task in queries.task_rows(session, only, units=False):
        plan = plans[task.document_id or 0]
        start, end = task.span.start if task.span else 0, task.span.end if task.span else 0
        plan.tasks.append(
            analyze.PlanTask(
                id=task.id or 0,
                label=task.label,
                title=simplified(task.title),
                section=task.section,
                body=simplified(plan.source[start:end]),
                start=start,
                end=end,
            )
        )
    for project in queries.project_list(session, only):
        plans[project.document_id or 0].projects.append(project)
    return list(plans.values())


def _plan(doc: LedgerDocument, ledger: LedgerMap, source: str) -> analyze.Plan:
    return analyze.Plan(
        id=doc.id,
        name=doc.name,
        title=doc.title,
        region=doc.region,
        level=doc.level,
        period_start=doc.period_start,
        period_end=doc.period_end,
        period_inferred=doc.period_inferred,
        regions=ledger.regions(doc.id),
        implements=tuple(ledger.links.get(doc.id, ())),
        issue_date=doc.issue_date,
        source=source,
        text=simplified_source(source),
    )


def _simplified(item: Item) -> Item:
    subject = simplified(item.subject)
    return dataclasses.replace(item, subject=subject) if subject != item.subject else item


def _batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    return _by_size(ids, lambda _doc: 1, size)


def simplified_source(source: str) -> str:
    """The source in simplified characters when the conversion keeps every offset (OpenCC's
    t2s is character for character); else the source as it is."""
    text = simplified(source)
    return text if len(text) == len(source) else source


def load_catalog(session: Any) -> dict[str, Indicator]:
    """The ledger's indicator catalog (the package's own before anything is ingested)."""
    return {i.id: i for i in store_plans.indicators(session) or package_catalog()}


# --- check ------------------------------------------------------------------------------


def check_plans(
    settings: Settings,
    doc: str | None = None,
    at_least: str = "info",
    progress: Callable[[int, int], None] | None = None,
    among: frozenset[int] | None = None,
) -> list[analyze.Finding]:
    """The findings of every plan of the ledger (or of the plans of ``among``, by id), or of
    one plan (against the whole ledger), of severity ``at_least`` (info, warning, high) or
    worse, most severe first."""
    return list(each_finding(settings, doc, at_least, progress, among))


def each_finding(
    settings: Settings,
    doc: str | None = None,
    at_least: str = "info",
    progress: Callable[[int, int], None] | None = None,
    among: frozenset[int] | None = None,
) -> SortedSpool:
    """The findings of ``check_plans`` as a sized stream, most severe first.

    The plans are checked a batch at a time (neighbours in the region tree), each batch with
    the plans of the regions above it and the plans it names, and the findings wait on disk
    until they are listed: memory is bounded by a batch, not by the ledger. ``progress(done,
    total)`` is told after each batch. A ledger of many plans is checked in worker processes
    (services.workers).
    """
    worst = analyze.SEVERITY_RANK[at_least]
    findings = SortedSpool(analyze.finding_order)
    with reading(settings) as session:
        ids, jobs = _check_jobs(session, doc, among, worst)
    results = _analysed(settings, _check_batch, jobs)
    if progress is not None:
        progress(0, len(ids))
    for (_reads, (batch, _worst)), found in zip(jobs, results, strict=True):
        for finding in found:
            findings.add(finding)
        if progress is not None:
            progress(len(batch), len(ids))
    return findings


def _check_jobs(
    session: Any, doc: str | None, among: frozenset[int] | None, worst: int
) -> tuple[list[int], list[Job]]:
    """The plans to check, and the jobs checking them: batches of neighbours in the region
    tree (they share the plans above them), each read with the plans above it and those it
    names."""
    if doc:
        doc_id = resolve_doc(session, doc)
        return [doc_id], [(LedgerMap.around(session, doc_id), ([doc_id], worst))]
    ledger = LedgerMap.tree(session)
    chosen = ledger.codes if among is None else among & ledger.codes.keys()
    ids = sorted(chosen, key=lambda i: (ledger.regions(i), i))
    return ids, [(frozenset({*b, *ledger.above(b)}), (b, worst)) for b in _batches(ids)]


def _check_batch(
    session: Any, ledger: LedgerMap, catalog: dict[str, Indicator], batch: list[int], worst: int
) -> list[analyze.Finding]:
    """The findings on a batch of plans (checked with the other plans the job's map holds:
    those above them and those they name) of severity rank ``worst`` or worse."""
    plans = load_plans(session, True, ledger.docs, ledger)
    return [
        finding
        for finding in analyze.check_plans(plans, catalog, set(batch))
        if analyze.SEVERITY_RANK[finding.severity] <= worst
    ]


# --- compare ----------------------------------------------------------------------------


def find_indicator(catalog: dict[str, Indicator], ref: str) -> Indicator:
    """The indicator named by its id, its name or one of its aliases (学前三年毛入园率)."""
    ref = ref.strip()
    found = catalog.get(ref) or next(
        (i for i in catalog.values() if ref == i.name or ref in i.aliases), None
    )
    if found is None:
        raise UnknownIndicator(ref)
    return found


@dataclass(slots=True)
class Comparison:
    """One indicator across the ledger: rows for a table, one series per region for a chart
    (none when not asked for: a table does not show them)."""

    indicator: Indicator
    region: str
    rows: list[IndicatorRow]
    series: list[Series]


def compare_indicator(
    settings: Settings, indicator: str, region: str | None = None, series: bool = True
) -> Comparison:
    """Every target and baseline of one indicator across the ledger (within a region and the
    regions below it, when given); with ``series``, each region's series for a chart."""
    found: Comparison = read_ledger(settings, lambda s: comparison(s, indicator, region, series))
    return found


def comparison(
    session: Any, indicator: str, region: str | None = None, series: bool = True
) -> Comparison:
    """``compare_indicator`` in an open session (the web's views share it): the indicator's
    items, and of their plans only what a row shows."""
    info = find_indicator(load_catalog(session), indicator)
    within = None
    if region:
        within = store_plans.region_codes(session, region.strip())
        if not within:
            raise UnknownRegion(region)
    chains = store_plans.region_chains(session)
    with _collector_paused():  # tens of thousands of rows kept, none in a cycle
        rows = list(_indicator_rows(queries.indicator_items(session, info.id), chains, within))
    rows.sort(key=row_order)
    return Comparison(info, region or "", rows, analyze.chart_series(rows) if series else [])


def _indicator_rows(
    items: Iterable[tuple[Item, str, int | None, int | None]],
    chains: dict[str, tuple[str, ...]],
    within: set[str] | None,
) -> Iterator[IndicatorRow]:
    """A comparison's rows of the items (with their plans' level and period) of plans in
    the regions ``within`` or below them (all, when None)."""
    for item, level, start, end in items:
        regions = chains.get(item.region_code or "", ())
        if in_regions(regions, within):
            yield IndicatorRow.at(
                regions,
                document_id=item.document_id or 0,
                doc=item.doc,
                doc_title=item.doc_title,
                region=item.region,
                level=level,
                period=period_of(start, end),
                item=_simplified(item),
            )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while a large result is built (its collections would walk
    every record kept, to free none of them: a tenth of a comparison's time); then on again,
    as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- coverage ---------------------------------------------------------------------------


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class PlanHead:
    """A plan named in a coverage: id, file, title, region and period."""

    id: int
    name: str
    title: str
    region: str
    period: str


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """How much of the higher plan one lower plan takes up."""

    lower: str
    lower_title: str
    lower_region: str
    tasks: int
    tasks_covered: int
    tasks_partial: int
    tasks_not_covered: int
    targets: int
    targets_covered: int
    targets_weaker: int


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class SectionCoverageRow:
    """A heading of the higher plan (一个工程) and how much of it one lower plan takes up."""

    section: str
    lower: str
    lower_region: str
    tasks: int
    covered: int
    partial: int
    status: str


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class TaskCoverageRow:
    """A higher task, the lower plan's task that takes it up best, and the verdict."""

    section: str
    label: str
    title: str
    start: int
    end: int
    lower: str
    lower_region: str
    status: str
    score: float
    indicators: list[str]  # names of its indicators the lower plan also sets targets for
    confidence: str  # high / medium / low
    reason: str  # why the verdict and how sure, in Chinese
    garbled: str = ""  # the garbled stretch of either text the verdict read around
    match_section: str = ""
    match_label: str = ""
    match_title: str = ""
    match_start: int | None = None
    match_end: int | None = None
    cite_kind: str = ""  # 段落 / 专栏行 / 标题 / 任务: the lower passage cited
    cite_start: int | None = None
    cite_end: int | None = None
    cite_quote: str = ""  # its sentence holding most of the task's words
    quote_start: int | None = None
    quote_end: int | None = None


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class TaskTotal:
    """A higher task and how many lower plans take it up, partly or not."""

    section: str
    label: str
    title: str
    start: int
    end: int
    lowers: int
    covered: int
    partial: int
    not_covered: int


@workers.sent_as_fields
@dataclass(frozen=True, slots=True)
class TargetCoverageRow:
    """A higher target and the lower targets that take it up."""

    subject: str
    indicator: str
    figure: str
    year: int | None
    start: int
    end: int
    quote: str
    lower: str
    lower_region: str
    status: str
    how: str  # 指标 / 文字 / ""
    score: float | None
    verdict: str
    matches: str
    confidence: str = "high"  # high / medium / low
    reason: str = ""  # why, in Chinese
    match_starts: list[int] = field(default_factory=list)


@workers.sent_as_fields
@dataclass(slots=True)
class CoverageView:
    """A coverage: the plans, a summary per lower plan, rows of headings, tasks and targets,
    each with its status and evidence, and per higher task how many lower plans take it up."""

    higher: PlanHead
    lowers: list[PlanHead]
    summary: list[CoverageSummary]
    sections: list[SectionCoverageRow]
    tasks: list[TaskCoverageRow]
    task_totals: list[TaskTotal]
    targets: list[TargetCoverageRow]


def _plan_head(plan: analyze.Plan) -> PlanHead:
    return PlanHead(plan.id, plan.name, plan.title, plan.region, period_text(plan))


def coverage_view(cov: Coverage, catalog: dict[str, Indicator]) -> CoverageView:
    """A coverage as one view of typed rows."""
    names = {i.id: i.name for i in catalog.values()}
    tasks, targets = _by_lower(cov.tasks), _by_lower(cov.targets)
    return CoverageView(
        higher=_plan_head(cov.higher),
        lowers=[_plan_head(p) for p in cov.lowers],
        summary=[
            _summary(lower, tasks.get(id(lower), []), targets.get(id(lower), []))
            for lower in cov.lowers
        ],
        sections=[
            SectionCoverageRow(
                s.section, s.lower.name, s.lower.region, s.tasks, s.covered, s.partial, s.status
            )
            for s in cov.sections
        ],
        tasks=[_task_row(m, names) for m in cov.tasks],
        task_totals=[
            TaskTotal(
                task.section,
                task.label,
                task.title,
                task.start,
                task.end,
                len(cov.lowers),
                counts[COVERED],
                counts[PARTIAL],
                counts[NOT_COVERED],
            )
            for task, counts in task_totals(cov)
        ],
        targets=[_target_row(m) for m in cov.targets],
    )


_Match = TypeVar("_Match", TaskMatch, TargetMatch)


def _by_lower(matches: Iterable[_Match]) -> dict[int, list[_Match]]:
    """The matches by the lower plan they are of (its identity), in order."""
    out: dict[int, list[_Match]] = {}
    for m in matches:
        out.setdefault(id(m.lower), []).append(m)
    return out


def _summary(
    lower: analyze.Plan, tasks: Sequence[TaskMatch], targets: Sequence[TargetMatch]
) -> CoverageSummary:
    return CoverageSummary(
        lower=lower.name,
        lower_title=lower.title,
        lower_region=lower.region,
        tasks=len(tasks),
        tasks_covered=sum(m.status == COVERED for m in tasks),
        tasks_partial=sum(m.status == PARTIAL for m in tasks),
        tasks_not_covered=sum(m.status == NOT_COVERED for m in tasks),
        targets=len(targets),
        targets_covered=sum(m.status == COVERED for m in targets),
        targets_weaker=sum(m.verdict == WEAKER for m in targets),
    )


def _task_row(m: TaskMatch, names: dict[str, str]) -> TaskCoverageRow:
    match, cite = m.match, m.citation
    return TaskCoverageRow(
        section=m.task.section,
        label=m.task.label,
        title=m.task.title,
        start=m.task.start,
        end=m.task.end,
        lower=m.lower.name,
        lower_region=m.lower.region,
        status=m.status,
        score=round(m.score, 3),
        indicators=[names.get(i, i) for i in m.indicators],
        confidence=m.confidence,
        reason=m.reason,
        garbled=m.garbled,
        match_section=match.section if match else "",
        match_label=match.label if match else "",
        match_title=match.title if match else "",
        match_start=match.start if match else None,
        match_end=match.end if match else None,
        cite_kind=cite.kind if cite else "",
        cite_start=cite.start if cite else None,
        cite_end=cite.end if cite else None,
        cite_quote=cite.quote if cite else "",
        quote_start=cite.quote_start if cite else None,
        quote_end=cite.quote_end if cite else None,
    )


def _target_row(m: TargetMatch) -> TargetCoverageRow:
    return TargetCoverageRow(
        subject=m.item.subject,
        indicator=m.item.indicator or "",
        figure=figure(m.item),
        year=m.item.year,
        start=m.item.span.start,
        end=m.item.span.end,
        quote=m.item.quote,
        lower=m.lower.name,
        lower_region=m.lower.region,
        status=m.status,
        how=m.how,
        score=round(m.score, 3) if m.how == "文字" else None,
        verdict=m.verdict,
        matches="；".join(
            f"{t.subject} {figure(t)}" + (f"（{t.year}年）" if t.year else "") for t in m.matches
        ),
        confidence=m.confidence,
        reason=m.reason,
        match_starts=[t.span.start for t in m.matches],
    )


def coverage_of(settings: Settings, higher: str, lowers: Sequence[str] = ()) -> CoverageView:
    """How the plans implementing the higher plan (or the lower plans named) take up its
    tasks and targets."""

    def run(session: Any) -> CoverageView:
        top = resolve_doc(session, higher)
        chosen = [resolve_doc(session, ref) for ref in lowers]
        named_by = queries.implemented_by(session, top)  # the plans naming it, by id
        below = chosen or [r.target_id for r in named_by if r.target_id not in (None, top)]
        ledger = LedgerMap.read(session, frozenset({top, *below}))
        if top in chosen:
            raise SelfComparison(ledger.docs[top].name)
        if not below:
            raise NoLowerPlans(ledger.docs[top].name)
        plans = {p.id: p for p in load_plans(session, True, {top, *below}, ledger)}
        catalog = load_catalog(session)
        cov = analyze.coverage(plans[top], [plans[i] for i in below], catalog)
        return coverage_view(cov, catalog)

    found: CoverageView = read_ledger(settings, run)
    return found


def coverage_all(settings: Settings, among: frozenset[int] | None = None) -> list[CoverageView]:
    """The coverage of every plan of the ledger that other plans implement (of those of
    ``among``, by id)."""
    with each_coverage(settings, among=among) as views:
        return list(views)


@contextmanager
def each_coverage(
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
    among: frozenset[int] | None = None,
) -> Iterator[Iterator[CoverageView]]:
    """The coverage of every plan that other plans implement (of those of ``among``, by id),
    one higher plan at a time as the caller reads them (each higher plan read with the plans
    naming it); ``progress(done, total)`` is told after each higher plan. A ledger of many
    plans is covered in worker processes (services.workers), the views still in order."""
    with reading(settings) as session:
        lowers = sorted(LedgerMap.tree(session).lowers().items())
    chosen = [(top, below) for top, below in lowers if among is None or top in among]
    jobs = [(frozenset({top, *below}), (top, below)) for top, below in chosen]
    views = _analysed(settings, _coverage_view_of, jobs, "planwatch.services.shared_words")
    if progress is not None:
        progress(0, len(jobs))
    try:
        yield _counted(views, progress, len(jobs))
    finally:
        views.close()  # a reader who stops early: the workers or the session let go


def _counted(
    views: Iterator[CoverageView], progress: Callable[[int, int], None] | None, total: int
) -> Iterator[CoverageView]:
    for view in views:
        yield view
        if progress is not None:
            progress(1, total)


# A job: the plans it reads (their heads make its ledger map) and its own arguments.
Job = tuple[frozenset[int], tuple[Any, ...]]


def _analysed(
    settings: Settings,
    work: Callable[..., Any],
    jobs: list[Job],
    shared: str = "planwatch.services.analysis",
) -> Generator[Any, None, None]:
    """``work(session, ledger, catalog, *args)`` for each job, on a ledger map of the plans
    the job reads, the results in order: in worker processes (services.workers, started
    now) when the jobs read ``PARALLEL_FROM`` plans or more, else here, in a read
    transaction of its own. ``work`` must be a module-level function (a worker imports it);
    ``shared``: the module whose imports the workers share. When the caller holds no database
    connection, the workers may be forked from this process."""
    count = workers.worker_count()
    plans = sum(len(reads) for reads, _ in jobs)
    if count > 1 and len(jobs) > 1 and plans >= PARALLEL_FROM:
        sent = [(work, reads, *args) for reads, args in jobs]
        started = (_start_worker, (settings,))
        # forked from here only when no connection is open here (none is carried across)
        fork_here = connections_open() == 0
        return workers.in_order(*started, _in_worker, sent, count, [shared], fork_here)
    return _here(settings, work, jobs)


def _here(
    settings: Settings, work: Callable[..., Any], jobs: list[Job]
) -> Generator[Any, None, None]:
    with reading(settings) as session:
        here = _read_once(session)
        for reads, args in jobs:
            yield _job(work, *here, reads, *args)


def _read_once(session: Any) -> tuple[Any, dict[str, Indicator], dict[str, tuple[str, ...]]]:
    """What every job reads: the session, the catalog and the region chains."""
    return session, load_catalog(session), store_plans.region_chains(session)


def _job(
    work: Callable[..., Any],
    session: Any,
    catalog: dict[str, Indicator],
    chains: dict[str, tuple[str, ...]],
    reads: frozenset[int],
    *args: Any,
) -> Any:
    return work(session, LedgerMap.read(session, reads, chains=chains), catalog, *args)


# What a worker process reads once (``_read_once``): its session (a read transaction held
# while it lives), the catalog and the region chains.
_worker: tuple[Any, dict[str, Indicator], dict[str, tuple[str, ...]]] | None = None


def _start_worker(settings: Settings) -> None:
    global _worker  # one per worker process, set as it starts
    _worker = _read_once(ExitStack().enter_context(reading(settings)))  # closed as it ends


def _in_worker(work: Callable[..., Any], reads: frozenset[int], *args: Any) -> Any:
    assert _worker is not None, "_start_worker runs first in every worker"
    return _job(work, *_worker, reads, *args)


def _coverage_view_of(
    session: Any, ledger: LedgerMap, catalog: dict[str, Indicator], top: int, below: list[int]
) -> CoverageView:
    """The coverage of one higher plan by the plans naming it, read for it alone: its plans
    are let go once their view is made, so memory holds one higher plan at a time."""
    plans = {p.id: p for p in load_plans(session, True, {top, *below}, ledger)}
    cov = analyze.coverage(plans[top], [plans[i] for i in below], catalog)
    return coverage_view(cov, catalog)


def _by_size(
    ids: Iterable[int], size: Callable[[int], int], most: int = BATCH
) -> Iterator[list[int]]:
    """The ids in order, in batches whose sizes add up to at most ``most`` (one id alone may
    be bigger)."""
    chunk: list[int] = []
    total = 0
    for doc_id in ids:
        if chunk and total + size(doc_id) > most:
            yield chunk
            chunk, total = [], 0
        chunk.append(doc_id)
        total += size(doc_id)
    if chunk:
        yield chunk


# --- projects ---------------------------------------------------------------------------


def project_summary(
    settings: Settings, doc: str, by: Sequence[str] = ("level", "district")
) -> list[ProjectTotal]:
    """A plan's project table summed by 学段 and 县区 (or the fields given)."""

    def run(session: Any) -> list[ProjectTotal]:
        projects: list[Project] = queries.project_list(session, resolve_doc(session, doc))
        return analyze.project_totals(projects, by)

    found: list[ProjectTotal] = read_ledger(settings, run)
    return found
