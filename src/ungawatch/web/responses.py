"""What every data response shares: the request's snapshot lease, ETags, CSV, pagination.

Everything the server shows changes only when an ingest replaces the database file, so one
validator, derived from the file's identity, serves for every response: clients revalidate
(`Cache-Control: no-cache`) and get `304 Not Modified` without the server computing anything
until the next ingest.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from pydantic_core import to_json
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ungawatch.web.snapshots import Lease, Snapshot, SnapshotPool

CACHE_CONTROL = "no-cache"
# Smaller answers are sent as they are: gzip would save less than its header costs.
GZIP_MINIMUM = 1024
# The request state key of a route's whole answer: its body and media type.
WHOLE = "whole"
# The scope key of a request replayed on a version being prepared: the snapshot it reads.
PREPARING = "ungawatch.preparing"
Format = Literal["json", "csv"]
FormatQuery = Annotated[Format, Query(description="json, or csv for the figure's data.")]
LimitQuery = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
OffsetQuery = Annotated[int, Query(ge=0, description="Items to skip.")]


def pool_of(request: Request) -> SnapshotPool:
    pool = request.app.state.pool
    assert isinstance(pool, SnapshotPool)
    return pool


def lease(request: Request) -> Iterator[Lease]:
    """The store for one request (on the version being prepared, for a replayed one); its
    snapshot's ETag goes on the response and the snapshot remembers the URL it answered."""
    with pool_of(request).lease(request.scope.get(PREPARING)) as held:
        request.state.snapshot = held.snapshot
        yield held


LeaseDep = Annotated[Lease, Depends(lease)]
T = TypeVar("T")


def data(lease: Lease, key: tuple[Any, ...], build: Callable[..., T], *args: Any) -> T:
    """`build(store, *args)` for this database version, computed once per key."""
    return lease.snapshot.memo(key, lambda: build(lease.store, *args))


def as_json(lease: Lease, key: tuple[Any, ...], build: Callable[[], Any]) -> Response:
    """The answer serialized as the view gives it, once per version.

    Not validated against the route's response model on the way out: pydantic-core holds the
    interpreter lock for the whole call, and re-validating a series grid (~11,000 cells)
    took 7-24 ms alone and 60-160 ms when its allocations set off a full garbage collection,
    during which no other reader was answered. The views build exactly the models' fields;
    a test checks every JSON route's answer against its model."""
    body = lease.snapshot.memo(("json", *key), lambda: Body(to_json(build())))
    return Stored(body, "application/json")


class Body:
    """A kept answer's bytes, and the same gzipped, compressed on first need: readers of a
    kept series page (1.4 MB of HTML, ~7 ms to compress) then cost no compression each."""

    __slots__ = ("_gzipped", "plain")

    def __init__(self, plain: bytes) -> None:
        self.plain = plain
        self._gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        # Two readers may compress it at once: both get the same bytes, one is kept.
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.plain, compresslevel=1, mtime=0)
        return self._gzipped


class Stored(Response):
    """A kept answer, sent gzipped to a client that accepts it (the gzip middleware leaves
    an encoded response alone). A 200 says so in the request state, for `Edge` to keep."""

    def __init__(
        self,
        body: Body,
        media_type: str,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(body.plain, status_code, headers, media_type)
        self.stored = body
        self.headers["Vary"] = "Accept-Encoding"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.status_code == 200:
            scope.setdefault("state", {})[WHOLE] = (self.stored, self.media_type)
        accepted = Headers(scope=scope).get("accept-encoding", "")
        if len(self.body) >= GZIP_MINIMUM and "gzip" in accepted:
            self.body = self.stored.gzipped()
            self.headers["Content-Encoding"] = "gzip"
            self.headers["Content-Length"] = str(len(self.body))
        await super().__call__(scope, receive, send)


class Edge:
    """Plain ASGI middleware: answers kept whole, 304 for a current ETag, validators and
    security headers.

    Written against ASGI directly rather than as a `BaseHTTPMiddleware`, which costs a task
    and a stream per request. A GET outside /static/ whose `If-None-Match` names the current
    database version is answered 304 before any route runs, and so is a URL whose whole
    answer the current version keeps: no routing, no dependency, no thread. A 200 is tagged
    with the ETag of the snapshot its route read (put in the request state by `lease`), and
    that snapshot remembers the URL, to compute it ahead on the next version, with the
    answer when the route says it is the same for every reader (`Stored`). So does a 202:
    replayed, it starts the background analysis on the next version early.
    """

    def __init__(self, app: ASGIApp, pool: SnapshotPool, security: dict[str, str]) -> None:
        self.app = app
        self.pool = pool
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tagged = scope["method"] == "GET" and not scope["path"].startswith("/static/")
        url = (scope["path"], scope["query_string"])
        if tagged and PREPARING not in scope:
            current = self.pool.current()
            if _matches(Headers(scope=scope).get("if-none-match"), current.etag):
                await Response(status_code=304, headers=self._headers(current.etag))(
                    scope, receive, send
                )
                return
            whole = current.whole(url)
            if whole is not None:
                body, media_type = whole
                headers = self._headers(current.etag)
                await Stored(body, media_type, headers=headers)(scope, receive, send)
                return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.security.items():
                    headers.setdefault(name, value)
                state = scope.get("state", {})
                snapshot: Snapshot | None = state.get("snapshot")
                if tagged and snapshot is not None and message["status"] in (200, 202):
                    snapshot.answered(url, state.get(WHOLE))
                    if message["status"] == 200:
                        headers.update(self._headers(snapshot.etag))
            await send(message)

        await self.app(scope, receive, send_tagged)

    def _headers(self, etag: str) -> dict[str, str]:
        return {"ETag": etag, "Cache-Control": CACHE_CONTROL, **self.security}


def _matches(header: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: a list of (possibly weak) tags, or "*"."""
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def csv_response(rows: list[dict[str, Any]], filename: str) -> Response:
    """Rows as CSV (lists joined with "; "), offered as a download named after the figure."""
    out = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _flat(value) for key, value in row.items()})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return "" if value is None else value


def file_stem(text: str) -> str:
    """A download file name from a symbol or id: "A/RES/78/218" -> "A_RES_78_218"."""
    return "".join(char if char.isalnum() or char in ".-" else "_" for char in text)[:100]
