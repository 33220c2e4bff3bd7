"""Where a lower plan says what a higher plan's task says: every paragraph, 专栏 row and task of
the lower plan, scored by how much of the task's words it holds.

A task's words are its title and body (the lines naming its units left out) cut by
``words`` (jieba, stop words out, synonyms as shared words), weighted by their IDF over the
higher plan's tasks and the lower plans' paragraphs: a word of one task (留学, 普通高中) weighs
much, a word of every paragraph little. A passage's *containment* of a task is the weight of
the task's words the passage holds over the weight of all its words: 1 when every word is
there, 0 when none is. It does not fall when the lower plan adds its own words (a city's
paragraph names its schools), only when it leaves the task's words out.

Worked example (seeds 003 → 001): 003's 加强双向留学工作 (来华留学, 奖学金, 出国留学 …)
holds 0.27 of its weight in 001's paragraph 2. 探索建立首府留学基地 (留学生, 奖学金, 友好城市 …)
and less everywhere else: that paragraph is cited.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from planwatch.analyze.passages import HEADING, PARAGRAPH, garbled, passages, readable
from planwatch.analyze.plans import Plan, PlanTask
from planwatch.analyze.words import SYNONYM_MARK, programmes, synonym_groups, words
from planwatch.records import Item

TASK = "任务"
QUOTE_CHARS = 80
# Who carries a task out, in a line or in brackets: (组织实施单位:…), （省教育厅牵头，…配合）.
_UNIT_WORDS = re.compile(
    r"(?:牵头|配合|责任|组织实施|具体实施)单位[：:][^\n]*"
    r"|[（(][^（）()\n]{0,80}(?:牵头|配合)[^（）()\n]{0,80}[）)]"
)
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


def without_units(text: str) -> str:
    """A text without the units named to carry it out (they tell no task from another)."""
    return _UNIT_WORDS.sub("", text)


def task_text(task: PlanTask) -> str:
    """A task's words for matching: its title and body without the units that carry it out."""
    body = (
        task.body
        if task.body.lstrip().startswith(task.title[:4])
        else task.title + "。" + task.body
    )
    return _UNIT_WORDS.sub("", body)


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of a lower plan that may take a task up: a paragraph, a 专栏 row, a heading,
    or a whole task (its paragraphs together); ``task`` indexes the lower plan's task it lies in."""

    start: int
    end: int
    kind: str
    text: str
    task: int | None = None


def units_of(plan: Plan) -> list[Unit]:
    """The plan's passages (when its text is loaded) but those that review the past, and its
    tasks."""
    text = plan.text or plan.source
    spans = [(t.start, t.end) for t in plan.tasks]
    out = [
        Unit(p.start, p.end, p.kind, text[p.start : p.end], _inside(spans, p.start))
        for p in passages(text)
        if not p.review  # what was done is no taking up of a task
    ]
    out += [Unit(t.start, t.end, TASK, task_text(t), n) for n, t in enumerate(plan.tasks)]
    return out


def _passages_of_tasks(units: Sequence[Unit]) -> dict[int, list[int]]:
    """For each whole task among the units, the passages inside it (units are in the order
    ``units_of`` gives: passages by offset, then the tasks)."""
    from bisect import bisect_left

    plain = [n for n, u in enumerate(units) if u.kind != TASK]
    starts = [units[n].start for n in plain]
    out = {}
    for n, unit in enumerate(units):
        if unit.kind == TASK:
            lo, hi = bisect_left(starts, unit.start), bisect_left(starts, unit.end)
            out[n] = plain[lo:hi]
    return out


def unit_words(units: Sequence[Unit]) -> list[tuple[str, ...]]:
    """Each unit's words, the units named to carry it out left out; a whole task's are its
    passages' (read once), or its own text's when its passages are not loaded."""
    out = [() if u.kind == TASK else words(without_units(u.text)) for u in units]
    for n, inner in _passages_of_tasks(units).items():
        out[n] = tuple(w for m in inner for w in out[m]) if inner else words(units[n].text)
    return out


