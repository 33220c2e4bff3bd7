"""The server killed with SIGKILL in the middle of a stream of writes (single figures through
the API, and uploads of 30-row files, each one transaction): after a restart every write that
was acknowledged is there with its value and its audit entry, and no upload is half-written —
each file's rows are all there or none. SQLite (WAL) and PostgreSQL."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from accounts_fixtures import PASSWORD, Ledger, ids, make_ledger
from helpers import BACKENDS, ledger_database
from test_web_live import start_server

pytestmark = [pytest.mark.web, pytest.mark.slow]
ROWS = 30  # rows of each uploaded file
YEARS = range(1990, 1990 + ROWS)  # the import rules refuse years before 1990


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    for url in ledger_database(request.param, tmp_path_factory.mktemp("fault")):
        yield make_ledger(url)


def counties(url: str) -> list[str]:
    """Counties of 桂林 and 南宁 without figures of their own (阳朔 has the demo's): each
    writer thread and each upload gets its own."""
    return ids(
        url,
        "select code from org_units where level = 'county' and code != '450321000000' and "
        "(parent_code = '450300000000' or parent_code = '450100000000') order by code",
    )


class Writers:
    """Threads writing until the server dies, noting what it acknowledged."""

    def __init__(self, base: str, ledger: Ledger, regions: list[str]) -> None:
        self.base, self.ledger, self.regions = base, ledger, regions
        self.singles: dict[int, float] = {}  # acknowledged id → value
        self.uploads: dict[str, bool] = {}  # batch tag → acknowledged
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self.single, args=(n,), daemon=True) for n in range(3)
        ] + [threading.Thread(target=self.upload, args=(n,), daemon=True) for n in range(2)]

    def single(self, n: int) -> None:
        headers = {"authorization": f"Bearer {self.ledger.tokens['管理员']}"}
        region = self.regions[n]
        for k, year in enumerate(YEARS):
            value = round(60 + (n * 7 + k) % 30 + 0.5, 1)
            body = {
                "indicator": "学前三年毛入园率",
                "region": region,
                "period": str(year),
                "value": str(value),
                "source": f"单条{n}",
            }
            try:
                answer = httpx.post(f"{self.base}/api/observations", json=body, headers=headers)
            except httpx.TransportError:
                return
            assert answer.status_code == 201, answer.text
            with self.lock:
                self.singles[answer.json()["observation"]["id"]] = value

    def upload(self, n: int) -> None:
        client = httpx.Client(base_url=self.base, timeout=60)
        client.get("/login")
        token = client.cookies["planwatch_login_csrf"]
        client.post(
            "/login",
            data={"name": "管理员", "password": PASSWORD, "csrf": token},
            headers={"x-forwarded-for": f"10.7.0.{n}"},
        )
        page = client.get("/audit").text
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        for region in self.regions[3 + n :: 2]:
            tag = f"批次{region}"
            lines = ["指标,地区,期间,数值,来源"] + [
                f"九年义务教育巩固率,{region},{year},{90 + (year % 7) / 2},{tag}" for year in YEARS
            ]
            data = "\n".join(lines).encode("utf-8")
            with self.lock:
                self.uploads[tag] = False
            try:
                answer = client.post(
                    "/entry/upload",
                    data={"csrf": csrf, "action": "draft"},
                    files={"file": ("批次.csv", data, "text/csv")},
                )
            except httpx.TransportError:
                return
            assert answer.status_code == 200 and f"已导入 {ROWS} 条" in answer.text, answer.text
            with self.lock:
                self.uploads[tag] = True

    def acknowledged(self) -> tuple[int, int]:
        with self.lock:
            return len(self.singles), sum(self.uploads.values())


def stored(url: str) -> tuple[dict[int, float], dict[str, int], dict[int, int], int]:
    """Observations by id, rows per source, create entries per observation, orphan entries."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            values = dict(conn.execute(text("select id, value from observations")).all())
            sources = dict(
                conn.execute(
                    text("select source, count(*) from observations group by source")
                ).all()
            )
            creates = dict(
                conn.execute(
                    text(
                        "select observation_id, count(*) from audit_log where action = 'create' "
                        "group by observation_id"
                    )
                ).all()
            )
            orphans = conn.execute(
                text(
                    "select count(*) from audit_log a left join observations o "
                    "on o.id = a.observation_id where o.id is null"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return values, sources, creates, orphans


def test_acknowledged_writes_survive_a_sigkill_and_no_upload_is_half_written(
    ledger: Ledger,
) -> None:
    server = start_server(ledger.url)
    writers = Writers(server.url, ledger, counties(ledger.url))
    for thread in writers.threads:
        thread.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        singles, uploads = writers.acknowledged()
        if singles >= 30 and uploads >= 2:
            break
        time.sleep(0.05)
    os.kill(server.process.pid, signal.SIGKILL)  # mid-batch: the threads are still writing
    server.process.wait(timeout=30)
    for thread in writers.threads:
        thread.join(timeout=60)
    singles, uploads = writers.acknowledged()
    assert singles >= 30 and uploads >= 2, (singles, uploads)
    assert singles < 3 * len(YEARS) and uploads < len(writers.uploads) + 1  # cut short

    restarted = start_server(ledger.url)
    try:
        values, sources, creates, orphans = stored(ledger.url)
        for obs_id, value in writers.singles.items():
            assert values.get(obs_id) == value, obs_id
            assert creates.get(obs_id) == 1, obs_id
        for tag, acknowledged in writers.uploads.items():
            count = sources.get(tag, 0)
            assert count == ROWS if acknowledged else count in (0, ROWS), (tag, count)
        assert all(creates.get(i) == 1 for i in values), "a figure without its audit entry"
        assert orphans == 0
        answer = httpx.post(
            f"{restarted.url}/api/observations",
            json={
                "indicator": "学前三年毛入园率",
                "region": "阳朔县",
                "period": "1995",
                "value": "50",
                "source": "重启后",
            },
            headers={"authorization": f"Bearer {ledger.tokens['阳朔填报']}"},
        )
        assert answer.status_code == 201, answer.text
    finally:
        restarted.stop()
