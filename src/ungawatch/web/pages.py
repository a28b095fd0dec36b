"""The dashboard: server-rendered pages, each the HTML twin of an /api/v1 route.

Every page's state lives in its URL (query, sort, group, compared states), so any view can
be shared by copying the address bar. Parameters are validated exactly as in the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ungawatch.web import charts, views
from ungawatch.web.api import (
    GroupQuery,
    SeriesId,
    SortQuery,
    WithQuery,
    compare_list,
)
from ungawatch.web.responses import LeaseDep, OffsetQuery, data
from ungawatch.web.snapshots import Lease

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50


def templates_of(request: Request) -> Jinja2Templates:
    templates = request.app.state.templates
    assert isinstance(templates, Jinja2Templates)
    return templates


def render(
    request: Request,
    lease: Lease,
    key: tuple[Any, ...],
    name: str,
    context: Callable[[], dict[str, Any]],
) -> Response:
    """The page rendered once per database version and key, then served as stored."""
    template = templates_of(request).get_template(name)
    html = lease.snapshot.memo(("html", *key), lambda: template.render(context()))
    return HTMLResponse(html)


@router.get("/")
def home(request: Request, lease: LeaseDep) -> Response:
    def context() -> dict[str, Any]:
        return {
            "status": data(lease, ("status",), views.status_view),
            "series": data(lease, ("series", None), views.series_list, None),
        }

    return render(request, lease, ("home",), "home.html", context)


@router.get("/search")
def search(
    request: Request,
    lease: LeaseDep,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: OffsetQuery = 0,
) -> Response:
    """One hit goes straight to its page; several are listed, a page at a time."""
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    hits = data(lease, ("search", q), views.search_view, q)
    if len(hits) == 1 and offset == 0:
        return RedirectResponse(hits[0].url, status_code=303)
    context = {"q": q, "results": views.page(hits, PAGE_SIZE, offset)}
    return render(request, lease, ("search", q, offset), "search.html", lambda: context)


@router.get("/series/{series_id}")
def series(
    request: Request,
    lease: LeaseDep,
    series_id: SeriesId,
    sort: SortQuery = "region",
    group: GroupQuery = "",
) -> Response:
    key = ("series_view", series_id, sort, group)

    def context() -> dict[str, Any]:
        view = data(lease, key, views.series_view, series_id, sort, group or None)
        return {"view": view, "chart": charts.sponsor_bars(view["sponsor_counts"])}

    return render(request, lease, key, "series.html", context)


@router.get("/resolutions/{symbol:path}")
def resolution(request: Request, lease: LeaseDep, symbol: str) -> Response:
    key = ("resolution", symbol)

    def context() -> dict[str, Any]:
        return {"view": data(lease, key, views.resolution_view, symbol)}

    return render(request, lease, key, "resolution.html", context)


@router.get("/states/{name}")
def state(
    request: Request,
    lease: LeaseDep,
    name: str,
    with_: WithQuery = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    others = compare_list(with_)
    key = ("state", name, tuple(others))

    def context() -> dict[str, Any]:
        view = data(lease, key, views.state_view, name, others)
        agreement = view["agreement"]
        return {
            "view": view,
            "sessions": sorted({c["session"] for e in view["timeline"] for c in e["cells"]}),
            "compare": ",".join(others),
            "chart": charts.agreement_lines(agreement) if agreement else None,
        }

    return render(request, lease, key, "state.html", context)


@router.get("/changes")
def changes(
    request: Request,
    lease: LeaseDep,
    session: Annotated[int | None, Query(ge=1, le=200)] = None,
    state: Annotated[str, Query(max_length=100)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Without a session, a form and the sessions held; empty form fields mean no filter."""
    key = ("changes", session, state or None, q or None)

    def context() -> dict[str, Any]:
        summary = data(lease, ("status",), views.status_view)
        held = {int(c["session"]) for c in summary["coverage"] if str(c["session"]).isdigit()}
        rows = [] if session is None else data(lease, key, views.changes_view, *key[1:])
        return {"session": session, "state": state, "q": q, "rows": rows, "sessions": sorted(held)}

    return render(request, lease, key, "changes.html", context)
