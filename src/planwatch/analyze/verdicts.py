"""The verdict on one higher task against one lower plan: 已承接, 部分承接 or 未承接, the passage
it rests on, how sure it is and why (in Chinese).

The verdict reads the containment ``score`` of the passage that holds the task best
(``matching``) and the task's title beside the lower plan's task titles:

- 已承接 (covered): ``score`` ≥ ``COVERED_AT`` (or the task and the next passage apart from
  it, less ``TWO_PASSAGES_COST``), sharing at least ``COVERED_WORDS`` words; or the lower plan
  has a task of the same title (``SAME_TITLE_AT``) holding at least ``SAME_TITLE_BODY_AT``;
- 未承接 (not covered): ``score`` < ``PARTIAL_AT``, no lower task title alike
  (``TITLE_PARTIAL_AT``), no programme named by both, no indicator the lower plan also targets;
- 部分承接 (partly) in between: a part of the task is there, or its words are but few.

Where the higher task or the passage is garbled (a decoding's ?, U+FFFD), the verdict says so
with low confidence, and 未承接 becomes 部分承接: words that cannot be read cannot show that the
task is missing. The thresholds were set on seeds 003 → 001 and a national → province → city
cascade (tests/data/review_seeds, tests/data/cascade), whose verdicts a reviewer wrote without
seeing the tool: there the reviewer's 未承接 tasks hold at most 0.22 of their weight in one
passage, and 0.45 and above was the reviewer's 已承接 but once in 63.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.analyze.matching import (
    TASK,
    Citation,
    Unit,
    WordSpace,
    cite,
    garbled_quote,
    shared_words,
    target_citation,
    task_text,
)
from planwatch.analyze.plans import Confidence, Plan, PlanTask
from planwatch.analyze.words import programmes
from planwatch.records import Item

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not_covered"
COVERED_AT = 0.45  # containment of the best passage for 已承接
PARTIAL_AT = 0.23  # below this, with nothing else shared, 未承接
SAME_TITLE_AT = 0.85  # a lower task of the same title (cosine of the titles' words)
SAME_TITLE_BODY_AT = 0.2  # … whose text holds this much of the task: 已承接
TITLE_PARTIAL_AT = 0.5  # a lower task of a like title: not 未承接
SURE_AT = 0.6  # containment at which 已承接 is sure (高)
SURE_NOT_BELOW = 0.15  # containment under which 未承接 is sure (高)
PARTIAL_SURE_AT = 0.3  # containment at which 部分承接 is 中 rather than 低
TITLE_WEIGHT = 0.3  # how much the title's words count in choosing the passage to cite
TWO_PASSAGES_COST = 0.1  # a task held by two passages is held a little less than by one
NEAR_PASSAGES = 2  # two passages of one place of the plan are at most this far apart
# A short task is held by a passage sharing a word or two (加强平安校园建设 by 办学条件达标率):
# 已承接 wants this many words shared, or nearly all of the task's weight.
COVERED_WORDS, COVERED_WHOLLY_AT = 3, 0.8
PARTIAL_WORDS = 2  # … and 部分承接 this many (one word shared is no part of a task)
STATUS_WORDS = {
    COVERED: "已承接",
    PARTIAL: "部分承接：只见其中一部分或措辞差别较大，宜人工核对",
    NOT_COVERED: "未见承接",
}


@dataclass(frozen=True, slots=True)
class TaskMatch:
    """A higher task and where the lower plan takes it up best, with the verdict, how sure it
    is and why (in Chinese)."""

    task: PlanTask
    lower: Plan
    match: PlanTask | None  # the lower task the cited passage lies in (or of a like title)
    score: float  # the best passage's containment of the task
    status: str
    indicators: tuple[str, ...] = ()  # the task's indicators the lower plan also sets targets for
    citation: Citation | None = None
    title_score: float = 0.0  # the task's title beside the likest lower task title
    programmes: tuple[str, ...] = ()  # names both quote (“一师一优课、一课一名师”)
    garbled: str = ""  # the garbled stretch the verdict had to read around
    confidence: Confidence = "medium"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TaskWords:
    """What a verdict needs of a higher task whatever the lower plan: its words and their
    weight, its indicators, the garbled stretch of its text."""

    task: PlanTask
    words: frozenset[str]
    weight: float
    indicators: frozenset[str]
    broken: str
    programmes: frozenset[str]

    @classmethod
    def of(
        cls, targets: Sequence[Item], task: PlanTask, words: Sequence[str], space: WordSpace
    ) -> TaskWords:
        """What ``task`` of a plan with these targets brings to every verdict."""
        own = frozenset(
            i.indicator for i in targets if i.indicator and task.start <= i.span.start < task.end
        )
        mine = frozenset(words)
        return cls(
            task,
            mine,
            space.total(set(mine)) or 1.0,
            own,
            garbled_quote(task_text(task)),
            frozenset(programmes(task.title + task.body)),
        )


@dataclass(slots=True)
class Reading:
    """What the lower plan shows of one task, before the verdict is given."""

    task: PlanTask
    unit: Unit | None
    score: float
    title_at: int
    title: float
    names: tuple[str, ...]
    indicators: tuple[str, ...]
    shared: list[str]
    broken: str
    k: int = -1  # the task's index in the higher plan
    at: int = -1  # the unit's index
    status: str = NOT_COVERED

    @property
    def same_title(self) -> bool:
        return self.title >= SAME_TITLE_AT


@dataclass(slots=True)
class Found:
    """What one lower plan holds of each higher task: containment (tasks × units), that of the
    tasks' titles, and the likeness of the titles (tasks × lower tasks)."""

    lower: Plan
    space: WordSpace
    units: list[Unit]
    unit_words: list[set[str]]
    held: Any
    title_held: Any
    titles: Any
    set_by_lower: set[str] = field(init=False)
    starts: Any = field(init=False)
    ends: Any = field(init=False)
    broken: list[str] = field(init=False)  # each unit's garbled stretch ("" when none)
    passage: Any = field(init=False)  # units that may be a second passage (no heading)
    paragraph: Any = field(init=False)  # units that are passages, not whole tasks
    ranked: Any = field(init=False, default=None)  # each task's best unit by words and title

    def __post_init__(self) -> None:
        import numpy as np

        if self.units:
            self.ranked = (self.held + TITLE_WEIGHT * self.title_held).argmax(axis=1)
        self.set_by_lower = {t.indicator for t in self.lower.targets if t.indicator}
        self.starts = np.array([u.start for u in self.units])
        self.ends = np.array([u.end for u in self.units])
        self.passage = np.array([u.kind != "标题" for u in self.units], dtype=bool)
        self.paragraph = np.array([u.kind != TASK for u in self.units], dtype=bool)
        clean = not garbled_quote(self.lower.text or self.lower.source) and self.lower.source
        self.broken = ["" if clean else garbled_quote(u.text) for u in self.units]

    def judge(self, k: int, task: TaskWords) -> TaskMatch:
        """The verdict on the higher plan's task k, its evidence, how sure and why."""
        r = self.read(k, task)
        both = 0.0
        if r.unit is not None and PARTIAL_AT <= r.score < COVERED_AT:  # else it cannot change
            both = self._with_next(k, r.at, task)
        r.status = _status(r, max(r.score, both))
        citation, match = self._evidence(r, set(task.words))
        return TaskMatch(
            task=r.task,
            lower=self.lower,
            match=match,
            score=round(r.score, 3),
            status=r.status,
            indicators=r.indicators,
            citation=citation,
            title_score=round(r.title, 3),
            programmes=r.names,
            garbled=r.broken,
            confidence=_confidence(r),
            reason=_reason(r, match, citation),
        )

    def read(self, k: int, task: TaskWords) -> Reading:
        """The best passage for task k and what it shares with the task."""
        best = self._best(k)
        unit = self.units[best] if best >= 0 else None
        title_at = int(self.titles[k].argmax()) if self.lower.tasks else -1
        own = task.indicators
        shared: list[str] = []
        if unit is not None:
            shared = shared_words(set(task.words), (self.unit_words[best], unit.text), self.space)
        return Reading(
            task=task.task,
            unit=unit,
            score=float(self.held[k][best]) if unit else 0.0,
            title_at=title_at,
            title=float(self.titles[k][title_at]) if title_at >= 0 else 0.0,
            names=tuple(sorted(n for n in task.programmes if n in unit.text)) if unit else (),
            indicators=tuple(sorted(own)) if own and own <= self.set_by_lower else (),
            shared=shared,
            broken=task.broken or (self.broken[best] if unit else ""),
            k=k,
            at=best,
        )

    def _best(self, k: int) -> int:
        """The unit holding most of the task, its title's words counting extra: the core of a
        task is in its title (扩大多元普惠学前教育资源 → the paragraph on 多元普惠幼儿园). A lower
        task of the same title is taken when it holds the task nearly as well."""
        if not self.units:
            return -1
        best = int(self.ranked[k])
        if self.lower.tasks and float(self.held[k][best]) < COVERED_AT:
            title_at = int(self.titles[k].argmax())
            own = self.task_unit(title_at) if self.titles[k][title_at] >= SAME_TITLE_AT else None
            if own is not None:
                at = self.units.index(own)
                if float(self.held[k][at]) >= SAME_TITLE_BODY_AT:
                    return at
        return best

    def _with_next(self, k: int, at: int, task: TaskWords) -> float:
        """The containment of the task by unit ``at`` and the next best one apart from it
        (a task the lower plan takes up in two paragraphs), a little discounted."""
        import numpy as np

        first = self.units[at]
        if self.held[k][at] < PARTIAL_AT:
            return 0.0
        apart = self.passage & ((self.ends <= first.start) | (self.starts >= first.end))
        if not apart.any():
            return 0.0
        scores = np.where(apart, self.held[k], -1.0)
        second = int(scores.argmax())
        if scores[second] < PARTIAL_AT or not self._near(at, second):
            return 0.0
        have = self.unit_words[at] | self.unit_words[second]
        return self.space.total(set(task.words) & have) / task.weight - TWO_PASSAGES_COST

    def _near(self, one: int, other: int) -> bool:
        """Whether two units are parts of one place of the plan: tasks under one heading
        (（一）实施学前教育普及普惠工程 2. and 3.), or passages at most two apart."""
        a, b = self.units[one], self.units[other]
        if a.task is not None and b.task is not None:
            return self.lower.tasks[a.task].section == self.lower.tasks[b.task].section
        return a.kind != TASK and b.kind != TASK and abs(one - other) <= NEAR_PASSAGES

    def _evidence(
        self, r: Reading, task_words: set[str]
    ) -> tuple[Citation | None, PlanTask | None]:
        """What the verdict cites: the passage holding the task; else the lower task of a like
        title, or the lower target of the task's indicator; nothing for 未承接."""
        if r.status == NOT_COVERED:
            return None, None
        if r.unit is not None and (r.score >= PARTIAL_AT or r.broken or r.names):
            match = self.lower.tasks[r.unit.task] if r.unit.task is not None else None
            return cite(self.lower, self._paragraph(r), task_words, self.space), match
        own = self.task_unit(r.title_at) if r.title >= TITLE_PARTIAL_AT else None
        if own is not None:
            return cite(self.lower, own, task_words, self.space), self.lower.tasks[r.title_at]
        target = next((t for t in self.lower.targets if t.indicator in r.indicators), None)
        return (target_citation(target) if target else None), None

    def _paragraph(self, r: Reading) -> Unit:
        """The unit to cite: a whole task's passage that holds the task best."""
        unit = r.unit
        assert unit is not None
        if unit.kind != TASK:
            return unit
        import numpy as np

        inside = self.paragraph & (self.starts >= unit.start) & (self.starts < unit.end)
        if not inside.any():
            return unit
        return self.units[int(np.where(inside, self.held[r.k], -1.0).argmax())]

    def task_unit(self, n: int) -> Unit | None:
        """The unit of the lower plan's task n."""
        return next((u for u in self.units if u.kind == TASK and u.task == n), None)


