"""The HTML report in a real browser (Debian's chromium, headless, offline).

Rule: the report is one file that opens without the network, shows its Chinese text in a CJK
font, draws every chart (an ECharts instance whose canvas has ink), and keeps a plan's
``<script>`` as text. Screenshots are kept in tests/output/.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from planwatch.config import Settings
from planwatch.present.report import write_report
from planwatch.services import ledger, reports
from test_report import AS_OF, SEED_000, bare, guangxi, make_report  # noqa: F401 - fixtures

pytest_plugins = ["browser"]  # the browser and page fixtures (tests/browser.py)

pytestmark = [pytest.mark.browser, pytest.mark.seeds]

INK = """(element) => {
  const canvas = element.querySelector('canvas');
  if (!canvas) { return 0; }
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { inked += 1; } }
  return inked / (canvas.width * canvas.height);
}"""


def cjk_font_installed() -> bool:
    try:
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return False
    return "Noto Sans CJK" in listed


def open_offline(tab: Any, path: Path) -> list[str]:
    """Open the file; return every request that left the file (none should)."""
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(path.as_uri())
    tab.wait_for_function("window.planwatchCharts !== undefined")
    assert not errors, errors
    return [u for u in requests if not u.startswith("file:")]


def platform_fonts(tab: Any, selector: str) -> set[str]:
    """The fonts chromium drew an element's text with (DevTools' CSS.getPlatformFontsForNode)."""
    session = tab.context.new_cdp_session(tab)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"] for f in fonts}


def test_html_report_of_seed_000_opens_offline_and_draws_every_chart(
    guangxi: Settings,  # noqa: F811 - a fixture of test_report
    page: Any,
    output_dir: Path,
    tmp_path: Path,
) -> None:
    out = make_report(guangxi, tmp_path / "进展.html", "--plan", SEED_000, "--as-of", AS_OF)
    assert "<script src" not in out.read_text(encoding="utf-8")
    assert open_offline(page, out) == []
    text = page.inner_text("main")
    for words in ("实施进展情况报告", "一、总体情况", "三、督办清单", "附件：数据来源", "滞后"):
        assert words in text
    record = reports.plan_report(guangxi, SEED_000, date(2023, 3, 31))
    charts = page.query_selector_all(".chart")
    assert len(charts) == 1 + len(record.trends) == page.evaluate("window.planwatchCharts.length")
    for chart in charts:
        assert chart.evaluate("(e) => echarts.getInstanceByDom(e) !== undefined")
        assert chart.evaluate(INK) > 0.01, chart.get_attribute("id")
    rows = page.query_selector_all("table:first-of-type tbody tr:not(.subhead)")
    assert rows
    lagging = page.query_selector_all("td.status.s-lagging")
    assert lagging and lagging[0].evaluate("(e) => getComputedStyle(e).backgroundColor") == (
        "rgb(255, 235, 156)"
    )
    folder = output_dir
    page.screenshot(path=str(folder / "report_000.png"))
    page.query_selector_all("figure")[1].screenshot(path=str(folder / "report_000_trend.png"))
    assert (folder / "report_000.png").stat().st_size > 10_000


def test_the_chinese_text_is_drawn_in_a_cjk_font(
    guangxi: Settings,  # noqa: F811 - a fixture of test_report
    page: Any,
    tmp_path: Path,
) -> None:
    if not cjk_font_installed():
        pytest.skip("未安装 Noto Sans CJK（fonts-noto-cjk）/ no CJK font to draw Chinese with")
    out = make_report(guangxi, tmp_path / "进展.html", "--plan", SEED_000, "--as-of", AS_OF)
    open_offline(page, out)
    for selector in ("h1.title", "h2", "td"):
        fonts = platform_fonts(page, selector)
        assert any("CJK" in f for f in fonts), (selector, fonts)


def test_a_plan_with_script_tags_shows_them_as_text(
    page: Any,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "注入.txt"
    plan.write_text(
        "某县教育发展“十四五”规划（2021—2025年）\n\n某县人民政府\n2021年6月1日\n\n一、发展目标\n"
        "（一）学前教育\n1．到2025年，新建<script>window.__pwned=1</script>公办幼儿园12所，"
        '新建<img src=x onerror="window.__pwned=2">小学3所。\n',
        encoding="utf-8",
    )
    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert not ledger.ingest_paths(settings, [plan]).failed
    record = reports.plan_report(settings, "注入.txt", date(2023, 6, 30))
    assert any("<script>" in r.subject for r in record.rows)
    html = tmp_path / "注入.html"
    write_report(record, "html", html)
    open_offline(page, html)
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned=1</script>" in page.inner_text("main")
    assert page.query_selector_all("main img") == []
    write_report(record, "md", tmp_path / "注入.md")
    md = (tmp_path / "注入.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_region_and_no_data_reports_open_and_draw(
    guangxi: Settings,  # noqa: F811 - a fixture of test_report
    bare: Settings,  # noqa: F811 - a fixture of test_report
    page: Any,
    output_dir: Path,
    tmp_path: Path,
) -> None:
    region = make_report(guangxi, tmp_path / "广西.html", "--region", "广西", "--as-of", AS_OF)
    open_offline(page, region)
    assert "钦州市" in page.inner_text("main")
    [chart] = page.query_selector_all(".chart")
    assert chart.evaluate(INK) > 0.01
    page.screenshot(path=str(output_dir / "report_region_guangxi.png"))
    empty = make_report(bare, tmp_path / "无数据.html", "--plan", SEED_000, "--as-of", AS_OF)
    open_offline(page, empty)
    text = page.inner_text("main")
    assert "本规划尚无监测数据" in text and "无数据" in text
    assert len(page.query_selector_all("tbody tr")) >= 92
