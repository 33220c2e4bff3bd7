"""Coverage: which tasks and targets of a higher plan the plans implementing it take up.

Targets are matched by indicator (the same catalog indicator in the lower plan), and
targets without one and qualitative tasks by text similarity: the cosine of TF-IDF weighted
character bigrams (scikit-learn), fitted once on the texts of the higher plan and all the
lower plans compared with it, so that the words every task uses (推进, 建设, 教育) weigh little
and the words of one task weigh much (a lower plan's scores thus shift a little with the other
lower plans compared).

A task's score against a lower task is the larger of its title similarity and its body
similarity: a city may keep a provincial task's title and rewrite its body, or the reverse
(seeds 003 and 001: the bodies of the twelve tasks with the same title meet at 0.17–0.8,
median 0.61, while 95% of the other pairs stay under 0.1). A task is 已承接 (covered)
when its best match scores at least ``COVERED_AT``, 部分承接 (partly covered) from
``PARTIAL_AT``, else 未承接 (a target's subject, being short, from ``SUBJECT_COVERED_AT``
and ``SUBJECT_PARTIAL_AT``). A task whose figures link to indicators the lower plan sets
targets for is raised one step. A heading that groups tasks (the eight 工程 of a 三年行动计划)
is covered when all its tasks are, partly when some are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.analyze.cascade import (
    CONSISTENT,
    WEAKER,
    PlanIndex,
    bound,
    cascade_pairs,
    is_weaker,
)
from planwatch.analyze.plans import RATE_UNITS, Plan, PlanTask
from planwatch.records import Indicator, Item

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not_covered"
COVERED_AT, PARTIAL_AT = 0.4, 0.2
# A target's subject is a few words (新建公办幼儿园): one shared word weighs more, so the bar
# is higher (seeds 003 and 001: 新建城乡公办幼儿园 → 新建公办幼儿园 0.58, 示范幼儿园 →
# 新建公办幼儿园 0.29, 中小学接入宽带网络 → 优质中小学 0.29).
SUBJECT_COVERED_AT, SUBJECT_PARTIAL_AT = 0.5, 0.3
_UNIT_LINES = re.compile(r"(?:牵头|配合|责任|组织实施|具体实施)单位[：:][^\n]*")


@dataclass(frozen=True, slots=True)
class TaskMatch:
    """A higher task and the lower plan's task that takes it up best."""

    task: PlanTask
    lower: Plan
    match: PlanTask | None
    score: float
    status: str
    indicators: tuple[str, ...] = ()  # the task's indicators the lower plan also sets targets for


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """A higher target and the lower plan's targets that take it up."""

    item: Item
    lower: Plan
    matches: tuple[Item, ...]
    how: str  # 指标 / 文字 / ""
    status: str
    verdict: str = ""  # consistent / weaker (cascade.VERDICT_NAMES) for comparable rates
    score: float = 1.0  # the subject similarity, for a match by text


@dataclass(frozen=True, slots=True)
class SectionCoverage:
    """A heading of the higher plan (一个工程) and how much of it a lower plan takes up."""

    section: str
    lower: Plan
    tasks: int
    covered: int
    partial: int
    status: str


@dataclass(slots=True)
class Coverage:
    """How the plans implementing a higher plan take up its tasks and targets."""

    higher: Plan
    lowers: list[Plan]
    tasks: list[TaskMatch] = field(default_factory=list)
    targets: list[TargetMatch] = field(default_factory=list)
    sections: list[SectionCoverage] = field(default_factory=list)


def task_totals(cov: Coverage) -> list[tuple[PlanTask, dict[str, int]]]:
    """Each higher task with how many lower plans cover it, partly cover it, or do not:
    which provincial tasks has no city plan taken up?"""
    totals: dict[int, tuple[PlanTask, dict[str, int]]] = {}
    for m in cov.tasks:
        _task, counts = totals.setdefault(
            m.task.id, (m.task, dict.fromkeys((COVERED, PARTIAL, NOT_COVERED), 0))
        )
        counts[m.status] += 1
    return list(totals.values())


def status_of(score: float, covered: float = COVERED_AT, partial: float = PARTIAL_AT) -> str:
    if score >= covered:
        return COVERED
    return PARTIAL if score >= partial else NOT_COVERED


class TextSpace:
    """TF-IDF vectors (character bigrams, rows of unit length) of groups of texts, the weights
    fitted on all the groups at once: one fit serves a higher plan and all its lower plans.
    The texts come in simplified characters (services.analysis.load_plans)."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.sizes = [len(g) for g in groups]
        self.rows: list[Any] = []  # stays empty when no text holds two characters
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True)
        try:
            matrix = vectorizer.fit_transform([t for g in groups for t in g])
        except ValueError:  # sklearn: "empty vocabulary"
            return
        at = 0
        for size in self.sizes:
            self.rows.append(matrix[at : at + size])
            at += size

    def cosine(self, left: int, right: int) -> Any:
        """The cosine of every text of group ``left`` with every text of group ``right``."""
        import numpy as np

        if not self.rows or not self.sizes[left] or not self.sizes[right]:
            return np.zeros((self.sizes[left], self.sizes[right]))
        return (self.rows[left] @ self.rows[right].T).toarray()


def task_body(task: PlanTask) -> str:
    """A task's words for matching: its body without the lines naming its units."""
    return _UNIT_LINES.sub("", task.body)


