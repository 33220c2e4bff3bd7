"""The JSON API through the live server, on SQLite and PostgreSQL: every endpoint answers its
envelope (``{"ok": true, …}``, or ``{"ok": false, "error": "中文"}`` with a 4xx, never a 500),
lists page and filter, and each page's API twin holds the numbers the page and the CLI show.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from test_web_live import DEMO_DAY, demo_url, live_server, planwatch  # noqa: F401

pytestmark = pytest.mark.web
GUANGXI, GUILIN, YANGSHUO = "450000000000", "450300000000", "450321000000"
INDICATOR = "preschool_gross_enrolment_rate"
CJK = re.compile(r"[\u4e00-\u9fff]")


def get(base: str, path: str, expect: int = 200, **params: Any) -> Any:
    answer = httpx.get(f"{base}{path}", params=params, timeout=120)
    assert answer.status_code == expect, (path, answer.status_code, answer.text[:500])
    assert answer.headers["content-type"].startswith("application/json")
    return answer.json()


@pytest.fixture(scope="module")
def plans(
    live_server: str,  # noqa: F811
) -> dict[str, int]:
    """The demo plans' ids by region: 广西, 南宁, 桂林, 阳朔."""
    rows = get(live_server, "/api/documents")["rows"]
    return {
        region: next(r["id"] for r in rows if r["region"].startswith(region))
        for region in ("广西", "南宁", "桂林", "阳朔")
    }


def good_values(plans: dict[str, int]) -> dict[str, str]:
    return {
        "doc_id": str(plans["广西"]),
        "indicator": INDICATOR,
        "code": GUANGXI,
        "fmt": "csv",
    }


def test_every_api_endpoint_answers_its_envelope(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    schema = get(live_server, "/openapi.json")
    paths = [  # the read API: open to anyone for the demo's published plans
        p
        for p, ops in schema["paths"].items()
        if p.startswith("/api") and "get" in ops and "填报与审核" not in ops["get"]["tags"]
    ]
    assert len(paths) >= 20
    values = good_values(plans)
    params = {
        "/api/status": {"plan": values["doc_id"]},
        "/api/evaluations": {"plan": values["doc_id"]},
    }
    for path in paths:
        filled = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        body = get(live_server, filled, **params.get(path, {}))
        assert body["ok"] is True, path
        if "rows" in body and "total" in body:
            assert body["total"] >= len(body["rows"]), path


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/documents/99999", 404),
        ("/api/documents/99999/items", 404),
        ("/api/plans/99999", 404),
        ("/api/plans/99999/status", 404),
        ("/api/indicators/没有这个指标", 404),
        ("/api/regions/999999999999", 404),
        ("/api/status?plan=没有的规划", 404),
        ("/api/status", 422),
        ("/api/status?plan=1&as_of=2024-13-40", 422),
        ("/api/status?plan=1&as_of=1800-01-01", 400),
        ("/api/documents?per_page=100000", 422),
        ("/api/documents?page=0", 422),
        ("/api/documents/0", 422),
        ("/api/documents/99999999999999999999", 422),
        ("/api/observations?period=明年", 400),
        ("/api/observations?indicator=没有这个指标", 404),
        ("/api/evaluations?plan=1&status=perfect", 422),
        ("/api/search?q=%00", 400),
        ("/api/nowhere", 404),
    ],
)
def test_a_bad_request_is_a_4xx_with_a_chinese_message(
    live_server: str,  # noqa: F811
    path: str,
    status: int,
) -> None:
    answer = httpx.get(f"{live_server}{path}", timeout=60)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["ok"] is False and CJK.search(body["error"]), body
    assert "Traceback" not in answer.text


def test_documents_filter_by_region_below_level_and_year(
    live_server: str,  # noqa: F811
) -> None:
    below_guilin = get(live_server, "/api/documents", region=GUILIN)["rows"]
    assert sorted(r["region"] for r in below_guilin) == ["桂林市", "阳朔县"]
    counties = get(live_server, "/api/documents", level="县")["rows"]
    assert [r["region"] for r in counties] == ["阳朔县"]
    assert get(live_server, "/api/documents", year=2030)["total"] == 0
    assert get(live_server, "/api/documents", year=2026)["total"] == 4


