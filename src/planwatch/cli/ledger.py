"""Ledger commands: ingest, docs, show, targets, indicators, export (thin wiring of
services.ledger)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planwatch.cli.base import Command
from planwatch.cli.options import (
    counting,
    db_option,
    emit,
    expand_paths,
    load_settings,
    output_options,
)

KINDS = {"target": "target", "baseline": "baseline", "目标": "target", "基数": "baseline"}


@click.command(cls=Command)
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
            elif outcome.warning:
                shown = f"注意：{outcome.path.name}：{outcome.warning}"
                progress.console.print(shown, markup=False, highlight=False)

        report = ledger.ingest_paths(load_settings(db), files, advance)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@click.command(cls=Command)
@output_options
@db_option
def docs(fmt: str | None, output: Path | None, db: str | None) -> None:
    """列出台账中的全部规划文件：文号、地区、规划期、指标项与任务数、贯彻的上级规划。"""
    from planwatch.present.columns import DOCUMENT_COLUMNS
    from planwatch.present.render import View
    from planwatch.services import ledger

    emit(View.of(ledger.list_documents(load_settings(db)), DOCUMENT_COLUMNS), fmt, output)


@click.command(cls=Command)
@click.argument("doc")
@output_options
@db_option
def show(doc: str, fmt: str | None, output: Path | None, db: str | None) -> None:
    """显示一个文件（文件名、编号、文号或标题）：文件信息、上下级规划、章节及其指标项和任务。"""
    from planwatch.present.ledger import document_tree, document_view
    from planwatch.services import ledger

    view = ledger.show_document(load_settings(db), doc)
    emit(document_view(view), fmt, output, lambda: click.echo(document_tree(view), nl=False))


@click.command(cls=Command)
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
    fmt: str | None,
    output: Path | None,
    db: str | None,
) -> None:
    """列出台账中的指标项（目标与基数），可按文件、指标、地区、年份、类型筛选。"""
    from planwatch.present.columns import ITEM_COLUMNS
    from planwatch.present.render import View
    from planwatch.services import ledger

    query = ledger.TargetQuery(doc, indicator, region, year, KINDS[kind] if kind else None)
    with (
        ledger.stream_targets(load_settings(db), query) as items,
        counting("读取台账", {"指标项": items}),
    ):
        emit(View.of(items, ITEM_COLUMNS), fmt, output)
    click.echo(f"共 {items.count} 条指标项", err=True)


@click.command(cls=Command)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件；格式按扩展名：.xlsx 目标任务台账、.json 全部记录、.csv、.jsonl。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv", "jsonl", "json"]),
    default=None,
    help="导出格式（默认按输出文件的扩展名）：xlsx 目标任务台账、json 全部记录、csv、jsonl。",
)
@db_option
def export(output: Path, fmt: str | None, db: str | None) -> None:
    """导出台账：xlsx 为目标任务台账（目标、基数、任务、项目、文件五张表，附原文摘录）。"""
    from planwatch.present.ledger import ledger_workbook_view
    from planwatch.services import ledger

    with ledger.ledger_view(load_settings(db)) as view:
        streams = {"文件": view.documents, "目标": view.targets, "基数": view.baselines}
        with counting(f"导出 {output.name}", {**streams, "任务": view.tasks}):
            emit(ledger_workbook_view(view), fmt, output)
    click.echo(
        f"已导出 {output}：文件 {view.documents.count} 个、目标 {view.targets.count} 条、"
        f"基数 {view.baselines.count} 条、任务 {view.tasks.count} 条、项目 {view.projects.count} 个"
    )


@click.command(cls=Command)
@output_options
@db_option
def indicators(fmt: str | None, output: Path | None, db: str | None) -> None:
    """列出标准教育指标目录（名称、别名、单位、方向、定义与计算公式）及台账中关联的指标项数。"""
    from planwatch.present.columns import INDICATOR_COLUMNS
    from planwatch.present.render import View
    from planwatch.services import ledger

    emit(View.of(ledger.list_indicators(load_settings(db)), INDICATOR_COLUMNS), fmt, output)
