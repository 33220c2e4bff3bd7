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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.analyze.matching import (
    TASK,
    WordSpace,
    readable_words,
    unit_vectors,
    unit_words,
    units_of,
)
from planwatch.analyze.plans import Plan, PlanTask
from planwatch.analyze.targets import TargetMatch, loose_targets, target_matches
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
from planwatch.records import Indicator

__all__ = [
    "COVERED",
    "NOT_COVERED",
    "PARTIAL",
    "Coverage",
    "SectionCoverage",
    "TargetMatch",
    "TaskMatch",
    "coverage",
    "status_of",
    "task_totals",
]


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
    subjects), the weights fitted on all the groups at once.

    The numbers are scikit-learn's ``TfidfVectorizer(analyzer="char", ngram_range=(2, 2),
    sublinear_tf=True)``, worked out the same way, step by step and in the same order (so the
    same to the last bit): texts lowercased, runs of white space made one space; a row's
    bigrams in the order the whole corpus first met them, their columns those of the bigrams
    sorted; weight (1 + ln count) × (ln((1 + n) / (1 + df)) + 1), each row scaled to length 1.
    """

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self.starts = [0]  # where each group's texts begin, and one more entry: the end
        for group in groups:
            self.starts.append(self.starts[-1] + len(group))
        # None when no text holds two characters
        self.matrix = _bigram_tfidf([t for g in groups for t in g])

    def cosines(self, left: int) -> Any:
        """The cosine of every text of group ``left`` with every text of every group, the
        groups side by side (group n's columns from ``starts[n]`` to ``starts[n + 1]``)."""
        import numpy as np

        a, b = self.starts[left], self.starts[left + 1]
        if self.matrix is None or a == b:
            return np.zeros((b - a, self.starts[-1]))
        return (self.matrix[a:b] @ self.matrix.T).toarray()


_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's: runs of two or more


def _bigram_tfidf(texts: Sequence[str]) -> Any:
    """The texts' TF-IDF rows over character bigrams (see ``TextSpace``); None when no text
    holds two characters."""
    import numpy as np
    from scipy.sparse import csr_matrix

    seen: dict[str, int] = {}  # bigram → when the corpus first met it
    indptr, firsts, counts = [0], [], []
    for text in texts:
        text = _WHITE_SPACES.sub(" ", text.lower())
        counted: dict[int, int] = {}
        for i in range(len(text) - 1):
            first = seen.setdefault(text[i : i + 2], len(seen))
            counted[first] = counted.get(first, 0) + 1
        for first in sorted(counted):
            firsts.append(first)
            counts.append(counted[first])
        indptr.append(len(firsts))
    if not seen:
        return None
    column = np.empty(len(seen), dtype=np.int64)
    for n, bigram in enumerate(sorted(seen)):
        column[seen[bigram]] = n
    indices = column[np.array(firsts, dtype=np.int64)]
    df = np.bincount(indices, minlength=len(seen)).astype(float)
    df += 1.0
    idf = np.full_like(df, len(texts) + 1)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = np.array(counts, dtype=float)
    np.log(data, out=data)
    data += 1.0
    data *= idf[indices]
    shape = (len(texts), len(seen))
    # each row's length summed in its order, one term after the other, as scikit-learn does
    squares = csr_matrix((data * data, indices, indptr), shape=shape)
    lengths = np.sqrt(squares @ np.ones(len(seen)))
    data /= np.repeat(lengths, np.diff(indptr))
    return csr_matrix((data, indices, indptr), shape=shape)


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
    targets = higher.targets
    tasks = [
        TaskWords.of(targets, t, w, space) for t, w in zip(higher.tasks, task_words, strict=True)
    ]
    title_words = [words(t.title) for t in higher.tasks]
    present, at = unit_vectors(space, units, words_of)  # every lower plan's units, stacked
    held = space.product(space.weighted(task_words, "share"), present)
    title_held = space.product(space.weighted(title_words, "share"), present)
    lower_titles = [words(t.title) for lower in lowers for t in lower.tasks]
    title_at = [0]
    for lower in lowers:
        title_at.append(title_at[-1] + len(lower.tasks))
    titles = space.product(
        space.weighted(title_words, "unit"), space.weighted(lower_titles, "unit")
    )
    loose = loose_targets(higher, catalog)
    subjects = TextSpace(
        [[t.subject for t in loose]] + [[t.subject for t in p.targets] for p in lowers]
    )
    near = subjects.cosines(0)  # one product for all the lower plans: each cell as on its own
    for n, lower in enumerate(lowers):
        found = Found(
            lower,
            space,
            units[n],
            [set(w) for w in words_of[n]],
            held[:, at[n] : at[n + 1]],
            title_held[:, at[n] : at[n + 1]],
            titles[:, title_at[n] : title_at[n + 1]],
        )
        matches = [found.judge(k, task) for k, task in enumerate(tasks)]
        out.tasks += matches
        out.sections += _sections(matches, lower)
        scores = near[:, subjects.starts[n + 1] : subjects.starts[n + 2]]
        out.targets += target_matches(higher, lower, catalog, scores)
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
