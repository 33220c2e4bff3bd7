"""Check and coverage of the whole ledger in worker processes: the same findings and views,
in the same order, as in one process; the workers asked for by PLANWATCH_WORKERS, a bad
value refused in Chinese."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planwatch.cli.main import cli
from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.present.analysis import coverage_view
from planwatch.present.render import render
from planwatch.services import analysis, ledger, workers

CASCADE = Path(__file__).parent / "data" / "cascade"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("workers")
    found = Settings(f"sqlite:///{folder / 'ledger.db'}")
    ledger.ingest_paths(found, sorted(CASCADE.glob("*.txt")))
    return found


def covered(settings: Settings) -> tuple[list[analysis.CoverageView], str]:
    views = analysis.coverage_all(settings)
    out = io.StringIO()
    render(coverage_view(views, views), "jsonl", out)
    return views, out.getvalue()


def test_workers_give_what_one_process_gives(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.ENV_WORKERS, "1")
    alone, alone_text = covered(settings)
    assert len(alone) >= 2 and alone_text  # the national plan and the provinces' plans
    monkeypatch.setenv(workers.ENV_WORKERS, "2")
    monkeypatch.setattr(analysis, "PARALLEL_FROM", 1)  # so few plans go to workers too
    pools = []
    real = workers.in_order
    monkeypatch.setattr(workers, "in_order", lambda *a: pools.append(a[4:6]) or real(*a))
    shared, shared_text = covered(settings)
    assert pools == [(2, ["planwatch.services.shared_words"])]  # jieba's dictionary shared
    assert shared == alone
    assert shared_text == alone_text


def test_workers_find_what_one_process_finds(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.ENV_WORKERS, "1")
    alone = analysis.check_plans(settings)
    assert alone  # the cascade has findings (its hand-checked list: tests/data/cascade)
    monkeypatch.setenv(workers.ENV_WORKERS, "2")
    monkeypatch.setattr(analysis, "PARALLEL_FROM", 1)
    several = lambda ids: analysis._by_size(ids, lambda _doc: 1, 2)  # noqa: E731 - batches of two
    monkeypatch.setattr(analysis, "_batches", several)
    pools = []
    real = workers.in_order
    monkeypatch.setattr(workers, "in_order", lambda *a: pools.append(a[4:6]) or real(*a))
    assert analysis.check_plans(settings) == alone
    assert pools == [(2, ["planwatch.services.analysis"])]


def test_where_no_forkserver_is_the_workers_are_spawned(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    monkeypatch.setenv(workers.ENV_WORKERS, "1")
    alone = analysis.check_plans(settings)
    seen = in_workers(monkeypatch)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])  # Windows
    assert analysis.check_plans(settings) == alone
    assert [method for _sessions, _threads, method in seen] == ["spawn"]


def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Check and coverage of the cascade in two workers, batches of two plans; the list
    tells, for each start of workers: the ledger sessions then open in this process, its
    threads, and how the workers were started."""
    monkeypatch.setenv(workers.ENV_WORKERS, "2")
    monkeypatch.setattr(analysis, "PARALLEL_FROM", 1)
    monkeypatch.setattr(analysis, "_batches", lambda ids: analysis._by_size(ids, lambda _d: 1, 2))
    sessions: list[int] = []
    real_reading = analysis.reading

    @contextmanager
    def counted(settings: Settings) -> Iterator[Any]:
        sessions.append(1)
        try:
            with real_reading(settings) as session:
                yield session
        finally:
            sessions.pop()

    monkeypatch.setattr(analysis, "reading", counted)
    seen: list[Any] = []
    real_context = workers._context

    def spied(shared: list[str], fork_here: bool) -> Any:
        context = real_context(shared, fork_here)
        seen.append((len(sessions), threading.active_count(), context.get_start_method()))
        return context

    monkeypatch.setattr(workers, "_context", spied)
    return seen


# The command run in a process of its own (this one may hold other tests' threads), its
# workers started as ``in_workers`` says; what it saw is written to the file named.
FORKED = """
import json, sys
from pathlib import Path
import pytest
sys.path.insert(0, sys.argv[3])
from test_workers import in_workers
from planwatch.cli.main import cli
seen = in_workers(pytest.MonkeyPatch())
try:
    cli(["check", "--db", sys.argv[1]], standalone_mode=False)
finally:
    Path(sys.argv[2]).write_text(json.dumps(seen))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked from the command on Linux")
def test_the_workers_fork_from_the_command_holding_no_session_before_its_bar_is_drawn(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(workers.ENV_WORKERS, "1")
    alone = CliRunner().invoke(cli, ["check", "--db", settings.database_url])
    assert alone.exit_code == 0 and alone.stdout
    # rich draws its progress bar, as on a terminal
    env = {**os.environ, "FORCE_COLOR": "1"}
    args = [settings.database_url, str(tmp_path / "seen.json"), str(Path(__file__).parent)]
    several = subprocess.run(
        [sys.executable, "-c", FORKED, *args], env=env, capture_output=True, text=True
    )
    assert several.returncode == 0, several.stderr
    assert several.stdout == alone.stdout
    assert "核查规划" in several.stderr  # the bar was drawn
    # no session open, the bar's thread not yet started: the workers forked from here
    assert json.loads((tmp_path / "seen.json").read_text()) == [[0, 1, "fork"]]


@contextmanager
def another_thread(_settings: Settings) -> Iterator[None]:
    """A thread running beside the work, as a web server's."""
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        yield
    finally:
        done.set()
        other.join()


@pytest.mark.parametrize(
    "beside", [another_thread, ledger.reading], ids=["a thread", "a session still reading"]
)
def test_beside_a_thread_or_an_open_connection_the_workers_fork_from_a_server(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, beside: Any
) -> None:
    monkeypatch.setenv(workers.ENV_WORKERS, "1")
    alone = analysis.check_plans(settings)
    seen = in_workers(monkeypatch)
    with beside(settings):  # neither a thread nor a connection is carried across a fork
        assert analysis.check_plans(settings) == alone
    expected = "forkserver" if sys.platform != "win32" else "spawn"
    assert [method for _sessions, _threads, method in seen] == [expected]


def test_the_work_is_divided_without_reading_every_plan_s_head(settings: Settings) -> None:
    with ledger.reading(settings) as session:
        whole = analysis.LedgerMap.read(session)
        tree = analysis.LedgerMap.tree(session)
    assert tree.docs == {}  # each job reads its own plans' heads
    assert len(tree.codes) == len(whole.docs) >= 3
    assert (tree.codes, tree.links, tree.by_region) == (whole.codes, whole.links, whole.by_region)
    assert tree.lowers() == whole.lowers() != {}


@pytest.mark.parametrize("value", ["0", "两个", "-1", "65"])
def test_a_bad_worker_count_is_refused_in_chinese(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.ENV_WORKERS, value)
    with pytest.raises(PlanWatchError, match="PLANWATCH_WORKERS 应为 1—64 的整数"):
        workers.worker_count()


def test_without_the_setting_the_machine_s_cpus_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(workers.ENV_WORKERS, raising=False)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 16)
    assert workers.worker_count() == workers.MOST
    monkeypatch.setattr(workers.os, "cpu_count", lambda: None)
    assert workers.worker_count() == 1
