"""``planwatch demo``: the sample plans shipped in the package (a province plan, two city
plans and a county plan implementing them, one with a 专栏 project table) and observation
series under which every status appears; it writes the ledger, starts the server and says
where."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from test_web_live import DEMO_DAY, PLANWATCH, free_port, planwatch

STATUSES = {"achieved", "on_track", "lagging", "off_track", "overdue", "no_data", "not_due"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    done = planwatch("demo", "--no-serve", "--db", url)
    assert "新增 4 个文件" in done.stderr and "新增 60 条" in done.stderr, done.stderr
    return url


def documents(url: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(
        planwatch("docs", "--format", "json", "--db", url).stdout
    )
    return rows


def test_the_demo_holds_a_province_two_cities_and_a_county(demo_db: str) -> None:
    docs = {str(d["region"]): d for d in documents(demo_db)}
    assert set(docs) == {"广西壮族自治区", "南宁市", "桂林市", "阳朔县"}
    assert [docs[r]["level"] for r in ("广西壮族自治区", "南宁市", "阳朔县")] == [
        "自治区",
        "市",
        "县",
    ]
    province, guilin = docs["广西壮族自治区"]["id"], docs["桂林市"]["id"]
    for city in ("南宁市", "桂林市"):
        assert [r["target_id"] for r in docs[city]["implements"]] == [province]  # type: ignore[index, union-attr]
    assert [r["target_id"] for r in docs["阳朔县"]["implements"]] == [guilin]  # type: ignore[index, union-attr]


def test_a_demo_plan_has_a_project_table(demo_db: str) -> None:
    rows = json.loads(
        planwatch("projects", "南府办〔2025〕33号", "--format", "json", "--db", demo_db).stdout
    )
    assert sum(r["projects"] for r in rows) == 6 and sum(r["seats"] for r in rows) == 2160


def test_every_status_appears_in_the_demo(demo_db: str) -> None:
    seen = set()
    for doc in documents(demo_db):
        rows = json.loads(
            planwatch(
                "status",
                "--plan",
                str(doc["id"]),
                "--as-of",
                DEMO_DAY,
                "--format",
                "json",
                "--db",
                demo_db,
            ).stdout
        )
        seen |= {r["status"] for r in rows}
    assert seen == STATUSES


def test_writing_the_demo_again_adds_nothing(demo_db: str) -> None:
    again = planwatch("demo", "--no-serve", "--db", demo_db)
    assert "新增 0 个文件" in again.stderr and "未变 4" in again.stderr
    assert "新增 0 条、未变 60 条" in again.stderr


@pytest.mark.web
def test_demo_starts_the_server_and_prints_its_address(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PLANWATCH_DATABASE_URL"}
    process = subprocess.Popen(
        [PLANWATCH, "demo", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        address = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                page = httpx.get(address, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert page is not None, process.communicate(timeout=10)[1]
        assert page.status_code == 200 and "规划监测" in page.text and "点击标亮的数字" in page.text
        assert (tmp_path / "planwatch-demo.db").exists()
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert f"规划监测已启动：{address}" in err, err
