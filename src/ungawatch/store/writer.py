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

from ungawatch.models import RejectedRecord, ResolvedRecord
from ungawatch.store.database import Store, Version

FACT_TABLES = (
    "documents",
    "links",
    "sponsorships",
    "adoptions",
    "votes",
    "record_notes",
    "citations",
)


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


# Records whose rows are buffered before they are inserted: enough for bulk inserts to pay,
# few enough that memory stays flat however large the file.
FLUSH_EVERY = 500


@dataclass(frozen=True, slots=True)
class Written:
    """A record this writer stored (or found unchanged) from the current file: what a later
    copy of the same record in the same file is compared with, and what its counts were."""

    modified: str | None
    content_hash: str
    previous: Version | None
    outcome: Outcome
    sponsorships: int
    votes: int


_FactSet = set[tuple[str, str, str, str]]


class RecordWriter:
    """Writes the records of one source file, in bulk, inside the caller's transaction.

    Rows are buffered and inserted every `FLUSH_EVERY` records and at `flush`; in `careful`
    mode after every record, so that a value the database refuses is pinned to its record.
    """

    def __init__(
        self,
        store: Store,
        *,
        source_kind: str,
        location: str,
        file_sha256: str,
        careful: bool = False,
    ) -> None:
        self.store = store
        self.source_kind = source_kind
        self.location = location
        self.file_sha256 = file_sha256
        self.careful = careful
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self._known = store.record_versions(source_kind)
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._buffered: set[str] = set()
        self._replaced: dict[str, None] = {}
        self._stored: dict[str, None] = {}
        self._old_facts: dict[str, dict[str, _FactSet]] = {}
        self._in_file: dict[str, Written] = {}

    def earlier(self, record_id: str) -> Written | None:
        """The copy of `record_id` this file already gave, if any."""
        return self._in_file.get(record_id)

    def stored(self, record_id: str) -> Version | None:
        """The version of `record_id` the database holds now (this file's writes included)."""
        return self._known.get(record_id)

    @property
    def written(self) -> list[str]:
        """The records this file stored or found unchanged."""
        return list(self._in_file)

    def write(self, resolved: ResolvedRecord, text: TextFacts | None = None) -> Outcome:
        """Store a record unless the same content is stored; `text` for text sources."""
        record = resolved.record
        previous = self._known.get(record.record_id)
        outcome = self._write(resolved, text, previous)
        # Stored (or found stored), the record leaves quarantine, even when a bad copy of it
        # from another file or earlier in this one was quarantined.
        self._stored[record.record_id] = None
        self._in_file[record.record_id] = Written(
            record.modified,
            record.content_hash,
            previous,
            outcome,
            len(resolved.sponsors),
            len(resolved.votes),
        )
        return outcome

    def _write(
        self, resolved: ResolvedRecord, text: TextFacts | None, previous: Version | None
    ) -> Outcome:
        record = resolved.record
        if previous is not None and previous[0] == record.content_hash:
            return Outcome.UNCHANGED
        if previous is not None:
            self._replaced[record.record_id] = None
        self._known[record.record_id] = (record.content_hash, record.modified)
        self._buffer(resolved)
        self._buffered.add(record.record_id)
        self.store.touched_symbols.add(record_symbol(resolved))
        self.store.touched_symbols.update(link.symbol for link in record.related)
        if text is not None:
            self._add_text_facts(resolved, text)
        if self.careful or len(self._buffered) >= FLUSH_EVERY:
            self.flush()
        return Outcome.UPDATED if previous is not None else Outcome.INSERTED

    def drop(self, record_id: str) -> Written:
        """Take back the copy of `record_id` this file gave earlier: a later copy in the same
        file replaces it (see `ingest.records`). Returns what that copy was."""
        written = self._in_file.pop(record_id)
        if written.previous is None:
            self._known.pop(record_id, None)
        else:
            self._known[record_id] = written.previous
        if record_id in self._buffered:
            self._buffered.discard(record_id)
            for table, rows in self._rows.items():
                self._rows[table] = [row for row in rows if row.get("record_id") != record_id]
        elif written.outcome is not Outcome.UNCHANGED:
            self._unwrite(record_id, written)
        return written

    def _unwrite(self, record_id: str, written: Written) -> None:
        """Delete the rows an earlier flush of this file wrote for `record_id`, keeping the
        facts it held before this file (for the change rows of the copy that replaces it)."""
        if written.previous is not None:
            self._old_facts[record_id] = self._facts_before_file(record_id)
        self._delete_rows([record_id])
        self.store.write(
            "DELETE FROM changes WHERE source_kind = ? AND record_id = ? AND seen_at = ?",
            [self.source_kind, record_id, self.now],
        )

    def reject(self, rejected: RejectedRecord) -> None:
        """Keep a record that could not be read in quarantine, once, with its reason and the
        record as the source gave it."""
        record_id = rejected.record_id or ""
        self._stored.pop(record_id, None)
        self.store.write(
            "INSERT INTO quarantine (location, record_id, field, message, first_seen, "
            "source_kind, raw) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
            "field = excluded.field, message = excluded.message, raw = excluded.raw, "
            "source_kind = excluded.source_kind "
            "WHERE (quarantine.field, quarantine.message, quarantine.raw, quarantine.source_kind) "
            "IS DISTINCT FROM (excluded.field, excluded.message, excluded.raw, "
            "excluded.source_kind)",
            [
                rejected.location,
                record_id,
                rejected.field,
                rejected.message,
                self.now,
                self.source_kind,
                rejected.raw,
            ],
        )

    def flush(self) -> None:
        """Replace the rows of changed records and insert the buffered rows in bulk."""
        if self._replaced:
            replaced = list(self._replaced)
            old = self._facts_of(replaced)
            self._delete_rows(replaced)
            self._rows["changes"].extend(self._changes(old, set(replaced)))
        for table in (*FACT_TABLES, "source_records", "changes"):
            if self._rows.get(table):
                self.store.insert_rows(table, self._rows[table])
        if self._stored:
            # A record stored now leaves quarantine, whichever file put it there.
            self.store.write(
                "DELETE FROM quarantine WHERE record_id IN (SELECT unnest(?::VARCHAR[])) "
                "AND (source_kind = ? OR location = ?)",
                [list(self._stored), self.source_kind, self.location],
            )
        self._rows.clear()
        self._replaced.clear()
        self._buffered.clear()
        self._stored.clear()
        self._old_facts.clear()

    def _delete_rows(self, record_ids: list[str]) -> None:
        for table in (*FACT_TABLES, "source_records"):
            self.store.write(
                f"DELETE FROM {table} WHERE source_kind = ? AND record_id IN "
                f"(SELECT unnest(?::VARCHAR[]))",
                [self.source_kind, record_ids],
            )

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
                }
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

    def _facts_of(self, record_ids: list[str]) -> dict[str, _FactSet]:
        """The sponsorships and votes that changed records held before this file."""
        facts = self._stored_facts([r for r in record_ids if r not in self._old_facts])
        for record_id in record_ids:
            for table, held in self._old_facts.get(record_id, {}).items():
                facts[table] |= held
        return facts

    def _stored_facts(self, record_ids: list[str]) -> dict[str, _FactSet]:
        sql = (
            "SELECT record_id, {symbol}, state_code, {value} FROM {table} "
            "WHERE source_kind = ? AND record_id IN (SELECT unnest(?::VARCHAR[]))"
        )
        facts: dict[str, _FactSet] = {}
        for table, symbol, value in _FACTS:
            rows = self.store.rows(
                sql.format(symbol=symbol, value=value, table=table),
                [self.source_kind, record_ids],
            )
            facts[table] = {
                (str(r["record_id"]), str(r[symbol]), str(r["state_code"]), str(r[value]))
                for r in rows
            }
        return facts

    def _facts_before_file(self, record_id: str) -> dict[str, _FactSet]:
        """What `record_id` held before this file: its flushed facts with this file's change
        rows undone (added facts removed, removed facts put back)."""
        facts = self._facts_of([record_id])
        rows = self.store.rows(
            "SELECT symbol, change, state_code, detail FROM changes "
            "WHERE source_kind = ? AND record_id = ? AND seen_at = ?",
            [self.source_kind, record_id, self.now],
        )
        for row in rows:
            for table, added, removed in _CHANGE_NAMES:
                fact = (record_id, row["symbol"], row["state_code"], row["detail"])
                if row["change"] == added:
                    facts[table].discard(fact)
                elif row["change"] == removed:
                    facts[table].add(fact)
        return facts

    def _changes(self, old: dict[str, _FactSet], replaced: set[str]) -> list[dict[str, Any]]:
        new = {
            "sponsorships": {
                (r["record_id"], r["draft_symbol"], r["state_code"], r["role"])
                for r in self._rows["sponsorships"]
                if r["record_id"] in replaced
            },
            "votes": {
                (r["record_id"], r["symbol"], r["state_code"], r["vote"])
                for r in self._rows["votes"]
                if r["record_id"] in replaced
            },
        }
        changes: list[dict[str, Any]] = []
        for table, added_name, removed_name in _CHANGE_NAMES:
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


# The facts whose changes a re-ingest records: table, its symbol column, its value column.
_FACTS = (("sponsorships", "draft_symbol", "role"), ("votes", "symbol", "vote"))
_CHANGE_NAMES = (
    ("sponsorships", "sponsor added", "sponsor removed"),
    ("votes", "vote recorded", "vote withdrawn"),
)


def record_symbol(resolved: ResolvedRecord) -> str:
    """The symbol facts hang on; a record without one is keyed by its record id.

    Library records get "undl:<id>"; text records already carry a "text:" id, kept as is.
    """
    record = resolved.record
    if record.symbol:
        return record.symbol
    return record.record_id if record.record_id.startswith("text:") else f"undl:{record.record_id}"
