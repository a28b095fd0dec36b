"""Briefings on the web: `/api/v1/briefings/{series}/{session}` and its page twin.

Both call `alerts.briefing.briefing` through the request's snapshot; `/briefings` is a form
that sends a query (any words, symbol or id) to the series' canonical briefing page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ungawatch.alerts.briefing import Briefing, briefing
from ungawatch.alerts.render import html_fragment
from ungawatch.positions.history import find_series
from ungawatch.web.api import SeriesId
from ungawatch.web.pages import render
from ungawatch.web.responses import LeaseDep, as_json, data

api = APIRouter(prefix="/api/v1")
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

StatesQuery = Annotated[
    list[str], Query(alias="state", max_length=10, description="States to write a paragraph on.")
]


def _states(values: list[str]) -> tuple[str, ...]:
    """`state=KOR,USA` and `state=KOR&state=USA` both name two states."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())[:10]


@api.get("/briefings/{series_id}/{session}", response_model=Briefing)
def briefing_json(
    lease: LeaseDep,
    series_id: SeriesId,
    session: int,
    state: StatesQuery = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    """One series' session as a briefing: sponsors, joined and left, adoption, states."""
    key = ("briefing", series_id, session, _states(state))
    return as_json(lease, key, lambda: data(lease, key, briefing, *key[1:]))


@pages.get("/briefings")
def briefing_form(
    request: Request,
    lease: LeaseDep,
    q: Annotated[str, Query(max_length=200)] = "",
    session: Annotated[int | None, Query(ge=1, le=200)] = None,
    state: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The form; with a query and a session, a redirect to that briefing's page."""
    if q.strip() and session is not None:
        series = find_series(lease.store, q)
        target = f"/briefings/{quote(series.id, safe='')}/{session}"
        if state.strip():
            target += "?" + urlencode({"state": state})
        return RedirectResponse(target, status_code=303)
    key = ("briefing_form", q, session, state)
    context = {"q": q, "session": session, "state": state, "fragment": None}
    return render(request, lease, key, "briefing.html", lambda: context)


@pages.get("/briefings/{series_id}/{session}")
def briefing_page(
    request: Request,
    lease: LeaseDep,
    series_id: SeriesId,
    session: int,
    state: StatesQuery = [],  # noqa: B006 - FastAPI copies defaults per request
) -> Response:
    key = ("briefing", series_id, session, _states(state))

    def context() -> dict[str, Any]:
        found = data(lease, key, briefing, *key[1:])
        return {
            "q": series_id,
            "session": session,
            "state": ",".join(key[3]),
            "fragment": html_fragment(found),
            "briefing": found,
        }

    return render(request, lease, key, "briefing.html", context)
