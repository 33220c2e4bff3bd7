"""compare, check and coverage on a real ledger: hand-made plans of one province (tests/data/
compare, with a hand-checked list of findings) and the seed plans when ../shared is there."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planwatch.cli.main import cli
from planwatch.config import Settings
from planwatch.errors import PlanWatchError
from planwatch.present.render import machine
from planwatch.services import analysis, ledger

DATA = Path(__file__).parent / "data" / "compare"
SEED_004 = "004_c8c037ac93737e7c.txt"


def data(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service's records as json holds them (dicts with the same keys)."""
    return lambda *args, **kw: machine(service(*args, **kw))


def expected(name: str) -> dict[str, list[dict[str, Any]]]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def matches(finding: dict[str, Any], entry: dict[str, Any]) -> bool:
    """A finding answers a hand-checked entry when kind, document and every field the entry
    gives (indicator, year, value) agree, and its message holds the entry's ``message_has``
    (two findings of one figure: 10所 新建、改扩建高中 and 10所 in 中心城区)."""
    if (finding["kind"], finding["doc"]) != (entry["kind"], entry["doc"]):
        return False
    if entry.get("message_has", "") not in finding["message"]:
        return False
    return all(finding[k] == entry[k] for k in ("indicator", "year", "value") if k in entry)


def assert_findings(findings: list[dict[str, Any]], key: dict[str, list[dict[str, Any]]]) -> None:
    missed = [e["note"] for e in key["present"] if not any(matches(f, e) for f in findings)]
    wrong = [(f["message"], e["note"]) for f in findings for e in key["absent"] if matches(f, e)]
    unexpected = [f["message"] for f in findings if not any(matches(f, e) for e in key["present"])]
    assert (missed, wrong, unexpected) == ([], [], [])


