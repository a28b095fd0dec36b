"""The event log and the sponsor timeline, kept in step with the record inside each write.

`keep_events(store)` registers `record_events` to run at the end of every writing transaction
(an ingested file, a synced page), after the positions are brought up to date. It compares
what the record now states with what the log has already announced, and announces the
difference once:

- sponsorship facts (state, role, draft, listing document) of the drafts of every series
  against `sponsor_timeline`: a draft not announced before is a *new draft* with its
  original sponsors; other new facts are states *joining* (grouped by the document listing
  them); a withdrawal, or a fact no loaded record states any more, is states *leaving*;
- each body's action on a series text (committee on the draft, plenary or Council on the
  resolution) against the `adopted` events;
- each state's recorded vote against the votes already announced: attached to the adoption
  announced in the same write, else a *votes recorded* event; a vote cast that differs from
  the state's last earlier vote cast on the series in the same body is a *vote changed*.

Everything is keyed on documents and states, never on series ids (a relink may rename a
series), so re-ingesting the same records announces nothing. New events of watched series
and states with a webhook are queued in `deliveries` (the outbox `alerts.webhooks` sends
after the write is committed: never from inside a transaction).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ungawatch.alerts import texts
from ungawatch.alerts.standing import Standing
from ungawatch.positions.build import keep_positions, refresh
from ungawatch.positions.history import list_series, positions_of, series_sessions
from ungawatch.positions.records import SeriesInfo, SeriesSession
from ungawatch.store import Store
from ungawatch.vocabulary import DeliveryStatus, EventKind, precedence_sql

# Event ids are UUIDs derived from what the event announces (stable across rebuilds of the
# database from the same records): feed readers and webhook receivers key on them.
_NAMESPACE = uuid.UUID("5b0c3a52-3f0e-4c55-9d6c-2f1e7a0d9e13")
_DRAFT_KINDS = ("draft resolution", "revised draft resolution")
_CAST = ("Y", "N", "A")


def keep_events(store: Store) -> None:
    """Keep positions, the sponsor timeline and the event log in step with every write."""
    keep_positions(store)
    store.before_commit(record_events)


def record_events(store: Store) -> None:
    """Announce what this transaction added to the record (see the module docstring)."""
    # The events read the stored positions: bring them up to date first (a no-op when the
    # positions hook already ran in this transaction).
    refresh(store)
    log = _Log.open(store)
    _sponsor_events(store, log)
    _adoption_events(store, log)
    _vote_events(store, log)
    log.flush()


@dataclass
class _Log:
    """The events of one write, with their per-state rows, timeline rows and deliveries."""

    store: Store
    now: datetime
    seq: int
    taken: set[str]
    events: list[dict[str, Any]] = field(default_factory=list)
    states: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    gone: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    _series: dict[str, SeriesInfo] | None = None
    _standings: dict[str, dict[str, Standing]] = field(default_factory=dict)
    _coverage: dict[str, list[SeriesSession]] = field(default_factory=dict)

    @classmethod
    def open(cls, store: Store) -> _Log:
        seq = int(store.scalar("SELECT coalesce(max(seq), 0) FROM events"))
        return cls(store, datetime.now(UTC).replace(tzinfo=None), seq, set())

    def series(self, series_id: str) -> SeriesInfo:
        if self._series is None:
            self._series = {s.id: s for s in list_series(self.store)}
        return self._series[series_id]

    def series_of(self, symbol: str) -> str | None:
        value = self.store.scalar(
            "SELECT min(series_id) FROM series_documents WHERE symbol = ?", [symbol]
        )
        return str(value) if value is not None else None

    def coverage(self, series_id: str) -> list[SeriesSession]:
        if series_id not in self._coverage:
            self._coverage[series_id] = series_sessions(self.store, series_id)
        return self._coverage[series_id]

    def standing(self, series_id: str, code: str) -> Standing:
        found = self.standings(series_id).get(code)
        return found or Standing(self.series(series_id).track, ())

    def standings(self, series_id: str) -> dict[str, Standing]:
        """Every state's positions on a series (read once per series and write)."""
        if series_id not in self._standings:
            series = self.series(series_id)
            grouped: dict[str, list[Any]] = defaultdict(list)
            for position in positions_of(self.store, series):
                grouped[position.state_code].append(position)
            self._standings[series_id] = {
                state: Standing(series.track, tuple(rows)) for state, rows in grouped.items()
            }
        return self._standings[series_id]

    def add(self, event: texts.EventText, key: str) -> str:
        """Queue one event (its per-state rows included); returns its id."""
        event_id = self._id(key)
        self.seq += 1
        self.events.append(event.row(event_id, self.seq, self.now))
        self.states.extend(line.row(event_id) for line in event.lines)
        return event_id

    def _id(self, key: str) -> str:
        """A UUID from the event's key; a key announced before (a state leaving, then
        joining again) gets a numbered variant, so ids never collide."""
        attempt, n = key, 1
        while attempt in self.taken or self.store.scalar(
            "SELECT count(*) FROM events WHERE event_id = ?", [str(uuid.uuid5(_NAMESPACE, attempt))]
        ):
            n += 1
            attempt = f"{key}#{n}"
        self.taken.add(attempt)
        return str(uuid.uuid5(_NAMESPACE, attempt))

    def flush(self) -> None:
        store = self.store
        for draft, state, role, listed_in, event_id in self.gone:
            store.write(
                "UPDATE sponsor_timeline SET gone_seen = ?, gone_event_id = ? WHERE draft = ? "
                "AND state_code = ? AND role = ? AND listed_in = ?",
                [self.now, event_id, draft, state, role, listed_in],
            )
        if self.timeline:
            keys = [[r["draft"], r["state_code"], r["role"], r["listed_in"]] for r in self.timeline]
            store.write(
                "DELETE FROM sponsor_timeline WHERE [draft, state_code, role, listed_in] "
                "IN (SELECT unnest(?::VARCHAR[][]))",
                [keys],
            )
        store.insert_frame("sponsor_timeline", pd.DataFrame(self.timeline))
        store.insert_frame("events", pd.DataFrame(self.events))
        store.insert_frame("event_states", pd.DataFrame(self.states))
        if self.events:
            _queue_deliveries(store, self.seq - len(self.events))


