"""track stage: observations read and checked, targets evaluated against them (no database).

- ``read_rows(path)``: a progress file (.csv, .xlsx, a filled template) → ``ImportFile``;
- ``validate_file(file, lookups, as_of)``: its rows checked → observations, or problems;
- ``evaluate_target(target, observations, as_of, milestones)``: one target's ``Evaluation``;
  ``evaluate_targets`` for many, ``rollup`` to count statuses by section, unit or region;
- ``measure_of(subject, text_around, unit)``: whether a target is a level or a cumulative count;
- ``parse_period(text)``: 2022, 2022Q3, 2022-09 and their Chinese forms.
"""

from planwatch.track.evaluate import THRESHOLDS, evaluate_target, meets
from planwatch.track.forecast import Forecast, forecast
from planwatch.track.measure import measure_of
from planwatch.track.model import (
    STATUS_LABELS,
    Baseline,
    Evaluation,
    Observation,
    TrackedTarget,
)
from planwatch.track.period import Period, parse_period
from planwatch.track.problems import BadPeriod, ImportProblem, ImportRefused
from planwatch.track.read import read_rows, template_key
from planwatch.track.rollup import RollupRow, evaluate_targets, rollup, stage_milestones
from planwatch.track.rows import ImportFile, ImportRow
from planwatch.track.validate import (
    Checked,
    IndicatorInfo,
    Lookups,
    Series,
    validate_file,
    value_bounds,
)

__all__ = [
    "STATUS_LABELS",
    "THRESHOLDS",
    "BadPeriod",
    "Baseline",
    "Checked",
    "Evaluation",
    "Forecast",
    "ImportFile",
    "ImportProblem",
    "ImportRefused",
    "ImportRow",
    "IndicatorInfo",
    "Lookups",
    "Observation",
    "Period",
    "RollupRow",
    "Series",
    "TrackedTarget",
    "evaluate_target",
    "evaluate_targets",
    "forecast",
    "measure_of",
    "meets",
    "parse_period",
    "read_rows",
    "rollup",
    "stage_milestones",
    "template_key",
    "validate_file",
    "value_bounds",
]