def test_documents_page_through_every_plan_once(
    live_server: str,  # noqa: F811
) -> None:
    pages = [get(live_server, "/api/documents", per_page=3, page=n) for n in (1, 2)]
    ids = [r["id"] for p in pages for r in p["rows"]]
    assert len(ids) == len(set(ids)) == 4
    assert pages[0]["pages"] == 2 and pages[1]["page"] == 2
    assert get(live_server, "/api/documents", per_page=3, page=9)["rows"] == []


def test_a_plans_items_carry_their_record_and_status(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    doc = get(live_server, f"/api/documents/{plans['南宁']}")["document"]
    items = get(live_server, f"/api/documents/{plans['南宁']}/items", as_of=DEMO_DAY)["rows"]
    assert len(items) == doc["items"] and all(i["document_id"] == doc["id"] for i in items)
    targets = get(live_server, f"/api/documents/{plans['南宁']}/items", kind="target")["rows"]
    assert len(targets) == doc["targets"]
    rate = next(i for i in targets if i["indicator"] == INDICATOR)
    assert (rate["value"], rate["unit"], rate["relation"], rate["year"]) == (94, "%", ">=", 2027)
    assert rate["status"] and rate["status_label"] and rate["observations"]


def test_sections_tasks_projects_and_tables_of_a_plan(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    doc_id = plans["南宁"]
    sections = get(live_server, f"/api/documents/{doc_id}/sections")["rows"]
    assert any(s["label"] == "专栏1" for s in sections)
    tasks = get(live_server, f"/api/documents/{doc_id}/tasks")["rows"]
    assert any("市教育局" in t["lead"] for t in tasks)
    projects = get(live_server, f"/api/documents/{doc_id}/projects")["rows"]
    assert len(projects) == 6 and sum(p["seats"] for p in projects) == 2160
    [table] = get(live_server, f"/api/documents/{doc_id}/tables")["rows"]
    assert len(table["rows"]) == 6 and table["rows"][0][2]["text"] == "青秀区凤岭北幼儿园"


def test_status_rows_are_those_of_planwatch_status(
    live_server: str,  # noqa: F811
    demo_url: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    plan = str(plans["广西"])
    cli = json.loads(
        planwatch(
            "status", "--plan", plan, "--as-of", DEMO_DAY, "--format", "json", "--db", demo_url
        ).stdout
    )
    api = get(live_server, "/api/status", plan=plan, as_of=DEMO_DAY)
    assert api["rows"] == cli
    assert api["as_of"] == DEMO_DAY and sum(api["counts"].values()) == len(cli)


def test_the_dashboard_api_is_the_dashboard_page(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    path = f"/plans/{plans['广西']}/status"
    api = get(live_server, f"/api{path}", as_of=DEMO_DAY)
    page = httpx.get(f"{live_server}{path}", params={"as_of": DEMO_DAY}).text
    shown = dict(re.findall(r'data-status="(\w+)"><strong>(\d+)</strong>', page))
    assert {k: int(v) for k, v in shown.items() if int(v)} == api["counts"]
    assert len(api["lagging"]) == sum(
        api["counts"].get(s, 0) for s in ("lagging", "off_track", "overdue")
    )
    assert {g["group"] for g in api["by_region"]} == {GUANGXI}


def test_every_status_appears_in_the_demo(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    seen = set()
    for doc_id in plans.values():
        seen |= set(get(live_server, "/api/status", plan=str(doc_id), as_of=DEMO_DAY)["counts"])
    assert seen == {"achieved", "on_track", "lagging", "off_track", "overdue", "no_data", "not_due"}


def test_evaluations_filter_by_status(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    overdue = get(
        live_server, "/api/evaluations", plan=str(plans["广西"]), as_of=DEMO_DAY, status="overdue"
    )["rows"]
    assert [r["indicator"] for r in overdue] == ["large_class_share"]


def test_an_indicator_has_one_series_per_region_and_kind(
    live_server: str,  # noqa: F811
) -> None:
    view = get(live_server, f"/api/indicators/{INDICATOR}")
    regions = {s["region"] for s in view["series"] if s["kind"] == "target"}
    assert regions == {"广西壮族自治区", "南宁市", "桂林市", "阳朔县"}
    assert len(view["rows"]) == 9
    by_name = get(live_server, "/api/indicators/学前三年毛入园率", region="桂林")
    assert {r["region"] for r in by_name["rows"]} == {"桂林市", "阳朔县"}


def test_a_region_holds_its_plans_those_below_and_their_findings(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    view = get(live_server, f"/api/regions/{GUANGXI}")
    assert [d["id"] for d in view["plans"]] == [plans["广西"]]
    assert {d["region"] for d in view["lower_plans"]} == {"南宁市", "桂林市", "阳朔县"}
    assert any(f["kind"] == "cascade_weaker" for f in view["findings"])
    assert view["coverage"] and view["coverage"][0]["higher"]["id"] == plans["广西"]
    county = get(live_server, f"/api/regions/{YANGSHUO}")
    assert [u["name"] for u in county["chain"]][-3:] == ["广西壮族自治区", "桂林市", "阳朔县"]


def test_findings_filter_by_plan_region_and_severity(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    every = get(live_server, "/api/findings")["rows"]
    high = get(live_server, "/api/findings", severity="high")["rows"]
    assert high and len(high) <= len(every) and {f["severity"] for f in high} == {"high"}
    one = get(live_server, "/api/findings", doc=plans["阳朔"])["rows"]
    assert one and {f["document_id"] for f in one} == {plans["阳朔"]}
    county = get(live_server, "/api/findings", region=YANGSHUO)["rows"]
    assert county == one


def test_coverage_of_one_higher_plan(
    live_server: str,  # noqa: F811
    plans: dict[str, int],
) -> None:
    [view] = get(live_server, "/api/coverage", higher=plans["桂林"])["rows"]
    assert [p["id"] for p in view["lowers"]] == [plans["阳朔"]]
    assert get(live_server, "/api/coverage", higher=plans["阳朔"])["rows"] == []


def test_observations_page_and_filter(
    live_server: str,  # noqa: F811
) -> None:
    every = get(live_server, "/api/observations", per_page=500)
    assert every["total"] == len(every["rows"]) == 60
    nanning = get(live_server, "/api/observations", region="南宁市", indicator="学前三年毛入园率")
    assert [(o["period"], o["value"]) for o in nanning["rows"]] == [
        ("2022", 90.3),
        ("2023", 90.9),
        ("2025", 92.6),
    ]
    assert get(live_server, "/api/observations", period="2026Q2")["total"] == 1


def test_org_units_are_the_regions_with_plans_and_those_below(
    live_server: str,  # noqa: F811
) -> None:
    regions = get(live_server, "/api/org-units", per_page=500)["rows"]
    assert {GUANGXI, GUILIN, YANGSHUO} <= {u["code"] for u in regions}
    cities = get(live_server, "/api/org-units", parent=GUANGXI, level="city")["rows"]
    assert len(cities) == 14 and {u["parent"] for u in cities} == {GUANGXI}
    bodies = get(live_server, "/api/org-units", parent=GUANGXI, level="body")["rows"]
    assert "广西壮族自治区教育厅" in {u["name"] for u in bodies}


def test_search_finds_targets_and_tasks(
    live_server: str,  # noqa: F811
) -> None:
    found = get(live_server, "/api/search", q="毛入园率")
    assert found["items_total"] >= 8 and all("毛入园率" in i["quote"] for i in found["items"])
    teachers = get(live_server, "/api/search", q="教师队伍")
    assert teachers["tasks_total"] >= 2 and teachers["tasks"][0]["lead"]
    assert get(live_server, "/api/search", q="  ")["items"] == []


def test_every_listed_download_downloads(
    live_server: str,  # noqa: F811
) -> None:
    groups = get(live_server, "/api/reports")["rows"]
    urls = [d["url"] for g in groups for d in g["downloads"]]
    assert len(urls) >= 4 * 12
    for url in urls:
        answer = httpx.get(f"{live_server}{url}", timeout=120)
        assert answer.status_code == 200, (url, answer.text[:300])
        assert "attachment" in answer.headers["content-disposition"]
        assert len(answer.content) > 20, url
