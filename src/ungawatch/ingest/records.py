"""Storing the records of one file: resolve each, write it, count it; a bad one is quarantined.

Every record-based source (MARCXML files, sync pages, document texts) goes through
`ingest_records`, so what counts as inserted, updated, unchanged, duplicate or quarantined is
decided once, and so is isolation:

- A record that cannot be parsed or resolved is quarantined with file, record id, field,
  reason and the record as the source gave it; the others go on.
- A record id seen twice in one input (one file, or the files of one run) keeps the copy
  with the later MARC 005 stamp and reports the other; two different copies with one stamp
  cannot be told apart, so the second is quarantined. A copy older than the stored one never
  replaces it.
- Each file is one transaction. Values are validated when parsed, so the database should
  refuse nothing; if it still refuses a write, the file is rolled back and read again in
  careful mode (rows written record by record), which pins the refusal on its record: that
  record is quarantined and the file is read once more without it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass, replace

from ungawatch.errors import SourceError, WriteRefused
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.ingest.resolve import resolve_record
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.store import RecordWriter, Store
from ungawatch.store.writer import Outcome, TextFacts, Written
from ungawatch.vocabulary import SourceKind

# Records the database may refuse in one file before the file is given up as a whole: each
# refusal costs one more reading of the file.
MAX_REFUSED = 20


@dataclass(frozen=True, slots=True)
class Parsed:
    """One record as a source read it, with what the writer needs beside it: the facts a
    document text adds, and the record's raw text (asked for only if it is quarantined)."""

    item: UndlRecord | RejectedRecord
    facts: TextFacts | None = None
    raw: Callable[[], str | None] | None = None


@dataclass(frozen=True, slots=True)
class RecordSource:
    """One file (or fetched page) of records; `read` reads it again from the start."""

    kind: SourceKind
    location: str
    sha256: str
    size: int
    read: Callable[[], Generator[Parsed, None, None]]


class _Refused(Exception):
    """Careful mode: the database refused this record's rows (internal to this module)."""

    def __init__(self, rejected: RejectedRecord) -> None:
        super().__init__(rejected.message)
        self.rejected = rejected


