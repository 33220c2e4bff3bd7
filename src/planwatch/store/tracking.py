"""Observations and their audit log in the ledger: written one transaction per file, every
change logged, read back as records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, insert, select, update
from sqlalchemy.orm import Session

from planwatch.records import AuditEntry, Observation
from planwatch.store.models import AuditRow, ObservationRow

COUNTED = ("submitted", "approved")  # statuses whose figures count in an evaluation


def series_key(region: str, indicator: str | None, item: int | None) -> str:
    """One series: a region and an indicator, or a region and one target."""
    return f"{region}|{indicator or ''}|{item if item is not None else ''}"


@dataclass(frozen=True, slots=True)
class Saved:
    """What saving observations did: how many were added, changed or already there."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


def save_observations(
    session: Session,
    observations: Iterable[Observation],
    bounds: dict[str, tuple[date, date]],
    reason: str = "",
) -> Saved:
    """Insert each observation, or update the one of its series and period; every insert and
    change is written to the audit log. ``bounds`` gives each period's first and last day."""
    added = updated = unchanged = 0
    for obs in observations:
        key = series_key(obs.region, obs.indicator, obs.item)
        found = session.execute(
            select(ObservationRow.id, ObservationRow.value, ObservationRow.status).where(
                ObservationRow.series == key, ObservationRow.period == obs.period
            )
        ).first()
        now = obs.recorded_at or datetime.now()
        if found is None:
            start, end = bounds[obs.period]
            obs_id = session.execute(
                insert(ObservationRow)
                .values(
                    series=key,
                    indicator_id=obs.indicator,
                    item_id=obs.item,
                    org_unit_code=obs.region,
                    period=obs.period,
                    period_start=start,
                    period_end=end,
                    value=obs.value,
                    source=obs.source,
                    source_kind=obs.source_kind,
                    recorded_by=obs.recorded_by,
                    recorded_at=now,
                    status=obs.status,
                    note=obs.note,
                )
                .returning(ObservationRow.id)
            ).scalar_one()
            _log(session, obs_id, obs, "create", None, None, now, reason)
            added += 1
        elif (found.value, found.status) == (obs.value, obs.status):
            unchanged += 1
        else:
            session.execute(
                update(ObservationRow)
                .where(ObservationRow.id == found.id)
                .values(
                    value=obs.value,
                    status=obs.status,
                    source=obs.source,
                    recorded_by=obs.recorded_by,
                    recorded_at=now,
                    note=obs.note,
                )
            )
            _log(session, found.id, obs, "update", found.value, found.status, now, reason)
            updated += 1
    return Saved(added, updated, unchanged)


def _log(  # noqa: PLR0913 - one field of the log each
    session: Session,
    obs_id: int,
    obs: Observation,
    action: str,
    old_value: float | None,
    old_status: str | None,
    at: datetime,
    reason: str,
) -> None:
    session.execute(
        insert(AuditRow).values(
            observation_id=obs_id,
            at=at,
            by=obs.recorded_by,
            action=action,
            old_value=old_value,
            new_value=obs.value,
            old_status=old_status,
            new_status=obs.status,
            source=obs.source,
            reason=reason or obs.note,
        )
    )


def _observation(row: ObservationRow) -> Observation:
    return Observation(
        id=row.id,
        period=row.period,
        value=row.value,
        region=row.org_unit_code,
        indicator=row.indicator_id,
        item=row.item_id,
        source=row.source,
        source_kind=row.source_kind,  # type: ignore[arg-type]
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        status=row.status,  # type: ignore[arg-type]
        note=row.note,
    )


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
    stmt = _filtered(select(ObservationRow), f).order_by(
        ObservationRow.org_unit_code, ObservationRow.series, ObservationRow.period_start
    )
    return [_observation(row) for row in session.scalars(stmt)]


def series_values(session: Session, key: str) -> list[tuple[str, float, str]]:
    """(period, value, status) of a series' observations that are not rejected."""
    stmt = (
        select(ObservationRow.period, ObservationRow.value, ObservationRow.status)
        .where(ObservationRow.series == key, ObservationRow.status != "rejected")
        .order_by(ObservationRow.period_start)
    )
    return [(p, v, s) for p, v, s in session.execute(stmt)]


def audit_entries(
    session: Session, observation: int | None = None, since: datetime | None = None
) -> list[AuditEntry]:
    """The audit log, oldest first, with each entry's series and period."""
    stmt = (
        select(AuditRow, ObservationRow)
        .join(ObservationRow, ObservationRow.id == AuditRow.observation_id)
        .order_by(AuditRow.id)
    )
    if observation is not None:
        stmt = stmt.where(AuditRow.observation_id == observation)
    if since is not None:
        stmt = stmt.where(AuditRow.at >= since)
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
