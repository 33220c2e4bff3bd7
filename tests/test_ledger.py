"""Ingest: one transaction per document, idempotent, failures leave nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from planwatch.catalog import load_catalog
from planwatch.config import Settings
from planwatch.errors import DatabaseError, PlanWatchError
from planwatch.records import OrgUnit, Project, Reference
from planwatch.services import ledger
from planwatch.services.extraction import read_document, sample_plan
from planwatch.store import make_engine, upgrade_schema, writer
from planwatch.store.engine import session_scope
from planwatch.store.models import Base, DocumentRow, ItemRow

SMALL_PLAN = """{region}人民政府关于印发{title}的通知

{region_short}政发〔{year}〕{number}号

{title}

为贯彻落实《{parent}》，制定本方案。

一、主要目标
到2027年，学前三年毛入园率达到{rate}%以上，九年义务教育巩固率达到97%。

二、主要任务
1．扩大学位供给。新建{schools}所公办幼儿园，新增学位{seats}个。（牵头单位：{region_short}教育局；配合单位：{region_short}财政局）
"""


def write_plan(folder: Path, name: str, **fields: Any) -> Path:
    values = {
        "region": "白云县",
        "region_short": "白云县",
        "title": "白云县学前教育提升方案",
        "number": 3,
        "year": 2025,
        "parent": "示范省学前教育提升计划",
        "rate": 90,
        "schools": 6,
        "seats": 1800,
    }
    values.update(fields)
    path = folder / name
    path.write_text(SMALL_PLAN.format(**values), encoding="utf-8")
    return path


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, timestamps left out, in primary-key order."""
    engine = make_engine(url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name, table in Base.metadata.tables.items():
            cols = [c for c in table.columns if c.name not in ("ingested_at", "updated_at")]
            out[name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*table.primary_key))]
    engine.dispose()
    return out


def doc_rows(snap: dict[str, list[tuple[Any, ...]]], doc_id: int) -> dict[str, list[Any]]:
    """The rows of one document in a snapshot (document_id is the second column)."""
    return {
        name: [r for r in rows if r[1] == doc_id]
        for name, rows in snap.items()
        if name in ("items", "sections", "tasks", "projects", "plan_links")
    }


def statuses(report: ledger.IngestReport) -> dict[str, str]:
    return {o.path.name: o.status for o in report.outcomes}


def test_reingest_adds_no_rows(ledger_url: str, tmp_path: Path) -> None:
    settings = Settings(ledger_url)
    paths = [sample_plan(), write_plan(tmp_path, "白云县.txt")]
    first = ledger.ingest_paths(settings, paths)
    before = snapshot(ledger_url)
    second = ledger.ingest_paths(settings, paths)
    assert statuses(first) == {"sample_plan.txt": "added", "白云县.txt": "added"}
    assert statuses(second) == {"sample_plan.txt": "unchanged", "白云县.txt": "unchanged"}
    assert snapshot(ledger_url) == before
    assert len(before["items"]) == sum(len(read_document(p).items) for p in paths)


