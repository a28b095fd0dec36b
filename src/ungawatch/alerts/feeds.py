"""The event log as Atom feeds (RFC 4287), generated with feedgen.

Entry ids are the events' own UUIDs (`urn:uuid:…`), which never change once announced, so a
reader shows each event once however often it polls; a feed's id is a UUID derived from its
path. A feed's `updated` is its newest entry's, so an unchanged log gives the same bytes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from ungawatch import countries
from ungawatch.alerts.events import Event, list_events
from ungawatch.positions.history import find_series
from ungawatch.store import Store

_FEEDS = uuid.UUID("0f6f1f5e-5a8e-4f5b-8a8e-3c6d2b7e9a41")
ENTRIES = 100
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def feed_all(store: Store, base_url: str) -> bytes:
    events = list_events(store, limit=ENTRIES)
    return _atom(events, "/feeds/all.atom", "ungawatch: every event", base_url, "/")


def feed_series(store: Store, series_id: str, base_url: str) -> bytes:
    series = find_series(store, series_id)
    events = list_events(store, series=series.id, limit=ENTRIES)
    path = f"/feeds/series/{quote(series.id, safe='')}.atom"
    return _atom(events, path, f"ungawatch: {series.name}", base_url, f"/series/{series.id}")


def feed_state(store: Store, state: str, base_url: str) -> bytes:
    found = countries.resolve(state)
    events = list_events(store, state=found.code, limit=ENTRIES)
    path = f"/feeds/states/{found.code}.atom"
    return _atom(events, path, f"ungawatch: {found.name}", base_url, f"/states/{found.code}")


def _atom(events: list[Event], path: str, title: str, base_url: str, page: str) -> bytes:
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(_FEEDS, path)}")
    feed.title(title)
    feed.author({"name": "ungawatch"})
    feed.link(href=f"{base}{path}", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}{page}", rel="alternate", type="text/html")
    feed.subtitle("Sponsor lists, adoptions and votes on UN resolutions, as the record changes.")
    feed.updated(max((_when(e.seen_at) for e in events), default=_EPOCH))
    for event in reversed(events):  # feedgen prepends: oldest first gives newest on top
        _entry(feed, event, base, lines=path.startswith("/feeds/states/"))
    return bytes(feed.atom_str(pretty=True))


def _entry(feed: FeedGenerator, event: Event, base: str, *, lines: bool) -> None:
    """One event; a state's feed adds the event's sentence on that state."""
    entry = feed.add_entry()
    entry.id(f"urn:uuid:{event.event_id}")
    entry.title(event.title)
    entry.updated(_when(event.seen_at))
    entry.published(_when(event.seen_at))
    entry.category(term=event.kind.value)
    said = "\n".join(line.sentence for line in event.lines) if lines else ""
    entry.content(f"{event.summary}\n\n{said}".strip(), type="text")
    if event.series_id and event.session is not None:
        link = f"{base}/briefings/{quote(event.series_id, safe='')}/{event.session}"
        entry.link(href=link, rel="alternate", type="text/html")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
