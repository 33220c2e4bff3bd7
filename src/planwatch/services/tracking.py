"""Use cases of progress tracking: a plan's targets, observations imported or read from the
ledger itself, evaluation (``planwatch status``), reporting templates and the audit log."""

from __future__ import annotations

import dataclasses
import getpass
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from planwatch import track
from planwatch.catalog import catalog_data
from planwatch.config import Settings
from planwatch.errors import PlanWatchError, UnknownUnit
from planwatch.extract.indicators import normalize_subject
from planwatch.extract.regions import resolve_region
from planwatch.present.template import TemplateRow, TemplateView
from planwatch.records import (
    FLATTEN,
    AuditEntry,
    Baseline,
    Evaluation,
    Item,
    LedgerDocument,
    Observation,
    Task,
    TrackedTarget,
)
from planwatch.services.ledger import read_ledger, resolve_doc, write_ledger
from planwatch.store import queries
from planwatch.store import tracking as store
from planwatch.track.lookups import IndicatorInfo, Series

COUNTED = store.COUNTED  # the statuses whose figures count in ``planwatch status``
ROLLUP_KEYS = {"section": "section", "unit": "lead", "region": "region", "indicator": "indicator"}


# --- the plan's targets as evaluation sees them -------------------------------------------


@cache
def _catalog() -> dict[str, IndicatorInfo]:
    """Every id, name and alias of the catalog (normalized) → what tracking needs of it."""
    found: dict[str, IndicatorInfo] = {}
    for entry in catalog_data():
        info = IndicatorInfo(
            entry["id"], entry["name"], entry["unit"], entry.get("measure", "level")
        )
        for name in (entry["id"], entry["name"], *entry["aliases"]):
            found.setdefault(normalize_subject(name), info)
    return found


def _directions() -> dict[str, str]:
    return {e["id"]: e["direction"] for e in catalog_data()}


def _units(task: Task | None) -> tuple[list[str], list[str]]:
    return (task.lead, task.cooperating) if task else ([], [])


def targets_of(
    session: Any, doc_id: int, doc: LedgerDocument | None = None
) -> tuple[LedgerDocument, list[TrackedTarget]]:
    """The document and each of its targets with its baseline, measure, direction and units.

    The baseline is the plan's own baseline of the same indicator for the latest year before
    its period (2020年毛入园率89.2% in a 2021—2025 plan); evaluation falls back to the first
    observation when there is none.
    """
    doc = doc or queries.document_list(session, doc_id)[0]
    items = queries.item_list(session, queries.ItemFilter(document_id=doc_id))
    tasks = queries.task_list(session, doc_id)
    directions = _directions()
    stated = [i for i in items if i.kind == "baseline" and i.indicator and i.year is not None]
    targets = []
    for item in items:
        if item.kind != "target":
            continue
        task = tasks[item.task_index] if item.task_index is not None else None
        lead, cooperating = _units(task)
        direction = directions.get(item.indicator or "")
        info = _catalog().get(normalize_subject(item.indicator)) if item.indicator else None
        measure = info.measure if info else track.measure_of(item.subject, item.quote, item.unit)
        targets.append(
            TrackedTarget(
                item_id=item.id or 0,
                document_id=doc_id,
                subject=item.subject,
                indicator=item.indicator,
                region=item.region_code or "",
                value=item.value,
                unit=item.unit,
                year=item.year,
                value_max=item.value_max,
                relation=item.relation,
                direction=direction if direction in ("higher", "lower") else None,  # type: ignore[arg-type]
                measure=measure,
                plan_start=doc.period_start,
                plan_end=doc.period_end,
                baseline=_own_baseline(item, stated, doc.period_start),
                quote=item.quote,
                span=item.span,
                section=item.section,
                task=item.task,
                lead_units=lead or [doc.issuer or doc.region],
                cooperating_units=cooperating,
                previous_plan=item.previous_plan,
            )
        )
    return doc, targets


def _own_baseline(target: Item, stated: Sequence[Item], start: int | None) -> Baseline | None:
    """The plan's own baseline of the target's indicator: the latest it states for a year
    before the target's year and not after the plan's first year (2020年94.67% for a 2025
    target of a 2021—2025 plan; 2015年74% for the 2020年规划数 of its 十三五 table)."""
    if not target.indicator:
        return None
    year = target.year
    fitting = [
        i
        for i in stated
        if i.indicator == target.indicator
        and (year is None or (i.year or 0) < year)
        and (start is None or (i.year or 0) <= start)
    ]
    if not fitting:
        return None
    best = max(fitting, key=lambda i: (i.year or 0, i.span.start))
    return Baseline(best.value, str(best.year), f"{best.doc}：「{best.quote}」")


