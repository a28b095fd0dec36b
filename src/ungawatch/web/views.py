"""What each dashboard page shows: the HTML page and its JSON twin render the same value.

Every function takes an open store and validated parameters, calls the library (which reads
the stored positions; nothing here links series or computes positions) and arranges the
result for a page. Library errors (`NotFound`, `UnknownState`, `AmbiguousQuery`,
`SymbolError`) pass through to the web error edge.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import quote

from rapidfuzz import process

from ungawatch import countries
from ungawatch.analysis.agreement import agreement
from ungawatch.countries.regions import region_names, region_of
from ungawatch.errors import NotFound
from ungawatch.positions.changes import Change, changes
from ungawatch.positions.history import (
    history,
    list_series,
    positions_of,
    series_sessions,
    state_positions,
)
from ungawatch.positions.records import Position, SeriesInfo
from ungawatch.positions.resolution import ResolutionView, resolution
from ungawatch.positions.search import SearchHit, search
from ungawatch.status import status
from ungawatch.store import Store
from ungawatch.vocabulary import RECORDED_VOTES, Track
from ungawatch.web import grid

LIBRARY_SEARCH = "https://digitallibrary.un.org/search?p="


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list, with the total so clients know whether to ask for more."""
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


def library_url(symbol: str) -> str:
    """The UN Digital Library search for a symbol: a link for the reader, never fetched."""
    return LIBRARY_SEARCH + quote(symbol, safe="")


def status_view(store: Store) -> dict[str, Any]:
    return status(store)


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
    """The series page: states × sessions grid, sponsors per session, the legend."""
    info = series_info(store, series_id)
    coverage = series_sessions(store, series_id)
    return {
        "series": info,
        "sort": sort,
        "group": group,
        "groups": region_names(),
        "sessions": grid.sessions(coverage),
        "sponsor_counts": grid.sponsor_counts(coverage),
        "rows": grid.state_rows(positions_of(store, info), sort, group),
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
    """The resolution as the library gives it, with the page's vote counts and the UN Digital
    Library search link of every symbol it names."""

    vote_counts: dict[str, int]
    library: dict[str, str]


def resolution_view(store: Store, symbol: str, track: Track | None = None) -> ResolutionPage:
    """A resolution with a row per state (sponsor role and vote) for the map and the table."""
    view = resolution(store, symbol, track=track)
    recorded = [line.vote.value for line in view.states if line.vote in RECORDED_VOTES]
    symbols = [d.symbol for d in view.documents] + [r.to_symbol for r in view.related]
    symbols += [s for s in (view.resolution, view.draft) if s]
    return ResolutionPage(
        **{f.name: getattr(view, f.name) for f in fields(view)},
        vote_counts={vote: recorded.count(vote) for vote in dict.fromkeys(recorded)},
        library={s: library_url(s) for s in symbols},
    )


def state_view(store: Store, name: str, compare: list[str]) -> dict[str, Any]:
    """A state: registry facts, its position on every series, agreement with chosen states."""
    found = countries.resolve(name)
    others = [countries.resolve(other) for other in compare]
    return {
        "state": _state_facts(found),
        "timeline": [
            {
                "series_id": series.id,
                "name": series.name,
                "body": series.body,
                "sponsored": sum(p.is_sponsor for p in positions),
                "cells": [grid.cell(p) for p in positions],
            }
            for series, positions in state_positions(store, found.code)
        ],
        "agreement": [_agreement_or_none(store, found, other) for other in others],
    }


def _state_facts(state: countries.State) -> dict[str, Any]:
    return {
        **countries.describe(state),
        "region": region_of(state.code),
        "region_name": region_names().get(region_of(state.code)),
    }


def timeline_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The state page's timeline as long rows, for its CSV download."""
    return [
        {"series_id": entry["series_id"], "series": entry["name"], **cell}
        for entry in view["timeline"]
        for cell in entry["cells"]
    ]


def agreement_view(
    store: Store, a: str, b: str, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    """How often two states voted alike, session by session."""
    first, second = countries.resolve(a), countries.resolve(b)
    frame = agreement(store, first.code, second.code, start=start, end=end)
    rows = [
        {str(key): value.item() if hasattr(value, "item") else value for key, value in r.items()}
        for r in frame.to_dict("records")
    ]
    return {"a": _brief(first), "b": _brief(second), "sessions": rows}


def _agreement_or_none(
    store: Store, state: countries.State, other: countries.State
) -> dict[str, Any]:
    """On the state page, no vote in common is an empty line, not a missing page."""
    try:
        return agreement_view(store, state.code, other.code)
    except NotFound:
        return {"a": _brief(state), "b": _brief(other), "sessions": []}


def _brief(state: countries.State) -> dict[str, str]:
    return {"code": state.code, "name": state.name}


def changes_view(
    store: Store,
    session: int | None,
    state: str | None,
    query: str | None,
    track: Track | None = None,
) -> list[Change]:
    """Changes in one session of a track (the General Assembly's when no track is chosen:
    session numbers are the body's own)."""
    return changes(store, session, country=state, query=query, track=track or Track.GA)


def search_view(store: Store, query: str) -> list[SearchHit]:
    return search(store, query)
