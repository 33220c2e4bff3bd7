"""Use cases of accounts: users and roles, passwords (argon2), API tokens, browser sessions,
the login rate limit, publishing plans, and what an account may read."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from planwatch.config import Settings
from planwatch.errors import Forbidden, NotSignedIn, PlanWatchError, TooManyAttempts
from planwatch.records import ROLES, Account
from planwatch.services.ledger import read_ledger, resolve_doc, write_ledger
from planwatch.store import accounts as store

# Runs work(session) in one transaction of the app's ledger (WebLedger.read / .write).
Runner = Callable[[Callable[[Any], Any]], Any]
SESSION_HOURS = 12
# Failed logins allowed within the window before every try is refused, even a right one.
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
MIN_PASSWORD = 8
TOKEN_PREFIX = "pw_"


class UnknownAccount(PlanWatchError):
    def __init__(self, name: str) -> None:
        super().__init__(f"没有名为「{name[:100]}」的账户")


def digest(secret: str) -> str:
    """What is stored of a token or a session: its SHA-256 (the secret is shown once)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_role(role: str) -> str:
    if role not in ROLES:
        raise PlanWatchError(f"角色「{role[:20]}」无效：可选 {'、'.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PlanWatchError(f"密码至少 {MIN_PASSWORD} 个字符")
    return password


# --- users (planwatch user …) -----------------------------------------------------------------


def add_user(settings: Settings, name: str, role: str, org: str, password: str = "") -> Account:
    """A new account over the org unit ``org`` (code or exact name); without a password it
    can use API tokens only."""
    name = name.strip()
    if not 0 < len(name) <= 100:
        raise PlanWatchError("账户名应为 1—100 个字符")
    check_role(role)
    hashed = _hasher().hash(check_password(password)) if password else ""

    def run(session: Any) -> Account:
        if store.account_named(session, name) is not None:
            raise PlanWatchError(f"账户「{name}」已存在")
        unit = store.find_unit(session, org.strip())
        if unit is None:
            raise PlanWatchError(f"台账中没有单位或地区「{org[:100]}」（名称或 12 位代码）")
        store.add_account(session, name, role, unit.code, hashed, datetime.now())
        found = store.account_named(session, name)
        assert found is not None
        return found

    account: Account = write_ledger(settings, run)
    return account


def _change(settings: Settings, name: str, **values: Any) -> None:
    def run(session: Any) -> None:
        if not store.change_account(session, name, **values):
            raise UnknownAccount(name)
        if values.get("disabled"):
            store.revoke_credentials(session, account=name, kind="session")

    write_ledger(settings, run)


def set_role(settings: Settings, name: str, role: str) -> None:
    _change(settings, name, role=check_role(role))


def set_disabled(settings: Settings, name: str, disabled: bool = True) -> None:
    """Disable (or enable) an account: its sessions end, its tokens stop working."""
    _change(settings, name, disabled=disabled)


def set_password(settings: Settings, name: str, password: str) -> None:
    _change(settings, name, password_hash=_hasher().hash(check_password(password)))


def list_users(settings: Settings) -> list[Account]:
    found: list[Account] = read_ledger(settings, store.list_accounts)
    return found


def issue_token(settings: Settings, name: str) -> str:
    """A new API token of the account: returned once, only its digest is kept."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)

    def run(session: Any) -> None:
        account = store.account_named(session, name)
        if account is None:
            raise UnknownAccount(name)
        store.add_credential(session, account, "token", digest(secret), datetime.now())

    write_ledger(settings, run)
    return secret


def revoke_tokens(settings: Settings, name: str, token: str | None = None) -> int:
    """Revoke one token of the account (given), or all its tokens; how many were live."""

    def run(session: Any) -> int:
        if store.account_named(session, name) is None:
            raise UnknownAccount(name)
        key = digest(token) if token else None
        return store.revoke_credentials(session, key, account=name, kind="token")

    count: int = write_ledger(settings, run)
    return count


def publish(settings: Settings, plans: list[str] | None, published: bool = True) -> list[int]:
    """Mark plans published (anonymous visitors see them) or not, every plan for None, in one
    transaction; their ids."""

    def run(session: Any) -> list[int]:
        if plans is None:
            ids = sorted(store.access_map(session))
        else:
            ids = [resolve_doc(session, plan) for plan in plans]
        for doc_id in ids:
            store.set_published(session, doc_id, published)
        return ids

    found: list[int] = write_ledger(settings, run)
    return found


# --- the web app's gate -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who sent a request: an account (or None, anonymous) and its session's form token."""

    account: Account | None = None
    csrf: str = ""
    via_token: bool = False


ANONYMOUS = Visitor()


def visitor(read: Runner, session_secret: str, token: str) -> Visitor:
    """The visitor of a request: the bearer token's account, else the session cookie's; a
    token or cookie that is unknown, revoked, expired or of a disabled account is refused."""
    now = datetime.now()
    if token:
        found = read(lambda s: store.credential_holder(s, "token", digest(token), now))
        if found is None:
            raise NotSignedIn("接口令牌无效、已撤销或账户已停用")
        return Visitor(found[0], "", via_token=True)
    if session_secret:
        found = read(lambda s: store.credential_holder(s, "session", digest(session_secret), now))
        if found is not None:
            return Visitor(found[0], found[1])
    return ANONYMOUS


def login(write: Runner, name: str, password: str, address: str) -> tuple[str, str]:
    """Check a password and open a session: (session secret, form token). Refused with
    TooManyAttempts once the account or the address has failed too often in the window, and
    with NotSignedIn for a wrong name or password (the same words for both)."""
    now = datetime.now()
    keys = [f"account:{name[:100]}", f"address:{address}"]

    def limited(session: Any) -> bool:
        since = now - FAILURE_WINDOW
        return (
            store.failures_since(session, keys[0], since) >= MAX_FAILURES_PER_ACCOUNT
            or store.failures_since(session, keys[1], since) >= MAX_FAILURES_PER_ADDRESS
        )

    if write(limited):
        raise TooManyAttempts("登录失败次数过多，请 15 分钟后再试")
    hashed: str = write(lambda s: store.password_hash(s, name)) or ""
    if not _verified(hashed, password):
        write(lambda s: store.add_failures(s, keys, now))
        raise NotSignedIn("账户名或密码错误")
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)

    def open_session(session: Any) -> None:
        account = store.account_named(session, name)
        if account is None or account.disabled:
            raise NotSignedIn("账户名或密码错误")
        store.clear_failures(session, keys[0])
        expires = now + timedelta(hours=SESSION_HOURS)
        store.add_credential(session, account, "session", digest(secret), now, expires, csrf)

    write(open_session)
    return secret, csrf


def _verified(hashed: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    if not hashed:
        _hasher().hash(password or "-")  # as slow as a real check: no name is told apart
        return False
    try:
        return bool(_hasher().verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


def account_named(read: Runner, name: str) -> Account | None:
    found: Account | None = read(lambda s: store.account_named(s, name))
    return found


def logout(write: Runner, session_secret: str) -> None:
    """End the session: its cookie is refused from now on, even if replayed."""
    if session_secret:
        write(lambda s: store.revoke_credentials(s, digest(session_secret), kind="session"))


def require(visitor: Visitor, *roles: str) -> Account:
    """The visitor's account if it has one of the roles; else NotSignedIn or Forbidden."""
    if visitor.account is None:
        raise NotSignedIn()
    if roles and visitor.account.role not in roles:
        names = "、".join(ROLES[r] for r in roles)
        raise Forbidden(
            f"账户「{visitor.account.name}」（{visitor.account.role_name}）无权这样做：需要{names}"
        )
    return visitor.account
