"""The JSON API under /api: every page's view as data, and the ledger's records as paginated,
filterable lists; errors as ``{"ok": false, "error": "中文消息"}`` with a 4xx."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from planwatch.present.analysis import COMPARE_COLUMNS, FINDING_COLUMNS
from planwatch.present.columns import (
    DOCUMENT_COLUMNS,
    INDICATOR_COLUMNS,
    ITEM_COLUMNS,
    OUTLINE_COLUMNS,
    PROJECT_COLUMNS,
    TASK_COLUMNS,
    Column,
)
from planwatch.present.tracking import observation_columns, status_columns
from planwatch.services import web as views
from planwatch.web.auth import visible
from planwatch.web.cache import cached_route
from planwatch.web.downloads import download_list
from planwatch.web.errors import ACCESS_ERRORS, ErrorBody
from planwatch.web.render import as_json, dumps

DESCRIPTION = """规划监测的接口。读：规划文件、章节、指标项、任务、项目、指标、行政区划、监测数据、
评估、核查发现、承接情况与报告下载。列表分页（page 从 1 起，per_page 至多 500）并可筛选；
出错时返回 4xx 与 `{"ok": false, "error": "中文说明"}`。每个页面都有同名的接口：
`/plans` ↔ `/api/plans`，`/plans/{id}` ↔ `/api/plans/{id}`，`/plans/{id}/status` ↔
`/api/plans/{id}/status`，`/indicators/{id}` ↔ `/api/indicators/{id}`，`/regions/{code}` ↔
`/api/regions/{code}`，`/search` ↔ `/api/search`。未登录时只能读已公开的规划。

