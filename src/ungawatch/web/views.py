"""What each dashboard page shows, as plain dicts: the HTML page and its JSON twin use these.

Every function takes an open store and validated parameters and returns data only; the HTML
templates and the `/api/v1` routes render the same dict. Library errors (`NotFound`,
`UnknownState`, `AmbiguousQuery`, `SymbolError`) pass through to the web error edge.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date
from typing import Any
from urllib.parse import quote

import pycountry
from rapidfuzz import process

from ungawatch import countries
from ungawatch.analysis.agreement import agreement
from ungawatch.countries.regions import region_names, region_of
from ungawatch.errors import NotFound, SymbolError, UngawatchError
from ungawatch.positions.changes import changes
from ungawatch.positions.history import HistoryRow, history
from ungawatch.positions.resolution import resolution
from ungawatch.positions.series import list_series
from ungawatch.status import status
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol
from ungawatch.titles import title_key
from ungawatch.web import grid

LIBRARY_SEARCH = "https://digitallibrary.un.org/search?p="
RECORDED_VOTES = ("Y", "N", "A", "X")


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


def series_info(store: Store, series_id: str) -> dict[str, Any]:
    """The listing entry of one series, or NotFound with the closest ids."""
    every = list_series(store)
    for entry in every:
        if str(entry["id"]) == series_id:
            return entry
    ids = [str(entry["id"]) for entry in every]
    raise NotFound(
        f"series {series_id!r}", [m for m, _, _ in process.extract(series_id, ids, limit=5)]
    )


def series_list(store: Store, words: str | None) -> list[dict[str, Any]]:
    return [dict(entry, sessions=list(entry["sessions"])) for entry in list_series(store, words)]


def series_view(store: Store, series_id: str, sort: str, group: str | None) -> dict[str, Any]:
    """The series page: states × sessions grid, sponsors per session, the legend."""
    info = series_info(store, series_id)
    rows = history(store, series_id)
    return {
        "series": dict(info, sessions=list(info["sessions"])),
        "sort": sort,
        "group": group,
        "groups": region_names(),
        "sessions": grid.sessions(rows),
        "sponsor_counts": grid.sponsor_counts(rows),
        "rows": grid.state_rows(rows, sort, group),
        "legend": grid.LEGEND,
    }


def series_history_rows(store: Store, series_id: str, state: str | None) -> list[dict[str, Any]]:
    series_info(store, series_id)
    return [row.to_dict() for row in history(store, series_id, state)]


def resolution_view(store: Store, symbol: str) -> dict[str, Any]:
    """A resolution with a row per state (sponsor role and vote) for the map and the table."""
    view = resolution(store, symbol)
    table = _state_table(view)
    view["states"] = table
    recorded = [row["vote"] for row in table if row["vote"] in RECORDED_VOTES]
    view["vote_counts"] = dict(Counter(recorded))
    symbols = [d["symbol"] for d in view["documents"]] + [r["to_symbol"] for r in view["related"]]
    view["library"] = {symbol: library_url(symbol) for symbol in symbols if symbol}
    view["series_id"] = _series_id(store, view["title"])
    return view


def _state_table(view: dict[str, Any]) -> list[dict[str, Any]]:
    day = date(view["year"], 12, 31) if view["year"] else date.today()
    roles = {s["state_code"]: role for role, rows in view["sponsors"].items() for s in rows}
    votes = {v["state_code"]: v["vote"] for v in view["votes"]}
    members = {s.code for s in countries.members_on(day)} if view["year"] else set()
    adoption = view["adoption"]
    consensus = adoption is not None and adoption["method"] == "without a vote"
    table = []
    for code in members | set(roles) | set(votes):
        table.append(
            {
                "state_code": code,
                "state": countries.state(code).name_on(day),
                "region": region_of(code),
                "iso_numeric": _numeric(code),
                "sponsor_role": roles.get(code, "none"),
                "vote": votes.get(code) or ("without a vote" if consensus else None),
            }
        )
    return sorted(table, key=lambda row: countries.normalize_name(row["state"]))


@functools.cache
def _numeric(code: str) -> str | None:
    """ISO 3166 numeric code: the key of the vendored world map's shapes."""
    record = pycountry.countries.get(alpha_3=code)
    return str(record.numeric) if record is not None else None


