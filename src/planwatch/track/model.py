"""The records of progress tracking, defined in ``planwatch.records`` and gathered here
for the track stage: observations, the targets they are judged against, evaluations."""

from __future__ import annotations

from planwatch.records import (
    STATUS_LABELS,
    Anticipated,
    Baseline,
    Direction,
    Evaluation,
    Measure,
    Observation,
    ObservationStatus,
    SourceKind,
    StatusCode,
    TrackedTarget,
)
from planwatch.track.period import Period, parse_period

__all__ = [
    "STATUS_LABELS",
    "Anticipated",
    "Baseline",
    "Direction",
    "Evaluation",
    "Measure",
    "Observation",
    "ObservationStatus",
    "Period",
    "SourceKind",
    "StatusCode",
    "TrackedTarget",
    "parse_period",
]
