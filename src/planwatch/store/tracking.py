"""Observations and their audit log in the ledger: written one transaction per file, every
change logged, read back as records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, insert, select, update
from sqlalchemy.orm import Session

from planwatch.records import AuditEntry, Observation
from planwatch.store.bulk import ANALYZE_AFTER, insert_rows, refresh_statistics
from planwatch.store.models import AuditRow, ObservationRow

COUNTED = ("submitted", "approved")
OBSERVATIONS = cast(Table, ObservationRow.__table__)
AUDIT_LOG = cast(Table, AuditRow.__table__)  # statuses whose figures count in an evaluation


def series_key(region: str, indicator: str | None, item: int | None) -> str:
    """One series: a region and an indicator, or a region and one target."""
    return f"{region}|{indicator or ''}|{item if item is not None else ''}"


@dataclass(frozen=True, slots=True)
class Saved:
    """What saving observations did: how many were added, changed or already there."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


BATCH = 900  # keys per IN (…) list: under SQLite's limit on bound parameters
CHUNK = 50_000  # observations turned into rows for one bulk insert


def stored_series(session: Session, keys: Iterable[str]) -> dict[str, list[StoredValue]]:
    """The observations already stored for these series, by series key (read in batches)."""
    found: dict[str, list[StoredValue]] = {}
    wanted = sorted(set(keys))
    table = OBSERVATIONS
    for n in range(0, len(wanted), BATCH):
        stmt = select(table.c.series, table.c.period, table.c.value, table.c.status, table.c.id)
        rows = session.execute(stmt.where(table.c.series.in_(wanted[n : n + BATCH])))
        for key, period, value, status, obs_id in rows:
            found.setdefault(key, []).append(StoredValue(period, value, status, obs_id))
    return found


@dataclass(frozen=True, slots=True)
class StoredValue:
    """An observation as stored: its period, value, status and id."""

    period: str
    value: float
    status: str
    id: int


def save_observations(
    session: Session,
    observations: Sequence[Observation],
    bounds: dict[str, tuple[date, date]],
    reason: str = "",
) -> Saved:
    """Insert each observation, or update the one of its series and period; every insert and
    change is written to the audit log. Inserts go in batches (one statement per batch);
    ``bounds`` gives each period's first and last day."""
    keys = [series_key(o.region, o.indicator, o.item) for o in observations]
    stored = {
        (key, s.period): s for key, values in stored_series(session, keys).items() for s in values
    }
    new: list[tuple[str, Observation]] = []
    changed: list[tuple[StoredValue, Observation]] = []
    for key, obs in zip(keys, observations, strict=True):
        found = stored.get((key, obs.period))
        if found is None:
            new.append((key, obs))
        elif (found.value, found.status) != (obs.value, obs.status):
            changed.append((found, obs))
    _insert(session, new, bounds, reason)
    for found, obs in changed:
        _update(session, found, obs, reason)
    unchanged = len(observations) - len(new) - len(changed)
    return Saved(len(new), len(changed), unchanged)


def _insert(
    session: Session,
    new: Sequence[tuple[str, Observation]],
    bounds: dict[str, tuple[date, date]],
    reason: str,
) -> None:
    """The new observations by the driver's bulk path, then their ids read back by series and
    period, then their audit entries; the rows of each statement are built a chunk at a time
    (a million observations held as row dicts at once took a gigabyte)."""
    if not new:
        return
    for part in _chunks(new):
        insert_rows(session, OBSERVATIONS, [_row(k, o, bounds[o.period]) for k, o in part])
    if len(new) >= ANALYZE_AFTER:
        refresh_statistics(session, OBSERVATIONS)
    ids = {
        (s.period, key): s.id
        for key, values in stored_series(session, {k for k, _o in new}).items()
        for s in values
    }
    for part in _chunks(new):
        audit = [_entry(ids[(o.period, k)], o, "create", None, None, reason) for k, o in part]
        insert_rows(session, AUDIT_LOG, audit)


