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
from planwatch.web.errors import ACCESS_ERRORS, ErrorBody

EXPORT_FORMATS = ("xlsx", "csv", "json", "jsonl")
REPORT_FORMATS = ("docx", "html", "xlsx", "md")  # planwatch report's (present.report)
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
FORMAT_NAMES = {
    "xlsx": "Excel 工作簿",
    "csv": "CSV 表格",
    "json": "JSON 数据",
    "jsonl": "JSON Lines",
    "docx": "Word 文档",
    "html": "网页文件（可离线打开、打印）",
    "md": "Markdown",
}
MAX_ID = 2**31 - 1
Format = Literal["xlsx", "csv", "json", "jsonl"]
ReportFormat = Literal["docx", "html", "xlsx", "md"]
DocId = Annotated[int, Path(ge=1, le=MAX_ID)]
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "文件（按扩展名：xlsx、csv、json、jsonl；报告另有 docx、html、md）",
        "content": {media.split(";")[0]: {} for media in MEDIA_TYPES.values()},
    },
    400: {"model": ErrorBody, "description": "请求无效（中文说明）"},
    **ACCESS_ERRORS,
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
        body = written(lambda path: save(view, "xlsx", path), fmt)
    else:
        out = io.StringIO()
        render(view, fmt, out)
        body = out.getvalue().encode("utf-8")
    return attachment(body, fmt, name)


def written(write: Callable[[FilePath], Any], fmt: str) -> bytes:
    """What ``write(path)`` writes to a file of a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / f"download.{fmt}"
        write(path)
        return path.read_bytes()


def attachment(body: bytes, fmt: str, name: str) -> Response:
    """The bytes as a file to save (never shown in the page), named ``name.fmt``."""
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
        *downloads_of("实施进展情况报告（planwatch report）", f"{base}/report", REPORT_FORMATS),
        *downloads_of("进展评估（planwatch status）", f"{base}/status"),
        *downloads_of("指标项、任务与项目（planwatch show）", f"{base}/items"),
        *downloads_of("核查发现", f"{base}/findings"),
    ]


def region_downloads(code: str) -> list[Download]:
    """A region's 督导报告."""
    base = f"/downloads/regions/{quote(code)}/report"
    return downloads_of("地区督导报告（planwatch report --region）", base, REPORT_FORMATS)


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


def download_list(web: views.WebLedger, visible: frozenset[int] | None = None) -> list[Any]:
    """Every download of the app: the ledger's, then each plan's (of those ``visible``)."""
    docs = views.documents(web, views.PlanFilter(visible=visible))
    regions = sorted({d.org_unit_code: d.region for d in docs if d.org_unit_code}.items())
    return [
        PlanDownloads(0, "", "全部台账", ledger_downloads()),
        *(PlanDownloads(d.id, d.name, d.title, plan_downloads(d.id)) for d in docs),
        *(PlanDownloads(0, code, name, region_downloads(code)) for code, name in regions),
    ]


def _download(build: Callable[[], View], fmt: str, name: str) -> Response:
    return file_response(build(), fmt, name)


@router.get("/ledger.{fmt}", summary="目标任务台账（planwatch export）")
def ledger_export(request: Request, fmt: Format) -> Response:
    from planwatch.present.ledger import ledger_workbook_view
    from planwatch.services.ledger import ledger_view

    web = ledger(request)
    with ledger_view(web.settings) as view:  # the ledger streams while the file is written
        return file_response(ledger_workbook_view(view), fmt, "目标任务台账")


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
        found = iter(views.coverages(web))  # read from disk as the file is written
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


@router.get(
    "/plans/{doc_id}/report.{fmt}", summary="一个规划的实施进展情况报告（planwatch report）"
)
def plan_report(
    request: Request,
    doc_id: DocId,
    fmt: ReportFormat,
    as_of: Annotated[date | None, Query()] = None,
) -> Response:
    from planwatch.present.report import write_report
    from planwatch.services import reports

    web = ledger(request)
    day = views.check_day(as_of)
    doc_id = views.plan_id(web, str(doc_id))
    record = reports.plan_report(web.settings, str(doc_id), day, views.PUBLISHED_STATUSES)
    body = written(lambda path: write_report(record, fmt, path), fmt)
    return attachment(body, fmt, f"{record.document.name}-实施进展情况报告-{day.isoformat()}")


@router.get(
    "/regions/{code}/report.{fmt}", summary="一个地区的督导报告（planwatch report --region）"
)
def region_report(
    request: Request,
    code: Annotated[str, Path(max_length=20)],
    fmt: ReportFormat,
    as_of: Annotated[date | None, Query()] = None,
) -> Response:
    from planwatch.present.report import write_report
    from planwatch.services import reports

    web = ledger(request)
    day = views.check_day(as_of)
    unit = views.org_unit(web, code)  # an unknown code is a 404
    record = reports.region_report(web.settings, unit.code, day, views.PUBLISHED_STATUSES)
    body = written(lambda path: write_report(record, fmt, path), fmt)
    return attachment(body, fmt, f"{unit.name}-督导报告-{day.isoformat()}")
