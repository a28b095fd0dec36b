"""Storing one parsed record: resolve it, write it, count it; a bad one is quarantined.

Every record-based source (MARCXML files, sync pages, document texts) goes through
`ingest_one`, so what counts as inserted, updated, unchanged or rejected is decided once.
"""

from __future__ import annotations

from collections.abc import Iterable

from ungawatch.errors import SourceError
from ungawatch.ingest.report import IngestReport, Problem
from ungawatch.ingest.resolve import resolve_record
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.store import RecordWriter, Store
from ungawatch.store.writer import Outcome, TextFacts
from ungawatch.vocabulary import SourceKind


def ingest_one(
    writer: RecordWriter,
    item: UndlRecord | RejectedRecord,
    report: IngestReport,
    *,
    strict: bool,
    facts: TextFacts | None = None,
) -> None:
    """Resolve and write one record, counting what happened; a rejected one is reported
    (and quarantined), or raised with `strict`."""
    report.records += 1
    resolved = resolve_record(item, writer.location) if isinstance(item, UndlRecord) else item
    if isinstance(resolved, RejectedRecord):
        if strict:
            raise SourceError(
                resolved.message,
                location=resolved.location,
                record_id=resolved.record_id,
                field=resolved.field,
            )
        report.rejected.append(
            Problem(resolved.location, resolved.record_id, resolved.field, resolved.message)
        )
        writer.reject(resolved)
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


def ingest_records(
    store: Store,
    records: Iterable[UndlRecord | RejectedRecord],
    *,
    source_kind: SourceKind,
    location: str,
    file_sha256: str,
    size: int,
    report: IngestReport,
    strict: bool = False,
) -> None:
    """Ingest parsed records (from a file or fetched bytes) in one transaction."""
    with store.transaction():
        writer = RecordWriter(
            store, source_kind=source_kind, location=location, file_sha256=file_sha256
        )
        for item in records:
            ingest_one(writer, item, report, strict=strict)
        writer.flush()
        store.write(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [file_sha256, location, source_kind.value, size, writer.now],
        )
