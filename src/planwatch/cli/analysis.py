"""Commands across plans: compare, check, coverage, projects (thin wiring of
services.analysis)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from planwatch.cli.ledger import db_option, load_settings
from planwatch.cli.main import cli
from planwatch.errors import PlanWatchError, os_reason

EXPORTS = (".xlsx", ".json")
SEVERITIES = {"提示": "info", "警告": "warning", "严重": "high"}


def view_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --format table|json and --output FILE (.xlsx or .json) to a command."""
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="另存为文件：.xlsx（可用 Excel、WPS 打开）或 .json。",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="屏幕输出格式：table（对齐文本表）或 json（完整数据，可直接用于图表）。",
    )(func)


def _save(output: Path, view: Any, write_xlsx: Callable[[Any, Path], None]) -> None:
    """Write the view to ``output`` as xlsx or json, by its suffix."""
    suffix = output.suffix.lower()
    if suffix not in EXPORTS:
        raise click.UsageError(f"--output 的文件须以 .xlsx 或 .json 结尾：{output}")
    if suffix == ".xlsx":
        write_xlsx(view, output)
    else:
        try:
            text = json.dumps(view, ensure_ascii=False, indent=2)
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise PlanWatchError(f"无法写入 {output}：{os_reason(exc)}") from exc
    click.echo(f"已保存 {output}", err=True)


@contextmanager
def _working(what: str) -> Iterator[None]:
    """A spinner on standard error while a long analysis runs (nothing when piped)."""
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield


def _emit(
    view: Any,
    fmt: str,
    output: Path | None,
    write_xlsx: Callable[[Any, Path], None],
    table: Callable[[], None],
) -> None:
    """Save the view when --output asks, then print it as json or as tables."""
    if output:
        _save(output, view, write_xlsx)
    if fmt == "json":
        _json(view)
    else:
        table()


def _table(rows: list[dict[str, Any]], headers: dict[str, str], title: str = "") -> None:
    from planwatch.present import render

    if title:
        click.echo(title)
    click.echo(render(rows, "table", headers) if rows else "（无）\n", nl=False)


def _json(view: Any) -> None:
    click.echo(json.dumps(view, ensure_ascii=False, indent=2))


@cli.command()
@click.option("--indicator", required=True, help="指标编号或名称（见 planwatch indicators）。")
@click.option("--region", help="只看这个地区及其下级地区（名称的一部分或12位代码）。")
@view_options
@db_option
def compare(
    indicator: str, region: str | None, fmt: str, output: Path | None, db: str | None
) -> None:
    """同一指标在各级、各期规划中的目标与基数：按地区、年份排列，json 输出附每个地区的时间序列。"""
    from planwatch.present import analysis as present
    from planwatch.services import analysis

    view = analysis.compare_indicator(load_settings(db), indicator, region)
    title = f"指标：{view['indicator']['name']}（{view['indicator']['id']}）"
    _emit(
        view,
        fmt,
        output,
        present.write_compare_workbook,
        lambda: _table(present.compare_rows(view), present.COMPARE_HEADERS, title),
    )


@cli.command()
@click.option("--doc", help="只核查这个文件（文件名、编号、文号或标题），对照整个台账。")
@click.option(
    "--severity",
    type=click.Choice(list(SEVERITIES)),
    default="提示",
    show_default=True,
    help="只列出这一严重程度及以上的发现：提示、警告、严重。",
)
@view_options
@db_option
def check(doc: str | None, severity: str, fmt: str, output: Path | None, db: str | None) -> None:
    """核查规划：下级目标低于上级、年份超出规划期、目标不一致、专栏与正文不符、目标已达到。

    下级规划（贯彻该规划，或地区在其辖区内且规划期重叠）同一指标、同一年份的比率目标
    弱于上级时为“严重”。每条发现附本级与对照方的原文摘录和字符位置。"""
    from planwatch.present import analysis as present
    from planwatch.services import analysis

    with _working("正在核查规划…"):
        findings = analysis.check_plans(load_settings(db), doc, SEVERITIES[severity])

    def table() -> None:
        _table(present.finding_rows(findings), present.FINDING_HEADERS)
        click.echo(f"共 {len(findings)} 条发现。")

    _emit(findings, fmt, output, present.write_findings_workbook, table)


