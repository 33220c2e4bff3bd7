"""A text table measures each distinct text once, and forgets what it measured after
``MEASURED`` texts: the table reads the same either way."""

from __future__ import annotations

import importlib
import io

import pytest

from planwatch.present.columns import Column
from planwatch.present.render import View, write_table

# the module (planwatch.present's own name render is the function)
render = importlib.import_module("planwatch.present.render")

COLUMNS = [Column("name", "名称"), Column("status", "承接情况")]
ROWS = [
    {"name": name, "status": status}
    for name in ("扩大普惠性学前教育资源", "ab", "改扩建公办幼儿园12所", "x")
    for status in ("已承接", "部分承接", "未承接")
] * 3


def _table(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    write_table(View.of(rows, COLUMNS), out)
    return out.getvalue()


def test_a_table_that_forgets_its_widths_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = _table(ROWS)
    monkeypatch.setattr(render, "MEASURED", 2)
    monkeypatch.setattr(render, "PAGE", 5)  # later rows measured one by one
    forgetting = _table(ROWS)
    monkeypatch.setattr(render, "MEASURED", 50_000)
    assert forgetting == _table(ROWS)
    assert "\nx" + " " * 21 + "  已承接\n" in remembered  # 扩大普惠性学前教育资源: 22 wide


def test_a_table_remembers_no_more_than_measured_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MEASURED", 3)
    table = render.TextTable(["名称"], [[str(n)] for n in range(10)], [None])
    assert len(table.seen) <= 3
    assert table.widths == [4]  # 名称 is two wide characters
