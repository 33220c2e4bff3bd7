"""The pages through the live server, on SQLite and PostgreSQL: each answers in Chinese at
its fixed address, shows what its API twin holds, and a bad address is a Chinese error page
with a 4xx, never a 500."""

from __future__ import annotations

import re

import httpx
import pytest

from test_web_live import DEMO_DAY, demo_url, live_server  # noqa: F401

pytestmark = pytest.mark.web
GUANGXI = "450000000000"


def html(base: str, path: str, expect: int = 200) -> str:
    answer = httpx.get(f"{base}{path}", timeout=120)
    assert answer.status_code == expect, (path, answer.status_code, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in answer.text
    return answer.text


def ids(base: str) -> dict[str, int]:
    rows = httpx.get(f"{base}/api/documents").json()["rows"]
    return {r["region"][:2]: r["id"] for r in rows}


def test_every_page_answers_in_chinese(
    live_server: str,  # noqa: F811
) -> None:
    plan = ids(live_server)["广西"]
    for path in [
        "/",
        "/plans",
        f"/plans?region={GUANGXI}&level=市&year=2026",
        f"/plans/{plan}",
        f"/plans/{plan}/status",
        f"/plans/{plan}/status?as_of=2025-06-30",
        "/indicators",
        "/indicators/preschool_gross_enrolment_rate",
        "/indicators/学前三年毛入园率?region=桂林",
        "/regions",
        f"/regions/{GUANGXI}",
        "/search?q=教师",
        "/search",
        "/downloads",
    ]:
        page = html(live_server, path)
        assert "规划监测" in page and "Traceback" not in page, path


@pytest.mark.parametrize(
    ("path", "expect", "words"),
    [
        ("/plans/99999", 404, "台账中没有文件"),
        ("/plans/99999/status", 404, "台账中没有文件"),
        ("/indicators/没有这个指标", 404, "指标目录中没有"),
        ("/regions/123", 404, "没有代码为"),
        ("/plans/1/status?as_of=2024-02-30", 422, "不是日期"),
        ("/plans/abc", 422, "不是整数"),
        ("/nowhere", 404, "没有这个地址"),
    ],
)
def test_a_bad_address_is_a_chinese_error_page(
    live_server: str,  # noqa: F811
    path: str,
    expect: int,
    words: str,
) -> None:
    assert words in html(live_server, path, expect)


def test_the_plan_list_is_its_api_twin(
    live_server: str,  # noqa: F811
) -> None:
    api = httpx.get(f"{live_server}/api/plans", params={"as_of": DEMO_DAY}).json()
    page = html(live_server, f"/plans?as_of={DEMO_DAY}")
    assert page.count("<tr>\n<td>") == len(api["rows"]) == 4
    for row in api["rows"]:
        assert f'<a href="/plans/{row["id"]}">{row["title"]}</a>' in page
        for code, n in row["counts"].items():
            assert f'class="st-{code}"' in page and f">{n}</span>" in page
    tree = page.split('<ul class="tree">', 1)[1]
    assert all(f'<a href="/plans/{row["id"]}">' in tree for row in api["rows"])


def test_the_reader_highlights_every_item_and_links_its_record(
    live_server: str,  # noqa: F811
) -> None:
    plan = ids(live_server)["南宁"]
    api = httpx.get(f"{live_server}/api/plans/{plan}").json()
    page = html(live_server, f"/plans/{plan}")
    highlighted = re.findall(
        r'<a class="hl [^"]*" id="at-(\d+)" href="#item-(\d+)" data-item-id="(\d+)"', page
    )
    assert len(highlighted) == len(api["items"]) == api["document"]["items"]
    assert {int(a) for a, b, c in highlighted} == {i["id"] for i in api["items"]}
    assert all(a == b == c for a, b, c in highlighted)
    for item in api["items"]:
        assert f'<section class="record" id="item-{item["id"]}"' in page
    for n, _section in enumerate(api["outline"]):
        assert f'id="sec-{n}"' in page and f'href="#sec-{n}"' in page
    assert "<td>青秀区凤岭北幼儿园</td>" in page  # the 专栏 as a table
    assert "市发展改革委" in page  # a task's 配合单位


def test_the_reader_shows_the_plan_text_exactly(
    live_server: str,  # noqa: F811
) -> None:
    import html as entities

    plan = ids(live_server)["广西"]
    source = httpx.get(f"{live_server}/api/plans/{plan}").json()["source"]
    page = html(live_server, f"/plans/{plan}")
    body = page.split('<div class="text" lang="zh-CN">', 1)[1].split("</div>\n  <aside", 1)[0]
    text = entities.unescape(re.sub(r"<[^>]+>", "", body))
    assert text == source
