"""The write side under attack, through a real ``planwatch serve`` (SQLite, and PostgreSQL when
it answers): every forbidden request is refused with its 4xx and changes nothing in the
database — observations, audit log, accounts, credentials, published flags all as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from accounts_fixtures import (
    LINGCHUAN,
    NANNING,
    PASSWORD,
    PRESCHOOL,
    YANGSHUO,
    Ledger,
    accounts_ledger,
    bearer,
    form_token,
    post_observation,
    run_planwatch,
    server,
    sign_in,
    snapshot,
)
from helpers import BACKENDS

pytestmark = pytest.mark.web
__all__ = ["accounts_ledger", "server"]  # fixtures used by name
GOOD = {"indicator": PRESCHOOL, "region": YANGSHUO, "period": "2026", "value": "91.5"}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def submitted(server: str, accounts_ledger: Ledger) -> int:
    """A 阳朔 figure submitted by 阳朔填报, waiting for the 督导."""
    made = post_observation(server, accounts_ledger, "阳朔填报", **GOOD, source="县统计")
    assert made.status_code == 201, made.text
    obs_id: int = made.json()["observation"]["id"]
    sent = httpx.post(
        f"{server}/api/observations/{obs_id}/submit", headers=bearer(accounts_ledger, "阳朔填报")
    )
    assert sent.status_code == 200 and sent.json()["observation"]["status"] == "submitted"
    return obs_id


@pytest.fixture
def unchanged(accounts_ledger: Ledger, submitted: int) -> Iterator[None]:
    """The test's requests must leave the database as it was."""
    before = snapshot(accounts_ledger.url)
    yield
    assert snapshot(accounts_ledger.url) == before


