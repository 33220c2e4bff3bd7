"""A real browser for the tests: Debian's /usr/bin/chromium driven by Playwright (never a
browser that ``playwright install`` downloads), headless, with nothing reaching the network.

A test module loads these fixtures with ``pytest_plugins = ["browser"]`` (or conftest.py
does, once, for every module) and marks its tests ``@pytest.mark.browser``: ``browser``
(skips, saying why, when chromium or Playwright is missing), ``page`` (a fresh offline
page) and ``output_dir`` (tests/output/, which git ignores, for screenshots).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(__file__).resolve().parent / "output"


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """tests/output/, where screenshots and other test artifacts are kept."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium through Playwright, for one test module: closed when the
    module ends, since two Playwright sessions cannot run at once in one process."""
    if not CHROMIUM.exists():
        pytest.skip(
            "没有 /usr/bin/chromium（Debian 的 chromium 软件包，scripts/setup-system.sh 可安装）"
            " / /usr/bin/chromium is missing"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("没有安装 Playwright（pip install playwright）/ Playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page of its own context, offline: any request beyond file:// is refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    context.route("http://**/*", lambda route: route.abort())
    context.route("https://**/*", lambda route: route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()
