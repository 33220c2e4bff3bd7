"""One parsed plan finished into the Document the ledger stores: items linked to indicators
and tasks, quotes, tasks placed under their headings, the region and its bodies, projects and
references to higher plans."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from planwatch.extract import EXTRACTOR_VERSION, extract_items, extract_projects
from planwatch.extract import budget as budget_module
from planwatch.extract.budget import Budget
from planwatch.extract.indicators import link_items
from planwatch.extract.regions import (
    body_of,
    level_word,
    region_at_start,
    region_of_doc_number,
    resolve_region,
)
from planwatch.parse import parse_document
from planwatch.parse.references import doc_number_key, find_references, plan_key
from planwatch.records import Document, Metadata, OrgUnit, Reference, Section, SourceText, Task

QUOTE_CONTEXT = 40  # characters each side of a figure in its quote
_NESTED = 64  # tasks starting before a position that may still hold it (rows of a 分工表)


def extract_document(src: SourceText, seconds: float | None = None) -> Document:
    """A source text through parse and extract: everything ``ingest`` stores of it.

    Past ``seconds`` of reading (``budget.EXTRACT_SECONDS`` by default), UnreadableFile
    names the file: a batch reports it and goes on without it.
    """
    budget = Budget(src.name, budget_module.EXTRACT_SECONDS if seconds is None else seconds)
    meta, outline, tables, tasks = parse_document(src)
    budget.check()
    _complete_region(meta)
    items = extract_items(src, meta, outline, tables, tasks, budget)
    budget.check()
    region = _region(meta.region)
    for section in outline:
        section.span = src.to_source(section.start, section.end)
        section.doc = src.name
    for task in tasks:
        task.span = src.to_source(task.start, task.end)
        task.section = task_section(outline, task)
        task.doc = src.name
    link_items(items)
    task_index = _task_finder(tasks)
    for item in items:
        item.quote = quote(src.source, item.span.start, item.span.end)
        item.task_index = task_index(item.span.start)
        item.doc, item.doc_title, item.region = src.name, meta.title, meta.region
        item.region_code = region.code if region else None
    names = sorted({n for t in tasks for ns in t.units.values() for n in ns})
    return Document(
        name=src.name,
        source=src,
        meta=meta,
        outline=outline,
        tables=tables,
        tasks=tasks,
        items=items,
        projects=extract_projects(tables),
        references=references(src, meta),
        region=region,
        units={name: body_of(name, region) for name in names},
        extracted_with=EXTRACTOR_VERSION,
    )


def _complete_region(meta: Metadata) -> None:
    """A region the parser could not name from suffixed words: a short name opening the title
    or the issuer (绍兴发布…), else the province of the 文号 (赣府厅发 → 江西省)."""
    if meta.region:
        return
    unit = (
        region_at_start(meta.title)
        or region_at_start(meta.issuer)
        or region_of_doc_number(meta.doc_number)
    )
    if unit is not None:
        meta.region, meta.level = unit.name, level_word(unit)


@lru_cache(maxsize=4096)
def _region(name: str) -> OrgUnit | None:
    """The org unit of a region name (resolved once per name in a batch)."""
    return resolve_region(name) if name else None


def quote(source: str, start: int, end: int, context: int = QUOTE_CONTEXT) -> str:
    """The words around a span (±context characters), whitespace collapsed."""
    return " ".join(source[max(0, start - context) : end + context].split())


def _task_finder(tasks: list[Task]) -> Callable[[int], int | None]:
    """The index of the task whose source span holds a position: the last such task of the
    list, since a table's row tasks come after the task that holds the table.

    Tasks are leaves of the outline or rows of a table inside one: the tasks holding a
    position start at most a few tasks before it, found by bisection (no scan of all).
    """
    spans = sorted((t.span.start, t.span.end, n) for n, t in enumerate(tasks) if t.span)
    starts = [start for start, _, _ in spans]

    def find(pos: int) -> int | None:
        i = bisect_right(starts, pos)
        holding = [n for start, end, n in spans[max(0, i - _NESTED) : i] if start <= pos < end]
        return max(holding, default=None)

    return find


def heading(section: Section) -> str:
    """A heading as plans write it: 一、总体要求, （一）指导思想, 1．新建幼儿园, 第一章 …"""
    label = section.label
    if label.isdigit():
        return f"{label}．{section.title}"
    if label and all("\u4e00" <= ch <= "\u9fff" for ch in label) and not label.startswith("第"):
        return f"{label}、{section.title}"
    if label.endswith(("）", ")")):
        return f"{label}{section.title}"
    return f"{label} {section.title}".strip()


def task_section(outline: list[Section], task: Task) -> str:
    """The heading a task sits under (not the task's own heading)."""
    if task.section_index is None:
        return ""
    section = outline[task.section_index]
    if section.title == task.title and section.parent is not None:
        section = outline[section.parent]
    return heading(section)


def references(src: SourceText, meta: Metadata) -> list[Reference]:
    """The higher plans the document implements, each with its 文号 when the text gives it.

    The metadata lists the titles and the 文号 written after them, unpaired; a 文号 goes to
    the title right before it in the text: 根据《广西教育事业发展“十四五”规划》
    （桂政发〔2021〕35号）.
    The plan inside a notice's title (关于印发X的通知) shares X's key, so both get the 文号.
    """
    numbers = {doc_number_key(n): n for n in meta.implements_numbers}
    by_title: dict[str, str] = {}
    if numbers:
        refs = find_references(src.text)
        for before, ref in pairwise(refs):
            if ref.kind == "doc_number" and ref.key in numbers and before.kind == "title":
                by_title.setdefault(before.key, numbers[ref.key])
    return [Reference(t, by_title.get(plan_key(t), "")) for t in meta.implements]
