"""Progress tracking through the ledger: what the plans report evaluates their own targets,
imported figures evaluate the seeds' targets, a synthetic series gives every status, and an
import is all or nothing, idempotent and audited — on SQLite and PostgreSQL.

Rule: a target is judged on its latest figure (a count on the sum since the plan began)
against its baseline; the arithmetic of each expected row is written beside it.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import text

from planwatch.cli.main import cli
from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.services import ledger, tracking
from planwatch.store import make_engine

GUANGXI = "450000000000"
SEED_000 = "000_68fbdb6578405b4c.txt"
SEED_003 = "003_279badbb51f43453.txt"
SEED_004 = "004_c8c037ac93737e7c.txt"
HEADER = ["指标", "地区", "期间", "数值", "来源", "备注"]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def seeded(ledger_url: str, seeds: dict[str, Path]) -> Settings:
    settings = Settings(ledger_url)
    report = ledger.ingest_paths(settings, [seeds["000"], seeds["003"], seeds["004"]])
    assert not report.failed
    return settings


def rows_by_indicator(view: tracking.StatusView) -> dict[tuple[str | None, int | None], Any]:
    return {(r.indicator, r.target_year): r for r in view.rows if not r.previous_plan}


# --- what the plans themselves report ---------------------------------------------------


@pytest.mark.seeds
def test_seed_004_results_table_evaluates_its_own_2020_targets(seeded: Settings) -> None:
    view = tracking.status_view(seeded, SEED_004, date(2022, 12, 31))
    [row] = [
        r
        for r in view.rows
        if r.indicator == "preschool_gross_enrolment_rate" and r.target_year == 2020
    ]
    # 专栏1: 2015年完成数 74%, 2020年规划数 90%, 2020年完成数 94.67%
    assert (row.baseline_value, row.baseline_period) == (74.0, "2015")
    assert (row.target_value, row.latest_value, row.latest_period) == (90.0, 94.67, "2020")
    assert row.status == "achieved" and row.status_label == "已达成"
    assert any("94.67%" in o.quote for o in row.evidence)


@pytest.mark.seeds
def test_every_baseline_a_seed_states_is_an_observation_with_its_quote(seeded: Settings) -> None:
    stated = [
        i
        for i in ledger.query_targets(seeded, ledger.TargetQuery(kind="baseline"))
        if i.indicator and i.year is not None and i.value_max is None and i.region_code
    ]
    listed = tracking.list_observations(seeded, tracking.ObservationQuery()).rows
    found = {(o.indicator, o.region, o.period, o.value, o.quote) for o in listed}
    assert stated
    for item in stated:
        key = (item.indicator, item.region_code, str(item.year), item.value, item.quote)
        assert key in found, item.text
    assert all(o.source_kind == "plan" and o.quote in o.source for o in listed)


# --- reported figures --------------------------------------------------------------------


@pytest.mark.seeds
def test_reported_guangxi_figures_evaluate_the_seeds_targets(
    seeded: Settings, shared_dir: Path
) -> None:
    reported = shared_dir / "observations" / "guangxi_reported.csv"
    [outcome] = tracking.import_files(seeded, [reported], by="测试员")
    assert not outcome.refused and not outcome.error
    assert outcome.saved.added == 19
    old = rows_by_indicator(tracking.status_view(seeded, SEED_003, date(2021, 6, 30)))
    row = old[("preschool_gross_enrolment_rate", 2020)]
    assert (row.target_value, row.latest_value, row.status) == (90.0, 91.0, "achieved")
    new = rows_by_indicator(tracking.status_view(seeded, SEED_000, date(2024, 6, 30)))
    row = new[("preschool_gross_enrolment_rate", 2023)]
    assert (row.target_value, row.latest_value, row.status) == (92.4, 93.0, "achieved")
    # 74.7 (2015) → 79.6 → 85.6 → 91 (2020): seen from mid-2019, 2020's target of 90% has
    # only the 2018 figure: (85.6/74.7)^(1/3) − 1 = 4.65% a year, 85.6 × 1.0465² = 93.74.
    early = rows_by_indicator(tracking.status_view(seeded, SEED_003, date(2019, 6, 30)))
    row = early[("preschool_gross_enrolment_rate", 2020)]
    assert row.forecast_value == pytest.approx(85.6 * (85.6 / 74.7) ** (2 / 3), rel=1e-6)
    assert row.anticipated == "will_meet"


# --- a synthetic series that gives every status ---------------------------------------------

SERIES = [  # 广西's figures for seed 000's targets (due 2023), written for this test
    ["学前教育毛入园率", "广西壮族自治区", "2020", "90.0"],
    ["学前教育毛入园率", "广西壮族自治区", "2021", "91.0"],
    ["学前教育毛入园率", "广西壮族自治区", "2022", "92.0"],
    ["九年义务教育巩固率", "广西壮族自治区", "2020", "95.0"],
    ["九年义务教育巩固率", "广西壮族自治区", "2021", "95.3"],
    ["九年义务教育巩固率", "广西壮族自治区", "2022", "95.8"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2020", "90.0"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2021", "89.5"],
    ["高中阶段教育毛入学率", "广西壮族自治区", "2022", "89.0"],
    ["高等教育毛入学率", "广西壮族自治区", "2020", "47.9"],
    ["高等教育毛入学率", "广西壮族自治区", "2021", "50.0"],
    ["高等教育毛入学率", "广西壮族自治区", "2022", "53.5"],
]
# Time runs from the end of the baseline year (2020-12-31 = 2021.0 in years) to the end of
# the deadline year (2023-12-31 = 2024.0): 3 years. On 2023-03-31 (day 90 of 365) 2.2466
# of them have passed: expected progress 0.7489. The 2022 figures stand at 2023.0: 2/3.
EXPECTED_AT_2023_03_31 = 2.2465753 / 3
EXPECTED = {
    # 92.4 by 2023, 90 → 92: progress 2 / 2.4 = 0.8333; pace 0.8333 / (2/3) = 1.25; the
    # trend (92/90)^(1/2) − 1 = 1.105% a year gives 92 × 1.01105 = 93.017 by 2023 → on track.
    "preschool_gross_enrolment_rate": (92.0, 2 / 2.4, "on_track", 92 * (92 / 90) ** 0.5),
    # 96.6 by 2023, 95 → 95.8: progress 0.8 / 1.6 = 0.5; pace 0.5 / (2/3) = 0.75 (≥ 0.60,
    # < 0.95) → lagging; trend 95.8 × (95.8/95)^(1/2) = 96.203, short of 96.6.
    "nine_year_compulsory_retention_rate": (95.8, 0.8 / 1.6, "lagging", 95.8 * (95.8 / 95) ** 0.5),
    # 92.4 by 2023, 90 → 89: progress −1 / 2.4 = −0.4167: moving away → off track.
    "upper_secondary_gross_enrolment_rate": (89.0, -1 / 2.4, "off_track", 89 * (89 / 90) ** 0.5),
    # 53 by 2023, 53.5 in 2022 already meets it: (53.5 − 47.9) / (53 − 47.9) = 1.098.
    "higher_education_gross_enrolment_rate": (53.5, 5.6 / 5.1, "achieved", None),
    # 300,000 人次 of training: a count, no figure reported → no data.
    "teacher_training_participations": (None, None, "no_data", None),
}


@pytest.mark.seeds
def test_a_synthetic_series_gives_every_status_as_computed_by_hand(
    seeded: Settings, tmp_path: Path
) -> None:
    series = write_csv(tmp_path / "进度.csv", [[*r, "测试数据", ""] for r in SERIES])
    assert not tracking.import_files(seeded, [series])[0].refused
    view = tracking.status_view(seeded, SEED_000, date(2023, 3, 31))
    got = {r.indicator: r for r in view.rows if r.indicator in EXPECTED}
    for indicator, (latest, progress, status, forecast) in EXPECTED.items():
        row = got[indicator]
        assert row.latest_value == latest, indicator
        assert row.status == status, (indicator, row.reason)
        if progress is not None:
            assert row.progress == pytest.approx(progress, abs=1e-9), indicator
            assert row.expected_progress == pytest.approx(EXPECTED_AT_2023_03_31, abs=1e-6)
        if forecast is not None:
            assert row.forecast_value == pytest.approx(forecast, rel=1e-9), indicator
    # Before the plan began every target is not yet due; after its deadline, with 2023's
    # figure below the target, the upper-secondary rate is overdue.
    before = tracking.status_view(seeded, SEED_000, date(2020, 6, 30))
    assert {r.status for r in before.rows} == {"not_due"}
    late = write_csv(
        tmp_path / "2023.csv", [["高中阶段教育毛入学率", "广西壮族自治区", "2023", "89.2", "", ""]]
    )
    assert not tracking.import_files(seeded, [late], as_of=date(2024, 6, 30))[0].refused
    after = tracking.status_view(seeded, SEED_000, date(2024, 6, 30))
    overdue = [r for r in after.rows if r.indicator == "upper_secondary_gross_enrolment_rate"]
    assert [r.status for r in overdue] == ["overdue"]
    every = {r.status for r in view.rows + before.rows + after.rows}
    assert every >= {
        "achieved",
        "on_track",
        "lagging",
        "off_track",
        "overdue",
        "no_data",
        "not_due",
    }


@pytest.mark.seeds
def test_status_json_has_the_promised_fields(seeded: Settings, tmp_path: Path) -> None:
    series = write_csv(tmp_path / "进度.csv", [[*r, "测试数据", ""] for r in SERIES])
    tracking.import_files(seeded, [series])
    args = ["status", "--plan", SEED_000, "--as-of", "2023-03-31", "--db", seeded.database_url]
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    fields = (
        "item_id subject indicator region unit relation baseline_value baseline_period "
        "target_value target_year latest_value latest_period progress expected_progress status "
        "status_label forecast_value forecast_method evidence"
    ).split()
    for row in rows:
        assert set(fields) <= row.keys()
    [row] = [r for r in rows if r["indicator"] == "preschool_gross_enrolment_rate"]
    evidence = row["evidence"]
    assert "92.4%" in evidence["quote"] and evidence["start"] < evidence["end"]
    assert [o["period"] for o in evidence["observations"]] == ["2020", "2021", "2022"]
    assert all(o["source"] == "测试数据" for o in evidence["observations"])
    table = run(*args, "--by", "unit")
    assert table.exit_code == 0 and "正常推进" in table.output and "按牵头单位汇总" in table.output


# --- import: all or nothing, idempotent, audited, refused with its reasons --------------------


BAD_ROWS = [  # (row, what is wrong, words of the message)
    (["入园难", "广西壮族自治区", "2022", "90", "", ""], "unknown indicator", "指标"),
    (["学前教育毛入园率", "火星", "2022", "90", "", ""], "unknown region", "地区"),
    (["学前教育毛入园率", "广西壮族自治区", "2022年上半年", "90", "", ""], "bad period", "期间"),
    (["学前教育毛入园率", "广西壮族自治区", "2099", "90", "", ""], "future period", "期间"),
    (["学前教育毛入园率", "广西壮族自治区", "2022", "九十", "", ""], "not a number", "数字"),
    (
        ["学前教育毛入园率", "广西壮族自治区", "2022", "924", "", ""],
        "percentage too high",
        "百分比",
    ),
    (["学前教育毛入园率", "广西壮族自治区", "2022", "", "", ""], "empty value", "数值"),
    (["教师培训人次", "广西壮族自治区", "2022", "-5", "", ""], "negative count", "负"),
    (["小学生师比", "广西壮族自治区", "2022", "0", "", ""], "ratio not positive", "大于0"),
]


@pytest.mark.seeds
def test_a_bad_file_is_refused_whole_with_file_row_and_column(
    seeded: Settings, tmp_path: Path
) -> None:
    good = [["学前教育毛入园率", "广西壮族自治区", "2021", "91", "", ""]]
    path = write_csv(tmp_path / "有误.csv", good + [r for r, _w, _m in BAD_ROWS])
    result = run("import", str(path), "--db", seeded.database_url)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("有误.csv:")]
    assert len(lines) >= len(BAD_ROWS)
    for n, (_row, what, words) in enumerate(BAD_ROWS, start=3):  # header 1, good row 2
        mine = [line for line in lines if line.startswith(f"有误.csv:{n}:")]
        assert mine and any(words in line for line in mine), (what, mine)
        assert all(line.split(":")[2].isalpha() for line in mine)  # a column letter
    assert (
        tracking.list_observations(seeded, tracking.ObservationQuery(with_plans=False)).rows == []
    )
    assert tracking.list_audit(seeded).rows == []
    partial = run("import", str(path), "--partial", "--db", seeded.database_url)
    assert partial.exit_code == 1 and "新增 1 条" in partial.output
    stored = tracking.list_observations(seeded, tracking.ObservationQuery(with_plans=False)).rows
    assert [(o.period, o.value) for o in stored] == [("2021", 91.0)]


@pytest.mark.seeds
def test_importing_again_changes_nothing_and_every_change_is_audited(
    seeded: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "进度.csv", [[*r, "统计公报", ""] for r in SERIES])
    first = tracking.import_files(seeded, [path], by="甲")[0].saved
    again = tracking.import_files(seeded, [path], by="甲")[0].saved
    assert (first.added, again.added, again.updated, again.unchanged) == (12, 0, 0, 12)
    changed = write_csv(
        tmp_path / "更正.csv",
        [["学前教育毛入园率", "广西壮族自治区", "2022", "92.3", "更正", "原数据有误"]],
    )
    assert tracking.import_files(seeded, [changed], by="乙")[0].saved.updated == 1
    log = tracking.list_audit(seeded).rows
    assert [e.action for e in log] == ["create"] * 12 + ["update"]
    last = log[-1]
    assert (last.by, last.old_value, last.new_value, last.period) == ("乙", 92.0, 92.3, "2022")
    assert last.region == GUANGXI and last.source == "更正"


@pytest.mark.seeds
def test_the_audit_log_refuses_to_be_rewritten(seeded: Settings, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "进度.csv", [[*SERIES[0], "", ""]])
    tracking.import_files(seeded, [path])
    engine = make_engine(seeded.database_url)
    try:
        for statement in ("UPDATE audit_log SET new_value = 1", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="审计日志只能追加"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    assert len(tracking.list_audit(seeded).rows) == 1


@pytest.mark.seeds
def test_a_value_that_conflicts_with_an_approved_one_is_refused(
    seeded: Settings, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "进度.csv", [[*SERIES[0], "", ""]])
    tracking.import_files(seeded, [path], status="approved")
    other = write_csv(
        tmp_path / "另报.csv", [["学前教育毛入园率", "广西壮族自治区", "2020", "88", "", ""]]
    )
    [outcome] = tracking.import_files(seeded, [other])
    assert outcome.refused and "已审核" in outcome.refused[0]


# --- templates ---------------------------------------------------------------------------


@pytest.mark.seeds
def test_a_template_filled_in_excel_imports_back(seeded: Settings, tmp_path: Path) -> None:
    out = tmp_path / "教育厅.xlsx"
    result = run(
        "template",
        "--plan",
        SEED_000,
        "--unit",
        "自治区教育厅",
        "-o",
        str(out),
        "--db",
        seeded.database_url,
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    sheet = book["填报表"]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 2).value == "序号")
    headers = [c.value for c in sheet[header_row]]
    year_col = headers.index("2022年") + 1
    filled = 0
    for r in range(header_row + 1, sheet.max_row + 1):
        unit = str(sheet.cell(r, headers.index("单位") + 1).value or "")
        if unit == "%":
            sheet.cell(r, year_col).value = 50
            filled += 1
    assert filled
    book.save(out)
    [outcome] = tracking.import_files(seeded, [out], as_of=date(2023, 6, 30))
    assert not outcome.refused, outcome.refused
    assert outcome.saved.added == filled


@pytest.mark.seeds
def test_templates_for_every_lead_unit_are_one_command(seeded: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "模板"
    result = run(
        "template",
        "--plan",
        SEED_000,
        "--unit",
        "all",
        "-o",
        str(folder),
        "--db",
        seeded.database_url,
    )
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in folder.glob("*.xlsx"))
    assert "自治区教育厅.xlsx" in made and len(made) >= 2
    view = tracking.status_view(seeded, SEED_000, date(2023, 3, 31))
    leads = {u for r in view.rows for u in r.lead_units}
    assert len(made) == len(leads)


def test_a_plan_without_lead_units_named_is_a_chinese_error(tmp_path: Path) -> None:
    from planwatch.services.extraction import sample_plan

    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.ingest_paths(settings, [sample_plan()])
    with pytest.raises(PlanWatchError, match="没有由「火星局」牵头的目标"):
        tracking.template_views(settings, "sample_plan.txt", "火星局")


def test_a_data_file_may_be_larger_than_a_plan_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million-row csv is a normal export; a plan text that large is a mistake."""
    from planwatch.errors import UnreadableFile
    from planwatch.ingest import decode
    from planwatch.track import read

    monkeypatch.setattr(decode, "MAX_TEXT_BYTES", 100)
    data = tmp_path / "进度.csv"
    rows = ["指标,地区,期间,数值"] + [f"学前教育毛入园率,南宁市,{2015 + n},9{n}" for n in range(9)]
    data.write_text("\n".join(rows), encoding="utf-8")
    assert len(data.read_bytes()) > 100
    assert len(read.read_rows(data).rows) == 9
    plan = tmp_path / "规划.txt"
    plan.write_text("到2025年学前教育毛入园率达到92%。" * 10, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="文本上限"):
        decode.decode_text(plan, plan.read_bytes())
    monkeypatch.setattr(read, "MAX_DATA_BYTES", 100)
    with pytest.raises(UnreadableFile, match="上限"):
        read.read_rows(data)
