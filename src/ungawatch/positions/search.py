"""What a reader types into one search box: a document symbol, a state, or title words."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ungawatch import countries
from ungawatch.errors import SymbolError, UngawatchError
from ungawatch.positions.history import list_series
from ungawatch.positions.resolution import resolution
from ungawatch.store import Store
from ungawatch.symbols import parse_symbol


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # resolution | state | series
    id: str
    label: str | None
    detail: str | None
    url: str


def search(store: Store, query: str) -> list[SearchHit]:
    """Hits for a symbol, a state, or words from a title (any name of a state inside the words
    matches its official name: "North Korea human rights")."""
    return _symbol_hits(store, query) + _state_hits(query) + _series_hits(store, query)


def _symbol_hits(store: Store, query: str) -> list[SearchHit]:
    try:
        symbol = str(parse_symbol(query))
    except SymbolError:
        return []
    try:
        view = resolution(store, symbol)
    except UngawatchError:
        return []
    detail = " / ".join(filter(None, (view.resolution, view.draft)))
    return [SearchHit("resolution", symbol, view.title, detail, f"/resolutions/{quote(symbol)}")]


def _state_hits(query: str) -> list[SearchHit]:
    if not countries.is_known_name(query):
        return []
    try:
        state = countries.resolve(query)
    except UngawatchError:
        return []
    return [SearchHit("state", state.code, state.name, state.kind, f"/states/{state.code}")]


def _series_hits(store: Store, query: str) -> list[SearchHit]:
    return [
        SearchHit(
            "series",
            series.id,
            series.name,
            ", ".join(f"{s} ({y})" for s, y in zip(series.sessions, series.years, strict=True)),
            f"/series/{series.id}",
        )
        for series in list_series(store, query)
    ]
