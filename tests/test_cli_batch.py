"""A batch goes on past bad files: good records on stdout, one Chinese line per bad file on stderr.

Rule: `planwatch extract` run as a real process over good and bad files prints the
good files' jsonl records and nothing else on stdout, names each bad file once on
stderr with a Chinese reason (never a traceback), and exits 1; with only good
files it exits 0 with a silent stderr.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planwatch.services.extraction import sample_plan

CJK = re.compile(r"[\u4e00-\u9fff]")
SECOND_PLAN = """\
白沙县人民政府关于印发白沙县职业教育提质三年行动计划（2024—2026年）的通知
白政发〔2024〕3号
一、主要目标
到2026年，全县中等职业学校在校生达到6000人，建设3个实训基地，新增培训5000人次。
二、主要任务
（一）改善办学条件。
1．新建1所中等职业学校，每所奖补200万—500万元。（牵头单位：县教育局；配合单位：县财政局）
"""


def planwatch(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "extract", "--format", "jsonl", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    document.save(str(path))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """A folder with good files (one a folder of plans) and bad ones; their names as passed."""
    root = tmp_path_factory.mktemp("batch")
    (root / "青山县计划.txt").write_text(sample_plan().read_text(encoding="utf-8"), "utf-8")
    plans = root / "县级规划"
    plans.mkdir()
    (plans / "白沙县计划.txt").write_text(SECOND_PLAN, encoding="utf-8")
    write_docx(plans / "白沙县计划副本.docx", SECOND_PLAN.splitlines())

    (root / "空文件.txt").write_bytes(b"")
    (root / "乱码.txt").write_bytes(random.Random(7).randbytes(64 * 1024))
    whole = root / "whole.docx"
    write_docx(whole, SECOND_PLAN.splitlines())
    raw = whole.read_bytes()
    whole.unlink()
    (root / "截断.docx").write_bytes(raw[: len(raw) // 2])
    good = ["青山县计划.txt", "县级规划"]
    bad = ["空文件.txt", "乱码.txt", "截断.docx", "不存在.txt"]
    return root, good, bad


def good_docs() -> set[str]:
    return {"青山县计划.txt", "白沙县计划.txt", "白沙县计划副本.docx"}


def test_batch_prints_only_the_good_files_records(batch: tuple[Path, list[str], list[str]]) -> None:
    root, good, bad = batch
    mixed = planwatch(*good[:1], *bad[:2], *good[1:], *bad[2:], cwd=root)
    alone = planwatch(*good, cwd=root)
    records = [json.loads(line) for line in mixed.stdout.splitlines()]
    assert {r["doc"] for r in records} == good_docs()
    assert mixed.stdout == alone.stdout


def test_batch_names_each_bad_file_once_in_chinese(
    batch: tuple[Path, list[str], list[str]],
) -> None:
    root, good, bad = batch
    result = planwatch(*good, *bad, cwd=root)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name in bad:
        naming = [line for line in lines if name in line]
        assert len(naming) == 1, (name, result.stderr)
        assert CJK.search(naming[0].replace(name, ""))
    assert not any(doc in result.stderr for doc in good_docs())


def test_batch_with_a_bad_file_exits_1(batch: tuple[Path, list[str], list[str]]) -> None:
    root, good, bad = batch
    for name in bad:
        assert planwatch(*good, name, cwd=root).returncode == 1, name


def test_batch_of_only_good_files_exits_0_with_nothing_on_stderr(
    batch: tuple[Path, list[str], list[str]],
) -> None:
    root, good, _ = batch
    result = planwatch(*good, cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == good_docs()


def test_folder_of_plans_gives_the_same_items_as_its_files_one_by_one(
    batch: tuple[Path, list[str], list[str]],
) -> None:
    root, _, _ = batch
    folder = planwatch("县级规划", cwd=root)
    files = planwatch("县级规划/白沙县计划.txt", "县级规划/白沙县计划副本.docx", cwd=root)
    assert folder.returncode == files.returncode == 0
    assert folder.stdout == files.stdout
