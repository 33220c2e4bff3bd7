"""``check`` and ``coverage`` scored against blind reviewers' keys (issue 17).

The keys were written by reviewers who read only the plans, never the code or its output:

- tests/data/review_seeds/: coverage of seed 003's tasks and targets by seed 001
  (coverage_003_by_001.json) and the findings a supervisor would raise on the five seeds
  (findings.json); the seeds are read from ../shared/seeds (skipped when absent);
- tests/data/cascade/: five documents (national → sichuan → mianyang, national → henan →
  luoyang) with the coverage of four pairs (coverage.json) and their findings (findings.json).

All ten documents are ingested into one temporary SQLite ledger; ``check`` runs over it and
``coverage`` runs on each key's pair, named explicitly (higher --lower lower).

Findings. A tool finding answers a key finding when document and kind agree and the key's
quote (located in the document's source) overlaps one of the finding's evidence spans in that
document (or, for evidence without a span, holds its figure); each is paired at most once
(maximum matching). Per tool severity: how many findings answer a present key finding
(right), how many a key's absent case (wrong, and named), how many neither (not in the key,
counted as wrong). Recall: the key's present findings answered (and those of the kinds check
has: 其他 is none of them). Absent cases flagged: the key's look-alikes a finding answers.

Coverage. A key task is paired with the tool's row of the same higher task (its title, after
simplification and without punctuation, matches; the row's span holds the title). Per class
(已承接/部分承接/未承接): precision over the tool's rows of the class that pair with a key
task, recall over the key's tasks of the class. "Paragraph right": the lower span the row
cites overlaps the key's lower_quote in the lower source. Targets are scored the same way
by their higher quote (不弱于上级 / 弱于上级 / 未设目标: the row's verdict, none for 未设目标).

    .venv/bin/python benchmarks/score_review.py [--json out.json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch.config import Settings
from planwatch.ingest.simplify import simplified
from planwatch.present.names import FINDING_KIND_NAMES, SEVERITY_NAMES
from planwatch.services import analysis, ledger

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "tests" / "data" / "review_seeds"
CASCADE = ROOT / "tests" / "data" / "cascade"
SEEDS = ROOT.parent / "shared" / "seeds"

STATUS = {"covered": "已承接", "partial": "部分承接", "not_covered": "未承接"}
TASK_CLASSES = ("已承接", "部分承接", "未承接")
TARGET_CLASSES = ("不弱于上级", "弱于上级", "未设目标")
SEVERITIES = ("严重", "警告", "提示")
_PUNCT = re.compile(r"[\s\W_]+")


def spans_of(source: str, quote: str | None) -> list[tuple[int, int]]:
    """Every place of the quote in the source."""
    if not quote:
        return []
    out, at = [], source.find(quote)
    while at >= 0:
        out.append((at, at + len(quote)))
        at = source.find(quote, at + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """A maximum matching of a bipartite graph (left → candidates): right → left."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in edges:
        augment(left, set())
    return owner


# --- findings ----------------------------------------------------------------------------


@dataclass
class FindingScore:
    name: str
    by_severity: dict[str, Counter[str]] = field(default_factory=dict)
    present: int = 0
    present_checkable: int = 0
    found: int = 0
    found_checkable: int = 0
    severity_agrees: int = 0
    absent: int = 0
    absent_flagged: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    flagged_absent: list[str] = field(default_factory=list)


def _answers(finding: Any, entry: dict[str, Any], sources: dict[str, str]) -> bool:
    if finding.doc != entry["doc"] or FINDING_KIND_NAMES.get(finding.kind) != entry["kind"]:
        return False
    places = spans_of(sources[entry["doc"]], entry["quote"])
    for ev in finding.evidence:
        if ev.doc != entry["doc"]:
            continue
        if ev.start is not None and ev.end is not None:
            if any(overlaps((ev.start, max(ev.end, ev.start + 1)), p) for p in places):
                return True
        elif ev.text and ev.text in entry["quote"]:
            return True
    return False


