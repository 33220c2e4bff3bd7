"""Use cases of data entry on the web: a reporter's figures checked by the same rules as
``planwatch import`` and saved with the same audit log, within its region and assignments;
a 督导's approval or rejection; the reporter's list of targets and the 督导's review list.

Every function takes the account doing it and runs in one transaction (``write``, the web
app's ``WebLedger.write``): a refusal writes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planwatch import track
from planwatch.errors import Conflict, Forbidden, ImportRefused, PlanWatchError
from planwatch.records import STATUS_LABELS, Account, Item, Observation, TrackedTarget
from planwatch.services import tracking
from planwatch.store import accounts as store_accounts
from planwatch.store import queries
from planwatch.store import tracking as store
from planwatch.track.rows import FIELD_LABELS, RowFields

Runner = Callable[[Callable[[Any], Any]], Any]
WRITERS = ("reporter", "admin")
REVIEWERS = ("supervisor", "admin")
EDITABLE = ("draft", "rejected")  # statuses a reporter may still change
PREVIEWED = ("draft", "submitted", "approved")  # what the reporter's own preview counts


class UnknownObservation(PlanWatchError):
    def __init__(self, obs_id: int) -> None:
        super().__init__(f"没有编号为 {obs_id} 的监测数据")


Entry = RowFields  # one figure as a form or the API sends it: the csv's fields, as text


def entry_file(entries: Sequence[Entry], name: str) -> track.ImportFile:
    """Entries as the rows of an import file, so that ``validate_file`` checks them: a
    problem names the row (the form's line, 1 for the API) and the field in Chinese."""
    columns: dict[str, str] = {f: label for f, label in FIELD_LABELS.items()}
    rows = [
        track.ImportRow(file=name, row=n, columns=columns, **dataclasses.asdict(e))
        for n, e in enumerate(entries, start=1)
    ]
    return track.ImportFile(file=name, header_row=0, columns=columns, rows=rows)


def _check_scope(session: Any, account: Account, obs: Observation, where: str) -> None:
    """Refused unless the figure's org unit lies within the account's region and (for a
    reporter) the target or indicator is one the responsibility matrix assigns to it."""
    path = store_accounts.unit_path(session, obs.region) or ""
    if not account.covers(path):
        raise Forbidden(f"{where}：地区「{obs.region}」不在账户「{account.name}」的范围内")
    if account.role == "admin":
        return
    assigned = store_accounts.assigned_items(session, account.org_path)
    if obs.item is not None:
        ok = obs.item in assigned
    else:
        ok = obs.indicator in store_accounts.item_indicators(session, assigned)
    if not ok:
        what = f"目标 {obs.item}" if obs.item is not None else f"指标「{obs.indicator}」"
        raise Forbidden(f"{where}：{what}不是分配给「{account.org_name}」填报的目标")


def save_entries(  # noqa: PLR0913 - who, what, and how it came
    write: Runner,
    account: Account,
    file: track.ImportFile,
    status: str = "draft",
    kind: str = "api",
    today: date | None = None,
    editing: int | None = None,
) -> list[Observation]:
    """Check the rows by ``planwatch import``'s rules (ImportRefused names every problem),
    then the account's scope (Forbidden), then that no figure was already submitted or
    approved (Conflict); save them all, audited under the account's name, or none.
    ``editing``: the one row must be that stored observation's (``PUT``)."""
    if account.role not in WRITERS:
        raise Forbidden(f"账户「{account.name}」（{account.role_name}）不能填报数据")
    day = today or date.today()

    def run(session: Any) -> list[Observation]:
        checked = track.validate_file(file, tracking.LedgerLookups(session, file), day)
        if checked.problems:
            raise ImportRefused(file.file, checked.problems)
        now, keys = datetime.now(), []
        for n, obs in enumerate(checked.observations, start=1):
            where = f"{file.file} 第{n}行" if len(checked.observations) > 1 else file.file
            _check_scope(session, account, obs, where)
            key = store.series_key(obs.region, obs.indicator, obs.item)
            stored = store.observation_at(session, key, obs.period)
            if stored is not None and stored.status not in EDITABLE:
                raise Conflict(f"{where}：该数据已{_status_name(stored.status)}，不能再修改")
            if editing is not None and (stored is None or stored.id != editing):
                raise PlanWatchError("不能修改已有数据的指标、目标、地区或期间（请新建一条）")
            obs.recorded_by, obs.recorded_at = account.name, now
            obs.status, obs.source_kind = status, kind  # type: ignore[assignment]
            keys.append((key, obs.period))
        bounds = {o.period: tracking._bounds(o.period) for o in checked.observations}
        store.save_observations(session, checked.observations, bounds, f"{_KIND[kind]}填报")
        return [store.observation_at(session, k, p) for k, p in keys]  # type: ignore[misc]

    saved: list[Observation] = write(run)
    return saved


_KIND = {"api": "接口", "person": "网页", "file": "上传文件"}


def _status_name(status: str) -> str:
    from planwatch.present.tracking import OBSERVATION_STATUS_NAMES

    return OBSERVATION_STATUS_NAMES.get(status, status)


def edit_draft(
    write: Runner, account: Account, obs_id: int, entry: Entry, today: date | None = None
) -> Observation:
    """``PUT``: a new value (source, note) for a draft or rejected figure of the account's;
    its indicator or target, region and period stay."""

    def current(session: Any) -> Observation:
        return _owned(session, account, obs_id)

    obs: Observation = write(current)
    file = entry_file([entry], "接口")
    return save_entries(write, account, file, "draft", "api", today, editing=obs.id)[0]


def _owned(session: Any, account: Account, obs_id: int) -> Observation:
    found = store.observation_by_id(session, obs_id)
    if found is None:
        raise UnknownObservation(obs_id)
    obs, path = found
    if not account.covers(path):
        raise Forbidden(f"监测数据 {obs_id} 不在账户「{account.name}」的范围内")
    return obs


def submit(write: Runner, account: Account, obs_id: int) -> Observation:
    """A draft (or rejected) figure sent to the 督导 for approval."""
    if account.role not in WRITERS:
        raise Forbidden(f"账户「{account.name}」（{account.role_name}）不能报送数据")

    def run(session: Any) -> Observation:
        obs = _owned(session, account, obs_id)
        _check_scope(session, account, obs, f"监测数据 {obs_id}")
        if obs.status not in EDITABLE:
            raise Conflict(f"监测数据 {obs_id} 已{_status_name(obs.status)}，不能再报送")
        store.change_status(session, obs, "submitted", "submit", account.name, "报送")
        return _owned(session, account, obs_id)

    done: Observation = write(run)
    return done


def review(
    write: Runner, account: Account, obs_id: int, approve: bool, reason: str = ""
) -> Observation:
    """The 督导's decision on a submitted figure within its region: approved, or rejected
    with a reason. Nobody approves figures recorded under their own name."""
    if account.role not in REVIEWERS:
        raise Forbidden(f"账户「{account.name}」（{account.role_name}）不能审核数据")
    reason = reason.strip()
    if not approve and not reason:
        raise PlanWatchError("驳回须写明原因")
    if len(reason) > 500:
        raise PlanWatchError("原因至多 500 个字符")

    def run(session: Any) -> Observation:
        obs = _owned(session, account, obs_id)
        if obs.recorded_by == account.name:
            raise Forbidden(f"不能审核自己填报的数据（监测数据 {obs_id}）")
        if obs.status != "submitted":
            raise Conflict(f"监测数据 {obs_id} {_status_name(obs.status)}，只能审核已报送的数据")
        status, action = ("approved", "approve") if approve else ("rejected", "reject")
        store.change_status(session, obs, status, action, account.name, reason or "审核通过")
        return _owned(session, account, obs_id)

    done: Observation = write(run)
    return done


# --- what the pages list ----------------------------------------------------------------------


@dataclass(slots=True)
class AssignedTarget:
    """A target the reporter reports on, with the figure stored for the period asked."""

    target: TrackedTarget
    plan: str
    stored: Observation | None = None
    preview: str = ""  # its status today counting drafts and submitted figures too


@dataclass(slots=True)
class EntryView:
    """A reporter's form: its targets for one period, and the periods it may choose."""

    account: Account
    period: str
    periods: list[str]
    rows: list[AssignedTarget] = field(default_factory=list)


def entry_view(read: Runner, account: Account, period: str) -> EntryView:
    """The targets assigned to the account (in its region) with what is stored for
    ``period`` (a year): the form the reporter fills."""
    parsed = str(track.parse_period(period))

    def run(session: Any) -> EntryView:
        assigned = store_accounts.assigned_items(session, account.org_path)
        rows: list[AssignedTarget] = []
        for doc_id in sorted(store_accounts.item_documents(session, assigned)):
            doc, targets = tracking.targets_of(session, doc_id)
            preview = tracking.status_of(session, doc_id, date.today(), None, doc, PREVIEWED)
            labels = {r.item_id: STATUS_LABELS[r.status] for r in preview.rows}
            for t in targets:
                if t.item_id not in assigned:
                    continue
                key = store.series_key(t.region, t.indicator, t.item_id)
                stored = store.observation_at(session, key, parsed)
                row = AssignedTarget(t, doc.title or doc.name, stored, labels.get(t.item_id, ""))
                rows.append(row)
        this_year = date.today().year
        periods = [str(y) for y in range(this_year, this_year - 6, -1)]
        return EntryView(account, parsed, periods, rows)

    view: EntryView = read(run)
    return view


@dataclass(slots=True)
class ReviewRow:
    """A submitted figure beside the previous period's and the targets it counts toward."""

    observation: Observation
    previous: Observation | None
    region_name: str
    targets: list[Item] = field(default_factory=list)


def review_view(read: Runner, account: Account, statuses: Sequence[str]) -> list[ReviewRow]:
    """The figures of the 督导's region in these statuses, each with its previous period."""

    def run(session: Any) -> list[ReviewRow]:
        seen: dict[tuple[str | None, str, int | None], list[Item]] = {}
        found = store.observations_within(session, account.region_path, statuses)
        names = queries.org_unit_names(session, {o.region for o in found})
        rows = []
        for obs in found:
            key = store.series_key(obs.region, obs.indicator, obs.item)
            series = store.stored_series(session, [key]).get(key, [])
            earlier = [s for s in series if s.period < obs.period and s.status == "approved"]
            previous = None
            if earlier:
                last = max(earlier, key=lambda s: s.period)
                previous = Observation(period=last.period, value=last.value, region=obs.region)
            mine = targets_for(session, obs, seen)
            rows.append(ReviewRow(obs, previous, names.get(obs.region, obs.region), mine))
        return rows

    view: list[ReviewRow] = read(run)
    return view


def targets_for(
    session: Any, obs: Observation, seen: dict[tuple[str | None, str, int | None], list[Item]]
) -> list[Item]:
    """The targets a figure counts toward: the target it names, else its region's plans'
    targets of its indicator (looked up once per indicator and region)."""
    key = (obs.indicator, obs.region, obs.item)
    if key not in seen:
        if obs.item is not None:
            doc_id = queries.item_document(session, obs.item)
            items = queries.item_list(session, queries.ItemFilter(document_id=doc_id))
            seen[key] = [i for i in items if i.id == obs.item and doc_id is not None]
        else:
            wanted = queries.ItemFilter(
                indicator=obs.indicator, region_codes=frozenset({obs.region}), kind="target"
            )
            seen[key] = queries.item_list(session, wanted)
    return seen[key]


def upload_file(path: Path, name: str) -> track.ImportFile:
    """An uploaded csv or filled template read as ``planwatch import`` reads it."""
    file = track.read_rows(path)
    file.file = name
    for row in file.rows:
        row.file = name
    return file


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What the audit page and ``GET /api/audit`` filter by (each optional)."""

    by: str | None = None
    action: str | None = None
    region: str | None = None
    since: date | None = None
    until: date | None = None


def audit_view(read: Runner, account: Account, q: AuditQuery) -> tracking.Listing:
    """The audit log of the account's region (all of it for an admin), filtered, oldest
    first, with the names of the org units it names; a reporter reads its own entries."""
    from datetime import time, timedelta

    start = datetime.combine(q.since, time()) if q.since else None
    end = datetime.combine(q.until + timedelta(days=1), time()) if q.until else None
    by = account.name if account.role == "reporter" else q.by

    def run(session: Any) -> tracking.Listing:
        code = tracking.LedgerLookups(session).region(q.region) if q.region else None
        if q.region and code is None:
            raise PlanWatchError(f"没有名称含「{q.region[:100]}」的行政区划")
        within = None if account.role == "admin" else account.region_path
        f = store.AuditFilter(by or None, q.action or None, within, code, end)
        entries = store.audit_entries(session, None, start, f)
        names = queries.org_unit_names(session, {e.region for e in entries})
        return tracking.Listing(entries, names)

    found: tracking.Listing = read(run)
    return found
