"""What every command shares: --format and -o, --db, the files given, and printing a view."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

FORMAT_CHOICES = ("table", "csv", "jsonl", "json", "xlsx")
PLAN_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --format and -o/--output to a listing command: every format for every listing."""
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="写入文件而不是屏幕；格式按扩展名：.xlsx（Excel、WPS）、.csv、.json、.jsonl、.txt。",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        default=None,
        help="输出格式：table 对齐文本表（屏幕默认）、csv（带中文表头，Excel 可打开）、"
        "jsonl 每行一条记录、json 完整数据、xlsx 工作簿（须同时给出 -o）。",
    )(func)


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


def chosen_format(output: Path | None, fmt: str | None) -> str:
    """The format the output takes: --format's, else its file's suffix's, else the table."""
    from planwatch.errors import PlanWatchError
    from planwatch.present.render import format_of

    try:
        return format_of(output, fmt)
    except PlanWatchError as exc:
        raise click.UsageError(str(exc)) from exc


def emit(
    view: Any, fmt: str | None, output: Path | None, table: Callable[[], None] | None = None
) -> None:
    """Print the view, or write it to ``output`` (format by --format, else by its suffix).

    ``table`` prints the text table when the view has a layout of its own (show's tree).
    """
    from planwatch.present.render import render, save

    chosen = chosen_format(output, fmt)
    if output is not None:
        save(view, chosen, output)
        click.echo(f"已保存 {output}", err=True)
    elif chosen == "xlsx":
        raise click.UsageError("xlsx 须写入文件：请用 -o 指定文件名，例如 -o 结果.xlsx")
    elif chosen == "table" and table is not None:
        table()
    else:
        render(view, chosen, sys.stdout)


def _is_plan_file(path: Path) -> bool:
    """A regular file in a folder that may be a plan: not Word's lock file (~$方案.docx), not
    the folder's own README.md, not a pipe or device however it is named."""
    return (
        path.suffix.lower() in PLAN_SUFFIXES
        and not path.name.startswith("~$")
        and path.stem.lower() != "readme"
        and path.is_file()
    )


def expand_paths(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; folders replaced by the plan files under them, sorted. A path the
    system cannot even look at (a name too long, a loop of links) is a Chinese error."""
    from planwatch.errors import PlanWatchError, os_reason

    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                out += sorted(p for p in path.rglob("*") if _is_plan_file(p))
            else:
                out.append(path)
        except OSError as exc:
            shown = raw if len(raw) <= 80 else raw[:60] + "…"
            raise PlanWatchError(f"无法读取路径 {shown}：{os_reason(exc)}") from exc
    return out


@contextmanager
def counting(what: str, streams: dict[str, Any]) -> Iterator[None]:
    """A live line on standard error while rows stream out (已写出 目标 12,345 条 …): each
    of ``streams`` is a services.ledger.Counted, read as it goes. Nothing is shown when
    standard error is not a terminal."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    def line() -> Text:
        counts = "、".join(f"{name} {s.count:,} 条" for name, s in streams.items())
        return Text(f"{what}：{counts} …")

    console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    with Live(get_renderable=line, console=console, refresh_per_second=4, transient=True):
        yield


@contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error while a long analysis runs; the callback is told
    (done, total) as the work goes. Nothing is shown when standard error is not a terminal.
    The bar appears at the first word of the work (its size, once any worker processes are
    started: its drawing thread is not one they are forked with)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=console, transient=True, disable=not console.is_terminal)
    task = bar.add_task(what, total=None)

    def advance(done: int, total: int) -> None:
        bar.start()  # once: later calls find it started
        bar.update(task, advance=done, total=total)

    try:
        yield advance
    finally:
        if bar.live.is_started:
            bar.stop()
