"""Webhook delivery against a loopback receiver that fails, times out, then succeeds.

The event comes from a real ingest (the session-62 DPRK draft text, Japan among its
sponsors) after a watch on Japan was added; the receiver checks what a real one would.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from conftest import capture
from ungawatch.alerts.watches import add_watch, list_watches, remove_watch
from ungawatch.alerts.webhooks import (
    EVENT_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    Retry,
    deliver,
    deliveries,
    sign,
    verify,
)
from ungawatch.cli import app
from ungawatch.errors import UngawatchError
from ungawatch.ingest import ingest_paths
from ungawatch.store import open_store, updating

QUICK = Retry(attempts=3, initial=0.01, maximum=0.02, timeout=0.5)
Answer = Callable[[Request], Response | None]


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[Request], list[Answer]]]:
    """A threaded loopback receiver answering from a queue of behaviours (then 200)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    seen: list[Request] = []
    script: list[Answer] = []

    def handle(request: Request) -> Response:
        request.get_data()
        seen.append(request)
        answer = script.pop(0)(request) if script else None
        return answer or Response("ok", status=200)

    server.expect_request("/hook", method="POST").respond_with_handler(handle)
    try:
        yield server.url_for("/hook"), seen, script
    finally:
        server.clear()
        server.stop()


def fail(status: int) -> Answer:
    return lambda _request: Response("no", status=status)


def stall(_request: Request) -> None:
    time.sleep(1.5)  # longer than QUICK.timeout: the sender gives up and retries


def watched_event(db: Path, url: str, secret: str | None = "s3cret") -> None:
    """A watch on Japan, then an ingest whose new draft names Japan: one delivery queued."""
    with updating(db) as store:
        add_watch(store, state="Japan", webhook=url, secret=secret)
    with updating(db) as store:
        ingest_paths(store, [capture("undocs/A_C.3_62_L.37_Rev.1.txt")])


def test_retries_a_failure_and_a_timeout_then_delivers(
    tmp_path: Path, receiver: tuple[str, list[Request], list[Answer]]
) -> None:
    url, seen, script = receiver
    db = tmp_path / "hooks.duckdb"
    watched_event(db, url)
    script += [fail(503), stall]
    with updating(db) as store:
        report = deliver(store, retry=QUICK)
    assert (report.delivered, report.failed, report.attempts) == (1, 0, 3)
    assert len(seen) == 3
    bodies = {request.get_data() for request in seen}
    assert len(bodies) == 1  # the same bytes every attempt, so the same signature
    body = bodies.pop()
    keys = {request.headers[IDEMPOTENCY_HEADER] for request in seen}
    assert len(keys) == 1
    for request in seen:
        assert verify("s3cret", body, request.headers[SIGNATURE_HEADER])
        assert request.headers[EVENT_HEADER] == "new_draft"
    event = json.loads(body)
    assert event["symbol"] == "A/C.3/62/L.37/Rev.1" and "JPN" in event["states"]
    assert [line["state_code"] for line in event["lines"]] == ["JPN"]
    assert "Japan is an original sponsor of A/C.3/62/L.37/Rev.1" in event["lines"][0]["sentence"]
    with open_store(db, read_only=True) as store:
        attempts = store.rows(
            "SELECT attempt, http_status, error FROM delivery_attempts ORDER BY attempt"
        )
        log = deliveries(store)
    assert [(a["attempt"], a["http_status"]) for a in attempts] == [(1, 503), (2, None), (3, 200)]
    assert "Timeout" in str(attempts[1]["error"])
    assert [(d.status, d.attempts, d.last_status) for d in log] == [("delivered", 3, 200)]
    # Delivered is delivered: another run sends nothing.
    with updating(db) as store:
        assert deliver(store, retry=QUICK).attempts == 0
    assert len(seen) == 3


def test_a_delivery_that_keeps_failing_waits_for_the_next_run(
    tmp_path: Path, receiver: tuple[str, list[Request], list[Answer]]
) -> None:
    url, seen, script = receiver
    db = tmp_path / "hooks.duckdb"
    watched_event(db, url)
    script += [fail(500)] * 3
    with updating(db) as store:
        report = deliver(store, retry=QUICK)
    assert (report.delivered, report.failed) == (0, 1)
    result = CliRunner().invoke(
        app, ["watch", "deliveries", "--failed", "--db", str(db)], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0
    assert "failed" in result.stdout and "HTTP 500" in result.stdout
    assert "New draft A/C.3/62/L.37/Rev.1" in result.stdout
    with open_store(db, read_only=True) as store:
        assert [w.failed for w in list_watches(store)] == [1]
    # The receiver is back: `watch deliver` retries the failed delivery.
    result = CliRunner().invoke(app, ["watch", "deliver", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert len(seen) == 4
    with open_store(db, read_only=True) as store:
        assert [(d.status, d.attempts) for d in deliveries(store)] == [("delivered", 4)]


def test_a_client_error_is_not_retried(
    tmp_path: Path, receiver: tuple[str, list[Request], list[Answer]]
) -> None:
    url, seen, script = receiver
    db = tmp_path / "hooks.duckdb"
    watched_event(db, url)
    script.append(fail(410))
    with updating(db) as store:
        report = deliver(store, retry=QUICK)
    assert (report.failed, report.attempts, len(seen)) == (1, 1, 1)
    assert report.errors and "HTTP 410" in report.errors[0]


def test_signature_is_hmac_sha256_of_the_body() -> None:
    # RFC 4231, test case 2.
    body = b"what do ya want for nothing?"
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert sign("Jefe", body) == f"sha256={expected}"
    assert verify("Jefe", body, f"sha256={expected}")
    assert not verify("Jefe", body + b" ", f"sha256={expected}")
    assert not verify("other", body, f"sha256={expected}")


def test_watches_are_checked_and_removed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with updating(db) as store:
        with pytest.raises(UngawatchError, match="not an http"):
            add_watch(store, state="KOR", webhook="ftp://example.org/x")
        with pytest.raises(UngawatchError, match="exactly one"):
            add_watch(store)
        watch, secret = add_watch(store, state="South Korea")
        assert (watch.kind, watch.target, secret) == ("state", "KOR", None)
        assert remove_watch(store, watch.watch_id).target == "KOR"
        assert list_watches(store) == []
