"""Pages read the ledger in a few queries, never one per target (no N+1), and what the app
keeps is dropped the moment the ledger changes.

The app runs in-process (``create_app`` with FastAPI's test client) so that every statement
sent to the database can be counted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from planwatch.config import Settings
from planwatch.services.web import STAMP_SECONDS
from planwatch.web.app import create_app
from test_web_live import DEMO_DAY, planwatch

STAMP_STATEMENTS = 2  # the ledger's stamp: its documents, its newest observation and entry


@pytest.fixture
def app_and_ledger(tmp_path: Path) -> Iterator[tuple[TestClient, Any, str]]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    planwatch("demo", "--no-serve", "--db", url)
    app = create_app(Settings(url), warm=False)
    with TestClient(app) as client:
        yield client, app.state.ledger, url


class Counter:
    def __init__(self, engine: Any) -> None:
        self.statements: list[str] = []
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's explicit BEGIN opens, it asks nothing
            self.statements.append(statement)

    def during(self, client: TestClient, path: str) -> int:
        self.statements.clear()
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        return len(self.statements)


def plan_ids(client: TestClient) -> dict[str, int]:
    rows = client.get("/api/documents").json()["rows"]
    return {r["region"][:2]: r["id"] for r in rows}


def test_a_dashboard_and_a_reader_take_as_many_queries_whatever_the_targets(
    app_and_ledger: tuple[TestClient, Any, str],
) -> None:
    client, ledger, _url = app_and_ledger
    ids = plan_ids(client)
    counter = Counter(ledger.engine)
    targets = {
        k: client.get(f"/api/documents/{i}").json()["document"]["targets"] for k, i in ids.items()
    }
    assert targets["南宁"] != targets["阳朔"]
    for page in ("/plans/{}/status?as_of=" + DEMO_DAY, "/plans/{}?as_of=" + DEMO_DAY):
        small = counter.during(client, page.format(ids["阳朔"]))
        large = counter.during(client, page.format(ids["南宁"]))
        assert small == large, (page, small, large)
        assert large <= 40, counter.statements


def test_a_page_read_again_costs_at_most_the_ledgers_stamp(
    app_and_ledger: tuple[TestClient, Any, str],
) -> None:
    client, ledger, _url = app_and_ledger
    path = f"/plans/{plan_ids(client)['广西']}/status?as_of={DEMO_DAY}"
    counter = Counter(ledger.engine)
    assert counter.during(client, path) > STAMP_STATEMENTS
    assert counter.during(client, path) == 0  # the stamp was read a moment ago
    time.sleep(STAMP_SECONDS)
    assert counter.during(client, path) == STAMP_STATEMENTS
    assert counter.during(client, "/plans") > STAMP_STATEMENTS


def test_what_the_app_keeps_is_dropped_when_the_ledger_changes(
    app_and_ledger: tuple[TestClient, Any, str], tmp_path: Path
) -> None:
    client, _ledger, url = app_and_ledger
    path = f"/api/status?plan={plan_ids(client)['广西']}&as_of={DEMO_DAY}"
    before = client.get(path).json()["counts"]
    assert before.get("no_data") == 6
    figures = tmp_path / "残疾儿童.csv"
    figures.write_text(
        "指标,地区,期间,数值,来源,备注\n"
        "适龄残疾儿童少年义务教育入学率,广西壮族自治区,2025,98.4,统计公报,\n",
        encoding="utf-8",
    )
    planwatch("import", str(figures), "--db", url, "--as-of", "2026-12-01", "--approved")
    time.sleep(STAMP_SECONDS)  # a change made by another process shows within this time
    after = client.get(path).json()["counts"]
    assert after["no_data"] == 5 and after["achieved"] == before["achieved"] + 1
    page = client.get(path.replace("/api/status?plan=", "/plans/").replace("&", "/status?"))
    assert "<strong>5</strong> 无数据" in page.text


def test_the_plan_list_is_built_while_the_server_starts(tmp_path: Path) -> None:
    import threading

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    planwatch("demo", "--no-serve", "--db", url)
    app = create_app(Settings(url))
    with TestClient(app) as client:
        for thread in threading.enumerate():
            if thread.name == "warm":
                thread.join(timeout=60)
        counter = Counter(app.state.ledger.engine)
        assert counter.during(client, "/plans") <= STAMP_STATEMENTS
        assert counter.during(client, "/plans/1/status") <= STAMP_STATEMENTS
