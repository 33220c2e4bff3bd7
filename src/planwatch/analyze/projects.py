"""A plan's project table (专栏) summed, and checked against what its prose promises."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.analyze.plans import Confidence, Evidence, Finding, Plan, Severity, evidence_of
from planwatch.present.figures import figure, number
from planwatch.records import Item, Project

# School levels a sentence names → words of the table's 学段 cells that belong to them.
# 中小学 and 义务教育 come before 小学, so that the longer word takes the characters. A 高完中
# (完全中学: junior and senior) is no 高中 of a promise to build 高中: it is counted apart.
LEVEL_WORDS = {
    "中小学": ("小学", "初中", "中学", "高中", "高完中", "九年一贯"),
    "义务教育": ("小学", "初中", "九年一贯", "义务教育"),
    "幼儿园": ("幼儿园", "学前"),
    "小学": ("小学",),
    "初中": ("初中", "初级中学"),
    "高中": ("高中", "高级中学"),
    "特殊教育": ("特殊教育", "特教"),
}
# Building modes a sentence names → words of the table's 建设方式 cells: 新建 is a new school,
# 迁建 moves one (its rows are not new schools), 改扩建 enlarges one.
MODE_WORDS = {
    "新建": ("新建",),
    "改扩建": ("改扩建", "扩建", "改建"),
    "扩建": ("改扩建", "扩建", "改建"),
    "迁建": ("迁建",),
}
NEW, REBUILT = frozenset({"新建"}), frozenset({"改扩建", "扩建", "改建"})
_SEATS = re.compile(r"学位")
OWNERSHIP_WORDS = ("公办", "民办")
PUBLIC = "公办"
# An area a sentence names that is no district of the table: the city's districts (…区) and
# its own schools (市直), not its counties. The plan does not draw the line, so the finding
# is a hint.
URBAN_AREA = re.compile(r"中心城区|主城区|市城区|城区|市区")
URBAN_DISTRICT = re.compile(r"区$|^市直|^市本级|^市属")
COUNT_UNITS = ("所", "所次")
ABOUT = 0.1  # 左右: within 10%
NAMES_SHOWN = 12


@dataclass(slots=True)
class ProjectTotal:
    """Projects and seats of one group of a project table (学段, 县区, 建设方式, 性质): the
    fields not grouped by stay empty."""

    level: str = ""
    district: str = ""
    mode: str = ""
    ownership: str = ""
    projects: int = 0
    seats: float = 0.0


PROJECT_KEYS = ("level", "district", "mode", "ownership")


def project_totals(
    projects: Sequence[Project], keys: Sequence[str] = ("level", "district")
) -> list[ProjectTotal]:
    """Projects and seats summed by the given fields (of PROJECT_KEYS), in first-seen order."""
    totals: dict[tuple[str, ...], ProjectTotal] = {}
    for p in projects:
        key = tuple(getattr(p, k) or "（未填）" for k in keys)
        row = totals.get(key)
        if row is None:
            row = totals[key] = ProjectTotal()
            for name, value in zip(keys, key, strict=True):
                setattr(row, name, value)
        row.projects += 1
        row.seats += p.seats or 0
    return list(totals.values())


def _levels(subject: str) -> tuple[str, ...] | None:
    """The 学段 words a sentence's subject names; () for any level (学校); None for none."""
    words: list[str] = []
    rest = subject
    for word, cells in LEVEL_WORDS.items():
        if word in rest:
            words += cells
            rest = rest.replace(word, "")
    if words:
        return tuple(words)
    return () if "学校" in subject else None


def _matches(project: Project, levels: tuple[str, ...], modes: tuple[str, ...], owner: str) -> bool:
    if levels and not any(w in project.level for w in levels):
        return False
    if modes and not any(w in project.mode for w in modes):
        return False
    return not owner or not project.ownership or owner in project.ownership


@dataclass(frozen=True, slots=True)
class Promise:
    """What a prose target promises of the table: a count of schools (新建N所幼儿园) or a sum
    of seats (新增学位N个), of these levels, modes and ownership, in these districts."""

    item: Item
    what: str  # count / seats
    levels: tuple[str, ...]
    modes: tuple[str, ...]
    owner: str
    area: str = ""  # an urban area word (中心城区) the table's districts do not name


