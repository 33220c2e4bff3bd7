"""CLI wiring of the ledger commands: one CliRunner test per command, Chinese errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import ledger as _ledger_commands  # noqa: F401 - registers the commands
from planwatch.cli.main import cli
from planwatch.services.extraction import read_document, sample_plan


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled(db: str) -> str:
    code, _out, err = run("ingest", str(sample_plan()), "--db", db)
    assert code == 0, err
    return db


def test_ingest_reports_a_chinese_summary_and_fails_on_a_bad_file(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"not a pdf")
    code, out, err = run("ingest", str(sample_plan()), str(bad), "--db", db)
    items = len(read_document(sample_plan()).items)
    assert code == 1
    assert f"新增 1 个文件、更新 0、未变 0、失败 1；指标项 {items} 条、任务 4 条" in out
    assert "坏.pdf" in err
    code, out, _err = run("ingest", str(sample_plan()), "--db", db)
    assert code == 0 and "未变 1" in out


def test_ingest_reads_the_database_url_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    code, _out, _err = run("ingest", str(sample_plan()))
    assert code == 0 and (tmp_path / "env.db").exists()


def test_docs_lists_documents_as_json(filled: str) -> None:
    code, out, _err = run("docs", "--db", filled, "--format", "json")
    [doc] = json.loads(out)
    assert code == 0
    assert doc["name"] == "sample_plan.txt" and doc["doc_number"] == "青政办发〔2024〕7号"
    assert doc["implements"][0]["title"] == "示范省教育事业发展“十四五”规划"


def test_show_prints_metadata_outline_items_and_tasks(filled: str) -> None:
    code, out, _err = run("show", "sample_plan.txt", "--db", filled)
    assert code == 0
    assert "文号：青政办发〔2024〕7号" in out
    assert "二 主要目标" in out or "二、主要目标" in out or "主要目标" in out
    assert "▸ 任务 1 实施公办幼儿园扩容工程（牵头单位：县教育局；配合单位：" in out
    assert "• 目标 学前三年毛入园率 ≥92%（2026年）" in out


def test_show_unknown_document_is_a_chinese_error(filled: str) -> None:
    code, _out, err = run("show", "没有的文件", "--db", filled)
    assert code == 1 and "台账中没有文件「没有的文件」" in err
    assert "Traceback" not in err


def test_targets_filters_by_kind_and_year_as_csv(filled: str) -> None:
    code, out, _err = run(
        "targets", "--kind", "baseline", "--year", "2023", "--format", "csv", "--db", filled
    )
    lines = out.strip().splitlines()
    assert code == 0
    assert lines[0].startswith("\ufeff文件,规划名称,地区,类型,指标,对象")  # BOM: Excel reads UTF-8
    assert len(lines) == 4 and all(",基数," in line for line in lines[1:])


def test_export_writes_the_xlsx_ledger(filled: str, tmp_path: Path) -> None:
    out_file = tmp_path / "台账.xlsx"
    code, out, _err = run("export", "--output", str(out_file), "--db", filled)
    assert code == 0 and out_file.stat().st_size > 0
    assert out.startswith(f"已导出 {out_file}：文件 1 个")


def test_bad_database_url_is_a_chinese_error() -> None:
    code, _out, err = run("docs", "--db", "nosuch+driver://x")
    assert code == 1 and "数据库地址无效" in err


def test_importing_the_cli_loads_no_database_or_excel_library() -> None:
    code = (
        "import sys, planwatch.cli.main, planwatch.cli.ledger;"
        "bad = [m for m in ('sqlalchemy', 'openpyxl', 'alembic', 'rich') if m in sys.modules];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_indicators_lists_the_catalog_with_linked_item_counts(filled: str) -> None:
    code, out, err = run("indicators", "--format", "json", "--db", filled)
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    linked = [i for i in read_document(sample_plan()).items if "毛入园率" in i.subject]
    assert rows["preschool_gross_enrolment_rate"]["items"] == len(linked) > 0
    assert rows["preschool_gross_enrolment_rate"]["name"] == "学前教育毛入园率"
    assert all(r["definition"] for r in rows.values())


def test_indicators_table_is_in_chinese(filled: str) -> None:
    code, out, _err = run("indicators", "--db", filled)
    assert code == 0
    assert "指标名称" in out and "越高越好" in out


def test_same_file_name_in_two_folders_is_two_documents(db: str, tmp_path: Path) -> None:
    text = sample_plan().read_text(encoding="utf-8")
    for folder, rate in (("a", "92%"), ("b", "95%")):
        (tmp_path / "p" / folder).mkdir(parents=True)
        (tmp_path / "p" / folder / "方案.txt").write_text(text.replace("92%", rate), "utf-8")
    folders = [str(tmp_path / "p" / "a"), str(tmp_path / "p" / "b")]
    code, out, err = run("ingest", *folders, "--db", db)
    assert code == 0, err
    assert "新增 2 个文件、更新 0、未变 0" in out
    code, out, _err = run("ingest", *folders, "--db", db)
    assert "新增 0 个文件、更新 0、未变 2" in out
    _code, out, _err = run("docs", "--db", db, "--format", "json")
    docs = json.loads(out)
    assert [(d["name"], d["path"]) for d in docs] == [
        ("方案.txt", "a/方案.txt"),
        ("方案.txt", "b/方案.txt"),
    ]


def _refused(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.startswith("错误：")


def test_a_text_file_as_database_is_a_chinese_error(tmp_path: Path) -> None:
    text = tmp_path / "x.txt"
    text.write_text("这不是数据库\n" * 200, encoding="utf-8")
    _refused(["docs", "--db", f"sqlite:///{text}"], "无法连接或使用数据库")


def test_a_database_of_an_unknown_schema_version_is_a_chinese_error(db: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999')"))
    engine.dispose()
    _refused(["docs", "--db", db], "结构版本")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("mysql://a@b/c", "只支持 SQLite 与 PostgreSQL", id="mysql"),
        pytest.param("sqlite:///", "内存数据库", id="in-memory"),
        pytest.param("sqlite://", "内存数据库", id="in-memory-short"),
        pytest.param("sqlite:///:memory:", "内存数据库", id="in-memory-named"),
    ],
)
def test_databases_that_cannot_hold_a_ledger_are_refused(url: str, message: str) -> None:
    _refused(["docs", "--db", url], message)


@pytest.mark.parametrize("ref", ["²", "99999999999999999999", "2147483648", "０"])
def test_show_odd_numbers_is_unknown_document(filled: str, ref: str) -> None:
    _refused(["show", ref, "--db", filled], f"台账中没有文件「{ref}」")


def test_targets_year_out_of_range_is_a_usage_error(filled: str) -> None:
    result = CliRunner().invoke(cli, ["targets", "--year", "99999999999999999999", "--db", filled])
    assert result.exit_code == 2 and "--year" in result.stderr


def test_ledger_and_extract_listings_share_one_word_per_kind(filled: str) -> None:
    _code, ledger_csv, _err = run("targets", "--format", "csv", "--db", filled)
    extract_csv = CliRunner().invoke(cli, ["extract", "--sample", "--format", "csv"]).stdout
    assert ledger_csv.splitlines()[0] == extract_csv.splitlines()[0]  # one set of columns
    kinds = {line.split(",")[3] for line in ledger_csv.splitlines()[1:]}
    assert kinds == {"目标", "基数"}
