"""create_app(settings): the FastAPI app of the read side, its errors in Chinese and its
security headers; ``planwatch serve`` hands uvicorn this factory by name."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from planwatch import __version__
from planwatch.config import Settings
from planwatch.errors import (
    Conflict,
    Forbidden,
    ImportRefused,
    NotSignedIn,
    PlanWatchError,
    TooManyAttempts,
)
from planwatch.services.entry import UnknownObservation
from planwatch.services.web import NOT_FOUND, UNAVAILABLE, WebLedger
from planwatch.services.web import warm as warm_views

LOG = logging.getLogger("planwatch.web")
# No script, style, font or image from anywhere but this server; no inline script at all.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
HTTP_MESSAGES = {
    404: "没有这个地址",
    405: "不支持这种请求方法",
}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Guard:
    """ASGI middleware: refuses a request whose address holds a NUL character (no database
    takes one), and adds the security headers to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        if "\x00" in scope.get("path", "") or "\x00" in unquote(query):
            response = error_response(scope, 400, "请求地址中含有空字符（%00），无法处理")
            await response(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(scope: Scope) -> bool:
    """An answer in JSON for the API and the downloads; a page for everything else."""
    path: str = scope.get("path", "")
    return path.startswith(("/api", "/openapi", "/downloads"))


def error_response(
    scope: Scope, status: int, message: str, problems: list[str] | None = None
) -> Response:
    """``{"ok": false, "error": message}`` for the API (with ``problems``, each refused row
    and field, when there are), else the error page."""
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    if wants_json(scope):
        body: dict[str, Any] = {"ok": False, "error": message}
        if problems:
            body["problems"] = problems
        return JSONResponse(body, status_code=status, headers=headers)
    from planwatch.web.render import render_page

    page = render_page("error.html", status=status, message=message, problems=problems or [])
    return HTMLResponse(page, status, headers=headers)


# Errors of accounts and writes: who is not signed in, may not, tries too often, conflicts.
ACCOUNT_STATUSES: tuple[tuple[type[PlanWatchError], int], ...] = (
    (NotSignedIn, 401),
    (Forbidden, 403),
    (UnknownObservation, 404),
    (Conflict, 409),
    (ImportRefused, 422),
    (TooManyAttempts, 429),
)


def status_of(exc: PlanWatchError) -> int:
    """404 for what does not exist, 503 for a database that cannot be read, 401/403/409/422/
    429 for the errors of accounts and writes, else 400."""
    for kind, status in ACCOUNT_STATUSES:
        if isinstance(exc, kind):
            return status
    if isinstance(exc, NOT_FOUND):
        return 404
    if isinstance(exc, UNAVAILABLE):
        return 503
    return 400


def validation_message(exc: RequestValidationError) -> str:
    """The first bad parameter, named, in Chinese."""
    parts = []
    for error in exc.errors()[:3]:
        where = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        name = ".".join(where) or "请求"
        kind = str(error.get("type", ""))
        parts.append(f"参数「{name}」{VALIDATION_WORDS.get(kind, '的值无效')}")
    return "；".join(parts) or "请求参数无效"


VALIDATION_WORDS = {
    "missing": "缺失",
    "int_parsing": "不是整数",
    "int_from_float": "不是整数",
    "date_from_datetime_parsing": "不是日期（例：2024-06-30）",
    "date_parsing": "不是日期（例：2024-06-30）",
    "date_from_datetime_inexact": "不是日期（例：2024-06-30）",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "string_too_long": "太长",
    "literal_error": "不是可选值之一",
    "enum": "不是可选值之一",
}


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(PlanWatchError)
    async def planwatch_error(request: Request, exc: PlanWatchError) -> Response:
        problems = [str(p) for p in exc.problems] if isinstance(exc, ImportRefused) else None
        return error_response(request.scope, status_of(exc), str(exc), problems)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.scope, 422, validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        if exc.status_code == 404:
            message = f"{message}：{request.url.path}"
        return error_response(request.scope, exc.status_code, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("内部错误：%s", request.url.path)
        return error_response(request.scope, 500, "服务器内部错误，已记录；请联系管理员")


def _warm(ledger: WebLedger) -> None:
    """Build the first pages in the background; a failure (the server stopping meanwhile, a
    database gone) is logged in one line: the pages themselves will say it to whoever asks."""
    try:
        warm_views(ledger)
    except Exception as exc:  # a background nicety must not kill the worker
        LOG.warning("预先生成页面未完成：%s", exc)


def create_app(settings: Settings | None = None, warm: bool = True) -> FastAPI:
    """The app over the ledger of ``settings`` (by default ``--db``'s, passed by ``serve`` in
    PLANWATCH_DATABASE_URL, else planwatch.db here); with ``warm``, the plan list and every
    plan's status are built in the background as it starts."""
    from planwatch.web import api, auth, downloads, forms, pages, write_api

    settings = settings or Settings.load()
    ledger = WebLedger(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(ledger,), name="warm", daemon=True).start()
        yield
        ledger.close()

    app = FastAPI(
        title="规划监测 PlanWatch 接口",
        description=api.DESCRIPTION,
        version=__version__,
        docs_url=None,  # Swagger UI and ReDoc load from CDNs: the app works offline
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.ledger = ledger
    _handlers(app)
    app.add_middleware(Guard)
    app.mount("/static", StaticFiles(packages=[("planwatch.web", "static")]), name="static")
    app.mount("/assets", StaticFiles(packages=[("planwatch", "assets")]), name="assets")
    gate = [Depends(auth.gate)]
    app.include_router(write_api.router)  # before the read API: its own checks, no gate
    app.include_router(forms.router)
    app.include_router(api.router, dependencies=gate)
    app.include_router(downloads.router, dependencies=gate)
    app.include_router(pages.router, dependencies=gate)
    return app
