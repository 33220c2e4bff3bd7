"""A ledger with accounts for the tests of the write side: the demo plans and figures, the
南宁 plan unpublished, and one account of each role (with a password and an API token),
served by ``planwatch serve`` on a free port; helpers to sign in through the login form and
to read what the database holds, so that a test can show a refusal changed nothing."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from helpers import ledger_database
from test_web_live import PLANWATCH, Server, planwatch, start_server

PASSWORD = "correct-horse-9"
# name → (role, org unit): two county reporters, a reporter of a county's 教育局 (assigned
# only the tasks that bureau leads or joins), two city 督导, a viewer, an admin, and one
# account that will be disabled.
ACCOUNTS = {
    "阳朔填报": ("reporter", "阳朔县"),
    "灵川填报": ("reporter", "灵川县"),
    "阳朔教育局": ("reporter", "阳朔县教育局"),
    "桂林督导": ("supervisor", "桂林市"),
    "南宁督导": ("supervisor", "南宁市"),
    "桂林查看": ("viewer", "桂林市"),
    "管理员": ("admin", "广西壮族自治区"),
    "已停用": ("reporter", "阳朔县"),
    "锁定测试": ("viewer", "桂林市"),  # only the brute-force test logs in (and fails) as it
}
YANGSHUO, LINGCHUAN, NANNING = "450321000000", "450323000000", "450100000000"
PRESCHOOL = "preschool_gross_enrolment_rate"


def run_planwatch(*args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [PLANWATCH, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"planwatch {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Ledger:
    """The ledger's URL, each account's API token and the ids the tests need."""

    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)  # 南宁, 广西, 桂林, 阳朔 → id
    items: dict[str, int] = field(default_factory=dict)


def ids(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).scalars())
    finally:
        engine.dispose()


def make_ledger(url: str) -> Ledger:
    """The demo ledger with the accounts, the 南宁 plan taken back from the public."""
    planwatch("demo", "--no-serve", "--db", url)
    ledger = Ledger(url)
    for name, (role, org) in ACCOUNTS.items():
        args = ("user", "add", name, "--role", role, "--org", org, "--password-stdin")
        run_planwatch(*args, "--db", url, stdin=PASSWORD + "\n")
        ledger.tokens[name] = run_planwatch("user", "token", name, "--db", url).strip()
    for region in ("南宁", "广西", "桂林", "阳朔"):
        found = ids(url, "select id from documents where name like :n", n=f"{region}%")
        ledger.plans[region] = found[0]
    run_planwatch("publish", str(ledger.plans["南宁"]), "--unpublish", "--db", url)
    target = "select id from items where document_id = :d and kind = 'target' "
    ledger.items["阳朔毛入园率"] = ids(  # no task: the county's own (阳朔填报's, not 教育局's)
        url,
        target + "and indicator_id = :i and task_index is null order by year",
        d=ledger.plans["阳朔"],
        i=PRESCHOOL,
    )[0]
    ledger.items["阳朔教师培训"] = ids(  # a task the county's 教育局 leads
        url,
        target + "and indicator_id = 'teacher_training_participations'",
        d=ledger.plans["阳朔"],
    )[0]
    ledger.items["南宁毛入园率"] = ids(
        url, target + "and indicator_id = :i order by year", d=ledger.plans["南宁"], i=PRESCHOOL
    )[0]
    return ledger


@pytest.fixture(scope="module")
def accounts_ledger(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The ledger on the backend of the module's ``backend`` fixture."""
    folder = tmp_path_factory.mktemp(f"accounts-{backend}")
    for url in ledger_database(backend, folder):
        yield make_ledger(url)


@pytest.fixture(scope="module")
def server(accounts_ledger: Ledger) -> Iterator[str]:
    running: Server = start_server(accounts_ledger.url)
    yield running.url
    running.stop()


# --- what the database holds ------------------------------------------------------------------


def snapshot(url: str) -> dict[str, Any]:
    """Every observation as stored, the audit log, the accounts, credentials and the published
    flags: what no refused request may change (a login's new session aside)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                "observations": conn.execute(
                    text(
                        "select id, series, period, value, status, recorded_by, source, note "
                        "from observations order by id"
                    )
                ).all(),
                "audit": conn.execute(
                    text("select id, observation_id, action, by from audit_log order by id")
                ).all(),
                "accounts": conn.execute(
                    text("select name, role, disabled, password_hash from accounts order by name")
                ).all(),
                "credentials": conn.execute(
                    text("select id, revoked from credentials where kind = 'token' order by id")
                ).all(),
                "published": conn.execute(
                    text("select id, published from documents order by id")
                ).all(),
            }
    finally:
        engine.dispose()


# --- a browser's requests: the login form, its cookie and the forms' tokens -------------------


def sign_in(base: str, name: str, password: str = PASSWORD, address: str = "") -> httpx.Client:
    """A client holding the session cookie of ``name``, signed in through the login form."""
    client = httpx.Client(base_url=base, timeout=60)
    client.get("/login")
    token = client.cookies["planwatch_login_csrf"]
    headers = {"x-forwarded-for": address} if address else {}
    answer = client.post(
        "/login", data={"name": name, "password": password, "csrf": token}, headers=headers
    )
    assert answer.status_code == 303, answer.text[:500]
    return client


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def form_token(client: httpx.Client, path: str) -> str:
    """The CSRF token of the forms on a page."""
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    found = CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


def bearer(ledger: Ledger, name: str) -> dict[str, str]:
    return {"authorization": f"Bearer {ledger.tokens[name]}"}


def post_observation(base: str, ledger: Ledger, name: str, **fields: Any) -> httpx.Response:
    return httpx.post(
        f"{base}/api/observations", json=fields, headers=bearer(ledger, name), timeout=60
    )