def test_an_ingest_leaves_the_planner_statistics_of_the_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    ledger.ingest_paths(Settings(url), [sample_plan(), write_plan(tmp_path, "白云县.txt")])
    engine = make_engine(url)
    with engine.connect() as conn:
        analyzed = {row[0] for row in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    engine.dispose()
    # without them SQLite reads every baseline through the index of items.kind (two values)
    assert {"items", "documents", "tasks"} <= analyzed


def test_ingested_items_are_grounded_in_the_stored_source(ledger_url: str) -> None:
    ledger.ingest_paths(Settings(ledger_url), [sample_plan()])
    engine = make_engine(ledger_url)
    with session_scope(engine) as s:
        source = s.scalars(select(DocumentRow.source)).one()
        items = s.execute(select(ItemRow.span_start, ItemRow.span_end, ItemRow.text)).all()
    engine.dispose()
    assert items and all(source[a:b] == t for a, b, t in items)


def test_changed_file_replaces_only_its_rows(ledger_url: str, tmp_path: Path) -> None:
    settings = Settings(ledger_url)
    shutil.copy(sample_plan(), tmp_path / "sample_plan.txt")
    small = write_plan(tmp_path, "白云县.txt")
    ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    before = snapshot(ledger_url)
    write_plan(tmp_path, "白云县.txt", rate=93.5)
    report = ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    after = snapshot(ledger_url)
    assert statuses(report) == {"sample_plan.txt": "unchanged", "白云县.txt": "updated"}
    ids = {name: i for i, name, *_ in after["documents"]}
    assert doc_rows(after, ids["sample_plan.txt"]) == doc_rows(before, ids["sample_plan.txt"])
    assert [r[0] for r in after["documents"]] == [r[0] for r in before["documents"]]
    values = [r[6] for r in after["items"] if r[1] == ids[small.name]]
    assert 93.5 in values and 90 not in values
    assert len(after["items"]) == len(before["items"])


def test_same_file_name_in_two_folders_stays_two_documents(ledger_url: str, tmp_path: Path) -> None:
    settings = Settings(ledger_url)
    folders = [tmp_path / "规划" / "a", tmp_path / "规划" / "b"]
    for n, folder in enumerate(folders):
        folder.mkdir(parents=True)
        write_plan(folder, "方案.txt", rate=90 + n, number=n + 1)

    def files() -> list[ledger.PlanFile]:
        return [ledger.plan_file(f / "方案.txt", f) for f in folders]

    first = ledger.ingest_paths(settings, files())
    before = snapshot(ledger_url)
    second = ledger.ingest_paths(settings, files())
    assert [o.status for o in first.outcomes] == ["added", "added"]
    assert [o.status for o in second.outcomes] == ["unchanged", "unchanged"]
    assert snapshot(ledger_url) == before
    write_plan(folders[1], "方案.txt", rate=96.5, number=2)
    third = ledger.ingest_paths(settings, files())
    after = snapshot(ledger_url)
    assert [o.status for o in third.outcomes] == ["unchanged", "updated"]
    a, b = (ledger.show_document(settings, f"{f.name}/方案.txt").document.id for f in folders)
    assert doc_rows(after, a) == doc_rows(before, a)
    assert 96.5 in [r[6] for r in after["items"] if r[1] == b]
    with pytest.raises(ledger.AmbiguousDocument, match=r"2 个文件都叫「方案\.txt」"):
        ledger.show_document(settings, "方案.txt")


def test_a_document_from_before_paths_is_claimed_not_duplicated(
    ledger_url: str, tmp_path: Path
) -> None:
    settings = Settings(ledger_url)
    plan = write_plan(tmp_path, "白云县.txt")
    ledger.ingest_paths(settings, [plan])
    engine = make_engine(ledger_url)
    with session_scope(engine) as s:  # as migration 0002 leaves a document: path = file name
        s.execute(update(DocumentRow).values(path=DocumentRow.name))
    engine.dispose()
    report = ledger.ingest_paths(settings, [plan])
    [doc] = ledger.list_documents(settings)
    assert statuses(report) == {"白云县.txt": "unchanged"}
    assert doc.path == plan.resolve().as_posix()


def _fail_fifth_item(monkeypatch: pytest.MonkeyPatch, doc_name: str) -> None:
    real = writer.item_row

    def failing(doc_id: int, seq: int, item: Any) -> dict[str, Any]:
        if item.doc == doc_name and seq == 4:
            raise PlanWatchError(f"{doc_name}：模拟写入第5个指标项时出错")
        return real(doc_id, seq, item)

    monkeypatch.setattr(writer, "item_row", failing)


def test_failure_mid_document_leaves_no_rows(
    ledger_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings(ledger_url)
    paths = [write_plan(tmp_path, "a.txt"), sample_plan(), write_plan(tmp_path, "c.txt", number=9)]
    _fail_fifth_item(monkeypatch, "sample_plan.txt")
    report = ledger.ingest_paths(settings, paths)
    assert statuses(report) == {"a.txt": "added", "sample_plan.txt": "failed", "c.txt": "added"}
    assert "模拟写入第5个指标项时出错" in report.failed[0].error
    snap = snapshot(ledger_url)
    assert sorted(r[1] for r in snap["documents"]) == ["a.txt", "c.txt"]
    assert {r[1] for r in snap["items"]} == {r[0] for r in snap["documents"]}
    assert {r[1] for r in snap["sections"]} == {r[0] for r in snap["documents"]}
    assert len(snap["items"]) == len(read_document(paths[0]).items) * 2


def test_failed_update_keeps_the_previous_rows(
    ledger_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings(ledger_url)
    shutil.copy(sample_plan(), tmp_path / "sample_plan.txt")
    ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    before = snapshot(ledger_url)
    text = (tmp_path / "sample_plan.txt").read_text(encoding="utf-8")
    (tmp_path / "sample_plan.txt").write_text(text.replace("92%", "95%"), encoding="utf-8")
    _fail_fifth_item(monkeypatch, "sample_plan.txt")
    report = ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    assert statuses(report) == {"sample_plan.txt": "failed"}
    assert snapshot(ledger_url) == before


def test_unreadable_file_is_reported_and_the_batch_goes_on(
    ledger_url: str,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "没有这个文件.txt"
    report = ledger.ingest_paths(Settings(ledger_url), [missing, sample_plan()])
    assert statuses(report) == {"没有这个文件.txt": "failed", "sample_plan.txt": "added"}
    assert "没有这个文件.txt" in report.failed[0].error
    assert report.summary().startswith("新增 1 个文件、更新 0、未变 0、失败 1；指标项 ")


def test_reference_resolves_when_the_higher_plan_arrives_later(
    ledger_url: str,
    tmp_path: Path,
) -> None:
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, [write_plan(tmp_path, "县.txt")])
    [doc] = ledger.list_documents(settings)
    assert doc.implements[0].title == "示范省学前教育提升计划"
    assert doc.implements[0].target_id is None
    parent = write_plan(
        tmp_path,
        "省.txt",
        region="示范省",
        region_short="示",
        title="示范省学前教育提升计划",
        parent="国家学前教育计划",
    )
    ledger.ingest_paths(settings, [parent])
    county = ledger.show_document(settings, "县.txt")
    province = ledger.show_document(settings, "省.txt")
    assert county.document.implements[0].target_id == province.document.id
    assert province.implemented_by == [
        Reference("白云县学前教育提升方案", "", county.document.id, "县.txt")
    ]


@pytest.mark.seeds
def test_seeds_ingested_twice_leave_the_same_rows(
    ledger_url: str,
    seeds: dict[str, Path],
) -> None:
    settings = Settings(ledger_url)
    first = ledger.ingest_paths(settings, list(seeds.values()))
    before = snapshot(ledger_url)
    second = ledger.ingest_paths(settings, list(seeds.values()))
    assert first.count("added") == 5 and second.count("unchanged") == 5
    assert snapshot(ledger_url) == before
    expected = sum(len(read_document(p).items) for p in seeds.values())
    assert len(before["items"]) == expected


@pytest.mark.seeds
def test_changing_one_seed_updates_only_its_rows(
    ledger_url: str,
    seeds: dict[str, Path],
    tmp_path: Path,
) -> None:
    for path in seeds.values():
        shutil.copy(path, tmp_path / path.name)
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    before = snapshot(ledger_url)
    changed = tmp_path / seeds["000"].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("92.4%", "93.1%"), "utf-8")
    report = ledger.ingest_paths(settings, sorted(tmp_path.glob("*.txt")))
    after = snapshot(ledger_url)
    assert report.count("updated") == 1 and report.count("unchanged") == 4
    ids = {name: i for i, name, *_ in after["documents"]}
    for name, doc_id in ids.items():
        if name != changed.name:
            assert doc_rows(after, doc_id) == doc_rows(before, doc_id), name
    values = [r[6] for r in after["items"] if r[1] == ids[changed.name]]
    assert 93.1 in values and 92.4 not in values


@pytest.mark.seeds
def test_seed_failure_mid_document_leaves_no_rows(
    ledger_url: str,
    seeds: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = seeds["002"].name
    _fail_fifth_item(monkeypatch, broken)
    report = ledger.ingest_paths(Settings(ledger_url), list(seeds.values()))
    assert [o.path.name for o in report.failed] == [broken]
    snap = snapshot(ledger_url)
    assert broken not in {r[1] for r in snap["documents"]}
    assert len(snap["documents"]) == 4
    for table in ("items", "sections", "tasks", "projects", "plan_links"):
        assert {r[1] for r in snap[table]} <= {r[0] for r in snap["documents"]}, table


@pytest.mark.seeds
def test_seed_plans_link_to_the_plans_they_implement(
    ledger_url: str,
    seeds: dict[str, Path],
    tmp_path: Path,
) -> None:
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, list(seeds.values()))
    docs = {d.name[:3]: d for d in ledger.list_documents(settings)}
    assert docs["003"].id in [x.target_id for x in docs["001"].implements]
    shown = ledger.show_document(settings, docs["003"].name)  # 001 names it twice
    assert [d.target_id for d in shown.implemented_by] == [docs["001"].id]
    pending = [x for x in docs["004"].implements if "十四五" in x.title]
    assert pending and pending[0].target_id is None
    parent = write_plan(
        tmp_path,
        "广西十四五.txt",
        region="广西壮族自治区",
        region_short="桂",
        title="广西教育事业发展“十四五”规划",
        parent="中国教育现代化2035",
    )
    ledger.ingest_paths(settings, [parent])
    docs = {d.name[:3]: d for d in ledger.list_documents(settings)}
    new_id = next(d.id for d in docs.values() if d.name == "广西十四五.txt")
    assert new_id in [x.target_id for x in docs["004"].implements]


@pytest.mark.seeds
def test_a_reference_resolves_by_the_doc_number_written_after_its_title(
    ledger_url: str, seeds: dict[str, Path], tmp_path: Path
) -> None:
    settings = Settings(ledger_url)
    parent = write_plan(
        tmp_path,
        "自治区规划.txt",
        region="广西壮族自治区",
        region_short="桂",
        year=2021,
        number=35,
        title="广西壮族自治区教育发展第十四个五年规划",
        parent="中国教育现代化2035",
    )
    ledger.ingest_paths(settings, [seeds["004"], parent])
    qinzhou = ledger.show_document(settings, seeds["004"].name)
    [link] = [x for x in qinzhou.document.implements if "十四五" in x.title]
    assert link.doc_number == "桂政发〔2021〕35号"
    assert link.target_id == ledger.show_document(settings, "自治区规划.txt").document.id


def test_items_keep_their_indicator_links(ledger_url: str) -> None:
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, [sample_plan()])
    doc = read_document(sample_plan())
    expected = {n: (i.indicator, i.link_evidence) for n, i in enumerate(doc.items) if i.indicator}
    rows = ledger.query_targets(settings, ledger.TargetQuery(doc="sample_plan.txt"))
    got = {n: (r.indicator, r.link_evidence) for n, r in enumerate(rows) if r.indicator}
    assert expected and got == expected
    by_indicator = ledger.query_targets(settings, ledger.TargetQuery(indicator="学前教育毛入园率"))
    assert {r.text for r in by_indicator} == {"88.5%", "92%"}


@pytest.mark.seeds
def test_seed_regions_and_task_bodies_resolve_to_org_units(
    ledger_url: str, seeds: dict[str, Path]
) -> None:
    regions = pytest.importorskip("planwatch.extract.regions")
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, [seeds["000"], seeds["004"]])
    doc = ledger.show_document(settings, seeds["004"].name)
    assert doc.document.org_unit_code == regions.resolve_region("钦州市").code
    engine = make_engine(ledger_url)
    with session_scope(engine) as s:
        from planwatch.store.models import OrgUnitRow, TaskUnitRow

        codes = s.scalars(
            select(TaskUnitRow.org_unit_code).where(TaskUnitRow.name == "自治区教育厅")
        ).all()
        units = s.scalar(select(OrgUnitRow.code).where(OrgUnitRow.code == "450700000000"))
    engine.dispose()
    assert codes and set(codes) == {"450000000000:教育厅"}
    assert units == "450700000000"