# Sponsorship --------------------------------------------------------------------------------

_CURRENT_SPONSORS = f"""
SELECT sp.draft_symbol AS draft, sp.state_code, sp.role,
       coalesce(sp.listed_in, sp.draft_symbol) AS listed_in, max(sp.acting_for) AS acting_for,
       arg_min(sp.source_kind || ':' || sp.record_id, {precedence_sql("sp.source_kind")}) AS record,
       arg_min(sr.modified, {precedence_sql("sp.source_kind")}) AS modified,
       any_value(sd.series_id) AS series_id, any_value(sd.session) AS session,
       (SELECT min(d.date) FROM documents d
        WHERE d.symbol = coalesce(sp.listed_in, sp.draft_symbol)) AS listed_on
FROM sponsorships sp
JOIN series_documents sd ON sd.symbol = sp.draft_symbol AND NOT sd.roll_call
LEFT JOIN source_records sr ON sr.source_kind = sp.source_kind AND sr.record_id = sp.record_id
GROUP BY sp.draft_symbol, sp.state_code, sp.role, coalesce(sp.listed_in, sp.draft_symbol)
"""

_NEW_DRAFTS = """
SELECT sd.symbol, any_value(sd.series_id) AS series_id, any_value(sd.session) AS session,
       min(d.date) AS date, any_value(d.kind) AS kind, any_value(d.body) AS body,
       any_value(d.title) AS title, min(d.source_kind || ':' || d.record_id) AS record
FROM series_documents sd JOIN documents d ON d.symbol = sd.symbol
WHERE NOT sd.roll_call AND d.kind IN (SELECT unnest(?::VARCHAR[]))
  AND sd.symbol NOT IN (SELECT symbol FROM events WHERE kind = ?)
GROUP BY sd.symbol ORDER BY sd.symbol
"""

Key = tuple[str, str, str, str]


def _key(row: dict[str, Any]) -> Key:
    return (str(row["draft"]), str(row["state_code"]), str(row["role"]), str(row["listed_in"]))


