"""The write API: observations entered, edited, submitted, approved and rejected by an
account (a bearer token, or the browser's session with its CSRF token), by the rules and
with the audit log of ``planwatch import``; the audit log read back."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from planwatch.present.tracking import audit_columns, observation_columns
from planwatch.services import entry
from planwatch.web.auth import account, check_csrf, ledger
from planwatch.web.errors import ErrorBody
from planwatch.web.render import as_json, dumps

MAX_ID = 2**31 - 1
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "请求无效（中文说明）"},
    401: {"model": ErrorBody, "description": "未登录：没有、或无效的接口令牌（Bearer）"},
    403: {"model": ErrorBody, "description": "无权：超出账户的地区、角色或分配的目标"},
    404: {"model": ErrorBody, "description": "没有这条监测数据"},
    409: {"model": ErrorBody, "description": "该数据已报送或已审核，不能这样改"},
    422: {"model": ErrorBody, "description": "数值或字段不合规则（与 planwatch import 相同）"},
}
router = APIRouter(prefix="/api", responses=ERRORS, tags=["填报与审核"])
ObsId = Annotated[int, Path(ge=1, le=MAX_ID, description="监测数据编号")]
Short = Annotated[str, Field(max_length=200)]


class ObservationIn(BaseModel):
    """A figure as the csv of ``planwatch import`` holds it: an indicator (or ``item``, a
    target's id, for a target without one), a region, a period, a value, its source."""

    indicator: Short = ""
    region: Short = ""
    period: Short = ""
    value: Annotated[str | float, Field(union_mode="left_to_right")] = ""
    source: Annotated[str, Field(max_length=2000)] = ""
    note: Annotated[str, Field(max_length=2000)] = ""
    item: Annotated[str | int, Field(union_mode="left_to_right")] = ""

    def entry(self) -> entry.Entry:
        fields = self.model_dump()
        return entry.Entry(**{k: _text(v) for k, v in fields.items()})


def _text(value: Any) -> str:
    """A JSON value as the csv cell it stands for (92.0 → "92"); 1e999 and NaN, which JSON
    parsers accept, stay text for the import rules to refuse."""
    if isinstance(value, float):
        whole = math.isfinite(value) and value == int(value) and abs(value) <= 1e15
        return str(int(value)) if whole else repr(value)
    return str(value)


class Decision(BaseModel):
    """Why a figure is rejected (required), or a note on its approval."""

    reason: Annotated[str, Field(max_length=500)] = ""


class ObservationOut(BaseModel):
    ok: bool
    observation: dict[str, Any]


def answer(data: dict[str, Any], status: int = 200) -> Response:
    return Response(dumps({"ok": True, **data}), status, media_type="application/json")


def shown(obs: Any) -> dict[str, Any]:
    row: dict[str, Any] = as_json(obs, observation_columns({}))
    return row


@router.post(
    "/observations",
    status_code=201,
    response_model=ObservationOut,
    summary="填报一条监测数据（草稿）：字段同 csv；201 返回所存数据",
)
def create(request: Request, body: ObservationIn) -> Response:
    who = account(request)
    check_csrf(request, None)
    file = entry.entry_file([body.entry()], "接口")
    saved = entry.save_entries(ledger(request).write, who, file, "draft", "api")
    return answer({"observation": shown(saved[0])}, 201)


@router.put(
    "/observations/{obs_id}",
    response_model=ObservationOut,
    summary="修改一条草稿（或被驳回的数据）",
)
def edit(request: Request, obs_id: ObsId, body: ObservationIn) -> Response:
    who = account(request)
    check_csrf(request, None)
    saved = entry.edit_draft(ledger(request).write, who, obs_id, body.entry())
    return answer({"observation": shown(saved)})


@router.post(
    "/observations/{obs_id}/submit", response_model=ObservationOut, summary="报送：交督导审核"
)
def submit(request: Request, obs_id: ObsId) -> Response:
    who = account(request)
    check_csrf(request, None)
    return answer({"observation": shown(entry.submit(ledger(request).write, who, obs_id))})


@router.post(
    "/observations/{obs_id}/approve", response_model=ObservationOut, summary="审核通过（督导）"
)
def approve(request: Request, obs_id: ObsId, body: Decision | None = None) -> Response:
    who = account(request)
    check_csrf(request, None)
    reason = body.reason if body else ""
    done = entry.review(ledger(request).write, who, obs_id, True, reason)
    return answer({"observation": shown(done)})


@router.post(
    "/observations/{obs_id}/reject",
    response_model=ObservationOut,
    summary="驳回（督导，须写明原因）",
)
def reject(request: Request, obs_id: ObsId, body: Decision) -> Response:
    who = account(request)
    check_csrf(request, None)
    done = entry.review(ledger(request).write, who, obs_id, False, body.reason)
    return answer({"observation": shown(done)})


@router.get("/me", summary="当前账户：名称、角色、单位")
def me(request: Request) -> Response:
    who = account(request)
    return answer(
        {
            "name": who.name,
            "role": who.role,
            "role_name": who.role_name,
            "org_unit": who.org_unit,
            "org_name": who.org_name,
        }
    )


Text = Annotated[str | None, Query(max_length=100)]


def audit_query(
    by: Text = None,
    action: Text = None,
    region: Text = None,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
) -> entry.AuditQuery:
    """The audit log's filters, as the page, its downloads and the API take them."""
    return entry.AuditQuery(by, action, region, since, until)


AuditFilters = Annotated[entry.AuditQuery, Depends(audit_query)]


@router.get("/audit", summary="审计日志（账户地区内）：谁在何时把哪条数据从何值改为何值及原因")
def audit(request: Request, q: AuditFilters) -> Response:
    found = entry.audit_view(ledger(request).read, account(request), q)
    rows = as_json(found.rows, audit_columns(found.region_names))
    return answer({"total": len(found.rows), "rows": rows})
