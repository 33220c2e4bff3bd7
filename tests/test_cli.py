"""The CLI is thin wiring: every format and every --what of `extract`, Chinese help, usage errors.

Rule: `planwatch extract --sample` prints the service's records in the chosen format
(jsonl records carry the SPEC fields and point at their source characters; csv and
table have Chinese headers); every command explains itself in Chinese; a call
without files is a usage error (exit 2) with a Chinese message.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from planwatch.cli.main import cli
from planwatch.services.extraction import sample_plan

SPEC_FIELDS = {
    "doc", "start", "end", "text", "value", "value_max", "unit", "kind", "relation", "year",
    "subject",
}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")
SAMPLE = sample_plan().name


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def records(*args: str) -> list[dict[str, Any]]:
    result = run("extract", "--sample", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_prints_one_spec_record_per_item_and_nothing_else() -> None:
    items = records()
    assert len(items) >= 10
    for item in items:
        assert SPEC_FIELDS <= item.keys()
        assert item["doc"] == SAMPLE
        assert item["kind"] in ("target", "baseline")
        assert item["relation"] in (">=", "<=", "~", "=")
        assert isinstance(item["value"], float | int)


def test_jsonl_offsets_point_at_the_text_in_the_sample_file() -> None:
    source = sample_plan().read_text(encoding="utf-8")
    for item in records():
        assert source[item["start"] : item["end"]] == item["text"]


def test_jsonl_items_of_the_sample_include_its_stated_targets() -> None:
    found = {(r["text"], r["unit"], r["kind"], r["year"]) for r in records()}
    assert ("92%", "%", "target", 2026) in found
    assert ("8所", "所", "target", 2026) in found
    assert ("88.5%", "%", "baseline", 2023) in found


def test_json_is_one_array_of_the_same_records_as_jsonl() -> None:
    result = run("extract", "--sample", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == records()


def test_csv_has_chinese_headers_and_one_row_per_item() -> None:
    result = run("extract", "--sample", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")  # so that Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    header = rows[0]
    for name in (
        "文件",
        "起（字符）",
        "止（字符）",
        "原文数字",
        "数值",
        "上限",
        "单位",
        "类型",
        "关系",
        "年份",
        "对象",
    ):
        assert name in header
    assert len(rows) - 1 == len(records())
    kinds = {row[header.index("类型")] for row in rows[1:]}
    assert kinds <= {"目标", "基数"}


def test_table_prints_the_title_and_an_aligned_chinese_header() -> None:
    result = run("extract", "--sample", "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"【{SAMPLE}】") and "三年行动计划" in lines[0]
    assert "原文" in lines[1] and "数值" in lines[1]
    assert set(lines[2]) <= {"-", " "}
    assert len(lines) == 3 + len(records())


def test_what_meta_gives_the_document_number_and_period() -> None:
    (meta,) = records("--what", "meta")
    assert meta["doc"] == SAMPLE
    assert meta["doc_number"] == "青政办发〔2024〕7号"
    assert (meta["period_start"], meta["period_end"]) == (2024, 2026)


def test_what_tasks_gives_numbered_tasks_with_their_units() -> None:
    tasks = records("--what", "tasks")
    assert tasks
    first = tasks[0]
    assert first["lead"] == ["县教育局"]
    assert "县财政局" in first["cooperating"]
    source = sample_plan().read_text(encoding="utf-8")
    assert first["title"] in source[first["start"] : first["end"]]


def test_what_outline_gives_headings_with_levels_and_source_spans() -> None:
    outline = records("--what", "outline")
    source = sample_plan().read_text(encoding="utf-8")
    assert [s["label"] for s in outline if s["level"] == 1][:3] == ["一", "二", "三"]
    for section in outline:
        assert section["title"] in source[section["start"] : section["end"]]


def test_what_all_gives_meta_outline_tasks_items_and_tables_in_one_object() -> None:
    result = run("extract", "--sample", "--what", "all", "--format", "json")
    assert result.exit_code == 0
    (view,) = json.loads(result.stdout)
    assert {"meta", "outline", "tasks", "items", "tables"} <= view.keys()
    assert view["items"] == records()


@pytest.mark.parametrize("what", ["items", "tasks", "outline", "meta", "all"])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_every_what_renders_in_every_format(what: str, fmt: str) -> None:
    result = run("extract", "--sample", "--what", what, "--format", fmt)
    if what == "all" and fmt in ("csv", "table"):  # a whole document is no table: said so
        assert result.exit_code == 2 and "只能输出为 json 或 jsonl" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert CJK.search(result.stdout)
    assert result.stderr == ""


def commands(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Command]]:
    """Every command below a group, with its full name."""
    found: list[tuple[str, click.Command]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        found.append((f"{ctx.command_path} {name}", command))
        if isinstance(command, click.Group):
            found += commands(command, click.Context(command, info_name=name, parent=ctx))
    return found


ROOT = click.Context(cli, info_name="planwatch")
ALL_COMMANDS = [("planwatch", cli), *commands(cli, ROOT)]


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS])
def test_every_command_has_chinese_help(path: str) -> None:
    result = run(*path.split()[1:], "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    description = result.stdout.split("Options:")[0]
    assert CJK.search(description), result.stdout


def own_options() -> list[tuple[str, click.Option]]:
    """Options the commands declare (not click's generated --help)."""
    return [
        (f"{path} {param.opts[-1]}", param)
        for path, command in ALL_COMMANDS
        for param in command.params
        if isinstance(param, click.Option) and "--help" not in param.opts
    ]


@pytest.mark.parametrize("name", [n for n, _ in own_options()])
def test_every_option_is_explained_in_chinese(name: str) -> None:
    option = dict(own_options())[name]
    assert option.help and CJK.search(option.help)


def test_no_arguments_is_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2
    assert CJK.search(result.output)


def test_extract_without_files_is_a_usage_error_in_chinese() -> None:
    result = run("extract")
    assert result.exit_code == 2
    assert "没有找到规划文件" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error() -> None:
    result = run("extract", "--sample", "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_json_and_csv_of_several_files_are_one_document(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text(sample_plan().read_text(encoding="utf-8"), encoding="utf-8")
    args = ["extract", str(sample_plan()), str(second)]
    rows = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    assert {r["doc"] for r in rows} == {sample_plan().name, "second.txt"}
    csv_out = CliRunner().invoke(cli, [*args, "--format", "csv"]).stdout
    assert csv_out.count("文件,") == 1


def test_word_lock_files_and_readme_in_a_folder_are_not_plans(tmp_path: Path) -> None:
    (tmp_path / "~$方案.docx").write_bytes(b"\x00lock")
    (tmp_path / "README.md").write_text("本文件夹收录湘政发〔2021〕12号等规划，达到92%。", "utf-8")
    (tmp_path / "方案.txt").write_text(sample_plan().read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {"方案.txt"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["show"], "缺少参数"),
        (["targets", "--year", "abc"], "不是整数"),
        (["extract", "--nope"], "没有这个选项"),
    ],
)
def test_usage_errors_are_in_chinese(args: list[str], words: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert words in result.stderr and "Error" not in result.stderr
