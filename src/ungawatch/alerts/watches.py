"""Watches: a series or a state someone follows, optionally with a webhook to tell.

A watch sees the events announced after it was added (its Atom feed shows the whole log of
its series or state). A webhook without a secret gets a generated one: the receiver needs it
to verify the signature of every delivery.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from ungawatch import countries
from ungawatch.errors import NotFound, UngawatchError
from ungawatch.positions.history import find_series
from ungawatch.store import Store


@dataclass(frozen=True, slots=True)
class Watch:
    watch_id: int
    kind: str  # series | state
    target: str
    label: str
    webhook: str | None
    created_at: str
    events: int  # events announced since it was added
    failed: int  # webhook deliveries that failed and wait for a retry

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def add_watch(
    store: Store,
    *,
    series: str | None = None,
    state: str | None = None,
    webhook: str | None = None,
    secret: str | None = None,
) -> tuple[Watch, str | None]:
    """Follow one series (any query naming it) or one state (any name or code); returns the
    watch and the webhook secret in force (None without a webhook)."""
    if (series is None) == (state is None):
        raise UngawatchError("a watch follows one series or one state: give exactly one")
    if webhook is not None:
        url = httpx.URL(webhook)
        if url.scheme not in ("http", "https") or not url.host:
            raise UngawatchError(f"webhook {webhook!r} is not an http:// or https:// URL")
        secret = secret or secrets.token_hex(32)
    if series is not None:
        found = find_series(store, series)
        kind, target, label = "series", found.id, found.name
    else:
        assert state is not None
        resolved = countries.resolve(state)
        kind, target, label = "state", resolved.code, resolved.name
    with store.transaction():
        watch_id = int(store.scalar("SELECT coalesce(max(watch_id), 0) + 1 FROM watches"))
        store.write(
            "INSERT INTO watches VALUES (?, ?, ?, ?, ?, ?, ?, "
            "(SELECT coalesce(max(seq), 0) FROM events))",
            [watch_id, kind, target, label, webhook, secret if webhook else None, _now()],
        )
    return get_watch(store, watch_id), secret if webhook else None


def list_watches(store: Store) -> list[Watch]:
    rows = store.rows(
        "SELECT w.watch_id, w.kind, w.target, w.label, w.webhook, "
        "CAST(w.created_at AS VARCHAR) AS created_at, "
        "(SELECT count(*) FROM events e WHERE e.seq > w.after_seq AND "
        "((w.kind = 'series' AND e.series_id = w.target) OR "
        "(w.kind = 'state' AND list_contains(e.states, w.target)))) AS events, "
        "(SELECT count(*) FROM deliveries d WHERE d.watch_id = w.watch_id "
        "AND d.status = 'failed') AS failed FROM watches w ORDER BY w.watch_id"
    )
    return [Watch(**row) for row in rows]


def get_watch(store: Store, watch_id: int) -> Watch:
    for watch in list_watches(store):
        if watch.watch_id == watch_id:
            return watch
    known = [f"{w.watch_id}: {w.kind} {w.label}" for w in list_watches(store)]
    raise NotFound(f"watch {watch_id}", known)


def remove_watch(store: Store, watch_id: int) -> Watch:
    """Stop a watch; its delivery log goes with it."""
    watch = get_watch(store, watch_id)
    with store.transaction():
        for table in ("delivery_attempts", "deliveries", "watches"):
            store.write(f"DELETE FROM {table} WHERE watch_id = ?", [watch_id])
    return watch


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