def ledger_observations(session: Any, indicators: set[str], regions: set[str]) -> list[Observation]:
    """What the plans themselves report, as observations: every baseline a plan states for a
    region, an indicator and a year (2020年全市学前三年毛入园率94.67%), its source the sentence.

    A later plan's baseline is thus an observation of an earlier plan's target, and a table of
    2015年完成数 / 2020年规划数 / 2020年完成数 evaluates its own 规划数.
    """
    if not indicators or not regions:
        return []
    out = []
    stated = queries.ItemFilter(
        kind="baseline", region_codes=frozenset(regions), indicators=frozenset(indicators)
    )
    for item in queries.item_list(session, stated):
        if item.year is None or item.value_max is not None:
            continue
        out.append(
            Observation(
                period=str(item.year),
                value=item.value,
                region=item.region_code or "",
                indicator=item.indicator,
                source=f"{item.doc}：「{item.quote}」",
                source_kind="plan",
                recorded_by="规划文本",
                status="approved",
                document_id=item.document_id,
                span=item.span,
                quote=item.quote,
            )
        )
    return out


def _observations_for(
    session: Any, targets: Sequence[TrackedTarget], statuses: Sequence[str] = store.COUNTED
) -> list[Observation]:
    """The observations that can bear on the targets: of their own items, and of their
    indicators in their regions (a plan whose region is unknown reads no region's series:
    it would read the whole country's), of the statuses given."""
    regions = {t.region for t in targets if t.region}
    indicators = {t.indicator for t in targets if t.indicator} if regions else set()
    stored = store.observations(
        session,
        store.ObservationFilter(
            indicators=sorted(indicators),
            items=sorted(t.item_id for t in targets),
            regions=sorted(regions),
            statuses=statuses,
        ),
    )
    return stored + ledger_observations(session, indicators, regions)


# --- status ---------------------------------------------------------------------------------


