"""A loopback stand-in for the UN Digital Library's search, serving a real capture.

It pages the capture the way the Library does: `/search?p=…&cc=…&of=xm&rg=N&jrec=K`
answers the records K … K+N-1 (1-based) of the hits, each page keeping the XML declaration,
the `Search-Engine-Total-Number-Of-Results` comment and the `<collection>` wrapper, with
the records' bytes exactly as captured. `dt=m&d1=…` keeps records whose MARC 005 is at or
after d1, as the Library's modification-date limit does. A search other than the one the
capture answers gets zero hits. Faults can be queued per page to replay what the network
and the Library's firewall do; every request is counted.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

_RECORD = re.compile(rb"<(?:ns0:)?record\b.*?</(?:ns0:)?record>", re.S)
_MODIFIED = re.compile(rb'tag="005">([^<]+)<')
FIREWALL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Human Verification</title></head><body>"
    b"<noscript>Please enable JavaScript to continue.</noscript></body></html>"
)

Fault = Callable[[Request, bytes], Response | None]


@dataclass
class FakeLibrary:
    """The capture's records, the search they answer, faults to inject, requests seen."""

    records: list[bytes]
    pattern: str
    collection: str
    url: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    faults: dict[int, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, capture: Path, pattern: str, collection: str) -> FakeLibrary:
        return cls(_RECORD.findall(capture.read_bytes()), pattern, collection)

    def fetched(self) -> list[int]:
        """The jrec of every search request received, in order."""
        with self.lock:
            return [int(args.get("jrec", "1")) for args in self.requests]

    def page(self, args: dict[str, str]) -> bytes:
        hits = self.hits(args)
        jrec, rg = int(args.get("jrec", "1")), int(args.get("rg", "10"))
        chosen = hits[jrec - 1 : jrec - 1 + rg]
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b"<!-- Search-Engine-Total-Number-Of-Results: %d -->\n"
            b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n' % len(hits)
        )
        return head + b"\n".join(chosen) + b"\n\n</collection>"

    def hits(self, args: dict[str, str]) -> list[bytes]:
        if args.get("p") != self.pattern or args.get("cc") != self.collection:
            return []
        since = args.get("d1")
        if args.get("dt") != "m" or not since:
            return list(self.records)
        floor = datetime.strptime(since, "%Y-%m-%d %H:%M:%S").strftime("%Y%m%d%H%M%S")
        return [record for record in self.records if _modified(record) >= floor]

    def handle(self, request: Request) -> Response:
        args = dict(request.args.items())
        with self.lock:
            self.requests.append(args)
            self.headers.append(dict(request.headers.items()))
            queued = self.faults.get(int(args.get("jrec", "1")))
            fault = queued.pop(0) if queued else None
        body = self.page(args)
        answer = fault(request, body) if fault else None
        return answer or Response(body, content_type="text/xml; charset=utf-8")


def _modified(record: bytes) -> str:
    found = _MODIFIED.search(record)
    return found.group(1).decode()[:14] if found else ""


@contextmanager
def serving(capture: Path, pattern: str, collection: str) -> Iterator[FakeLibrary]:
    """Run the fake Library on a loopback port (threaded, so a slow page blocks no retry)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    library = FakeLibrary.of(capture, pattern, collection)
    library.url = server.url_for("/").rstrip("/")
    server.expect_request("/search").respond_with_handler(library.handle)
    try:
        yield library
    finally:
        server.clear()
        if server.is_running():
            server.stop()


# Faults, each answering one request instead of (or before) the real page.


def status(code: int, retry_after: str | None = None) -> Fault:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return lambda _request, _body: Response(b"busy", status=code, headers=headers)


def truncated(_request: Request, body: bytes) -> Response:
    return Response(body[: len(body) // 2], content_type="text/xml")


def short(_request: Request, body: bytes) -> Response:
    """A whole page with its last record missing: fewer records than the count promises."""
    cut = body.rfind(b"<ns0:record")
    return Response(body[:cut] + b"</collection>", content_type="text/xml")


def firewall(_request: Request, _body: bytes) -> Response:
    return Response(FIREWALL_PAGE, status=200, content_type="text/html")


def slow(seconds: float) -> Fault:
    def answer(_request: Request, _body: bytes) -> None:
        time.sleep(seconds)

    return answer


def reset(request: Request, _body: bytes) -> Response:
    """Drop the connection with a TCP reset before any byte of the answer."""
    sock: socket.socket = request.environ["werkzeug.socket"]
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.shutdown(socket.SHUT_RDWR)
    return Response(b"", status=500)


def hold(release: threading.Event, reached: threading.Event) -> Fault:
    """Keep the request waiting (a page in flight) until the test releases it."""

    def answer(_request: Request, _body: bytes) -> None:
        reached.set()
        release.wait(30)

    return answer
