"""Commands across plans: compare, check, coverage, projects (thin wiring of
services.analysis)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from planwatch.cli.base import Command
from planwatch.cli.options import (
    chosen_format,
    db_option,
    emit,
    load_settings,
    output_options,
    progress_bar,
)

SEVERITIES = {"提示": "info", "警告": "warning", "严重": "high"}


@contextmanager
def _working(what: str) -> Iterator[None]:
    """A spinner on standard error while a long analysis runs (nothing when piped)."""
    from rich.console import Console

    with Console(stderr=True).status(what):
        yield


@click.command(cls=Command)
@click.option("--indicator", required=True, help="指标编号或名称（见 planwatch indicators）。")
@click.option("--region", help="只看这个地区及其下级地区（名称的一部分或12位代码）。")
@output_options
@db_option
def compare(
    indicator: str, region: str | None, fmt: str | None, output: Path | None, db: str | None
) -> None:
    """同一指标在各级、各期规划中的目标与基数：按地区、年份排列，json 输出附每个地区的时间序列。"""
    from planwatch.present.analysis import comparison_view
    from planwatch.services import analysis

    charted = chosen_format(output, fmt) in ("json", "xlsx")  # they hold each region's series
    settings = load_settings(db)
    found = analysis.compare_indicator(settings, indicator, region, series=charted)
    emit(comparison_view(found), fmt, output)


@click.command(cls=Command)
@click.option("--doc", help="只核查这个文件（文件名、编号、文号或标题），对照整个台账。")
@click.option(
    "--severity",
    type=click.Choice(list(SEVERITIES)),
    default="提示",
    show_default=True,
    help="只列出这一严重程度及以上的发现：提示、警告、严重。",
)
@output_options
@db_option
def check(
    doc: str | None, severity: str, fmt: str | None, output: Path | None, db: str | None
) -> None:
    """核查规划：下级目标低于上级、年份超出规划期、目标不一致、专栏与正文不符、目标已达到。

    下级规划（贯彻该规划，或地区在其辖区内且规划期重叠）同一指标、同一年份的比率目标
    弱于上级时为“严重”。每条发现附本级与对照方的原文摘录和字符位置，并注明把握（高、中、低）
    及依据。文件记录的上一规划期目标（如“十三五”完成情况表的规划数）不作为本规划的承诺核查。"""
    from planwatch.present.analysis import findings_view
    from planwatch.services import analysis

    with progress_bar("核查规划") as progress:
        findings = analysis.each_finding(load_settings(db), doc, SEVERITIES[severity], progress)
    emit(findings_view(findings), fmt, output)


@click.command(cls=Command)
@click.argument("higher", required=False)
@click.option(
    "--lower",
    "lowers",
    multiple=True,
    help="对照的下级文件（可多次给出）；默认为台账中贯彻该规划的全部文件。",
)
@output_options
@db_option
def coverage(
    higher: str | None,
    lowers: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    db: str | None,
) -> None:
    """上级规划的任务与目标被下级规划承接的情况：已承接、部分承接、未承接。

    目标按指标对照（同年比率目标并比较高低）。任务在下级规划全文中查找：每个段落、专栏行和
    任务（jieba 分词、教育同义词表、TF-IDF 词权重），看上级任务的主要词语有多少见于下级某段，
    并参照同题任务、同提的计划名称和同设目标的指标；每条结论引下级原文一段及其位置，注明把握
    （高、中、低）和依据。原文有乱码时注明，且不据此判为未承接。不给出 HIGHER 时，列出台账中
    每个被贯彻的上级规划。"""
    from planwatch.present.analysis import coverage_view
    from planwatch.services import analysis

    settings = load_settings(db)
    if lowers and not higher:
        raise click.UsageError("给出 --lower 时须同时给出上级文件 HIGHER。")
    if higher:
        with _working("正在对照上下级规划…"):
            view = analysis.coverage_of(settings, higher, lowers)
        emit(coverage_view([view], view), fmt, output, lambda: _tables([view]))
        return
    with (
        progress_bar("对照上下级规划") as progress,
        analysis.each_coverage(settings, progress) as views,
    ):
        emit(coverage_view(views, views), fmt, output, lambda: _tables(views))


def _tables(views: Iterable[Any]) -> None:
    """Each coverage's text tables as it comes."""
    from planwatch.present.analysis import coverage_tables
    from planwatch.present.render import write_table

    shown = 0
    for view in views:
        write_table(coverage_tables(view), sys.stdout)
        shown += 1
    if not shown:
        click.echo(
            "台账中没有被其他规划贯彻的文件"
            "（可用 planwatch coverage HIGHER --lower DOC 指定对照）。"
        )


@click.command(cls=Command)
@click.argument("doc")
@click.option(
    "--by",
    default="level,district",
    show_default=True,
    help="汇总依据，逗号分隔：level 学段、district 县区、mode 建设方式、ownership 性质。",
)
@output_options
@db_option
def projects(doc: str, by: str, fmt: str | None, output: Path | None, db: str | None) -> None:
    """一个文件的项目表（如“十四五”学校建设规划表）按学段、县区等汇总：项目数与学位数。"""
    from planwatch.present.analysis import PROJECT_KEY_HEADERS, projects_view
    from planwatch.services import analysis

    keys = [k.strip() for k in by.split(",") if k.strip()]
    if not keys or any(k not in PROJECT_KEY_HEADERS for k in keys):
        raise click.UsageError(f"--by 只能取 {'、'.join(PROJECT_KEY_HEADERS)}：{by}")
    emit(projects_view(analysis.project_summary(load_settings(db), doc, keys), keys), fmt, output)