@dataclass(slots=True)
class StatusView:
    """A plan's targets evaluated at a date: one row each, the count of each status, and the
    groups asked for (by section, lead unit, region or indicator)."""

    document: LedgerDocument = field(metadata=FLATTEN)
    as_of: date = field(default_factory=date.today)
    rows: list[Evaluation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    by: str = ""
    groups: list[track.RollupRow] = field(default_factory=list)
    region_names: dict[str, str] = field(default_factory=dict)  # org unit code → name


def status_view(
    settings: Settings,
    plan: str,
    as_of: date | None = None,
    by: str | None = None,
    statuses: Sequence[str] = store.COUNTED,
) -> StatusView:
    """Every target of the plan evaluated at ``as_of`` (today by default), counting the
    observations of ``statuses``."""
    day = as_of or date.today()

    def run(session: Any) -> StatusView:
        return status_of(session, resolve_doc(session, plan), day, by, statuses=statuses)

    view: StatusView = read_ledger(settings, run)
    return view


def status_views(
    settings: Settings,
    as_of: date | None = None,
    documents: Sequence[int] | None = None,
    statuses: Sequence[str] = store.COUNTED,
) -> list[StatusView]:
    """Every plan's targets (or the plans given) evaluated at ``as_of``, in one reading of
    the ledger: what a dashboard of all plans, or a region's report, needs."""
    day = as_of or date.today()

    def run(session: Any) -> list[StatusView]:
        docs = queries.document_list(session)
        chosen = [d for d in docs if documents is None or d.id in documents]
        return [status_of(session, d.id, day, None, d, statuses) for d in chosen]

    views: list[StatusView] = read_ledger(settings, run)
    return views


def status_of(  # noqa: PLR0913 - the plan, the day and what to count
    session: Any,
    doc_id: int,
    day: date,
    by: str | None,
    doc: LedgerDocument | None = None,
    statuses: Sequence[str] = store.COUNTED,
) -> StatusView:
    """One plan's status view read in an open session (what ``status_view`` and the web app's
    dashboard show); ``statuses`` are those of the observations that count (the web app's
    published dashboard counts approved figures only)."""
    doc, targets = targets_of(session, doc_id, doc)
    found = _observations_for(session, targets, statuses)
    rows = track.evaluate_targets(targets, found, day)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
    groups = track.rollup(rows, ROLLUP_KEYS[by]) if by else []  # type: ignore[arg-type]
    names = queries.org_unit_names(session, {r.region for r in rows})
    return StatusView(doc, day, rows, dict(counts), by or "", groups, names)


# --- import ---------------------------------------------------------------------------------


class LedgerLookups:
    """The ledger as the import checks see it (``track.Lookups``): names resolved once each,
    and the stored values of every series a file names read in one pass, on first need."""

    def __init__(self, session: Any, file: track.ImportFile | None = None) -> None:
        self.session = session
        self.file = file
        self.targets: dict[int, TrackedTarget] = {}
        self.regions: dict[str, str | None] = {}
        self.stored: dict[str, list[store.StoredValue]] | None = None
        self.by_series: dict[Series, list[store.StoredValue]] = {}

    def indicator(self, text: str) -> IndicatorInfo | None:
        return _catalog().get(normalize_subject(text))

    def region(self, text: str) -> str | None:
        if text not in self.regions:
            self.regions[text] = self._region(text.strip())
        return self.regions[text]

    def _region(self, code: str) -> str | None:
        if code.isdigit() and len(code) in (6, 12):
            full = code.ljust(12, "0")
            return full if queries.org_unit_exists(self.session, full) else None
        unit = resolve_region(code)
        return unit.code if unit else None

    def target(self, text: str) -> TrackedTarget | None:
        if not text.strip().isdigit():
            return None
        item_id = int(text)
        if item_id not in self.targets:
            doc_id = queries.item_document(self.session, item_id)
            if doc_id is None:
                return None
            for t in targets_of(self.session, doc_id)[1]:
                self.targets[t.item_id] = t
        return self.targets.get(item_id)

    def approved_value(self, series: Series, period: str) -> float | None:
        for value in self._values(series):
            if value.period == period and value.status == "approved":
                return value.value
        return None

    def series_values(self, series: Series) -> list[tuple[str, float]]:
        return [(v.period, v.value) for v in self._values(series) if v.status != "rejected"]

    def _values(self, series: Series) -> list[store.StoredValue]:
        found = self.by_series.get(series)
        if found is not None:
            return found
        if self.stored is None:  # every series the file can name, in one pass
            keys = self._file_series()
            self.stored = {key: [] for key in keys} | store.stored_series(self.session, keys)
        key = _key(series)
        if key not in self.stored:
            self.stored.update(store.stored_series(self.session, [key]) or {key: []})
        self.by_series[series] = self.stored[key]
        return self.stored[key]

    def _file_series(self) -> set[str]:
        keys: set[str] = set()
        for raw in self.file.rows if self.file else ():
            region = self.region(raw.region) if raw.region.strip() else None
            info = self.indicator(raw.indicator) if raw.indicator.strip() else None
            item = int(raw.item) if raw.item.strip().isdigit() else None
            if region and item is not None:
                keys.add(store.series_key(region, None, item))
            elif region and info:
                keys.add(store.series_key(region, info.id, None))
        return keys


def _key(series: Series) -> str:
    return store.series_key(series.region, series.indicator, series.item)


@dataclass(slots=True)
class ImportOutcome:
    """What importing one file did, or why it was refused."""

    path: Path
    saved: store.Saved = field(default_factory=store.Saved)
    refused: list[str] = field(default_factory=list)  # 文件:行:列: 原因
    error: str = ""


def import_files(  # noqa: PLR0913 - each a choice of the import command
    settings: Settings,
    paths: Sequence[Path],
    by: str | None = None,
    partial: bool = False,
    as_of: date | None = None,
    status: str = "submitted",
) -> list[ImportOutcome]:
    """Each file checked row by row and imported in one transaction: all of it, or with
    ``partial`` its good rows; a bad file is reported and the batch goes on."""
    who = by or _user()
    day = as_of or date.today()
    return [_import_one(settings, path, who, partial, day, status) for path in paths]


def _import_one(  # noqa: PLR0913 - the file and the choices of import_files
    settings: Settings, path: Path, by: str, partial: bool, day: date, status: str
) -> ImportOutcome:
    outcome = ImportOutcome(path)
    try:
        rows = track.read_rows(path)
    except PlanWatchError as exc:
        outcome.error = str(exc)
        return outcome

    def run(session: Any) -> None:
        lookups = LedgerLookups(session, rows)
        checked = track.validate_file(rows, lookups, day)
        outcome.refused = [str(p) for p in checked.problems]
        if checked.problems:
            if not partial:
                return
            bad = {p.row for p in checked.problems}
            kept = dataclasses.replace(rows, rows=[r for r in rows.rows if r.row not in bad])
            checked = track.validate_file(kept, lookups, day)
        now = datetime.now()
        for obs in checked.observations:
            obs.recorded_by, obs.recorded_at, obs.status = by, now, status  # type: ignore[assignment]
        bounds = {o.period: _bounds(o.period) for o in checked.observations}
        reason = f"导入 {path.name}"
        outcome.saved = store.save_observations(session, checked.observations, bounds, reason)

    write_ledger(settings, run)
    return outcome


def _bounds(period: str) -> tuple[date, date]:
    parsed = track.parse_period(period)
    return parsed.start, parsed.end


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "（未知）"


# --- listings ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObservationQuery:
    """The filters of ``planwatch observations``."""

    indicator: str | None = None
    region: str | None = None
    period: str | None = None
    with_plans: bool = True  # also what the plans report (baselines)


@dataclass(slots=True)
class Listing:
    """Rows of a listing with the names of the org units they name."""

    rows: list[Any]
    region_names: dict[str, str]


def list_observations(settings: Settings, q: ObservationQuery) -> Listing:
    """Stored observations (and, unless asked otherwise, the plans' own baselines)."""

    def run(session: Any) -> Listing:
        lookups = LedgerLookups(session)
        indicators: list[str] = []
        if q.indicator:
            info = lookups.indicator(q.indicator)
            if info is None:
                raise PlanWatchError(f"指标目录中没有「{q.indicator}」")
            indicators = [info.id]
        regions: list[str] = []
        if q.region:
            code = lookups.region(q.region)
            if code is None:
                raise PlanWatchError(f"没有名称含「{q.region}」的行政区划")
            regions = [code]
        period = str(track.parse_period(q.period)) if q.period else None
        found = store.observations(
            session, store.ObservationFilter(indicators, (), regions, period)
        )
        if q.with_plans:
            derived = ledger_observations(
                session,
                set(indicators) or {i.id for i in _catalog().values()},
                set(regions) or set(queries.document_regions(session)),
            )
            found += [o for o in derived if period is None or o.period == period]
        return Listing(found, queries.org_unit_names(session, {o.region for o in found}))

    listing: Listing = read_ledger(settings, run)
    return listing


def list_audit(settings: Settings, observation: int | None = None) -> Listing:
    """The audit log, oldest first."""

    def run(session: Any) -> Listing:
        entries: list[AuditEntry] = store.audit_entries(session, observation)
        return Listing(entries, queries.org_unit_names(session, {e.region for e in entries}))

    listing: Listing = read_ledger(settings, run)
    return listing


# --- templates ------------------------------------------------------------------------------


def template_views(
    settings: Settings, plan: str, unit: str | None = None, region: str | None = None
) -> list[TemplateView]:
    """The reporting templates of a plan: for one lead unit, every lead unit (``all``), or one
    region; each lists exactly the targets that unit or region reports on."""

    def run(session: Any) -> list[TemplateView]:
        doc, targets = targets_of(session, resolve_doc(session, plan))
        if region:
            code = LedgerLookups(session).region(region)
            chosen = [t for t in targets if t.region == code]
            return [_template(doc, chosen, region, code or "")]
        leads = sorted({u for t in targets for u in t.lead_units})
        names = leads if unit in (None, "all") else [u for u in leads if unit and unit in u]
        if not names:
            raise UnknownUnit(unit or "", leads)
        return [
            _template(doc, [t for t in targets if name in t.lead_units], name, "") for name in names
        ]

    views: list[TemplateView] = read_ledger(settings, run)
    return views


def _template(
    doc: LedgerDocument, targets: Sequence[TrackedTarget], unit_name: str, code: str
) -> TemplateView:
    rows = []
    names = {e["id"]: e["name"] for e in catalog_data()}
    for target in targets:
        bounds = track.value_bounds(target.unit, target.subject)
        baseline = ""
        if target.baseline is not None:
            baseline = f"{target.baseline.value:g}（{target.baseline.period}年）"
        rows.append(
            TemplateRow(
                item_id=target.item_id,
                region=target.region,
                subject=target.subject,
                quote=target.quote,
                unit=target.unit,
                value=target.value,
                relation=target.relation,
                value_max=target.value_max,
                year=target.year,
                indicator=names.get(target.indicator or "", ""),
                baseline=baseline,
                basis="running_total" if target.running_total else target.measure,
                minimum=bounds.minimum,
                maximum=bounds.maximum,
                minimum_exclusive=bounds.minimum_exclusive,
            )
        )
    start, end = doc.period_start, doc.period_end
    years = [str(y) for y in range(start, end + 1)] if start and end else []
    return TemplateView(
        title=doc.title or doc.name,
        document_id=doc.id,
        region=code or doc.org_unit_code or "",
        region_name=doc.region,
        unit_name=unit_name,
        periods=tuple(years),
        rows=tuple(rows),
        generated=date.today(),
    )
