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
    link_items(items)
    got = {keys[n]: i.indicator for n, i in enumerate(items) if i.indicator}
    assert set(expected) <= set(keys), "expected links name items missing from the answer keys"
    right = sum(got.get(k) == v for k, v in expected.items())
    assert right / len(expected) >= 0.95, f"{right}/{len(expected)} right"
    assert not set(got) - set(expected), [
        items[keys.index(k)].subject for k in set(got) - set(expected)
    ]


def test_extracted_seed_items_link_as_expected(seeds: dict[str, Path]) -> None:
    """The same measure on what the pipeline extracts (the items the ledger stores): each
    expected link is checked on the extracted item of that value nearest its place."""
    from planwatch.services.extraction import read_document

    expected = read_jsonl(EXPECTED)
    right = 0
    wrong: list[str] = []
    for path in seeds.values():
        doc = read_document(path)  # its items come linked
        links = {n: i.indicator for n, i in enumerate(doc.items) if i.indicator}
        matched: set[int] = set()
        for e in (e for e in expected if e["doc"] == path.name):
            start = int(str(e["start"]))
            near = [i for i, it in enumerate(doc.items) if it.value == e["value"]]
            i = min(near, key=lambda i: abs(doc.items[i].span.start - start), default=None)
            if i is not None and abs(doc.items[i].span.start - start) <= 40:
                matched.add(i)
                right += links.get(i) == e["indicator"]
        wrong += [doc.items[i].subject for i in links if i not in matched]
    assert right / len(expected) >= 0.95, f"{right}/{len(expected)} right"
    assert wrong == []
