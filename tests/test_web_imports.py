"""The web app is loaded only when it is used: importing the CLI, and asking for the help of
``serve`` and ``demo``, loads neither FastAPI, uvicorn, Starlette, Pydantic nor Jinja2."""

from __future__ import annotations

import pytest

from test_imports import modules_after

WEB_LIBRARIES = ["fastapi", "uvicorn", "starlette", "pydantic", "jinja2", "httpx"]


@pytest.fixture(scope="module")
def help_modules() -> set[str]:
    return modules_after(
        "import planwatch.cli\n"
        "from click.testing import CliRunner\n"
        "from planwatch.cli.main import cli\n"
        "for name in ('serve', 'demo'):\n"
        "    r = CliRunner().invoke(cli, [name, '--help'])\n"
        "    assert r.exit_code == 0 and '台账' in r.output, r.output"
    )


@pytest.mark.parametrize("library", WEB_LIBRARIES)
def test_the_cli_loads_no_web_library(help_modules: set[str], library: str) -> None:
    assert library not in help_modules


def test_the_check_sees_the_web_app_when_it_is_imported() -> None:
    assert {"fastapi", "jinja2"} <= modules_after(
        "import planwatch.web.app, planwatch.web.render\nplanwatch.web.render.environment()"
    )
