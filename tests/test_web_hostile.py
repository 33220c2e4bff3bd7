"""Nothing in a plan can run in the web app: a plan holding ``<script>``, an ``<img onerror>``,
``javascript:`` links and a spreadsheet formula renders inert in the reader, in every page
and in every download.

Checked twice: in the HTML as served (no tag of the plan's survives unescaped) and in a real
browser (no dialog opens, no element carries an event handler or a ``javascript:`` address,
every script on the page is one of the app's own files or JSON data).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from test_web_live import Server, planwatch, start_server

pytest_plugins = ["browser"]  # tests/browser.py: Debian's chromium, screenshots' folder

pytestmark = pytest.mark.web
HOSTILE_PLAN = """\
青山县人民政府关于印发<script>alert(1)</script>教育提升行动计划的通知

青政发〔2024〕9号

青山县教育提升行动计划（2024—2026年）<script>alert('title')</script>

为贯彻落实<a href="javascript:alert(3)">《示范省教育事业发展规划》</a>，结合实际，制定本计划。

一、主要目标<img src=x onerror=alert(2)>

到2026年，全县学前三年毛入园率达到92%以上<script>alert(4)</script>，九年义务教育巩固率达到96%以上。
=HYPERLINK("http://evil.example/","点我")到2025年，全县学前三年毛入园率达到95%以上。

二、主要任务

1．<b onmouseover=alert(5)>实施幼儿园扩容工程</b>。新建8所公办幼儿园<svg onload=alert(6)>，\
新增学位3600个。（牵头单位：县教育局<script>alert(7)</script>；配合单位：县财政局）

专栏1  <script>alert(8)</script>幼儿园建设项目表

