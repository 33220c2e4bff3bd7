"""``planwatch user`` and ``planwatch publish`` on a real ledger: accounts are added over an
org unit of the ledger, a password is kept only as its argon2 hash and a token only as its
SHA-256 (printed once), a disabled account and a revoked token no longer open anything, and
publishing marks plans for anonymous visitors. Bad input is one Chinese line and exit 1."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from planwatch.cli.main import cli
from planwatch.config import Settings
from planwatch.services import accounts
from planwatch.services.web import WebLedger
from test_web_live import planwatch


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    found = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    planwatch("demo", "--no-serve", "--db", found)
    yield found


def run(url: str, *args: str, stdin: str = "") -> Result:
    return CliRunner().invoke(cli, [*args, "--db", url], input=stdin)


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_user_add_keeps_only_the_argon2_hash_of_the_password(url: str) -> None:
    done = run(
        url,
        "user",
        "add",
        "张三",
        "--role",
        "reporter",
        "--org",
        "阳朔县",
        "--password-stdin",
        stdin="very-secret-1\n",
    )
    assert done.exit_code == 0, done.output
    assert "已新增账户「张三」：填报人，阳朔县" in done.output
    [(stored, org)] = rows(
        url, "select password_hash, org_unit_code from accounts where name='张三'"
    )
    assert str(stored).startswith("$argon2") and "very-secret-1" not in str(stored)
    assert org == "450321000000"
    listed = run(url, "user", "list", "--format", "csv")
    assert "张三,填报人,阳朔县" in listed.output


def test_user_token_is_printed_once_and_only_its_digest_is_kept(url: str) -> None:
    run(url, "user", "add", "李四", "--role", "viewer", "--org", "桂林市")
    token = run(url, "user", "token", "李四").output.strip()
    assert token.startswith("pw_") and len(token) > 40
    digests = [r[0] for r in rows(url, "select digest from credentials where kind='token'")]
    assert hashlib.sha256(token.encode()).hexdigest() in digests
    assert all(token not in str(r) for r in rows(url, "select * from credentials"))
    web = WebLedger(Settings(url))
    try:
        assert accounts.visitor(web.read, "", token).account is not None
        assert run(url, "user", "revoke", "李四").exit_code == 0
        with pytest.raises(accounts.NotSignedIn):
            accounts.visitor(web.read, "", token)
    finally:
        web.close()


def test_a_disabled_account_cannot_log_in_and_its_role_can_change(url: str) -> None:
    run(
        url,
        "user",
        "add",
        "王五",
        "--role",
        "viewer",
        "--org",
        "桂林市",
        "--password-stdin",
        stdin="very-secret-2\n",
    )
    assert run(url, "user", "role", "王五", "supervisor").exit_code == 0
    assert rows(url, "select role from accounts where name='王五'") == [("supervisor",)]
    web = WebLedger(Settings(url))
    try:
        secret, _csrf = accounts.login(web.write, "王五", "very-secret-2", "10.0.0.1")
        assert accounts.visitor(web.read, secret, "").account is not None
        assert run(url, "user", "disable", "王五").exit_code == 0
        assert accounts.visitor(web.read, secret, "").account is None  # its session ended
        with pytest.raises(accounts.NotSignedIn):
            accounts.login(web.write, "王五", "very-secret-2", "10.0.0.2")
        assert run(url, "user", "disable", "王五", "--enable").exit_code == 0
        accounts.login(web.write, "王五", "very-secret-2", "10.0.0.3")
    finally:
        web.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "赵六", "--role", "reporter", "--org", "火星"), "没有单位或地区"),
        (("user", "add", "孙八", "--role", "viewer", "--org", "阳朔县"), "已存在"),
        (("user", "role", "没有的人", "viewer"), "没有名为"),
        (("user", "token", "没有的人"), "没有名为"),
        (("publish", "没有的规划"), "没有"),
    ],
)
def test_bad_account_commands_say_why_in_chinese(
    url: str, args: tuple[str, ...], message: str
) -> None:
    run(url, "user", "add", "孙八", "--role", "reporter", "--org", "阳朔县")
    done = run(url, *args)
    assert done.exit_code == 1 and message in done.output, done.output


def test_a_short_password_is_refused(url: str) -> None:
    done = run(
        url,
        "user",
        "add",
        "钱七",
        "--role",
        "viewer",
        "--org",
        "桂林市",
        "--password-stdin",
        stdin="short\n",
    )
    assert done.exit_code == 1 and "至少 8 个字符" in done.output
    assert rows(url, "select count(*) from accounts where name='钱七'") == [(0,)]


def test_publish_marks_plans_for_anonymous_visitors(url: str, tmp_path: Path) -> None:
    assert run(url, "publish", "--all", "--unpublish").exit_code == 0
    assert {r[0] for r in rows(url, "select published from documents")} == {0}
    done = run(url, "publish", "1", "2")
    assert done.exit_code == 0 and "2 个规划已公开" in done.output
    assert rows(url, "select id from documents where published order by id") == [(1,), (2,)]
    assert run(url, "publish").exit_code == 2  # neither plans nor --all
