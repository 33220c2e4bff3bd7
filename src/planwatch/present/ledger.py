"""The views of the ledger: its export (目标任务台账), one document, and what extract reads."""

from __future__ import annotations

from typing import Any

from planwatch.present.columns import (
    DOCUMENT_COLUMNS,
    ITEM_COLUMNS,
    META_COLUMNS,
    OUTLINE_COLUMNS,
    PROJECT_COLUMNS,
    TASK_COLUMNS,
    Column,
    MetaRow,
    named,
    plain,
    simplified_subject,
)
from planwatch.present.figures import figure
from planwatch.present.names import ITEM_KIND_NAMES
from planwatch.present.render import Part, View

EXTRACT_COLUMNS: dict[str, tuple[Column, ...]] = {
    "items": ITEM_COLUMNS,
    "tasks": TASK_COLUMNS,
    "outline": OUTLINE_COLUMNS,
    "meta": META_COLUMNS,
}


def ledger_workbook_view(ledger: Any) -> View:
    """The whole ledger: 目标, 基数, 任务, 项目 and 文件, each figure beside its quote."""
    parts = [
        Part("目标", ITEM_COLUMNS, ledger.targets),
        Part("基数", ITEM_COLUMNS, ledger.baselines),
        Part("任务", TASK_COLUMNS, ledger.tasks),
        Part("项目", PROJECT_COLUMNS, ledger.projects),
        Part("文件", DOCUMENT_COLUMNS, ledger.documents),
    ]
    return View(parts, data=ledger)


def document_view(view: Any) -> View:
    """One document: its items, tasks and projects; json holds the whole view."""
    parts = [
        Part("指标项", ITEM_COLUMNS, view.items),
        Part("任务", TASK_COLUMNS, view.tasks),
        Part("项目", PROJECT_COLUMNS, view.projects),
    ]
    return View(parts, data=view)


SHOW_FIELDS = (
    ("doc_number", "文号"),
    ("issuer", "发文机关"),
    ("issue_date", "成文日期"),
    ("region", "地区"),
    ("org_unit_code", "行政区划代码"),
    ("level", "层级"),
    ("period_start", "起始年"),
    ("period_end", "终止年"),
    ("implements", "贯彻的上级规划"),
    ("sha256", "SHA-256"),
)


def document_tree(view: Any) -> str:
    """One document as a tree for the terminal: its facts, the plans implementing it, each
    heading with its tasks and items (类型 对象 数值（年份） 「原文」)."""
    doc = view.document
    shown = {c.key: c for c in DOCUMENT_COLUMNS}
    lines = [f"【{doc.id}】{doc.name}  {doc.title}"]
    for key, name in SHOW_FIELDS:
        value = shown[key].cell(doc) if key in shown else plain(getattr(doc, key))
        if value not in (None, ""):
            lines.append(f"  {name}：{value}")
    if view.implemented_by:
        lower = "、".join(f"{r.target_name}（{r.title}）" for r in view.implemented_by)
        lines.append(f"  贯彻本规划的文件：{lower}")
    for node in view.outline:
        section = node.section
        lines.append(f"{'  ' * (section.level - 1)}{section.label} {section.title}")
        lines += _members(node.tasks, node.items, "  " * section.level)
    if view.loose_items or view.loose_tasks:
        lines.append("（章节之外）")
        lines += _members(view.loose_tasks, view.loose_items, "  ")
    return "\n".join(lines) + "\n"


_KIND = named(ITEM_KIND_NAMES)


def _members(tasks: list[Any], items: list[Any], pad: str) -> list[str]:
    lines = []
    for task in tasks:
        units = "；".join(f"{role}：{'、'.join(names)}" for role, names in task.units.items())
        lines.append(f"{pad}▸ 任务 {task.label} {task.title}" + (f"（{units}）" if units else ""))
    for item in items:
        quoted = " ".join(item.text.split())
        subject = simplified_subject(item.subject)
        shown = figure(item, item.year)
        lines.append(f"{pad}• {_KIND(item.kind)} {subject} {shown}  「{quoted}」")
    return lines


def extraction_view(docs: list[Any], what: str, per_document: bool) -> View:
    """What extract read: items, tasks, outline or metadata of the documents (one part per
    document for the text table), or for ``all`` every document whole (json)."""
    if what == "all":
        return View([], data=docs)
    columns = EXTRACT_COLUMNS[what]
    rows = [_rows(doc, what) for doc in docs]
    if per_document:
        parts = [
            Part(f"【{doc.name}】{doc.meta.title}", columns, r)
            for doc, r in zip(docs, rows, strict=True)
        ]
        heading = parts[0].title if len(parts) == 1 else ""
        return View(parts, heading=heading)
    return View.of([row for r in rows for row in r], columns)


def _rows(doc: Any, what: str) -> list[Any]:
    if what == "meta":
        return [MetaRow(doc.name, doc.meta)]
    rows: list[Any] = getattr(doc, what)
    return rows
