"""The JSON API under /api/v1: the library's answers, validated against the response models.

Each route calls the same `web.views` function as its dashboard page, through the snapshot
lease of the request; lists are paginated (`limit`, `offset`); figures also come as CSV
(`format=csv`, the whole list). Answers are validated against the response models once per
database version and kept serialized, so repeated requests cost no recomputation.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ungawatch import countries
from ungawatch.countries.regions import NO_GROUP, ORDER
from ungawatch.positions.changes import Change
from ungawatch.positions.records import Position, SeriesInfo
from ungawatch.positions.search import SearchHit
from ungawatch.vocabulary import Track
from ungawatch.web import models, views
from ungawatch.web.grid import SORTS
from ungawatch.web.responses import (
    FormatQuery,
    LeaseDep,
    LimitQuery,
    OffsetQuery,
    as_json,
    csv_response,
    data,
    file_stem,
)

router = APIRouter(
    prefix="/api/v1",
    responses={
        404: {"model": models.ErrorBody, "description": "Unknown state, symbol or series."},
        422: {"model": models.ErrorBody, "description": "Invalid parameter."},
    },
)

QueryText = Annotated[str, Query(min_length=1, max_length=200, description="What to look for.")]
StateQuery = Annotated[
    str | None, Query(min_length=1, max_length=100, description="A state: any name or code.")
]
SessionQuery = Annotated[int, Query(ge=1, le=200, description="Regular session, e.g. 78.")]
SortQuery = Annotated[str, Query(pattern=f"^({'|'.join(SORTS)})$", description="Row order.")]
GroupQuery = Annotated[
    str,
    Query(pattern=f"^({'|'.join(('', *ORDER, NO_GROUP))})$", description="Regional group."),
]
WithQuery = Annotated[
    list[str], Query(alias="with", max_length=10, description="States to compare with.")
]
SeriesId = Annotated[str, Path(min_length=1, max_length=300)]
BodyQuery = Annotated[
    Literal["ga", "hrc", "all"],
    Query(
        description="ga (General Assembly), hrc (Human Rights Council) or all (both; a series "
        "and its twin in the other track)."
    ),
]


def track_of(body: str) -> Track | None:
    """The track a `body` parameter names; None for all."""
    return None if body == "all" else Track(body)


def compare_list(values: list[str]) -> list[str]:
    """`with=USA,CHN` and `with=USA&with=CHN` both name two states."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()][:10]


@router.get("/search", response_model=models.Page[SearchHit])
def search(
    lease: LeaseDep, q: QueryText, limit: LimitQuery = 50, offset: OffsetQuery = 0
) -> Response:
    """Resolutions by symbol, states by name, series by words of the title."""
    return as_json(
        lease,
        ("search", q, limit, offset),
        models.Page[SearchHit],
        lambda: views.page(data(lease, ("search", q), views.search_view, q), limit, offset),
    )