学段\t县区\t学校名称\t设置学位（人）\t建设年限\t公办/民办\t建设方式
幼儿园\t<img src=x onerror=alert(9)>\t<script>alert(10)</script>幼儿园\t360\t2024-2025\t公办\t新建
幼儿园\t青山县\t青山县第二幼儿园\t360\t2025-2026\t公办\t新建
"""
HOSTILE_HTML = """<html><head><title>青山县<script>alert(11)</script>规划</title></head><body>
<h1>青山县义务教育提升方案（2024—2026年）</h1>
<p>到2026年，全县九年义务教育巩固率达到97%以上。<a href="javascript:alert(12)">详见</a></p>
<p onclick="alert(13)">新建2所九年一贯制学校。<iframe src="javascript:alert(14)"></iframe></p>
</body></html>
"""
# What the plan's markup would be if it reached a page unescaped.
RAW = [
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "<b onmouseover",
    "<iframe",
    'href="javascript:',
]
HOSTILE_NAME = "青山县<img src=x onerror=alert(0)>"  # a file name with markup (no slash)
OWN_SCRIPTS = ("/assets/echarts/echarts.min.js", "/static/planwatch.js")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hostile")
    plans = folder / "规划"
    plans.mkdir()
    (plans / f"{HOSTILE_NAME}.txt").write_text(HOSTILE_PLAN, "utf-8")
    (plans / "青山县义务教育.html").write_text(HOSTILE_HTML, "utf-8")
    url = f"sqlite:///{folder / 'hostile.db'}"
    planwatch("ingest", str(plans), "--db", url)
    planwatch("publish", "--all", "--db", url)  # shown to anonymous visitors
    server = start_server(url)
    yield server
    server.stop()


def pages(base: str) -> list[str]:
    """Every page of the hostile ledger: the lists, each plan's reader and dashboard, the
    indicators, regions and a search that finds the payloads."""
    docs = httpx.get(f"{base}/api/documents").json()["rows"]
    assert len(docs) == 2
    out = ["/", "/plans", "/indicators", "/regions", "/downloads", "/search?q=alert"]
    out += ["/search?q=<script>alert(1)</script>", "/plans?region=<script>"]
    for doc in docs:
        out += [f"/plans/{doc['id']}", f"/plans/{doc['id']}/status"]
        if doc["org_unit_code"]:
            out.append(f"/regions/{doc['org_unit_code']}")
    out += ["/indicators/preschool_gross_enrolment_rate", "/indicators/<script>alert(1)</script>"]
    return out


def test_the_hostile_plan_is_read_with_its_items(hostile_server: Server) -> None:
    docs = httpx.get(f"{hostile_server.url}/api/documents").json()["rows"]
    txt = next(d for d in docs if d["name"].endswith(".txt"))
    items = httpx.get(f"{hostile_server.url}/api/documents/{txt['id']}/items").json()["rows"]
    assert len(items) >= 4 and any(i["value"] == 92 for i in items)
    source = httpx.get(f"{hostile_server.url}/api/plans/{txt['id']}").json()["source"]
    assert "<script>alert(1)</script>" in source  # the API gives the text as it is, as JSON


def test_no_markup_of_a_plan_survives_in_any_page(hostile_server: Server) -> None:
    for path in pages(hostile_server.url):
        answer = httpx.get(f"{hostile_server.url}{path}")
        assert answer.status_code in (200, 404), (path, answer.status_code)
        html = answer.text
        for raw in RAW:
            assert raw not in html, (path, raw)
        assert "&lt;script&gt;alert" in html or answer.status_code == 404 or "alert" not in html
        assert answer.headers["content-security-policy"].startswith("default-src 'self'")
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_reader_shows_the_markup_as_text(hostile_server: Server) -> None:
    docs = httpx.get(f"{hostile_server.url}/api/documents").json()["rows"]
    txt = next(d for d in docs if d["name"].endswith(".txt"))
    html = httpx.get(f"{hostile_server.url}/plans/{txt['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(3)&#34;&gt;" in html


INERT_CHECK = """() => {
  const handlers = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) handlers.push(el.tagName + ' ' + attr.name);
      if (/^\\s*javascript:/i.test(attr.value)) handlers.push(el.tagName + ' ' + attr.name);
    }
  }
  const scripts = [...document.scripts].map(s => s.getAttribute('src') || s.type);
  const frames = document.querySelectorAll('iframe, img, svg, object, embed').length;
  return {handlers, scripts, frames};
}"""


@pytest.mark.browser
def test_nothing_runs_in_a_real_browser(
    hostile_server: Server, browser: Any, output_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages(hostile_server.url):
            page.goto(f"{hostile_server.url}{path}")
            page.wait_for_load_state("load")
            for link in page.locator("a.hl").all()[:5]:
                link.hover()
                link.click()
            found = page.evaluate(INERT_CHECK)
            assert found["handlers"] == [], (path, found)
            assert found["frames"] == 0, (path, found)
            assert set(found["scripts"]) <= {*OWN_SCRIPTS, "application/json"}, (path, found)
        page.goto(f"{hostile_server.url}{pages(hostile_server.url)[-4]}")
        page.screenshot(path=str(output_dir / "web-hostile-reader.png"), full_page=True)
    finally:
        context.close()
    assert dialogs == []


def test_every_download_of_the_hostile_plan_is_inert(hostile_server: Server) -> None:
    from openpyxl import load_workbook

    groups = httpx.get(f"{hostile_server.url}/api/reports").json()["rows"]
    for url in [d["url"] for g in groups for d in g["downloads"]]:
        answer = httpx.get(f"{hostile_server.url}{url}", timeout=120)
        assert answer.status_code == 200, url
        kind = answer.headers["content-type"]
        assert "javascript" not in kind and ("html" not in kind or url.endswith(".html")), url
        assert answer.headers["content-disposition"].startswith("attachment")
        assert answer.headers["x-content-type-options"] == "nosniff"
        if url.endswith((".html", ".md")):  # the reports: the plan's markup only as text
            for raw in [*RAW[:-1], '<a href="javascript:']:
                assert raw not in answer.text, (url, raw)
        if url.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(answer.content))
            formulas = [
                (sheet.title, cell.coordinate, cell.value)
                for sheet in book.worksheets
                for row in sheet.iter_rows()
                for cell in row
                if cell.data_type == "f"
            ]
            assert formulas == [], (url, formulas[:3])


def test_a_plan_file_name_with_markup_is_escaped_too(hostile_server: Server) -> None:
    docs = httpx.get(f"{hostile_server.url}/api/documents").json()["rows"]
    doc = next(d for d in docs if d["name"] == f"{HOSTILE_NAME}.txt")
    for path in ("/downloads", "/plans", "/", f"/plans/{doc['id']}", f"/plans/{doc['id']}/status"):
        assert HOSTILE_NAME not in httpx.get(f"{hostile_server.url}{path}").text, path
    reader = httpx.get(f"{hostile_server.url}/plans/{doc['id']}").text
    assert "青山县&lt;img src=x onerror=alert(0)&gt;.txt" in reader
