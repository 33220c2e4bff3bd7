"""Many targets at once: stage milestones recognised, a plan evaluated, statuses counted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planwatch.track.evaluate import evaluate_target
from planwatch.track.model import Evaluation, Observation, StatusCode, TrackedTarget

__all__ = ["UNNAMED", "RollupKey", "RollupRow", "evaluate_targets", "rollup", "stage_milestones"]


def stage_milestones(targets: Iterable[TrackedTarget]) -> dict[int, list[TrackedTarget]]:
    """The stage milestones (分阶段目标) of each target: the same plan, indicator and region at
    other years (96% for 2018, 96.5% for 2019, 97% for 2020). Targets without stages are absent.

    Targets with an indicator group by it; the others by their subject. Look-back targets of
    earlier plans never form stages of the document that records them.
    """
    groups: dict[tuple[int, str, str, str], list[TrackedTarget]] = defaultdict(list)
    for target in targets:
        if target.year is None or target.previous_plan:
            continue
        series = target.indicator or f"subject:{target.subject}"
        groups[(target.document_id, series, target.region, target.measure)].append(target)
    stages: dict[int, list[TrackedTarget]] = {}
    for group in groups.values():
        if len({t.year for t in group}) < 2:
            continue
        for target in group:
            stages[target.item_id] = [t for t in group if t.year != target.year]
    return stages


def evaluate_targets(
    targets: Sequence[TrackedTarget], observations: Iterable[Observation], as_of: date
) -> list[Evaluation]:
    """Every target evaluated at ``as_of``, stages recognised, each with its own series."""
    by_item: dict[tuple[str, int], list[Observation]] = defaultdict(list)
    by_indicator: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        if obs.item is not None:
            by_item[(obs.region, obs.item)].append(obs)
        elif obs.indicator is not None:
            by_indicator[(obs.region, obs.indicator)].append(obs)
    stages = stage_milestones(targets)
    results = []
    for target in targets:
        own = by_item.get((target.region, target.item_id), [])
        shared = by_indicator.get((target.region, target.indicator or ""), [])
        milestones = stages.get(target.item_id, [])
        results.append(evaluate_target(target, [*own, *shared], as_of, milestones))
    return results


RollupKey = Literal["section", "task", "lead", "region", "indicator"]
UNNAMED = "（未注明）"


@dataclass(slots=True)
class RollupRow:
    """How many targets of one group (a section, task, lead unit, region or indicator) are in
    each status."""

    group: str
    counts: dict[StatusCode, int]
    total: int


def _groups(evaluation: Evaluation, key: RollupKey) -> list[str]:
    if key == "lead":
        return list(dict.fromkeys(evaluation.lead_units)) or [UNNAMED]
    value = {
        "section": evaluation.section,
        "task": evaluation.task,
        "region": evaluation.region,
        "indicator": evaluation.indicator or "",
    }[key]
    return [value or UNNAMED]


def rollup(evaluations: Iterable[Evaluation], key: RollupKey) -> list[RollupRow]:
    """Status counts by section, task, lead unit, region or indicator, groups in name order.

    A target with several lead units counts once for each of them.
    """
    rows: dict[str, RollupRow] = {}
    for evaluation in evaluations:
        for group in _groups(evaluation, key):
            row = rows.setdefault(group, RollupRow(group, {}, 0))
            row.counts[evaluation.status] = row.counts.get(evaluation.status, 0) + 1
            row.total += 1
    return [rows[name] for name in sorted(rows)]