def _series_id(store: Store, title: str | None) -> str | None:
    if not title:
        return None
    key = title_key(title)
    for entry in list_series(store, title):
        if title_key(str(entry["name"])) == key:
            return str(entry["id"])
    return None


def state_view(store: Store, name: str, compare: list[str]) -> dict[str, Any]:
    """A state: registry facts, its position on every series, agreement with chosen states."""
    found = countries.resolve(name)
    others = [countries.resolve(other) for other in compare]
    return {
        "state": _state_facts(found),
        "timeline": _timeline(store, found.code),
        "agreement": [_agreement_or_none(store, found, other) for other in others],
    }


def _state_facts(state: countries.State) -> dict[str, Any]:
    return {
        **countries.describe(state),
        "region": region_of(state.code),
        "region_name": region_names().get(region_of(state.code)),
    }


def _timeline(store: Store, code: str) -> list[dict[str, Any]]:
    """For each series, this state's role and vote in each session of it; sponsored first."""
    timeline = []
    for entry in list_series(store):
        rows: list[HistoryRow] = history(store, str(entry["id"]), code)
        cells = [grid.cell(row) for row in rows]
        sponsored = sum(cell["sponsor_role"] in ("original", "additional") for cell in cells)
        timeline.append(
            {
                "series_id": str(entry["id"]),
                "name": entry["name"],
                "body": entry["body"],
                "sponsored": sponsored,
                "cells": cells,
            }
        )
    return sorted(timeline, key=lambda item: (-item["sponsored"], str(item["name"])))


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
    store: Store, session: int, state: str | None, query: str | None
) -> list[dict[str, Any]]:
    return [change.to_dict() for change in changes(store, session, country=state, query=query)]


def search_view(store: Store, query: str) -> list[dict[str, Any]]:
    """Hits for what a reader types: a symbol, a state, or words from a title.

    Names of states inside the words are read as the state's official name, so "North Korea
    human rights" finds "Situation of human rights in the Democratic People's Republic of Korea".
    """
    hits = _symbol_hits(store, query) + _state_hits(query)
    hits += [
        {
            "kind": "series",
            "id": str(entry["id"]),
            "label": entry["name"],
            "detail": _sessions_text(entry["sessions"]),
            "url": f"/series/{entry['id']}",
        }
        for entry in list_series(store, _expand_states(query)) or list_series(store, query)
    ]
    return hits


def _sessions_text(sessions: list[int]) -> str:
    listed = ", ".join(str(s) for s in sessions)
    return f"session{'s' if len(sessions) > 1 else ''} {listed}"


def _symbol_hits(store: Store, query: str) -> list[dict[str, Any]]:
    try:
        symbol = str(parse_symbol(query))
    except SymbolError:
        return []
    try:
        view = resolution(store, symbol)
    except UngawatchError:
        return []
    return [
        {
            "kind": "resolution",
            "id": symbol,
            "label": view["title"],
            "detail": " / ".join(filter(None, (view["resolution"], view["draft"]))),
            "url": f"/resolutions/{symbol}",
        }
    ]


def _state_hits(query: str) -> list[dict[str, Any]]:
    if not countries.is_known_name(query):
        return []
    try:
        state = countries.resolve(query)
    except UngawatchError:
        return []
    return [
        {
            "kind": "state",
            "id": state.code,
            "label": state.name,
            "detail": state.kind,
            "url": f"/states/{state.code}",
        }
    ]


def _expand_states(query: str) -> str:
    """Replace the longest run of words naming a state with that state's official name."""
    words = query.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            span = " ".join(words[start : start + size])
            if len(span) > 3 and countries.is_known_name(span):
                try:
                    name = countries.resolve(span).name
                except UngawatchError:
                    continue
                return " ".join([*words[:start], name, *words[start + size :]])
    return query
