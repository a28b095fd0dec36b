"""Ingest of the bulk recorded-vote tables (the Library's GA voting CSV, Voeten's `unvotes`).

The source module reads them into Arrow tables; this module resolves what Python must (each
printed seat to the state that held it, each printed symbol to its normalized form), reports
what it could not resolve, and hands the rest to the store's `RollCallStage`, which writes in
SQL. Each call is one transaction.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from ungawatch.errors import SourceError
from ungawatch.ingest.files import open_source, sha256_of
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.sources import votes_csv
from ungawatch.store import Store
from ungawatch.store.roll_calls import RollCallStage, roll_call_stage
from ungawatch.vocabulary import Body, SourceKind, VoteOption

UNVOTES_LOOKS_FOR = (
    "an unvotes table's header (rcid,country,country_code,vote; rcid,session,importantvote,"
    "…; rcid,short_name,issue)"
)
BULK_LOOKS_FOR = "the GA voting-data CSV header (undl_id,ms_code,ms_name,ms_vote,date,…)"


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
    paths = sorted(files.values())
    done = IngestReport()
    with roll_call_stage(store, tables) as stage, store.transaction():
        stage.stage_unvotes(_unvotes_symbols(tables["roll_calls"]))
        resolve_and_write(
            stage, SourceKind.UNVOTES, paths, votes_csv.UNVOTES_VOTES_MAP, done, strict
        )
    report.merge(done)
    if progress:
        progress(done.records)


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
    done = IngestReport()
    with roll_call_stage(store, {"bulk": table}) as stage, store.transaction():
        printed = stage.printed_resolutions()
        symbols = pd.DataFrame(
            {"printed": printed, "symbol": [votes_csv.bulk_symbol(text) for text in printed]},
            columns=["printed", "symbol"],
        ).astype("object")
        stage.stage_bulk(symbols)
        resolve_and_write(
            stage, SourceKind.UNDL_VOTING_CSV, [path], votes_csv.BULK_VOTES, done, strict
        )
    report.merge(done)
    if progress:
        progress(done.records)


def _unvotes_symbols(roll_calls: pa.Table) -> pd.DataFrame:
    """Each rcid with the symbol its `unres` and session give."""
    frame = roll_calls.select(["rcid", "session", "unres"]).to_pandas()
    frame["symbol"] = [
        votes_csv.unvotes_symbol(unres, int(session)) if session.isdigit() else None
        for unres, session in zip(frame["unres"], frame["session"], strict=True)
    ]
    return frame[["rcid", "symbol"]]


def resolve_and_write(
    stage: RollCallStage,
    source_kind: SourceKind,
    paths: list[Path],
    mapping: dict[str, VoteOption],
    report: IngestReport,
    strict: bool,
    *,
    body: Body = Body.PLENARY,
) -> None:
    """Credit the votes to seats, report (and quarantine) what cannot be stored, write the
    rest."""
    seats, unknown = votes_csv.seat_codes(stage.printed_seats())
    reasons = {(name, code): why for name, code, why in unknown}
    stage.resolve_votes(
        pd.DataFrame(
            [(s.name, s.code, s.valid_from, s.valid_until, s.state_code) for s in seats],
            columns=["name", "code", "valid_from", "valid_until", "state_code"],
        ),
        mapping,
    )
    location = str(paths[0])
    for row in stage.problems():
        message = _problem_message(row, reasons)
        if strict:
            raise SourceError(
                message, location=location, record_id=row["record_id"], field=row["field"]
            )
        report.rejected.append(Problem(location, row["record_id"], row["field"], message))
    why = pd.DataFrame(unknown, columns=["name", "code", "why"]).astype("object")
    stage.quarantine(source_kind, location, _ROW_TEXT[source_kind], why)
    report.records += stage.drop_invalid()
    counts = stage.write(
        source_kind,
        location=location,
        file_sha256=sha256_of(*paths),
        size=sum(p.stat().st_size for p in paths),
        body=body,
    )
    report.records += counts.records
    report.inserted += counts.inserted
    report.updated += counts.updated
    report.unchanged += counts.unchanged
    report.votes += counts.votes
    stage.store.touched_symbols.update(counts.symbols)


def _problem_message(row: dict[str, object], reasons: dict[tuple[str, str], str]) -> str:
    count = f"{row['n']} vote row(s)"
    if row["field"] == "vote":
        return f"unknown vote code {row['value']!r} on {count}; not stored"
    if row["field"] == "state":
        why = reasons.get((str(row["name"]), str(row["code"])), "")
        if "contradicts itself" in why:
            return f"{row['value']}: {why}, on {count} (first in this record); not stored"
        return (
            f"{row['value']} resolves to no state of the registry on {count} (first in this "
            "record); not stored: add the name to countries/states.csv"
        )
    if row["field"] == "roll call":
        return f"{count} name roll call {row['value']}, which the roll-call table lacks; not stored"
    if row["value"] == "(none)":
        return f"the roll call has no {row['field']}; it and its votes are not stored"
    return (
        f"the roll call's {row['field']} {row['value']!r} is not valid; it and its votes are "
        "not stored"
    )


# A vote row's printed fields, as quarantine keeps them (columns of the source's header).
_ROW_TEXT = {
    SourceKind.UNVOTES: (
        "'rcid=' || v.record_id || ', country=' || v.printed_name || ', country_code=' || "
        "v.printed_code || ', vote=' || v.printed_vote"
    ),
    SourceKind.UNDL_VOTING_CSV: (
        "'undl_id=' || v.record_id || ', ms_code=' || v.printed_code || ', ms_name=' || "
        "v.printed_name || ', ms_vote=' || v.printed_vote"
    ),
    SourceKind.OHCHR_VOTES: (
        "'resolution_name=' || v.record_id || ', country_short=' || v.printed_code || "
        "', country_long=' || v.printed_name || ', vote=' || v.printed_vote"
    ),
}
