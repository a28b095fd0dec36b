"""Ingest of the bulk recorded-vote tables: stage in the store, resolve, hash and write in SQL.

870,109 `unvotes` rows do not go through Python one by one: the source module reads them into
Arrow tables, and this module hands those to DuckDB, which joins them to the resolved seats,
computes one content hash per roll call and writes only the roll calls that are new or whose
hash changed. Ingesting the same file twice therefore reports every roll call unchanged and
changes no row, and a corrected release replaces exactly the roll calls it corrects, leaving
typed `changes` rows (vote recorded / vote withdrawn). Each call is one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ungawatch.errors import SourceError
from ungawatch.ingest_report import IngestReport, Problem, Progress, open_source
from ungawatch.models import VoteOption
from ungawatch.sources import votes_csv
from ungawatch.store import Store

UNVOTES = "unvotes"
UNDL_VOTING_CSV = "undl-voting-csv"

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


def is_unvotes(head: bytes) -> bool:
    """A table of the `unvotes` set, told by its header line."""
    return votes_csv.table_kind(head) in ("votes", "roll_calls", "issues")


def is_bulk_csv(head: bytes) -> bool:
    """The UNDL voting-data CSV, with or without its `vote_note` column."""
    return votes_csv.table_kind(head) in ("bulk", "bulk-old")


def ingest_unvotes(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Ingest the `unvotes` set `path` belongs to (votes, roll calls, issues) in one transaction.

    The three tables are one dataset: the votes cannot be credited to a seat without the roll
    calls' dates. When a sibling table was already ingested in this run, the set is not read
    twice.
    """
    files = votes_csv.unvotes_set(path)
    if any(str(sibling) in report.files for sibling in files.values()):
        return
    tables = {kind: votes_csv.read_table(file, kind) for kind, file in files.items()}
    with _registered(store, tables), store.transaction():
        _stage_unvotes(store, tables["roll_calls"])
        _stage_votes(store, votes_csv.UNVOTES_VOTES_MAP)
        store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_ri AS SELECT rcid AS record_id, "
            "short_name AS issue_code, issue FROM _arrow_issues"
        )
        _write(store, UNVOTES, sorted(files.values()), report, strict)
    if progress:
        progress(report.records)