def _promise(item: Item) -> Promise | None:
    """The promise a prose target makes of the table; None when it makes none."""
    levels = _levels(item.subject)
    if levels is None and not _SEATS.search(item.subject):
        return None
    modes = tuple(
        dict.fromkeys(
            w for word, cells in MODE_WORDS.items() if word in item.subject for w in cells
        )
    )
    owner = next((w for w in OWNERSHIP_WORDS if w in item.subject), "")
    area = m.group(0) if (m := URBAN_AREA.search(item.subject)) else ""
    if item.unit in COUNT_UNITS and modes:
        return Promise(item, "count", levels or (), modes, owner, area)
    if item.unit in ("个", "人") and _SEATS.search(item.subject):
        return Promise(item, "seats", levels or (), modes, owner, area)
    return None


def _agrees(item: Item, total: float) -> bool:
    if item.value_max is not None:
        return item.value <= total <= item.value_max
    if item.relation == ">=":
        return total >= item.value
    if item.relation == "<=":
        return total <= item.value
    if item.relation == "~":
        return abs(total - item.value) <= ABOUT * item.value
    return total == item.value


@dataclass(slots=True)
class Count:
    """The rows a promise counts, and what was assumed or left out on the way."""

    rows: list[Project]
    notes: list[str]
    owner: str = ""  # the ownership counted: the promise's, or 公办 when it names none
    confidence: Confidence = "high"
    severity: Severity = "warning"
    unlisted: str = ""  # a mode of the level the table has no row of: 表中未列出


def table_prose_mismatches(plan: Plan) -> list[Finding]:
    """Prose targets that count the table's schools (新建N所幼儿园) or sum its seats (新增学位
    N个) where the table's rows of that level, mode and ownership say otherwise.

    A promise about a level the table has no row of is left alone: the table is about other
    schools; so is a promise whose mode or ownership the table does not record. A promise
    naming a district of the table (其中钦南区新建幼儿园2所) counts that district's rows; one
    naming an urban area (中心城区) counts the city's districts and 市直 (a hint: the plan does
    not draw the line). A count of schools that names no ownership counts the public rows when
    the table has private ones too (a government builds public schools). A promise of 新建 and
    改扩建 together is left to the plan's promises of each, when it makes them.
    """
    if not plan.projects:
        return []
    promises = [p for p in map(_promise, plan.targets) if p is not None]
    out = []
    for promise in promises:
        if _checkable(plan, promise) and not _summed_elsewhere(promise, promises):
            count = _count(plan, promise)
            if count is None:
                continue
            total = (
                float(len(count.rows))
                if promise.what == "count"
                else sum(p.seats or 0 for p in count.rows)
            )
            if not _agrees(promise.item, total):
                out.append(_mismatch(plan, promise, count, total))
    return out


def _checkable(plan: Plan, promise: Promise) -> bool:
    """Whether the table records what the promise counts by: a row of its level, its modes,
    its ownership."""
    projects = plan.projects
    if promise.levels and not any(_matches(p, promise.levels, (), "") for p in projects):
        return False
    if promise.modes and not any(p.mode for p in projects):
        return False
    return not promise.owner or any(p.ownership for p in projects)


def _summed_elsewhere(promise: Promise, promises: list[Promise]) -> bool:
    """A promise of 新建 and 改扩建 together whose parts the plan also promises one by one."""
    modes = set(promise.modes)
    if not (modes & NEW and modes & REBUILT):
        return False
    alone = [
        p
        for p in promises
        if p is not promise and set(p.levels) == set(promise.levels) and p.what == promise.what
    ]
    return any(set(p.modes) <= NEW for p in alone) and any(set(p.modes) <= REBUILT for p in alone)


def _count(plan: Plan, promise: Promise) -> Count | None:
    """The rows the promise counts, with what was assumed to count them."""
    count = Count([], [], promise.owner)
    owner = promise.owner
    owners = {p.ownership for p in plan.projects if p.ownership}
    if (
        not owner
        and promise.what == "count"
        and any(PUBLIC in o for o in owners)
        and len(owners) > 1
    ):
        owner = count.owner = PUBLIC
        count.notes.append("正文未写公办民办，按公办计")
        count.confidence = "medium"
    rows = [p for p in plan.projects if _matches(p, promise.levels, promise.modes, owner)]
    named = {
        p.district
        for p in plan.projects
        if len(p.district) >= 2 and p.district in promise.item.subject
    }
    if named:
        rows = [p for p in rows if p.district in named]
    elif promise.area:
        urban = [p for p in rows if URBAN_DISTRICT.search(p.district)]
        if len(urban) < len(rows):
            count.notes.append(f"「{promise.area}」文件未界定，按市直和各区计")
            count.confidence, count.severity = "low", "info"
            rows = urban
    level_rows = [p for p in plan.projects if _matches(p, promise.levels, (), owner)]
    if not rows and promise.modes and level_rows:
        count.unlisted = promise.modes[0]
        count.confidence = "medium"
    count.rows = rows
    return count


