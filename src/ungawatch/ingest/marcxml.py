"""Ingest of UN Digital Library MARCXML exports: the `FORMATS` entry of `sources.undl`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ungawatch.ingest.files import open_source, sha256_of
from ungawatch.ingest.records import ingest_records
from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.sources.undl import parse_marcxml
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind


def is_marcxml(head: bytes) -> bool:
    return b"MARC21/slim" in head or (head.lstrip().startswith(b"<") and b"<record" in head)


def ingest_marcxml(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    with open_source(path) as stream:
        records = parse_marcxml(stream, str(path))
        ingest_records(
            store,
            _counted(records, progress) if progress else records,
            source_kind=SourceKind.UNDL_MARCXML,
            location=str(path),
            file_sha256=sha256_of(path),
            size=path.stat().st_size,
            report=report,
            strict=strict,
        )


def _counted(
    records: Iterator[UndlRecord | RejectedRecord], progress: Progress
) -> Iterator[UndlRecord | RejectedRecord]:
    for item in records:
        yield item
        progress(1)
