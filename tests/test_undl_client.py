"""The UN Digital Library client against a loopback server replaying the real capture."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import stamina.instrumentation as instrumentation

from undl_library import (
    FakeLibrary,
    firewall,
    reset,
    serving,
    short,
    slow,
    status,
    truncated,
)
from ungawatch.errors import SourceError
from ungawatch.sources.undl import (
    AccessRefused,
    Backoff,
    LibraryUnreachable,
    PageError,
    UndlClient,
    build_queries,
    draft_query,
    resolution_query,
    voting_query,
)
from ungawatch.sources.undl.client import (
    DRAFTS_COLLECTION,
    VOTING_COLLECTION,
    parse_headers,
    retry_after,
    search_params,
)

QUERY = draft_query("78", "C.3")
QUICK = Backoff(attempts=4, initial=0.01, maximum=0.02, jitter=0.01)


@pytest.fixture
def library(drafts_xml: Path) -> Iterator[FakeLibrary]:
    with serving(drafts_xml, QUERY.pattern, QUERY.collection) as served:
        yield served


def client(library: FakeLibrary, **options: object) -> UndlClient:
    settings: dict[str, object] = {
        "base_url": library.url,
        "page_size": 10,
        "pause": 0.0,
        "timeout": 2.0,
        "backoff": QUICK,
    }
    return UndlClient(**(settings | options))  # type: ignore[arg-type]


def test_query_builders_use_the_symbols_of_each_kind() -> None:
    assert (QUERY.collection, QUERY.pattern) == (DRAFTS_COLLECTION, "191__a:A/C.3/78/L*")
    assert draft_query("78", "plenary").pattern == "191__a:A/78/L*"
    assert resolution_query("78").pattern == "191__a:A/RES/78/*"
    assert (voting_query("ES-10").collection, voting_query("ES-10").pattern) == (
        VOTING_COLLECTION,
        "791__a:A/RES/ES-10/*",
    )
    keys = [query.key for query in build_queries(["78", "79"])]
    assert len(keys) == 18 and keys[:2] == ["drafts-78-plenary", "drafts-78-C.1"]
    assert keys[7:9] == ["resolutions-78", "votes-78"]
    only = build_queries(["78"], kinds=["drafts"], bodies=["C.3"])
    assert [query.key for query in only] == ["drafts-78-C.3"]


@pytest.mark.parametrize(
    ("sessions", "kinds", "bodies", "message"),
    [
        (["78"], ["drafts"], ["C.9"], "unknown General Assembly body 'C.9'"),
        (["78"], ["drafts"], ["HRC"], "unknown General Assembly body 'HRC'"),
        (["seventy"], ["votes"], [], "'seventy' is not a GA session"),
        (["78"], ["speeches"], [], "unknown record kind 'speeches'"),
    ],
)
def test_query_builders_refuse_what_the_library_cannot_answer(
    sessions: list[str], kinds: list[str], bodies: list[str], message: str
) -> None:
    with pytest.raises(SourceError, match=message):
        build_queries(sessions, kinds=kinds, bodies=bodies)


def test_search_params_ask_for_a_modification_window() -> None:
    since = datetime(2025, 11, 20, 18, 39)
    assert search_params(QUERY, jrec=201, page_size=200, since=since) == {
        "p": "191__a:A/C.3/78/L*",
        "cc": "Draft Resolutions and Decisions",
        "of": "xm",
        "dt": "m",
        "d1": "2025-11-20 18:39:00",
        "rg": "200",
        "jrec": "201",
    }
    assert "dt" not in search_params(QUERY, jrec=1, page_size=10)


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after({"Retry-After": "7"}) == 7.0
    assert retry_after({"Retry-After": "Thu, 01 Jan 2026 12:00:30 GMT"}, now) == 30.0
    assert retry_after({"Retry-After": "86400"}) == 900.0
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after({}) is None


def test_pages_follow_jrec_and_carry_the_hit_count(library: FakeLibrary) -> None:
    with client(library) as undl:
        first = undl.fetch(QUERY, jrec=1)
        last = undl.fetch(QUERY, jrec=91)
    assert (first.records, first.total, last.records, last.total) == (10, 94, 4, 94)
    assert first.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Search-')
    assert library.requests[0] == {
        "p": "191__a:A/C.3/78/L*",
        "cc": "Draft Resolutions and Decisions",
        "of": "xm",
        "rg": "10",
        "jrec": "1",
    }


def test_user_agent_and_approved_headers_are_sent(library: FakeLibrary) -> None:
    headers = parse_headers(["X-Approved-Access: token-123\nCookie: a=1; b=2"])
    with client(library, headers=headers, user_agent="ungawatch/0.1.0 (+me)") as undl:
        undl.fetch(QUERY, jrec=1)
    sent = library.headers[0]
    assert sent["User-Agent"] == "ungawatch/0.1.0 (+me)"
    assert (sent["X-Approved-Access"], sent["Cookie"]) == ("token-123", "a=1; b=2")
    with pytest.raises(SourceError, match="request header 'no colon' is not 'Name: value'"):
        parse_headers(["no colon"])


def test_every_transient_fault_is_retried_until_the_whole_page_comes(
    library: FakeLibrary,
) -> None:
    library.faults[1] += [status(503), reset, truncated, short, slow(1.0)]
    with client(library, timeout=0.3, backoff=Backoff(8, 0.01, 0.02, 0.01)) as undl:
        page = undl.fetch(QUERY, jrec=1)
    assert (page.records, page.total) == (10, 94)
    assert library.fetched() == [1] * 6


def test_retry_after_of_a_429_is_honoured(library: FakeLibrary) -> None:
    waits: list[float] = []
    previous = instrumentation.get_on_retry_hooks()
    instrumentation.set_on_retry_hooks([lambda details: waits.append(details.wait_for)])
    library.faults[1] += [status(429, "1"), status(503)]
    try:
        with client(library) as undl:
            undl.fetch(QUERY, jrec=1)
    finally:
        instrumentation.set_on_retry_hooks(previous)
    assert waits[0] == 1.0 and waits[1] < 0.1
    assert library.fetched() == [1, 1, 1]


def test_a_page_that_stays_broken_is_reported_not_returned(library: FakeLibrary) -> None:
    library.faults[11] += [truncated] * 4
    with client(library) as undl, pytest.raises(PageError) as caught:
        undl.fetch(QUERY, jrec=11)
    message = str(caught.value)
    assert "jrec=11" in message and "still failing after 4 attempts" in message
    assert "nothing of this page was stored" in message


def test_the_firewall_and_403_stop_at_once(library: FakeLibrary) -> None:
    library.faults[1] += [firewall, status(403)]
    with client(library) as undl:
        with pytest.raises(AccessRefused, match="HTML page instead of MARCXML"):
            undl.fetch(QUERY, jrec=1)
        with pytest.raises(AccessRefused, match=r"refused the request \(HTTP 403\)"):
            undl.fetch(QUERY, jrec=1)
    assert library.fetched() == [1, 1]


def test_pause_between_requests(library: FakeLibrary) -> None:
    slept: list[float] = []
    with client(library, pause=5.0, sleep=slept.append) as undl:
        undl.fetch(QUERY, jrec=1)
        undl.fetch(QUERY, jrec=11)
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0


def test_a_refused_connection_stops_at_once_saying_how_to_load_by_hand() -> None:
    """Offline or a wrong --base-url is not transient: no retries, no minutes of waiting."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waited: list[float] = []
    undl = UndlClient(
        f"http://127.0.0.1:{port}", page_size=10, pause=0.0, backoff=Backoff(attempts=8)
    )
    with (
        undl,
        _waits_recorded(waited),
        pytest.raises(LibraryUnreachable, match=r"127\.0\.0\.1 refused the connection") as stop,
    ):
        undl.fetch(QUERY, jrec=1)
    assert undl.requests == 1 and waited == []
    assert "could not reach the UN Digital Library" in str(stop.value)
    assert "Export → MARCXML" in str(stop.value) and "ungawatch ingest FILE" in str(stop.value)


def test_a_name_that_does_not_resolve_stops_at_once() -> None:
    # ".invalid" never resolves (RFC 2606), with or without a network.
    undl = UndlClient("http://digitallibrary.invalid", page_size=10, pause=0.0)
    with undl, pytest.raises(LibraryUnreachable, match="could not be resolved") as stop:
        undl.fetch(QUERY, jrec=1)
    assert undl.requests == 1
    assert "None" not in str(stop.value)


@contextmanager
def _waits_recorded(waited: list[float]) -> Iterator[None]:
    previous = instrumentation.get_on_retry_hooks()
    instrumentation.set_on_retry_hooks([lambda details: waited.append(details.wait_for)])
    try:
        yield
    finally:
        instrumentation.set_on_retry_hooks(previous)