def unit_vectors(
    space: WordSpace,
    groups: Sequence[Sequence[Unit]],
    words_of: Sequence[Sequence[Sequence[str]]],
) -> tuple[Any, list[int]]:
    """Which words each unit of each plan holds (all plans' units stacked × words, 1 where it
    holds one), and where each plan's rows begin (one more entry: the end). A whole task
    holds its passages' words (read once), or its own text's when its passages are not loaded."""
    from scipy.sparse import csr_matrix

    docs: list[Sequence[str]] = []
    pick_rows: list[int] = []
    pick_cols: list[int] = []
    starts = [0]
    for units, texts in zip(groups, words_of, strict=True):
        inner = _passages_of_tasks(units)
        column = {}
        for n in range(len(units)):
            if not inner.get(n):  # a unit whose own words are read
                column[n] = len(docs)
                docs.append(texts[n])
        for n in range(len(units)):
            for m in inner.get(n) or [n]:
                pick_rows.append(starts[-1] + n)
                pick_cols.append(column[m])
        starts.append(starts[-1] + len(units))
    rows = space.weighted(docs, "present")
    pick = csr_matrix(
        ([1.0] * len(pick_rows), (pick_rows, pick_cols)), shape=(starts[-1], len(docs))
    )
    together = pick @ rows
    together.data[:] = 1.0  # a word of two passages of a task is held once
    return together, starts


def _inside(spans: Sequence[tuple[int, int]], pos: int) -> int | None:
    return next((n for n, (a, b) in enumerate(spans) if a <= pos < b), None)


class WordSpace:
    """Binary word vectors weighted by IDF, fitted once on a higher plan's tasks and the
    passages of the lower plans compared with it. The IDF is scikit-learn's smoothed one,
    ln((1 + n) / (1 + df)) + 1, counted here in one pass over the documents' word sets."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        import numpy as np

        counts: Counter[str] = Counter()
        for doc in docs:
            counts.update(set(doc))
        self.empty = not counts
        self.column: dict[str, int] = {w: n for n, w in enumerate(sorted(counts))}
        df = np.array([counts[w] for w in self.column], dtype=float)
        self.idf_row: Any = np.log((1 + len(docs)) / (1 + df)) + 1.0
        self.idf: dict[str, float] = dict(zip(self.column, self.idf_row.tolist(), strict=True))

    def weighted(self, docs: Sequence[Sequence[str]], how: str = "idf") -> Any:
        """A row per document over the space's words (words it was not fitted on left out):
        the IDF weight of each word the document holds (``how="idf"``), 1 for each
        (``"present"``), each row's share of its weight (``"share"``: a row sums to 1) or the
        weights scaled to length 1 (``"unit"``, for cosines)."""
        import numpy as np
        from scipy.sparse import csr_matrix

        column = self.column
        indptr, indices = [0], []
        for doc in docs:
            indices += sorted({column[w] for w in doc if w in column})
            indptr.append(len(indices))
        at = np.array(indices, dtype=np.int64)
        data = self.idf_row[at] if len(at) else np.zeros(0)
        if how == "present":
            data = np.ones(len(at))
        elif how in ("share", "unit") and len(at):
            starts = np.array(indptr[:-1])
            filled = starts < np.array(indptr[1:])
            sums = np.zeros(len(docs))
            part = data if how == "share" else data * data
            sums[filled] = np.add.reduceat(part, starts[filled])
            if how == "unit":
                sums = np.sqrt(sums)
            sums[sums == 0] = 1.0
            data = data / np.repeat(sums, np.diff(indptr))
        return csr_matrix((data, at, indptr), shape=(len(docs), len(column)))

    @staticmethod
    def product(left: Any, right: Any) -> Any:
        """left × right as a dense array: containment when ``left`` holds the tasks' shares
        and ``right`` the words units hold (present); cosine when both are of length 1."""
        import numpy as np

        if left.shape[0] == 0 or right.shape[0] == 0 or left.shape[1] == 0:
            return np.zeros((left.shape[0], right.shape[0]))
        return (left @ right.T).toarray()

    def weight(self, word: str) -> float:
        return self.idf.get(word, 0.0)

    def total(self, words: set[str]) -> float:
        """The weight of a set of words."""
        weight = self.idf.get
        return math.fsum(weight(w, 0.0) for w in words)


@dataclass(frozen=True, slots=True)
class Citation:
    """The passage of the lower plan a verdict rests on: source offsets, kind, and its sentence
    that holds most of the task's words (quote, with its own offsets)."""

    start: int
    end: int
    kind: str
    quote: str
    quote_start: int
    quote_end: int


