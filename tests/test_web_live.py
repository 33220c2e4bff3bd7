"""The web app as people run it: ``planwatch serve`` as a real process on a free port, over a
real ledger (SQLite file, and PostgreSQL when it answers); a server that dies says why.

The fixtures here serve the other web test files: ``demo_url`` (the demo ledger written by
``planwatch demo --no-serve``) and ``live_server`` (its base address).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from helpers import BACKENDS, ledger_database

pytestmark = pytest.mark.web
PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
DEMO_DAY = "2026-12-04"  # the day the demo's statuses are checked on
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def planwatch(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the planwatch command; a failure shows its output."""
    done = subprocess.run(
        [PLANWATCH, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"planwatch {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


@dataclass
class Server:
    """A running ``planwatch serve``: its address and process."""

    url: str
    process: subprocess.Popen[str]

    def stop(self) -> str:
        """Stop it; what it wrote to stderr."""
        self.process.terminate()
        try:
            _out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return err


class ServerDied(RuntimeError):
    """The server process ended before answering: its stderr says why."""


def start_server(database_url: str, *extra: str) -> Server:
    """``planwatch serve --port <free> --db URL`` as a subprocess, once it answers; if it
    dies first, ServerDied with its stderr."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PLANWATCH_DATABASE_URL", None)
    process = subprocess.Popen(
        [PLANWATCH, "serve", "--port", str(port), "--db", database_url, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _out, err = process.communicate()
            raise ServerDied(f"planwatch serve 退出（{process.returncode}）：{err.strip()}")
        try:
            if httpx.get(f"{server.url}/api/documents", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise ServerDied(f"planwatch serve {STARTUP_SECONDS} 秒内没有应答：{server.stop()}")


@pytest.fixture(scope="session", params=BACKENDS)
def demo_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo ledger (``planwatch demo --no-serve``) on SQLite, and on PostgreSQL."""
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    for url in ledger_database(request.param, folder):
        planwatch("demo", "--no-serve", "--db", url)
        yield url


@pytest.fixture(scope="session")
def live_server(demo_url: str) -> Iterator[str]:
    """The base address of ``planwatch serve`` over the demo ledger."""
    server = start_server(demo_url)
    yield server.url
    server.stop()


def test_the_live_server_answers_with_the_demo_plans(live_server: str) -> None:
    found = httpx.get(f"{live_server}/api/documents").json()
    assert found["ok"] is True and found["total"] == 4
    titles = {row["title"] for row in found["rows"]}
    assert any("广西壮族自治区" in t for t in titles) and any("阳朔县" in t for t in titles)


def test_serve_refuses_a_ledger_file_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "没有的台账.db"
    with pytest.raises(ServerDied, match="不存在"):
        start_server(f"sqlite:///{missing}")
    assert not missing.exists()


def test_serve_names_a_database_it_cannot_reach() -> None:
    with pytest.raises(ServerDied, match="数据库"):
        start_server("postgresql://nobody@127.0.0.1:1/none")


def test_the_server_stops_cleanly_and_says_where_it_listened(demo_url: str) -> None:
    server = start_server(demo_url)
    err = server.stop()
    assert f"{server.url}/" in err, err
    assert "Traceback" not in err


def test_serve_with_two_workers_answers(demo_url: str) -> None:
    server = start_server(demo_url, "--workers", "2")
    try:
        pages = [httpx.get(f"{server.url}/plans/1/status", timeout=30) for _ in range(4)]
        assert {p.status_code for p in pages} == {200}
    finally:
        server.stop()
