"""Writing resolved records: unchanged ones are skipped, changed ones replace their own rows.

Rows are buffered and inserted in bulk when the caller flushes, inside the caller's
transaction. Facts read from document text also carry the page they were read from and a
confidence (`TextFacts`); catalogue (MARCXML) rows leave those columns empty. A changed record
also leaves typed change rows (sponsor joined or left the
list, vote changed) so that a re-ingest is visible as data rather than a silent overwrite.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pandas as pd

from ungawatch.models import RejectedRecord, ResolvedRecord
from ungawatch.store.database import Store

FACT_TABLES = (
    "documents",
    "links",
    "sponsorships",
    "adoptions",
    "votes",
    "record_notes",
    "citations",
    "delegations",
    "sponsor_counts",
)
# Record ids that stand in for a symbol a record lacks: document texts, the Council's
# resolution records and press releases key their facts by them.
KEYED_RECORDS = ("text:", "hrc:", "press:")


@dataclass(frozen=True, slots=True)
class TextFacts:
    """What a record read from document text adds: page, confidence, and what the text says.

    `session` and `body` stand in for a symbol the stored copy lacks; `cites` are the
    resolutions the text recalls ("Recalling its resolution 78/218"), used to link series.
    """

    page: int | None
    confidence: float
    session: int | None = None
    body: str | None = None
    cites: tuple[str, ...] = ()


class Outcome(StrEnum):
    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class RecordWriter:
    """Buffers the rows of one source file and writes them when flushed."""

    def __init__(self, store: Store, *, source_kind: str, location: str, file_sha256: str) -> None:
        self.store = store
        self.source_kind = source_kind
        self.location = location
        self.file_sha256 = file_sha256
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self._known = store.record_hashes(source_kind)
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._replaced: list[str] = []

    def write(self, resolved: ResolvedRecord, text: TextFacts | None = None) -> Outcome:
        """Buffer a record's rows unless the same content is stored; `text` for text sources."""
        record = resolved.record
        previous = self._known.get(record.record_id)
        if previous == record.content_hash:
            return Outcome.UNCHANGED
        if previous is not None:
            self._replaced.append(record.record_id)
        self._known[record.record_id] = record.content_hash
        self._buffer(resolved)
        self.store.touched_symbols.add(record_symbol(resolved))
        self.store.touched_symbols.update(link.symbol for link in record.related)
        if text is not None:
            self._add_text_facts(resolved, text)
        self.store.write(
            "DELETE FROM quarantine WHERE location = ? AND record_id = ?",
            [self.location, record.record_id],
        )
        return Outcome.UPDATED if previous is not None else Outcome.INSERTED

    def reject(self, rejected: RejectedRecord) -> None:
        """Keep a record that could not be read in quarantine, once, with its reason."""
        self.store.write(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
            "field = excluded.field, message = excluded.message "
            "WHERE (quarantine.field, quarantine.message) "
            "IS DISTINCT FROM (excluded.field, excluded.message)",
            [
                rejected.location,
                rejected.record_id or "",
                rejected.field,
                rejected.message,
                self.now,
            ],
        )

    def flush(self) -> None:
        """Replace the rows of changed records and insert the buffered rows in bulk."""
        if self._replaced:
            old = self._facts_of(self._replaced)
            for table in (*FACT_TABLES, "source_records"):
                self.store.write(
                    f"DELETE FROM {table} WHERE source_kind = ? AND record_id IN "
                    f"(SELECT unnest(?::VARCHAR[]))",
                    [self.source_kind, self._replaced],
                )
            self._rows["changes"].extend(self._changes(old))
        for table in (*FACT_TABLES, "source_records", "changes"):
            if self._rows.get(table):
                self.store.insert_frame(table, pd.DataFrame(self._rows[table]))
        self._rows.clear()
        self._replaced.clear()

    def _buffer(self, resolved: ResolvedRecord) -> None:
        record, symbol = resolved.record, resolved.symbol
        key = {"source_kind": self.source_kind, "record_id": record.record_id}
        self._rows["source_records"].append(
            {
                **key,
                "content_hash": record.content_hash,
                "modified": record.modified,
                "file_sha256": self.file_sha256,
                "location": self.location,
                "ingested_at": self.now,
            }
        )
        self._rows["documents"].append(
            {
                **key,
                "symbol": record.symbol,
                "body": str(symbol.body) if symbol else None,
                "session": symbol.session if symbol else None,
                "regular_session": symbol.regular_session if symbol else None,
                "kind": str(record.kind),
                "kind_label": record.kind_label,
                "title": record.title,
                "title_key": resolved.title_key,
                "date": record.date,
                "agenda": list(record.agenda),
                "submitted_by": record.submitted_by,
                "meeting": record.meeting,
                "action_note": record.action_note,
            }
        )
        self._buffer_facts(resolved, key)

    def _buffer_facts(self, resolved: ResolvedRecord, key: dict[str, str]) -> None:
        record, symbol = resolved.record, record_symbol(resolved)
        self._rows["links"].extend(
            {**key, "from_symbol": symbol, "to_symbol": link.symbol, "relation": str(link.relation)}
            for link in record.related
        )
        self._rows["sponsorships"].extend(
            {
                **key,
                "draft_symbol": symbol,
                "state_code": sponsor.state_code,
                "role": str(sponsor.role),
                "acting_for": sponsor.acting_for,
                "listed_in": sponsor.listed_in,
                "field": sponsor.field,
                "printed_name": sponsor.printed_name,
            }
            for sponsor in resolved.sponsors
        )
        if record.adoption is not None:
            tally = record.tally
            self._rows["adoptions"].append(
                {
                    **key,
                    "symbol": symbol,
                    "body": str(resolved.symbol.body) if resolved.symbol else None,
                    "date": record.date,
                    "method": str(record.adoption),
                    "meeting": record.meeting,
                    "yes": tally.yes if tally else None,
                    "no": tally.no if tally else None,
                    "abstain": tally.abstain if tally else None,
                    "non_voting": tally.non_voting if tally else None,
                    "total": tally.total if tally else None,
                    "note": record.action_note,
                    "reported_in": record.reported_in,
                    "orally_revised": record.orally_revised,
                    "dissociated": record.dissociated,
                }
            )
        self._rows["delegations"].extend(
            {
                **key,
                "symbol": symbol,
                "action": str(entry.action),
                "state_code": entry.state_code,
                "acting_for": entry.acting_for,
                "acting_for_printed": entry.acting_for_printed,
                "printed_name": entry.printed_name,
            }
            for entry in resolved.delegations
        )
        self._rows["sponsor_counts"].extend(
            {
                **key,
                "symbol": symbol,
                "counted_as": str(count.counted_as),
                "stated": count.stated,
                "named": count.named,
            }
            for count in record.sponsor_counts
        )
        self._rows["votes"].extend(
            {
                **key,
                "symbol": symbol,
                "state_code": vote.state_code,
                "vote": str(vote.vote),
                "printed_name": vote.printed_name,
            }
            for vote in resolved.votes
        )
        self._rows["record_notes"].extend(
            {**key, "symbol": symbol, "field": note.field, "message": note.message}
            for note in resolved.notes
        )

    def _add_text_facts(self, resolved: ResolvedRecord, text: TextFacts) -> None:
        """Page and confidence on this record's fact rows; session and body if no symbol says."""
        record_id = resolved.record.record_id
        for table in ("sponsorships", "adoptions", "votes"):
            for row in self._rows[table]:
                if row["record_id"] == record_id:
                    row["page"], row["confidence"] = text.page, text.confidence
        document = next(r for r in self._rows["documents"] if r["record_id"] == record_id)
        if document["symbol"] is None:
            document["body"] = text.body
            document["session"] = str(text.session) if text.session else None
            document["regular_session"] = text.session
            for row in self._rows["adoptions"]:
                if row["record_id"] == record_id:
                    row["body"] = text.body
        self._rows["citations"].extend(
            {
                "source_kind": self.source_kind,
                "record_id": record_id,
                "symbol": record_symbol(resolved),
                "cites": cited,
                "page": text.page,
            }
            for cited in text.cites
        )

    def _facts_of(self, record_ids: list[str]) -> dict[str, set[tuple[str, str, str, str]]]:
        """The sponsorships and votes that changed records held before this ingest."""
        sql = (
            "SELECT record_id, {symbol}, state_code, {value} FROM {table} "
            "WHERE source_kind = ? AND record_id IN (SELECT unnest(?::VARCHAR[]))"
        )
        facts: dict[str, set[tuple[str, str, str, str]]] = {}
        for table, symbol, value in (
            ("sponsorships", "draft_symbol", "role"),
            ("votes", "symbol", "vote"),
        ):
            rows = self.store.connection.execute(
                sql.format(symbol=symbol, value=value, table=table),
                [self.source_kind, record_ids],
            ).fetchall()
            facts[table] = {tuple(row) for row in rows}
        return facts

    def _changes(self, old: dict[str, set[tuple[str, str, str, str]]]) -> list[dict[str, Any]]:
        new = {
            "sponsorships": {
                (r["record_id"], r["draft_symbol"], r["state_code"], r["role"])
                for r in self._rows["sponsorships"]
                if r["record_id"] in self._replaced
            },
            "votes": {
                (r["record_id"], r["symbol"], r["state_code"], r["vote"])
                for r in self._rows["votes"]
                if r["record_id"] in self._replaced
            },
        }
        changes: list[dict[str, Any]] = []
        for table, added_name, removed_name in (
            ("sponsorships", "sponsor added", "sponsor removed"),
            ("votes", "vote recorded", "vote withdrawn"),
        ):
            for name, facts in (
                (added_name, new[table] - old[table]),
                (removed_name, old[table] - new[table]),
            ):
                changes.extend(
                    {
                        "seen_at": self.now,
                        "source_kind": self.source_kind,
                        "record_id": record_id,
                        "symbol": symbol,
                        "change": name,
                        "state_code": state,
                        "detail": value,
                    }
                    for record_id, symbol, state, value in sorted(facts)
                )
        return changes


def record_symbol(resolved: ResolvedRecord) -> str:
    """The symbol facts hang on; a record without one is keyed by its record id.

    Library records get "undl:<id>"; text, Council and press-release records already carry a
    keyed id ("text:", "hrc:", "press:"), kept as is.
    """
    record = resolved.record
    if record.symbol:
        return record.symbol
    if record.record_id.startswith(KEYED_RECORDS):
        return record.record_id
    return f"undl:{record.record_id}"
