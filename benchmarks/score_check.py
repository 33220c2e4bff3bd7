"""Precision and recall of ``planwatch check`` against the hand-checked finding lists.

Ingests each set of plans into a fresh SQLite file, runs check over the ledger and compares
the findings with the set's hand-checked list: tests/data/compare (plans written knowing the
rules), tests/data/blind_check (plans and key written by an engineer who never saw the code
nor ran it) and the seed plans when ../shared/seeds exists:

- a finding is right when an expected entry of the same kind and document agrees with it on
  every field the entry gives (indicator, year, value; ``message_has``: words of its message);
  precision = right / findings;
- an expected entry is found when a finding is right for it; recall = found / entries;
- an "absent" entry (a consistent case) answered by a finding counts as a wrong finding.

    .venv/bin/python benchmarks/score_check.py
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from planwatch.config import Settings
from planwatch.present.render import machine
from planwatch.services import analysis, ledger

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "compare"
BLIND = ROOT / "tests" / "data" / "blind_check"
SEEDS = ROOT.parent / "shared" / "seeds"


def matches(finding: dict[str, Any], entry: dict[str, Any]) -> bool:
    if (finding["kind"], finding["doc"]) != (entry["kind"], entry["doc"]):
        return False
    if entry.get("message_has", "") not in finding["message"]:
        return False
    return all(finding[k] == entry[k] for k in ("indicator", "year", "value") if k in entry)


def score(paths: list[Path], key: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(f"sqlite:///{Path(tmp) / 'ledger.db'}")
        ledger.ingest_paths(settings, paths)
        findings = machine(analysis.check_plans(settings))
    right = [f for f in findings if any(matches(f, e) for e in key["present"])]
    found = [e for e in key["present"] if any(matches(f, e) for f in findings)]
    wrong_absent = [e for e in key["absent"] if any(matches(f, e) for f in findings)]
    return {
        "findings": len(findings),
        "right": len(right),
        "entries": len(key["present"]),
        "found": len(found),
        "absent": len(key["absent"]),
        "absent_hit": len(wrong_absent),
        "by_kind": Counter(e["kind"] for e in key["present"]),
        "missed": [e["note"] for e in key["present"] if e not in found],
        "extra": [f["message"] for f in findings if f not in right],
    }


def main() -> None:
    sets = [  # (name, plans, answer key)
        ("hand-made plans (tests/data/compare)", DATA, "expected_findings.json"),
        ("blind plans (tests/data/blind_check)", BLIND, "expected_findings.json"),
    ]
    if SEEDS.is_dir():
        sets.append(("seed plans (../shared/seeds)", SEEDS, "expected_seed_findings.json"))
    print("| plans | findings | right | precision | expected | found | recall | flagged wrongly |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    details = []
    for name, folder, key_file in sets:
        keys = BLIND if folder == BLIND else DATA
        key = json.loads((keys / key_file).read_text(encoding="utf-8"))
        s = score(sorted(folder.glob("*.txt")), key)
        precision = s["right"] / s["findings"] if s["findings"] else 1.0
        recall = s["found"] / s["entries"]
        print(
            f"| {name} | {s['findings']} | {s['right']} | {precision:.3f} | {s['entries']} "
            f"| {s['found']} | {recall:.3f} | {s['absent_hit']} of {s['absent']} |"
        )
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(s["by_kind"].items()))
        details.append(f"- {name}: expected findings by kind: {kinds}")
        details += [f"  - missed: {m}" for m in s["missed"]]
        details += [f"  - not expected: {m}" for m in s["extra"]]
    print()
    print(*details, sep="\n")


if __name__ == "__main__":
    main()
