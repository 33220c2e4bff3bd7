"""The account commands: ``planwatch user add|role|disable|enable|password|list|token|revoke``
and ``planwatch publish`` (a plan shown to anonymous visitors of the web app)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planwatch.cli.base import Command, Group
from planwatch.cli.options import db_option, emit, load_settings, output_options

ROLE_CHOICE = click.Choice(["admin", "supervisor", "reporter", "viewer"])


@click.group(cls=Group)
def user() -> None:
    """管理网页账户：新增、改角色、停用、列出，发放或撤销接口令牌。

    角色：admin 管理员；supervisor 督导（查看本地区及下级，审核报送的数据）；reporter 填报人
    （只为本单位及下级、分配给本单位的目标填报）；viewer 查看人（查看本地区及下级）。"""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if sys.stdin.isatty():
        text: str = click.prompt("密码", hide_input=True, confirmation_prompt="再输入一次")
        return text
    return ""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=ROLE_CHOICE, help="角色。")
@click.option("--org", required=True, help="所属单位或地区（名称或 12 位代码），如 阳朔县。")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（一行）。")
@db_option
def add(name: str, role: str, org: str, password_stdin: bool, db: str | None) -> None:
    """新增账户；没有密码的账户只能用接口令牌。"""
    from planwatch.services import accounts

    found = accounts.add_user(load_settings(db), name, role, org, _password(password_stdin))
    click.echo(f"已新增账户「{found.name}」：{found.role_name}，{found.org_name}", err=True)


@user.command("role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@db_option
def role(name: str, role: str, db: str | None) -> None:
    """改变账户的角色。"""
    from planwatch.services import accounts

    accounts.set_role(load_settings(db), name, role)
    click.echo(f"账户「{name}」的角色已改为 {role}", err=True)


@user.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="重新启用。")
@db_option
def disable(name: str, enable: bool, db: str | None) -> None:
    """停用账户（其会话立即失效，接口令牌不再可用）；--enable 重新启用。"""
    from planwatch.services import accounts

    accounts.set_disabled(load_settings(db), name, not enable)
    click.echo(f"账户「{name}」已{'启用' if enable else '停用'}", err=True)


@user.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（一行）。")
@db_option
def password(name: str, password_stdin: bool, db: str | None) -> None:
    """设置账户的密码（argon2 散列保存）。"""
    from planwatch.services import accounts

    accounts.set_password(load_settings(db), name, _password(password_stdin))
    click.echo(f"账户「{name}」的密码已更新", err=True)


@user.command("list")
@output_options
@db_option
def list_(fmt: str | None, output: Path | None, db: str | None) -> None:
    """列出账户：名称、角色、单位、是否停用。"""
    from planwatch.present.tracking import ACCOUNT_COLUMNS, listing_view
    from planwatch.services import accounts

    found = accounts.list_users(load_settings(db))
    emit(listing_view(found, ACCOUNT_COLUMNS, "账户"), fmt, output)


@user.command("token")
@click.argument("name")
@db_option
def token(name: str, db: str | None) -> None:
    """为账户发放接口令牌（只显示这一次；台账只保存其散列）。用法：Authorization: Bearer 令牌。"""
    from planwatch.services import accounts

    click.echo(accounts.issue_token(load_settings(db), name))


@user.command("revoke")
@click.argument("name")
@click.option("--token", "secret", default=None, help="只撤销这一个令牌（默认撤销全部）。")
@db_option
def revoke(name: str, secret: str | None, db: str | None) -> None:
    """撤销账户的接口令牌。"""
    from planwatch.services import accounts

    count = accounts.revoke_tokens(load_settings(db), name, secret)
    click.echo(f"已撤销账户「{name}」的 {count} 个接口令牌", err=True)


@click.command(cls=Command)
@click.argument("plans", nargs=-1)
@click.option("--all", "every", is_flag=True, help="公开台账中的全部规划。")
@click.option("--unpublish", is_flag=True, help="撤回公开。")
@db_option
def publish(plans: tuple[str, ...], every: bool, unpublish: bool, db: str | None) -> None:
    """公开规划（文件名、编号、文号或标题，可多个；--all 全部）：未登录的访客可在网页上查看。"""
    from planwatch.services import accounts

    if not plans and not every:
        raise click.UsageError("请给出要公开的规划，或用 --all")
    done = accounts.publish(load_settings(db), None if every else list(plans), not unpublish)
    click.echo(f"{len(done)} 个规划已{'撤回公开' if unpublish else '公开'}", err=True)