写（“填报与审核”）：用 `Authorization: Bearer 接口令牌`（`planwatch user token`）
填报、修改草稿、报送、审核或驳回监测数据，规则与 `planwatch import` 相同；
401 未登录，403 超出账户的地区或分工，409 状态不允许，
422 数值不合规则（`problems` 列出每处原因）。"""

MAX_ID = 2**31 - 1


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "请求无效（中文说明）"},
    **ACCESS_ERRORS,
    404: {"model": ErrorBody, "description": "台账中没有所指的文件、指标或地区"},
    422: {"model": ErrorBody, "description": "参数无效（中文说明）"},
}
router = APIRouter(prefix="/api", responses=ERRORS, tags=["接口"])

DocId = Annotated[int, Path(ge=1, le=MAX_ID, description="文件编号（见 /api/documents）")]
PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="页码，从 1 起")]
PerPage = Annotated[int, Query(ge=1, le=views.MAX_PER_PAGE, description="每页条数")]
Text = Annotated[str | None, Query(max_length=100)]
AsOf = Annotated[date | None, Query(description="评估日期，如 2024-06-30；默认今天")]


def ledger(request: Request) -> views.WebLedger:
    found: views.WebLedger = request.app.state.ledger
    return found


def answer(data: Any) -> Response:
    """``{"ok": true, …data}`` as UTF-8 JSON."""
    body = {"ok": True, **data} if isinstance(data, dict) else {"ok": True, "data": data}
    return Response(dumps(body), media_type="application/json")


def listing(page: views.Page, columns: Sequence[Column] = ()) -> Response:
    """A page of a list: its rows and where it stands."""
    return answer(
        {
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
            "rows": as_json(page.rows, columns),
        }
    )


# --- documents ------------------------------------------------------------------------


@router.get("/documents", summary="规划文件列表（编号、标题、文号、地区、规划期）")
@cached_route
def documents(  # noqa: PLR0913 - one keyword per filter
    request: Request,
    region: Text = None,
    level: Text = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="规划期含此年")] = None,
    page: PageNo = 1,
    per_page: PerPage = 50,
) -> Response:
    filters = views.PlanFilter(region, level, year, visible(request))
    found = views.documents(ledger(request), filters)
    return listing(views.page_of(found, page, per_page), DOCUMENT_COLUMNS)


@router.get("/documents/{doc_id}", summary="一个规划文件：文件信息与贯彻它的下级规划")
@cached_route
def document(request: Request, doc_id: DocId) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    return answer(
        {
            "document": as_json(view.document, DOCUMENT_COLUMNS),
            "implemented_by": as_json(view.implemented_by),
        }
    )


@router.get("/documents/{doc_id}/items", summary="一个文件的指标项（目标与基数），附状态")
@cached_route
def document_items(
    request: Request,
    doc_id: DocId,
    kind: Annotated[Literal["target", "baseline"] | None, Query()] = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    rows = [r for r in view.items if kind is None or r.item.kind == kind]
    return listing(views.page_of(rows, page, per_page))


@router.get("/documents/{doc_id}/sections", summary="一个文件的章节（提纲）")
@cached_route
def document_sections(request: Request, doc_id: DocId) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    return listing(views.page_of(view.outline, 1, max(1, len(view.outline))), OUTLINE_COLUMNS)


@router.get("/documents/{doc_id}/tasks", summary="一个文件的任务及牵头、配合单位")
@cached_route
def document_tasks(
    request: Request, doc_id: DocId, page: PageNo = 1, per_page: PerPage = 200
) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    return listing(views.page_of(view.tasks, page, per_page), TASK_COLUMNS)


@router.get("/documents/{doc_id}/projects", summary="一个文件的建设项目（专栏项目表）")
@cached_route
def document_projects(
    request: Request, doc_id: DocId, page: PageNo = 1, per_page: PerPage = 200
) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    return listing(views.page_of(view.projects, page, per_page), PROJECT_COLUMNS)


@router.get("/documents/{doc_id}/tables", summary="一个文件的表格（专栏），单元格附原文位置")
@cached_route
def document_tables(request: Request, doc_id: DocId) -> Response:
    view = views.reader_view(ledger(request), str(doc_id))
    return answer({"rows": as_json(view.tables)})


# --- the pages' twins -------------------------------------------------------------------


@router.get("/plans", summary="规划列表页的数据：筛选、各规划的状态汇总、规划层级树")
@cached_route
def plans(
    request: Request,
    region: Text = None,
    level: Text = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    as_of: AsOf = None,
) -> Response:
    filters = views.PlanFilter(region, level, year, visible(request))
    view = views.plans_view(ledger(request), filters, as_of)
    return answer(as_json(view))


@router.get("/plans/{doc_id}", summary="阅读页的数据：原文、提纲、指标项及其状态、任务、表格")
@cached_route
def plan(request: Request, doc_id: DocId, as_of: AsOf = None) -> Response:
    return answer(as_json(views.reader_view(ledger(request), str(doc_id), as_of)))


@router.get("/plans/{doc_id}/status", summary="进展看板的数据：状态分布、分组汇总、滞后清单、趋势")
@cached_route
def plan_status(request: Request, doc_id: DocId, as_of: AsOf = None) -> Response:
    view = views.dashboard_view(ledger(request), str(doc_id), as_of)
    data = as_json(view)
    data["rows"] = as_json(view.rows, status_columns(view.region_names))
    return answer(data)


@router.get("/status", summary="planwatch status 的各行：规划每个目标的评估")
@cached_route
def status(
    request: Request,
    plan: Annotated[str, Query(max_length=300, description="文件编号、文件名、文号或标题")],
    as_of: AsOf = None,
) -> Response:
    view = views.plan_status(ledger(request), plan, as_of)
    return answer(
        {
            "document": as_json(view.document, DOCUMENT_COLUMNS),
            "as_of": view.as_of.isoformat(),
            "counts": view.counts,
            "rows": as_json(view.rows, status_columns(view.region_names)),
        }
    )


StatusCode = Literal[
    "achieved", "on_track", "lagging", "off_track", "overdue", "no_data", "not_due"
]


@router.get("/evaluations", summary="评估：一个规划的目标，可按状态筛选")
@cached_route
def evaluations(  # noqa: PLR0913 - one keyword per filter
    request: Request,
    plan: Annotated[str, Query(max_length=300, description="文件编号、文件名、文号或标题")],
    as_of: AsOf = None,
    status: Annotated[StatusCode | None, Query()] = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
) -> Response:
    web = ledger(request)
    rows = views.evaluations(web, plan, as_of, status)
    names = views.status_of(web, views.plan_id(web, plan), views.check_day(as_of)).region_names
    return listing(views.page_of(rows, page, per_page), status_columns(names))


# --- indicators, regions, observations, findings, coverage -------------------------------


@router.get("/indicators", summary="指标目录及台账中关联的指标项数")
@cached_route
def indicators(request: Request, page: PageNo = 1, per_page: PerPage = 100) -> Response:
    found = views.indicator_list(ledger(request))
    return listing(views.page_of(found, page, per_page), INDICATOR_COLUMNS)


@router.get("/indicators/{indicator}", summary="一个指标在各规划中的目标与基数（每个地区一条序列）")
@cached_route
def indicator(
    request: Request,
    indicator: Annotated[str, Path(max_length=100, description="指标编号、名称或别名")],
    region: Text = None,
) -> Response:
    view = views.comparison(ledger(request), indicator, region)
    data = as_json(view)
    data["rows"] = as_json(view.rows, COMPARE_COLUMNS)
    return answer(data)


@router.get("/org-units", summary="行政区划与单位：有规划的地区，或某地区的下级")
@cached_route
def org_units(
    request: Request,
    parent: Text = None,
    level: Annotated[Literal["province", "city", "county", "body"] | None, Query()] = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
) -> Response:
    found = views.org_units(ledger(request), parent, level)
    return listing(views.page_of(found, page, per_page))


@router.get("/regions/{code}", summary="地区概览：本级与下级规划、核查发现、承接情况")
@cached_route
def region(
    request: Request, code: Annotated[str, Path(max_length=20, description="12位行政区划代码")]
) -> Response:
    view = views.region_view(ledger(request), code)
    data = as_json(view)
    data["findings"] = as_json(view.findings, FINDING_COLUMNS)
    return answer(data)


@router.get("/observations", summary="已审核的监测数据，可按指标、地区、期间筛选")
@cached_route
def observations(  # noqa: PLR0913 - one keyword per filter
    request: Request,
    indicator: Text = None,
    region: Text = None,
    period: Annotated[str | None, Query(max_length=20, description="2022、2022Q3、2022-09")] = None,
    status: Annotated[Literal["draft", "submitted", "approved", "rejected"] | None, Query()] = None,
    page: PageNo = 1,
    per_page: PerPage = 200,
) -> Response:
    f = views.ObservationFilter(indicator, region, period, status)
    found = views.observations(ledger(request), f, page, per_page)
    return listing(found, observation_columns({}))


@router.get("/findings", summary="核查发现（planwatch check），可按文件、地区、严重程度筛选")
@cached_route
def findings(  # noqa: PLR0913 - one keyword per filter
    request: Request,
    doc: Annotated[int | None, Query(ge=1, le=MAX_ID, description="文件编号")] = None,
    region: Annotated[str | None, Query(max_length=20, description="12位行政区划代码")] = None,
    severity: Annotated[Literal["high", "warning", "info"], Query()] = "info",
    page: PageNo = 1,
    per_page: PerPage = 100,
) -> Response:
    web = ledger(request)
    ids: set[int] | None = None
    if region:
        view = views.region_view(web, region)
        ids = {d.id for d in view.plans + view.lower_plans}
    if doc is not None:
        ids = {doc} if ids is None else ids & {doc}
    found = views.findings(web, ids, severity)
    return listing(views.page_of(found, page, per_page), FINDING_COLUMNS)


@router.get("/coverage", summary="上级规划的任务与目标被下级承接的情况（planwatch coverage）")
@cached_route
def coverage(
    request: Request,
    higher: Annotated[int | None, Query(ge=1, le=MAX_ID, description="上级规划的文件编号")] = None,
    page: PageNo = 1,
    per_page: PerPage = 20,
) -> Response:
    found = views.coverages(ledger(request), {higher} if higher is not None else None)
    return listing(views.page_of(found, page, per_page))


@router.get("/reports", summary="可下载的报告与导出：格式与地址")
@cached_route
def reports(request: Request) -> Response:
    return answer({"rows": as_json(download_list(ledger(request), visible(request)))})


@router.get("/search", summary="在全部规划的目标、基数与任务中搜索")
@cached_route
def search(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    view = views.search(ledger(request), q)
    return answer(
        {
            "q": view.q,
            "items_total": view.items_total,
            "tasks_total": view.tasks_total,
            "items": as_json(view.items, ITEM_COLUMNS),
            "tasks": as_json(view.tasks, TASK_COLUMNS),
        }
    )
