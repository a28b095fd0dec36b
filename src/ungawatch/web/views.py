"""What each dashboard page shows: the HTML page and its JSON twin render the same value.

Every function takes an open store and validated parameters, calls the library (which reads
the stored positions; nothing here links series or computes positions) and arranges the
result for a page. Library errors (`NotFound`, `UnknownState`, `AmbiguousQuery`,
`SymbolError`) pass through to the web error edge. The analyses that take seconds (ideal
points, a named group's cohesion, the co-sponsorship network) are run in the background
worker (`web.background`) by name, so they are plain module functions returning picklable
records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from typing import Any

from networkx import spring_layout
from rapidfuzz import process

from ungawatch import countries
from ungawatch.analysis.agreement import seat_codes
from ungawatch.analysis.cohesion import cohesion
from ungawatch.analysis.compare import (
    Comparison,
    Difference,
    compare,
    differences,
    pair_agreement,
)
from ungawatch.analysis.idealpoints import ideal_points
from ungawatch.analysis.network import sponsorship_network
from ungawatch.countries.regions import NO_GROUP, ORDER, region_names, region_of
from ungawatch.errors import NotFound
from ungawatch.positions.changes import Change, changes
from ungawatch.positions.history import (
    history,
    list_series,
    positions_of,
    series_sessions,
    state_positions,
)
from ungawatch.positions.recorded_votes import (
    RollCall,
    RollCallView,
    VoteSession,
    roll_call,
    roll_calls,
    vote_issues,
    vote_sessions,
)
from ungawatch.positions.records import Position, SeriesInfo
from ungawatch.positions.resolution import ResolutionView, resolution
from ungawatch.positions.search import SearchHit, search
from ungawatch.sessions import session_label, year_of_session
from ungawatch.status import status
from ungawatch.store import Store
from ungawatch.vocabulary import RECORDED_VOTES, ChangeEvent, Track, VoteOption
from ungawatch.web import grid
from ungawatch.web.filters import library_url

VOTE_ORDER = (
    VoteOption.YES,
    VoteOption.NO,
    VoteOption.ABSTAIN,
    VoteOption.NON_VOTING,
    VoteOption.NO_VOTE_TAKEN,
    VoteOption.UNKNOWN,
    VoteOption.NOT_MEMBER,
)
VOTE_HEADINGS = {
    VoteOption.YES.value: "In favour",
    VoteOption.NO.value: "Against",
    VoteOption.ABSTAIN.value: "Abstaining",
    VoteOption.NON_VOTING.value: "Did not vote",
    VoteOption.NO_VOTE_TAKEN.value: "Adopted without a vote",
    VoteOption.UNKNOWN.value: "Vote not in the database",
    VoteOption.NOT_MEMBER.value: "Not a member",
}


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list, with the total so clients know whether to ask for more."""
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


def status_view(store: Store) -> dict[str, Any]:
    return status(store)


def home_view(store: Store) -> dict[str, Any]:
    """The start page: recurring texts (longest on record first), recorded votes held."""
    every = list_series(store)
    recurring = sorted(every, key=lambda s: (-len(s.sessions), s.name))
    votes = vote_sessions(store)
    return {
        "series": recurring,
        "recurring": sum(len(s.sessions) > 1 for s in every),
        "vote_sessions": votes,
        "roll_calls": sum(v.roll_calls for v in votes),
        "status": status(store),
    }


def series_info(store: Store, series_id: str) -> SeriesInfo:
    """One series by id, or NotFound with the closest ids."""
    every = list_series(store)
    for series in every:
        if series.id == series_id:
            return series
    ids = [series.id for series in every]
    raise NotFound(
        f"series {series_id!r}", [m for m, _, _ in process.extract(series_id, ids, limit=5)]
    )


def series_list(store: Store, words: str | None, track: Track | None = None) -> list[SeriesInfo]:
    return list_series(store, words, track=track)