@pytest.mark.parametrize("ref", ["2147483648", "99999999999999999999", "²", "0"])
def test_ids_out_of_range_name_no_document(ledger_url: str, ref: str) -> None:
    settings = Settings(ledger_url)
    ledger.ingest_paths(settings, [sample_plan()])
    with pytest.raises(ledger.UnknownDocument):
        ledger.show_document(settings, ref)


@pytest.mark.parametrize("step", ["sync_indicators", "unresolved_links"])
def test_database_errors_around_the_files_are_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def broken(*_args: Any) -> None:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    monkeypatch.setattr(writer, step, broken)
    settings = Settings(f"sqlite:///{tmp_path / 'ledger.db'}")
    with pytest.raises(DatabaseError, match=r"写入台账失败.*disk I/O error"):
        ledger.ingest_paths(settings, [sample_plan()])


def test_listing_indicators_opens_the_ledger_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real = ledger.make_engine

    def counting(url: str, *args: Any) -> Any:
        opened.append(url)
        return real(url, *args)

    monkeypatch.setattr(ledger, "make_engine", counting)
    assert ledger.list_indicators(Settings(f"sqlite:///{tmp_path / 'ledger.db'}"))
    assert len(opened) == 1


def test_a_year_out_of_range_is_a_chinese_error(ledger_url: str) -> None:
    with pytest.raises(PlanWatchError, match=r"年份 .* 不在 1900—2100 之间"):
        ledger.query_targets(Settings(ledger_url), ledger.TargetQuery(year=10**20))


