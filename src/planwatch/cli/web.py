"""The web commands: serve (the web app over a ledger) and demo (a demo ledger, then serve).

uvicorn is handed the factory by name (``planwatch.web.app:create_app``), so that importing
the CLI loads neither FastAPI nor uvicorn; the ledger's address reaches the factory in
PLANWATCH_DATABASE_URL.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from planwatch.cli.base import Command
from planwatch.cli.options import db_option, load_settings

APP = "planwatch.web.app:create_app"
DEMO_DATABASE = "planwatch-demo.db"
DEMO_OBSERVATIONS = "监测数据.csv"
DEMO_DAY = date(2026, 12, 1)  # the observations' periods are checked against this day


def _host_option(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option(
        "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。"
    )(func)
    return click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="监听地址；只在本机访问用 127.0.0.1，局域网内访问用 0.0.0.0。",
    )(func)


def run_server(database_url: str, host: str, port: int, workers: int = 1) -> None:
    """Serve the web app over the ledger until interrupted (Ctrl+C)."""
    import uvicorn

    os.environ["PLANWATCH_DATABASE_URL"] = database_url
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"规划监测已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）", err=True)
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level="warning")


@click.command(cls=Command)
@_host_option
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="工作进程数（多核机器上可设为核数）。",
)
@db_option
def serve(host: str, port: int, workers: int, db: str | None) -> None:
    """启动网页与 JSON 接口：规划、进展看板、指标对比、地区、搜索、下载；登录后填报、审核、审计。

    原文中每个指标项都标亮，点击即见其记录；看板的数字与 planwatch status 相同。接口说明见
    /openapi.json。只在本机访问时用默认的 127.0.0.1。"""
    from planwatch.services.ledger import read_ledger

    settings = load_settings(db)
    read_ledger(settings, lambda _session: None)  # no ledger there: say so before starting
    run_server(settings.database_url, host, port, workers)


@click.command(cls=Command)
@_host_option
@click.option("--no-serve", "no_serve", is_flag=True, help="只写出示例台账，不启动网页。")
@db_option
def demo(host: str, port: int, no_serve: bool, db: str | None) -> None:
    """写出示例台账（虚构的省、市、县示例规划及监测数据）并启动网页，显示网址。

    示例是一个省级、两个市级和一个县级规划（其中有专栏项目表），监测数据使各种进展状态都会
    出现。默认台账为当前目录的 planwatch-demo.db；--no-serve 只写台账、不启动网页。"""
    from planwatch.services import accounts, ledger, tracking

    settings = load_settings(db or f"sqlite:///{Path(DEMO_DATABASE)}")
    folder = demo_folder()
    plans = [ledger.plan_file(p, folder) for p in sorted(folder.glob("*.txt"))]
    report = ledger.ingest_paths(settings, plans)
    for failed in report.failed:
        click.echo(f"错误：{failed.error}", err=True)
    click.echo(f"示例规划：{report.summary()}", err=True)
    accounts.publish(settings, [p.key for p in plans])  # the demo is public
    for outcome in tracking.import_files(
        settings, [folder / DEMO_OBSERVATIONS], by="示例数据", as_of=DEMO_DAY, status="approved"
    ):
        if outcome.error or outcome.refused:
            raise click.ClickException(outcome.error or "\n".join(outcome.refused))
        saved = outcome.saved
        click.echo(f"示例监测数据：新增 {saved.added} 条、未变 {saved.unchanged} 条", err=True)
    click.echo(f"示例台账：{settings.database_url}", err=True)
    if not no_serve:
        run_server(settings.database_url, host, port)


def demo_folder() -> Path:
    """The demo plans and observations shipped in the package (data/demo)."""
    from importlib import resources

    return Path(str(resources.files("planwatch") / "data" / "demo"))