@cli.command()
@click.argument("higher", required=False)
@click.option(
    "--lower",
    "lowers",
    multiple=True,
    help="对照的下级文件（可多次给出）；默认为台账中贯彻该规划的全部文件。",
)
@view_options
@db_option
def coverage(
    higher: str | None, lowers: tuple[str, ...], fmt: str, output: Path | None, db: str | None
) -> None:
    """上级规划的任务与目标被下级规划承接的情况：已承接、部分承接、未承接。

    目标按指标对照（同年比率目标并比较高低），任务按文字相似度（TF-IDF）对照，附对应的
    下级任务、相似度与原文位置。不给出 HIGHER 时，列出台账中每个被贯彻的上级规划。"""
    from planwatch.present import analysis as present
    from planwatch.services import analysis

    settings = load_settings(db)
    if higher:
        with _working("正在对照上下级规划…"):
            views = [analysis.coverage_of(settings, higher, lowers)]
    elif lowers:
        raise click.UsageError("给出 --lower 时须同时给出上级文件 HIGHER。")
    else:
        with _working("正在对照台账中全部上下级规划…"):
            views = analysis.coverage_all(settings)

    def tables() -> None:
        if not views:
            click.echo(
                "台账中没有被其他规划贯彻的文件"
                "（可用 planwatch coverage HIGHER --lower DOC 指定对照）。"
            )
        for view in views:
            _echo_coverage(present, view)

    shown: Any = views[0] if higher else views  # one plan's view, or the list of all
    _emit(shown, fmt, output, lambda _v, p: present.write_coverage_workbook(views, p), tables)


def _echo_coverage(present: Any, view: dict[str, Any]) -> None:
    top = view["higher"]
    click.echo(f"【上级规划】{top['name']}  {top['title']}")
    _table(present.coverage_rows(view, "summary"), present.SUMMARY_HEADERS, "汇总")
    _table(present.coverage_rows(view, "sections"), present.SECTION_HEADERS, "章节（工程）")
    if len(view["lowers"]) > 1:
        title = f"各任务的承接情况（{len(view['lowers'])} 个下级文件）"
        _table(present.coverage_rows(view, "task_totals"), present.TASK_TOTAL_HEADERS, title)
    _table(present.coverage_rows(view, "tasks"), present.TASK_HEADERS, "任务")
    _table(present.coverage_rows(view, "targets"), present.TARGET_HEADERS, "目标")


@cli.command()
@click.argument("doc")
@click.option(
    "--by",
    default="level,district",
    show_default=True,
    help="汇总依据，逗号分隔：level 学段、district 县区、mode 建设方式、ownership 性质。",
)
@view_options
@db_option
def projects(doc: str, by: str, fmt: str, output: Path | None, db: str | None) -> None:
    """一个文件的项目表（如“十四五”学校建设规划表）按学段、县区等汇总：项目数与学位数。"""
    from planwatch.present import analysis as present
    from planwatch.services import analysis

    keys = [k.strip() for k in by.split(",") if k.strip()]
    if not keys or any(k not in present.PROJECT_FIELDS for k in keys):
        raise click.UsageError(f"--by 只能取 {'、'.join(present.PROJECT_FIELDS)}：{by}")
    rows = analysis.project_summary(load_settings(db), doc, keys)

    def table() -> None:
        _table(rows, present.project_headers(keys))
        total = sum(r["seats"] for r in rows)
        click.echo(f"合计：{sum(r['projects'] for r in rows)} 个项目，学位 {total:g} 个。")

    _emit(rows, fmt, output, present.write_projects_workbook, table)
