"""check and coverage against keys written by reviewers who never saw the tool (issue 17):
the seeds' review (tests/data/review_seeds, needs ../shared) and the national → province →
city cascade (tests/data/cascade). The aims: warnings right ≥ 95%, hints ≥ 80%; 未承接 right
≥ 85%, 已承接 right with the right paragraph cited ≥ 95%; recall of the reviewers' findings
≥ 80%. benchmarks/score_review.py prints the whole score."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
AIMS = {
    "warnings right": 0.95,
    "hints right": 0.8,
    "未承接 right": 0.85,
    "已承接 right, right paragraph": 0.95,
    "recall of present findings": 0.8,
}


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_review", ROOT / "benchmarks" / "score_review.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_review"] = module
    spec.loader.exec_module(module)
    return module


def assert_aims(aims: dict[str, tuple[int, int]]) -> None:
    missed = {
        name: f"{right}/{total}"
        for name, (right, total) in aims.items()
        if total and right / total < AIMS[name]
    }
    assert missed == {}


def test_the_cascade_s_verdicts_meet_the_aims(tmp_path: Path) -> None:
    result = scorer().review(None, tmp_path)
    assert_aims(result.aims())
    (cascade,) = result.findings
    assert cascade.absent_flagged == 0


@pytest.mark.seeds
def test_the_seeds_and_the_cascade_meet_the_aims(seeds: dict[str, Path], tmp_path: Path) -> None:
    folder = next(iter(seeds.values())).parent
    result = scorer().review(folder, tmp_path)
    assert_aims(result.aims())
    assert all(s.absent_flagged == 0 for s in result.findings)
    assert result.coverage.garbled_flagged == result.coverage.garbled_key
