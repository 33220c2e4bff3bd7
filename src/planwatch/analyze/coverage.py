"""Coverage: which tasks and targets of a higher plan the plans implementing it take up.

A task is looked for in the whole lower plan, not only among its tasks: in every paragraph,
专栏 row and task (``matching``: jieba words, IDF weights, education synonyms), since a city
may take a provincial task up in a paragraph that opens a chapter, in a table or in its own
words (seed 003's 加强双向留学工作 in seed 001's “留学绿城”计划). ``verdicts`` judges each task
and cites the passage it rests on. The word weights are fitted once on the higher plan's tasks
and the passages of all the lower plans compared with it.

Targets are matched by indicator (the same catalog indicator in the lower plan), and targets
without one by the TF-IDF of their subjects' character pairs; comparable rates are compared.
A heading that groups tasks (the eight 工程 of a 三年行动计划) is covered when all its tasks
are, partly when some are.
"""

from __future__ import annotations

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
from planwatch.analyze.matching import (
    TASK,
    WordSpace,
    readable_words,
    unit_vectors,
    unit_words,
    units_of,
)
from planwatch.analyze.plans import RATE_UNITS, Plan, PlanTask
from planwatch.analyze.verdicts import (
    COVERED,
    COVERED_AT,
    NOT_COVERED,
    PARTIAL,
    PARTIAL_AT,
    Found,
    TaskMatch,
    TaskWords,
    sections_of,
)
from planwatch.analyze.words import words
from planwatch.records import Indicator, Item

__all__ = [
    "COVERED",
    "NOT_COVERED",
    "PARTIAL",
    "Coverage",
    "SectionCoverage",
    "TargetMatch",
    "TaskMatch",
    "coverage",
    "coverage_of_ledger",
    "status_of",
    "task_totals",
]

# A target's subject is a few words (新建公办幼儿园): one shared word weighs more, so the bar
# is higher (seeds 003 and 001: 新建城乡公办幼儿园 → 新建公办幼儿园 0.58, 示范幼儿园 →
# 新建公办幼儿园 0.29, 中小学接入宽带网络 → 优质中小学 0.29).
SUBJECT_COVERED_AT, SUBJECT_PARTIAL_AT = 0.5, 0.3


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
    """TF-IDF vectors (character bigrams, rows of unit length) of groups of short texts (target
    subjects), the weights fitted on all the groups at once."""

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


def coverage(
    higher: Plan,
    lowers: Sequence[Plan],
    catalog: Mapping[str, Indicator],
) -> Coverage:
    """The coverage of the higher plan's tasks and targets by each lower plan."""
    out = Coverage(higher, list(lowers))
    task_words = [readable_words(t) for t in higher.tasks]
    units = [units_of(lower) for lower in lowers]
    words_of = [unit_words(group) for group in units]
    passages = [
        w
        for group, ws in zip(units, words_of, strict=True)
        for u, w in zip(group, ws, strict=True)
        if u.kind != TASK  # a task's words are its passages'
    ]
    space = WordSpace(task_words + passages)
    tasks = [
        TaskWords.of(higher, t, w, space) for t, w in zip(higher.tasks, task_words, strict=True)
    ]
    shares = space.weighted(task_words, "share")
    title_words = [words(t.title) for t in higher.tasks]
    title_shares = space.weighted(title_words, "share")
    titles = space.weighted(title_words, "unit")
    loose = [t for t in higher.targets if not t.indicator]
    subjects = TextSpace(
        [[t.subject for t in loose]] + [[t.subject for t in p.targets] for p in lowers]
    )
    for n, lower in enumerate(lowers):
        present = unit_vectors(space, units[n], words_of[n])
        lower_titles = space.weighted([words(t.title) for t in lower.tasks], "unit")
        found = Found(
            lower,
            space,
            units[n],
            [set(w) for w in words_of[n]],
            space.product(shares, present),
            space.product(title_shares, present),
            space.product(titles, lower_titles),
        )
        matches = [found.judge(k, task) for k, task in enumerate(tasks)]
        out.tasks += matches
        out.sections += _sections(matches, lower)
        out.targets += _target_matches(higher, lower, catalog, subjects.cosine(0, n + 1))
    return out


def _sections(matches: Sequence[TaskMatch], lower: Plan) -> list[SectionCoverage]:
    out = []
    for section, group in sections_of(matches).items():
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
