"""The reporting template: an xlsx with Chinese instructions, one row per target and one input
cell per period, Excel validation with Chinese messages on the input cells, everything else
protected, a hidden key column — and, once filled, read back into import rows and checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.errors import PlanWatchError
from planwatch.present import template
from planwatch.present.template import write_template
from planwatch.track import read
from planwatch.track.model import Baseline, TrackedTarget
from planwatch.track.read import read_rows
from planwatch.track.validate import validate_file
from track_fixtures import NANNING, LedgerLookups, template_view

TARGETS = [
    TrackedTarget(
        item_id=11,
        document_id=7,
        subject="学前三年毛入园率",
        indicator="preschool_gross_enrolment_rate",
        region=NANNING,
        value=98.0,
        unit="%",
        year=2025,
        relation=">=",
        baseline=Baseline(97.26, "2021"),
        quote="到2025年，学前三年毛入园率达到98%以上",
    ),
    TrackedTarget(
        item_id=12,
        document_id=7,
        subject="公办幼儿园",
        indicator=None,
        region=NANNING,
        value=30.0,
        unit="所",
        year=2025,
        measure="cumulative",
        quote="新建公办幼儿园30所",
    ),
    TrackedTarget(
        item_id=13,
        document_id=7,
        subject="小学生师比",
        indicator="primary_student_teacher_ratio",
        region=NANNING,
        value=19.0,
        unit="ratio",
        year=2025,
        relation="<=",
        quote="小学生师比不高于19:1",
    ),
    TrackedTarget(
        item_id=14,
        document_id=7,
        subject="普惠性幼儿园覆盖率",
        indicator="inclusive_kindergarten_coverage",
        region=NANNING,
        value=90.0,
        unit="%",
        year=2025,
        relation=">=",
        quote="普惠性幼儿园覆盖率达到90%",
    ),
]
PERIODS = ("2021", "2022", "2023", "2024", "2025")


@pytest.fixture
def written(tmp_path: Path) -> Path:
    path = tmp_path / "南宁市填报表.xlsx"
    write_template(template_view(TARGETS, PERIODS), path)
    return path


def data_sheet(path: Path) -> Worksheet:
    return load_workbook(path)[template.DATA_SHEET]


def test_the_template_has_instructions_first_and_the_data_sheet(written: Path) -> None:
    book = load_workbook(written)
    assert book.sheetnames == ["填报说明", "填报表"]
    guide = [c.value for c in book["填报说明"]["A"] if c.value]
    assert guide[0] == "《南宁市教育事业发展“十四五”规划》目标任务进展填报说明"
    text = "\n".join(guide)
    for words in ("当年新增数", "不要填累计数", "留空", "隐藏的目标编号", "2021年、2022年"):
        assert words in text


def test_each_target_is_a_row_with_its_words_and_one_column_per_period(written: Path) -> None:
    sheet = data_sheet(written)
    header = [c.value for c in sheet[template.HEADER_ROW]]
    assert header[:9] == [
        "planwatch_key", "序号", "指标或目标", "目标原文", "目标值",
        "单位", "目标年份", "基数", "填报口径",
    ]  # fmt: skip
    assert header[9:] == ["2021年", "2022年", "2023年", "2024年", "2025年", "数据来源", "备注"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_col=9)]
    assert rows[0] == [
        f"11|{NANNING}", 1, "学前三年毛入园率",
        "到2025年，学前三年毛入园率达到98%以上", "≥98", "%", 2025, "97.26（2021年）",
        "当年统计值（水平值）",
    ]  # fmt: skip
    assert rows[1][4:] == ["30", "所", 2025, None, "当年新增数（不填累计数）"]
    assert rows[2][4:6] == ["≤19", "比值（19:1 填 19）"]


def test_the_key_column_is_hidden_and_the_header_frozen(written: Path) -> None:
    sheet = data_sheet(written)
    assert sheet.column_dimensions["A"].hidden
    assert sheet.freeze_panes == "D4"
    assert sheet.column_dimensions["D"].width >= 40  # the target's words are wide
    assert sheet["D4"].alignment.wrap_text


def test_only_input_cells_are_unlocked_under_sheet_protection(written: Path) -> None:
    sheet = data_sheet(written)
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["J3"].protection.locked and sheet["D4"].protection.locked
    for cell in ("J4", "N6", "O5", "P4"):  # periods, 数据来源, 备注
        assert not sheet[cell].protection.locked, cell


def test_input_cells_carry_decimal_validation_with_chinese_messages(written: Path) -> None:
    rules = {str(v.sqref): v for v in data_sheet(written).data_validations.dataValidation}
    gross, count, ratio, percent = rules["J4:N4"], rules["J5:N5"], rules["J6:N6"], rules["J7:N7"]
    assert all(v.type == "decimal" and v.showErrorMessage for v in (percent, count, ratio))
    assert (percent.operator, percent.formula1, percent.formula2) == ("between", "0", "100")
    # a gross enrolment rate counts pupils of any age: above 100% is real, up to 150
    assert (gross.operator, gross.formula1, gross.formula2) == ("between", "0", "150")
    assert percent.error == "请填写 0 到 100 之间的数字，不带单位或 % 号。"
    assert (count.operator, count.formula1) == ("greaterThanOrEqual", "0")
    assert count.error == "请填写不小于 0 的数字，不带单位。"
    assert (ratio.operator, ratio.formula1) == ("greaterThan", "0")
    assert percent.errorTitle == "数值不符合要求"


def test_a_filled_template_is_read_back_and_checked(written: Path) -> None:
    book = load_workbook(written)
    sheet = book[template.DATA_SHEET]
    sheet["J4"], sheet["K4"], sheet["O4"] = 97.5, 98.1, "南宁市教育统计公报"
    sheet["J5"], sheet["K5"], sheet["P5"] = 8, 12, "含改扩建转公办"
    sheet["K6"] = 18.6
    book.save(written)
    got = read_rows(written)
    assert got.template and got.header_row == template.HEADER_ROW
    cells = [(r.row, r.column("value"), r.item, r.region, r.period, r.value) for r in got.rows]
    assert cells == [
        (4, "J", "11", NANNING, "2021", "97.5"),
        (4, "K", "11", NANNING, "2022", "98.1"),
        (5, "J", "12", NANNING, "2021", "8"),
        (5, "K", "12", NANNING, "2022", "12"),
        (6, "K", "13", NANNING, "2022", "18.6"),
    ]
    assert got.rows[0].source == "南宁市教育统计公报" and got.rows[2].note == "含改扩建转公办"
    checked = validate_file(got, LedgerLookups(TARGETS), date(2023, 6, 30))
    assert checked.problems == []
    assert [(o.item, o.period, o.value) for o in checked.observations][:2] == [
        (11, "2021", 97.5),
        (11, "2022", 98.1),
    ]


def test_a_bad_cell_of_a_filled_template_is_named_by_its_letter(written: Path) -> None:
    book = load_workbook(written)
    book[template.DATA_SHEET]["L4"] = "九十八"  # typed past the validation (WPS, paste)
    book.save(written)
    checked = validate_file(read_rows(written), LedgerLookups(TARGETS), date(2024, 6, 30))
    assert [str(p) for p in checked.problems] == [
        "南宁市填报表.xlsx:4:L: 「九十八」不是数字（只填数字，不带单位或文字）"
    ]


def test_the_key_joins_the_item_and_the_region() -> None:
    assert read.template_key(11, NANNING) == f"11|{NANNING}"


def test_an_unwritable_path_is_a_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(PlanWatchError, match="无法写入"):
        write_template(template_view(TARGETS, PERIODS), tmp_path / "没有" / "表.xlsx")