def ingest_bulk_csv(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Ingest a UN Digital Library GA voting-data CSV (with or without `vote_note`)."""
    with open_source(path) as stream:
        kind = votes_csv.table_kind(stream.read(4096))
    if kind not in ("bulk", "bulk-old"):
        raise SourceError("not a UN voting-data CSV: the header differs", location=str(path))
    table = votes_csv.read_table(path, kind)
    if kind == "bulk-old":
        table = table.append_column("vote_note", pa.array([""] * table.num_rows, pa.string()))
    with _registered(store, {"bulk": table}), store.transaction():
        _stage_bulk(store)
        _stage_votes(store, votes_csv.BULK_VOTES)
        store.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_ri (record_id VARCHAR, issue_code VARCHAR, "
            "issue VARCHAR)"
        )
        _write(store, UNDL_VOTING_CSV, [path], report, strict)
    if progress:
        progress(report.records)


@contextmanager
def _registered(store: Store, tables: dict[str, pa.Table]) -> Iterator[None]:
    """Arrow tables visible to SQL by name for the duration of one ingest."""
    for name, table in tables.items():
        store.connection.register(f"_arrow_{name}", table)
    try:
        yield
    finally:
        for name in tables:
            store.connection.unregister(f"_arrow_{name}")
        for temp in ("_stage_rc", "_stage_rv", "_stage_ri", "_seats", "_raw_votes", "_symbols"):
            store.execute(f"DROP TABLE IF EXISTS {temp}")


def _stage_unvotes(store: Store, roll_calls: pa.Table) -> None:
    """Roll calls of `unvotes`: flags are "1"/"0"/"" (unknown), symbols derived from `unres`."""
    frame = roll_calls.select(["rcid", "session", "unres"]).to_pandas()
    frame["symbol"] = [
        votes_csv.unvotes_symbol(unres, int(session))
        for unres, session in zip(frame["unres"], frame["session"], strict=True)
    ]
    _register_frame(store, "_symbols", frame[["rcid", "symbol"]])
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _stage_rc AS SELECT r.rcid AS record_id, "
        "CAST(r.session AS INTEGER) AS session, CAST(r.date AS DATE) AS date, s.symbol, "
        "nullif(r.unres, '') AS printed_symbol, NULL AS draft, NULL AS committee_report, "
        "NULL AS meeting, NULL AS title, NULL AS agenda_title, NULL AS subjects, "
        "CAST(nullif(r.amend, '') AS INTEGER) = 1 AS amendment, "
        "CAST(nullif(r.para, '') AS INTEGER) = 1 AS paragraph, "
        "CAST(nullif(r.importantvote, '') AS INTEGER) = 1 AS important, "
        "nullif(r.short, '') AS short, nullif(r.descr, '') AS descr, NULL AS vote_note, "
        "NULL::INTEGER AS yes, NULL::INTEGER AS no, NULL::INTEGER AS abstain, "
        "NULL::INTEGER AS non_voting, NULL::INTEGER AS total, NULL AS link "
        "FROM _arrow_roll_calls r JOIN _symbols s ON s.rcid = r.rcid"
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _raw_votes AS SELECT rcid AS record_id, country AS name, "
        "country_code AS code, vote FROM _arrow_votes"
    )


def _stage_bulk(store: Store) -> None:
    """Roll calls of the UNDL CSV: one per `undl_id`, its columns repeated on every state row."""
    _stage_bulk_symbols(store)
    fields = ", ".join(
        f"any_value(nullif({name}, '')) AS {alias}" for name, alias in _BULK_ROLL_CALL_FIELDS
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _stage_rc AS SELECT b.record_id, "
        "TRY_CAST(b.session_text AS INTEGER) AS session, "
        "CAST(left(b.date_text, 10) AS DATE) AS date, s.symbol, b.printed_symbol, b.draft, "
        "b.committee_report, b.meeting, b.title, b.agenda_title, b.subjects, false AS amendment, "
        "false AS paragraph, NULL::BOOLEAN AS important, NULL AS short, NULL AS descr, "
        "b.vote_note, CAST(b.yes AS INTEGER) AS yes, CAST(b.no AS INTEGER) AS no, "
        "CAST(b.abstain AS INTEGER) AS abstain, CAST(b.non_voting AS INTEGER) AS non_voting, "
        "CAST(b.total AS INTEGER) AS total, b.link "
        f"FROM (SELECT undl_id AS record_id, {fields} FROM _arrow_bulk GROUP BY undl_id) b "
        "LEFT JOIN _symbols s ON s.printed = b.printed_symbol"
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _raw_votes AS SELECT undl_id AS record_id, ms_name AS name, "
        "ms_code AS code, ms_vote AS vote FROM _arrow_bulk"
    )


def _stage_bulk_symbols(store: Store) -> None:
    """Each distinct printed `resolution` with its normalized symbol (None if it is none)."""
    resolutions = [
        row["resolution"]
        for row in store.rows("SELECT DISTINCT resolution FROM _arrow_bulk WHERE resolution <> ''")
    ]
    frame = pd.DataFrame(
        {"printed": resolutions, "symbol": [votes_csv.bulk_symbol(text) for text in resolutions]},
        columns=["printed", "symbol"],
    )
    _register_frame(store, "_symbols", frame.astype("object"))


def _stage_votes(store: Store, mapping: dict[str, VoteOption]) -> None:
    """Resolve each printed (name, code) to the seat holder on the roll call's date."""
    pairs = [
        (row["name"], row["code"])
        for row in store.rows("SELECT DISTINCT name, code FROM _raw_votes")
    ]
    seats, _unknown = votes_csv.seat_codes(pairs)
    _register_frame(
        store,
        "_seats",
        pd.DataFrame(
            [(s.name, s.code, s.valid_from, s.valid_until, s.state_code) for s in seats],
            columns=["name", "code", "valid_from", "valid_until", "state_code"],
        ),
    )
    cases = " ".join(f"WHEN '{raw}' THEN '{option.value}'" for raw, option in mapping.items())
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _stage_rv AS SELECT v.record_id, s.state_code, "
        f"CASE v.vote {cases} END AS vote, v.name AS printed_name, v.code AS printed_code, "
        "v.vote AS printed_vote, r.record_id IS NOT NULL AS known_roll_call "
        "FROM _raw_votes v LEFT JOIN _stage_rc r ON r.record_id = v.record_id "
        "LEFT JOIN _seats s ON s.name = v.name AND s.code = v.code "
        "AND r.date >= s.valid_from AND r.date < s.valid_until"
    )


