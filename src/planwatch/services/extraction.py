"""Use case: read plan files through ingest, parse and extract, and shape their views."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError
from planwatch.extract import extract_items
from planwatch.ingest import read_source
from planwatch.parse import parse_document
from planwatch.records import Document, Section, Task

ITEM_HEADERS = {
    "doc": "文件",
    "start": "起",
    "end": "止",
    "text": "原文",
    "value": "数值",
    "value_max": "上限",
    "unit": "单位",
    "kind": "类型",
    "relation": "关系",
    "year": "年份",
    "subject": "对象",
    "section": "所在章节",
    "task": "任务",
}
TASK_HEADERS = {
    "doc": "文件",
    "label": "编号",
    "title": "任务",
    "section": "所在章节",
    "lead": "牵头单位",
    "cooperating": "配合单位",
    "start": "起",
    "end": "止",
}
OUTLINE_HEADERS = {
    "doc": "文件",
    "level": "层级",
    "kind": "类别",
    "label": "编号",
    "title": "标题",
    "start": "起",
    "end": "止",
}
META_HEADERS = {
    "doc": "文件",
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文机关",
    "issue_date": "成文日期",
    "period_start": "起始年",
    "period_end": "终止年",
    "region": "地区",
    "level": "层级",
    "implements": "贯彻的上级规划",
}
KIND_NAMES = {"target": "目标", "baseline": "基数"}


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


def sample_plan() -> Path:
    """The sample plan shipped in the package (a fictional county plan)."""
    return Path(str(resources.files("planwatch") / "data" / "sample_plan.txt"))


def read_document(path: Path) -> Document:
    """One plan file through all the stages; raises PlanWatchError for a bad file."""
    src = read_source(path)
    meta, outline, tables, tasks = parse_document(src)
    items = extract_items(src, meta, outline, tables, tasks)
    return Document(src.name, src, meta, outline, tables, tasks, items)


def read_documents(
    paths: Iterable[Path], on_error: Callable[[Path, PlanWatchError], None]
) -> Iterator[Document]:
    """Each readable document in turn; a bad file is reported and the batch goes on."""
    for path in paths:
        try:
            yield read_document(path)
        except PlanWatchError as exc:
            on_error(path, exc)


def item_rows(doc: Document) -> list[dict[str, Any]]:
    """The SPEC record of every item (plus its section and task)."""
    return [
        {
            "doc": doc.name,
            "start": i.span.start,
            "end": i.span.end,
            "text": i.text,
            "value": i.value,
            "value_max": i.value_max,
            "unit": i.unit,
            "kind": i.kind,
            "relation": i.relation,
            "year": i.year,
            "subject": i.subject,
            "section": i.section,
            "task": i.task,
        }
        for i in doc.items
    ]


def task_rows(doc: Document) -> list[dict[str, Any]]:
    """Every task with its lead and cooperating units, grounded to the source."""
    rows = []
    for t in doc.tasks:
        span = doc.source.to_source(t.start, t.end)
        rows.append(
            {
                "doc": doc.name,
                "label": t.label,
                "title": t.title,
                "section": _task_section(doc, t),
                "lead": t.lead,
                "cooperating": t.cooperating,
                "units": t.units,
                "start": span.start,
                "end": span.end,
            }
        )
    return rows


def _task_section(doc: Document, task: Task) -> str:
    """The heading a task sits under (not the task's own heading)."""
    if task.section is None:
        return ""
    section = doc.outline[task.section]
    if section.title == task.title and section.parent is not None:
        section = doc.outline[section.parent]
    return heading(section)


def outline_rows(doc: Document) -> list[dict[str, Any]]:
    """Every outline node with its source span."""
    rows = []
    for s in doc.outline:
        span = doc.source.to_source(s.start, s.end)
        rows.append(
            {
                "doc": doc.name,
                "level": s.level,
                "kind": s.kind,
                "label": s.label,
                "title": s.title,
                "start": span.start,
                "end": span.end,
            }
        )
    return rows


def meta_row(doc: Document) -> dict[str, Any]:
    """The document's metadata as one row."""
    return {"doc": doc.name, **asdict(doc.meta)}


def document_view(doc: Document) -> dict[str, Any]:
    """Everything read from one document, as one nested dict."""
    return {
        "meta": meta_row(doc),
        "outline": outline_rows(doc),
        "tasks": task_rows(doc),
        "items": item_rows(doc),
        "tables": [
            {"title": t.title, "header": t.header, "rows": [[c.text for c in r] for r in t.rows]}
            for t in doc.tables
        ],
    }


def for_people(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with Chinese words for coded values (target → 目标), for tables and csv."""
    return [{**r, "kind": KIND_NAMES.get(r["kind"], r["kind"])} if "kind" in r else r for r in rows]
