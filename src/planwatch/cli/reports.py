"""The report command: a plan's 实施进展情况报告, or a region's 督导报告 (thin wiring of
services.reports to present.report)."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.base import Command
from planwatch.cli.options import db_option, load_settings
from planwatch.cli.tracking import _day

REPORT_FORMATS = ("docx", "html", "xlsx", "md")


@click.command(cls=Command)
@click.option("--plan", help="规划文件（文件名、编号、文号或标题）：该规划的实施进展情况报告。")
@click.option("--region", help="地区（如 广西、钦州市）：该地区及所辖市、县全部规划的督导报告。")
@click.option("--as-of", "as_of", metavar="日期", help="评估日期（如 2024-06-30），默认今天。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="docx（Word，公文格式）、html（单个文件，可离线打开、打印）、xlsx（每部分一张表）、"
    "md（Markdown）；默认按 -o 的扩展名。",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件，如 进展报告.docx、进展报告.html。",
)
@db_option
def report(  # noqa: PLR0913 - one keyword per option
    plan: str | None,
    region: str | None,
    as_of: str | None,
    fmt: str | None,
    output: Path,
    db: str | None,
) -> None:
    """生成实施进展情况报告（Word、HTML、xlsx、Markdown）：总体情况、各部分目标进展、督办清单、
    重点指标趋势图和数据来源；--region 生成地区督导报告（滞后的地区和指标、下级目标低于上级）。

    报告中的数字与 planwatch status 相同，每个数字都可在附件中查到规划原文和监测数据来源。"""
    from planwatch.errors import PlanWatchError
    from planwatch.present.report import report_format, write_report
    from planwatch.services import reports

    if bool(plan) == bool(region):
        raise click.UsageError("请给出 --plan 或 --region 之一。")
    try:
        chosen = report_format(output, fmt)
    except PlanWatchError as exc:
        raise click.UsageError(str(exc)) from exc
    settings = load_settings(db)
    day = _day(as_of)
    record = (
        reports.plan_report(settings, plan, day)
        if plan
        else reports.region_report(settings, region or "", day)
    )
    for note in write_report(record, chosen, output):
        click.echo(f"注意：{note}", err=True)
    click.echo(f"已生成 {output}", err=True)