def ingest_records(
    store: Store,
    source: RecordSource,
    report: IngestReport,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> None:
    """Ingest one file's records in one transaction and add what it did to `report`.

    Raises `SourceError` when the file cannot be stored at all (nothing of it is).
    """
    refused: dict[str, RejectedRecord] = {}
    careful = False
    while True:
        attempt = IngestReport()
        try:
            with store.transaction():
                written = _write_file(store, source, attempt, strict, careful, refused, progress)
        except _Refused as failure:
            if strict or len(refused) >= MAX_REFUSED:
                raise _file_error(source, failure.rejected.message) from failure
            refused[failure.rejected.record_id or ""] = failure.rejected
            continue
        except WriteRefused as error:
            if strict or careful:
                raise _file_error(source, str(error)) from error
            careful, progress = True, None
            continue
        report.merge(attempt)
        store.run_records.update((source.kind.value, rid) for rid in written)
        return


def _file_error(source: RecordSource, reason: str) -> SourceError:
    return SourceError(
        f"the database refused this file's data ({reason})", location=source.location
    )


def _write_file(
    store: Store,
    source: RecordSource,
    report: IngestReport,
    strict: bool,
    careful: bool,
    refused: dict[str, RejectedRecord],
    progress: Progress | None,
) -> list[str]:
    """Write one file's records; returns the ids of the records it stored or found unchanged."""
    writer = RecordWriter(
        store,
        source_kind=source.kind,
        location=source.location,
        file_sha256=source.sha256,
        careful=careful,
    )
    # However this ends, no insert may still be running when the transaction commits or
    # rolls back: `close` waits for the writer's background insert.
    with closing(writer), closing(source.read()) as records:
        for parsed in records:
            if careful:
                _careful_one(writer, parsed, report, refused)
            else:
                ingest_one(
                    writer, parsed.item, report, strict=strict, facts=parsed.facts, raw=parsed.raw
                )
            if progress is not None:
                progress(1)
        writer.flush()
    store.write(
        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [source.sha256, source.location, source.kind.value, source.size, writer.now],
    )
    return writer.written


def _careful_one(
    writer: RecordWriter, parsed: Parsed, report: IngestReport, refused: dict[str, RejectedRecord]
) -> None:
    """One record, its rows written at once; a refusal is pinned on it (see `_Refused`)."""
    record_id = parsed.item.record_id or ""
    if record_id in refused:
        ingest_one(writer, refused[record_id], report, strict=False)
        return
    try:
        ingest_one(writer, parsed.item, report, strict=False, facts=parsed.facts, raw=parsed.raw)
    except WriteRefused as error:
        raise _Refused(
            RejectedRecord(
                writer.location,
                record_id,
                None,
                f"the database refused this record ({error})",
                parsed.raw() if parsed.raw else None,
            )
        ) from error


def ingest_one(
    writer: RecordWriter,
    item: UndlRecord | RejectedRecord,
    report: IngestReport,
    *,
    strict: bool,
    facts: TextFacts | None = None,
    raw: Callable[[], str | None] | None = None,
) -> None:
    """Resolve and write one record, counting what happened; a rejected one is reported
    and quarantined (with its raw text), or raised with `strict`."""
    report.records += 1
    resolved = resolve_record(item, writer.location) if isinstance(item, UndlRecord) else item
    if isinstance(resolved, RejectedRecord):
        _reject(writer, resolved, report, strict=strict, raw=raw)
        return
    settled = _duplicate(writer, resolved.record, report)
    if isinstance(settled, RejectedRecord):
        _reject(writer, settled, report, strict=strict, raw=raw)
        return
    if settled:
        return
    outcome = writer.write(resolved, facts)
    setattr(report, outcome.value, getattr(report, outcome.value) + 1)
    if outcome is not Outcome.UNCHANGED:
        report.documents += 1
        report.sponsorships += len(resolved.sponsors)
        report.votes += len(resolved.votes)
        report.warnings.extend(
            Problem(writer.location, resolved.record.record_id, note.field, note.message)
            for note in resolved.notes
        )


def _reject(
    writer: RecordWriter,
    rejected: RejectedRecord,
    report: IngestReport,
    *,
    strict: bool,
    raw: Callable[[], str | None] | None,
) -> None:
    if strict:
        raise SourceError(
            rejected.message,
            location=rejected.location,
            record_id=rejected.record_id,
            field=rejected.field,
        )
    if rejected.raw is None and raw is not None:
        rejected = replace(rejected, raw=raw())
    report.rejected.append(
        Problem(rejected.location, rejected.record_id, rejected.field, rejected.message)
    )
    writer.reject(rejected)


def _duplicate(
    writer: RecordWriter, record: UndlRecord, report: IngestReport
) -> RejectedRecord | bool | None:
    """Settle a record the database or this input already holds, by its MARC 005 stamp.

    Returns None to write the record, True when it is not to be written (reported as a
    duplicate), or the record to quarantine when two copies cannot be told apart. A copy
    older than the stored one never replaces it; within one input (a file, or the files of
    one run), the copy modified last is kept whatever the order.
    """
    earlier = writer.earlier(record.record_id)
    if earlier is not None:
        return _second_copy(writer, record, report, earlier.modified, earlier.content_hash)
    stored = writer.stored(record.record_id)
    if stored is None or stored[0] == record.content_hash:
        return None
    if (writer.source_kind, record.record_id) in writer.store.run_records:
        return _second_copy(writer, record, report, stored[1], stored[0])
    if record.modified and stored[1] and record.modified < stored[1]:
        report.duplicates.append(
            Problem(
                writer.location,
                record.record_id,
                "005",
                f"this copy (modified {record.modified}) is older than the copy stored "
                f"(modified {stored[1]}) and was not stored",
            )
        )
        return True
    return None


def _second_copy(
    writer: RecordWriter,
    record: UndlRecord,
    report: IngestReport,
    kept_stamp: str | None,
    kept_hash: str,
) -> RejectedRecord | bool | None:
    """A record id this input gave before: keep the copy with the later MARC 005."""
    where, stamp, kept = writer.location, record.modified or "", kept_stamp or ""
    in_file = writer.earlier(record.record_id) is not None
    if kept_hash == record.content_hash:
        message = "appears again in this input with the same content; stored once"
        skip: bool | None = True
    elif stamp > kept:
        if in_file:
            _uncount(report, where, record.record_id, writer.drop(record.record_id))
        message = (
            f"appears twice in this input; the copy modified {kept or '(no 005)'} was "
            f"replaced by the later copy modified {stamp}"
        )
        skip = None
    elif stamp < kept:
        message = (
            f"appears twice in this input; this copy (modified {stamp or '(no 005)'}) is "
            f"older than the copy kept (modified {kept}) and was not stored"
        )
        skip = True
    else:
        return RejectedRecord(
            where,
            record.record_id,
            "005",
            f"appears twice in this input with the same modification stamp "
            f"({stamp or 'none'}) and different content: which is current cannot be told; "
            "the first copy was kept and this one quarantined",
        )
    report.duplicates.append(Problem(where, record.record_id, "005", message))
    return skip


def _uncount(report: IngestReport, location: str, record_id: str, written: Written) -> None:
    """Take back what an earlier copy of a record added to the report."""
    setattr(report, written.outcome.value, getattr(report, written.outcome.value) - 1)
    if written.outcome is Outcome.UNCHANGED:
        return
    report.documents -= 1
    report.sponsorships -= written.sponsorships
    report.votes -= written.votes
    report.warnings = [
        p for p in report.warnings if (p.location, p.record_id) != (location, record_id)
    ]
