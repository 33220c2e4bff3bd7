"""Ledger commands: ingest, docs, show, targets, export (thin wiring of services.ledger)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from planwatch.cli.main import cli, expand_paths, output_options

KINDS = {"target": "target", "baseline": "baseline", "目标": "target", "基数": "baseline"}


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --db to a ledger command."""
    return click.option(
        "--db",
        "db",
        metavar="URL",
        default=None,
        help="台账数据库地址（默认读取环境变量 PLANWATCH_DATABASE_URL，"
        "否则为当前目录的 planwatch.db）。例：sqlite:///台账.db、postgresql://user@host/db",
    )(func)


def load_settings(db: str | None) -> Any:
    from planwatch.config import Settings

    return Settings.load(db)


def _echo_rows(rows: list[dict[str, Any]], fmt: str, headers: dict[str, str]) -> None:
    from planwatch.present import render
    from planwatch.services import ledger

    if fmt in ("csv", "table"):
        click.echo(render(ledger.for_people(rows), fmt, headers), nl=False)
    else:
        click.echo(render(ledger.jsonable(rows), fmt), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@db_option
def ingest(paths: tuple[str, ...], db: str | None) -> None:
    """把规划文件（或文件夹中的全部规划文件）读入台账数据库。

    每个文件一个事务：内容未变的文件不重复写入；同一文件内容变化时整体替换它的记录。
    文件夹中的文件以“文件夹名/相对路径”识别（规划/a 与 规划/b 中的同名文件是两个文件），
    单独给出的文件以其绝对路径识别。无法读取的文件报告原因后继续处理其余文件，
    有失败时退出码为 1。
    """
    from rich.console import Console
    from rich.progress import Progress

    from planwatch.services import ledger

    files = [
        ledger.plan_file(path, Path(raw) if Path(raw).is_dir() else None)
        for raw in paths
        for path in expand_paths((raw,))
    ]
    if not files:
        raise click.UsageError("没有找到规划文件（txt、md、html、docx、pdf）。")
    console = Console(stderr=True)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("入库", total=len(files))

        def advance(outcome: ledger.IngestOutcome) -> None:
            progress.update(task, advance=1, description=outcome.path.name[:30])
            if outcome.status == "failed":
                progress.console.print(f"失败：{outcome.error}", markup=False, highlight=False)

        report = ledger.ingest_paths(load_settings(db), files, advance)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@cli.command()
@output_options
@db_option
def docs(fmt: str, db: str | None) -> None:
    """列出台账中的全部规划文件：文号、地区、规划期、指标项与任务数、贯彻的上级规划。"""
    from planwatch.services import ledger

    _echo_rows(ledger.list_documents(load_settings(db)), fmt, ledger.DOC_HEADERS)


@cli.command()
@click.argument("doc")
@output_options
@db_option
def show(doc: str, fmt: str, db: str | None) -> None:
    """显示一个文件（文件名、编号、文号或标题）：文件信息、上下级规划、章节及其指标项和任务。"""
    from planwatch.present import render
    from planwatch.services import ledger

    view = ledger.show_document(load_settings(db), doc)
    if fmt in ("json", "jsonl"):
        click.echo(render([ledger.jsonable([view])[0]], fmt), nl=False)
    else:
        _echo_document(view, fmt)


def _echo_document(view: dict[str, Any], fmt: str) -> None:
    from planwatch.services import ledger

    if fmt == "csv":
        _echo_rows(view["items"], fmt, ledger.ITEM_HEADERS)
        return
    meta = ledger.for_people([view])[0]
    click.echo(f"【{view['id']}】{view['name']}  {view['title']}")
    for key, name in ledger.SHOW_HEADERS.items():
        if meta.get(key) not in (None, "", []):
            click.echo(f"  {name}：{meta[key]}")
    if view["implemented_by"]:
        lower = "、".join(f"{d['name']}（{d['title']}）" for d in view["implemented_by"])
        click.echo(f"  贯彻本规划的文件：{lower}")
    for node in view["outline"]:
        click.echo(f"{'  ' * (node['level'] - 1)}{node['label']} {node['title']}")
        _echo_members(node, "  " * node["level"])
    if view["loose_items"] or view["loose_tasks"]:
        click.echo("（章节之外）")
        _echo_members({"items": view["loose_items"], "tasks": view["loose_tasks"]}, "  ")


def _echo_members(node: dict[str, Any], pad: str) -> None:
    from planwatch.services import ledger

    for task in node["tasks"]:
        units = "；".join(f"{role}：{'、'.join(names)}" for role, names in task["units"].items())
        click.echo(
            f"{pad}▸ 任务 {task['label']} {task['title']}" + (f"（{units}）" if units else "")
        )
    for item in ledger.for_people(node["items"]):
        figure = ledger.figure_text(item)
        quoted = " ".join(item["text"].split())
        click.echo(f"{pad}• {item['kind']} {item['subject']} {figure}  「{quoted}」")


@cli.command()
@click.option("--doc", help="只看这个文件（文件名、编号或标题）。")
@click.option("--indicator", help="指标（指标编号或名称，未关联时按对象文字匹配）。")
@click.option("--region", help="地区名称的一部分（或行政区划代码），含其下级地区的文件。")
@click.option("--year", type=click.IntRange(1900, 2100), help="目标年份（1900—2100）。")
@click.option(
    "--kind", type=click.Choice(sorted(KINDS)), help="类型：target 目标 / baseline 基数。"
)
@output_options
@db_option
def targets(  # noqa: PLR0913 - one keyword per filter of the listing
    doc: str | None,
    indicator: str | None,
    region: str | None,
    year: int | None,
    kind: str | None,
    fmt: str,
    db: str | None,
) -> None:
    """列出台账中的指标项（目标与基数），可按文件、指标、地区、年份、类型筛选。"""
    from planwatch.services import ledger

    query = ledger.TargetQuery(doc, indicator, region, year, KINDS[kind] if kind else None)
    _echo_rows(ledger.query_targets(load_settings(db), query), fmt, ledger.ITEM_HEADERS)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "json", "csv"]),
    default="xlsx",
    show_default=True,
    help="导出格式：xlsx 目标任务台账、json 全部记录、csv 指标项。",
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件。",
)
@db_option
def export(fmt: str, output: Path, db: str | None) -> None:
    """导出台账：xlsx 为目标任务台账（目标、基数、任务、项目、文件五张表，附原文摘录）。"""
    from planwatch.services import ledger

    counts = ledger.export_ledger(load_settings(db), fmt, output)
    click.echo(
        f"已导出 {output}：文件 {counts['documents']} 个、目标 {counts['targets']} 条、"
        f"基数 {counts['baselines']} 条、任务 {counts['tasks']} 条、项目 {counts['projects']} 个"
    )


INDICATOR_HEADERS = {
    "id": "指标编号",
    "name": "指标名称",
    "level": "学段",
    "unit": "单位",
    "direction": "方向",
    "items": "指标项数",
    "documents": "文件数",
    "aliases": "别名",
    "numerator": "分子",
    "denominator": "分母",
}


@cli.command()
@output_options
@db_option
def indicators(fmt: str, db: str | None) -> None:
    """列出标准教育指标目录（名称、别名、单位、方向、定义与计算公式）及台账中关联的指标项数。"""
    from planwatch.services import ledger

    _echo_rows(ledger.list_indicators(load_settings(db)), fmt, INDICATOR_HEADERS)