def series_view(store: Store, series_id: str, sort: str, group: str | None) -> dict[str, Any]:
    """The series page: states × every session from the first to the last on record (those
    with no document marked), sponsors and vote totals per session, the legend."""
    info = series_info(store, series_id)
    coverage = series_sessions(store, series_id)
    columns = grid.columns(coverage, info.track)
    return {
        "series": info,
        "sort": sort,
        "group": group,
        "groups": region_names(),
        "sessions": columns,
        "sponsor_counts": grid.sponsor_counts(coverage),
        "tallies": grid.tallies(coverage),
        "rows": grid.state_rows(positions_of(store, info), columns, sort, group),
        "legend": grid.LEGEND,
    }


def series_history_rows(
    store: Store, series_id: str, state: str | None, track: Track | None = None
) -> list[Position]:
    """The series' rows (one state's if given); with no track chosen, its twin's too (the
    same situation in the other body), year by year."""
    info = series_info(store, series_id)
    if track is not None and track != info.track:
        raise NotFound(f"series {series_id!r} in the {track.value.upper()} track")
    if state is None and (track is not None or info.twin_id is None):
        return positions_of(store, info)
    return history(store, info.id, state, track=track or None)


@dataclass(frozen=True, slots=True)
class ResolutionPage(ResolutionView):
    """The resolution as the library gives it, with the page's vote counts, every recorded
    vote on the text or its drafts (paragraph and amendment votes too), and the UN Digital
    Library search link of every symbol it names."""

    vote_counts: dict[str, int]
    committee_vote_counts: dict[str, int]
    roll_calls: tuple[RollCall, ...]
    library: dict[str, str]


def resolution_view(store: Store, symbol: str, track: Track | None = None) -> ResolutionPage:
    """A resolution with a row per state (sponsor role and votes) for the map and the table
    (`track` restricts it to one body's symbols)."""
    view = resolution(store, symbol, track=track)
    symbols = [d.symbol for d in view.documents] + [r.to_symbol for r in view.related]
    symbols += [s for s in (view.resolution, view.draft, view.symbol) if s]
    texts = [s for s in (view.resolution, view.draft) if s]
    return ResolutionPage(
        **{f.name: getattr(view, f.name) for f in fields(view)},
        vote_counts=_counts(line.vote for line in view.states),
        committee_vote_counts=_counts(line.committee_vote for line in view.states),
        roll_calls=tuple(roll_calls(store, symbols=texts)) if texts else (),
        library={s: library_url(s) for s in dict.fromkeys(symbols)},
    )


def _counts(votes: Any) -> dict[str, int]:
    recorded = [vote.value for vote in votes if vote in RECORDED_VOTES]
    return {vote.value: recorded.count(vote.value) for vote in RECORDED_VOTES}


def grouped_states(lines: Any, attribute: str = "vote") -> list[dict[str, Any]]:
    """States grouped by their vote (in favour, against, ...) and, within a vote, by regional
    group: the per-state list of a vote page."""
    by_vote: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        vote = getattr(line, attribute)
        if vote is not None:
            by_vote[vote.value][region_of(line.state_code)].append(line)
    names = {**region_names(), NO_GROUP: "No regional group"}
    return [
        {
            "vote": vote.value,
            "heading": VOTE_HEADINGS[vote.value],
            "count": sum(len(states) for states in by_vote[vote.value].values()),
            "groups": [
                {"region": region, "name": names[region], "states": by_vote[vote.value][region]}
                for region in (*ORDER, NO_GROUP)
                if by_vote[vote.value].get(region)
            ],
        }
        for vote in VOTE_ORDER
        if vote.value in by_vote
    ]


@dataclass(frozen=True, slots=True)
class VotePage(RollCallView):
    """A recorded vote with its per-state list grouped by vote and regional group, and the
    UN Digital Library link of every symbol it names."""

    groups: list[dict[str, Any]]
    library: dict[str, str]
    session_label: str | None


