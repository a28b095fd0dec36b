"""Reading the event log: overall, for one series, or for one state (newest first)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ungawatch import countries
from ungawatch.positions.history import find_series, state_name
from ungawatch.sessions import label
from ungawatch.store import Store
from ungawatch.vocabulary import EventKind, Track


@dataclass(frozen=True, slots=True)
class EventLine:
    """What an event says about one state."""

    state_code: str
    state: str
    value: str
    previous: str | None
    previous_session: int | None
    document: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log: what the record gained, when the database first held it."""

    event_id: str
    seq: int
    kind: EventKind
    series_id: str | None
    series: str | None
    track: Track
    session: int | None
    year: int | None
    session_label: str | None
    body: str | None
    symbol: str
    documents: tuple[str, ...]
    happened_on: str | None
    seen_at: str
    title: str
    summary: str
    states: tuple[str, ...]
    lines: tuple[EventLine, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_events(
    store: Store,
    *,
    series: str | None = None,
    state: str | None = None,
    limit: int = 50,
    event_ids: list[str] | None = None,
) -> list[Event]:
    """Events newest first; of the series `series` names, or naming the state `state` (with
    only that state's lines); all lines of each event when neither is given."""
    series_id = find_series(store, series).id if series else None
    code = countries.resolve(state).code if state else None
    rows = store.rows(
        "SELECT *, CAST(happened_on AS VARCHAR) AS happened, CAST(seen_at AS VARCHAR) AS seen "
        "FROM events WHERE (? IS NULL OR series_id = ?) "
        "AND (? IS NULL OR list_contains(states, ?)) "
        "AND (? IS NULL OR event_id IN (SELECT unnest(?::VARCHAR[]))) "
        "ORDER BY seq DESC LIMIT ?",
        [series_id, series_id, code, code, event_ids, event_ids, limit],
    )
    lines = _lines(store, [str(r["event_id"]) for r in rows], code)
    return [_event(row, lines.get(str(row["event_id"]), ())) for row in rows]


Lines = dict[str, tuple[EventLine, ...]]


def _lines(store: Store, event_ids: list[str], code: str | None) -> Lines:
    found: dict[str, list[EventLine]] = {}
    for row in store.rows(
        "SELECT s.*, e.year FROM event_states s JOIN events e USING (event_id) "
        "WHERE event_id IN (SELECT unnest(?::VARCHAR[])) AND (? IS NULL OR state_code = ?) "
        "ORDER BY event_id, state_code",
        [event_ids, code, code],
    ):
        year = int(row["year"]) if row["year"] is not None else 2100
        found.setdefault(str(row["event_id"]), []).append(
            EventLine(
                state_code=str(row["state_code"]),
                state=state_name(str(row["state_code"]), year),
                value=str(row["value"]),
                previous=row["previous"],
                previous_session=row["previous_session"],
                document=row["document"],
                sentence=str(row["sentence"]),
            )
        )
    return {key: tuple(value) for key, value in found.items()}


def _event(row: dict[str, Any], lines: tuple[EventLine, ...]) -> Event:
    track = Track(row["track"] or Track.GA.value)
    session = row["session"]
    return Event(
        event_id=str(row["event_id"]),
        seq=int(row["seq"]),
        kind=EventKind(row["kind"]),
        series_id=row["series_id"],
        series=row["series"],
        track=track,
        session=session,
        year=row["year"],
        session_label=label(track, int(session)) if session is not None else None,
        body=row["body"],
        symbol=str(row["symbol"]),
        documents=tuple(row["documents"]),
        happened_on=row["happened"],
        seen_at=str(row["seen"]),
        title=str(row["title"]),
        summary=str(row["summary"]),
        states=tuple(row["states"]),
        lines=lines,
    )
