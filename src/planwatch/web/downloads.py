"""Downloads: every export of the CLI as a file, rendered by ``present`` exactly as
``-o 文件`` writes it (xlsx, csv, json, jsonl)."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from planwatch.present.render import View, render, save
from planwatch.services import web as views
from planwatch.web.errors import ErrorBody

EXPORT_FORMATS = ("xlsx", "csv", "json", "jsonl")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
}
FORMAT_NAMES = {
    "xlsx": "Excel 工作簿",
    "csv": "CSV 表格",
    "json": "JSON 数据",
    "jsonl": "JSON Lines",
}
MAX_ID = 2**31 - 1
Format = Literal["xlsx", "csv", "json", "jsonl"]
DocId = Annotated[int, Path(ge=1, le=MAX_ID)]
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "文件（按扩展名：xlsx、csv、json、jsonl）",
        "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
    },
    400: {"model": ErrorBody, "description": "请求无效（中文说明）"},
    404: {"model": ErrorBody, "description": "台账中没有所指的文件或指标"},
    422: {"model": ErrorBody, "description": "参数无效（中文说明）"},
}
router = APIRouter(
    prefix="/downloads", tags=["下载"], responses=FILE_RESPONSES, default_response_class=Response
)


def ledger(request: Request) -> views.WebLedger:
    found: views.WebLedger = request.app.state.ledger
    return found


def file_response(view: View, fmt: str, name: str) -> Response:
    """The view written in ``fmt`` as a file to download, named ``name.fmt``."""
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = FilePath(folder) / "download.xlsx"
            save(view, "xlsx", path)
            body = path.read_bytes()
    else:
        out = io.StringIO()
        render(view, fmt, out)
        body = out.getvalue().encode("utf-8")
    filename = f"{name}.{fmt}"
    disposition = f"attachment; filename=\"download.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"content-disposition": disposition})


@dataclass(frozen=True, slots=True)
class Download:
    """A file the app offers: what it holds, its format and its address."""

    title: str
    format: str
    format_name: str
    url: str


def downloads_of(
    title: str, base: str, formats: tuple[str, ...] = EXPORT_FORMATS
) -> list[Download]:
    return [Download(title, f, FORMAT_NAMES.get(f, f), f"{base}.{f}") for f in formats]


def ledger_downloads() -> list[Download]:
    """What concerns the whole ledger."""
    return [
        *downloads_of("目标任务台账（目标、基数、任务、项目、文件）", "/downloads/ledger"),
        *downloads_of("核查发现（planwatch check）", "/downloads/findings"),
        *downloads_of("承接情况（planwatch coverage）", "/downloads/coverage"),
    ]


def plan_downloads(doc_id: int) -> list[Download]:
    """What concerns one plan."""
    base = f"/downloads/plans/{doc_id}"
    return [
        *downloads_of("进展评估（planwatch status）", f"{base}/status"),
        *downloads_of("指标项、任务与项目（planwatch show）", f"{base}/items"),
        *downloads_of("核查发现", f"{base}/findings"),
    ]


def indicator_downloads(indicator: str) -> list[Download]:
    return downloads_of(
        "指标对比（planwatch compare）", f"/downloads/indicators/{quote(indicator)}"
    )


@dataclass(frozen=True, slots=True)
class PlanDownloads:
    """One plan's downloads."""

    document_id: int
    name: str
    title: str
    downloads: list[Download]


def download_list(web: views.WebLedger) -> list[Any]:
    """Every download of the app: the ledger's, then each plan's."""
    docs = views.documents(web, views.PlanFilter())
    return [
        PlanDownloads(0, "", "全部台账", ledger_downloads()),
        *(PlanDownloads(d.id, d.name, d.title, plan_downloads(d.id)) for d in docs),
    ]


def _download(build: Callable[[], View], fmt: str, name: str) -> Response:
    return file_response(build(), fmt, name)


@router.get("/ledger.{fmt}", summary="目标任务台账（planwatch export）")
def ledger_export(request: Request, fmt: Format) -> Response:
    from planwatch.present.ledger import ledger_workbook_view
    from planwatch.services.ledger import ledger_view

    web = ledger(request)
    return _download(lambda: ledger_workbook_view(ledger_view(web.settings)), fmt, "目标任务台账")


@router.get("/findings.{fmt}", summary="核查发现（planwatch check）")
def findings_export(request: Request, fmt: Format) -> Response:
    from planwatch.present.analysis import findings_view

    web = ledger(request)
    return _download(lambda: findings_view(views.findings(web)), fmt, "核查发现")


@router.get("/coverage.{fmt}", summary="承接情况（planwatch coverage）")
def coverage_export(request: Request, fmt: Format) -> Response:
    from planwatch.present.analysis import coverage_view

    web = ledger(request)

    def build() -> View:
        found = views.coverages(web)
        return coverage_view(found, found)

    return _download(build, fmt, "承接情况")


@router.get("/plans/{doc_id}/status.{fmt}", summary="一个规划的进展评估（planwatch status）")
def status_export(
    request: Request,
    doc_id: DocId,
    fmt: Format,
    as_of: Annotated[date | None, Query()] = None,
) -> Response:
    from planwatch.present.tracking import status_view

    web = ledger(request)
    view = views.plan_status(web, str(doc_id), as_of)
    name = f"{view.document.name}-进展-{view.as_of.isoformat()}"
    return _download(lambda: status_view(view, view.region_names), fmt, name)


@router.get("/plans/{doc_id}/items.{fmt}", summary="一个规划的指标项、任务与项目（planwatch show）")
def items_export(request: Request, doc_id: DocId, fmt: Format) -> Response:
    from planwatch.present.ledger import document_view
    from planwatch.services.ledger import show_document

    web = ledger(request)
    doc_id = views.plan_id(web, str(doc_id))
    view = show_document(web.settings, str(doc_id))
    return _download(lambda: document_view(view), fmt, f"{view.document.name}-指标项")


@router.get("/plans/{doc_id}/findings.{fmt}", summary="一个规划的核查发现")
def plan_findings_export(request: Request, doc_id: DocId, fmt: Format) -> Response:
    from planwatch.present.analysis import findings_view

    web = ledger(request)
    doc_id = views.plan_id(web, str(doc_id))
    return _download(lambda: findings_view(views.findings(web, {doc_id})), fmt, "核查发现")


@router.get("/indicators/{indicator}.{fmt}", summary="指标对比（planwatch compare）")
def indicator_export(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    fmt: Format,
    region: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    from planwatch.present.analysis import comparison_view

    view = views.comparison(ledger(request), indicator, region)
    return _download(lambda: comparison_view(view), fmt, f"指标对比-{view.indicator.name}")