def _register_frame(store: Store, name: str, frame: pd.DataFrame) -> None:
    """A small Python-built table (seats, symbols) as a temporary table of the store."""
    store.connection.register("_incoming_small", frame)
    try:
        store.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _incoming_small")
    finally:
        store.connection.unregister("_incoming_small")


def _write(
    store: Store, source_kind: str, paths: list[Path], report: IngestReport, strict: bool
) -> None:
    """Report problems, hash each staged roll call, and write the new and changed ones."""
    location = str(paths[0])
    _check_votes(store, location, report, strict)
    now = datetime.now(UTC).replace(tzinfo=None)
    file_sha256 = _sha256(paths)
    hashes = _hash_roll_calls(store, source_kind)
    counts = store.rows(
        "SELECT count(*) FILTER (WHERE old_hash IS NULL) AS inserted, "
        "count(*) FILTER (WHERE old_hash <> content_hash) AS updated, "
        "count(*) FILTER (WHERE old_hash = content_hash) AS unchanged, count(*) AS records "
        f"FROM {hashes}"
    )[0]
    changed = f"(SELECT record_id FROM {hashes} WHERE old_hash IS DISTINCT FROM content_hash)"
    _record_vote_changes(store, source_kind, hashes, now)
    key = f"'{source_kind}' AS source_kind, record_id"
    _replace_rows(store, source_kind, changed)
    store.execute(
        f"INSERT INTO source_records SELECT {key}, content_hash, NULL, ?, ?, ? FROM {hashes} "
        "WHERE old_hash IS DISTINCT FROM content_hash",
        [file_sha256, location, now],
    )
    store.execute(
        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [file_sha256, location, source_kind, sum(p.stat().st_size for p in paths), now],
    )
    written = store.scalar(
        f"SELECT count(*) FROM _stage_rv WHERE state_code IS NOT NULL AND vote IS NOT NULL "
        f"AND record_id IN {changed}"
    )
    _add_counts(report, counts, int(written))
    store.execute(f"DROP TABLE {hashes}")


def _replace_rows(store: Store, source_kind: str, changed: str) -> None:
    """Delete the old rows of new or changed roll calls and insert their staged rows."""
    for table in ("roll_calls", "roll_call_votes", "roll_call_issues", "source_records"):
        store.execute(
            f"DELETE FROM {table} WHERE source_kind = ? AND record_id IN {changed}", [source_kind]
        )
    key = f"'{source_kind}' AS source_kind, record_id"
    store.execute(
        f"INSERT INTO roll_calls SELECT {key}, {_ROLL_CALL_COLUMNS} FROM _stage_rc "
        f"WHERE record_id IN {changed}"
    )
    store.execute(
        f"INSERT INTO roll_call_votes SELECT {key}, {_VOTE_COLUMNS} FROM _stage_rv "
        f"WHERE state_code IS NOT NULL AND vote IS NOT NULL AND record_id IN {changed}"
    )
    store.execute(
        f"INSERT INTO roll_call_issues SELECT DISTINCT {key}, issue_code, issue FROM _stage_ri "
        f"WHERE record_id IN {changed}"
    )


def _add_counts(report: IngestReport, counts: dict[str, Any], votes: int) -> None:
    report.records += int(counts["records"])
    report.inserted += int(counts["inserted"])
    report.updated += int(counts["updated"])
    report.unchanged += int(counts["unchanged"])
    report.votes += votes