def score_findings(
    name: str,
    findings: Sequence[Any],
    key: dict[str, list[dict[str, Any]]],
    docs: set[str],
    sources: dict[str, str],
) -> FindingScore:
    """The findings on the key's documents against the key."""
    mine = [f for f in findings if f.doc in docs]
    present, absent = key["present"], key["absent"]
    edges = {
        n: [k for k, e in enumerate(present) if _answers(f, e, sources)] for n, f in enumerate(mine)
    }
    paired = max_matching(edges)  # key entry → finding
    right = {f: k for k, f in paired.items()}
    out = FindingScore(name)
    checkable = set(FINDING_KIND_NAMES.values())
    out.present = len(present)
    out.present_checkable = sum(e["kind"] in checkable for e in present)
    out.found = len(paired)
    out.found_checkable = sum(present[k]["kind"] in checkable for k in paired)
    out.absent = len(absent)
    flagged: set[int] = set()
    for n, f in enumerate(mine):
        sev = SEVERITY_NAMES[f.severity]
        counts = out.by_severity.setdefault(sev, Counter())
        counts["all"] += 1
        if n in right:
            counts["right"] += 1
            if present[right[n]].get("severity") == sev:
                counts["severity_agrees"] += 1
                out.severity_agrees += 1
            continue
        hits = [k for k, e in enumerate(absent) if _answers(f, e, sources)]
        if hits:
            counts["absent"] += 1
            flagged.update(hits)
            out.flagged_absent.append(f"{sev} {f.doc} {f.message}")
        else:
            counts["not_in_key"] += 1
            out.wrong.append(f"{sev} {f.doc} {f.message}")
    out.absent_flagged = len(flagged)
    out.missed = [
        f"{e['severity']} {e['kind']} {e['doc']}「{e['quote']}」"
        for k, e in enumerate(present)
        if k not in paired
    ]
    return out


# --- coverage ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return _PUNCT.sub("", simplified(text))


def _pair_rows(
    key_tasks: Sequence[dict[str, Any]], rows: Sequence[Any], higher_source: str
) -> dict[int, Any]:
    """Key task index → the tool's row of the same higher task."""
    edges: dict[int, list[int]] = {}
    for k, task in enumerate(key_tasks):
        title = _norm(task["title"])
        places = spans_of(higher_source, task["title"])
        ranked = []
        for n, row in enumerate(rows):
            mine = _norm(row.title)
            if not mine or not title:
                continue
            close = difflib.SequenceMatcher(None, title, mine).ratio()
            if not (title in mine or mine in title or close >= 0.8):
                continue
            inside = any(row.start <= a < max(row.end, row.start + 1) for a, _ in places)
            ranked.append((not inside, -close, n))
        edges[k] = [n for *_, n in sorted(ranked)]
    return {k: rows[n] for n, k in max_matching(edges).items()}


def cited_span(row: Any) -> tuple[int, int] | None:
    """The lower span a task row cites: its paragraph when it names one, else its task."""
    start = getattr(row, "cite_start", None)
    end = getattr(row, "cite_end", None)
    if start is None:
        start, end = row.match_start, row.match_end
    return None if start is None or end is None else (start, end)


@dataclass
class CoverageScore:
    pairs: list[str] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (key, tool)
    unpaired_key: list[str] = field(default_factory=list)
    extra_rows: int = 0
    cited: Counter[str] = field(default_factory=Counter)  # key class → cited right
    cited_of: Counter[str] = field(default_factory=Counter)  # key class → rows citing
    covered_cited_right: int = 0
    garbled_key: int = 0
    garbled_flagged: int = 0
    garbled_not_covered: int = 0
    target_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    target_unpaired: int = 0
    wrong: list[str] = field(default_factory=list)
    by_pair: dict[str, Counter[str]] = field(default_factory=dict)


def _target_class(row: Any) -> str:
    return {"consistent": "不弱于上级", "weaker": "弱于上级"}.get(row.verdict, "未设目标")


def score_coverage(
    out: CoverageScore, key: dict[str, Any], view: Any, sources: dict[str, str]
) -> None:
    higher, lower = key["higher"], key["lower"]
    out.pairs.append(f"{higher} → {lower}")
    pair = out.by_pair.setdefault(f"{higher} → {lower}", Counter())
    rows = [r for r in view.tasks if r.lower == lower]
    paired = _pair_rows(key["tasks"], rows, sources[higher])
    out.extra_rows += len(rows) - len(paired)
    for k, task in enumerate(key["tasks"]):
        truth = task["verdict"]
        row = paired.get(k)
        label = f"{higher}→{lower} {task.get('label', '')} {task['title']}"
        if row is None:
            out.unpaired_key.append(label)
            out.confusion[(truth, "（无此任务）")] += 1
            pair["tasks"] += 1
            continue
        said = STATUS[row.status]
        out.confusion[(truth, said)] += 1
        pair["tasks"] += 1
        pair["right"] += said == truth
        if task.get("garbled"):
            out.garbled_key += 1
            out.garbled_flagged += bool(getattr(row, "garbled", False))
            out.garbled_not_covered += said == "未承接"
        cite = cited_span(row)
        good = False
        if cite is not None and truth != "未承接":
            places = spans_of(sources[lower], task.get("lower_quote"))
            good = any(overlaps(cite, p) for p in places)
            out.cited_of[truth] += 1
            out.cited[truth] += good
        if said == "已承接" and truth == "已承接" and good:
            out.covered_cited_right += 1
        if said != truth or (said == "已承接" and not good):
            why = "" if said != truth else "（引文段落不对）"
            out.wrong.append(f"{label}: 键 {truth}，工具 {said}{why}")
    targets = [r for r in view.targets if r.lower == lower]
    for target in key.get("targets", []):
        places = spans_of(sources[higher], target["higher_quote"])
        row = next((r for r in targets if any(overlaps((r.start, r.end), p) for p in places)), None)
        if row is None:
            out.target_unpaired += 1
            out.target_confusion[(target["verdict"], "（无此目标）")] += 1
            continue
        out.target_confusion[(target["verdict"], _target_class(row))] += 1


