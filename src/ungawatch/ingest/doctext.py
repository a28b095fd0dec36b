"""Ingest of UN document texts and PDFs: the `FORMATS` entry of `sources.doctext`.

The same resolve → write path as the catalogue records, one transaction per file, with two
additions: each fact row keeps the page it was read from and a confidence, and what the text
says of its session and body stands in for a symbol the stored copy lacks. A file that is no
General Assembly document text (a press release, a Human Rights Council text, an excerpt of a
catalogue record) is refused as a whole, saying what was looked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator
from pathlib import Path

from ungawatch.ingest.files import read_all
from ungawatch.ingest.records import Parsed, RecordSource, ingest_records
from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.models import RejectedRecord
from ungawatch.sources.doctext import (
    LOOKS_FOR,
    TextRecord,
    is_document_text,
    parse_document,
    read_pages,
)
from ungawatch.store import Store
from ungawatch.store.writer import TextFacts
from ungawatch.vocabulary import SourceKind

__all__ = ["LOOKS_FOR", "ingest_document_text", "is_document_text", "parsed_text"]


def ingest_document_text(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Read one text or PDF file and store what it says, in one transaction."""
    data = read_all(path)
    items = parse_document(read_pages(path, data), str(path))

    def read() -> Generator[Parsed, None, None]:
        for item in items:
            if isinstance(item, RejectedRecord):
                yield Parsed(item)
                continue
            yield parsed_text(item)

    source = RecordSource(
        SourceKind.UN_DOCUMENT_TEXT,
        str(path),
        hashlib.sha256(data).hexdigest(),
        len(data),
        read,
    )
    ingest_records(store, source, report, strict=strict, progress=progress)


def parsed_text(item: TextRecord) -> Parsed:
    """A record read from a document's text, with where on which page it was read and, for
    quarantine, the text it was read from (the Council's files share this)."""
    facts = TextFacts(
        item.page,
        item.confidence,
        item.session,
        str(item.body) if item.body else None,
        item.cites,
    )
    return Parsed(item.record, facts, lambda: item.raw)
