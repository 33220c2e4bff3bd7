"""The pages, in Chinese, at fixed addresses: each renders a view of ``services.web`` that its
API twin (``/api`` + the same address) answers as JSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from planwatch.present.analysis import COMPARE_COLUMNS
from planwatch.present.columns import INDICATOR_COLUMNS, ITEM_COLUMNS, TASK_COLUMNS
from planwatch.present.tracking import status_columns, summary_sentence
from planwatch.services import web as views
from planwatch.web.auth import visible
from planwatch.web.cache import cached_route
from planwatch.web.downloads import (
    indicator_downloads,
    ledger_downloads,
    plan_downloads,
    region_downloads,
)
from planwatch.web.reader import pieces
from planwatch.web.render import as_json, render_page

MAX_ID = 2**31 - 1
DocId = Annotated[int, Path(ge=1, le=MAX_ID)]
AsOf = Annotated[date | None, Query()]
Text = Annotated[str | None, Query(max_length=100)]
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def ledger(request: Request) -> views.WebLedger:
    found: views.WebLedger = request.app.state.ledger
    return found


def page(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, **context))


@router.get("/")
@cached_route
def home(request: Request) -> HTMLResponse:
    web = ledger(request)
    docs = views.documents(web, views.PlanFilter(visible=visible(request)))
    indicators = [u for u in views.indicator_list(web) if u.items]
    regions = views.org_units(web)
    return page("home.html", docs=docs, indicators=indicators[:8], regions=regions)


@router.get("/plans")
@cached_route
def plans(
    request: Request,
    region: Text = None,
    level: Text = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    filters = views.PlanFilter(region or None, level or None, year, visible(request))
    view = views.plans_view(ledger(request), filters, as_of)
    return page("plans.html", view=view)


@router.get("/plans/{doc_id}")
@cached_route
def reader(request: Request, doc_id: DocId, as_of: AsOf = None) -> HTMLResponse:
    view = views.reader_view(ledger(request), str(doc_id), as_of)
    tasks = sorted(view.tasks, key=lambda t: t.span.start if t.span else 0)
    return page(
        "reader.html",
        view=view,
        pieces=pieces(view),
        tasks=tasks,
        downloads=plan_downloads(view.document.id),
    )


@router.get("/plans/{doc_id}/status")
@cached_route
def dashboard(request: Request, doc_id: DocId, as_of: AsOf = None) -> HTMLResponse:
    view = views.dashboard_view(ledger(request), str(doc_id), as_of)
    return page(
        "dashboard.html",
        view=view,
        status=view,
        summary=summary_sentence(view.counts),
        columns=status_columns(view.region_names),
        chart={"trends": as_json(view.trends)},
        downloads=plan_downloads(view.document.id),
    )


@router.get("/indicators")
@cached_route
def indicators(request: Request) -> HTMLResponse:
    found = views.indicator_list(ledger(request))
    return page("indicators.html", rows=found, columns=INDICATOR_COLUMNS)


@router.get("/indicators/{indicator}")
@cached_route
def indicator(
    request: Request,
    indicator: Annotated[str, Path(max_length=100)],
    region: Text = None,
) -> HTMLResponse:
    view = views.comparison(ledger(request), indicator, region or None)
    return page(
        "indicator.html",
        view=view,
        columns=COMPARE_COLUMNS,
        chart={"unit": view.indicator.unit, "series": as_json(view.series)},
        downloads=indicator_downloads(view.indicator.id),
    )


@router.get("/regions")
@cached_route
def regions(request: Request) -> HTMLResponse:
    return page("regions.html", regions=views.org_units(ledger(request)))


@router.get("/regions/{code}")
@cached_route
def region(request: Request, code: Annotated[str, Path(max_length=20)]) -> HTMLResponse:
    view = views.region_view(ledger(request), code)
    return page("region.html", view=view, downloads=region_downloads(view.unit.code))


@router.get("/search")
@cached_route
def search(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
    view = views.search(ledger(request), q)
    return page("search.html", view=view, item_columns=ITEM_COLUMNS, task_columns=TASK_COLUMNS)


@router.get("/downloads")
@cached_route
def downloads(request: Request) -> HTMLResponse:
    web = ledger(request)
    docs = views.documents(web, views.PlanFilter(visible=visible(request)))
    plans = [(d, plan_downloads(d.id)) for d in docs]
    regions = [(u, region_downloads(u.code)) for u in views.org_units(web) if u.level != "body"]
    return page("downloads.html", ledger_downloads=ledger_downloads(), plans=plans, regions=regions)
