"""Import rows checked before anything is written: every problem names the file, row and column.

``validate_file(file, lookups, as_of)`` returns the observations of a clean file, or the
problems of a bad one (``文件:行:列: 原因``), never half of each: the caller imports all rows
or none. The checks are tables — ``HEADER_RULES`` and ``ROW_RULES`` (``track.row_rules``),
``SERIES_RULES`` (``track.series_rules``) — each rule with its code, the field it names, why
it exists and a value it refuses. The ledger is read through the ``Lookups`` protocol
(``track.lookups``), so the checks need no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.track.lookups import Context, IndicatorInfo, Lookups, RowFacts, Series, resolve_row
from planwatch.track.model import Observation
from planwatch.track.problems import ImportProblem, ImportRefused
from planwatch.track.row_rules import HEADER_RULES, ROW_RULES
from planwatch.track.rows import Field, ImportFile, ImportRow
from planwatch.track.series_rules import SERIES_RULES, Seen
from planwatch.track.values import Bounds, ParsedValue, parse_value, value_bounds

__all__ = [
    "HEADER_RULES",
    "ROW_RULES",
    "SERIES_RULES",
    "Bounds",
    "Checked",
    "IndicatorInfo",
    "Lookups",
    "ParsedValue",
    "Series",
    "parse_value",
    "validate_file",
    "value_bounds",
]


@dataclass(slots=True)
class Checked:
    """The outcome of checking a file: its observations when clean, else its problems."""

    file: str
    observations: list[Observation]
    problems: list[ImportProblem]

    def raise_if_refused(self) -> None:
        """Raise ImportRefused (all the problems) when any row is bad."""
        if self.problems:
            raise ImportRefused(self.file, self.problems)


def _problem(raw: ImportRow, name: Field, reason: str, kind: str) -> ImportProblem:
    return ImportProblem(raw.file, raw.row, raw.column(name), reason, kind)


def _row_problems(row: RowFacts, context: Context) -> list[ImportProblem]:
    found = []
    for rule in ROW_RULES:
        reason = rule.check(row, context)
        if reason:
            found.append(_problem(row.raw, rule.field, reason, rule.kind))
    return found


def _series_problems(row: RowFacts, seen: Seen, context: Context) -> list[ImportProblem]:
    found = []
    for rule in SERIES_RULES:
        reason = rule.check(row, seen, context)
        if reason:
            found.append(_problem(row.raw, rule.field, reason, rule.kind))
    return found


def _observation(row: RowFacts) -> Observation:
    assert row.region is not None and row.period is not None and row.value is not None
    raw = row.raw
    indicator = (
        row.indicator.id if row.indicator else (row.target.indicator if row.target else None)
    )
    return Observation(
        period=str(row.period),
        value=row.value.value,
        region=row.region,
        indicator=indicator,
        item=row.target.item_id if row.target else None,
        source=raw.source.strip() or f"{raw.file}:{raw.row}",
        source_kind="file",
        note=raw.note.strip(),
    )


def validate_file(file: ImportFile, lookups: Lookups, as_of: date) -> Checked:
    """Check every row of a file read by ``track.read``; observations only if all are clean.

    ``as_of`` is the day of the import: no period may begin after it.
    """
    header = [
        ImportProblem(file.file, file.header_row, letter, reason, rule.kind)
        for rule in HEADER_RULES
        for letter, reason in rule.check(file)
    ]
    if any(p.kind == "missing_header" for p in header):
        return Checked(file.file, [], header)
    context, seen = Context(lookups, as_of), Seen()
    problems, observations = list(header), []
    for raw in file.rows:
        row = resolve_row(raw, context)
        found = _row_problems(row, context)
        if not found and row.series is not None:
            found = _series_problems(row, seen, context)
            if not found:
                seen.add(row)
        problems += found
        if not found:
            observations.append(_observation(row))
    return Checked(file.file, observations if not problems else [], problems)
