"""The pages of accounts: login and logout, the reporter's form (one per period) and upload,
the 督导's review, and the audit log with its downloads. Every form carries its CSRF token."""

from __future__ import annotations

import dataclasses
import secrets
import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.errors import Conflict, Forbidden, ImportRefused, PlanWatchError
from planwatch.present.render import View
from planwatch.present.tracking import audit_columns, listing_view
from planwatch.services import accounts, entry
from planwatch.web import auth
from planwatch.web.downloads import file_response
from planwatch.web.render import render_page
from planwatch.web.write_api import AuditFilters

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
MAX_ID = 2**31 - 1
MAX_UPLOAD = 16 * 1024 * 1024
MAX_ROWS = 500  # rows of one form
Text = Annotated[str, Form(max_length=200)]
HOME_OF = {"reporter": "/entry", "supervisor": "/review", "admin": "/audit", "viewer": "/plans"}


def page(template: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    who = auth.visitor(request)
    html = render_page(template, account=who.account, csrf=who.csrf, **context)
    return HTMLResponse(html, status, headers={"cache-control": "no-store"})


# --- login and logout -------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, message: str = "", status: int = 200) -> Response:
    token = auth.login_token(request)
    html = render_page("login.html", account=None, csrf=token, message=message)
    response = HTMLResponse(html, status, headers={"cache-control": "no-store"})
    auth.set_login_token(response, request, token)
    return response


@router.post("/login")
def login(
    request: Request,
    name: Text = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Text = "",
) -> Response:
    expected = request.cookies.get(auth.LOGIN_CSRF_COOKIE, "")
    if not expected or not csrf or not secrets.compare_digest(csrf.encode(), expected.encode()):
        return login_form(request, "表单已失效（CSRF 校验未通过），请重新登录", 403)
    address = request.client.host if request.client else "?"
    try:
        secret, _csrf = accounts.login(auth.ledger(request).write, name, password, address)
    except PlanWatchError as exc:
        from planwatch.web.app import status_of

        return login_form(request, str(exc), status_of(exc))
    who = accounts.account_named(auth.ledger(request).read, name)
    response = RedirectResponse(HOME_OF.get(who.role if who else "", "/"), status_code=303)
    auth.set_session(response, request, secret)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Text = "") -> Response:
    auth.check_csrf(request, csrf)
    accounts.logout(auth.ledger(request).write, request.cookies.get(auth.SESSION_COOKIE, ""))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# --- the reporter's form ------------------------------------------------------------------------


def _period(text: str | None) -> str:
    return (text or str(date.today().year - 1))[:20]


