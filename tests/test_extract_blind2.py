"""Plans written blind by other engineers (tests/data/blind2, tests/data/cascade): what the
extractor reads of them must not get worse.

The keys were written from SPEC.md alone, without the extractor's code or output (see each
folder's README). Items are matched as in SPEC.md's scoring (same value, value_max and
unit, start within 40 characters, nearest first); on matched pairs kind, relation and year
must agree and the gold subject's characters must be found in the predicted one. The
thresholds sit a little under the scores reached (issue 11), so that a change of rules that
loses ground fails here. The cascade's metadata (own 文号, region, level, period, issuer,
date), its tasks (matched by label and title) and its links (each lower plan names the 文号
of the plan it implements) are checked document by document.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from planwatch.ingest.simplify import simplified
from planwatch.parse.references import plan_key
from planwatch.records import Document, Item
from planwatch.services.extraction import read_document

DATA = Path(__file__).parent / "data"
BLIND2 = DATA / "blind2"
CASCADE = DATA / "cascade"
WINDOW = 40


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    kind: float
    relation: float
    year: float
    subject: float


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)  # type: ignore[arg-type]


def _overlap(gold: str, found: str) -> float:
    gold, found = "".join(gold.split()), "".join(found.split())
    return sum(ch in found for ch in gold) / len(gold)


def score(gold: list[dict[str, object]], found: list[Item]) -> Score:
    """SPEC.md's scoring of one set of documents."""
    pairs: list[tuple[dict[str, object], Item]] = []
    used: set[int] = set()
    for g in sorted(gold, key=lambda r: (str(r["doc"]), int(str(r["start"])))):
        start = int(str(g["start"]))
        candidates = [
            (abs(i.span.start - start), n)
            for n, i in enumerate(found)
            if n not in used
            and i.doc == g["doc"]
            and abs(i.span.start - start) <= WINDOW
            and _same(g["value"], i.value)
            and _same(g["value_max"], i.value_max)
            and g["unit"] == i.unit
        ]
        if candidates:
            n = min(candidates)[1]
            used.add(n)
            pairs.append((g, found[n]))
    precision, recall = len(pairs) / len(found), len(pairs) / len(gold)
    subjects = [_overlap(str(g["subject"]), i.subject) for g, i in pairs if g["subject"]]
    return Score(
        f1=2 * precision * recall / (precision + recall),
        kind=sum(g["kind"] == i.kind for g, i in pairs) / len(pairs),
        relation=sum(g["relation"] == i.relation for g, i in pairs) / len(pairs),
        year=sum(g["year"] == i.year for g, i in pairs) / len(pairs),
        subject=sum(subjects) / len(subjects),
    )


@cache
def documents(folder: Path) -> tuple[Document, ...]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))
    return tuple(read_document(p) for p in files)


def keys(folder: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.expected.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]


# Reached with issue 11 (before: blind2 F1 0.933 kind 0.771 relation 0.988 year 0.669
# subject 0.823; cascade F1 0.971 kind 0.945 relation 0.994 year 0.564 subject 0.803).
# blind3 was held out from all that work and scored once, blind: F1 0.903 (recall 0.840),
# kind 0.993, relation 0.997, year 0.905, subject 0.890. Its misses were two layouts (a figure
# wrapped from its unit, a table stacked one cell per line) and a table's 单位 column; after
# the general rules for them: F1 0.981, kind 0.994, relation 0.997, year 0.918, subject 0.905.
FLOORS = {
    "blind2": Score(f1=0.98, kind=0.97, relation=0.97, year=0.97, subject=0.88),
    "cascade": Score(f1=0.98, kind=0.97, relation=0.97, year=0.97, subject=0.89),
    "blind3": Score(f1=0.97, kind=0.98, relation=0.98, year=0.90, subject=0.88),
}


@pytest.mark.parametrize("name", ["blind2", "cascade", "blind3"])
def test_blind_sets_keep_their_scores(name: str) -> None:
    folder = DATA / name
    found = [i for d in documents(folder) for i in d.items]
    got, floor = score(keys(folder), found), FLOORS[name]
    for field in ("f1", "kind", "relation", "year", "subject"):
        assert getattr(got, field) >= getattr(floor, field), (field, got)


def _comparable(field: str, value: object) -> object:
    """Key values as the metadata holds them: simplified script (the traditional pages are
    keyed as written), a notice's title by the plan it issues."""
    if isinstance(value, str):
        value = simplified(value)
        return plan_key(value) if field == "title" else value
    return value


META_FIELDS = ("title", "doc_number", "issuer", "issue_date", "region", "level")


def _meta_rows(folder: Path, expected: dict[str, dict[str, object]]) -> list[tuple[str, str]]:
    """(document, field) of every metadata field that disagrees with the key."""
    wrong = []
    for doc in documents(folder):
        key = expected[doc.name]
        meta = doc.meta
        got: dict[str, object] = {f: getattr(meta, f) for f in META_FIELDS}
        got |= {
            "period_start": meta.period_start,
            "period_end": meta.period_end,
            "period_stated": not meta.period_inferred,
        }
        for field, value in got.items():
            want = key.get(field)
            if field == "period_stated" and key.get("period_end") is None:
                continue
            if _comparable(field, value) != _comparable(field, want):
                wrong.append((doc.name, field))
    return wrong


def test_cascade_metadata_matches_the_key_document_by_document() -> None:
    expected = json.loads((CASCADE / "meta.json").read_text("utf-8"))
    assert _meta_rows(CASCADE, expected) == []


def test_blind2_metadata_matches_the_key_but_for_the_speech_region() -> None:
    expected = {
        p.name.removesuffix(".meta.json"): json.loads(p.read_text("utf-8"))
        for p in BLIND2.glob("*.meta.json")
    }
    expected = {d.name: expected[d.name.rsplit(".", 1)[0]] for d in documents(BLIND2)}
    # The speech names its city only in its text (洛阳教育): region, level and issuer unknown.
    assert _meta_rows(BLIND2, expected) == [
        ("b2_09_luoyang_speech.txt", "issuer"),
        ("b2_09_luoyang_speech.txt", "region"),
        ("b2_09_luoyang_speech.txt", "level"),
    ]


def _task_label(section: str, label: str) -> str:
    """二（一）: the heading's numeral and the paragraph's, as the key writes labels."""
    return f"{section.split('、', 1)[0]}（{label}）"


@pytest.mark.parametrize(
    "name", ["national.txt", "sichuan.txt", "mianyang.txt", "henan.txt", "luoyang.txt"]
)
def test_cascade_tasks_are_the_numbered_paragraphs_under_headings_of_work(name: str) -> None:
    expected = json.loads((CASCADE / "tasks.json").read_text("utf-8"))[name]
    doc = next(d for d in documents(CASCADE) if d.name == name)
    found = [(_task_label(t.section, t.label), t.section, t.title) for t in doc.tasks]
    assert [(e["label"], e["section"], e["title"]) for e in expected] == found


def test_each_cascade_plan_names_the_doc_number_of_the_plan_it_implements() -> None:
    meta = json.loads((CASCADE / "meta.json").read_text("utf-8"))
    docs = {d.name: d for d in documents(CASCADE)}
    for name, key in meta.items():
        higher = key["implements"]
        numbers = {r.doc_number for r in docs[name].references}
        if higher is None:
            assert docs[name].meta.doc_number not in numbers
            continue
        assert docs[higher].meta.doc_number in numbers, name
