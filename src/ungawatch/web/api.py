"""The JSON API under /api/v1: the library's answers, in the shapes of the response models.

Each route calls the same `web.views` function as its dashboard page, through the snapshot
lease of the request; lists are paginated (`limit`, `offset`); figures also come as CSV
(`format=csv`, the whole list). Answers are serialized once per database version and kept,
so repeated requests cost no recomputation; the response models document them in OpenAPI,
and a test holds every answer to its model (see `web.responses.as_json`). The slow
analyses (ideal points, a group's cohesion, the co-sponsorship network) answer 202 with
`Retry-After` while the background worker computes them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response

from ungawatch.analysis.compare import Comparison, Difference
from ungawatch.countries.regions import NO_GROUP, ORDER
from ungawatch.positions.changes import Change
from ungawatch.positions.recorded_votes import RollCall, VoteSession
from ungawatch.positions.records import Position, SeriesInfo
from ungawatch.positions.search import SearchHit
from ungawatch.vocabulary import Track
from ungawatch.web import models, views
from ungawatch.web.background import Pending
from ungawatch.web.grid import SORTS
from ungawatch.web.params import RangeDep, SessionDep, state_list
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
from ungawatch.web.snapshots import Lease

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
SortQuery = Annotated[str, Query(pattern=f"^({'|'.join(SORTS)})$", description="Row order.")]
GroupQuery = Annotated[
    str,
    Query(pattern=f"^({'|'.join(('', *ORDER, NO_GROUP))})$", description="Regional group."),
]
WithQuery = Annotated[
    list[str], Query(alias="with", max_length=10, description="States to compare with.")
]
StatesQuery = Annotated[
    list[str],
    Query(min_length=1, max_length=10, description="Two or more states: states=KOR,USA,CHN."),
]
IssueQuery = Annotated[
    str | None,
    Query(min_length=1, max_length=60, description="Issue code or name: hr, Human rights."),
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


BACKGROUND = "ungawatch.web.views."
RETRY_SECONDS = 3


def compare_list(values: list[str]) -> list[str]:
    """`with=USA,CHN` and `with=USA&with=CHN` both name two states."""
    return state_list(values)


def computing(pending: Pending) -> Response:
    """202: the answer is being computed in the background; ask again shortly."""
    body = models.Computing(
        what=pending.what, started_seconds_ago=pending.seconds, retry_after=RETRY_SECONDS
    )
    return JSONResponse(
        body.model_dump(),
        status_code=202,
        headers={"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"},
    )


def later(lease: Lease, key: tuple[Any, ...], what: str, function: str, *args: Any) -> Any:
    """A background analysis' value, or `Pending` while the worker computes it."""
    return lease.snapshot.later(key, what, BACKGROUND + function, *args)