@router.get("/entry")
def entry_form(
    request: Request, period: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    who = auth.account(request, *entry.WRITERS)
    view = entry.entry_view(auth.ledger(request).read, who, _period(period))
    return page("entry.html", request, view=view, problems={}, message="")


@router.post("/entry")
async def entry_save(request: Request) -> Response:
    """The form of one period: each target's value, source and note; saved as drafts, or
    submitted; refused as a whole with every row's reason beside it."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return _entry_save(request, fields)


def _entry_save(request: Request, form: dict[str, str]) -> Response:
    who = auth.account(request, *entry.WRITERS)
    auth.check_csrf(request, form.get("csrf", ""))
    period = _period(form.get("period"))
    status = "submitted" if form.get("action") == "submit" else "draft"
    items, entries = [], []
    for key, value in list(form.items())[: MAX_ROWS * 4]:
        if not key.startswith("value_") or not value.strip():
            continue
        item = key.removeprefix("value_")[:12]
        items.append(item)
        entries.append(
            entry.Entry(
                item=item,
                region=form.get(f"region_{item}", "")[:20],
                period=period,
                value=value[:100],
                source=form.get(f"source_{item}", "")[:2000],
                note=form.get(f"note_{item}", "")[:2000],
            )
        )
    web = auth.ledger(request)
    problems: dict[str, list[str]] = {}
    message, code = "", 200
    try:
        if not entries:
            raise PlanWatchError("没有填写任何数值")
        saved = entry.save_entries(
            web.write, who, entry.entry_file(entries, "表单"), status, "person"
        )
        message = f"已{'报送' if status == 'submitted' else '保存草稿'} {len(saved)} 条"
    except ImportRefused as exc:
        for p in exc.problems:
            item = items[p.row - 1] if 0 < p.row <= len(items) else ""
            problems.setdefault(item, []).append(f"「{p.column}」{p.reason}")
        message, code = "有数据不符合填报规则，未保存任何数据；请按提示改正", 422
    except (Forbidden, Conflict) as exc:
        from planwatch.web.app import status_of

        message, code = str(exc), status_of(exc)
    except PlanWatchError as exc:
        message, code = str(exc), 400
    view = entry.entry_view(web.read, who, period)
    values = {i: form.get(f"value_{i}", "") for i in items}
    return page(
        "entry.html", request, code, view=view, problems=problems, message=message, values=values
    )


@router.post("/entry/upload")
async def entry_upload(
    request: Request, file: UploadFile, csrf: Text = "", action: Text = "draft"
) -> Response:
    """A filled template or csv, checked as ``planwatch import`` checks it."""
    who = auth.account(request, *entry.WRITERS)
    auth.check_csrf(request, csrf)
    data = await file.read(MAX_UPLOAD + 1)
    name = FilePath(file.filename or "上传.csv").name[:100]
    status = "submitted" if action == "submit" else "draft"
    refused: list[str] = []
    message, code = "", 200
    try:
        if len(data) > MAX_UPLOAD:
            raise PlanWatchError("文件超过 16 MB")
        with tempfile.TemporaryDirectory() as folder:
            path = FilePath(folder) / f"upload{FilePath(name).suffix.lower()[:6] or '.csv'}"
            path.write_bytes(data)
            rows = entry.upload_file(path, name)
        saved = entry.save_entries(auth.ledger(request).write, who, rows, status, "file")
        message = f"{name}：已导入 {len(saved)} 条"
    except ImportRefused as exc:
        refused = [str(p) for p in exc.problems]
        message, code = f"{name}：有 {len(refused)} 处问题，未导入任何数据", 422
    except PlanWatchError as exc:
        from planwatch.web.app import status_of

        message, code = str(exc), status_of(exc)
    view = entry.entry_view(auth.ledger(request).read, who, _period(None))
    return page(
        "entry.html", request, code, view=view, problems={}, message=message, refused=refused
    )


# --- the 督导's review ----------------------------------------------------------------------------


@router.get("/review")
def review_list(request: Request) -> Response:
    who = auth.account(request, *entry.REVIEWERS)
    rows = entry.review_view(auth.ledger(request).read, who, ("submitted",))
    return page("review.html", request, rows=rows, message="")


@router.post("/review/{obs_id}")
def review_one(
    request: Request,
    obs_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    csrf: Text = "",
    decision: Text = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    who = auth.account(request, *entry.REVIEWERS)
    auth.check_csrf(request, csrf)
    web = auth.ledger(request)
    code = 200
    try:
        entry.review(web.write, who, obs_id, decision == "approve", reason)
        message = f"监测数据 {obs_id} 已{'审核通过' if decision == 'approve' else '驳回'}"
    except PlanWatchError as exc:
        from planwatch.web.app import status_of

        message, code = str(exc), status_of(exc)
    rows = entry.review_view(web.read, who, ("submitted",))
    return page("review.html", request, code, rows=rows, message=message)


# --- the audit log ------------------------------------------------------------------------------


@router.get("/audit")
def audit_page(request: Request, q: AuditFilters) -> Response:
    found = entry.audit_view(auth.ledger(request).read, auth.account(request), q)
    query = urlencode({k: str(v) for k, v in dataclasses.asdict(q).items() if v})
    return page(
        "audit.html",
        request,
        found=found,
        q=q,
        columns=audit_columns(found.region_names),
        query=query,
    )


@router.get("/audit.{fmt}")
def audit_download(
    request: Request,
    fmt: Annotated[str, Path(pattern="^(csv|xlsx|json|jsonl)$")],
    q: AuditFilters,
) -> Response:
    found = entry.audit_view(auth.ledger(request).read, auth.account(request), q)
    view: View = listing_view(found.rows, audit_columns(found.region_names), "审计日志")
    return file_response(view, fmt, "审计日志")
