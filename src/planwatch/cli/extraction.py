"""planwatch extract: read plan files and print what they hold, without a ledger."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planwatch.cli.base import Command
from planwatch.cli.options import emit, expand_paths, output_options
from planwatch.errors import PlanWatchError

WHATS = ("items", "tasks", "outline", "meta", "all")


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@output_options
@click.option(
    "--what",
    type=click.Choice(WHATS),
    default="items",
    show_default=True,
    help="输出内容：items 指标项、tasks 任务、outline 章节、meta 文件信息、all 全部（json）。",
)
@click.option("--sample", is_flag=True, help="读取随包附带的示例规划（青山县三年行动计划）。")
def extract(
    files: tuple[str, ...], fmt: str | None, output: Path | None, what: str, sample: bool
) -> None:
    """读取规划文件（txt、md、html、docx、pdf），输出指标项、任务、章节或文件信息。

    每个数字都带有它在原文中的位置（字符偏移 start、end）。无法读取的文件在标准错误
    输出中说明原因，其余文件照常处理；有文件失败时退出码为 1。
    """
    from planwatch.present.ledger import extraction_view
    from planwatch.present.render import format_of, render
    from planwatch.services import extraction

    paths = expand_paths(files) + ([extraction.sample_plan()] if sample else [])
    if not paths:
        raise click.UsageError(
            "没有找到规划文件：请给出规划文件，或含有 txt、md、html、docx、pdf 文件的文件夹"
            "（或使用 --sample）。"
        )
    if what == "all" and fmt in ("table", "csv", "xlsx"):
        raise click.UsageError(
            "--what all 是每个文件的全部内容，只能输出为 json 或 jsonl；"
            "表格请分别用 --what items、tasks、outline 或 meta。"
        )
    failed: list[Path] = []

    def report(path: Path, exc: PlanWatchError) -> None:
        failed.append(path)
        click.echo(f"错误：{exc}", err=True)

    fmt = format_of(output, fmt, "json" if what == "all" else "table")
    docs = extraction.read_documents(paths, report)
    shown = (extraction.document_read(d) for d in docs) if what == "all" else docs
    if output is None and fmt in ("table", "jsonl"):  # each file as soon as it is read
        for doc in shown:
            render(extraction_view([doc], what, per_document=True), fmt, sys.stdout)
    else:
        emit(extraction_view(list(shown), what, per_document=False), fmt, output)
    if failed:
        click.echo(f"共 {len(paths)} 个文件，{len(failed)} 个无法读取。", err=True)
        sys.exit(1)
