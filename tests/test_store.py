"""The store: migrations build the schema from empty, the models match it, URLs are checked."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from planwatch.config import Settings, normalize_database_url
from planwatch.errors import PlanWatchError
from planwatch.store import make_engine, upgrade_schema
from planwatch.store.models import Base


def test_migrations_build_the_schema_the_models_describe(ledger_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(ledger_url)
    upgrade_schema(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diffs == []
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_upgrading_twice_changes_nothing(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    upgrade_schema(engine)
    upgrade_schema(engine)
    with engine.connect() as conn:
        version = conn.execute(text("select version_num from alembic_version")).scalar_one()
    engine.dispose()
    assert version == "0008"


def test_upgrading_a_filled_first_schema_keeps_every_row(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    upgrade_schema(engine, "0001")
    now = datetime(2025, 1, 1)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO org_units (code, name, level)"
                " VALUES ('450000000000', '广西', 'province')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO org_units (code, name, level, parent_code)"
                " VALUES ('450700000000', '钦州', 'city', '450000000000')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO documents (id, name, sha256, fmt, encoding, title, doc_number,"
                " issuer, issue_date, region, level, org_unit_code, source, ingested_at,"
                " updated_at) VALUES (1, '方案.txt', 'abc', 'txt', 'utf-8', '方案', '', '', '',"
                " '广西', '省', '450000000000', '达到92%', :now, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO items (document_id, seq, span_start, span_end, text, value, unit,"
                " kind, relation, subject, section, task_label, quote, link_evidence)"
                " VALUES (1, 0, 2, 5, '92%', 92, '%', 'target', '>=', '', '', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO tasks (id, document_id, seq, label, title, span_start, span_end)"
                " VALUES (1, 1, 0, '1', '任务', 0, 5)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO task_units (task_id, seq, role, name, org_unit_code)"
                " VALUES (1, 0, '牵头单位', '自治区教育厅', '450000000000')"
            )
        )
    upgrade_schema(engine)
    with engine.connect() as conn:
        docs = conn.execute(text("select name, path, org_unit_code from documents")).all()
        counts = [
            conn.execute(text(f"select count(*) from {t}")).scalar_one()
            for t in ("items", "tasks", "task_units", "org_units")
        ]
        paths = dict(conn.execute(text("select code, path from org_units")).all())
    engine.dispose()
    assert [tuple(d) for d in docs] == [("方案.txt", "方案.txt", "450000000000")]
    assert counts == [1, 1, 1, 3]  # every row kept, and the nation (0006) added above them
    assert paths == {  # 0007: each unit's path from the nation down
        "000000000000": "000000000000/",
        "450000000000": "000000000000/450000000000/",
        "450700000000": "000000000000/450000000000/450700000000/",
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("postgres://u@h/db", "postgresql+psycopg://u@h/db", id="heroku-scheme"),
        pytest.param("postgresql://u@h/db", "postgresql+psycopg://u@h/db", id="plain-scheme"),
        pytest.param("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db", id="kept"),
        pytest.param("台账.db", "sqlite:///台账.db", id="bare-path"),
        pytest.param("sqlite:///x.db", "sqlite:///x.db", id="sqlite"),
    ],
)
def test_database_urls_are_normalized_for_our_drivers(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected
    assert Settings(given).database_url == expected


def test_settings_take_db_option_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PLANWATCH_DATABASE_URL", raising=False)
    assert Settings.load().database_url == "sqlite:///planwatch.db"
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", "postgres://u@h/env")
    assert Settings.load().database_url == "postgresql+psycopg://u@h/env"
    assert Settings.load("sqlite:///opt.db").database_url == "sqlite:///opt.db"


def test_bad_database_url_is_a_chinese_error() -> None:
    with pytest.raises(PlanWatchError, match="数据库地址无效"):
        make_engine("nosuchdb+driver://x/y")


def test_unreachable_database_is_a_chinese_error() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(PlanWatchError, match="无法连接"):
        upgrade_schema(engine)


def test_the_head_revision_the_engine_knows_is_alembic_s() -> None:
    from alembic.script import ScriptDirectory

    from planwatch.store.engine import _alembic_config
    from planwatch.store.migrations import HEAD

    assert ScriptDirectory.from_config(_alembic_config(None)).get_current_head() == HEAD
