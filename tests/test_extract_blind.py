"""Plans the extractor was not written against: hand-made expected items in tests/data/blind.

The three excerpts and their expected items were written before the extractor was run on
them; this test keeps what it reads of them from getting worse (matching as in SPEC.md:
same value, value_max and unit, start within 40 characters).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.services.extraction import read_document

BLIND = Path(__file__).parent / "data" / "blind"


def _matched(expected: list[dict[str, object]], found: list[dict[str, object]]) -> int:
    used: set[int] = set()
    for e in expected:
        for i, f in enumerate(found):
            if i not in used and all(f[k] == e[k] for k in ("value", "value_max", "unit")):
                if abs(int(str(f["start"])) - int(str(e["start"]))) <= 40:
                    used.add(i)
                    break
    return len(used)


@pytest.mark.parametrize("plan", sorted(BLIND.glob("*.txt")), ids=lambda p: p.stem)
def test_unseen_plan_items_are_found_and_nothing_else(plan: Path) -> None:
    expected = [
        json.loads(line)
        for line in plan.with_suffix(".expected.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    doc = read_document(plan)
    found = [
        {"start": i.span.start, "value": i.value, "value_max": i.value_max, "unit": i.unit}
        for i in doc.items
    ]
    matched = _matched(expected, found)
    assert matched / len(expected) >= 0.95, f"recall {matched}/{len(expected)}"
    assert matched / len(found) >= 0.95, f"precision {matched}/{len(found)}"