def cite(plan: Plan, unit: Unit, task_words: set[str], space: WordSpace) -> Citation:
    """The citation of a unit: a task's best paragraph when the unit is a whole task."""
    text = plan.text or plan.source
    if unit.kind == TASK and text:
        inner = [
            p
            for p in passages(text[unit.start : unit.end])
            if p.kind in (PARAGRAPH, HEADING) or p.end - p.start > 10
        ]
        if inner:
            best = max(
                inner,
                key=lambda p: _held(
                    text[unit.start + p.start : unit.start + p.end], task_words, space
                ),
            )
            unit = Unit(unit.start + best.start, unit.start + best.end, PARAGRAPH, "", unit.task)
    body = text[unit.start : unit.end] if text else unit.text
    start, end = 0, len(body)
    if len(body) > QUOTE_CHARS:  # a short paragraph is quoted whole
        start, end = _best_sentence(body, task_words, space)
    quote = " ".join(body[start:end].split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1] + "…"
    offset = unit.start if text else 0
    return Citation(unit.start, unit.end, unit.kind, quote, offset + start, offset + end)


def target_citation(item: Item) -> Citation:
    """A lower plan's target cited for a task whose indicator it sets."""
    quote = " ".join(item.quote.split()) or item.text
    return Citation(item.span.start, item.span.end, "目标", quote, item.span.start, item.span.end)


def _held(text: str, task_words: set[str], space: WordSpace) -> float:
    # fsum: the same total whatever order the set gives its words (ties break the same way)
    return math.fsum(space.weight(w) for w in set(words(text)) & task_words)


def _best_sentence(body: str, task_words: set[str], space: WordSpace) -> tuple[int, int]:
    best, where = -1.0, (0, len(body))
    for m in _SENTENCE.finditer(body):
        held = _held(m.group(0), task_words, space)
        if held > best:
            best, where = held, (m.start(), m.end())
    a, b = where
    while a < b and body[a] in " \t\u3000\n":
        a += 1
    return a, b


def shared_words(
    task_words: set[str], unit: tuple[set[str], str], space: WordSpace, top: int = 6
) -> list[str]:
    """The words a task and a passage (its words and text) share, heaviest first, up to
    ``top``; a synonym group reads as the term the passage uses (～留学生), a word inside a
    longer shared one (扩建 in 改扩建) as the longer."""
    theirs, text = unit
    weight = space.idf.get
    # words of equal weight in a fixed order, so that a verdict reads the same on every run
    common = heapq.nlargest(3 * top, task_words & theirs, key=lambda w: (weight(w, 0.0), w))
    plain = {w for w in common if not w.startswith(SYNONYM_MARK)}
    out: list[str] = []
    for w in common:
        if w.startswith(SYNONYM_MARK):
            said = [t for t in _group_terms()[w[len(SYNONYM_MARK) :]] if t in text]
            if said and said[0] not in plain:
                out.append(f"～{said[0]}")
        elif len(w) > 3 or not any(w in o and w != o for o in plain):
            out.append(w)
        if len(out) >= top:
            break
    return out


@cache
def _group_terms() -> dict[str, tuple[str, ...]]:
    return {g.id: g.terms for g in synonym_groups()}


def shared_programmes(task: PlanTask, unit_text: str) -> list[str]:
    """The quoted names (programmes, plans, slogans) of the task that the passage also names."""
    return sorted(n for n in programmes(task.title + task.body) if n in unit_text)


def garbled_quote(text: str) -> str:
    """The first garbled stretch of a text with a few characters around it ("" when none)."""
    found = garbled(text)
    if not found:
        return ""
    a, b = found[0]
    return text[max(0, a - 4) : b + 4].strip()


def readable_words(task: PlanTask) -> tuple[str, ...]:
    return words(readable(task_text(task)))
