"""extract stage: quantity items (targets and baselines) and planned projects, grounded."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.extract.budget import Budget
from planwatch.extract.prose import Context, prose_items
from planwatch.extract.tables import table_items, table_projects
from planwatch.records import Item, Metadata, Project, Section, SourceText, Table, Task

# A glossary at the end of a plan explains words; its numbers are not commitments.
_GLOSSARY = re.compile(
    r"^[ \t]*(?:附件?[ \t\d]*[：:]?[ \t]*)?(?:相关|有关)?(?:名词解释|名词释义|术语解释)[ \t：:]*$",
    re.M,
)

# The first line of a text, when it is a title (no sentence in it), and a ——subtitle line:
# a headline's figures (安徽：到2025年毛入园率将超92%) are not items, like a plan's title.
_HEADLINE = re.compile(r"\A\s*(?P<title>[^\n。；，,]{2,60})\n(?:\s*——[^\n]*\n)?")

__all__ = ["EXTRACTOR_VERSION", "extract_items", "extract_projects"]

# Raised whenever the rules change what is read from a plan: the ledger reads its files again
# (``planwatch ingest``) when they were read by another version.
EXTRACTOR_VERSION = "2026.12.4"


def extract_items(  # noqa: PLR0913 — the parsed document's parts, and the time budget
    src: SourceText,
    meta: Metadata,
    outline: list[Section],
    tables: Sequence[Table] = (),
    tasks: Sequence[Task] = (),
    budget: Budget | None = None,
) -> list[Item]:
    """Every item of a parsed document, in source order; past the budget, UnreadableFile."""
    ctx = Context.of(src, meta, outline, tasks)
    items: list[Item] = []
    skip: list[tuple[int, int]] = []
    for table in tables:
        if budget is not None:
            budget.check()
        for cell, item in table_items(src, meta, table):
            item.section = ctx.place_at(cell.start).section
            item.task = ctx.task_at(cell.start)
            items.append(item)
            skip.append((cell.start, cell.end))
    glossary = _GLOSSARY.search(src.text)
    if glossary:
        skip.append((glossary.start(), len(src.text)))
    headline = _HEADLINE.match(src.text)
    if headline:
        skip.append((0, headline.end()))
    items += prose_items(ctx, skip, budget)
    items.sort(key=lambda i: i.span.start)
    return items


def extract_projects(tables: Sequence[Table]) -> list[Project]:
    """Planned construction projects of the document's tables."""
    return [p for table in tables for p in table_projects(table)]
