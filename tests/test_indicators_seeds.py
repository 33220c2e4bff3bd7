"""On the five seeds' answer keys, items are linked to the expected indicator and no other."""

from __future__ import annotations

import json
from pathlib import Path

from planwatch.extract.indicators import link_items
from planwatch.records import Item, Span

EXPECTED = Path(__file__).parent / "data" / "indicator_links.jsonl"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def gold_items(shared_dir: Path) -> tuple[list[Item], list[tuple[object, ...]]]:
    """Items built from the answer keys, and their (doc, start, value) keys."""
    items: list[Item] = []
    keys: list[tuple[object, ...]] = []
    for path in sorted((shared_dir / "eval" / "gold").glob("*.jsonl")):
        for row in read_jsonl(path):
            span = Span(int(str(row["start"])), int(str(row["end"])))
            items.append(
                Item(
                    span,
                    str(row["text"]),
                    float(str(row["value"])),
                    str(row["unit"]),
                    subject=str(row["subject"]),
                )
            )
            keys.append((row["doc"], row["start"], row["value"]))
    return items, keys


def test_seed_items_link_to_expected_indicators(shared_dir: Path) -> None:
    items, keys = gold_items(shared_dir)
    expected = {(r["doc"], r["start"], r["value"]): r["indicator"] for r in read_jsonl(EXPECTED)}
    got = {keys[link.item]: link.indicator for link in link_items(items)}
    assert set(expected) <= set(keys), "expected links name items missing from the answer keys"
    right = sum(got.get(k) == v for k, v in expected.items())
    assert right / len(expected) >= 0.95, f"{right}/{len(expected)} right"
    assert not set(got) - set(expected), [
        items[keys.index(k)].subject for k in set(got) - set(expected)
    ]
