"""The body of every error the API and the downloads answer: ``{"ok": false, "error": …}``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class ErrorBody(BaseModel):
    """What every error answers: ok false and the reason in Chinese."""

    ok: Literal[False]
    error: str
