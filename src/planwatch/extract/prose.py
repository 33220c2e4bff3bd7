"""Items written in sentences: each quantity with its relation, year, kind and subject."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from planwatch.extract.budget import Budget
from planwatch.extract.context import (
    YearIndex,
    change_verb_before,
    clause_start,
    past_section,
    relation_of,
)
from planwatch.extract.dating import Frame, date_figure
from planwatch.extract.lists import refine_subjects
from planwatch.extract.quantities import Quantity, find_quantities
from planwatch.extract.rules import RATE_UNITS, RELATION_AFTER_ALT
from planwatch.extract.subjects import Around, SubjectReader
from planwatch.records import Item, Metadata, Section, SourceText, Task

_CLAUSE_END = re.compile("[，。；;\n]")
SUBJECT_MAX = 60  # characters
_CHECK_EVERY = 256  # figures read between two looks at the time budget
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# Between two figures of one list: 、, 和, 及, 与, 以及, after the first one's 以上.
_LIST_JOIN = re.compile(rf"\s*(?:{RELATION_AFTER_ALT})?\s*(?:、|和|及|与|以及)\s*")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a figure stands: its heading path, and whether that part reviews the past."""

    section: str
    reviewing: bool
    year: int | None = None  # a year in a heading: （一）启动实施阶段（2023年）


@dataclass(slots=True)
class Context:
    """What the prose reader knows of the document while reading items."""

    src: SourceText
    meta: Metadata
    outline: list[Section]
    section_starts: list[int]
    years: YearIndex
    tasks: Sequence[Task]
    task_starts: list[int]
    frame: Frame
    subjects: SubjectReader
    places: dict[int, Place] = field(default_factory=dict)

    @classmethod
    def of(
        cls, src: SourceText, meta: Metadata, outline: list[Section], tasks: Sequence[Task]
    ) -> Context:
        tasks = sorted(tasks, key=lambda t: t.start)
        return cls(
            src,
            meta,
            outline,
            [s.start for s in outline],
            YearIndex.of(src.text),
            tasks,
            [t.start for t in tasks],
            Frame.of(meta),
            SubjectReader(src, meta.region),
        )

    def task_at(self, pos: int) -> str:
        """The label of the task holding pos, or ''."""
        i = bisect_right(self.task_starts, pos) - 1
        if i >= 0 and self.tasks[i].start <= pos < self.tasks[i].end:
            return self.tasks[i].label
        return ""

    def place_at(self, pos: int) -> Place:
        """The heading path of pos and whether it reviews the past (cached per section)."""
        i = bisect_right(self.section_starts, pos) - 1
        inside = i >= 0 and self.outline[i].start <= pos < self.outline[i].end
        cached = self.places.get(i) if inside else None
        if cached is None:
            titles = [s.title for s in self._chain(i, pos)]
            years = [int(y) for t in titles for y in _TITLE_YEAR.findall(t)]
            cached = Place(" / ".join(titles), past_section(titles), years[-1] if years else None)
            if inside:  # the chain of a section is the same for every position inside it
                self.places[i] = cached
        return cached

    def _chain(self, i: int, pos: int) -> list[Section]:
        chain: list[Section] = []
        while i is not None and i >= 0:
            section = self.outline[i]
            if section.start <= pos < max(section.end, section.start + 1):
                chain.append(section)
                i = section.parent if section.parent is not None else -1
            else:
                i = section.parent if section.parent is not None else i - 1
        return chain[::-1]


def prose_items(
    ctx: Context, skip: list[tuple[int, int]], budget: Budget | None = None
) -> list[Item]:
    """Items of the running text, leaving out quantities inside the skipped ranges; the
    budget is checked every few hundred figures."""
    text = ctx.src.text
    skip = _merged(skip)
    skip_starts = [lo for lo, _ in skip]
    quantities = [q for q in find_quantities(text) if not _inside(q.start, skip, skip_starts)]
    items: list[Item] = []
    previous: Quantity | None = None
    verb = ""
    for i, q in enumerate(quantities):
        if budget is not None and not i % _CHECK_EVERY:
            budget.check()
        following = quantities[i + 1] if i + 1 < len(quantities) else None
        item = _item(ctx, q, previous.end if previous else 0, following)
        listed = previous is not None and _listed_after(text, previous, q)
        own_verb = change_verb_before(text, q.start)
        verb = own_verb or (verb if listed else "")
        if not item.subject and _same_subject(text, previous, q, items):
            item.subject = items[-1].subject  # 3万元、5万元; 到2022年达到45%；到2025年达到50%
        elif listed and verb and not own_verb and q.unit not in (*RATE_UNITS, "元"):
            item.subject = verb + item.subject  # 新建150所幼儿园、100所学校: the verb carries on
        if item.relation == "=" and previous and _LIST_JOIN.fullmatch(text, previous.end, q.start):
            item.relation = items[-1].relation  # 分别达到7.5平方米、10.2平方米; 88%和55%
        items.append(item)
        previous = q
    refine_subjects(text, quantities, items)
    for item in items:  # a subject is a name, not a paragraph (run-on text stays bounded)
        item.subject = item.subject[:SUBJECT_MAX]
    return items


def _same_subject(text: str, previous: Quantity | None, q: Quantity, items: list[Item]) -> bool:
    """A figure with no subject of its own goes on with the one before in its sentence."""
    if previous is None or not items or items[-1].unit != q.unit:
        return False
    return "。" not in text[previous.end : q.start] and "\n" not in text[previous.end : q.start]


def _listed_after(text: str, previous: Quantity, q: Quantity) -> bool:
    """True when q follows previous in one list: 150所幼儿园、100所学校."""
    gap = text[previous.end : q.start].rstrip()
    return gap.endswith("、") and len(gap) <= 40 and not _CLAUSE_END.search(gap)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _inside(pos: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when pos falls in one of the sorted, non-overlapping ranges."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ranges[i][1]


def _item(ctx: Context, q: Quantity, previous_end: int, following: Quantity | None) -> Item:
    text = ctx.src.text
    place = ctx.place_at(q.start)
    clause_lo = clause_start(text, q.start)
    dated = date_figure(text, ctx.years, ctx.frame, (q.start, q.end), (place.reviewing, place.year))
    span = ctx.src.to_source(q.start, q.end)
    return Item(
        span=span,
        text=ctx.src.source[span.start : span.end],
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        kind=dated.kind,
        relation=relation_of(text, q, clause_lo),  # type: ignore[arg-type]
        year=dated.year,
        previous_plan=dated.previous_plan,
        subject=ctx.subjects.subject(q, Around(previous_end, following, clause_lo)),
        section=place.section,
        task=ctx.task_at(q.start),
    )
