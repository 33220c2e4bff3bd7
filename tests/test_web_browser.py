"""The pages in a real browser (Playwright driving Debian's chromium, headless, offline: any
request beyond the app's own address is refused and counted): a newcomer opens the plan list,
opens a plan, clicks a highlighted figure and lands on its record, switches the dashboard's
date, opens an indicator's chart, and downloads every export; Chinese is drawn with a CJK
font. A screenshot of each page is kept in tests/output/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_live import DEMO_DAY, demo_url, live_server  # noqa: F401

pytest_plugins = ["browser"]  # tests/browser.py: Debian's chromium, screenshots' folder

pytestmark = [
    pytest.mark.web,
    pytest.mark.browser,
    pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True),
]
CJK_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "Droid Sans Fallback")


@pytest.fixture
def page(
    browser: Any,
    live_server: str,  # noqa: F811
) -> Iterator[Any]:
    """A page of the app; a request for anything beyond the app (a CDN, a web font) fails
    the test, and so does a script error or a dialog."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    refused: list[str] = []
    context.on(
        "request",
        lambda r: (
            None if r.url.startswith((live_server, "data:", "blob:")) else refused.append(r.url)
        ),
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: errors.append(f"dialog {d.message}"))
    try:
        yield page
    finally:
        context.close()
    assert refused == [], f"请求了应用之外的地址：{refused}"
    assert errors == [], errors


@pytest.fixture
def shot(output_dir: Path) -> Any:
    """Keeps a screenshot of the page as tests/output/web-NAME.png."""

    def take(page: Any, name: str) -> None:
        page.screenshot(path=str(output_dir / f"web-{name}.png"), full_page=False)

    return take


def cjk_fonts_of(page: Any, selector: str) -> list[str]:
    """The fonts chromium actually drew the element's text with (CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts if f["glyphCount"]]


def test_a_newcomer_reads_a_plan_and_a_figures_record(
    page: Any,
    shot: Any,
    live_server: str,  # noqa: F811
) -> None:
    page.goto(f"{live_server}/")
    assert "规划监测" in page.title() and page.locator(".intro").is_visible()
    shot(page, "home")
    used = cjk_fonts_of(page, "h1")
    assert used and all(any(f.startswith(c) for c in CJK_FONTS) for f in used), used

    page.click("nav >> text=规划")
    page.wait_for_url(re.compile(r"/plans$"))
    assert page.locator("table.plans tbody tr").count() == 4
    assert page.locator(".tree li").count() == 4
    shot(page, "plans")

    page.click("table.plans >> text=南宁市基础教育扩优提质三年行动实施方案（2025—2027年）")
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    highlights = page.locator(".text a.hl[data-item-id]")
    assert highlights.count() == int(page.locator(".records h2").inner_text().split("（")[1][:-1])
    assert page.locator(".text table").count() == 1  # the 专栏 as a table
    shot(page, "reader")

    figure = page.locator(".text a.hl.hl-target", has_text="94%").first
    item_id = figure.get_attribute("data-item-id")
    figure.click()
    page.wait_for_url(re.compile(rf"#item-{item_id}$"))
    record = page.locator(f"#item-{item_id}")
    record.wait_for()
    assert record.is_visible()
    text = record.inner_text()
    for words in ("学前教育毛入园率", "94%", "2027", "≥", "状态", "2025"):
        assert words in text, (words, text)
    page.wait_for_timeout(200)
    assert page.evaluate(
        "id => { const r = document.getElementById('item-' + id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        item_id,
    )
    shot(page, "record")

    page.click(".outline >> text=重点任务")
    assert page.url.endswith("#sec-2") or "#sec-" in page.url


def test_the_dashboard_switches_its_date(
    page: Any,
    shot: Any,
    live_server: str,  # noqa: F811
) -> None:
    page.goto(f"{live_server}/plans")
    page.click("table.plans tr:has-text('广西壮族自治区') >> text=看板")
    page.wait_for_url(re.compile(r"/plans/\d+/status$"))
    page.fill("#as-of", DEMO_DAY)
    page.click("#as-of-form button")
    page.wait_for_url(re.compile(rf"as_of={DEMO_DAY}"))
    assert page.inner_text("#as-of-shown") == DEMO_DAY
    later = page.inner_text("#summary")
    assert "逾期未完成 1 个" in later
    page.locator("#trend-chart canvas").first.wait_for()
    shot(page, "dashboard")

    page.fill("#as-of", "2025-03-31")
    page.click("#as-of-form button")
    page.wait_for_url(re.compile(r"as_of=2025-03-31"))
    assert page.inner_text("#as-of-shown") == "2025-03-31"
    earlier = page.inner_text("#summary")
    assert earlier != later and "逾期未完成" not in earlier
    shot(page, "dashboard-2025")


def test_the_indicator_chart_draws_a_line_per_region(
    page: Any,
    shot: Any,
    live_server: str,  # noqa: F811
) -> None:
    page.goto(f"{live_server}/indicators")
    page.click("text=学前教育毛入园率")
    page.wait_for_url(re.compile(r"/indicators/"))
    chart = page.locator("#compare-chart")
    chart.locator("canvas").first.wait_for()
    assert int(chart.get_attribute("data-series") or 0) == 8  # 4 regions × target, baseline
    names = page.evaluate("window.planwatchChart.getOption().series.map(s => s.name)")
    assert {"广西壮族自治区目标", "南宁市目标", "桂林市目标", "阳朔县目标"} <= set(names)
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300
    shot(page, "indicator")


def test_the_region_and_search_pages(
    page: Any,
    shot: Any,
    live_server: str,  # noqa: F811
) -> None:
    page.goto(f"{live_server}/regions")
    page.click("text=广西壮族自治区")
    page.wait_for_url(re.compile(r"/regions/450000000000$"))
    finding = page.locator(".finding").first
    assert finding.locator(".side").count() == 2  # both quotes side by side
    shot(page, "region")
    page.fill("form.search input", "毛入园率")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("table.grid").first.locator("tbody tr").count() >= 8
    shot(page, "search")


def test_every_download_downloads(
    page: Any,
    shot: Any,
    live_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    page.goto(f"{live_server}/downloads")
    shot(page, "downloads")
    ledger_urls = page.eval_on_selector_all(
        "main > ul.downloads a[download]", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(ledger_urls) >= 12
    page.goto(f"{live_server}/plans")
    page.click("table.plans >> text=南宁市基础教育扩优提质三年行动实施方案（2025—2027年）")
    plan_links = page.locator("ul.downloads a[download]")
    assert plan_links.count() == 16  # 4 report formats, 3 exports in 4 formats
    suffixes = set()
    for n in range(plan_links.count()):
        with page.expect_download() as caught:
            plan_links.nth(n).click()
        download = caught.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert target.stat().st_size > 20, target
        suffixes.add(target.suffix)
    assert suffixes == {".docx", ".html", ".md", ".xlsx", ".csv", ".json", ".jsonl"}
    # chromium holds back a site's downloads after a dozen in a row: a fresh context each
    for url in ledger_urls:
        context = page.context.browser.new_context(accept_downloads=True)
        try:
            other = context.new_page()
            other.goto(f"{live_server}/downloads")
            with other.expect_download() as caught:
                other.click(f"main > ul.downloads a[href='{url}']")
            assert caught.value.failure() is None, url
        finally:
            context.close()
