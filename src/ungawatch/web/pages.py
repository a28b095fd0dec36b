"""The dashboard: server-rendered pages, each the HTML twin of an /api/v1 route.

Every page's state lives in its URL (query, sort, group, compared states, session or year),
so any view can be shared by copying the address bar. Parameters are validated exactly as in
the API. A page whose analysis the background worker is still computing is answered 202 and
reloads itself; it is not kept, so the finished page replaces it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ungawatch import countries
from ungawatch.countries.regions import region_of
from ungawatch.web import charts, views
from ungawatch.web.api import (
    RETRY_SECONDS,
    GroupQuery,
    IssueQuery,
    SeriesId,
    SortQuery,
    WithQuery,
    compare_list,
    later,
)
from ungawatch.web.background import Pending
from ungawatch.web.filters import page_path
from ungawatch.web.params import RangeDep, SessionDep, state_list
from ungawatch.web.responses import Body, LeaseDep, OffsetQuery, Stored, data
from ungawatch.web.snapshots import Lease, SnapshotPool

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50
VOTES_PAGE_SIZE = 100
COMPARE_DEFAULT = ("KOR", "USA", "CHN", "RUS")
TextQuery = Annotated[str, Query(max_length=200)]


def templates_of(request: Request) -> Jinja2Templates:
    templates = request.app.state.templates
    assert isinstance(templates, Jinja2Templates)
    return templates


def warm_up(templates: Jinja2Templates, pool: SnapshotPool) -> None:
    """Before the first request: compile every template, build the country registry every
    page names states with (and their regional groups), and open the database, so that the
    first reader pays for none.

    Then everything loaded so far, which lives as long as the server, is put out of the
    garbage collector's sight (`gc.freeze`): a page that builds thousands of objects no
    longer sets off full collections that walk the 160,000 objects of the libraries."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)
    countries.all_groups()
    region_of("USA")
    pool.current()
    gc.collect()
    gc.freeze()


def render(
    request: Request,
    lease: Lease,
    key: tuple[Any, ...],
    name: str,
    context: Callable[[], dict[str, Any]],
) -> Response:
    """The page rendered once per database version and key, then served as stored."""
    template = templates_of(request).get_template(name)
    html = lease.snapshot.memo(("html", *key), lambda: Body(template.render(context()).encode()))
    return Stored(html, "text/html")


def render_pending(
    request: Request,
    lease: Lease,
    key: tuple[Any, ...],
    name: str,
    context: Callable[[], dict[str, Any]],
) -> Response:
    """A page waiting for the background worker: 202, reloads itself. Kept (under its own
    key) while the worker computes, so readers waiting do not cost a render each."""
    template = templates_of(request).get_template(name)
    html = lease.snapshot.memo(
        ("pending", *key),
        lambda: Body(template.render({**context(), "refresh": RETRY_SECONDS}).encode()),
    )
    headers = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
    return Stored(html, "text/html", 202, headers)


@router.get("/")
def home(request: Request, lease: LeaseDep) -> Response:
    return render(
        request,
        lease,
        ("home",),
        "home.html",
        lambda: {"view": data(lease, ("home",), views.home_view)},
    )


