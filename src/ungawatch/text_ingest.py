"""Ingest of UN document texts and PDFs: the `FORMATS` entry of `sources.doctext`.

The same resolve → write path as the catalogue records, one transaction per file, with two
additions: each fact row keeps the page it was read from and a confidence, and a part of the
file that is no UN document text (a press release, an excerpt of a catalogue record) is
reported as a warning naming the file instead of stopping the ingest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ungawatch.errors import SourceError
from ungawatch.models import RejectedRecord
from ungawatch.resolve import resolve_record
from ungawatch.sources.doctext import (
    UN_DOCUMENT_TEXT,
    TextRecord,
    TextSkipped,
    is_document_text,
    read_document,
)
from ungawatch.store import RecordWriter, Store
from ungawatch.store.writer import Outcome, TextFacts

if TYPE_CHECKING:
    from ungawatch.ingest import IngestReport, Progress

__all__ = ["UN_DOCUMENT_TEXT", "ingest_document_text", "is_document_text"]


def ingest_document_text(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Read one text or PDF file and store what it says, in one transaction."""
    from ungawatch.ingest import Problem  # ingest imports this module for its FORMATS table

    items = read_document(path)
    data = path.read_bytes()
    with store.transaction():
        writer = RecordWriter(
            store,
            source_kind=UN_DOCUMENT_TEXT,
            location=str(path),
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
        for item in items:
            if isinstance(item, TextSkipped):
                report.warnings.append(Problem(item.location, None, "text", item.message))
                continue
            _ingest_one(writer, item, report, strict=strict)
            if progress:
                progress(1)
        writer.flush()
        store.execute(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [writer.file_sha256, str(path), UN_DOCUMENT_TEXT, len(data), writer.now],
        )


def _ingest_one(
    writer: RecordWriter, item: TextRecord, report: IngestReport, *, strict: bool
) -> None:
    from ungawatch.ingest import Problem

    report.records += 1
    resolved = resolve_record(item.record, writer.location)
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
    facts = TextFacts(
        item.page,
        item.confidence,
        item.session,
        str(item.body) if item.body else None,
        item.cites,
    )
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