def _hash_roll_calls(store: Store, source_kind: str) -> str:
    """A temp table of (record_id, content_hash, old_hash): the roll call, its votes, issues."""
    fields = ", ".join(
        f"CAST(r.{name.strip()} AS VARCHAR)" for name in _ROLL_CALL_COLUMNS.split(",")
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _hashes AS "
        # An order-free, exact sum of 64-bit row digests (md5, stable across DuckDB versions):
        # a roll call's 190-odd votes hash without sorting, and the HUGEINT sum cannot round.
        "WITH v AS (SELECT record_id, sum(CAST(md5_number_lower(concat_ws('|', printed_code, "
        "  printed_name, printed_vote)) AS HUGEINT)) AS votes FROM _stage_rv GROUP BY record_id), "
        "i AS (SELECT record_id, sum(CAST(md5_number_lower(concat_ws('|', issue_code, issue)) "
        "  AS HUGEINT)) AS issues FROM _stage_ri GROUP BY record_id) "
        f"SELECT r.record_id, md5(concat_ws('#', {fields}, CAST(v.votes AS VARCHAR), "
        "  CAST(i.issues AS VARCHAR))) AS content_hash, s.content_hash AS old_hash "
        "FROM _stage_rc r LEFT JOIN v USING (record_id) LEFT JOIN i USING (record_id) "
        "LEFT JOIN source_records s ON s.source_kind = ? AND s.record_id = r.record_id",
        [source_kind],
    )
    return "_hashes"


def _record_vote_changes(store: Store, source_kind: str, hashes: str, now: datetime) -> None:
    """Typed change rows for roll calls a new release corrects: votes recorded or withdrawn."""
    updated = f"(SELECT record_id FROM {hashes} WHERE old_hash <> content_hash)"
    old = (
        "SELECT v.record_id, r.symbol, v.state_code, v.vote FROM roll_call_votes v "
        "JOIN roll_calls r USING (source_kind, record_id) "
        f"WHERE v.source_kind = '{source_kind}' AND v.record_id IN {updated}"
    )
    new = (
        "SELECT v.record_id, r.symbol, v.state_code, v.vote FROM _stage_rv v "
        "JOIN _stage_rc r USING (record_id) WHERE v.state_code IS NOT NULL "
        f"AND v.vote IS NOT NULL AND v.record_id IN {updated}"
    )
    for change, first, second in (("vote recorded", new, old), ("vote withdrawn", old, new)):
        store.execute(
            "INSERT INTO changes SELECT ?, ?, record_id, symbol, ?, state_code, vote "
            f"FROM ({first} EXCEPT {second})",
            [now, source_kind, change],
        )


def _check_votes(store: Store, location: str, report: IngestReport, strict: bool) -> None:
    """Unknown vote codes, unresolved states and votes on no roll call: reported, never dropped
    silently; `--strict` makes the first one fatal."""
    problems = store.rows(
        "SELECT 'vote' AS field, printed_vote AS value, min(record_id) AS record_id, count(*) AS n "
        "FROM _stage_rv WHERE vote IS NULL GROUP BY printed_vote "
        "UNION ALL SELECT 'state', printed_name || ' (' || printed_code || ')', min(record_id), "
        "count(*) FROM _stage_rv WHERE state_code IS NULL AND known_roll_call "
        "GROUP BY printed_name, printed_code "
        "UNION ALL SELECT 'roll call', record_id, record_id, count(*) FROM _stage_rv "
        "WHERE NOT known_roll_call GROUP BY record_id ORDER BY 1, 2"
    )
    for row in problems:
        message = _problem_message(row)
        if strict:
            raise SourceError(
                message, location=location, record_id=row["record_id"], field=row["field"]
            )
        report.rejected.append(Problem(location, row["record_id"], row["field"], message))


def _problem_message(row: dict[str, Any]) -> str:
    count = f"{row['n']} vote row(s)"
    if row["field"] == "vote":
        return f"unknown vote code {row['value']!r} on {count}; not stored"
    if row["field"] == "state":
        return (
            f"{row['value']} resolves to no state of the registry on {count} (first in this "
            "record); not stored: add the name to countries/states.csv"
        )
    return f"{count} name roll call {row['value']}, which the roll-call table lacks; not stored"


def _sha256(paths: list[Path]) -> str:
    """One digest for a file, or for the set of files read together."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