@router.get("/search")
def search(
    request: Request, lease: LeaseDep, q: TextQuery = "", offset: OffsetQuery = 0
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
        return {
            "view": view,
            "sponsor_chart": charts.sponsor_bars(view["sessions"], view["sponsor_counts"]),
            "tally_chart": charts.tally_bars(view["sessions"], view["tallies"]),
            "links": [
                (column["session"], page_path(column["resolution"] or column["draft"]))
                for column in view["sessions"]
            ],
        }

    return render(request, lease, key, "series.html", context)


@router.get("/resolutions/{symbol:path}")
def resolution(request: Request, lease: LeaseDep, symbol: str) -> Response:
    key = ("resolution", symbol, None)  # keyed by the view's arguments, as the API: one view

    def context() -> dict[str, Any]:
        view = data(lease, key, views.resolution_view, symbol)
        plenary = sum(view.vote_counts.values())
        committee = sum(view.committee_vote_counts.values())
        return {
            "view": view,
            "groups": views.grouped_states(view.states) if plenary else [],
            "committee_groups": views.grouped_states(view.states, "committee_vote")
            if committee
            else [],
        }

    return render(request, lease, key, "resolution.html", context)


@router.get("/votes")
def votes(
    request: Request,
    lease: LeaseDep,
    chosen: SessionDep,
    issue: IssueQuery = None,
    offset: OffsetQuery = 0,
) -> Response:
    """Without a session, every session held; with one, its recorded votes (by issue)."""
    key = ("votes", chosen.session, chosen.given_year, issue, offset)

    def context() -> dict[str, Any]:
        index = data(lease, ("vote_index",), views.vote_index_view)
        rows = (
            data(lease, ("votes", chosen.session, issue), views.votes_view, chosen.session, issue)
            if chosen.session is not None or issue is not None
            else None
        )
        return {
            "index": index,
            "chosen": chosen,
            "issue": issue,
            "rows": views.page(rows, VOTES_PAGE_SIZE, offset) if rows is not None else None,
            "chart": charts.session_counts(index["sessions"]),
        }

    return render(request, lease, key, "votes.html", context)


@router.get("/votes/{source_kind}/{record_id:path}")
def vote(request: Request, lease: LeaseDep, source_kind: str, record_id: str) -> Response:
    key = ("vote", source_kind, record_id)

    def context() -> dict[str, Any]:
        return {"view": data(lease, key, views.vote_view, source_kind, record_id)}

    return render(request, lease, key, "vote.html", context)


@router.get("/states")
def states(request: Request, lease: LeaseDep) -> Response:
    return render(
        request,
        lease,
        ("states",),
        "states.html",
        lambda: {
            "regions": views.consecutive(data(lease, ("states",), views.states_view), "region")
        },
    )


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
        agreement = [a for a in view["agreement"] if a["sessions"]]
        sessions = [s["session"] for s in view["sessions"]]
        recurring, single = [], []
        for entry in view["timeline"]:
            by_session = {c["session"]: c for c in entry["cells"]}
            if len(by_session) == 1:
                single.append(entry)
                continue
            row = [by_session.get(s) for s in sessions]
            links = [
                (s, page_path(c["resolution"] or c["draft"]) if c else "")
                for s, c in zip(sessions, row, strict=True)
            ]
            recurring.append({**entry, "row": row, "links": links})
        return {
            "view": view,
            "recurring": recurring,
            "single": single,
            "compare": ", ".join(others),
            "chart": charts.agreement_lines(agreement, view["state"]["code"])
            if agreement
            else None,
        }

    return render(request, lease, key, "state.html", context)


@router.get("/compare")
def compare(
    request: Request,
    lease: LeaseDep,
    span: RangeDep,
    states: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
) -> Response:
    """Two or more states side by side; ideal points come from the background worker."""
    names = state_list(states)
    if len(names) < 2:
        return RedirectResponse(f"/compare?states={','.join(COMPARE_DEFAULT)}", status_code=303)
    key = ("compare", tuple(names), span.start, span.end)
    first, last = span.start or 1, span.end or 200
    found = later(
        lease, ("idealpoints", first, last), "ideal points", "ideal_points_over_time", first, last
    )

    def context() -> dict[str, Any]:
        view = data(lease, key, views.compare_view, names, span.start, span.end)
        codes = [state.code for state in view.states]
        return {
            "view": view,
            "names": names,
            "span": span,
            "agreement_chart": charts.pair_lines(view),
            "cohesion_chart": charts.cohesion_line(view.cohesion),
            "ideal_chart": None
            if isinstance(found, Pending)
            else charts.ideal_lines(found, views.seats_of(codes)),
            "ideal_pending": found if isinstance(found, Pending) else None,
            "state_names": {state.code: state.name for state in view.states},
        }

    if isinstance(found, Pending):
        return render_pending(request, lease, key, "compare.html", context)
    return render(request, lease, key, "compare.html", context)


@router.get("/changes")
def changes(
    request: Request,
    lease: LeaseDep,
    chosen: SessionDep,
    state: Annotated[str, Query(max_length=100)] = "",
    q: TextQuery = "",
    all_sessions: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    """The latest comparable session by default; a state or a text without a session shows
    every session of it; `all=1` every session of every text."""
    session, latest = chosen.session, None
    if session is None and not (state or q or all_sessions):
        session, latest = data(lease, ("latest_changes",), views.latest_changes)
    key = ("changes", session, state or None, q or None)

    def context() -> dict[str, Any]:
        rows = latest if latest is not None else data(lease, key, views.changes_view, *key[1:])
        held = data(lease, ("series", None), views.series_list, None)
        sessions = sorted(
            {s for series in held if len(series.sessions) > 1 for s in series.sessions}
        )
        return {
            "session": session,
            "asked": chosen.asked if chosen.session else None,
            "state": state,
            "q": q,
            "rows": rows,
            "by_series": views.consecutive(rows, "series_id"),
            "sessions": views.session_years(sessions),
            "state_name": countries.resolve(state).name if state else None,
        }

    return render(request, lease, key, "changes.html", context)


@router.get("/blocs")
def blocs(
    request: Request,
    lease: LeaseDep,
    span: RangeDep,
    group: Annotated[str, Query(min_length=1, max_length=100)] = "EU",
) -> Response:
    """A named group's cohesion over the sessions; computed in the background."""
    key = ("cohesion", group, span.start, span.end)
    found = later(lease, key, f"cohesion of {group}", "group_cohesion", group, span.start, span.end)
    base = {"group": group, "groups": countries.groups_with_members(), "span": span}
    if isinstance(found, Pending):
        return render_pending(
            request, lease, ("blocs", *key), "blocs.html", lambda: {**base, "pending": found}
        )
    return render(
        request,
        lease,
        ("blocs", *key),
        "blocs.html",
        lambda: {**base, "view": found, "chart": charts.group_cohesion_line(found.sessions)},
    )


@router.get("/network")
def network(request: Request, lease: LeaseDep, chosen: SessionDep) -> Response:
    """A session's co-sponsorship network, laid out on the server."""
    held = data(lease, ("network_sessions",), views.network_sessions)
    session = chosen.session or views.latest(held, "a draft with sponsors")
    key = ("network", session)
    found = later(lease, key, f"network of session {session}", "network_view", session)
    base = {"session": session, "sessions": views.session_years(held), "asked": chosen.asked}
    if isinstance(found, Pending):
        return render_pending(
            request,
            lease,
            ("network_page", session, chosen.given_year),
            "network.html",
            lambda: {**base, "pending": found},
        )
    return render(
        request,
        lease,
        ("network_page", session, chosen.given_year),
        "network.html",
        lambda: {**base, "view": found, "chart": charts.network_drawing(found)},
    )
