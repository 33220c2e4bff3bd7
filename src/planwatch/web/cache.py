"""Pages and API answers kept as rendered bytes until the ledger changes: a request then costs
one small query (the ledger's stamp) and a look-up."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from planwatch.services.web import WebLedger


def cached(request: Request, build: Callable[[], Response]) -> Response:
    """The response ``build()`` gives for this address, kept while the ledger is unchanged."""
    from planwatch.web.auth import audience

    ledger: WebLedger = request.app.state.ledger
    key = ("response", audience(request), request.url.path, request.url.query)

    def frozen() -> tuple[bytes, str | None, int]:
        made = build()
        return bytes(made.body), made.media_type, made.status_code

    body, media_type, status = ledger.kept(key, frozen)
    return Response(body, status_code=status, media_type=media_type)


def cached_route(route: Callable[..., Response]) -> Callable[..., Response]:
    """A route whose answers are kept (it must take ``request``); FastAPI reads the route's
    own signature through ``functools.wraps``."""

    @functools.wraps(route)
    def answer(*args: Any, **kwargs: Any) -> Response:
        return cached(kwargs["request"], lambda: route(*args, **kwargs))

    return answer