def coverage(
    higher: Plan,
    lowers: Sequence[Plan],
    catalog: Mapping[str, Indicator],
) -> Coverage:
    """The coverage of the higher plan's tasks and targets by each lower plan."""
    import numpy as np

    out = Coverage(higher, list(lowers))
    plans = [higher, *lowers]
    titles = TextSpace([[t.title for t in p.tasks] for p in plans])
    bodies = TextSpace([[task_body(t) for t in p.tasks] for p in plans])
    loose = [t for t in higher.targets if not t.indicator]
    subjects = TextSpace(
        [[t.subject for t in loose]] + [[t.subject for t in p.targets] for p in lowers]
    )
    for n, lower in enumerate(lowers, start=1):
        scores = np.maximum(titles.cosine(0, n), bodies.cosine(0, n))
        matches = _task_matches(higher, lower, scores)
        out.tasks += matches
        out.sections += _sections(matches, lower)
        out.targets += _target_matches(higher, lower, catalog, subjects.cosine(0, n))
    return out


def _task_matches(higher: Plan, lower: Plan, scores: Any) -> list[TaskMatch]:
    """Each higher task with its best-scoring lower task (``scores``: higher × lower).

    A task whose figures link to indicators is taken up one step further (未承接 → 部分承接
    → 已承接) when the lower plan sets targets for all of those indicators: its words may
    differ, its targets are there.
    """
    set_by_lower = {t.indicator for t in lower.targets if t.indicator}
    out = []
    for n, task in enumerate(higher.tasks):
        if lower.tasks:
            best = int(scores[n].argmax())
            score = float(scores[n][best])
            match: PlanTask | None = lower.tasks[best]
        else:
            score, match = 0.0, None
        status = status_of(score)
        own = _task_indicators(higher, task)
        shared = tuple(sorted(own & set_by_lower)) if own <= set_by_lower else ()
        if shared and status != COVERED:
            status = COVERED if status == PARTIAL else PARTIAL
        keep = match if score >= PARTIAL_AT else None
        out.append(TaskMatch(task, lower, keep, score, status, shared))
    return out


def _task_indicators(plan: Plan, task: PlanTask) -> set[str]:
    """The indicators of the plan's targets inside the task's text."""
    return {
        i.indicator for i in plan.targets if i.indicator and task.start <= i.span.start < task.end
    }


def _sections(matches: Sequence[TaskMatch], lower: Plan) -> list[SectionCoverage]:
    groups: dict[str, list[TaskMatch]] = {}
    for m in matches:
        groups.setdefault(m.task.section, []).append(m)
    out = []
    for section, group in groups.items():
        covered = sum(m.status == COVERED for m in group)
        partial = sum(m.status == PARTIAL for m in group)
        if covered == len(group):
            status = COVERED
        else:
            status = PARTIAL if covered or partial else NOT_COVERED
        out.append(SectionCoverage(section, lower, len(group), covered, partial, status))
    return out


def _target_matches(
    higher: Plan, lower: Plan, catalog: Mapping[str, Indicator], scores: Any
) -> list[TargetMatch]:
    """Each higher target with the lower targets of its indicator, or for a target without
    one, the lower target whose subject reads most alike (``scores``: loose × lower)."""
    verdicts = {
        (p.higher_item.id, p.item.id): p.verdict
        for p in cascade_pairs(lower, [(higher, "贯彻")], catalog)
    }
    row = {t.id: n for n, t in enumerate(t for t in higher.targets if not t.indicator)}
    out = []
    for item in higher.targets:
        if item.indicator:
            same = tuple(t for t in lower.targets if t.indicator == item.indicator)
            found = [verdicts[(item.id, t.id)] for t in same if (item.id, t.id) in verdicts]
            out.append(_by_indicator(item, lower, same, found))
        else:
            out.append(_by_text(item, lower, scores[row[item.id]]))
    return out


def _by_indicator(
    item: Item, lower: Plan, same: tuple[Item, ...], verdicts: list[str]
) -> TargetMatch:
    if not same:
        return TargetMatch(item, lower, (), "", NOT_COVERED)
    if not verdicts:
        verdict = ""
    else:
        verdict = CONSISTENT if all(v == CONSISTENT for v in verdicts) else WEAKER
    return TargetMatch(item, lower, same, "指标", COVERED, verdict)


def _by_text(item: Item, lower: Plan, scores: Any) -> TargetMatch:
    ranked = sorted(
        (
            (float(scores[n]), t)
            for n, t in enumerate(lower.targets)
            if t.unit == item.unit and scores[n] >= SUBJECT_PARTIAL_AT
        ),
        key=lambda pair: -pair[0],
    )
    if not ranked:
        return TargetMatch(item, lower, (), "", NOT_COVERED)
    best, match = ranked[0]
    status = status_of(best, SUBJECT_COVERED_AT, SUBJECT_PARTIAL_AT)
    verdict = _verdict_by_relation(item, match) if status == COVERED else ""
    return TargetMatch(item, lower, (match,), "文字", status, verdict, score=best)


def _verdict_by_relation(item: Item, match: Item) -> str:
    """A rate without an indicator compared by its own words: 控制在1%以内 should stay low,
    达到95%以上 high; "" when the two are not rates of one year with such a word."""
    direction = {">=": "higher", "<=": "lower"}.get(item.relation)
    if (
        direction is None
        or item.unit not in RATE_UNITS
        or (item.year, item.unit)
        != (
            match.year,
            match.unit,
        )
    ):
        return ""
    lower, higher = bound(match, direction), bound(item, direction)
    if lower is None or higher is None:
        return ""
    return WEAKER if is_weaker(lower, higher, direction) else CONSISTENT


def coverage_of_ledger(plans: Sequence[Plan], catalog: Mapping[str, Indicator]) -> list[Coverage]:
    """The coverage of every plan that others name as their higher plan."""
    index = PlanIndex(plans)
    out = []
    for plan in index.by_id.values():
        lowers = index.lower_plans(plan)
        if lowers:
            out.append(coverage(plan, lowers, catalog))
    return out
