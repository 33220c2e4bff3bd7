"""Who is asking, and may they: the session cookie or the bearer token read once per request,
the read gate (anonymous visitors see published plans only; an account its region), and the
CSRF check of every form and of every cookie-authenticated write."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import Response

from planwatch.errors import Forbidden, NotSignedIn, PlanWatchError
from planwatch.records import Account
from planwatch.services import accounts
from planwatch.services import web as views

SESSION_COOKIE = "planwatch_session"
LOGIN_CSRF_COOKIE = "planwatch_login_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# Pages and API answers listing plans: filtered to what the visitor may read.
LISTINGS = ("/", "/plans", "/api/documents", "/api/plans", "/downloads", "/api/reports")
# Pages of no plan's content: the indicator catalog and the schema.
OPEN = ("/indicators", "/api/indicators", "/openapi.json")


def ledger(request: Request) -> views.WebLedger:
    found: views.WebLedger = request.app.state.ledger
    return found


def visitor(request: Request) -> accounts.Visitor:
    """The request's visitor, read once: a bearer token (refused if unknown or revoked), else
    the session cookie (an ended session is anonymous), else anonymous."""
    found: accounts.Visitor | None = getattr(request.state, "visitor", None)
    if found is None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if header and scheme.lower() != "bearer":
            raise NotSignedIn("Authorization 只接受 Bearer 接口令牌")
        cookie = request.cookies.get(SESSION_COOKIE, "")
        found = accounts.visitor(ledger(request).read, cookie[:200], token.strip()[:200])
        request.state.visitor = found
    return found


def account(request: Request, *roles: str) -> Account:
    """The visitor's account, having one of ``roles``; else 401 or 403."""
    return accounts.require(visitor(request), *roles)


def may_read(who: Account | None, published: bool, path: str) -> bool:
    """A plan is read by anyone when published, else by an admin or an account of its region
    or above it (a 督导 of 桂林 reads 阳朔's plan)."""
    if published or (who is not None and who.role == "admin"):
        return True
    return who is not None and bool(path) and path.startswith(who.region_path)


def visible(request: Request) -> frozenset[int] | None:
    """The plans the visitor may read (None: every plan)."""
    who = visitor(request).account
    if who is not None and who.role == "admin":
        return None
    access = views.document_access(ledger(request))
    return frozenset(d for d, (pub, path) in access.items() if may_read(who, pub, path))


def audience(request: Request) -> str:
    """What a kept page depends on: who may read which plans."""
    who = visitor(request).account
    if who is None:
        return "public"
    return "all" if who.role == "admin" else f"region:{who.region_path}"


def _document_of(request: Request) -> int | None:
    raw = str(request.path_params.get("doc_id", ""))
    if raw:
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
    plan = request.query_params.get("plan")
    if plan and request.url.path in ("/api/status", "/api/evaluations"):
        try:
            return views.plan_id(ledger(request), plan[:300])
        except PlanWatchError:
            return None  # the route itself says the plan is unknown
    return None


def gate(request: Request) -> None:
    """The read gate of every page, answer and download: a plan the visitor may not read is
    refused (401 anonymous, 403 signed in); a listing is filtered; a view across plans
    (search, comparisons, regions, findings, the whole ledger's downloads …) is open only to
    a visitor who may read every plan (anonymous: while every plan is published)."""
    who = visitor(request).account
    path = request.url.path
    doc_id = _document_of(request)
    if doc_id is not None:
        found = views.document_access(ledger(request)).get(doc_id)
        if found is not None and not may_read(who, *found):
            if who is None:
                raise NotSignedIn("该规划尚未公开，请登录后查看")
            raise Forbidden(f"账户「{who.name}」无权查看该规划（不在其地区范围内，且未公开）")
        return
    if path in LISTINGS or path in OPEN:
        return
    access = views.document_access(ledger(request))
    if all(may_read(who, *found) for found in access.values()):
        return
    if who is None:
        raise NotSignedIn("部分规划尚未公开：跨规划的汇总、对比与搜索请登录后查看")
    raise Forbidden(f"跨规划的汇总含有账户「{who.name}」无权查看的未公开规划，请按规划查看")


# --- CSRF -------------------------------------------------------------------------------------


def check_csrf(request: Request, sent: str | None) -> None:
    """A write made with the session cookie must carry that session's form token (a form
    field, or the X-CSRF-Token header); a bearer token needs none (no browser sends it)."""
    who = visitor(request)
    if who.via_token or who.account is None:
        return
    given = sent or request.headers.get(CSRF_HEADER, "")
    if not given or not secrets.compare_digest(given.encode(), who.csrf.encode()):
        raise Forbidden("表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重试")


def secure(request: Request) -> bool:
    """Cookies are Secure when the app is reached over https."""
    return request.url.scheme == "https"


def set_session(response: Response, request: Request, secret: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=accounts.SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure(request),
        path="/",
    )


def login_token(request: Request) -> str:
    """The login form's token: the double-submit cookie's value (a new one if absent)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE, "")[:100] or secrets.token_urlsafe(32)


def set_login_token(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure(request), path="/"
    )
