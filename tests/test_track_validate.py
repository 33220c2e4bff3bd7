"""Import checks: a file is imported whole or not at all, and every refused row is named as
``文件:行:列: 原因`` — unknown indicators, regions and targets, bad or future periods, values that
are not numbers or not credible, duplicates, conflicts with approved figures, running totals
going backwards, years mixed with quarters of a count, and more."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from planwatch.errors import PlanWatchError
from planwatch.track.model import Baseline, TrackedTarget
from planwatch.track.problems import ImportRefused
from planwatch.track.read import read_rows
from planwatch.track.validate import (
    HEADER_RULES,
    ROW_RULES,
    SERIES_RULES,
    Checked,
    Series,
    parse_value,
    validate_file,
    value_bounds,
)
from track_fixtures import NANNING, LedgerLookups

AS_OF = date(2024, 6, 30)
HEADER = ["指标", "地区", "期间", "数值", "来源", "备注", "目标编号"]
TARGETS = [
    TrackedTarget(
        item_id=101,
        document_id=7,
        subject="学前三年毛入园率",
        indicator="preschool_gross_enrolment_rate",
        region=NANNING,
        value=98.0,
        unit="%",
        year=2025,
        relation=">=",
        baseline=Baseline(97.26, "2021"),
    ),
    TrackedTarget(
        item_id=102,
        document_id=7,
        subject="公办幼儿园",
        indicator=None,
        region=NANNING,
        value=30.0,
        unit="所",
        year=2025,
        measure="cumulative",
    ),
]
LEDGER = {
    Series(NANNING, "preschool_gross_enrolment_rate", None): [("2021", 90.0, True)],
    Series(NANNING, None, 102): [("2022", 6.0, False)],
    Series(NANNING, "teacher_training_participations", None): [("2022", 50000.0, True)],
    Series(NANNING, "higher_education_gross_enrolment_rate", None): [("2021", 55.3, True)],
}

# (row number, the row, the problem's column, its kind)
BAD_ROWS: list[tuple[int, list[str], str, str]] = [
    (3, ["", "南宁市", "2022", "90", "", "", ""], "A", "no_subject"),
    (4, ["入学比率", "南宁市", "2022", "90", "", "", ""], "A", "unknown_indicator"),
    (5, ["学前教育毛入园率", "火星市", "2022", "90", "", "", ""], "B", "unknown_region"),
    (6, ["", "南宁市", "2022", "12", "", "", "99999"], "G", "unknown_item"),
    (7, ["小学生师比", "南宁市", "2022", "18", "", "", "101"], "G", "indicator_item_mismatch"),
    (8, ["", "柳州市", "2022", "95", "", "", "101"], "B", "region_item_mismatch"),
    (9, ["学前教育毛入园率", "南宁市", "2022上半年", "90", "", "", ""], "C", "bad_period"),
    (10, ["学前教育毛入园率", "南宁市", "2030", "90", "", "", ""], "C", "future_period"),
    (11, ["学前教育毛入园率", "南宁市", "1919", "90", "", "", ""], "C", "implausible_year"),
    (12, ["学前教育毛入园率", "南宁市", "2019", "", "", "", ""], "D", "empty_value"),
    (13, ["学前教育毛入园率", "南宁市", "2018", "九十", "", "", ""], "D", "not_a_number"),
    (14, ["普惠性幼儿园覆盖率", "南宁市", "2022", "924", "", "", ""], "D", "percent_range"),
    (15, ["", "南宁市", "2021", "-3", "", "", "102"], "D", "negative_count"),
    (16, ["小学生师比", "南宁市", "2022", "0", "", "", ""], "D", "ratio_not_positive"),
    (17, ["高等教育在学总规模", "南宁市", "2022", "3000000000", "", "", ""], "D", "too_large"),
    (18, ["学前教育毛入园率", "南宁市", "2017", "88", "公报" * 300, "", ""], "E", "source_text"),
    (19, ["学前教育毛入园率", "南宁市", "2016", "88", "", "=SUM(D1:D9)", ""], "F", "note_text"),
    (20, ["高等教育在学总规模", "南宁市", "2021", "91%", "", "", ""], "D", "unit_mismatch"),
    (21, ["学前教育毛入园率", "南宁市", "2022", "93.5", "", "", ""], "C", "duplicate_row"),
    (22, ["学前教育毛入园率", "南宁市", "2021", "91", "", "", ""], "D", "conflicts_approved"),
    (23, ["教师培训人次", "南宁市", "2023", "40000", "", "", ""], "D", "running_total_backwards"),
    (24, ["", "南宁市", "2022Q3", "10", "", "", "102"], "C", "mixed_granularity"),
    (25, ["高等教育毛入学率", "南宁市", "2022", "0.56", "", "", ""], "D", "magnitude_jump"),
    (26, ["学前教育毛入园率", "", "2022", "90", "", "", ""], "B", "empty_region"),
    (27, ["高等教育在学总规模", "南宁市", "2020", "1,23", "", "", ""], "D", "not_a_number"),
    (28, ["学前教育毛入园率", "南宁市", "2023年度", "—", "", "", ""], "D", "empty_value"),
]
GOOD_ROWS = {
    2: ["学前教育毛入园率", "南宁市", "2022", "93.5", "南宁市教育统计公报", "", ""],
    29: ["学前教育毛入园率", "南宁市", "２０１６", "９１．２％", "", "", ""],
    30: ["高等教育在学总规模", "南宁市", "2020", "1,234,567", "", "", ""],
    31: ["", "450100000000", "2023", "12", "", "当年新建", "102"],
}


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def lookups() -> LedgerLookups:
    return LedgerLookups(TARGETS, LEDGER, frozenset({"teacher_training_participations"}))


@pytest.fixture(scope="module")
def bad_file(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    by_number = {n: row for n, row, _, _ in BAD_ROWS} | GOOD_ROWS
    rows = [HEADER] + [by_number[n] for n in sorted(by_number)]
    path = write_csv(tmp_path_factory.mktemp("import") / "进度.csv", rows)
    return validate_file(read_rows(path), lookups(), AS_OF)


@pytest.mark.parametrize(("number", "column", "kind"), [(n, c, k) for n, _, c, k in BAD_ROWS])
def test_a_bad_row_is_refused_naming_file_row_and_column(
    bad_file: Checked, number: int, column: str, kind: str
) -> None:
    found = [p for p in bad_file.problems if p.row == number]
    assert [p.kind for p in found] == [kind], [str(p) for p in found]
    (problem,) = found
    assert problem.column == column
    assert str(problem).startswith(f"进度.csv:{number}:{column}: ")
    assert problem.reason and not problem.reason.isascii()  # Chinese words for the user


def test_good_rows_raise_no_problem_and_nothing_is_imported_from_a_bad_file(
    bad_file: Checked,
) -> None:
    assert not [p for p in bad_file.problems if p.row in GOOD_ROWS]
    assert bad_file.observations == []
    with pytest.raises(ImportRefused) as caught:
        bad_file.raise_if_refused()
    assert isinstance(caught.value, PlanWatchError)
    message = str(caught.value)
    assert message.startswith(f"进度.csv：发现 {len(BAD_ROWS)} 处问题，未导入任何数据")
    assert "进度.csv:14:D: 百分比应在0到100之间，实为 924" in message
    assert "进度.csv:17:D: 数值 30亿 大得不合理（单位人，上限 15亿）" in message


def test_the_bad_file_trips_every_rule_of_the_tables(bad_file: Checked) -> None:
    kinds = {p.kind for p in bad_file.problems}
    assert kinds == {r.kind for r in ROW_RULES} | {r.kind for r in SERIES_RULES}
    assert len(kinds) >= 15
    notes = [(r.kind, r.why, r.example) for r in ROW_RULES]
    notes += [(r.kind, r.why, r.example) for r in SERIES_RULES]
    notes += [(r.kind, r.why, r.example) for r in HEADER_RULES]
    for kind, why, example in notes:
        assert why and example, kind


def test_a_clean_file_gives_its_observations(tmp_path: Path) -> None:
    rows = [HEADER, *GOOD_ROWS.values()]
    checked = validate_file(read_rows(write_csv(tmp_path / "进度.csv", rows)), lookups(), AS_OF)
    assert checked.problems == []
    first, fullwidth, thousands, item = checked.observations
    assert (first.indicator, first.region, first.period, first.value) == (
        "preschool_gross_enrolment_rate",
        NANNING,
        "2022",
        93.5,
    )
    assert first.source == "南宁市教育统计公报"
    assert (fullwidth.period, fullwidth.value) == ("2016", 91.2)
    assert thousands.value == 1234567.0
    assert (item.item, item.indicator, item.source, item.note) == (
        102,
        None,
        "进度.csv:5",
        "当年新建",
    )
    checked.raise_if_refused()  # nothing to refuse


def test_a_missing_required_column_refuses_the_file_at_its_header(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "缺列.csv", [["指标", "地区", "数值"], ["毛入园率", "南宁市", "90"]]
    )
    checked = validate_file(read_rows(path), lookups(), AS_OF)
    assert [str(p) for p in checked.problems] == ["缺列.csv:1:-: 缺少必填列「期间」"]


def test_neither_indicator_nor_item_column_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "缺列.csv", [["地区", "期间", "数值"], ["南宁市", "2022", "90"]])
    (problem,) = validate_file(read_rows(path), lookups(), AS_OF).problems
    assert problem.kind == "missing_header" and "「指标」或「目标编号」" in problem.reason


def test_a_repeated_column_is_refused(tmp_path: Path) -> None:
    rows = [
        ["指标", "地区", "期间", "数值", "值"],
        ["学前教育毛入园率", "南宁市", "2022", "90", "91"],
    ]
    checked = validate_file(read_rows(write_csv(tmp_path / "重复.csv", rows)), lookups(), AS_OF)
    assert [str(p) for p in checked.problems] == [
        "重复.csv:1:E: 列「数值」出现了2次（D、E列），只能有一列"
    ]


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("92.4", 92.4, False),
        ("９２．４％", 92.4, True),
        ("1,234.5", 1234.5, False),
        ("3.2万", 32000.0, False),
        (" 18 ", 18.0, False),
        ("−3", -3.0, False),
    ],
)
def test_values_are_read_as_people_type_them(text: str, value: float, percent: bool) -> None:
    parsed = parse_value(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.percent is percent


@pytest.mark.parametrize("text", ["1,23", "12,34.5", "九十", "92.4人", "nan", "inf", "1e999"])
def test_values_that_are_not_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=text[:2]):
        parse_value(text)


def test_gross_enrolment_rates_may_exceed_100_percent(tmp_path: Path) -> None:
    assert value_bounds("%", "小学毛入学率").maximum == 150.0
    assert value_bounds("%", "普惠性幼儿园覆盖率").maximum == 100.0
    rows = [HEADER, ["学前教育毛入园率", "南宁市", "2022", "104.3", "", "", ""]]
    checked = validate_file(read_rows(write_csv(tmp_path / "毛.csv", rows)), lookups(), AS_OF)
    assert checked.problems == [] and checked.observations[0].value == 104.3


def test_a_value_equal_to_the_approved_one_is_no_conflict(tmp_path: Path) -> None:
    rows = [HEADER, ["学前教育毛入园率", "南宁市", "2021", "90.0", "", "", ""]]
    checked = validate_file(read_rows(write_csv(tmp_path / "同.csv", rows)), lookups(), AS_OF)
    assert checked.problems == []
