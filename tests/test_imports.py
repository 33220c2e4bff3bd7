"""The CLI starts fast: importing it loads no heavy library.

Rule: `import planwatch.cli.main` (what `planwatch --help` runs) imports none of the
Word, PDF, database, spreadsheet, HTML or Chinese-conversion libraries; they are
imported inside the functions that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ["docx", "pypdf", "sqlalchemy", "openpyxl", "selectolax", "opencc", "lxml", "fpdf"]


def modules_after(statement: str) -> set[str]:
    """The top-level modules loaded in a fresh interpreter after ``statement``."""
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.fixture(scope="module")
def cli_modules() -> set[str]:
    return modules_after("import planwatch.cli.main")


@pytest.mark.parametrize("library", HEAVY)
def test_importing_the_cli_loads_no_heavy_library(cli_modules: set[str], library: str) -> None:
    assert library not in cli_modules


def test_the_check_sees_a_heavy_library_when_it_is_imported() -> None:
    assert "docx" in modules_after("import planwatch.cli.main\nimport docx")


@pytest.fixture(scope="module")
def help_modules() -> set[str]:
    return modules_after(
        "from click.testing import CliRunner\n"
        "from planwatch.cli.main import cli\n"
        "CliRunner().invoke(cli, ['extract', '--help'])"
    )


@pytest.mark.parametrize("library", HEAVY)
def test_help_of_extract_loads_no_heavy_library(help_modules: set[str], library: str) -> None:
    assert library not in help_modules


@pytest.mark.parametrize("library", ["docx", "pypdf", "sqlalchemy", "openpyxl", "fpdf"])
def test_extracting_a_text_file_loads_no_word_pdf_or_database_library(library: str) -> None:
    loaded = modules_after(
        "from click.testing import CliRunner\n"
        "from planwatch.cli.main import cli\n"
        "r = CliRunner().invoke(cli, ['extract', '--sample', '--format', 'jsonl'])\n"
        "assert r.exit_code == 0 and r.stdout, r.output"
    )
    assert library not in loaded


def test_extracting_a_long_simplified_plan_does_not_load_opencc(tmp_path: Path) -> None:
    from planwatch.services.extraction import sample_plan

    plan = tmp_path / "简体规划.txt"
    text = sample_plan().read_text(encoding="utf-8") * 8  # a plan of several pages
    assert "实施" in text and len(text) > 5000
    plan.write_text(text, encoding="utf-8")
    loaded = modules_after(
        "from click.testing import CliRunner\n"
        "from planwatch.cli.main import cli\n"
        f"r = CliRunner().invoke(cli, ['extract', {str(plan)!r}, '--format', 'jsonl'])\n"
        "assert r.exit_code == 0 and r.stdout, r.output"
    )
    assert "opencc" not in loaded


def test_extracting_a_traditional_plan_loads_opencc(tmp_path: Path) -> None:
    plan = tmp_path / "繁體規劃.txt"
    plan.write_text("到2026年，學前教育毛入園率達到92%以上。新建8所公辦幼兒園。\n" * 60, "utf-8")
    loaded = modules_after(
        "from click.testing import CliRunner\n"
        "from planwatch.cli.main import cli\n"
        f"r = CliRunner().invoke(cli, ['extract', {str(plan)!r}, '--format', 'jsonl'])\n"
        "assert r.exit_code == 0 and r.stdout, r.output"
    )
    assert "opencc" in loaded