def refused(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, (answer.status_code, answer.text[:500])
    if answer.headers["content-type"].startswith("application/json"):
        body: dict[str, Any] = answer.json()
        assert body["ok"] is False and body["error"]
        return body
    return {}


# --- the happy path, so that the refusals below mean something --------------------------------


def test_a_reporter_writes_its_own_county_and_the_audit_log_names_it(
    server: str, accounts_ledger: Ledger
) -> None:
    before = snapshot(accounts_ledger.url)
    made = post_observation(
        server,
        accounts_ledger,
        "阳朔填报",
        item=str(accounts_ledger.items["阳朔毛入园率"]),
        region=YANGSHUO,
        period="2026",
        value="90.5",
    )
    assert made.status_code == 201, made.text
    stored = made.json()["observation"]
    assert stored["status"] == "draft" and stored["recorded_by"] == "阳朔填报"
    after = snapshot(accounts_ledger.url)
    assert len(after["observations"]) == len(before["observations"]) + 1
    assert after["audit"][-1][2:] == ("create", "阳朔填报")


def test_a_bad_value_is_a_422_with_the_import_rules_chinese_message(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    body = refused(
        post_observation(server, accounts_ledger, "阳朔填报", **{**GOOD, "value": "九十"}), 422
    )
    assert any("数值" in p for p in body["problems"]), body
    body = refused(
        post_observation(server, accounts_ledger, "阳朔填报", **{**GOOD, "value": "912"}), 422
    )
    assert "百分比" in body["error"]


@pytest.mark.parametrize("raw", ["1e999", "-1e999", "NaN", "Infinity"])
def test_a_value_json_reads_as_infinite_or_nan_is_a_422_not_a_server_error(
    server: str, accounts_ledger: Ledger, unchanged: None, raw: str
) -> None:
    fields = json.dumps({**GOOD, "value": 0}).replace('"value": 0', f'"value": {raw}')
    answer = httpx.post(
        f"{server}/api/observations",
        content=fields,
        headers={**bearer(accounts_ledger, "阳朔填报"), "content-type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == 422, answer.text
    assert "数值" in answer.text


# --- writing where one does not belong --------------------------------------------------------


def test_a_reporter_cannot_write_another_countys_figures_by_api(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    body = refused(
        post_observation(server, accounts_ledger, "阳朔填报", **{**GOOD, "region": LINGCHUAN}), 403
    )
    assert "不在账户" in body["error"]
    refused(
        post_observation(server, accounts_ledger, "阳朔填报", **{**GOOD, "region": NANNING}), 403
    )


def test_a_reporter_cannot_write_a_target_not_assigned_to_it_by_api(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    # 阳朔县教育局 leads the training task, not the county's enrolment target
    bureau = "阳朔教育局"
    body = refused(post_observation(server, accounts_ledger, bureau, **GOOD), 403)
    assert "不是分配给" in body["error"]
    item = str(accounts_ledger.items["阳朔毛入园率"])
    refused(
        post_observation(
            server, accounts_ledger, bureau, **{**GOOD, "indicator": "", "item": item}
        ),
        403,
    )
    # and a county reporter cannot write the 南宁 plan's target, even naming its own county
    nanning_item = str(accounts_ledger.items["南宁毛入园率"])
    refused(
        post_observation(
            server,
            accounts_ledger,
            "阳朔填报",
            item=nanning_item,
            region=NANNING,
            period="2026",
            value="90",
        ),
        403,
    )


def test_a_reporter_cannot_write_another_countys_figures_by_the_form(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    client = sign_in(server, "阳朔填报")
    token = form_token(client, "/entry?period=2026")
    item = accounts_ledger.items["阳朔毛入园率"]
    nanning = accounts_ledger.items["南宁毛入园率"]
    for fields in (
        {f"value_{item}": "91", f"region_{item}": LINGCHUAN},  # its target, another county
        {f"value_{nanning}": "91", f"region_{nanning}": NANNING},  # another city's target
    ):
        answer = client.post("/entry", data={"csrf": token, "period": "2026", **fields})
        assert answer.status_code in (403, 422), answer.status_code
        assert "未保存" in answer.text or "不在账户" in answer.text or "不是分配给" in answer.text


def test_a_reporter_cannot_write_an_unassigned_target_by_the_form(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    client = sign_in(server, "阳朔教育局")
    token = form_token(client, "/entry?period=2026")
    item = accounts_ledger.items["阳朔毛入园率"]
    data = {"csrf": token, "period": "2026", f"value_{item}": "91", f"region_{item}": YANGSHUO}
    answer = client.post("/entry", data=data)
    assert answer.status_code == 403 and "不是分配给" in answer.text


def test_a_viewer_cannot_write(server: str, accounts_ledger: Ledger, unchanged: None) -> None:
    refused(post_observation(server, accounts_ledger, "桂林查看", **GOOD), 403)
    client = sign_in(server, "桂林查看")
    assert client.get("/entry").status_code == 403
    token = form_token(client, "/audit")
    item = accounts_ledger.items["阳朔毛入园率"]
    data = {"csrf": token, "period": "2026", f"value_{item}": "91", f"region_{item}": YANGSHUO}
    assert client.post("/entry", data=data).status_code == 403


def test_nobody_writes_without_credentials(
    server: str, accounts_ledger: Ledger, submitted: int, unchanged: None
) -> None:
    refused(httpx.post(f"{server}/api/observations", json=GOOD), 401)
    refused(httpx.put(f"{server}/api/observations/{submitted}", json=GOOD), 401)
    for action in ("submit", "approve", "reject"):
        refused(httpx.post(f"{server}/api/observations/{submitted}/{action}", json={}), 401)
    wrong = {"authorization": "Bearer pw_not-a-token"}
    refused(httpx.post(f"{server}/api/observations", json=GOOD, headers=wrong), 401)
    basic = {"authorization": "Basic YWRtaW46YWRtaW4="}
    refused(httpx.post(f"{server}/api/observations", json=GOOD, headers=basic), 401)


# --- reading what is not public -----------------------------------------------------------------


def test_an_anonymous_visitor_cannot_read_an_unpublished_plan(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    plan = accounts_ledger.plans["南宁"]
    for path in (
        f"/plans/{plan}",
        f"/plans/{plan}/status",
        f"/api/plans/{plan}",
        f"/api/plans/{plan}/status",
        f"/api/documents/{plan}",
        f"/api/documents/{plan}/items",
        f"/api/status?plan={plan}",
        f"/api/evaluations?plan={plan}",
        f"/downloads/plans/{plan}/status.csv",
        f"/downloads/plans/{plan}/report.md",
        "/api/search?q=南宁",  # across plans: closed while some plan is unpublished
        "/search?q=南宁",
        f"/api/regions/{NANNING}",
    ):
        answer = httpx.get(f"{server}{path}", timeout=60)
        assert answer.status_code == 401, (path, answer.status_code)
        assert "南宁市基础教育" not in answer.text, path
    listed = httpx.get(f"{server}/api/documents").json()["rows"]
    assert plan not in {r["id"] for r in listed} and len(listed) == 3
    assert "南宁市基础教育" not in httpx.get(f"{server}/plans").text
    # the published ones stay open, and the 南宁 督导 reads its own
    assert httpx.get(f"{server}/plans/{accounts_ledger.plans['阳朔']}").status_code == 200
    own = bearer(accounts_ledger, "南宁督导")
    assert httpx.get(f"{server}/api/plans/{plan}", headers=own).status_code == 200
    other = bearer(accounts_ledger, "桂林督导")
    assert httpx.get(f"{server}/api/plans/{plan}", headers=other).status_code == 403
    # nor through a view across plans: the 桂林 accounts may not read 南宁's unpublished plan
    for name in ("桂林督导", "桂林查看", "阳朔填报"):
        for path in ("/api/search?q=南宁", f"/api/regions/{NANNING}", "/downloads/ledger.csv"):
            answer = httpx.get(f"{server}{path}", headers=bearer(accounts_ledger, name))
            assert answer.status_code == 403 and "南宁市基础教育" not in answer.text, path
    admin = bearer(accounts_ledger, "管理员")
    assert httpx.get(f"{server}/api/search?q=南宁", headers=admin).status_code == 200


# --- forms without their token -----------------------------------------------------------------


def test_a_form_without_its_csrf_token_or_with_another_sessions_is_refused(
    server: str, accounts_ledger: Ledger, submitted: int, unchanged: None
) -> None:
    reporter, other = sign_in(server, "阳朔填报"), sign_in(server, "灵川填报")
    foreign = form_token(other, "/entry")
    item = accounts_ledger.items["阳朔毛入园率"]
    fields = {"period": "2026", f"value_{item}": "91", f"region_{item}": YANGSHUO}
    for data in (fields, {**fields, "csrf": ""}, {**fields, "csrf": foreign}):
        answer = reporter.post("/entry", data=data)
        assert answer.status_code == 403 and "CSRF" in answer.text
    supervisor = sign_in(server, "桂林督导")
    answer = supervisor.post(f"/review/{submitted}", data={"decision": "approve", "csrf": foreign})
    assert answer.status_code == 403
    assert supervisor.post("/logout", data={}).status_code == 403
    # the API with the session cookie needs the token too (X-CSRF-Token)
    answer = reporter.post("/api/observations", json=GOOD)
    assert answer.status_code == 403
    answer = reporter.post("/api/observations", json=GOOD, headers={"x-csrf-token": foreign})
    assert answer.status_code == 403
    # and the login form its own double-submit token
    fresh = httpx.Client(base_url=server)
    answer = fresh.post("/login", data={"name": "阳朔填报", "password": PASSWORD})
    assert answer.status_code == 403 and "planwatch_session" not in answer.cookies


# --- credentials that no longer hold -----------------------------------------------------------


def test_a_disabled_account_and_a_revoked_token_are_refused(
    server: str, accounts_ledger: Ledger
) -> None:
    client = sign_in(server, "已停用")
    assert client.get("/entry").status_code == 200
    run_planwatch("user", "disable", "已停用", "--db", accounts_ledger.url)
    before = snapshot(accounts_ledger.url)
    refused(post_observation(server, accounts_ledger, "已停用", **GOOD), 401)
    assert client.get("/entry").status_code == 401
    fresh = httpx.Client(base_url=server)
    fresh.get("/login")
    answer = fresh.post(
        "/login",
        data={
            "name": "已停用",
            "password": PASSWORD,
            "csrf": fresh.cookies["planwatch_login_csrf"],
        },
        headers={"x-forwarded-for": "10.9.9.9"},
    )
    assert answer.status_code == 401
    run_planwatch("user", "revoke", "灵川填报", "--db", accounts_ledger.url)
    after_revoke = snapshot(accounts_ledger.url)
    refused(
        post_observation(server, accounts_ledger, "灵川填报", **{**GOOD, "region": LINGCHUAN}), 401
    )
    assert snapshot(accounts_ledger.url) == after_revoke
    assert before["observations"] == after_revoke["observations"]


# --- approving what one may not ---------------------------------------------------------------


def test_a_supervisor_cannot_approve_outside_its_region(
    server: str, accounts_ledger: Ledger, submitted: int, unchanged: None
) -> None:
    answer = httpx.post(
        f"{server}/api/observations/{submitted}/approve",
        headers=bearer(accounts_ledger, "南宁督导"),
    )
    assert "不在账户" in refused(answer, 403)["error"]
    client = sign_in(server, "南宁督导")
    token = form_token(client, "/review")
    answer = client.post(f"/review/{submitted}", data={"csrf": token, "decision": "approve"})
    assert answer.status_code == 403


def test_a_reporter_cannot_approve_its_own_figures(
    server: str, accounts_ledger: Ledger, submitted: int, unchanged: None
) -> None:
    for action in ("approve", "reject"):
        answer = httpx.post(
            f"{server}/api/observations/{submitted}/{action}",
            json={"reason": "自批"},
            headers=bearer(accounts_ledger, "阳朔填报"),
        )
        refused(answer, 403)
    client = sign_in(server, "阳朔填报")
    assert client.get("/review").status_code == 403


def test_an_admin_cannot_approve_figures_it_entered_itself(
    server: str, accounts_ledger: Ledger
) -> None:
    mine = {**GOOD, "indicator": "inclusive_kindergarten_coverage"}
    made = post_observation(server, accounts_ledger, "管理员", **mine)
    assert made.status_code == 201, made.text
    obs_id = made.json()["observation"]["id"]
    admin = bearer(accounts_ledger, "管理员")
    assert (
        httpx.post(f"{server}/api/observations/{obs_id}/submit", headers=admin).status_code == 200
    )
    before = snapshot(accounts_ledger.url)
    answer = httpx.post(f"{server}/api/observations/{obs_id}/approve", headers=admin)
    assert "自己" in refused(answer, 403)["error"]
    assert snapshot(accounts_ledger.url) == before


# --- logins ------------------------------------------------------------------------------------


def _try_login(server: str, name: str, password: str, address: str) -> httpx.Response:
    client = httpx.Client(base_url=server, timeout=60)
    client.get("/login")
    token = client.cookies["planwatch_login_csrf"]
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf": token},
        headers={"x-forwarded-for": address},
    )


def test_login_is_refused_after_too_many_failures_for_an_account(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    for n in range(5):
        answer = _try_login(server, "锁定测试", f"guess-{n}", f"10.1.0.{n}")
        assert answer.status_code == 401 and "planwatch_session" not in answer.cookies
    answer = _try_login(server, "锁定测试", PASSWORD, "10.1.0.99")  # right, but too late
    assert answer.status_code == 429 and "planwatch_session" not in answer.cookies


def test_login_is_refused_after_too_many_failures_from_an_address(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    for n in range(20):
        assert _try_login(server, f"猜测{n}", "x", "10.2.0.1").status_code == 401
    answer = _try_login(server, "桂林督导", PASSWORD, "10.2.0.1")
    assert answer.status_code == 429 and "planwatch_session" not in answer.cookies
    assert _try_login(server, "桂林督导", PASSWORD, "10.2.0.2").status_code == 303


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_https(server: str) -> None:
    client = httpx.Client(base_url=server)
    client.get("/login")
    token = client.cookies["planwatch_login_csrf"]
    data = {"name": "桂林督导", "password": PASSWORD, "csrf": token}
    plain = client.post("/login", data=data, headers={"x-forwarded-for": "10.3.0.1"})
    cookie = plain.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    https = client.post(
        "/login", data=data, headers={"x-forwarded-for": "10.3.0.1", "x-forwarded-proto": "https"}
    )
    assert "Secure" in https.headers["set-cookie"]


def test_a_session_cookie_replayed_after_logout_is_refused(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    client = sign_in(server, "阳朔填报", address="10.4.0.1")
    cookie = client.cookies["planwatch_session"]
    token = form_token(client, "/entry")
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    replay = httpx.Client(base_url=server, cookies={"planwatch_session": cookie})
    assert replay.get("/entry").status_code == 401
    answer = replay.post("/api/observations", json=GOOD, headers={"x-csrf-token": token})
    assert answer.status_code == 401
    item = accounts_ledger.items["阳朔毛入园率"]
    data = {"csrf": token, "period": "2026", f"value_{item}": "91", f"region_{item}": YANGSHUO}
    assert replay.post("/entry", data=data).status_code == 401


# --- SQL injection --------------------------------------------------------------------------------

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE observations; --",
    '" UNION SELECT password_hash FROM accounts --',
    "') OR 1=1 --",
    "1' AND SLEEP(5)--",
    "%' OR name LIKE '%",
]


def _query_parameters(server: str) -> list[tuple[str, list[str]]]:
    """Every GET address of the schema with its query parameters (path ids set to 1)."""
    schema = httpx.get(f"{server}/openapi.json").json()
    found = []
    for path, ops in schema["paths"].items():
        if "get" not in ops:
            continue
        names = [p["name"] for p in ops["get"].get("parameters", []) if p["in"] == "query"]
        filled = path.replace("{fmt}", "csv").replace("{indicator}", PRESCHOOL)
        filled = filled.replace("{code}", YANGSHUO)
        for key in ("doc_id", "obs_id"):
            filled = filled.replace("{" + key + "}", "1")
        found.append((filled, names))
    pages = ["/plans", "/search", "/indicators/x", "/audit", "/entry"]
    page_params = ["region", "level", "year", "as_of", "q", "by", "action", "since", "period"]
    return found + [(p, page_params) for p in pages]


def test_sql_injection_in_every_query_parameter_and_form_field_changes_nothing(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    admin = bearer(accounts_ledger, "管理员")
    client = sign_in(server, "阳朔填报", address="10.5.0.1")
    sent = 0
    for path, names in _query_parameters(server):
        for name in names:
            for payload in INJECTIONS:
                for headers in ({}, admin):
                    answer = httpx.get(
                        f"{server}{path}", params={name: payload}, headers=headers, timeout=60
                    )
                    assert answer.status_code < 500, (path, name, payload, answer.text[:300])
                    assert "argon2" not in answer.text
                    sent += 1
    assert sent > 500
    token = form_token(client, "/entry?period=2026")
    item = accounts_ledger.items["阳朔毛入园率"]
    for payload in INJECTIONS:
        fields = {
            "period": payload,
            f"value_{item}": payload,
            f"region_{item}": payload,
            f"source_{item}": payload,
            f"note_{item}": payload,
        }
        answer = client.post("/entry", data={"csrf": token, **fields})
        assert answer.status_code in (400, 422), answer.text[:300]
        body = {
            k: payload for k in ("indicator", "region", "period", "value", "source", "note", "item")
        }
        answer = httpx.post(f"{server}/api/observations", json=body, headers=admin)
        assert answer.status_code == 422, answer.text[:300]
        answer = httpx.put(f"{server}/api/observations/1", json=body, headers=admin)
        assert answer.status_code in (409, 422), answer.text[:300]
        answer = httpx.post(
            f"{server}/api/observations/1/reject", json={"reason": payload}, headers=admin
        )
        assert answer.status_code in (403, 409), answer.text[:300]
        answer = _try_login(server, payload, payload, "10.5.0.2")
        assert answer.status_code in (401, 429), answer.text[:300]
        answer = client.post(
            "/review/1", data={"csrf": token, "decision": payload, "reason": payload}
        )
        assert answer.status_code == 403


def test_drafts_and_submitted_figures_stay_out_of_every_published_view(
    server: str, accounts_ledger: Ledger, submitted: int
) -> None:
    admin = bearer(accounts_ledger, "管理员")
    listed = httpx.get(
        f"{server}/api/observations", params={"region": YANGSHUO, "per_page": 500}, headers=admin
    ).json()["rows"]
    assert listed and submitted not in {r["id"] for r in listed}
    assert {r["status"] for r in listed} == {"approved"}
    plan = accounts_ledger.plans["阳朔"]
    rows = httpx.get(f"{server}/api/status", params={"plan": plan}).json()["rows"]
    sources = [e for r in rows for e in r["evidence"]["observations"]]
    assert sources and all("县统计" not in str(s) for s in sources)  # the submitted one's


def test_put_edits_a_draft_but_not_a_submitted_figure_nor_moves_it(
    server: str, accounts_ledger: Ledger, submitted: int
) -> None:
    token = bearer(accounts_ledger, "阳朔填报")
    draft = {**GOOD, "period": "2024Q1", "indicator": "teacher_training_participations"}
    made = httpx.post(f"{server}/api/observations", json={**draft, "value": "100"}, headers=token)
    assert made.status_code == 201, made.text
    obs_id = made.json()["observation"]["id"]
    edited = httpx.put(
        f"{server}/api/observations/{obs_id}", json={**draft, "value": "120"}, headers=token
    )
    assert edited.status_code == 200 and edited.json()["observation"]["value"] == 120
    before = snapshot(accounts_ledger.url)
    moved = httpx.put(
        f"{server}/api/observations/{obs_id}", json={**draft, "period": "2024Q2"}, headers=token
    )
    refused(moved, 400)
    late = httpx.put(f"{server}/api/observations/{submitted}", json=GOOD, headers=token)
    refused(late, 409)
    assert snapshot(accounts_ledger.url) == before


def test_the_audit_log_filters_and_a_reporter_reads_only_its_own_entries(
    server: str, accounts_ledger: Ledger, submitted: int, unchanged: None
) -> None:
    def rows(name: str, **query: str) -> list[dict[str, Any]]:
        answer = httpx.get(
            f"{server}/api/audit", params=query, headers=bearer(accounts_ledger, name)
        )
        assert answer.status_code == 200, answer.text[:300]
        found: list[dict[str, Any]] = answer.json()["rows"]
        return found

    everything = rows("桂林督导")
    assert {r["by"] for r in everything} > {"阳朔填报"}  # the 督导 reads others' entries too
    asked_for_others = rows("阳朔填报", by="桂林督导")
    assert asked_for_others and {r["by"] for r in asked_for_others} == {"阳朔填报"}
    submits = rows("桂林督导", by="阳朔填报", action="submit")
    assert submits and {(r["by"], r["action"]) for r in submits} == {("阳朔填报", "submit")}
    assert any(r["observation_id"] == submitted for r in submits)
    client = sign_in(server, "阳朔填报")
    table = client.get("/audit.csv", params={"by": "桂林督导"}).text
    assert "阳朔填报" in table and "桂林督导" not in table


def test_no_role_can_edit_or_delete_the_audit_log(
    server: str, accounts_ledger: Ledger, unchanged: None
) -> None:
    from sqlalchemy import create_engine, text

    for name in ("管理员", "桂林督导", "阳朔填报"):
        for method in ("PUT", "PATCH", "DELETE", "POST"):
            for path in ("/api/audit", "/audit", "/audit.csv"):
                answer = httpx.request(
                    method, f"{server}{path}", headers=bearer(accounts_ledger, name)
                )
                assert answer.status_code == 405, (name, method, path)
    engine = create_engine(accounts_ledger.url)  # and the database itself refuses
    try:
        for sql in ("update audit_log set by = 'x'", "delete from audit_log"):
            with pytest.raises(Exception, match="只能追加"), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()