def vote_view(store: Store, source_kind: str, record_id: str) -> VotePage:
    view = roll_call(store, source_kind, record_id)
    symbols = [s for s in (view.roll_call.symbol, view.draft, view.committee_report) if s]
    session = view.roll_call.session
    return VotePage(
        **{f.name: getattr(view, f.name) for f in fields(view)},
        groups=grouped_states(view.states),
        library={s: library_url(s) for s in symbols},
        session_label=session_label(session) if session and view.roll_call.year else None,
    )


def votes_view(store: Store, session: int | None, issue: str | None) -> list[RollCall]:
    return roll_calls(store, session=session, issue=issue)


def vote_sessions_view(store: Store) -> list[VoteSession]:
    return vote_sessions(store)


def vote_index_view(store: Store) -> dict[str, Any]:
    """The votes page without a session: every session held, with its issue counts."""
    return {"sessions": vote_sessions(store), "issues": vote_issues(store)}


def issues_view(store: Store) -> dict[str, str]:
    return vote_issues(store)


def state_view(store: Store, name: str, compare_with: list[str]) -> dict[str, Any]:
    """A state: registry facts, its position on every series (every session from the first
    to the last any series holds), plenary agreement with the chosen states."""
    found = countries.resolve(name)
    others = [countries.resolve(other) for other in compare_with]
    timeline = state_positions(store, found.code)
    sessions = grid.session_span(p.session for _, ps in timeline for p in ps)
    return {
        "state": _state_facts(found),
        "sessions": sessions,
        "timeline": [
            {
                "series_id": series.id,
                "name": series.name,
                "body": series.body,
                "sponsored": sum(p.is_sponsor for p in positions),
                "cells": [grid.cell(p) for p in positions],
            }
            for series, positions in timeline
        ],
        "agreement": _agreements(store, found, others),
    }


def _state_facts(state: countries.State) -> dict[str, Any]:
    return {
        **countries.describe(state),
        "region": region_of(state.code),
        "region_name": region_names().get(region_of(state.code)),
    }


def _agreements(
    store: Store, state: countries.State, others: list[countries.State]
) -> list[dict[str, Any]]:
    """Plenary agreement of `state` with each other state (from one comparison)."""
    chosen = [other for other in dict.fromkeys(others) if other.code != state.code]
    if not chosen:
        return []
    pairs = pair_agreement(store, [state.code, *(other.code for other in chosen)])
    return [
        {
            "a": _brief(state),
            "b": _brief(other),
            "sessions": [
                asdict(row) for row in pairs if row.a == state.code and row.b == other.code
            ],
        }
        for other in chosen
    ]


def timeline_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The state page's timeline as long rows, for its CSV download."""
    return [
        {"series_id": entry["series_id"], "series": entry["name"], **cell}
        for entry in view["timeline"]
        for cell in entry["cells"]
    ]


def states_view(store: Store) -> list[dict[str, Any]]:
    """Every state, observer and organization of the registry, by regional group and name."""
    names = {**region_names(), NO_GROUP: "No regional group (observers, former states)"}
    order = {region: rank for rank, region in enumerate((*ORDER, NO_GROUP))}
    found = [
        {
            "code": state.code,
            "name": state.name,
            "kind": state.kind,
            "admitted": state.admitted.isoformat() if state.admitted else None,
            "ended": state.ended.isoformat() if state.ended else None,
            "region": region_of(state.code),
            "region_name": names[region_of(state.code)],
        }
        for state in countries.all_states()
    ]
    return sorted(found, key=lambda s: (order[s["region"]], countries.normalize_name(s["name"])))


