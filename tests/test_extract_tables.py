"""Table cells give items whose unit, year and kind come from the header and row labels."""

from __future__ import annotations

import pytest

from helpers import assert_grounded
from planwatch.extract import extract_items, extract_projects
from planwatch.extract.tables import read_cell
from planwatch.ingest import normalize
from planwatch.parse import parse_outline, parse_tables
from planwatch.records import Item, Metadata

META = Metadata(period_start=2021, period_end=2025, issue_date="2021-12-30")

FIVE_YEAR_TABLE = """某县教育事业发展“十四五”规划

二、主要指标

| 指标 | 2020年基期值 | 2025年目标值 | 属性 |
| --- | --- | --- | --- |
| 学前教育毛入园率（%） | 90.5 | ≥93 | 预期性 |
| 九年义务教育巩固率（%） | 96.2 | 97以上 | 约束性 |
| 小学生师比 | 19.5:1 | 19:1 | 预期性 |
| 新增公办幼儿园学位（个） | — | 〔3000〕 | 预期性 |
"""


def table_items_of(text: str) -> list[Item]:
    src = normalize("t.md", text, "md")
    outline = parse_outline(src)
    items = extract_items(src, META, outline, parse_tables(src, outline))
    assert_grounded(src, items)
    return items


def test_base_year_and_target_columns_give_baselines_and_targets() -> None:
    rows = [
        (i.subject, i.value, i.unit, i.kind, i.year, i.relation)
        for i in table_items_of(FIVE_YEAR_TABLE)
    ]
    assert rows == [
        ("学前教育毛入园率", 90.5, "%", "baseline", 2020, "="),
        ("学前教育毛入园率", 93, "%", "target", 2025, ">="),
        ("九年义务教育巩固率", 96.2, "%", "baseline", 2020, "="),
        ("九年义务教育巩固率", 97, "%", "target", 2025, ">="),
        ("小学生师比", 19.5, "ratio", "baseline", 2020, "="),
        ("小学生师比", 19, "ratio", "target", 2025, "="),
        ("新增公办幼儿园学位", 3000, "个", "target", 2025, "="),
    ]


def test_cell_figures_with_signs_and_brackets() -> None:
    got = {
        t: read_cell(t) for t in ["≥93", "＞95%", "约3万人", "〔50〕", "5%以内", "大体相当", "—"]
    }
    assert [(v.value, v.unit, v.relation) if v else None for v in got.values()] == [
        (93, "", ">="),
        (95, "%", ">="),
        (30000, "人", "~"),
        (50, "", "="),
        (5, "%", "<="),
        None,
        None,
    ]


def test_a_school_building_table_gives_seats_and_projects() -> None:
    text = (
        "\t专栏1 学校建设规划表\n\n\t学段\n\t县区\n\t学校名称\n\t设置学位（人）\n\t建设年限\n\n"
        "\t小学\n\t城关镇\n\t第一小学\n\t1350\n\t2022-2024\n\n"
        "\t\n\t\n\t第二小学\n\t900\n\t2023-2025\n"
    )
    src = normalize("t.txt", text)
    tables = parse_tables(src, parse_outline(src))
    items = extract_items(src, META, parse_outline(src), tables)
    assert [(i.subject, i.value, i.unit, i.year) for i in items] == [
        ("第一小学", 1350, "个", 2024),
        ("第二小学", 900, "个", 2025),
    ]
    assert [
        (p.name, p.level, p.district, p.seats, p.end_year) for p in extract_projects(tables)
    ] == [
        ("第一小学", "小学", "城关镇", 1350, 2024),
        ("第二小学", "小学", "城关镇", 900, 2025),
    ]


def test_a_unit_in_the_header_carries_its_multiplier() -> None:
    text = "附表：重点项目\n\n| 项目名称 | 总投资（万元） | 新增学位（个） |\n| --- | --- | --- |\n"
    text += "| 县第二中学 | 5600 | 1800 |\n| 城南幼儿园 | 1200.5 | 360 |\n"
    items = table_items_of(text)
    assert [(i.subject, i.value, i.unit) for i in items] == [
        ("县第二中学", 56_000_000, "元"),
        ("县第二中学", 1800, "个"),
        ("城南幼儿园", 12_005_000, "元"),
        ("城南幼儿园", 360, "个"),
    ]


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("乡镇", id="township"),
        pytest.param("乡镇（街道）", id="township-or-subdistrict"),
        pytest.param("所在乡镇", id="where-township"),
    ],
)
def test_a_county_table_names_the_township_as_the_district(label: str) -> None:
    text = (
        f"\t专栏1 学校建设规划表\n\n\t学段\n\t{label}\n\t学校名称\n\t设置学位（人）\n\t建设年限\n"
        "\t公办/民办\n\t建设方式\n\n"
        "\t小学\n\t城关镇\n\t第一小学\n\t1350\n\t2022-2024\n\t公办\n\t新建\n\n"
        "\t幼儿园\n\t云阳街道\n\t云阳幼儿园\n\t270\n\t2022-2023\n\t公办\n\t新建\n"
    )
    src = normalize("t.txt", text)
    projects = extract_projects(parse_tables(src, parse_outline(src)))
    assert [(p.name, p.district, p.ownership, p.mode) for p in projects] == [
        ("第一小学", "城关镇", "公办", "新建"),
        ("云阳幼儿园", "云阳街道", "公办", "新建"),
    ]
