"""Ingest of UN document texts and PDFs: the `FORMATS` entry of `sources.doctext`.

The same resolve → write path as the catalogue records, one transaction per file, with two
additions: each fact row keeps the page it was read from and a confidence, and a part of the
file that is no UN document text (a press release, an excerpt of a catalogue record) is
reported as a warning naming the file instead of stopping the ingest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ungawatch.ingest.records import ingest_one
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.sources.doctext import (
    TextSkipped,
    is_document_text,
    read_document,
)
from ungawatch.store import RecordWriter, Store
from ungawatch.store.writer import TextFacts
from ungawatch.vocabulary import SourceKind

__all__ = ["ingest_document_text", "is_document_text"]


def ingest_document_text(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Read one text or PDF file and store what it says, in one transaction."""
    items = read_document(path)
    data = path.read_bytes()
    with store.transaction():
        writer = RecordWriter(
            store,
            source_kind=SourceKind.UN_DOCUMENT_TEXT,
            location=str(path),
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
        for item in items:
            if isinstance(item, TextSkipped):
                report.warnings.append(Problem(item.location, None, "text", item.message))
                continue
            facts = TextFacts(
                item.page,
                item.confidence,
                item.session,
                str(item.body) if item.body else None,
                item.cites,
            )
            ingest_one(writer, item.record, report, strict=strict, facts=facts)
            if progress:
                progress(1)
        writer.flush()
        store.write(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                writer.file_sha256,
                str(path),
                SourceKind.UN_DOCUMENT_TEXT.value,
                len(data),
                writer.now,
            ],
        )