def test_long_names_from_the_text_fit_on_every_database(ledger_url: str, tmp_path: Path) -> None:
    long = "关于" + "教育" * 150 + "工作领导小组办公室"
    doc = read_document(write_plan(tmp_path, "长.txt"))
    doc.tasks[0].units = {"牵头单位": [long]}
    doc.meta.issuer = long
    body = OrgUnit(f"450000000000:{long}", long, "body", "450000000000")
    cell = "（" + "跨县区联合建设" * 20 + "）"
    project = Project(long, cell, cell, 1800.0, 2025, 2027, cell, cell)
    doc.projects, doc.units = [project], {long: body}
    engine = make_engine(ledger_url)
    upgrade_schema(engine)
    with session_scope(engine) as s:
        writer.ensure_org_units(s, [OrgUnit("450000000000", "广西壮族自治区", "province")])
        writer.sync_indicators(s, load_catalog())  # the items come linked to the catalog
        writer.save_document(s, doc, "0" * 64, "长.txt")
    engine.dispose()
    [task] = ledger.show_document(Settings(ledger_url), "长.txt").tasks
    assert task.units == {"牵头单位": [long]}
    with ledger.ledger_view(Settings(ledger_url)) as view:
        [row] = view.projects
    assert (row.district, row.level, row.ownership, row.mode) == (cell,) * 4