@router.get("/series", response_model=models.Page[SeriesInfo])
def series_list(
    lease: LeaseDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    body: BodyQuery = "all",
    limit: LimitQuery = 100,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Recurring resolutions of one body or both, each with the sessions the database holds
    and its twin in the other body."""
    key = ("series", q, body)
    track = track_of(body)
    if format == "csv":
        entries = data(lease, key, views.series_list, q, track)
        return csv_response([_listing(e) for e in entries], "series")
    return as_json(
        lease,
        (*key, limit, offset),
        models.Page[SeriesInfo],
        lambda: views.page(data(lease, key, views.series_list, q, track), limit, offset),
    )


def _listing(series: SeriesInfo) -> dict[str, Any]:
    return {
        "id": series.id,
        "name": series.name,
        "track": series.track,
        "body": series.body,
        "sessions": series.sessions,
        "years": series.years,
        "missing_sessions": series.missing_sessions,
        "twin_id": series.twin_id,
    }


@router.get("/series/{series_id}", response_model=models.SeriesPage)
def series(
    lease: LeaseDep, series_id: SeriesId, sort: SortQuery = "region", group: GroupQuery = ""
) -> Response:
    """The series page's data: states × sessions grid, sponsors per session, legend."""
    key = ("series_view", series_id, sort, group)
    return as_json(
        lease,
        key,
        models.SeriesPage,
        lambda: data(lease, key, views.series_view, series_id, sort, group or None),
    )


@router.get("/series/{series_id}/history", response_model=models.Page[Position])
def series_history(
    lease: LeaseDep,
    series_id: SeriesId,
    state: StateQuery = None,
    body: BodyQuery = "all",
    limit: LimitQuery = 200,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Each state's sponsor role and vote, session by session (`state` for one state); with
    `body=all` (the default) the series' twin in the other body too, year by year. Every row
    says its track and body."""
    key = ("history", series_id, state, body)
    track = track_of(body)
    if format == "csv":
        rows = data(lease, key, views.series_history_rows, series_id, state, track)
        return csv_response([row.to_dict() for row in rows], file_stem(f"{series_id}-history"))
    return as_json(
        lease,
        (*key, limit, offset),
        models.Page[Position],
        lambda: views.page(
            data(lease, key, views.series_history_rows, series_id, state, track), limit, offset
        ),
    )


@router.get("/series/{series_id}/sponsor-counts", response_model=list[models.SponsorCount])
def sponsor_counts(lease: LeaseDep, series_id: SeriesId, format: FormatQuery = "json") -> Response:
    """Original and additional sponsors per session."""
    key = ("series_view", series_id, "region", "")
    view = data(lease, key, views.series_view, series_id, "region", None)
    if format == "csv":
        return csv_response(view["sponsor_counts"], file_stem(f"{series_id}-sponsors"))
    return as_json(
        lease, ("counts", series_id), list[models.SponsorCount], lambda: view["sponsor_counts"]
    )


@router.get("/resolutions/{symbol:path}", response_model=views.ResolutionPage)
def resolution(
    lease: LeaseDep, symbol: str, body: BodyQuery = "all", format: FormatQuery = "json"
) -> Response:
    """A resolution or any of its drafts (`body` restricts it to one body's symbols);
    `format=csv` gives the per-state table."""
    key = ("resolution", symbol, body)
    track = track_of(body)
    if format == "csv":
        view = data(lease, key, views.resolution_view, symbol, track)
        return csv_response([asdict(line) for line in view.states], file_stem(view.symbol))
    return as_json(
        lease,
        key,
        views.ResolutionPage,
        lambda: data(lease, key, views.resolution_view, symbol, track),
    )


@router.get("/states", response_model=models.Page[models.StateBrief])
def states(lease: LeaseDep, limit: LimitQuery = 300, offset: OffsetQuery = 0) -> Response:
    """Every state, observer and organization the registry knows."""
    entries = [{"code": s.code, "name": s.name} for s in countries.all_states()]
    return as_json(
        lease,
        ("states", limit, offset),
        models.Page[models.StateBrief],
        lambda: views.page(entries, limit, offset),
    )


@router.get("/states/{name}", response_model=models.StatePage)
def state(
    lease: LeaseDep,
    name: str,
    with_: WithQuery = [],  # noqa: B006 - FastAPI copies defaults per request
    format: FormatQuery = "json",
) -> Response:
    """A state's position on every series, and agreement with the states in `with`."""
    others = compare_list(with_)
    key = ("state", name, tuple(others))
    if format == "csv":
        view = data(lease, key, views.state_view, name, others)
        return csv_response(views.timeline_rows(view), file_stem(view["state"]["code"]))
    return as_json(
        lease, key, models.StatePage, lambda: data(lease, key, views.state_view, name, others)
    )


@router.get("/changes", response_model=models.Page[Change])
def changes(
    lease: LeaseDep,
    session: SessionQuery,
    state: StateQuery = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    body: Annotated[
        Literal["ga", "hrc"],
        Query(description="The body whose session `session` is: ga (default) or hrc."),
    ] = "ga",
    limit: LimitQuery = 200,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Who joined or left the sponsors, whose vote changed, against the previous session of
    the same body."""
    key = ("changes", session, state, q, body)
    track = Track(body)
    if format == "csv":
        rows = data(lease, key, views.changes_view, session, state, q, track)
        return csv_response([row.to_dict() for row in rows], f"changes-{body}-{session}")
    return as_json(
        lease,
        (*key, limit, offset),
        models.Page[Change],
        lambda: views.page(
            data(lease, key, views.changes_view, session, state, q, track), limit, offset
        ),
    )


@router.get("/agreement", response_model=models.Agreement)
def agreement(
    lease: LeaseDep,
    a: Annotated[str, Query(min_length=1, max_length=100)],
    b: Annotated[str, Query(min_length=1, max_length=100)],
    start: Annotated[int | None, Query(ge=1, le=200)] = None,
    end: Annotated[int | None, Query(ge=1, le=200)] = None,
    format: FormatQuery = "json",
) -> Response:
    """Share of recorded votes on which two states agree, by session."""
    key = ("agreement", a, b, start, end)
    if format == "csv":
        view = data(lease, key, views.agreement_view, a, b, start, end)
        return csv_response(view["sessions"], file_stem(f"agreement-{a}-{b}"))
    return as_json(
        lease,
        key,
        models.Agreement,
        lambda: data(lease, key, views.agreement_view, a, b, start, end),
    )


@router.get("/status", response_model=models.Status)
def status(lease: LeaseDep) -> Response:
    """What the database holds: counts, sessions and bodies, sources, quarantine."""
    return as_json(
        lease, ("status",), models.Status, lambda: data(lease, ("status",), views.status_view)
    )
