"""Atom feeds of the event log: everything, one series, one state (`alerts.feeds`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ungawatch.alerts.feeds import feed_all, feed_series, feed_state
from ungawatch.web.api import SeriesId
from ungawatch.web.responses import LeaseDep, data

router = APIRouter(prefix="/feeds", include_in_schema=False)
ATOM = "application/atom+xml; charset=utf-8"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/all.atom")
def all_events(request: Request, lease: LeaseDep) -> Response:
    body = data(lease, ("feed", "all", _base(request)), feed_all, _base(request))
    return Response(body, media_type=ATOM)


@router.get("/series/{series_id}.atom")
def series_events(request: Request, lease: LeaseDep, series_id: SeriesId) -> Response:
    key = ("feed", "series", series_id, _base(request))
    return Response(data(lease, key, feed_series, series_id, _base(request)), media_type=ATOM)


@router.get("/states/{code}.atom")
def state_events(request: Request, lease: LeaseDep, code: str) -> Response:
    key = ("feed", "state", code, _base(request))
    return Response(data(lease, key, feed_state, code, _base(request)), media_type=ATOM)
