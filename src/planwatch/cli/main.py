"""The planwatch command line: thin wiring of services to present."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from planwatch import __version__
from planwatch.errors import PlanWatchError

PLAN_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
WHATS = ("items", "tasks", "outline", "meta", "all")


def _chinese_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "显示此帮助并退出。"
    return option


class Command(click.Command):
    """A command whose --help option is explained in Chinese."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help(super().get_help_option(ctx))


# click's own messages, in Chinese: (pattern, replacement).
_CLICK_MESSAGES = [
    (re.compile(r"Missing argument '(.+?)'\.?"), r"缺少参数 \1。"),
    (re.compile(r"Missing option '(.+?)'\.?"), r"缺少选项 \1。"),
    (re.compile(r"No such option(?::| ) ?'?([^'\s]+)'?\.?"), r"没有这个选项：\1"),
    (re.compile(r"No such command '(.+?)'\.?"), r"没有这个命令：\1。"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), r"多余的参数：\1"),
    (re.compile(r"Invalid value for '(.+?)' / '(.+?)': "), r"选项 \1 / \2 的值无效："),
    (re.compile(r"Invalid value for '(.+?)': "), r"选项 \1 的值无效："),
    (re.compile(r"(?:File|Directory|Path) '(.+?)' is a directory\.?"), r"「\1」是一个文件夹。"),
    (re.compile(r"(?:File|Directory|Path) '(.+?)' does not exist\.?"), r"「\1」不存在。"),
    (re.compile(r"'(.+?)' is not a valid integer\.?"), r"「\1」不是整数。"),
    (re.compile(r"'(.+?)' is not one of (.+?)\.?$"), r"「\1」不是可选值之一（\2）。"),
    (re.compile(r"(.+?) is not in the range (.+?)\.?$"), r"\1 不在范围 \2 内。"),
]


def chinese_message(message: str) -> str:
    """A click error message with its common English phrases in Chinese."""
    for pattern, replacement in _CLICK_MESSAGES:
        message = pattern.sub(replacement, message)
    return message


class Group(click.Group):
    """Turns a PlanWatchError anywhere below into one Chinese line and exit status 1, and
    click's usage errors into Chinese lines with exit status 2."""

    command_class = Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "planwatch"
            click.echo(f"用法错误：{chinese_message(exc.format_message())}", err=True)
            click.echo(f"（运行 {where} --help 查看用法）", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"错误：{chinese_message(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _chinese_help(super().get_help_option(ctx))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlanWatchError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", message="planwatch %(version)s", help="显示版本号并退出。"
)
def cli() -> None:
    """规划监测（PlanWatch）：把教育发展规划读成可核查的目标任务台账。"""


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --format to a listing command."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["jsonl", "json", "csv", "table"]),
        default="table",
        show_default=True,
        help="输出格式：jsonl、json、csv 或 table（对齐文本表）。",
    )(func)


def _is_plan_file(path: Path) -> bool:
    """A file in a folder that may be a plan: not Word's lock file (~$方案.docx) nor the
    folder's own README.md."""
    return (
        path.suffix.lower() in PLAN_SUFFIXES
        and not path.name.startswith("~$")
        and path.stem.lower() != "readme"
    )


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; folders replaced by the plan files under them, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if _is_plan_file(p))
        else:
            out.append(path)
    return out


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@output_options
@click.option(
    "--what",
    type=click.Choice(WHATS),
    default="items",
    show_default=True,
    help="输出内容：items 指标项、tasks 任务、outline 章节、meta 文件信息、all 全部。",
)
@click.option("--sample", is_flag=True, help="读取随包附带的示例规划（青山县三年行动计划）。")
def extract(files: tuple[str, ...], fmt: str, what: str, sample: bool) -> None:
    """读取规划文件（txt、md、html、docx、pdf），输出指标项、任务、章节或文件信息。

    每个数字都带有它在原文中的位置（字符偏移 start、end）。无法读取的文件在标准错误
    输出中说明原因，其余文件照常处理；有文件失败时退出码为 1。
    """
    from planwatch.services import extraction

    paths = expand_paths(files) + ([extraction.sample_plan()] if sample else [])
    if not paths:
        raise click.UsageError(
            "没有找到规划文件：请给出规划文件，或含有 txt、md、html、docx、pdf 文件的文件夹"
            "（或使用 --sample）。"
        )
    failed: list[Path] = []

    def report(path: Path, exc: PlanWatchError) -> None:
        failed.append(path)
        click.echo(f"错误：{exc}", err=True)

    collected: list[dict[str, Any]] = []  # json and csv are one document for all files
    for doc in extraction.read_documents(paths, report):
        rows = _rows(extraction, doc, what)
        if fmt in ("json", "csv") or (what == "all" and fmt == "table"):
            collected += rows
        else:
            _echo_rows(extraction, doc, rows, what, fmt)
    if collected or fmt in ("json", "csv"):
        _echo_rows(extraction, None, collected, what, "json" if fmt == "table" else fmt)
    if failed:
        click.echo(f"共 {len(paths)} 个文件，{len(failed)} 个无法读取。", err=True)
        sys.exit(1)


_VIEWS = {
    "items": ("item_rows", "ITEM_HEADERS"),
    "tasks": ("task_rows", "TASK_HEADERS"),
    "outline": ("outline_rows", "OUTLINE_HEADERS"),
}


def _rows(extraction: Any, doc: Any, what: str) -> list[dict[str, Any]]:
    """The rows one document gives for --what."""
    if what == "all":
        return [extraction.document_view(doc)]
    if what == "meta":
        return [extraction.meta_row(doc)]
    return list(getattr(extraction, _VIEWS[what][0])(doc))


def _echo_rows(extraction: Any, doc: Any, rows: list[dict[str, Any]], what: str, fmt: str) -> None:
    from planwatch.present import render

    if what == "all":
        click.echo(render(rows, fmt if fmt in ("json", "jsonl") else "json"), nl=False)
        return
    headers = getattr(extraction, _VIEWS[what][1]) if what in _VIEWS else extraction.META_HEADERS
    if fmt in ("csv", "table"):
        rows = extraction.for_people(rows)
        if fmt == "table" and doc is not None:
            click.echo(f"【{doc.name}】{doc.meta.title}")
    click.echo(render(rows, fmt, headers if fmt in ("csv", "table") else None), nl=False)


def main() -> None:
    """Console entry point."""
    cli(prog_name="planwatch")


# Registering the other commands:
from planwatch.cli import analysis, ledger  # noqa: E402, F401
