"""Computing a new database version's pages before the server switches to it.

After an ingest, the URLs readers asked on the old version are asked again on the new one,
through the whole application (routes, memo, templates), one at a time in a thread of its
own: the same code path as a reader's request, so what is prepared is exactly what a reader
will be served. Readers meanwhile get the old version from its cache; see `web.snapshots`.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from starlette.types import ASGIApp, Message

from ungawatch.web.responses import PREPARING
from ungawatch.web.snapshots import PREPARE_SECONDS, Asked, Preparer, Snapshot


def preparer(app: ASGIApp) -> Preparer:
    """A preparer replaying URLs through `app` on the snapshot being prepared.

    What lives when it starts (the old version's views) and what each replayed URL built
    (the new version's) are put out of the cyclic garbage collector's sight (`gc.freeze`, as
    the server does at start; a freeze only moves the collector's lists): otherwise each full
    collection the preparation's allocations set off walks every view built so far, 60-160
    ms during which no reader is answered. A retired version's views are still freed:
    closing it drops its cache, and they hold no reference cycles (the server's memory
    stayed at 480-505 MB over eight versions, with a freeze after each URL)."""

    def prepare(snapshot: Snapshot, urls: list[Asked]) -> int:
        gc.freeze()
        try:
            return asyncio.run(_replay(app, snapshot, urls, time.monotonic() + PREPARE_SECONDS))
        finally:
            gc.freeze()

    return prepare


async def _replay(app: ASGIApp, snapshot: Snapshot, urls: list[Asked], deadline: float) -> int:
    """Each URL in turn until all are done, the time is up or the version was replaced;
    how many were done."""
    for done, (path, query) in enumerate(urls):
        if snapshot.retired or time.monotonic() > deadline:
            return done
        await app(_scope(snapshot, path, query), _no_body, _discard)
        gc.freeze()  # what this URL built lives as long as the version
    return len(urls)


def _scope(snapshot: Snapshot, path: str, query: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": None,
        "server": None,
        "state": {},
        PREPARING: snapshot,
    }


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _discard(message: Message) -> None:
    """The answer itself is not needed: computing it filled the snapshot's memo."""
