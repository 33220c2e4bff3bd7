"""Each role's path in a real browser (Playwright driving Debian's chromium, offline): a
reporter signs in, enters a figure, sees the import rules' Chinese message beside it, fixes
it and submits (its own preview counts it at once); the 督导 approves it; the public
dashboard changes; the audit page shows both entries; a viewer cannot reach the form.
Screenshots are kept in tests/output/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from accounts_fixtures import PASSWORD, Ledger, accounts_ledger, server

pytest_plugins = ["browser"]
pytestmark = [pytest.mark.web, pytest.mark.browser]
__all__ = ["accounts_ledger", "server"]  # fixtures used by name


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def context(browser: Any, server: str) -> Iterator[Any]:
    """A browser context of its own (its own cookies); nothing beyond the app is fetched,
    and no script error or dialog occurs."""
    made = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    refused: list[str] = []
    made.on("request", lambda r: None if r.url.startswith(server) else refused.append(r.url))
    yield made
    made.close()
    assert refused == []


def shoot(page: Any, output_dir: Path, name: str) -> None:
    page.screenshot(path=str(output_dir / f"accounts-{name}.png"), full_page=True)


def sign_in(context: Any, server: str, name: str) -> Any:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/login")
    page.fill('input[name="name"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.click('form.login button[type="submit"]')
    page.wait_for_load_state()
    assert errors == []
    return page


def target_status(server: str, ledger: Ledger, item: int) -> str:
    plan = ledger.plans["阳朔"]
    rows = httpx.get(f"{server}/api/status", params={"plan": plan}, timeout=60).json()["rows"]
    return str(next(r["status"] for r in rows if r["item_id"] == item))


def test_reporter_enters_fixes_and_submits_the_supervisor_approves_and_the_public_sees_it(
    context: Any, browser: Any, server: str, accounts_ledger: Ledger, output_dir: Path
) -> None:
    item = accounts_ledger.items["阳朔毛入园率"]  # 到2026年，学前三年毛入园率达到90%
    before = target_status(server, accounts_ledger, item)
    assert before != "achieved"

    reporter = sign_in(context, server, "阳朔填报")
    assert reporter.url.endswith("/entry")
    reporter.goto(f"{server}/entry?period=2026")
    shoot(reporter, output_dir, "1-reporter-form")
    field = f'input[name="value_{item}"]'
    reporter.fill(field, "912")
    reporter.click('button[name="action"][value="submit"]')
    message = reporter.locator(f"#target-{item} .error-message")
    assert "百分比" in message.inner_text()
    assert "未保存任何数据" in reporter.locator("#message").inner_text()
    shoot(reporter, output_dir, "2-reporter-validation-error")
    reporter.fill(field, "93.5")
    reporter.fill(f'input[name="source_{item}"]', "阳朔县教育统计")
    reporter.click('button[name="action"][value="submit"]')
    assert "已报送 1 条" in reporter.locator("#message").inner_text()
    assert "已报送" in reporter.locator(f"#target-{item}").inner_text()
    assert reporter.locator(f"#target-{item} .preview").inner_text() == "已达成"  # own preview
    shoot(reporter, output_dir, "3-reporter-submitted")
    assert target_status(server, accounts_ledger, item) == before  # not yet approved

    supervisor_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        supervisor = sign_in(supervisor_context, server, "桂林督导")
        assert supervisor.url.endswith("/review")
        row = supervisor.locator("tr", has_text="93.5")
        assert row.count() == 1 and "阳朔填报" in row.inner_text()
        assert "90%（2026年）" in row.locator("td.targets").inner_text()  # the plan's target
        shoot(supervisor, output_dir, "4-supervisor-review")
        row.locator('button[value="approve"]').click()
        assert "审核通过" in supervisor.locator("#message").inner_text()
        shoot(supervisor, output_dir, "5-supervisor-approved")

        assert target_status(server, accounts_ledger, item) == "achieved"
        public = browser.new_page()
        public.goto(f"{server}/plans/{accounts_ledger.plans['阳朔']}/status")
        assert "已达成" in public.content()
        shoot(public, output_dir, "6-public-dashboard")
        public.close()

        supervisor.goto(f"{server}/audit?region=阳朔县")
        table = supervisor.locator("table.grid").inner_text()
        assert "阳朔填报" in table and "桂林督导" in table and "93.5" in table
        assert "批准" in table
        shoot(supervisor, output_dir, "7-audit")
        with supervisor.expect_download() as download:
            supervisor.click('a[href^="/audit.xlsx"]')
        assert download.value.suggested_filename.endswith(".xlsx")
    finally:
        supervisor_context.close()


def test_a_viewer_reads_but_cannot_reach_the_form(
    context: Any, server: str, accounts_ledger: Ledger, output_dir: Path
) -> None:
    viewer = sign_in(context, server, "桂林查看")
    assert viewer.url.endswith("/plans")
    assert "南宁市基础教育" not in viewer.content()  # unpublished, outside 桂林
    answer = viewer.goto(f"{server}/entry")
    assert answer.status == 403 and "无权" in viewer.content()
    shoot(viewer, output_dir, "8-viewer-refused")