def _left_out(plan: Plan, promise: Promise, count: Count) -> str:
    """Rows of the promise's level the count leaves out, so that the reader sees why: 民办,
    迁建, 高完中 ("" when none)."""
    owner = count.owner
    counted = {id(p) for p in count.rows}
    near = [
        p
        for p in plan.projects
        if id(p) not in counted
        and _matches(p, _broad(promise.levels), (), "")
        and (not promise.modes or p.mode)
    ]
    kinds: dict[str, int] = defaultdict(int)
    for p in near:
        if owner and p.ownership and owner not in p.ownership:
            kinds[f"{p.ownership}{p.level}"] += 1
        elif promise.modes and not any(w in p.mode for w in promise.modes):
            kinds[f"{p.level}{p.mode}"] += 1
        elif promise.levels and not any(w in p.level for w in promise.levels):
            kinds[f"{p.level}{p.mode}"] += 1
    return f"未计入{'、'.join(f'{k}{n}所' for k, n in kinds.items())}" if kinds else ""


def _modes_listed(plan: Plan, promise: Promise, owner: str) -> str:
    """The modes the table lists for the promise's level: 新建49所、新建（试验区）4所."""
    modes: dict[str, int] = defaultdict(int)
    for p in plan.projects:
        if _matches(p, promise.levels, (), owner):
            modes[p.mode or "（未填）"] += 1
    return "、".join(f"{m}{n}所" for m, n in modes.items())


def _broad(levels: tuple[str, ...]) -> tuple[str, ...]:
    """Levels and their neighbours a reader may expect counted (高中 → 高完中)."""
    return (*levels, "高完中", "完全中学") if any("高中" in w for w in levels) else levels


def _mismatch(plan: Plan, promise: Promise, count: Count, total: float) -> Finding:
    item, rows = promise.item, count.rows
    by_kind: dict[str, int] = defaultdict(int)
    for p in rows:
        by_kind[f"{p.ownership}{p.level}{p.mode}"] += 1
    detail = "、".join(f"{k}{n}所" for k, n in by_kind.items()) or "无相应行"
    names = "、".join(p.name for p in rows[:NAMES_SHOWN]) + (
        "等" if len(rows) > NAMES_SHOWN else ""
    )
    left_out = _left_out(plan, promise, count)
    notes = "；".join(count.notes)
    if count.unlisted:
        level = _level_name(promise)
        counted = f"项目表未列出{level}{count.unlisted}项目"
        listed = _modes_listed(plan, promise, count.owner)
        said = f"正文「{item.subject}」{figure(item)}"
        message = f"{said}，而{counted}（表中{level}只有{listed}），无从核对"
    else:
        counted = (
            f"{len(rows)}所"
            if promise.what == "count"
            else f"{len(rows)}所学校的学位合计{number(total)}个"
        )
        message = f"正文「{item.subject}」{figure(item)}，而项目表中相应的行为{counted}（{detail}）"
        if left_out:
            message += f"；{left_out}"
    if notes:
        message += f"；{notes}"
    start, end = _rows_span(plan, rows or plan.projects)  # no row: the whole table
    table = Evidence(
        role="项目表合计",
        document_id=plan.id,
        doc=plan.name,
        text=f"{counted}：{names or detail}",
        start=start,
        end=end,
        value=total,
        unit="所" if promise.what == "count" else "个",
    )
    prose = evidence_of("正文目标", plan, item)
    reason = "按学段、建设方式和公办民办逐行计数"
    if count.unlisted:
        reason = "项目表可能只列了部分建设方式的项目，宜核对是否漏列"
    if notes:
        reason += "；" + notes
    return Finding.about(
        "table_prose_mismatch", count.severity, plan, item, message, prose, table
    ).sure(count.confidence, reason)


def _level_name(promise: Promise) -> str:
    for word, cells in LEVEL_WORDS.items():
        if word in promise.item.subject and set(cells) <= set(promise.levels):
            return word
    return ""


def _rows_span(plan: Plan, rows: Sequence[Project]) -> tuple[int | None, int | None]:
    """Where the counted rows stand in the source: from the first to the last of their seat
    figures (the table's items are named after their schools); None when none is known."""
    names = {p.name for p in rows}
    spans = [(i.span.start, i.span.end) for i in plan.items if i.subject in names]
    if not spans:
        return None, None
    return min(a for a, _ in spans), max(b for _, b in spans)
