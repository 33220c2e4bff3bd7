"""Importing planwatch.ingest is cheap: no Word, PDF, HTML or OpenCC library is loaded."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("docx", "pypdf", "selectolax", "opencc", "charset_normalizer", "lxml", "html.parser")


def test_import_ingest_loads_no_heavy_library() -> None:
    code = (
        f"import sys, planwatch.ingest\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