def _sponsor_events(store: Store, log: _Log) -> None:
    current = {_key(row): row for row in store.rows(_CURRENT_SPONSORS)}
    known = {_key(row): row for row in store.rows("SELECT * FROM sponsor_timeline")}
    new = {k: r for k, r in current.items() if k not in known or known[k]["gone_seen"]}
    for draft in store.rows(_NEW_DRAFTS, [list(_DRAFT_KINDS), EventKind.NEW_DRAFT.value]):
        symbol = str(draft["symbol"])
        originals = [
            r for k, r in new.items() if k[0] == symbol and k[2] == "original" and k[3] == symbol
        ]
        event = texts.new_draft(log, draft, originals)
        event_id = log.add(event, f"{EventKind.NEW_DRAFT}|{symbol}")
        _remember(log, originals, event_id, new)
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for (draft_symbol, _, role, listed_in), row in sorted(new.items()):
        grouped[(draft_symbol, listed_in, "left" if role == "withdrawn" else "joined")].append(row)
    for (draft_symbol, listed_in, move), rows in grouped.items():
        kind = EventKind.SPONSORS_LEFT if move == "left" else EventKind.SPONSORS_JOINED
        event = texts.sponsors_moved(log, kind, rows, withdrawn=move == "left")
        states = ",".join(sorted(str(r["state_code"]) for r in rows))
        event_id = log.add(event, f"{kind}|{draft_symbol}|{listed_in}|{states}")
        _remember(log, rows, event_id, new)
    _gone(log, [r for k, r in known.items() if not r["gone_seen"] and k not in current])


def _remember(
    log: _Log, rows: list[dict[str, Any]], event_id: str, new: dict[Key, dict[str, Any]]
) -> None:
    """Timeline rows for facts just announced (and no longer to announce in this write)."""
    for row in rows:
        new.pop(_key(row), None)
        log.timeline.append(
            {
                **{k: row[k] for k in ("draft", "state_code", "role", "listed_in", "acting_for")},
                **{k: row[k] for k in ("series_id", "session", "listed_on", "record", "modified")},
                "first_seen": log.now,
                "event_id": event_id,
                "gone_seen": None,
                "gone_event_id": None,
            }
        )


def _gone(log: _Log, rows: list[dict[str, Any]]) -> None:
    """Facts no loaded record states any more: the states left the list as far as the record
    now says (a corrected catalogue record, a replaced revision)."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[(str(row["draft"]), str(row["listed_in"]))].append(row)
    for (draft_symbol, listed_in), group in sorted(grouped.items()):
        series_id = log.series_of(draft_symbol)
        event_id = None
        if series_id is not None:
            # Announced only while the draft still belongs to a series to tell it in.
            event = texts.sponsors_gone(log, series_id, group)
            states = ",".join(sorted(str(r["state_code"]) for r in group))
            event_id = log.add(event, f"gone|{draft_symbol}|{listed_in}|{states}")
        log.gone.extend(
            (draft_symbol, str(r["state_code"]), str(r["role"]), listed_in, event_id) for r in group
        )


# Adoption and votes -------------------------------------------------------------------------

_ACTIONS = """
WITH actions AS (
    SELECT ss.series_id, ss.session, 'committee' AS stage, ss.committee_method AS method,
           ss.committee_date AS date, ss.committee_meeting AS meeting, ss.committee_yes AS yes,
           ss.committee_no AS no, ss.committee_abstain AS abstain,
           ss.committee_document AS document, ss.committee_record AS record,
           ss.draft AS symbol, ss.body AS action_body
    FROM series_sessions ss
    UNION ALL
    SELECT ss.series_id, ss.session, 'plenary', ss.plenary_method, ss.plenary_date,
           ss.plenary_meeting, ss.plenary_yes, ss.plenary_no, ss.plenary_abstain,
           ss.plenary_document, ss.plenary_record, ss.resolution,
           CASE WHEN s.track = 'hrc' THEN 'HRC' ELSE 'plenary' END
    FROM series_sessions ss JOIN series s USING (series_id)
)
SELECT a.* EXCLUDE (action_body), a.action_body AS body FROM actions a
WHERE a.method IS NOT NULL AND a.symbol IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = ? AND e.symbol = a.symbol
                  AND e.body = a.action_body)