def _status(r: Reading, score: float) -> str:
    if score >= COVERED_AT or (r.same_title and r.score >= SAME_TITLE_BODY_AT):
        if len(r.shared) >= COVERED_WORDS or r.score >= COVERED_WHOLLY_AT:
            return COVERED
        return PARTIAL
    if score >= PARTIAL_AT and len(r.shared) >= PARTIAL_WORDS:
        return PARTIAL
    if r.title >= TITLE_PARTIAL_AT or r.names or r.indicators:
        return PARTIAL
    return PARTIAL if r.broken else NOT_COVERED


def _confidence(r: Reading) -> Confidence:
    if r.broken:
        return "low"
    if r.status == COVERED:
        sure = r.score >= SURE_AT or (r.same_title and r.score >= COVERED_AT)
        return "high" if sure else "medium"
    if r.status == NOT_COVERED:
        return "high" if r.score < SURE_NOT_BELOW else "medium"
    return "medium" if r.score >= PARTIAL_SURE_AT or r.title >= TITLE_PARTIAL_AT else "low"


def _reason(r: Reading, match: PlanTask | None, citation: Citation | None) -> str:
    """Why the verdict, in Chinese: how much of the task the best passage holds, which words,
    what else the two plans share."""
    where = "下级最相近的" + (r.unit.kind if r.unit else "一段")
    if match is not None and r.status != NOT_COVERED:
        where = f"下级任务「{match.label} {match.title}」"
    parts = [f"{where}含上级任务主要词语（按权重）的{r.score:.0%}"]
    if r.shared:
        parts[0] += f"（共有：{'、'.join(r.shared)}）"
    if r.same_title:
        parts.append("下级有同题任务")
    if r.names:
        parts.append(f"同提{'、'.join(f'“{n}”' for n in r.names)}")
    if r.indicators:
        parts.append("下级也为该任务的指标设了目标")
    if citation is not None and citation.kind == "目标":
        parts.append(f"引下级目标「{citation.quote}」")
    if r.broken:
        parts.append(f"原文有乱码（「{r.broken}」），按可读部分判断，不能据此认定未承接")
    return "；".join(parts) + f"。{STATUS_WORDS[r.status]}。"


def sections_of(matches: Sequence[TaskMatch]) -> dict[str, list[TaskMatch]]:
    """The matches by the heading their higher task sits under, in order."""
    groups: dict[str, list[TaskMatch]] = {}
    for m in matches:
        groups.setdefault(m.task.section, []).append(m)
    return groups
