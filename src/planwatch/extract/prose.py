"""Items written in sentences: each quantity with its relation, year, kind and subject."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from planwatch.extract.context import (
    YearIndex,
    change_verb_before,
    clause_start,
    past_section,
    relation_of,
    subject_after,
    subject_before,
)
from planwatch.extract.dating import Frame, date_figure
from planwatch.extract.lists import refine_subjects
from planwatch.extract.quantities import Quantity, find_quantities
from planwatch.extract.rules import RATE_UNITS, RELATION_AFTER_ALT, RELATION_BEFORE_ALT
from planwatch.records import Item, Metadata, Section, SourceText, Task

# X 不低于 Y 的 N%: a share of Y that X must keep (any relation word before the whole, or 占).
_SHARE_OF = re.compile(
    rf"(?P<part>[^，。；\n]{{2,20}}?)(?:{RELATION_BEFORE_ALT}|占)"
    r"(?P<of>[^，。；\n]{2,20}?)的[ \t]*$"
)
_CLAUSE_END = re.compile("[，。；;\n]")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# Between two figures of one list: 、, 和, 及, 与, 以及, after the first one's 以上.
_LIST_JOIN = re.compile(rf"\s*(?:{RELATION_AFTER_ALT})?\s*(?:、|和|及|与|以及)\s*")
_RATIO_NAME = re.compile(r"生师比|师生比|[^，。；、\s（(]{1,4}比(?=[^，。；]{0,20}$)")


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

    def source_phrase(self, start: int, end: int) -> str:
        """The source characters behind a normalized range, without whitespace."""
        if end <= start:
            return ""
        span = self.src.to_source(start, end)
        return "".join(self.src.source[span.start : span.end].split())


def prose_items(ctx: Context, skip: list[tuple[int, int]]) -> list[Item]:
    """Items of the running text, leaving out quantities inside the skipped ranges."""
    text = ctx.src.text
    skip = _merged(skip)
    skip_starts = [lo for lo, _ in skip]
    quantities = [q for q in find_quantities(text) if not _inside(q.start, skip, skip_starts)]
    items: list[Item] = []
    previous: Quantity | None = None
    verb = ""
    for i, q in enumerate(quantities):
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
    dated = date_figure(text, ctx.years, ctx.frame, q.start, (place.reviewing, place.year))
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
        subject=_subject(ctx, q, _Around(previous_end, following, clause_lo)),
        section=place.section,
        task=ctx.task_at(q.start),
    )


@dataclass(slots=True)
class _Around:
    """What surrounds a quantity: the end of the one before, the one after, its clause."""

    previous_end: int
    following: Quantity | None
    clause_lo: int


def _subject(ctx: Context, q: Quantity, around: _Around) -> str:
    text = ctx.src.text
    following = around.following
    after = subject_after(text, q.end)
    if text.startswith("用于", after[0]):  # 500万元用于设备更新; 编制500名用于补充教师
        if q.unit == "元":
            return ctx.source_phrase(after[0] + 2, after[1])
        after = (after[0], after[0])
    if q.unit not in RATE_UNITS and q.unit != "元" and after[1] - after[0] >= 2:
        verb = change_verb_before(text, q.start)
        return verb + ctx.source_phrase(*after) + _shared_tail(ctx, after, following)
    before = subject_before(text, q.start, around.previous_end, ctx.meta.region, around.clause_lo)
    if q.unit in RATE_UNITS:
        if before[1] - before[0] < 2:  # 不少于20%的县…通过…认定, 85%左右县（市、区）…
            return ctx.source_phrase(*subject_after(text, q.end, whole_clause=True))
        share = (  # only where 的 stands right before the figure: …总额的2%
            _SHARE_OF.match(text, before[0], q.start)
            if q.unit == "%" and text[max(0, q.start - 2) : q.start].rstrip().endswith("的")
            else None
        )
        if share and not share["part"].endswith(("按", "于", "照")):
            if share["part"].endswith(("比例", "率", "占比")):  # 交流比例不低于总数的10%
                return ctx.source_phrase(share.start("part"), share.end("part"))
            return (  # 培训经费不低于工资总额的2% → 培训经费占工资总额比例
                ctx.source_phrase(share.start("part"), share.end("part"))
                + "占"
                + ctx.source_phrase(share.start("of"), share.end("of"))
                + "比例"
            )
        subject = ctx.source_phrase(*before)
        if q.unit == "ratio" and "比" not in subject:
            ratio = _RATIO_NAME.search(text, max(0, q.start - 40), q.start)
            subject += ratio.group() if ratio else ""
        return subject
    if after[1] - after[0] < 2 and following is not None and _shares_noun(text, q, following):
        after = subject_after(text, following.end)
    verb = change_verb_before(text, q.start)
    if q.unit == "元":
        return ctx.source_phrase(*before) + (ctx.source_phrase(*after) if _short(after) else "")
    if after[1] - after[0] >= 2:
        return verb + ctx.source_phrase(*after) + _shared_tail(ctx, after, following)
    return ctx.source_phrase(*before)


def _shared_tail(ctx: Context, after: tuple[int, int], following: Quantity | None) -> str:
    """150个国家级、315个自治区级一流专业建设点: 国家级 borrows 一流专业建设点."""
    text = ctx.src.text
    if following is None or not text.startswith("级", after[1] - 1):
        return ""
    if not text.startswith("、", after[1]) or following.start - after[1] > 2:
        return ""
    lo, hi = subject_after(text, following.end)
    level = text.find("级", lo, hi)
    return ctx.source_phrase(level + 1, hi) if level >= 0 else ""


def _shares_noun(text: str, q: Quantity, following: Quantity) -> bool:
    """新建41所、改扩建29所公办幼儿园: the first count borrows the noun of the second."""
    gap = text[q.end : following.start]
    same = q.unit.startswith(following.unit) or following.unit.startswith(q.unit)
    return gap.startswith("、") and len(gap) <= 6 and same


def _short(rng: tuple[int, int]) -> bool:
    return 0 < rng[1] - rng[0] <= 6
