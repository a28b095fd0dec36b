"""The write path of the bulk recorded-vote tables: stage, resolve seats, hash, write in SQL.

870,109 `unvotes` rows do not go through Python one by one: the vote ingest hands Arrow tables
to a `RollCallStage`, which joins them to the resolved seats, computes one content hash per
roll call and writes only the roll calls that are new or whose hash changed. Ingesting the
same file twice therefore reports every roll call unchanged and changes no row, and a
corrected release replaces exactly the roll calls it corrects, leaving typed `changes` rows
(vote recorded / vote withdrawn). The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from ungawatch.store.database import Store
from ungawatch.vocabulary import Body, SourceKind, VoteOption

_ROLL_CALL_COLUMNS = (
    "session, date, symbol, printed_symbol, draft, committee_report, meeting, title, "
    "agenda_title, subjects, amendment, paragraph, important, short, descr, vote_note, yes, no, "
    "abstain, non_voting, total, link"
)
_VOTE_COLUMNS = "state_code, vote, printed_name, printed_code"
# Roll-call columns of the UNDL CSV (repeated on every state's row) and their staged names.
_BULK_ROLL_CALL_FIELDS = (
    ("date", "date_text"),
    ("session", "session_text"),
    ("resolution", "printed_symbol"),
    ("draft", "draft"),
    ("committee_report", "committee_report"),
    ("meeting", "meeting"),
    ("title", "title"),
    ("agenda_title", "agenda_title"),
    ("subjects", "subjects"),
    ("vote_note", "vote_note"),
    ("total_yes", "yes"),
    ("total_no", "no"),
    ("total_abstentions", "abstain"),
    ("total_non_voting", "non_voting"),
    ("total_ms", "total"),
    ("undl_link", "link"),
)
_TEMPS = (
    "_stage_rc",
    "_stage_rv",
    "_stage_ri",
    "_seats",
    "_symbols",
    "_changed",
    "_quarantined",
    "_reasons",
)
# Roll calls whose printed date, session or count is no valid value (see `_invalid`).
_INVALID = "(SELECT record_id FROM _stage_rc WHERE invalid IS NOT NULL)"
# The UNDL CSV's roll-call columns that must convert: (name, staged expression, SQL type).
_BULK_CHECKS = (
    ("date", "left(b.date_text, 10)", "DATE"),
    ("session", "b.session_text", "INTEGER"),
    ("total_yes", "b.yes", "INTEGER"),
    ("total_no", "b.no", "INTEGER"),
    ("total_abstentions", "b.abstain", "INTEGER"),
    ("total_non_voting", "b.non_voting", "INTEGER"),
    ("total_ms", "b.total", "INTEGER"),
)


def _invalid(*checks: tuple[str, str, str]) -> str:
    """Columns `invalid` (the first field that does not convert, or a missing date) and
    `invalid_value` (its printed text) of a staged roll call: a bad value is a record error
    the caller reports, never a conversion the database refuses mid-file."""
    whens, values = [], []
    for name, expr, sql_type in checks:
        if name == "date":
            whens.append(f"WHEN coalesce({expr}, '') = '' THEN 'date'")
            values.append(f"WHEN coalesce({expr}, '') = '' THEN '(none)'")
        condition = f"coalesce({expr}, '') <> '' AND TRY_CAST({expr} AS {sql_type}) IS NULL"
        whens.append(f"WHEN {condition} THEN '{name}'")
        values.append(f"WHEN {condition} THEN {expr}")
    return (
        f"CASE {' '.join(whens)} END AS invalid, "
        f"CAST(CASE {' '.join(values)} END AS VARCHAR) AS invalid_value"
    )


@dataclass(frozen=True, slots=True)
class WriteCounts:
    records: int
    inserted: int
    updated: int
    unchanged: int
    votes: int
    symbols: tuple[str, ...]


class RollCallStage:
    """Temporary tables of one vote ingest: roll calls, raw votes, then resolved votes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stage_unvotes(self, symbols: pd.DataFrame) -> None:
        """Roll calls of `unvotes` (`_arrow_roll_calls`, `_arrow_votes`, `_arrow_issues`):
        flags are "1"/"0"/"" (unknown); `symbols` maps each rcid to its normalized symbol."""
        self._register_frame("_symbols", symbols)
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_rc AS SELECT r.rcid AS record_id, "
            "TRY_CAST(r.session AS INTEGER) AS session, TRY_CAST(r.date AS DATE) AS date, "
            "s.symbol, "
            "nullif(r.unres, '') AS printed_symbol, NULL AS draft, NULL AS committee_report, "
            "NULL AS meeting, NULL AS title, NULL AS agenda_title, NULL AS subjects, "
            "CAST(nullif(r.amend, '') AS INTEGER) = 1 AS amendment, "
            "CAST(nullif(r.para, '') AS INTEGER) = 1 AS paragraph, "
            "CAST(nullif(r.importantvote, '') AS INTEGER) = 1 AS important, "
            "nullif(r.short, '') AS short, nullif(r.descr, '') AS descr, NULL AS vote_note, "
            "NULL::INTEGER AS yes, NULL::INTEGER AS no, NULL::INTEGER AS abstain, "
            "NULL::INTEGER AS non_voting, NULL::INTEGER AS total, NULL AS link, "
            f"{_invalid(('session', 'r.session', 'INTEGER'), ('date', 'r.date', 'DATE'))} "
            "FROM _arrow_roll_calls r JOIN _symbols s ON s.rcid = r.rcid"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP VIEW _raw_votes AS SELECT rcid AS record_id, "
            "country AS name, country_code AS code, vote FROM _arrow_votes"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_ri AS SELECT rcid AS record_id, "
            "short_name AS issue_code, issue FROM _arrow_issues"
        )

    def printed_resolutions(self) -> list[str]:
        """Each distinct printed `resolution` of the staged UNDL CSV (`_arrow_bulk`)."""
        return [
            str(row["resolution"])
            for row in self.store.rows(
                "SELECT DISTINCT resolution FROM _arrow_bulk WHERE resolution <> ''"
            )
        ]

    def stage_bulk(self, symbols: pd.DataFrame) -> None:
        """Roll calls of the UNDL CSV: one per `undl_id`, its columns repeated on every state
        row; `symbols` maps each printed resolution to its normalized symbol."""
        self._register_frame("_symbols", symbols)
        fields = ", ".join(
            f"any_value(nullif({name}, '')) AS {alias}" for name, alias in _BULK_ROLL_CALL_FIELDS
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_rc AS SELECT b.record_id, "
            "TRY_CAST(b.session_text AS INTEGER) AS session, "
            "TRY_CAST(left(b.date_text, 10) AS DATE) AS date, s.symbol, b.printed_symbol, "
            "b.draft, b.committee_report, b.meeting, b.title, b.agenda_title, b.subjects, "
            "false AS amendment, false AS paragraph, NULL::BOOLEAN AS important, NULL AS short, "
            "NULL AS descr, b.vote_note, TRY_CAST(b.yes AS INTEGER) AS yes, "
            "TRY_CAST(b.no AS INTEGER) AS no, TRY_CAST(b.abstain AS INTEGER) AS abstain, "
            "TRY_CAST(b.non_voting AS INTEGER) AS non_voting, "
            "TRY_CAST(b.total AS INTEGER) AS total, b.link, "
            f"{_invalid(*_BULK_CHECKS)} "
            f"FROM (SELECT undl_id AS record_id, {fields} FROM _arrow_bulk "
            "GROUP BY undl_id) b LEFT JOIN _symbols s ON s.printed = b.printed_symbol"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP VIEW _raw_votes AS SELECT undl_id AS record_id, "
            "ms_name AS name, ms_code AS code, ms_vote AS vote FROM _arrow_bulk"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_ri (record_id VARCHAR, issue_code VARCHAR, "
            "issue VARCHAR)"
        )

    def stage_ohchr(self) -> None:
        """Roll calls of the OHCHR voting records (`_arrow_ohchr_rc`, `_arrow_ohchr_votes`):
        one row per recorded vote of the Human Rights Council; the source gives no totals."""
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_rc AS SELECT record_id, session, "
            "CAST(date AS DATE) AS date, symbol, record_id AS printed_symbol, NULL AS draft, "
            "committee_report, NULL AS meeting, title, agenda_title, subjects, amendment, "
            "false AS paragraph, NULL::BOOLEAN AS important, NULL AS short, descr, vote_note, "
            "NULL::INTEGER AS yes, NULL::INTEGER AS no, NULL::INTEGER AS abstain, "
            "NULL::INTEGER AS non_voting, NULL::INTEGER AS total, NULL AS link, "
            # The source module read and checked every date: no roll call is invalid here.
            "NULL::VARCHAR AS invalid, NULL::VARCHAR AS invalid_value "
            "FROM _arrow_ohchr_rc"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP VIEW _raw_votes AS SELECT record_id, name, code, vote "
            "FROM _arrow_ohchr_votes"
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_ri (record_id VARCHAR, issue_code VARCHAR, "
            "issue VARCHAR)"
        )

    def printed_seats(self) -> list[tuple[str, str]]:
        """Each distinct (name, code) pair the staged votes print."""
        return [
            (str(row["name"]), str(row["code"]))
            for row in self.store.rows("SELECT DISTINCT name, code FROM _raw_votes")
        ]

    def resolve_votes(self, seats: pd.DataFrame, mapping: dict[str, VoteOption]) -> None:
        """Credit each printed (name, code) to the seat holder on the roll call's date.

        `seats` has name, code, valid_from, valid_until, state_code; `mapping` turns the
        source's vote spellings into the vocabulary's.
        """
        self._register_frame("_seats", seats)
        cases = " ".join(f"WHEN '{raw}' THEN '{option.value}'" for raw, option in mapping.items())
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_rv AS SELECT v.record_id, s.state_code, "
            f"CASE v.vote {cases} END AS vote, v.name AS printed_name, v.code AS printed_code, "
            "v.vote AS printed_vote, r.record_id IS NOT NULL AS known_roll_call "
            "FROM _raw_votes v LEFT JOIN _stage_rc r ON r.record_id = v.record_id "
            "LEFT JOIN _seats s ON s.name = v.name AND s.code = v.code "
            "AND r.date >= s.valid_from AND r.date < s.valid_until"
        )

    def problems(self) -> list[dict[str, Any]]:
        """Roll calls with an invalid date, session or count, unknown vote codes, unresolved
        states and votes on no roll call (field, value, first record id, row count, and for
        states the printed name and code): the caller reports them; they are never stored."""
        return self.store.rows(
            "SELECT invalid AS field, invalid_value AS value, record_id, 1 AS n, NULL AS name, "
            "NULL AS code FROM _stage_rc WHERE invalid IS NOT NULL "
            "UNION ALL SELECT 'vote', printed_vote, min(record_id), count(*), NULL, NULL "
            f"FROM _stage_rv WHERE vote IS NULL AND record_id NOT IN {_INVALID} "
            "GROUP BY printed_vote "
            "UNION ALL SELECT 'state', printed_name || ' (' || printed_code || ')', "
            "min(record_id), count(*), printed_name, printed_code FROM _stage_rv "
            f"WHERE state_code IS NULL AND known_roll_call AND record_id NOT IN {_INVALID} "
            "GROUP BY printed_name, printed_code "
            "UNION ALL SELECT 'roll call', record_id, record_id, count(*), NULL, NULL "
            "FROM _stage_rv WHERE NOT known_roll_call GROUP BY record_id ORDER BY 1, 2"
        )

    def quarantine(
        self, source_kind: SourceKind, location: str, row_text: str, reasons: pd.DataFrame
    ) -> None:
        """Keep every vote row that is not stored (and every invalid roll call) in
        quarantine, keyed "<roll call>/<printed code or name>", with the row's printed fields
        (`row_text`: a SQL expression over record_id, printed_name, printed_code and
        printed_vote) and, for a state that cannot be told, why (`reasons`: name, code, why).
        Rows quarantined before that this file gives as good leave quarantine."""
        self._register_frame("_reasons", reasons)
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _quarantined AS SELECT key, any_value(field) AS field, "
            "any_value(message) AS message, any_value(raw) AS raw FROM ("
            "SELECT v.record_id || '/' || coalesce(nullif(v.printed_code, ''), v.printed_name) "
            "AS key, CASE WHEN r.invalid IS NOT NULL THEN r.invalid "
            "WHEN v.vote IS NULL THEN 'vote' WHEN NOT v.known_roll_call THEN 'roll call' "
            "ELSE 'state' END AS field, CASE WHEN r.invalid IS NOT NULL THEN 'the roll call''s ' "
            "|| r.invalid || ' ' || r.invalid_value || ' is not valid' "
            "WHEN v.vote IS NULL THEN 'unknown vote code ' || v.printed_vote "
            "WHEN NOT v.known_roll_call THEN 'no roll call ' || v.record_id || ' in the file' "
            "ELSE v.printed_name || ' (' || v.printed_code || '): ' || coalesce(x.why, "
            f"'resolves to no state of the registry') END AS message, {row_text} AS raw "
            "FROM _stage_rv v LEFT JOIN _stage_rc r USING (record_id) LEFT JOIN _reasons x "
            "ON x.name = v.printed_name AND x.code = v.printed_code "
            "WHERE v.vote IS NULL OR v.state_code IS NULL OR r.invalid IS NOT NULL) GROUP BY key"
        )
        # What this file, or another file's copy of its roll calls, quarantined before and
        # that this file no longer gives as bad, is stale.
        self.store.write(
            "DELETE FROM quarantine WHERE source_kind = ? AND record_id NOT IN "
            "(SELECT key FROM _quarantined) AND (location = ? OR split_part(record_id, '/', 1) "
            "IN (SELECT record_id FROM _stage_rc))",
            [source_kind.value, location],
        )
        self.store.write(
            "INSERT INTO quarantine (location, record_id, field, message, first_seen, "
            "source_kind, raw) SELECT ?, key, field, message, now()::TIMESTAMP, ?, raw "
            "FROM _quarantined ON CONFLICT DO UPDATE SET field = excluded.field, "
            "message = excluded.message, raw = excluded.raw, source_kind = excluded.source_kind "
            "WHERE (quarantine.field, quarantine.message, quarantine.raw, "
            "quarantine.source_kind) IS DISTINCT FROM (excluded.field, excluded.message, "
            "excluded.raw, excluded.source_kind)",
            [location, source_kind.value],
        )

    def drop_invalid(self) -> int:
        """Leave out the roll calls whose date, session or counts are not valid, with their
        votes: they are reported and quarantined, never stored half-read. Returns how many."""
        dropped = int(self.store.scalar(f"SELECT count(*) FROM {_INVALID}"))
        self.store.execute(f"DELETE FROM _stage_rv WHERE record_id IN {_INVALID}")
        self.store.execute(f"DELETE FROM _stage_ri WHERE record_id IN {_INVALID}")
        self.store.execute("DELETE FROM _stage_rc WHERE invalid IS NOT NULL")
        return dropped

    def write(
        self,
        source_kind: SourceKind,
        *,
        location: str,
        file_sha256: str,
        size: int,
        body: Body = Body.PLENARY,
    ) -> WriteCounts:
        """Hash each staged roll call and write the new and changed ones with their votes;
        `body` is the organ that voted (the GA plenary, or the Human Rights Council)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        hashes = self._hash_roll_calls(source_kind)
        counts = self.store.rows(
            "SELECT count(*) FILTER (WHERE old_hash IS NULL) AS inserted, "
            "count(*) FILTER (WHERE old_hash <> content_hash) AS updated, "
            "count(*) FILTER (WHERE old_hash = content_hash) AS unchanged, count(*) AS records "
            f"FROM {hashes}"
        )[0]
        # A first ingest writes every staged row: no filter, no old rows to delete or compare.
        every = int(counts["unchanged"]) == 0 and int(counts["updated"]) == 0
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _changed AS SELECT record_id, old_hash IS NOT NULL "
            f"AS updated FROM {hashes} WHERE old_hash IS DISTINCT FROM content_hash"
        )
        changed = "" if every else "AND record_id IN (SELECT record_id FROM _changed)"
        symbols = tuple(
            str(row["symbol"])
            for row in self.store.rows(
                "SELECT DISTINCT symbol FROM (SELECT symbol FROM roll_calls WHERE source_kind = ? "
                "AND record_id IN (SELECT record_id FROM _changed WHERE updated) UNION "
                f"SELECT symbol FROM _stage_rc WHERE true {changed}) WHERE symbol IS NOT NULL",
                [source_kind.value],
            )
        )
        if int(counts["updated"]):
            self._record_vote_changes(source_kind, hashes, now)
            self._delete_rows(source_kind)
        self._insert_rows(source_kind, changed, body)
        self.store.write(
            f"INSERT INTO source_records SELECT '{source_kind.value}', record_id, content_hash, "
            f"NULL, ?, ?, ? FROM {hashes} WHERE old_hash IS DISTINCT FROM content_hash",
            [file_sha256, location, now],
        )
        self.store.write(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [file_sha256, location, source_kind.value, size, now],
        )
        written = self.store.scalar(
            "SELECT count(*) FROM _stage_rv WHERE state_code IS NOT NULL AND vote IS NOT NULL "
            f"{changed}"
        )
        self.store.execute(f"DROP TABLE {hashes}")
        self.store.execute("DROP TABLE _changed")
        return WriteCounts(
            records=int(counts["records"]),
            inserted=int(counts["inserted"]),
            updated=int(counts["updated"]),
            unchanged=int(counts["unchanged"]),
            votes=int(written),
            symbols=symbols,
        )

    def _delete_rows(self, source_kind: SourceKind) -> None:
        """Delete the stored rows of the roll calls a new release changed."""
        for table in ("roll_calls", "roll_call_votes", "roll_call_issues", "source_records"):
            self.store.write(
                f"DELETE FROM {table} WHERE source_kind = ? "
                "AND record_id IN (SELECT record_id FROM _changed WHERE updated)",
                [source_kind.value],
            )

    def _insert_rows(self, source_kind: SourceKind, changed: str, body: Body) -> None:
        """Insert the staged rows of new or changed roll calls (`changed`: the filter), as
        votes of `body`."""
        key = f"'{source_kind.value}' AS source_kind, record_id"
        self.store.write(
            f"INSERT INTO roll_calls ({_KEYED_COLUMNS}) SELECT {key}, {_ROLL_CALL_COLUMNS}, "
            f"'{body.value}' FROM _stage_rc WHERE true {changed}"
        )
        self.store.write(
            f"INSERT INTO roll_call_votes SELECT {key}, {_VOTE_COLUMNS} FROM _stage_rv "
            f"WHERE state_code IS NOT NULL AND vote IS NOT NULL {changed}"
        )
        self.store.write(
            f"INSERT INTO roll_call_issues SELECT DISTINCT {key}, issue_code, issue "
            f"FROM _stage_ri WHERE true {changed}"
        )

    def _hash_roll_calls(self, source_kind: SourceKind) -> str:
        """A temp table of (record_id, content_hash, old_hash): the roll call, votes, issues."""
        fields = ", ".join(
            f"CAST(r.{name.strip()} AS VARCHAR)" for name in _ROLL_CALL_COLUMNS.split(",")
        )
        self.store.execute(
            "CREATE OR REPLACE TEMP TABLE _hashes AS "
            # An order-free, exact sum of 64-bit row digests (md5, stable across DuckDB
            # versions): a roll call's 190-odd votes hash without sorting, and the HUGEINT sum
            # cannot round. A row's digest depends only on its printed (code, name, vote), of
            # which a file holds a few hundred distinct ones: each is hashed once and joined
            # back, rather than 870k times (the same digests, four times faster).
            "WITH d AS (SELECT printed_code, printed_name, printed_vote, "
            "  CAST(md5_number_lower(concat_ws('|', printed_code, printed_name, printed_vote)) "
            "  AS HUGEINT) AS digest FROM (SELECT DISTINCT printed_code, printed_name, "
            "  printed_vote FROM _stage_rv)), "
            "v AS (SELECT r.record_id, sum(d.digest) AS votes FROM _stage_rv r JOIN d "
            "  ON r.printed_code IS NOT DISTINCT FROM d.printed_code "
            "  AND r.printed_name IS NOT DISTINCT FROM d.printed_name "
            "  AND r.printed_vote IS NOT DISTINCT FROM d.printed_vote GROUP BY r.record_id), "
            "i AS (SELECT record_id, sum(CAST(md5_number_lower(concat_ws('|', issue_code, issue)) "
            "  AS HUGEINT)) AS issues FROM _stage_ri GROUP BY record_id) "
            f"SELECT r.record_id, md5(concat_ws('#', {fields}, CAST(v.votes AS VARCHAR), "
            "  CAST(i.issues AS VARCHAR))) AS content_hash, s.content_hash AS old_hash "
            "FROM _stage_rc r LEFT JOIN v USING (record_id) LEFT JOIN i USING (record_id) "
            "LEFT JOIN source_records s ON s.source_kind = ? AND s.record_id = r.record_id",
            [source_kind.value],
        )
        return "_hashes"

    def _record_vote_changes(self, source_kind: SourceKind, hashes: str, now: datetime) -> None:
        """Typed change rows for roll calls a new release corrects: votes recorded or
        withdrawn."""
        updated = f"(SELECT record_id FROM {hashes} WHERE old_hash <> content_hash)"
        old = (
            "SELECT v.record_id, r.symbol, v.state_code, v.vote FROM roll_call_votes v "
            "JOIN roll_calls r USING (source_kind, record_id) "
            f"WHERE v.source_kind = '{source_kind.value}' AND v.record_id IN {updated}"
        )
        new = (
            "SELECT v.record_id, r.symbol, v.state_code, v.vote FROM _stage_rv v "
            "JOIN _stage_rc r USING (record_id) WHERE v.state_code IS NOT NULL "
            f"AND v.vote IS NOT NULL AND v.record_id IN {updated}"
        )
        for change, first, second in (("vote recorded", new, old), ("vote withdrawn", old, new)):
            self.store.write(
                "INSERT INTO changes SELECT ?, ?, record_id, symbol, ?, state_code, vote "
                f"FROM ({first} EXCEPT {second})",
                [now, source_kind.value, change],
            )

    def _register_frame(self, name: str, frame: pd.DataFrame) -> None:
        """A small Python-built table (seats, symbols) as a temporary table of the store."""
        self.store.connection.register("_incoming_small", frame)
        try:
            self.store.execute(
                f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _incoming_small"
            )
        finally:
            # In a transaction a failed statement aborted, unregistering fails too; the
            # failure that matters is the one above.
            with suppress(duckdb.Error):
                self.store.connection.unregister("_incoming_small")


_KEYED_COLUMNS = f"source_kind, record_id, {_ROLL_CALL_COLUMNS}, body"


@contextmanager
def roll_call_stage(store: Store, tables: dict[str, pa.Table]) -> Iterator[RollCallStage]:
    """Arrow tables visible to SQL as `_arrow_<name>` for the duration of one vote ingest."""
    for name, table in tables.items():
        store.connection.register(f"_arrow_{name}", table)
    try:
        yield RollCallStage(store)
    finally:
        for name in tables:
            store.connection.unregister(f"_arrow_{name}")
        # The raw votes are a view over the registered Arrow table: never copied.
        store.execute("DROP VIEW IF EXISTS _raw_votes")
        for temp in _TEMPS:
            store.execute(f"DROP TABLE IF EXISTS {temp}")