ORDER BY a.series_id, a.session, a.stage
"""


def _adoption_events(store: Store, log: _Log) -> None:
    for row in store.rows(_ACTIONS, [EventKind.ADOPTED.value]):
        event = texts.adopted(log, row)
        log.add(event, f"{EventKind.ADOPTED}|{row['symbol']}|{row['body']}")


_VOTES = """
WITH cast_votes AS (
    SELECT p.series_id, p.session, p.state_code, 'plenary' AS stage, p.plenary_vote AS vote,
           p.plenary_document AS document, ss.resolution AS symbol,
           CASE WHEN s.track = 'hrc' THEN 'HRC' ELSE 'plenary' END AS body
    FROM positions p JOIN series_sessions ss USING (series_id, session)
    JOIN series s USING (series_id)
    WHERE p.plenary_vote IN ('Y', 'N', 'A', 'X') AND ss.resolution IS NOT NULL
    UNION ALL
    SELECT p.series_id, p.session, p.state_code, 'committee', p.committee_vote,
           p.committee_document, ss.draft, ss.body
    FROM positions p JOIN series_sessions ss USING (series_id, session)
    WHERE p.committee_vote IN ('Y', 'N', 'A', 'X') AND ss.draft IS NOT NULL
), compared AS (
    SELECT *,
      last_value(CASE WHEN vote IN ('Y', 'N', 'A') THEN vote END IGNORE NULLS) OVER w
        AS previous,
      last_value(CASE WHEN vote IN ('Y', 'N', 'A') THEN session END IGNORE NULLS) OVER w
        AS previous_session,
      last_value(CASE WHEN vote IN ('Y', 'N', 'A') THEN document END IGNORE NULLS) OVER w
        AS previous_document
    FROM cast_votes
    WINDOW w AS (PARTITION BY series_id, stage, state_code ORDER BY session
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT c.* FROM compared c
WHERE NOT EXISTS (
    SELECT 1 FROM event_states es JOIN events e USING (event_id)
    WHERE e.kind IN (?, ?) AND e.symbol = c.symbol AND e.body = c.body
      AND es.state_code = c.state_code)
ORDER BY c.series_id, c.session, c.stage, c.state_code
"""


def _vote_events(store: Store, log: _Log) -> None:
    """Votes not yet announced: with this write's adoption event, else as votes recorded; and
    the states whose vote cast changed against their last earlier vote in that body."""
    kinds = [EventKind.ADOPTED.value, EventKind.VOTES_RECORDED.value]
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows(_VOTES, kinds):
        grouped[(str(row["symbol"]), str(row["body"]))].append(row)
    adopted_now = {
        (e["symbol"], e["body"]): e for e in log.events if e["kind"] == EventKind.ADOPTED.value
    }
    for (symbol, body), rows in grouped.items():
        lines = [texts.vote_line(log, row) for row in rows]
        event = adopted_now.get((symbol, body))
        if event is not None:
            log.states.extend(line.row(event["event_id"]) for line in lines)
            event["states"] = sorted({*event["states"], *(line.code for line in lines)})
        else:
            recorded = texts.votes_recorded(log, rows, lines)
            codes = ",".join(sorted(line.code for line in lines))
            log.add(recorded, f"{EventKind.VOTES_RECORDED}|{symbol}|{body}|{codes}")
        changed = [
            r for r in rows if r["previous"] and r["vote"] in _CAST and r["previous"] != r["vote"]
        ]
        if changed:
            log.add(texts.vote_changed(log, changed), f"{EventKind.VOTE_CHANGED}|{symbol}|{body}")


# Deliveries ---------------------------------------------------------------------------------

_QUEUE = """
INSERT INTO deliveries
SELECT w.watch_id, e.event_id, w.webhook, w.watch_id || ':' || e.event_id, ?, 0,
       NULL, NULL, NULL, NULL
FROM events e JOIN watches w
  ON (w.kind = 'series' AND w.target = e.series_id)
  OR (w.kind = 'state' AND list_contains(e.states, w.target))
WHERE e.seq > ? AND w.webhook IS NOT NULL AND e.seq > w.after_seq
ON CONFLICT DO NOTHING
"""


def _queue_deliveries(store: Store, after: int) -> None:
    store.write(_QUEUE, [DeliveryStatus.PENDING.value, after])
