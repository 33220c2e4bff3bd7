"""present.report: a progress report (实施进展情况报告) of a plan or of a region, laid out once
(``layout``) and written as Word (GB/T 9704 公文格式), one self-contained HTML file, an xlsx
workbook or Markdown; charts with matplotlib (Word) or the vendored ECharts (HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.errors import PlanWatchError

REPORT_FORMATS = ("docx", "html", "xlsx", "md")
SUFFIX_FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "md"}


def report_format(path: Path, fmt: str | None) -> str:
    """The format asked: --format, else the file's suffix; the two must agree."""
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None and by_suffix is None:
        raise PlanWatchError(
            f"无法从文件名 {path.name} 判断报告格式："
            "请用 .docx、.html、.xlsx、.md，或用 --format 指明"
        )
    if fmt is not None and by_suffix is not None and fmt != by_suffix:
        raise PlanWatchError(f"--format {fmt} 与文件名 {path.name} 的格式（{by_suffix}）不一致")
    return fmt or by_suffix or "docx"


def write_report(report: Any, fmt: str, path: Path) -> list[str]:
    """Write a PlanReport or RegionReport to ``path`` in ``fmt``; returns notes for the user
    (such as a chart drawn without its Chinese words for want of a CJK font)."""
    from planwatch.present.report.layout import layout_of

    if fmt == "xlsx":
        from planwatch.present.report.xlsx import write_xlsx

        write_xlsx(report, path)
        return []
    layout = layout_of(report)
    if fmt == "docx":
        from planwatch.present.report.docx import write_docx

        return write_docx(layout, path)
    if fmt == "html":
        from planwatch.present.report.html import write_html

        write_html(layout, path)
        return []
    if fmt == "md":
        from planwatch.present.report.md import write_md

        write_md(layout, path)
        return []
    raise PlanWatchError(f"未知的报告格式：{fmt}（可用 {'、'.join(REPORT_FORMATS)}）")


__all__ = ["REPORT_FORMATS", "report_format", "write_report"]