def _chunks(rows: Sequence[tuple[str, Observation]]) -> Iterator[Sequence[tuple[str, Observation]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _row(key: str, obs: Observation, bound: tuple[date, date]) -> dict[str, Any]:
    return {
        "series": key,
        "indicator_id": obs.indicator,
        "item_id": obs.item,
        "org_unit_code": obs.region,
        "period": obs.period,
        "period_start": bound[0],
        "period_end": bound[1],
        "value": obs.value,
        "source": obs.source,
        "source_kind": obs.source_kind,
        "recorded_by": obs.recorded_by,
        "recorded_at": obs.recorded_at or datetime.now(),
        "status": obs.status,
        "note": obs.note,
    }


def _update(session: Session, found: StoredValue, obs: Observation, reason: str) -> None:
    session.execute(
        update(ObservationRow)
        .where(ObservationRow.id == found.id)
        .values(
            value=obs.value,
            status=obs.status,
            source=obs.source,
            recorded_by=obs.recorded_by,
            recorded_at=obs.recorded_at or datetime.now(),
            note=obs.note,
        )
    )
    entry = _entry(found.id, obs, "update", found.value, found.status, reason)
    session.execute(insert(AUDIT_LOG), [entry])


def _entry(  # noqa: PLR0913 - one field of the log each
    obs_id: int,
    obs: Observation,
    action: str,
    old_value: float | None,
    old_status: str | None,
    reason: str,
) -> dict[str, Any]:
    return {
        "observation_id": obs_id,
        "at": obs.recorded_at or datetime.now(),
        "by": obs.recorded_by,
        "action": action,
        "old_value": old_value,
        "new_value": obs.value,
        "old_status": old_status,
        "new_status": obs.status,
        "source": obs.source,
        "reason": reason or obs.note,
    }


# Observation field → observations column, where a column holds the field.
OBSERVATION_COLUMNS = {
    "id": "id",
    "period": "period",
    "value": "value",
    "region": "org_unit_code",
    "indicator": "indicator_id",
    "item": "item_id",
    "source": "source",
    "source_kind": "source_kind",
    "recorded_by": "recorded_by",
    "recorded_at": "recorded_at",
    "status": "status",
    "note": "note",
}


def _observation(row: Any) -> Observation:
    return Observation(**dict(zip(OBSERVATION_COLUMNS, row, strict=True)))


@dataclass(frozen=True, slots=True)
class ObservationFilter:
    """Which observations to read: all given conditions hold."""

    indicators: Sequence[str] = ()
    items: Sequence[int] = ()
    regions: Sequence[str] = ()
    period: str | None = None
    statuses: Sequence[str] = ()


def _filtered(stmt: Select[Any], f: ObservationFilter) -> Select[Any]:
    if f.indicators or f.items:
        either = []
        if f.indicators:
            either.append(ObservationRow.indicator_id.in_(list(f.indicators)))
        if f.items:
            either.append(ObservationRow.item_id.in_(list(f.items)))
        stmt = stmt.where(either[0] if len(either) == 1 else either[0] | either[1])
    if f.regions:
        stmt = stmt.where(ObservationRow.org_unit_code.in_(list(f.regions)))
    if f.period:
        stmt = stmt.where(ObservationRow.period == f.period)
    if f.statuses:
        stmt = stmt.where(ObservationRow.status.in_(list(f.statuses)))
    return stmt


def observations(session: Session, f: ObservationFilter) -> list[Observation]:
    """The stored observations passing the filter, by series and period."""
    columns = [OBSERVATIONS.c[c] for c in OBSERVATION_COLUMNS.values()]
    stmt = _filtered(select(*columns), f).order_by(
        ObservationRow.org_unit_code, ObservationRow.series, ObservationRow.period_start
    )
    return [_observation(row) for row in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries of the audit log to read: all given conditions hold. ``within`` is an
    org unit path: the entries of the units below it (a 督导's region)."""

    by: str | None = None
    action: str | None = None
    within: str | None = None
    region: str | None = None
    until: datetime | None = None


def audit_entries(
    session: Session,
    observation: int | None = None,
    since: datetime | None = None,
    f: AuditFilter = AuditFilter(),
) -> list[AuditEntry]:
    """The audit log, oldest first, with each entry's series and period."""
    from planwatch.store.models import OrgUnitRow

    stmt = (
        select(AuditRow, ObservationRow)
        .join(ObservationRow, ObservationRow.id == AuditRow.observation_id)
        .order_by(AuditRow.id)
    )
    if observation is not None:
        stmt = stmt.where(AuditRow.observation_id == observation)
    if since is not None:
        stmt = stmt.where(AuditRow.at >= since)
    if f.until is not None:
        stmt = stmt.where(AuditRow.at < f.until)
    if f.by:
        stmt = stmt.where(AuditRow.by == f.by)
    if f.action:
        stmt = stmt.where(AuditRow.action == f.action)
    if f.region:
        stmt = stmt.where(ObservationRow.org_unit_code == f.region)
    if f.within:
        stmt = stmt.join(OrgUnitRow, OrgUnitRow.code == ObservationRow.org_unit_code).where(
            OrgUnitRow.path.startswith(f.within, autoescape=True)
        )
    return [
        AuditEntry(
            id=a.id,
            observation_id=a.observation_id,
            at=a.at,
            by=a.by,
            action=a.action,
            old_value=a.old_value,
            new_value=a.new_value,
            old_status=a.old_status,
            new_status=a.new_status,
            source=a.source,
            reason=a.reason,
            region=o.org_unit_code,
            indicator=o.indicator_id,
            item=o.item_id,
            period=o.period,
        )
        for a, o in session.execute(stmt)
    ]


# --- the web app's review: one observation, its status changed ------------------------------


def observation_by_id(session: Session, obs_id: int) -> tuple[Observation, str] | None:
    """An observation and the path of its org unit (for the reader's region), or None."""
    from planwatch.store.models import OrgUnitRow

    columns = [OBSERVATIONS.c[c] for c in OBSERVATION_COLUMNS.values()]
    stmt = (
        select(*columns, OrgUnitRow.path)
        .join(OrgUnitRow, OrgUnitRow.code == ObservationRow.org_unit_code)
        .where(ObservationRow.id == obs_id)
    )
    row = session.execute(stmt).first()
    return (_observation(row[:-1]), row[-1]) if row else None


def observation_at(session: Session, key: str, period: str) -> Observation | None:
    """The observation of a series and a period, if any."""
    columns = [OBSERVATIONS.c[c] for c in OBSERVATION_COLUMNS.values()]
    stmt = select(*columns).where(ObservationRow.series == key, ObservationRow.period == period)
    row = session.execute(stmt).first()
    return _observation(row) if row else None


def change_status(  # noqa: PLR0913 - the observation, the change, who and why
    session: Session, obs: Observation, status: str, action: str, by: str, reason: str
) -> None:
    """Set an observation's status and log it (submit, approve, reject): the value stays.
    The update only applies while the status is still the one read (a second approval of
    the same figure at the same moment changes nothing and logs nothing)."""
    assert obs.id is not None
    done = session.execute(
        update(ObservationRow)
        .where(ObservationRow.id == obs.id, ObservationRow.status == obs.status)
        .values(status=status)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        return
    now = datetime.now()
    entry = {
        "observation_id": obs.id,
        "at": now,
        "by": by,
        "action": action,
        "old_value": obs.value,
        "new_value": obs.value,
        "old_status": obs.status,
        "new_status": status,
        "source": obs.source,
        "reason": reason,
    }
    session.execute(insert(AUDIT_LOG), [entry])


def observations_within(
    session: Session, path: str, statuses: Sequence[str], limit: int = 500
) -> list[Observation]:
    """Observations of the org units within a path (a 督导's region), of these statuses,
    newest first."""
    from planwatch.store.models import OrgUnitRow

    columns = [OBSERVATIONS.c[c] for c in OBSERVATION_COLUMNS.values()]
    stmt = (
        select(*columns)
        .join(OrgUnitRow, OrgUnitRow.code == ObservationRow.org_unit_code)
        .where(OrgUnitRow.path.startswith(path, autoescape=True))
        .where(ObservationRow.status.in_(list(statuses)))
        .order_by(ObservationRow.recorded_at.desc(), ObservationRow.id.desc())
        .limit(limit)
    )
    return [_observation(row) for row in session.execute(stmt)]
