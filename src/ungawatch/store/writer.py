"""Writing resolved records: unchanged ones are skipped, changed ones replace their own rows.

Rows are buffered as tuples and inserted in bulk every `FLUSH_EVERY` records and when the
caller flushes, inside the caller's transaction, so memory stays flat however large the file.
Facts read from document text also carry the page they were read from and a confidence
(`TextFacts`); catalogue (MARCXML) rows leave those columns empty. A changed record also leaves
typed change rows (sponsor joined or left the list, vote changed) so that a re-ingest is
visible as data rather than a silent overwrite. A second copy of a record in the same file can
take the first one back (`drop`), its rows and change rows included, even once flushed.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
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
    "delegations",
    "sponsor_counts",
)
# Record ids that stand in for a symbol a record lacks: document texts, the Council's
# resolution records and press releases key their facts by them.
KEYED_RECORDS = ("text:", "hrc:", "press:")
# The columns the writer fills, in the order of its row tuples.
COLUMNS: dict[str, tuple[str, ...]] = {
    "source_records": (
        "source_kind",
        "record_id",
        "content_hash",
        "modified",
        "file_sha256",
        "location",
        "ingested_at",
    ),
    "documents": (
        "source_kind",
        "record_id",
        "symbol",
        "body",
        "session",
        "regular_session",
        "kind",
        "kind_label",
        "title",
        "title_key",
        "date",
        "agenda",
        "submitted_by",
        "meeting",
        "action_note",
    ),
    "links": ("source_kind", "record_id", "from_symbol", "to_symbol", "relation"),
    "sponsorships": (
        "source_kind",
        "record_id",
        "draft_symbol",
        "state_code",
        "role",
        "acting_for",
        "listed_in",
        "field",
        "printed_name",
        "page",
        "confidence",
    ),
    "adoptions": (
        "source_kind",
        "record_id",
        "symbol",
        "body",
        "date",
        "method",
        "meeting",
        "yes",
        "no",
        "abstain",
        "non_voting",
        "total",
        "note",
        "page",
        "confidence",
        "reported_in",
        "orally_revised",
        "dissociated",
    ),
    "votes": (
        "source_kind",
        "record_id",
        "symbol",
        "state_code",
        "vote",
        "printed_name",
        "page",
        "confidence",
    ),
    "record_notes": ("source_kind", "record_id", "symbol", "field", "message"),
    "citations": ("source_kind", "record_id", "symbol", "cites", "page"),
    "delegations": (
        "source_kind",
        "record_id",
        "symbol",
        "action",
        "state_code",
        "acting_for",
        "acting_for_printed",
        "printed_name",
    ),
    "sponsor_counts": ("source_kind", "record_id", "symbol", "counted_as", "stated", "named"),
    "changes": ("seen_at", "source_kind", "record_id", "symbol", "change", "state_code", "detail"),
}


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
FLUSH_EVERY = 200
# One thread inserts a batch while the next one is read (see `RecordWriter.flush`); one
# batch at a time, so the database connection is never used by two threads at once.
_WORKERS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ungawatch-writer")


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
        self._rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self._buffered: set[str] = set()
        self._replaced: dict[str, None] = {}
        self._stored: dict[str, None] = {}
        self._old_facts: dict[str, dict[str, _FactSet]] = {}
        self._in_file: dict[str, Written] = {}
        self._pending: Future[None] | None = None

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
        self._buffer(resolved, text)
        self._buffered.add(record.record_id)
        self.store.touched_symbols.add(record_symbol(resolved))
        self.store.touched_symbols.update(link.symbol for link in record.related)
        if self.careful or len(self._buffered) >= FLUSH_EVERY:
            self.flush(wait=False)
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
                at = COLUMNS[table].index("record_id")
                self._rows[table] = [row for row in rows if row[at] != record_id]
        elif written.outcome is not Outcome.UNCHANGED:
            self._unwrite(record_id, written)
        return written

    def _unwrite(self, record_id: str, written: Written) -> None:
        """Delete the rows an earlier flush of this file wrote for `record_id`, keeping the
        facts it held before this file (for the change rows of the copy that replaces it)."""
        self._settle()
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
        self._settle()
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

    def flush(self, *, wait: bool = True) -> None:
        """Replace the rows of changed records and insert the buffered rows in bulk.

        With `wait=False` (the writer's own flushes every `FLUSH_EVERY` records) the inserts
        run on a worker thread while the caller reads on: DuckDB releases the GIL as it
        writes. Every other use of the database waits for them first (`_settle`)."""
        self._settle()
        if self._replaced:
            replaced = list(self._replaced)
            old = self._facts_of(replaced)
            self._delete_rows(replaced)
            self._rows["changes"].extend(self._changes(old, set(replaced)))
        batches = [
            (table, self._rows[table])
            for table in (*FACT_TABLES, "source_records", "changes")
            if self._rows.get(table)
        ]
        stored = list(self._stored)
        self._rows = defaultdict(list)
        self._replaced.clear()
        self._buffered.clear()
        self._stored.clear()
        self._old_facts.clear()
        if wait or self.careful:
            self._insert(batches, stored)
        else:
            self._pending = _WORKERS.submit(self._insert, batches, stored)

    def _insert(self, batches: list[tuple[str, list[tuple[Any, ...]]]], stored: list[str]) -> None:
        for table, rows in batches:
            self.store.insert_rows(table, COLUMNS[table], rows)
        if stored:
            # A record stored now leaves quarantine, whichever file put it there.
            self.store.write(
                "DELETE FROM quarantine WHERE record_id IN (SELECT unnest(?::VARCHAR[])) "
                "AND (source_kind = ? OR location = ?)",
                [stored, self.source_kind, self.location],
            )

    def _settle(self) -> None:
        """Wait for inserts running in the background; their error is raised here."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Let background inserts end (their error, if any, was or will not be needed)."""
        pending, self._pending = self._pending, None
        if pending is not None:
            wait_for([pending])

    def _delete_rows(self, record_ids: list[str]) -> None:
        for table in (*FACT_TABLES, "source_records"):
            self.store.write(
                f"DELETE FROM {table} WHERE source_kind = ? AND record_id IN "
                f"(SELECT unnest(?::VARCHAR[]))",
                [self.source_kind, record_ids],
            )

    def _buffer(self, resolved: ResolvedRecord, text: TextFacts | None) -> None:
        """The record's rows, as tuples in `COLUMNS` order; a text record's fact rows carry
        page and confidence, and its document the session and body the text gives when no
        symbol says."""
        record, kind, record_id = resolved.record, self.source_kind, resolved.record.record_id
        self._rows["source_records"].append(
            (
                kind,
                record_id,
                record.content_hash,
                record.modified,
                self.file_sha256,
                self.location,
                self.now,
            )
        )
        self._rows["documents"].append(self._document(resolved, text))
        page, confidence = (text.page, text.confidence) if text else (None, None)
        symbol = record_symbol(resolved)
        rows = self._rows
        rows["links"].extend(
            (kind, record_id, symbol, link.symbol, str(link.relation)) for link in record.related
        )
        rows["sponsorships"].extend(
            (
                kind,
                record_id,
                symbol,
                sponsor.state_code,
                str(sponsor.role),
                sponsor.acting_for,
                sponsor.listed_in,
                sponsor.field,
                sponsor.printed_name,
                page,
                confidence,
            )
            for sponsor in resolved.sponsors
        )
        if record.adoption is not None:
            rows["adoptions"].append(self._adoption(resolved, symbol, text))
        rows["delegations"].extend(
            (
                kind,
                record_id,
                symbol,
                str(entry.action),
                entry.state_code,
                entry.acting_for,
                entry.acting_for_printed,
                entry.printed_name,
            )
            for entry in resolved.delegations
        )
        rows["sponsor_counts"].extend(
            (kind, record_id, symbol, str(count.counted_as), count.stated, count.named)
            for count in record.sponsor_counts
        )
        rows["votes"].extend(
            (kind, record_id, symbol, v.state_code, str(v.vote), v.printed_name, page, confidence)
            for v in resolved.votes
        )
        rows["record_notes"].extend(
            (kind, record_id, symbol, note.field, note.message) for note in resolved.notes
        )
        if text is not None:
            rows["citations"].extend(
                (kind, record_id, symbol, cited, text.page) for cited in text.cites
            )

    def _document(self, resolved: ResolvedRecord, text: TextFacts | None) -> tuple[Any, ...]:
        record, symbol = resolved.record, resolved.symbol
        body = str(symbol.body) if symbol else None
        session = symbol.session if symbol else None
        regular = symbol.regular_session if symbol else None
        if text is not None and record.symbol is None:
            body, regular = text.body, text.session
            session = str(text.session) if text.session else None
        return (
            self.source_kind,
            record.record_id,
            record.symbol,
            body,
            session,
            regular,
            str(record.kind),
            record.kind_label,
            record.title,
            resolved.title_key,
            record.date,
            list(record.agenda),
            record.submitted_by,
            record.meeting,
            record.action_note,
        )

    def _adoption(
        self, resolved: ResolvedRecord, symbol: str, text: TextFacts | None
    ) -> tuple[Any, ...]:
        record, tally = resolved.record, resolved.record.tally
        body = str(resolved.symbol.body) if resolved.symbol else None
        if text is not None and record.symbol is None:
            body = text.body  # a text without its symbol: the body its heading gives
        page, confidence = (text.page, text.confidence) if text else (None, None)
        return (
            self.source_kind,
            record.record_id,
            symbol,
            body,
            record.date,
            str(record.adoption),
            record.meeting,
            tally.yes if tally else None,
            tally.no if tally else None,
            tally.abstain if tally else None,
            tally.non_voting if tally else None,
            tally.total if tally else None,
            record.action_note,
            page,
            confidence,
            record.reported_in,
            record.orally_revised,
            record.dissociated,
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

    def _changes(self, old: dict[str, _FactSet], replaced: set[str]) -> list[tuple[Any, ...]]:
        # Both tables' rows start (source_kind, record_id, symbol, state_code, role or vote).
        new = {
            table: {(r[1], r[2], r[3], r[4]) for r in self._rows[table] if r[1] in replaced}
            for table in ("sponsorships", "votes")
        }
        changes: list[tuple[Any, ...]] = []
        for table, added_name, removed_name in _CHANGE_NAMES:
            for name, facts in (
                (added_name, new[table] - old[table]),
                (removed_name, old[table] - new[table]),
            ):
                changes.extend(
                    (self.now, self.source_kind, record_id, symbol, name, state, value)
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

    Library records get "undl:<id>"; text, Council and press-release records already carry a
    keyed id ("text:", "hrc:", "press:"), kept as is.
    """
    record = resolved.record
    if record.symbol:
        return record.symbol
    if record.record_id.startswith(KEYED_RECORDS):
        return record.record_id
    return f"undl:{record.record_id}"
