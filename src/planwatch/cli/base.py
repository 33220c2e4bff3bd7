"""The click classes of the planwatch command: help and errors in Chinese."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from planwatch.errors import PlanWatchError


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
