"""Progress tracking commands: template, import, observations, audit, status (thin wiring of
services.tracking)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from planwatch.cli.base import Command
from planwatch.cli.options import db_option, emit, load_settings, output_options

BY_CHOICES = ("section", "unit", "region", "indicator")


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(
            f"「{text}」不是日期（例：2024-06-30）", param_hint="--as-of"
        ) from exc


@click.command(cls=Command)
@click.option("--plan", required=True, help="规划文件（文件名、编号、文号或标题）。")
@click.option("--as-of", "as_of", metavar="日期", help="评估日期（如 2024-06-30），默认今天。")
@click.option(
    "--by",
    type=click.Choice(BY_CHOICES),
    help="另按 section 章节、unit 牵头单位、region 地区或 indicator 指标汇总各状态的目标数。",
)
@output_options
@db_option
def status(  # noqa: PLR0913 - one keyword per option
    plan: str,
    as_of: str | None,
    by: str | None,
    fmt: str | None,
    output: Path | None,
    db: str | None,
) -> None:
    """评估规划每个目标的进展：已达成、正常推进、滞后、严重滞后、逾期未完成、无数据、未到期。

    用监测数据（planwatch import 导入）和规划自身陈述的基数（后一规划中的完成数）评估，
    给出进度、应达进度、按趋势的预测和依据；json 输出每个目标一行。"""
    from planwatch.present.tracking import status_view
    from planwatch.services import tracking

    view = tracking.status_view(load_settings(db), plan, _day(as_of), by)
    emit(status_view(view, view.region_names), fmt, output)


@click.command("import", cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--partial", is_flag=True, help="有问题的行不导入，其余行照常导入（默认整个文件不导入）。"
)
@click.option("--as", "by", metavar="姓名", help="记录人（默认为当前系统用户）。")
@click.option("--as-of", "as_of", metavar="日期", help="核对“期间不得晚于”所用的日期，默认今天。")
@click.option(
    "--approved",
    is_flag=True,
    help="导入为已审核（督导办公室导入已审定的数据时用；默认为已报送，待审核后计入网页评估）。",
)
@db_option
def import_(  # noqa: PLR0913 - one keyword per option
    files: tuple[Path, ...],
    partial: bool,
    by: str | None,
    as_of: str | None,
    approved: bool,
    db: str | None,
) -> None:
    """导入监测数据：填好的报送模板（xlsx）或 csv（指标、地区、期间、数值、来源、备注）。

    逐行核对（指标、地区、期间、数值范围、重复、与已审核数据冲突……），问题按
    “文件:行:列: 原因”列出，退出码为 1；一个文件要么全部导入，要么不导入（--partial 除外）。
    同一文件再次导入不会改变任何数据；每一处新增和修改都记入审计日志。"""
    from planwatch.services import tracking

    status = "approved" if approved else "submitted"
    outcomes = tracking.import_files(
        load_settings(db), list(files), by, partial, _day(as_of), status
    )
    failed = False
    for outcome in outcomes:
        for line in outcome.refused:
            click.echo(line, err=True)
        if outcome.error:
            click.echo(f"错误：{outcome.error}", err=True)
            failed = True
            continue
        if outcome.refused:
            failed = True
            if not partial:
                click.echo(
                    f"{outcome.path.name}：{len(outcome.refused)} 处问题，未导入任何数据。",
                    err=True,
                )
                continue
        saved = outcome.saved
        click.echo(
            f"{outcome.path.name}：新增 {saved.added} 条、修改 {saved.updated} 条、"
            f"未变 {saved.unchanged} 条"
            + (f"；{len(outcome.refused)} 行未导入" if outcome.refused else "")
        )
    if failed:
        sys.exit(1)


@click.command(cls=Command)
@click.option("--indicator", help="指标（编号、名称或别名）。")
@click.option("--region", help="地区（名称或行政区划代码）。")
@click.option("--period", help="期间（2022、2022Q3、2022-09）。")
@click.option("--no-plans", is_flag=True, help="只列出导入的数据，不含规划文本中陈述的基数。")
@output_options
@db_option
def observations(  # noqa: PLR0913 - one keyword per filter
    indicator: str | None,
    region: str | None,
    period: str | None,
    no_plans: bool,
    fmt: str | None,
    output: Path | None,
    db: str | None,
) -> None:
    """列出监测数据：导入的数据，以及各规划陈述的基数（来源为规划原文）。"""
    from planwatch.present.tracking import listing_view, observation_columns
    from planwatch.services import tracking

    query = tracking.ObservationQuery(indicator, region, period, not no_plans)
    found = tracking.list_observations(load_settings(db), query)
    emit(listing_view(found.rows, observation_columns(found.region_names), "监测数据"), fmt, output)


@click.command(cls=Command)
@click.option("--observation", type=int, help="只看这条数据（编号）的记录。")
@output_options
@db_option
def audit(observation: int | None, fmt: str | None, output: Path | None, db: str | None) -> None:
    """列出审计日志：谁在何时把哪条数据从何值改为何值、状态变化及原因（只能追加，不能修改）。"""
    from planwatch.present.tracking import audit_columns, listing_view
    from planwatch.services import tracking

    found = tracking.list_audit(load_settings(db), observation)
    emit(listing_view(found.rows, audit_columns(found.region_names), "审计日志"), fmt, output)


@click.command(cls=Command)
@click.option("--plan", required=True, help="规划文件（文件名、编号、文号或标题）。")
@click.option("--unit", help="牵头单位（名称的一部分），或 all：每个牵头单位一份。")
@click.option("--region", help="地区：该地区须报送的目标。")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),
    help="输出的 xlsx 文件；--unit all 时为文件夹（每个牵头单位一个文件）。",
)
@db_option
def template(plan: str, unit: str | None, region: str | None, output: Path, db: str | None) -> None:
    """生成报送模板（xlsx）：列出该单位或地区须报送的目标（原文、单位、期限、基数），
    每个年度一列填报格，带数据有效性、填报说明和隐藏的目标编号列，可用 Excel、WPS 打开。"""
    from planwatch.present.template import write_template
    from planwatch.services import tracking

    if unit and region:
        raise click.UsageError("--unit 与 --region 只能给出一个。")
    views = tracking.template_views(load_settings(db), plan, unit, region)
    if unit == "all":
        output.mkdir(parents=True, exist_ok=True)
        for view in views:
            path = output / f"{_safe(view.unit_name)}.xlsx"
            write_template(view, path)
            click.echo(f"已生成 {path}（{len(view.rows)} 个目标）")
        return
    if len(views) > 1:
        names = "、".join(v.unit_name for v in views)
        raise click.UsageError(f"「{unit}」对应多个牵头单位（{names}），请写全称或用 --unit all")
    write_template(views[0], output)
    click.echo(f"已生成 {output}（{len(views[0].rows)} 个目标）")


def _safe(name: str) -> str:
    """A unit's name as a file name."""
    return "".join("_" if ch in '/\\:*?"<>|' else ch for ch in name)[:80] or "未命名单位"
