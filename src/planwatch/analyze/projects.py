"""A plan's project table (专栏) summed, and checked against what its prose promises."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.analyze.plans import Evidence, Finding, Plan, evidence_of
from planwatch.present.figures import figure, number
from planwatch.records import Item, Project

# School levels a sentence names → words of the table's 学段 cells that belong to them.
# 中小学 and 义务教育 come before 小学, so that the longer word takes the characters.
LEVEL_WORDS = {
    "中小学": ("小学", "初中", "中学", "高中", "高完中", "九年一贯"),
    "义务教育": ("小学", "初中", "九年一贯", "义务教育"),
    "幼儿园": ("幼儿园", "学前"),
    "小学": ("小学",),
    "初中": ("初中", "初级中学"),
    "高中": ("高中", "高完中", "完全中学", "高级中学"),
    "特殊教育": ("特殊教育", "特教"),
}
MODE_WORDS = {"新建": ("新建", "迁建"), "改扩建": ("改扩建", "扩建", "改建"), "迁建": ("迁建",)}
_MODE = re.compile(r"新建|改扩建|扩建|改建|迁建")
_SEATS = re.compile(r"学位")
OWNERSHIP_WORDS = ("公办", "民办")
ABOUT = 0.1  # 左右: within 10%


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


def _promise(item: Item) -> tuple[str, tuple[str, ...], tuple[str, ...], str] | None:
    """What a prose target promises of the table: (what, levels, modes, ownership), with what
    being count (新建N所幼儿园) or seats (新增学位N个); None when it is no such promise."""
    levels = _levels(item.subject)
    if levels is None and not _SEATS.search(item.subject):
        return None
    modes = tuple(w for word, cells in MODE_WORDS.items() if word in item.subject for w in cells)
    owner = next((w for w in OWNERSHIP_WORDS if w in item.subject), "")
    if item.unit == "所" and modes:
        return "count", levels or (), modes, owner
    if item.unit in ("个", "人") and _SEATS.search(item.subject):
        return "seats", levels or (), modes, owner
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


def table_prose_mismatches(plan: Plan) -> list[Finding]:
    """Prose targets that count the table's schools (新建N所幼儿园) or sum its seats (新增学位
    N个) where the table's rows of that level, mode and ownership say otherwise.

    A promise about a level the table has no row of is left alone: the table is about
    other schools. A promise naming a district of the table (其中钦南区新建幼儿园2所) counts
    that district's rows.
    """
    if not plan.projects:
        return []
    districts = {p.district for p in plan.projects if len(p.district) >= 2}
    out = []
    for item in plan.targets:
        promise = _promise(item)
        if promise is None:
            continue
        what, levels, modes, owner = promise
        if levels and not any(_matches(p, levels, (), "") for p in plan.projects):
            continue
        rows = [p for p in plan.projects if _matches(p, levels, modes, owner)]
        named = {d for d in districts if d in item.subject}
        if named:
            rows = [p for p in rows if p.district in named]
        total = float(len(rows)) if what == "count" else sum(p.seats or 0 for p in rows)
        if _agrees(item, total):
            continue
        out.append(_mismatch(plan, item, what, rows, total))
    return out


def _mismatch(plan: Plan, item: Item, what: str, rows: Sequence[Project], total: float) -> Finding:
    counted = (
        f"{len(rows)}所" if what == "count" else f"{len(rows)}所学校的学位合计{number(total)}个"
    )
    by_level: dict[str, int] = defaultdict(int)
    for p in rows:
        by_level[f"{p.level}{p.mode}"] += 1
    detail = "、".join(f"{k}{n}所" for k, n in by_level.items()) or "无相应行"
    message = f"正文「{item.subject}」{figure(item)}，而项目表中相应的行为{counted}（{detail}）"
    start, end = _rows_span(plan, rows or plan.projects)  # no row: the whole table
    table = Evidence(
        role="项目表合计",
        document_id=plan.id,
        doc=plan.name,
        text=f"{counted}：{detail}",
        start=start,
        end=end,
        value=total,
        unit="所" if what == "count" else "个",
    )
    prose = evidence_of("正文目标", plan, item)
    return Finding.about("table_prose_mismatch", "warning", plan, item, message, prose, table)


def _rows_span(plan: Plan, rows: Sequence[Project]) -> tuple[int | None, int | None]:
    """Where the counted rows stand in the source: from the first to the last of their seat
    figures (the table's items are named after their schools); None when none is known."""
    names = {p.name for p in rows}
    spans = [(i.span.start, i.span.end) for i in plan.items if i.subject in names]
    if not spans:
        return None, None
    return min(a for a, _ in spans), max(b for _, b in spans)
