"""Alerts end to end: the session-78 capture synced in two steps, as the Library changed it.

Step one serves the DPRK draft A/C.3/78/L.39 as issued: the real record with its 515 note of
additional sponsors removed and its MARC 005 set to 7 November 2023 (the record's 999 field
says the Library catalogued it that day; the 515 and the 005 of the capture came later).
Step two serves the capture as it is. A reader of the DPRK series should hear of the draft
with its 40 original sponsors, then of the 22 additional sponsors, once each, in the event
log, in the series' Atom feed and at a webhook; a third, full replay adds nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import capture
from undl_library import FakeLibrary, serving
from ungawatch.alerts.events import list_events
from ungawatch.alerts.feeds import feed_series
from ungawatch.alerts.watches import add_watch
from ungawatch.alerts.webhooks import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    Retry,
    deliver,
    verify,
)
from ungawatch.ingest import ingest_paths
from ungawatch.ingest.archive import Archive
from ungawatch.ingest.sync import finish, sync
from ungawatch.sources.undl import Backoff, UndlClient, draft_query
from ungawatch.store import open_store, updating
from ungawatch.vocabulary import EventKind

QUERY = draft_query("78", "C.3")
SERIES = "c3-situation-of-human-rights-in-prk"
DRAFT = "A/C.3/78/L.39"
ISSUED_005, REAL_005 = "20231107120000.0", "20250516162437.0"
QUICK = Retry(attempts=3, initial=0.01, maximum=0.02, timeout=2.0)


def as_issued(record: bytes) -> bytes:
    """The DPRK record as the Library held it on issue: no 515 note, an earlier 005."""
    note = re.compile(rb'<ns0:datafield tag="515".*?</ns0:datafield>\s*', re.S)
    without_note = note.sub(b"", record)
    return re.sub(rb'(tag="005">)[^<]+', rb"\g<1>" + ISSUED_005.encode(), without_note)


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[Request]]]:
    """A loopback webhook receiver that accepts every delivery and keeps it."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    received: list[Request] = []

    def handle(request: Request) -> Response:
        request.get_data()
        received.append(request)
        return Response("ok", status=200)

    server.expect_request("/hook", method="POST").respond_with_handler(handle)
    try:
        yield server.url_for("/hook"), received
    finally:
        server.clear()
        server.stop()


def run_sync(db: Path, data: Path, library: FakeLibrary, since: datetime | None = None) -> None:
    archive = Archive(data)
    backoff = Backoff(attempts=3, initial=0.01, maximum=0.02, jitter=0.01)
    client = UndlClient(library.url, page_size=10, pause=0.0, timeout=2.0, backoff=backoff)
    with updating(db) as store, client:
        report = sync(store, client, archive, [QUERY], since=since)
    finish(archive, report)
    assert not report.failed, report.to_dict()
    with updating(db) as store:
        deliver(store, retry=QUICK)


def observed(db: Path, received: list[Request]) -> dict[str, Any]:
    """What each channel holds for the DPRK series: log, feed, webhook bodies."""
    with open_store(db, read_only=True) as store:
        events = list(reversed(list_events(store, series=SERIES, limit=100)))
        feed = feedparser.parse(feed_series(store, SERIES, "http://127.0.0.1:8000"))
    return {
        "events": events,
        "feed": feed,
        "bodies": [json.loads(request.get_data()) for request in received],
    }


def test_sync_in_two_steps_announces_each_change_once(
    tmp_path: Path, drafts_xml: Path, receiver: tuple[str, list[Request]]
) -> None:
    url, received = receiver
    db, data = tmp_path / "alerts.duckdb", tmp_path / "data"
    # The series is on record before session 78 (its session-62 draft), and watched.
    with updating(db) as store:
        ingest_paths(store, [capture("undocs/A_C.3_62_L.37_Rev.1.txt")])
        watch, secret = add_watch(store, series="Republic of Korea human rights", webhook=url)
    assert watch.target == SERIES and secret

    with serving(drafts_xml, QUERY.pattern, QUERY.collection) as library:
        real = list(library.records)
        dprk = next(i for i, record in enumerate(real) if b">4026559<" in record)
        library.records = [as_issued(real[dprk])]
        run_sync(db, data, library)
        first = observed(db, received)

        library.records = real
        run_sync(db, data, library)
        second = observed(db, received)

        run_sync(db, data, library, since=datetime(2000, 1, 1))
        third = observed(db, received)

    # Step one: the draft as issued, Republic of Korea among its 40 original sponsors.
    session78 = [e for e in first["events"] if e.session == 78]
    assert [e.kind for e in session78] == [EventKind.NEW_DRAFT]
    draft = session78[0]
    assert draft.symbol == DRAFT and "KOR" in draft.states and len(draft.states) == 40
    assert "JPN" not in draft.states
    assert "names 40 original sponsors (A/C.3/78/L.39)" in draft.summary
    korea = next(line for line in draft.lines if line.state_code == "KOR")
    assert "not a sponsor in session 62 (2007–08)" in korea.sentence
    assert "no sponsor list is on record for sessions 63–77 (2008–2022)" in korea.sentence
    assert [entry.id for entry in first["feed"].entries][:1] == [f"urn:uuid:{draft.event_id}"]
    assert [body["event_id"] for body in first["bodies"]] == [draft.event_id]

    # Step two: one more event, the 22 additional sponsors listed in the committee report.
    added = [e for e in second["events"] if e.seq > draft.seq]
    assert [e.kind for e in added] == [EventKind.SPONSORS_JOINED]
    joined = added[0]
    assert len(joined.states) == 22 and "JPN" in joined.states and "KOR" not in joined.states
    assert joined.documents == (DRAFT, "A/78/481/Add.3")
    assert "The list of A/C.3/78/L.39 now has 62 sponsors (40 original, 22 additional)" in (
        joined.summary
    )
    feed = second["feed"]
    assert not feed.bozo, feed.bozo_exception
    ids = [entry.id for entry in feed.entries]
    assert ids[:2] == [f"urn:uuid:{joined.event_id}", f"urn:uuid:{draft.event_id}"]
    assert [body["event_id"] for body in second["bodies"]] == [draft.event_id, joined.event_id]
    for request in received:
        assert verify(secret, request.get_data(), request.headers[SIGNATURE_HEADER])
        assert request.headers[IDEMPOTENCY_HEADER] == f"{watch.watch_id}:{request.json['event_id']}"

    # Step three: the same records again add nothing anywhere.
    assert [e.event_id for e in third["events"]] == [e.event_id for e in second["events"]]
    assert [entry.id for entry in third["feed"].entries] == ids
    assert len(third["bodies"]) == 2
    with open_store(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM deliveries WHERE status <> 'delivered'") == 0
        timeline = store.rows(
            "SELECT role, listed_in, count(*) AS n, min(modified) AS modified "
            "FROM sponsor_timeline WHERE draft = ? GROUP BY ALL ORDER BY role",
            [DRAFT],
        )
    assert timeline == [
        {"role": "additional", "listed_in": "A/78/481/Add.3", "n": 22, "modified": REAL_005},
        {"role": "original", "listed_in": DRAFT, "n": 40, "modified": ISSUED_005},
    ]
