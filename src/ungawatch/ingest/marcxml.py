"""Ingest of UN Digital Library MARCXML exports: the `FORMATS` entry of `sources.undl`."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from ungawatch.ingest.files import open_source, sha256_of
from ungawatch.ingest.records import Parsed, RecordSource, ingest_records
from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.sources.undl.marcxml import MarcRecords
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

LOOKS_FOR = "MARCXML (the MARC21/slim namespace, or <record> elements with MARC fields)"


def is_marcxml(head: bytes) -> bool:
    """Positive evidence of MARCXML: its namespace, or MARC records with MARC fields."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<") or b"<html" in text[:1024].lower():
        return False
    if b"MARC21/slim" in head:
        return True
    return b"<record" in head and (b"<datafield" in head or b"<controlfield" in head)


def ingest_marcxml(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Stream the file's records into the store, in one transaction."""

    def read() -> Generator[Parsed, None, None]:
        with open_source(path) as stream:
            reader = MarcRecords(stream, str(path))
            for item in reader:
                yield Parsed(item, raw=reader.raw)

    source = RecordSource(
        SourceKind.UNDL_MARCXML, str(path), sha256_of(path), path.stat().st_size, read
    )
    ingest_records(store, source, report, strict=strict, progress=progress)