def ingest(url: str, paths: list[Path]) -> Settings:
    settings = Settings(url)
    report = ledger.ingest_paths(settings, paths)
    assert report.count("failed") == 0, report.failed
    return settings


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The hand-made plans of 湖南省 in a SQLite file."""
    db = tmp_path_factory.mktemp("compare") / "ledger.db"
    return ingest(f"sqlite:///{db}", sorted(DATA.glob("*.txt")))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, Path]) -> Iterator[Settings]:
    db = tmp_path_factory.mktemp("seeds") / "ledger.db"
    yield ingest(f"sqlite:///{db}", list(seeds.values()))


def test_check_reports_the_hand_checked_findings_and_nothing_else(ledger_url: str) -> None:
    settings = ingest(ledger_url, sorted(DATA.glob("*.txt")))
    assert_findings(data(analysis.check_plans)(settings), expected("expected_findings.json"))
    # the other analyses read the same rows on either database
    view = data(analysis.compare_indicator)(settings, "学前教育毛入园率", "株洲")
    assert {s["region"] for s in view["series"]} == {"株洲市", "茶陵县"}
    covered = data(analysis.coverage_of)(settings, "hunan_province.txt")
    assert len(covered["summary"]) == 3


def test_blind_plans_give_their_key_s_findings(tmp_path: Path) -> None:
    """tests/data/blind_check: four 江西 plans and their key, written by an engineer who never
    saw the code nor ran it (the first run missed a goal with no figure, 力争到2026年所有县
    通过…国家认定, which deadlines_outside_period now reads)."""
    folder = DATA.parent / "blind_check"
    settings = ingest(f"sqlite:///{tmp_path / 'blind.db'}", sorted(folder.glob("*.txt")))
    key = json.loads((folder / "expected_findings.json").read_text(encoding="utf-8"))
    assert_findings(data(analysis.check_plans)(settings), key)


def test_every_finding_carries_quotes_and_offsets_of_both_sides(province: Settings) -> None:
    """A target weaker than two higher plans (茶陵县 below 株洲市 and 湖南省) is one finding
    naming both: the plan's own figure first, then each higher plan's."""
    findings = data(analysis.check_plans)(province)
    cascade = [f for f in findings if f["kind"] == "cascade_weaker"]
    assert cascade and all(len(f["evidence"]) >= 2 for f in cascade)
    for f in cascade:
        mine, *theirs = f["evidence"]
        assert mine["doc"] == f["doc"] and all(t["doc"] != f["doc"] for t in theirs)
        assert {t["role"] for t in theirs} == {"上级目标"}  # no figure repeated in these plans
        for ev in (mine, *theirs):
            assert ev["quote"] and ev["start"] < ev["end"]
    (chaling,) = [f for f in cascade if f["doc"] == "chaling_county.txt"]
    assert [t["doc"] for t in chaling["evidence"][1:]] == ["zhuzhou_city.txt", "hunan_province.txt"]
    assert all(f["confidence"] in ("high", "medium", "low") and f["reason"] for f in findings)


def test_check_of_one_document_keeps_the_higher_plans_in_view(province: Settings) -> None:
    findings = data(analysis.check_plans)(province, "zhuzhou_city.txt")
    assert {f["doc"] for f in findings} == {"zhuzhou_city.txt"}
    assert "cascade_weaker" in {f["kind"] for f in findings}


def test_checking_some_plans_finds_on_them_what_checking_all_does(province: Settings) -> None:
    whole = analysis.check_plans(province)
    for name in ("zhuzhou_city.txt", "hunan_province.txt"):  # a city's plan, the province's
        doc = next(f.document_id for f in whole if f.doc == name)
        some = analysis.check_plans(province, among=frozenset({doc}))
        assert some == [f for f in whole if f.document_id == doc] != []


def test_covering_some_higher_plans_gives_what_covering_all_does(province: Settings) -> None:
    whole = analysis.coverage_all(province)
    assert len(whole) >= 2  # the province's plan and a city's
    for view in whole:
        assert analysis.coverage_all(province, among=frozenset({view.higher.id})) == [view]
    assert analysis.coverage_all(province, among=frozenset()) == []


def test_coverage_marks_the_provincial_tasks_each_city_takes_up(province: Settings) -> None:
    view = data(analysis.coverage_of)(province, "hunan_province.txt")
    assert {s["lower"] for s in view["summary"]} == {
        "changsha_city.txt",
        "zhuzhou_city.txt",
        "xiangtan_city.txt",
    }
    statuses = {r["status"] for r in view["tasks"]}
    assert statuses <= {"covered", "partial", "not_covered"} and "covered" in statuses
    for row in view["tasks"]:  # each verdict but 未承接 cites the lower plan's words
        assert bool(row["cite_quote"] and row["cite_start"] is not None) == (
            row["status"] != "not_covered"
        )
        assert row["reason"] and row["confidence"] in ("high", "medium", "low")
    for total in view["task_totals"]:  # each provincial task, counted over the three cities
        assert total["lowers"] == 3
        assert total["covered"] + total["partial"] + total["not_covered"] == 3
    assert len(view["task_totals"]) * 3 == len(view["tasks"])
    weaker = {(t["lower"], t["indicator"]) for t in view["targets"] if t["verdict"] == "weaker"}
    assert ("zhuzhou_city.txt", "preschool_gross_enrolment_rate") in weaker


def test_unknown_indicator_and_region_are_chinese_errors(province: Settings) -> None:
    with pytest.raises(PlanWatchError, match="指标目录中没有「入园难」"):
        data(analysis.compare_indicator)(province, "入园难")
    with pytest.raises(PlanWatchError, match="没有名称含「火星」的行政区划"):
        data(analysis.compare_indicator)(province, "preschool_gross_enrolment_rate", "火星")


# --- the seeds ---------------------------------------------------------------------------


@pytest.mark.seeds
def test_seed_findings_are_the_hand_checked_ones(seeded: Settings) -> None:
    assert_findings(data(analysis.check_plans)(seeded), expected("expected_seed_findings.json"))


@pytest.mark.seeds
def test_nanning_preschool_target_is_consistent_with_guangxi(seeded: Settings) -> None:
    view = data(analysis.coverage_of)(seeded, "003_279badbb51f43453.txt")
    (row,) = [
        t
        for t in view["targets"]
        if t["indicator"] == "preschool_gross_enrolment_rate" and t["year"] == 2020
    ]
    assert (row["figure"], row["status"], row["verdict"]) == ("≥90%", "covered", "consistent")
    assert "学前三年毛入园率 ≥97%（2020年）" in row["matches"]


@pytest.mark.seeds
def test_coverage_of_the_eight_projects_of_seed_003_by_seed_001(seeded: Settings) -> None:
    view = data(analysis.coverage_of)(seeded, "003_279badbb51f43453.txt")
    sections = [s["section"] for s in view["sections"]]
    assert len(sections) == 8 and all(s.endswith("工程") for s in sections)
    by_section = {s["section"]: s["status"] for s in view["sections"]}
    assert by_section["（一）实施学前教育普及普惠工程"] == "covered"
    assert by_section["（七）实施教师队伍提质增量工程"] == "covered"
    assert by_section["（五）实施高等学校综合实力提升工程"] != "covered"  # 南宁 has two of four
    (summary,) = view["summary"]
    assert summary["tasks"] == 29
    assert summary["tasks_covered"] + summary["tasks_partial"] + summary["tasks_not_covered"] == 29


@pytest.mark.seeds
def test_seed_004_project_table_summed_by_level_and_district(seeded: Settings) -> None:
    rows = data(analysis.project_summary)(seeded, SEED_004)
    assert sum(r["projects"] for r in rows) == 101
    assert sum(r["seats"] for r in rows) == 114950
    by = {(r["level"], r["district"]): (r["projects"], r["seats"]) for r in rows}
    assert by[("幼儿园", "市直")] == (12, 5520)
    assert by[("小学", "灵山县")] == (15, 28950)
    levels = data(analysis.project_summary)(seeded, SEED_004, ["level"])
    assert {r["level"]: r["seats"] for r in levels}["高完中"] == 12300


@pytest.mark.seeds
def test_guangxi_preschool_timeline_runs_from_90_to_92_4(seeded: Settings) -> None:
    view = data(analysis.compare_indicator)(seeded, "preschool_gross_enrolment_rate", "广西")
    guangxi = next(s for s in view["series"] if s["region"] == "广西壮族自治区")
    points = [
        (p["year"], p["value"], [s["period"] for s in p["sources"]]) for p in guangxi["points"]
    ]
    assert points == [(2020, 90.0, ["2018—2020"]), (2023, 92.4, ["2021—2023"])]
    assert {s["region"] for s in view["series"]} >= {"南宁市", "柳州市", "钦州市"}


# --- the commands ------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_check_command_prints_a_chinese_table_and_saves_xlsx(
    province: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "核查.xlsx"
    result = run("check", "--db", province.database_url)
    assert result.exit_code == 0, result.output
    assert "下级目标低于上级" in result.output and "共 15 条发现" in result.output
    saved = run("check", "--db", province.database_url, "-o", str(out))
    assert saved.exit_code == 0 and f"已保存 {out}" in saved.output
    sheet = load_workbook(out)["核查发现"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["严重程度", "类型", "文件"]
    assert sheet.max_row == 16


def test_compare_command_gives_chart_ready_json_and_a_workbook_with_a_chart(
    province: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "对比.xlsx"
    args = ["compare", "--indicator", "学前教育毛入园率", "--db", province.database_url]
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert run(*args, "-o", str(out)).exit_code == 0
    view = json.loads(result.stdout)
    assert view["indicator"]["id"] == "preschool_gross_enrolment_rate"
    regions = [s["region"] for s in view["series"]]
    assert regions[0] == "湖南省" and "茶陵县" in regions
    book = load_workbook(out)
    assert book.sheetnames == ["学前教育毛入园率", "图表数据", "图表"]
    assert len(book["图表"]._charts) == 1


def test_coverage_command_lists_sections_and_tasks(province: Settings, tmp_path: Path) -> None:
    out = tmp_path / "承接.xlsx"
    args = ["coverage", "hunan_province.txt", "--lower", "changsha_city.txt"]
    result = run(*args, "--db", province.database_url)
    assert result.exit_code == 0, result.output
    assert "汇总" in result.output and "changsha_city.txt" in result.output
    assert "zhuzhou_city.txt" not in result.output
    assert run(*args, "--db", province.database_url, "-o", str(out)).exit_code == 0
    assert load_workbook(out).sheetnames == [
        "汇总",
        "章节（工程）",
        "各任务的承接情况",
        "任务",
        "目标",
    ]


def test_coverage_without_a_plan_covers_every_higher_plan(province: Settings) -> None:
    result = run("coverage", "--db", province.database_url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [v["higher"]["name"] for v in json.loads(result.stdout)] == [
        "hunan_province.txt",
        "zhuzhou_city.txt",
    ]


def test_output_of_an_unknown_kind_is_a_chinese_error(province: Settings, tmp_path: Path) -> None:
    result = run("check", "--db", province.database_url, "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 2
    assert "无法从文件名 a.docx 判断输出格式" in result.output
    assert not (tmp_path / "a.docx").exists()


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json", "xlsx"])
@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["compare", "--indicator", "学前教育毛入园率"],
        ["coverage", "hunan_province.txt"],
        ["projects", "zhuzhou_city.txt"],
        ["docs"],
        ["targets"],
        ["indicators"],
        ["show", "zhuzhou_city.txt"],
    ],
    ids=lambda c: c[0] if isinstance(c, list) else c,
)
def test_every_listing_writes_every_format(
    province: Settings, tmp_path: Path, command: list[str], fmt: str
) -> None:
    out = tmp_path / f"结果.{ {'table': 'txt'}.get(fmt, fmt) }"
    result = run(*command, "--db", province.database_url, "-o", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        assert load_workbook(out).sheetnames
    elif fmt in ("json", "jsonl"):
        text = out.read_text(encoding="utf-8")
        assert (
            [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else json.loads(text)
        )
    else:
        assert re.search("[\u4e00-\u9fff]", out.read_text(encoding="utf-8"))


def test_projects_command_sums_a_table(province: Settings) -> None:
    result = run("projects", "zhuzhou_city.txt", "--by", "level", "--db", province.database_url)
    assert result.exit_code == 0, result.output
    assert "学段" in result.output and "学位 7680 个" in result.output


def test_coverage_of_a_plan_no_plan_implements_is_a_chinese_error(province: Settings) -> None:
    with pytest.raises(PlanWatchError, match=re.escape("没有贯彻「changsha_city.txt」的下级规划")):
        data(analysis.coverage_of)(province, "changsha_city.txt")
    result = run("coverage", "changsha_city.txt", "--db", province.database_url)
    assert result.exit_code == 1 and "--lower" in result.stderr


def test_coverage_of_a_ledger_without_implementing_plans_says_so(tmp_path: Path) -> None:
    settings = ingest(f"sqlite:///{tmp_path / 'one.db'}", [DATA / "hunan_province.txt"])
    result = run("coverage", "--db", settings.database_url)
    assert result.exit_code == 0 and "没有被其他规划贯彻的文件" in result.output


def test_reading_a_missing_sqlite_ledger_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    typo = tmp_path / "台帐.db"
    result = run("check", "--db", f"sqlite:///{typo}")
    assert result.exit_code == 1 and "不存在" in result.stderr
    assert not typo.exists()


def test_a_plan_is_not_its_own_lower_plan(province: Settings) -> None:
    with pytest.raises(PlanWatchError, match="不能与自身对照"):
        data(analysis.coverage_of)(province, "hunan_province.txt", ["hunan_province.txt"])


def test_compare_takes_an_alias_and_tables_name_indicators_in_chinese(province: Settings) -> None:
    view = data(analysis.compare_indicator)(province, "学前三年毛入园率")
    assert view["indicator"]["id"] == "preschool_gross_enrolment_rate"
    result = run("check", "--db", province.database_url)
    assert "适龄残疾儿童少年义务教育入学率" in result.output
    assert "disabled_children_compulsory_enrolment_rate" not in result.output


def test_targets_of_a_region_include_the_plans_of_the_regions_below_it(province: Settings) -> None:
    query = ledger.TargetQuery(region="湖南", indicator="preschool_gross_enrolment_rate")
    regions = {row["region"] for row in data(ledger.query_targets)(province, query)}
    assert regions == {"湖南省", "长沙市", "株洲市", "湘潭市", "茶陵县"}
    below = ledger.TargetQuery(region="株洲市", indicator="preschool_gross_enrolment_rate")
    assert {row["region"] for row in data(ledger.query_targets)(province, below)} == {
        "株洲市",
        "茶陵县",
    }


def test_a_read_only_copy_of_the_ledger_can_be_checked(province: Settings) -> None:
    path = province.database_url.removeprefix("sqlite:///")
    read_only = Settings(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert len(data(analysis.check_plans)(read_only)) == len(data(analysis.check_plans)(province))
    assert len(ledger.list_documents(read_only)) == 5


def test_check_lists_only_findings_of_the_severity_asked_or_worse(province: Settings) -> None:
    result = run("check", "--severity", "严重", "--db", province.database_url, "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert findings and {f["severity"] for f in findings} == {"high"}
    every = data(analysis.check_plans)(province)
    assert len(data(analysis.check_plans)(province, at_least="warning")) == sum(
        f["severity"] != "info" for f in every
    )
