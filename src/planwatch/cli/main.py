"""The planwatch command line: thin wiring of services to present; every command is
registered here."""

from __future__ import annotations

import gc

import click

from planwatch import __version__
from planwatch.cli import accounts, analysis, extraction, ledger, reports, tracking, web
from planwatch.cli.base import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", message="planwatch %(version)s", help="显示版本号并退出。"
)
def cli() -> None:
    """规划监测（PlanWatch）：把教育发展规划读成可核查的目标任务台账。"""


COMMANDS = (
    extraction.extract,
    ledger.ingest,
    ledger.docs,
    ledger.show,
    ledger.targets,
    ledger.indicators,
    ledger.export,
    analysis.compare,
    analysis.check,
    analysis.coverage,
    analysis.projects,
    tracking.template,
    tracking.import_,
    tracking.observations,
    tracking.audit,
    tracking.status,
    reports.report,
    web.serve,
    web.demo,
    accounts.user,
    accounts.publish,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    try:
        cli(prog_name="planwatch")
    finally:
        # The command is done (its ledger's connections closed) and the process ends: the
        # collection at exit would walk every object it made only to free none of them (a
        # tenth of a second after a long listing).
        gc.freeze()
