"""README's CLI section shows what `planwatch --help` prints, and its two commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from planwatch.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


def _commands(text: str) -> list[str]:
    block = text.split("Commands:", 1)[1]
    return [line.strip() for line in block.splitlines() if re.match(r"^  \S", line)]


def test_readme_lists_every_command_as_help_prints_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = CliRunner().invoke(cli, ["--help"], terminal_width=200).output
    readme_block = readme.split("$ planwatch --help", 1)[1].split("```", 1)[0]
    assert [" ".join(c.split()) for c in _commands(readme_block)] == [
        " ".join(c.split()) for c in _commands(shown)
    ]


def test_readme_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
