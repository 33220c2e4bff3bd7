"""extract stage: quantity items (targets and baselines) and planned projects, grounded."""

from __future__ import annotations

import re

from planwatch.extract.prose import Context, prose_items
from planwatch.records import Item, Metadata, Section, SourceText, Table

# A glossary at the end of a plan explains words; its numbers are not commitments.
_GLOSSARY = re.compile(r"^[ \t]*(?:相关|有关)?(?:名词解释|名词释义|术语解释)[ \t：:]*$", re.M)


def extract_items(
    src: SourceText, meta: Metadata, outline: list[Section], tables: list[Table]
) -> list[Item]:
    """Every item of a parsed document, in source order."""
    ctx = Context.of(src, meta, outline)
    skip = []
    glossary = _GLOSSARY.search(src.text)
    if glossary:
        skip.append((glossary.start(), len(src.text)))
    items = prose_items(ctx, skip)
    items.sort(key=lambda i: i.span.start)
    return items
