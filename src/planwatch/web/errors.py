"""The body of every error the API and the downloads answer: ``{"ok": false, "error": …}``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """What every error answers: ok false and the reason in Chinese."""

    ok: Literal[False]
    error: str


# What the read side answers to a visitor who may not read a plan (see ``web.auth.gate``).
ACCESS_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorBody,
        "description": "该规划尚未公开（或跨规划的汇总），请登录或给出接口令牌",
    },
    403: {"model": ErrorBody, "description": "账户无权查看该规划（不在其地区范围内，且未公开）"},
}
