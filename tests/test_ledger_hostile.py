"""Hostile paths and arguments at the ledger's door: bounded time, one Chinese line, no
traceback, nothing created or half-written.

Rule: only regular files are read (a pipe, a device or a socket is refused by name, never
waited on); a database that never answers fails after the timeout, naming the host; what a
user types is matched literally (% and _ are no wildcards) and repeated briefly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from planwatch.services.extraction import sample_plan

PLANWATCH = [sys.executable, "-m", "planwatch.cli"]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PLANWATCH, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def one_chinese_line(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("错误："), done.stderr


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run("ingest", str(sample_plan()), "--db", url).returncode == 0
    return url


def test_a_named_pipe_in_a_folder_is_never_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "规划"
    folder.mkdir()
    (folder / "方案.txt").write_text(sample_plan().read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "管道.txt")
    done = run("ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'l.db'}", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "新增 1 个文件" in done.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_given_by_name_is_refused_unread(tmp_path: Path, device: str) -> None:
    done = run("ingest", device, "--db", f"sqlite:///{tmp_path / 'l.db'}", timeout=30)
    assert done.returncode == 1
    assert "不是普通文件" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "l.db").exists()  # no ledger for a batch with no file to read


def test_a_missing_file_leaves_no_empty_ledger(tmp_path: Path) -> None:
    done = run(
        "ingest", str(tmp_path / "没有这个文件.txt"), "--db", f"sqlite:///{tmp_path / 'l.db'}"
    )
    assert done.returncode == 1 and "文件不存在" in done.stderr
    assert not (tmp_path / "l.db").exists()


def test_a_file_name_too_long_for_the_system_is_one_chinese_line(tmp_path: Path) -> None:
    done = run(
        "ingest", str(tmp_path / ("长" * 200 + ".txt")), "--db", f"sqlite:///{tmp_path / 'l.db'}"
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "文件名过长" in done.stderr
    one_chinese_line(run("extract", "长" * 200 + "/x.txt"))


def test_junk_that_looks_like_no_plan_is_ingested_with_a_warning(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(32, 127)) * 20)
    done = run("ingest", str(junk), "--db", f"sqlite:///{tmp_path / 'l.db'}")
    assert done.returncode == 0
    assert "未识别出规划内容" in done.stderr


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "学前%"])
def test_like_wildcards_in_a_filter_are_literal(ledger: str, wildcard: str) -> None:
    done = run("targets", "--indicator", wildcard, "--db", ledger, "--format", "jsonl")
    assert done.returncode == 0 and done.stdout == ""


def test_a_huge_argument_is_refused_and_not_repeated_whole(ledger: str) -> None:
    done = run("targets", "--region", "广" * 40000, "--db", ledger)
    one_chinese_line(done)
    assert "--region 过长" in done.stderr and len(done.stderr) < 200
    shown = run("show", "某" * 300, "--db", ledger)
    one_chinese_line(shown)
    assert len(shown.stderr) < 200


def test_an_empty_database_address_is_an_error_not_planwatch_db(tmp_path: Path) -> None:
    done = subprocess.run(
        [*PLANWATCH, "docs", "--db", ""], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    one_chinese_line(done)
    assert "--db 不能为空" in done.stderr
    assert not (tmp_path / "planwatch.db").exists()


def test_a_read_only_copy_is_read_without_writing_beside_it(ledger: str, tmp_path: Path) -> None:
    path = Path(ledger.removeprefix("sqlite:///"))
    for extra in path.parent.glob("ledger.db-*"):
        extra.unlink()
    done = run("docs", "--db", f"sqlite:///file:{path}?mode=ro&uri=true")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in path.parent.glob("ledger.db*")) == ["ledger.db"]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in held:
        conn.close()


def test_a_database_that_never_answers_fails_after_the_timeout(silent_server: int) -> None:
    url = f"postgresql://planwatch@127.0.0.1:{silent_server}/ledger"
    done = run("docs", "--db", url, env={"PLANWATCH_DB_TIMEOUT": "2"}, timeout=30)
    one_chinese_line(done)
    assert "127.0.0.1" in done.stderr and "超时" in done.stderr


@pytest.mark.parametrize("special", ["/dev/zero", "pipe"])
def test_extract_refuses_a_device_or_a_pipe_unread(tmp_path: Path, special: str) -> None:
    path = special
    if special == "pipe":
        path = str(tmp_path / "管道.txt")
        os.mkfifo(path)
    done = run("extract", path, timeout=30)
    assert done.returncode == 1 and "不是普通文件" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_read_by_another_extractor_version_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planwatch.extract
    from planwatch.config import Settings
    from planwatch.extract import document
    from planwatch.services import ledger

    settings = Settings(f"sqlite:///{tmp_path / 'l.db'}")
    assert ledger.ingest_paths(settings, [sample_plan()]).outcomes[0].status == "added"
    assert ledger.ingest_paths(settings, [sample_plan()]).outcomes[0].status == "unchanged"
    monkeypatch.setattr(document, "EXTRACTOR_VERSION", "later")
    monkeypatch.setattr(planwatch.extract, "EXTRACTOR_VERSION", "later")
    assert ledger.ingest_paths(settings, [sample_plan()]).outcomes[0].status == "updated"
    assert ledger.ingest_paths(settings, [sample_plan()]).outcomes[0].status == "unchanged"