@router.get("/search", response_model=models.Page[SearchHit])
def search(
    lease: LeaseDep, q: QueryText, limit: LimitQuery = 50, offset: OffsetQuery = 0
) -> Response:
    """Resolutions by symbol, states by name, series by words of the title."""
    return as_json(
        lease,
        ("search", q, limit, offset),
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
    """The series page's data: states × every session from the first to the last on record
    (sessions with no document marked), sponsors and vote totals per session, legend."""
    key = ("series_view", series_id, sort, group)
    return as_json(
        lease,
        key,
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
        lambda: views.page(
            data(lease, key, views.series_history_rows, series_id, state, track), limit, offset
        ),
    )


def _series_default(lease: Lease, series_id: str) -> dict[str, Any]:
    key = ("series_view", series_id, "region", "")
    return data(lease, key, views.series_view, series_id, "region", None)


@router.get("/series/{series_id}/sponsor-counts", response_model=list[models.SponsorCount])
def sponsor_counts(lease: LeaseDep, series_id: SeriesId, format: FormatQuery = "json") -> Response:
    """Original and additional sponsors per session; empty (null) where no list is loaded."""
    if format == "csv":
        view = _series_default(lease, series_id)
        return csv_response(view["sponsor_counts"], file_stem(f"{series_id}-sponsors"))
    return as_json(
        lease,
        ("counts", series_id),
        lambda: _series_default(lease, series_id)["sponsor_counts"],
    )


@router.get("/series/{series_id}/tallies", response_model=list[models.Tally])
def tallies(lease: LeaseDep, series_id: SeriesId, format: FormatQuery = "json") -> Response:
    """Yes / no / abstain of each session's plenary and committee action (null: not loaded)."""
    if format == "csv":
        view = _series_default(lease, series_id)
        return csv_response(view["tallies"], file_stem(f"{series_id}-votes"))
    return as_json(
        lease,
        ("tallies", series_id),
        lambda: _series_default(lease, series_id)["tallies"],
    )


@router.get("/resolutions/{symbol:path}", response_model=views.ResolutionPage)
def resolution(
    lease: LeaseDep, symbol: str, body: BodyQuery = "all", format: FormatQuery = "json"
) -> Response:
    """A resolution or any of its drafts, however it is known (documents or only its recorded
    vote; `body` restricts it to one body's symbols); `format=csv` gives the per-state table."""
    track = track_of(body)
    key = ("resolution", symbol, track)
    if format == "csv":
        view = data(lease, key, views.resolution_view, symbol, track)
        return csv_response([asdict(line) for line in view.states], file_stem(view.symbol))
    return as_json(
        lease,
        key,
        lambda: data(lease, key, views.resolution_view, symbol, track),
    )


@router.get("/votes", response_model=models.SessionPage[RollCall])
def votes(
    lease: LeaseDep,
    chosen: SessionDep,
    issue: IssueQuery = None,
    limit: LimitQuery = 200,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Recorded votes (a session's, or all), optionally on one issue, oldest first."""
    key = ("votes", chosen.session, issue)

    def rows() -> list[RollCall]:
        return data(lease, key, views.votes_view, chosen.session, issue)

    if format == "csv":
        return csv_response([r.to_dict() for r in rows()], f"votes-{chosen.session or 'all'}")
    return as_json(
        lease,
        (*key, chosen.given_year, limit, offset),
        lambda: (
            views.page(rows(), limit, offset)
            | {"session": chosen.session, "year": chosen.year, "asked": chosen.asked}
        ),
    )


@router.get("/votes/sessions", response_model=list[VoteSession])
def vote_sessions(lease: LeaseDep) -> Response:
    """Every session with recorded votes: how many, of what kind, on which issues."""
    return as_json(
        lease,
        ("vote_sessions",),
        lambda: data(lease, ("vote_sessions",), views.vote_sessions_view),
    )


@router.get("/votes/{source_kind}/{record_id:path}", response_model=views.VotePage)
def vote(
    lease: LeaseDep, source_kind: str, record_id: str, format: FormatQuery = "json"
) -> Response:
    """One recorded vote (by its source record): tallies and every member's vote."""
    key = ("vote", source_kind, record_id)
    if format == "csv":
        view = data(lease, key, views.vote_view, source_kind, record_id)
        return csv_response(
            [asdict(line) for line in view.states], file_stem(f"{source_kind}-{record_id}")
        )
    return as_json(
        lease,
        key,
        lambda: data(lease, key, views.vote_view, source_kind, record_id),
    )


@router.get("/states", response_model=models.Page[models.RegistryState])
def states(lease: LeaseDep, limit: LimitQuery = 300, offset: OffsetQuery = 0) -> Response:
    """Every state, observer and organization the registry knows, by regional group."""
    return as_json(
        lease,
        ("states", limit, offset),
        lambda: views.page(data(lease, ("states",), views.states_view), limit, offset),
    )


@router.get("/states/{name}", response_model=models.StatePage)
def state(
    lease: LeaseDep,
    name: str,
    with_: WithQuery = [],  # noqa: B006 - FastAPI copies defaults per request
    format: FormatQuery = "json",
) -> Response:
    """A state's position on every series, and plenary agreement with the states in `with`."""
    others = compare_list(with_)
    key = ("state", name, tuple(others))
    if format == "csv":
        view = data(lease, key, views.state_view, name, others)
        return csv_response(views.timeline_rows(view), file_stem(view["state"]["code"]))
    return as_json(lease, key, lambda: data(lease, key, views.state_view, name, others))


@router.get("/compare", response_model=Comparison)
def compare(lease: LeaseDep, states: StatesQuery, span: RangeDep) -> Response:
    """Two or more states: plenary agreement of each pair by session, the group's cohesion,
    co-sponsorship where sponsor lists are loaded, the latest votes on which they differed."""
    names = state_list(states)
    key = ("compare", tuple(names), span.start, span.end)
    return as_json(
        lease,
        key,
        lambda: data(lease, key, views.compare_view, names, span.start, span.end),
    )


@router.get("/compare/differences", response_model=models.Page[Difference])
def compare_differences(
    lease: LeaseDep,
    states: StatesQuery,
    span: RangeDep,
    limit: LimitQuery = 200,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Every plenary recorded vote on which the states did not all vote alike, latest first."""
    names = state_list(states)
    key = ("differences", tuple(names), span.start, span.end)

    def rows() -> list[Difference]:
        return data(lease, key, views.differences_view, names, span.start, span.end)

    if format == "csv":
        flat = [{**{k: v for k, v in asdict(d).items() if k != "votes"}, **d.votes} for d in rows()]
        return csv_response(flat, file_stem("differences-" + "-".join(names)))
    return as_json(
        lease,
        (*key, limit, offset),
        lambda: views.page(rows(), limit, offset),
    )


@router.get("/changes", response_model=models.SessionPage[Change])
def changes(
    lease: LeaseDep,
    chosen: SessionDep,
    state: StateQuery = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    body: BodyQuery = "all",
    limit: LimitQuery = 200,
    offset: OffsetQuery = 0,
    format: FormatQuery = "json",
) -> Response:
    """Who joined or left the sponsors, whose vote changed, against the previous session on
    record (every session when none is given), in one body or both: what `ungawatch changes
    --json` prints."""
    key = ("changes", chosen.session, state, q, body)
    track = track_of(body)

    def rows() -> list[Change]:
        return data(lease, key, views.changes_view, chosen.session, state, q, track)

    if format == "csv":
        name = f"changes-{body}-{chosen.session or 'all'}"
        return csv_response([row.to_dict() for row in rows()], name)
    return as_json(
        lease,
        (*key, chosen.given_year, limit, offset),
        lambda: (
            views.page(rows(), limit, offset)
            | {"session": chosen.session, "year": chosen.year, "asked": chosen.asked}
        ),
    )


@router.get("/agreement", response_model=models.Agreement)
def agreement(
    lease: LeaseDep,
    a: Annotated[str, Query(min_length=1, max_length=100)],
    b: Annotated[str, Query(min_length=1, max_length=100)],
    span: RangeDep,
    format: FormatQuery = "json",
) -> Response:
    """Share of plenary recorded votes on which two states agree, by session."""
    key = ("agreement", a, b, span.start, span.end)
    if format == "csv":
        view = data(lease, key, views.agreement_view, a, b, span.start, span.end)
        return csv_response(view["sessions"], file_stem(f"agreement-{a}-{b}"))
    return as_json(
        lease,
        key,
        lambda: data(lease, key, views.agreement_view, a, b, span.start, span.end),
    )


@router.get(
    "/idealpoints",
    response_model=views.IdealPoints,
    responses={202: {"model": models.Computing, "description": "Being computed."}},
)
def idealpoints(lease: LeaseDep, span: RangeDep, format: FormatQuery = "json") -> Response:
    """Every state's ideal point per session (fitted session by session, United States
    positive); 202 while the background worker computes them for this database version."""
    first, last = span.start or 1, span.end or 200
    key = ("idealpoints", first, last)
    found = later(lease, key, "ideal points", "ideal_points_over_time", first, last)
    if isinstance(found, Pending):
        return computing(found)
    if format == "csv":
        return csv_response([asdict(p) for p in found.points], f"idealpoints-{first}-{last}")
    return as_json(lease, key, lambda: found)


@router.get(
    "/cohesion",
    response_model=views.GroupCohesionView,
    responses={202: {"model": models.Computing, "description": "Being computed."}},
)
def cohesion(
    lease: LeaseDep,
    group: Annotated[str, Query(min_length=1, max_length=100, description="e.g. EU, ASEAN.")],
    span: RangeDep,
    format: FormatQuery = "json",
) -> Response:
    """A named group's cohesion (mean Agreement Index of its members) by session."""
    key = ("cohesion", group, span.start, span.end)
    found = later(lease, key, f"cohesion of {group}", "group_cohesion", group, span.start, span.end)
    if isinstance(found, Pending):
        return computing(found)
    if format == "csv":
        return csv_response([asdict(s) for s in found.sessions], file_stem(f"cohesion-{group}"))
    return as_json(lease, key, lambda: found)


@router.get(
    "/network",
    response_model=views.NetworkView,
    responses={202: {"model": models.Computing, "description": "Being computed."}},
)
def network(lease: LeaseDep, chosen: SessionDep, format: FormatQuery = "json") -> Response:
    """A session's co-sponsorship network: states, communities, layout, strongest edges."""
    session = chosen.session or views.latest(
        data(lease, ("network_sessions",), views.network_sessions), "a draft with sponsors"
    )
    key = ("network", session)
    found = later(lease, key, f"network of session {session}", "network_view", session)
    if isinstance(found, Pending):
        return computing(found)
    if format == "csv":
        return csv_response([asdict(node) for node in found.nodes], f"network-{session}")
    return as_json(lease, key, lambda: found)


@router.get("/status", response_model=models.Status)
def status(lease: LeaseDep) -> Response:
    """What the database holds: counts, sessions and bodies, sources, quarantine."""
    return as_json(lease, ("status",), lambda: data(lease, ("status",), views.status_view))