def agreement_view(
    store: Store, a: str, b: str, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    """How often two states voted alike in the plenary, session by session."""
    first, second = countries.resolve(a), countries.resolve(b)
    pairs = pair_agreement(store, [first.code, second.code], start=start, end=end)
    if not pairs:
        raise NotFound(f"a plenary recorded vote cast by both {a} and {b} in the range asked")
    return {"a": _brief(first), "b": _brief(second), "sessions": [asdict(row) for row in pairs]}


def _brief(state: countries.State) -> dict[str, str]:
    return {"code": state.code, "name": state.name}


def compare_view(store: Store, names: list[str], start: int | None, end: int | None) -> Comparison:
    return compare(store, names, start=start, end=end)


def seats_of(codes: list[str]) -> dict[str, tuple[str, ...]]:
    """Each state's code and the codes of the seats it continues (RUS: RUS, SUN)."""
    return {code: seat_codes(code) for code in codes}


def differences_view(
    store: Store, names: list[str], start: int | None, end: int | None
) -> list[Difference]:
    return differences(store, names, start=start, end=end)


def changes_view(
    store: Store,
    session: int | None,
    state: str | None,
    query: str | None,
    track: Track | None = None,
) -> list[Change]:
    """Exactly what `ungawatch changes --json` prints for the same filters."""
    return changes(store, session, country=state, query=query, streaks=True, track=track)


def latest_changes(store: Store) -> tuple[int | None, list[Change]]:
    """The changes page's default: the latest General Assembly session in which something
    changed against an earlier session on record (a streak goes on, it is no change; a
    session held only by a press release has nothing to compare), with the changes the page
    shows for it, computed once."""
    held = {s.sessions[-1] for s in list_series(store, track=Track.GA) if len(s.sessions) > 1}
    for session in sorted(held, reverse=True):
        rows = changes_view(store, session, None, None)
        if any(row.event != ChangeEvent.STREAK for row in rows):
            return session, rows
    return None, []


def latest(sessions: list[int], what: str) -> int:
    if not sessions:
        raise NotFound(f"a session with {what}")
    return sessions[-1]


def search_view(store: Store, query: str) -> list[SearchHit]:
    return search(store, query)


def year_note(session: int | None, year: int | None) -> str | None:
    """What a year parameter was read as: "year 2015 = session 70 (2015–16)"."""
    if session is None:
        return None
    label = session_label(session)
    return f"year {year} = {label}" if year is not None else label


def consecutive(items: list[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Runs of items sharing `attribute` (dict key or attribute), in the order given."""
    runs: list[tuple[Any, list[Any]]] = []
    for item in items:
        value = item[attribute] if isinstance(item, dict) else getattr(item, attribute)
        if runs and runs[-1][0] == value:
            runs[-1][1].append(item)
        else:
            runs.append((value, [item]))
    return runs


def session_years(sessions: list[int]) -> list[dict[str, int]]:
    return [{"session": s, "year": year_of_session(s)} for s in sessions]


# --- analyses run in the background worker (web.background) ----------------------------------


@dataclass(frozen=True, slots=True)
class IdealPoint:
    session: int
    year: int
    state_code: str
    state: str
    votes: int
    dim1: float


@dataclass(frozen=True, slots=True)
class IdealPoints:
    """Ideal points on the main axis of plenary voting, fitted one session at a time (each
    session's axis turned so that the United States is positive and scaled to mean 0, SD
    1): positions within a session compare; across sessions only the ordering does.
    `skipped` are the sessions with too few contested votes to fit."""

    first: int
    last: int
    points: tuple[IdealPoint, ...]
    skipped: tuple[int, ...]


def ideal_points_over_time(store: Store, first: int, last: int) -> IdealPoints:
    """Every state's ideal point in each session `first`..`last` that has recorded votes."""
    held = [s.session for s in vote_sessions(store) if first <= s.session <= last]
    points: list[IdealPoint] = []
    skipped: list[int] = []
    for session in held:
        try:
            frame = ideal_points(store, session, session)
        except NotFound:
            skipped.append(session)
            continue
        points.extend(
            IdealPoint(
                session=session,
                year=year_of_session(session),
                state_code=str(row["state_code"]),
                state=str(row["state"]),
                votes=int(row["votes"]),
                dim1=float(row["dim1"]),
            )
            for row in frame.to_dict("records")
        )
    if not points:
        raise NotFound(f"a session with contested recorded votes in sessions {first}-{last}")
    return IdealPoints(first, last, tuple(points), tuple(skipped))


@dataclass(frozen=True, slots=True)
class GroupCohesion:
    session: int
    year: int
    members: int
    roll_calls: int
    cohesion: float


@dataclass(frozen=True, slots=True)
class GroupCohesionView:
    group: str
    name: str
    sessions: tuple[GroupCohesion, ...]


def group_cohesion(
    store: Store, group: str, start: int | None, end: int | None
) -> GroupCohesionView:
    """A named group's cohesion (Agreement Index of its members) session by session."""
    found = countries.resolve_group(group)
    frame = cohesion(store, found.code, start=start, end=end)
    return GroupCohesionView(
        group=found.code,
        name=found.name,
        sessions=tuple(
            GroupCohesion(
                session=int(row["session"]),
                year=year_of_session(int(row["session"])),
                members=int(row["members"]),
                roll_calls=int(row["roll_calls"]),
                cohesion=float(row["cohesion"]),
            )
            for row in frame.to_dict("records")
        ),
    )


@dataclass(frozen=True, slots=True)
class NetworkNode:
    state_code: str
    state: str
    community: int
    partners: int
    strength: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str
    target: str
    weight: int


@dataclass(frozen=True, slots=True)
class NetworkView:
    """A session's co-sponsorship network laid out on the server (force-directed, fixed
    seed, coordinates in 0-1): the strongest `shown` edges of `edges_total` are drawn."""

    session: int
    year: int
    drafts: int
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    edges_total: int
    communities: int


NETWORK_EDGES_SHOWN = 1200


def network_view(store: Store, session: int) -> NetworkView:
    network = sponsorship_network(store, session)
    layout = spring_layout(network.graph, weight="weight", seed=78, iterations=100)
    xs = [float(point[0]) for point in layout.values()]
    ys = [float(point[1]) for point in layout.values()]

    def scale(value: float, low: float, high: float) -> float:
        return round((value - low) / ((high - low) or 1.0), 4)

    strongest = network.edges.sort_values(["weight", "source", "target"], ascending=False)
    return NetworkView(
        session=session,
        year=year_of_session(session),
        drafts=int(
            store.scalar(
                "SELECT count(DISTINCT s.draft_symbol) FROM sponsorships s JOIN documents d "
                "ON d.source_kind = s.source_kind AND d.record_id = s.record_id "
                "WHERE d.regular_session = ?",
                [session],
            )
            or 0
        ),
        nodes=tuple(
            NetworkNode(
                state_code=str(row["state_code"]),
                state=str(row["state"]),
                community=int(row["community"]),
                partners=int(row["partners"]),
                strength=int(row["strength"]),
                x=scale(float(layout[row["state_code"]][0]), min(xs), max(xs)),
                y=scale(float(layout[row["state_code"]][1]), min(ys), max(ys)),
            )
            for row in network.nodes.to_dict("records")
        ),
        edges=tuple(
            NetworkEdge(str(row["source"]), str(row["target"]), int(row["weight"]))
            for row in strongest.head(NETWORK_EDGES_SHOWN).to_dict("records")
        ),
        edges_total=len(network.edges),
        communities=int(network.nodes["community"].nunique()),
    )


def network_sessions(store: Store) -> list[int]:
    """GA sessions with a loaded sponsor list of some draft: those a network can be drawn of."""
    rows = store.rows(
        "SELECT DISTINCT d.regular_session AS session FROM sponsorships s JOIN documents d "
        "ON d.source_kind = s.source_kind AND d.record_id = s.record_id "
        "WHERE d.regular_session IS NOT NULL ORDER BY 1"
    )
    return [int(row["session"]) for row in rows]