# --- report ------------------------------------------------------------------------------


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "—"


def report_findings(scores: Iterable[FindingScore]) -> list[str]:
    lines = ["## check against the reviewers' findings", ""]
    lines += [
        "| key | tool severity | findings | right | absent case | not in key | "
        "precision | severity agrees |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = FindingScore("all")
    for s in scores:
        for sev in SEVERITIES:
            c = s.by_severity.get(sev, Counter())
            t = total.by_severity.setdefault(sev, Counter())
            t.update(c)
            lines.append(
                f"| {s.name} | {sev} | {c['all']} | {c['right']} | {c['absent']} | "
                f"{c['not_in_key']} | {_ratio(c['right'], c['all'])} | "
                f"{c['severity_agrees']}/{c['right']} |"
            )
        for attr in (
            "present",
            "present_checkable",
            "found",
            "found_checkable",
            "absent",
            "absent_flagged",
        ):
            setattr(total, attr, getattr(total, attr) + getattr(s, attr))
        total.missed += s.missed
        total.wrong += s.wrong
        total.flagged_absent += s.flagged_absent
    for sev in SEVERITIES:
        c = total.by_severity.get(sev, Counter())
        lines.append(
            f"| **all** | {sev} | {c['all']} | {c['right']} | {c['absent']} | "
            f"{c['not_in_key']} | {_ratio(c['right'], c['all'])} | "
            f"{c['severity_agrees']}/{c['right']} |"
        )
    warn = total.by_severity.get("警告", Counter()) + total.by_severity.get("严重", Counter())
    lines += [
        "",
        f"- warnings right (严重 and 警告): {_ratio(warn['right'], warn['all'])}",
        f"- hints right (提示): {_ratio(total.by_severity.get('提示', Counter())['right'], total.by_severity.get('提示', Counter())['all'])}",  # noqa: E501
        f"- recall of the reviewers' present findings: {_ratio(total.found, total.present)}; "
        f"of those of check's five kinds: {_ratio(total.found_checkable, total.present_checkable)}",
        f"- absent cases flagged: {total.absent_flagged} of {total.absent}",
        "",
    ]
    lines += [f"  - missed: {m}" for m in total.missed]
    lines += [f"  - flagged an absent case: {m}" for m in total.flagged_absent]
    lines += [f"  - not in the key: {m}" for m in total.wrong]
    return lines


def report_coverage(s: CoverageScore) -> list[str]:
    lines = ["## coverage against the reviewers' verdicts", ""]
    lines += [
        f"- {name}: {c['right']} of {c['tasks']} task verdicts as the key"
        for name, c in s.by_pair.items()
    ]
    lines.append("")
    lines += ["| class | key | tool | right | precision | recall | paragraph right |"]
    lines += ["|---|---:|---:|---:|---:|---:|---:|"]
    for c in TASK_CLASSES:
        key = sum(n for (k, _t), n in s.confusion.items() if k == c)
        tool = sum(n for (_k, t), n in s.confusion.items() if t == c)
        right = s.confusion[(c, c)]
        cited = _ratio(s.cited[c], s.cited_of[c]) if c != "未承接" else "—"
        lines.append(
            f"| {c} | {key} | {tool} | {right} | {_ratio(right, tool)} | {_ratio(right, key)} "
            f"| {cited} |"
        )
    covered = sum(n for (_k, t), n in s.confusion.items() if t == "已承接")
    lines += [
        "",
        f"- 已承接 right with the right paragraph cited: {_ratio(s.covered_cited_right, covered)}",
        f"- key tasks without a tool row: {len(s.unpaired_key)}; tool rows not in the key: "
        f"{s.extra_rows}",
        f"- garbled tasks (key): {s.garbled_key}, flagged garbled by the tool: "
        f"{s.garbled_flagged}, judged 未承接: {s.garbled_not_covered}",
        "",
        "confusion (key → tool): "
        + "; ".join(f"{k}→{t} {n}" for (k, t), n in sorted(s.confusion.items())),
        "",
        "| target class | key | tool | right | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for c in TARGET_CLASSES:
        key = sum(n for (k, _t), n in s.target_confusion.items() if k == c)
        tool = sum(n for (_k, t), n in s.target_confusion.items() if t == c)
        right = s.target_confusion[(c, c)]
        lines.append(
            f"| {c} | {key} | {tool} | {right} | {_ratio(right, tool)} | {_ratio(right, key)} |"
        )
    lines += ["", f"- key targets without a tool row: {s.target_unpaired}", ""]
    lines += [f"  - {w}" for w in s.wrong]
    lines += [f"  - key task without a row: {u}" for u in s.unpaired_key]
    return lines


@dataclass
class Review:
    """The scores of check and coverage against the keys."""

    findings: list[FindingScore]
    coverage: CoverageScore

    def aims(self) -> dict[str, tuple[int, int]]:
        """Each aim of issue 17 as (right, out of)."""
        sev: Counter[str] = Counter()
        hint: Counter[str] = Counter()
        for s in self.findings:
            for name in ("严重", "警告"):
                sev.update(s.by_severity.get(name, Counter()))
            hint.update(s.by_severity.get("提示", Counter()))
        cov = self.coverage.confusion
        covered = sum(n for (_k, t), n in cov.items() if t == "已承接")
        not_covered = sum(n for (_k, t), n in cov.items() if t == "未承接")
        return {
            "warnings right": (sev["right"], sev["all"]),
            "hints right": (hint["right"], hint["all"]),
            "未承接 right": (cov[("未承接", "未承接")], not_covered),
            "已承接 right, right paragraph": (self.coverage.covered_cited_right, covered),
            "recall of present findings": (
                sum(s.found for s in self.findings),
                sum(s.present for s in self.findings),
            ),
        }


def review(seeds: Path | None, workdir: Path) -> Review:
    """Ingest the cascade (and the seeds, when given) into a SQLite ledger in ``workdir``, run
    check and coverage, and score them against the keys."""
    files = sorted(CASCADE.glob("*.txt"))
    if seeds is not None:
        files = sorted(seeds.glob("*.txt")) + files
    sources = {p.name: p.read_text(encoding="utf-8") for p in files}
    settings = Settings(f"sqlite:///{workdir / 'review.db'}")
    report = ledger.ingest_paths(settings, files)
    if report.failed:
        raise SystemExit(f"ingest failed: {report.failed}")
    findings = analysis.check_plans(settings)
    scores = []
    cov = CoverageScore()
    keys: list[dict[str, Any]] = []
    if seeds is not None:
        seeds_key = json.loads((REVIEW / "findings.json").read_text(encoding="utf-8"))
        seed_docs = {p.name for p in seeds.glob("*.txt")}
        scores.append(score_findings("seeds", findings, seeds_key, seed_docs, sources))
        keys.append(json.loads((REVIEW / "coverage_003_by_001.json").read_text("utf-8")))
    cascade_key = json.loads((CASCADE / "findings.json").read_text(encoding="utf-8"))
    cascade_docs = {p.name for p in CASCADE.glob("*.txt")}
    scores.append(score_findings("cascade", findings, cascade_key, cascade_docs, sources))
    keys += json.loads((CASCADE / "coverage.json").read_text(encoding="utf-8"))
    for key in keys:
        view = analysis.coverage_of(settings, key["higher"], [key["lower"]])
        score_coverage(cov, key, view, sources)
    return Review(scores, cov)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the seed plans' folder")
    args = parser.parse_args(argv)
    seeds = args.seeds if args.seeds.is_dir() else None
    if seeds is None:
        print(f"(no {args.seeds}: the seeds' keys are skipped)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        result = review(seeds, Path(tmp))
    print(*report_findings(result.findings), sep="\n")
    print()
    print(*report_coverage(result.coverage), sep="\n")
    print()
    print("## the aims of issue 17")
    print()
    for aim, (right, total) in result.aims().items():
        print(f"- {aim}: {_ratio(right, total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
