"""Test helpers shared by the extraction tests."""

from __future__ import annotations

from collections.abc import Iterable

from planwatch.records import Item, SourceText


def assert_grounded(src: SourceText, items: Iterable[Item]) -> None:
    """Every item's text is exactly the source characters at its span."""
    for item in items:
        assert src.source[item.span.start : item.span.end] == item.text, item
