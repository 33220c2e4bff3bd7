"""How people see figures and rows: one figure format, one renderer for every format.

Rule: a figure reads as plans write it (≥92.4%, 3—5所, 19∶1, 6.8亿元, 2个百分点) and never
with a machine sign (>=); the text table leaves machine columns out and centres quotes on
their figure; json keys follow the columns, then the record's other fields.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from planwatch.present.columns import ITEM_COLUMNS, Column
from planwatch.present.figures import excerpt, figure, number
from planwatch.present.render import View, machine, render
from planwatch.records import Item, Span


def item(
    value: float, unit: str = "%", relation: str = "=", value_max: float | None = None
) -> Item:
    return Item(Span(0, 3), "x", value, unit, relation=relation, value_max=value_max)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shown", "figure_of"),
    [
        pytest.param("≥92.4%", item(92.4, relation=">="), id="at-least"),
        pytest.param("≤45人", item(45, "人", "<="), id="at-most"),
        pytest.param("约30所", item(30, "所", "~"), id="about"),
        pytest.param("3—5所", item(3, "所", ">=", 5), id="range-has-no-sign"),
        pytest.param("19∶1", item(19, "ratio"), id="ratio"),
        pytest.param("≤13.5∶1", item(13.5, "ratio", "<="), id="ratio-at-most"),
        pytest.param("2个百分点", item(2, "pp"), id="percentage-points"),
        pytest.param("6.8亿元", item(680_000_000, "元"), id="hundred-millions"),
        pytest.param("1000万元", item(10_000_000, "元"), id="ten-thousands"),
        pytest.param("100—800万元", item(1_000_000, "元", "=", 8_000_000), id="money-range"),
        pytest.param("1234.5元", item(1234.5, "元"), id="small-money"),
        pytest.param("25320个", item(25320, "个"), id="counts-stay-whole"),
    ],
)
def test_a_figure_reads_as_plans_write_it(shown: str, figure_of: Item) -> None:
    assert figure(figure_of) == shown
    assert ">=" not in figure(figure_of) and "ratio" not in figure(figure_of)


def test_numbers_never_read_in_exponent_notation() -> None:
    assert [number(v) for v in (12.0, 92.4, 1.5e8, 1234567.5, None)] == [
        "12",
        "92.4",
        "150000000",
        "1234567.5",
        "",
    ]


def test_an_excerpt_keeps_its_figure_in_the_middle() -> None:
    quote = "一二三四五六七八九十" * 2 + "学前三年毛入园率达到92.4%，普惠性幼儿园覆盖率达到85%以上"
    shown = excerpt(quote, "92.4%")
    assert "92.4%" in shown and shown.startswith("…") and shown.endswith("…")
    left, right = shown.split("92.4%")
    assert abs(len(left) - len(right)) <= 1


def render_text(rows: list[object], fmt: str) -> str:
    out = io.StringIO()
    render(View.of(rows, ITEM_COLUMNS), fmt, out)
    return out.getvalue()


def test_the_text_table_shows_signs_figures_and_no_offsets() -> None:
    row = Item(Span(100, 103), "92%", 92, "%", relation=">=", subject="毛入园率", doc="a.txt")
    table = render_text([row], "table")
    header = table.splitlines()[0]
    assert "关系" in header and "起（字符）" not in header
    assert "≥" in table and ">=" not in table and "92%" in table


def test_json_keys_follow_the_columns_then_the_other_fields() -> None:
    row = Item(Span(100, 103), "92%", 92, "%", doc="a.txt", id=7)
    record = json.loads(render_text([row], "jsonl"))
    keys = list(record)
    assert keys[: len(ITEM_COLUMNS)] == [c.key for c in ITEM_COLUMNS]
    assert (record["start"], record["end"], record["id"]) == (100, 103, 7)
    assert "span" not in record  # its own fields stand for it


def test_csv_puts_machine_columns_last_and_starts_with_a_bom() -> None:
    row = Item(Span(100, 103), "92%", 92, "%", doc="a.txt")
    text = render_text([row], "csv")
    assert text.startswith("\ufeff")
    header = text[1:].splitlines()[0].split(",")
    assert header[-2:] == ["起（字符）", "止（字符）"]


def test_a_column_without_a_width_is_never_cut() -> None:
    long = "说明" * 60
    out = io.StringIO()
    render(View.of([{"m": long}], [Column("m", "说明", width=None)]), "table", out)
    assert long in out.getvalue()


def test_machine_leaves_normalized_offsets_out() -> None:
    from planwatch.records import Section

    section = Section("cn", "一", "总体要求", 1, 5, 90, span=Span(10, 120))
    assert machine(section)["start"] == 10 and machine(section)["end"] == 120


def test_every_seed_figure_is_visible_in_its_table_excerpt(seeds: dict[str, Path]) -> None:
    from planwatch.services.extraction import read_document

    hidden = []
    for path in seeds.values():
        for found in read_document(path).items:
            words = " ".join(found.text.split())
            if words not in excerpt(found.quote, found.text):
                hidden.append((path.name, found.text))
    assert hidden == []
