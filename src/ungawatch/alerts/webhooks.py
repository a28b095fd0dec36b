"""Webhook delivery: a signed JSON POST per event and watch, retried, and logged.

Each delivery is one event for one watch. The body is the event as JSON (for a state watch,
with that state's sentence); it is the same bytes on every attempt, so the signature is too:
`X-Ungawatch-Signature: sha256=<hex HMAC-SHA256 of the body with the watch's secret>`.
`Idempotency-Key` (`<watch id>:<event id>`) lets a receiver that got a delivery whose answer
was lost ignore the retry. Timeouts, dropped connections, 429 and 5xx are retried with
exponential backoff and jitter (stamina); another 4xx is final. Every attempt is a row of
`delivery_attempts`; a delivery that ran out of attempts stays `failed` and is tried again
by the next `ungawatch watch deliver` (or the next ingest or sync).

Deliveries are sent after the write that queued them is committed, never inside it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import stamina

from ungawatch import __version__
from ungawatch.alerts.events import Event, list_events
from ungawatch.store import Store
from ungawatch.vocabulary import DeliveryStatus

SIGNATURE_HEADER = "X-Ungawatch-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-Ungawatch-Event"


@dataclass(frozen=True, slots=True)
class Retry:
    """How deliveries retry: attempts per run, first wait, longest wait, per-attempt timeout."""

    attempts: int = 5
    initial: float = 1.0
    maximum: float = 60.0
    timeout: float = 10.0


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


class _Retryable(Exception):
    """An answer worth another try (429, 5xx)."""


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: "sha256=" and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header)


def payload(event: Event, watch: dict[str, Any]) -> bytes:
    """The JSON body: the event, the watch it is for, the state lines it concerns."""
    data = event.to_dict()
    if watch["kind"] == "state":
        data["lines"] = [line for line in data["lines"] if line["state_code"] == watch["target"]]
    data["watch"] = {"id": watch["watch_id"], "kind": watch["kind"], "target": watch["target"]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()


def _statuses(include_failed: bool) -> list[str]:
    wanted = [DeliveryStatus.PENDING, *((DeliveryStatus.FAILED,) if include_failed else ())]
    return [status.value for status in wanted]


def waiting(store: Store, *, include_failed: bool = False) -> int:
    """Deliveries not yet made: pending ones (and failed ones waiting for a retry)."""
    return int(
        store.scalar(
            "SELECT count(*) FROM deliveries WHERE status IN (SELECT unnest(?::VARCHAR[]))",
            [_statuses(include_failed)],
        )
    )


def deliver(
    store: Store,
    *,
    include_failed: bool = True,
    retry: Retry | None = None,
    transport: httpx.BaseTransport | None = None,
) -> DeliveryReport:
    """Send every pending delivery (and the failed ones, by default); each attempt and
    outcome is written as it happens."""
    retry = retry or Retry()
    report = DeliveryReport()
    rows = store.rows(
        "SELECT d.*, w.kind, w.target, w.secret FROM deliveries d JOIN watches w USING "
        "(watch_id) WHERE d.status IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY d.event_id, d.watch_id",
        [_statuses(include_failed)],
    )
    wanted = sorted({str(r["event_id"]) for r in rows})
    events = {e.event_id: e for e in list_events(store, event_ids=wanted, limit=len(wanted) + 1)}
    headers = {"User-Agent": f"ungawatch/{__version__}", "Content-Type": "application/json"}
    with httpx.Client(timeout=retry.timeout, transport=transport, headers=headers) as client:
        for row in rows:
            _deliver_one(store, client, row, events[str(row["event_id"])], retry, report)
    return report


def _deliver_one(
    store: Store,
    client: httpx.Client,
    row: dict[str, Any],
    event: Event,
    retry: Retry,
    report: DeliveryReport,
) -> None:
    body = payload(event, row)
    headers = {
        SIGNATURE_HEADER: sign(str(row["secret"]), body),
        IDEMPOTENCY_HEADER: str(row["idempotency_key"]),
        EVENT_HEADER: event.kind.value,
    }
    attempt_no = int(row["attempts"])
    status: int | None = None
    try:
        for attempt in stamina.retry_context(
            on=(httpx.TransportError, _Retryable),
            attempts=retry.attempts,
            timeout=None,
            wait_initial=retry.initial,
            wait_max=retry.maximum,
            wait_jitter=retry.initial,
        ):
            with attempt:
                attempt_no += 1
                status = None
                try:
                    response = client.post(str(row["url"]), content=body, headers=headers)
                    status = response.status_code
                    _log(store, row, attempt_no, status, None)
                except httpx.TransportError as error:
                    _log(store, row, attempt_no, None, f"{type(error).__name__}: {error}")
                    raise
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status}")
    except (httpx.TransportError, _Retryable) as error:
        _finish(store, row, attempt_no, status, str(error) or type(error).__name__, report)
        return
    ok = status is not None and 200 <= status < 300
    _finish(store, row, attempt_no, status, None if ok else f"HTTP {status}", report)


def _log(
    store: Store, row: dict[str, Any], attempt: int, status: int | None, error: str | None
) -> None:
    with store.transaction():
        store.write(
            "INSERT INTO delivery_attempts VALUES (?, ?, ?, ?, ?, ?)",
            [row["watch_id"], row["event_id"], attempt, _now(), status, error],
        )


def _finish(
    store: Store,
    row: dict[str, Any],
    attempts: int,
    status: int | None,
    error: str | None,
    report: DeliveryReport,
) -> None:
    done = error is None
    report.attempts += attempts - int(row["attempts"])
    if done:
        report.delivered += 1
    else:
        report.failed += 1
        report.errors.append(f"watch {row['watch_id']}, event {row['event_id']}: {error}")
    with store.transaction():
        store.write(
            "UPDATE deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, "
            "last_attempt = ?, delivered_at = ? WHERE watch_id = ? AND event_id = ?",
            [
                (DeliveryStatus.DELIVERED if done else DeliveryStatus.FAILED).value,
                attempts,
                status,
                error,
                _now(),
                _now() if done else None,
                row["watch_id"],
                row["event_id"],
            ],
        )


@dataclass(frozen=True, slots=True)
class Delivery:
    watch_id: int
    event_id: str
    title: str
    url: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str | None
    last_attempt: str | None


def deliveries(store: Store, *, failed_only: bool = False, limit: int = 50) -> list[Delivery]:
    """The delivery log, latest first; `failed_only` for the ones waiting for a retry."""
    rows = store.rows(
        "SELECT d.watch_id, d.event_id, e.title, d.url, d.status, d.attempts, d.last_status, "
        "d.last_error, CAST(d.last_attempt AS VARCHAR) AS last_attempt FROM deliveries d "
        "JOIN events e USING (event_id) WHERE NOT ? OR d.status = ? "
        "ORDER BY d.last_attempt DESC NULLS FIRST, e.seq DESC LIMIT ?",
        [failed_only, DeliveryStatus.FAILED.value, limit],
    )
    return [Delivery(**row) for row in rows]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
