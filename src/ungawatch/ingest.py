"""Ingest: source files → parse → resolve → store, one transaction per file.

Returns an `IngestReport` saying what happened to every record: inserted, updated,
unchanged, or rejected with file, record and field. Ingesting the same file twice reports
zero inserts and zero updates and leaves every table as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ungawatch import text_ingest, votes
from ungawatch.errors import SourceError
from ungawatch.ingest_report import (
    IngestReport,
    Problem,
    Progress,
    ingest_one,
    open_source,
    sha256_of,
)
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.sources.undl import parse_marcxml
from ungawatch.store import RecordWriter, Store

UNDL_MARCXML = "undl-marcxml"

FileIngester = Callable[[Store, Path, IngestReport, bool, Progress | None], None]


@dataclass(frozen=True, slots=True)
class Format:
    """A source file format: how to recognise it from its first bytes and how to ingest it."""

    kind: str
    description: str
    sniff: Callable[[bytes], bool]
    ingest: FileIngester


def detect_format(path: Path) -> Format:
    """Tell a source format from the first bytes of a file (gzip-compressed or not)."""
    with open_source(path) as stream:
        head = stream.read(4096)
    for candidate in FORMATS:
        if candidate.sniff(head):
            return candidate
    known = "; ".join(candidate.description for candidate in FORMATS)
    raise SourceError(
        f"cannot tell the format of this file: ungawatch ingest reads {known}", location=str(path)
    )


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files one by one; each file is one transaction."""
    report = IngestReport()
    for path in paths:
        ingest_file(store, path, report, strict=strict, progress=progress)
    return report


def ingest_file(
    store: Store,
    path: Path,
    report: IngestReport,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> None:
    """Ingest one file, in the format its first bytes reveal, in one transaction."""
    detect_format(path).ingest(store, path, report, strict, progress)
    report.files.append(str(path))


def ingest_marcxml(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    with open_source(path) as stream:
        records = parse_marcxml(stream, str(path))
        ingest_records(
            store,
            _counted(records, progress) if progress else records,
            source_kind=UNDL_MARCXML,
            location=str(path),
            file_sha256=sha256_of(path),
            size=path.stat().st_size,
            report=report,
            strict=strict,
        )


def ingest_records(
    store: Store,
    records: Iterable[UndlRecord | RejectedRecord],
    *,
    source_kind: str,
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
        store.execute(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [file_sha256, location, source_kind, size, writer.now],
        )


def _counted(
    records: Iterator[UndlRecord | RejectedRecord], progress: Progress
) -> Iterator[UndlRecord | RejectedRecord]:
    for item in records:
        yield item
        progress(1)


def _is_marcxml(head: bytes) -> bool:
    return b"MARC21/slim" in head or (head.lstrip().startswith(b"<") and b"<record" in head)


# Every format `ingest` reads. Each feature area adds its own entry here.

FORMATS: tuple[Format, ...] = (
    Format(
        UNDL_MARCXML,
        "UN Digital Library MARCXML exports (search results saved with of=xm)",
        _is_marcxml,
        ingest_marcxml,
    ),
    Format(
        votes.UNDL_VOTING_CSV,
        "UN Digital Library GA voting-data CSV (record 4060887)",
        votes.is_bulk_csv,
        votes.ingest_bulk_csv,
    ),
    Format(
        votes.UNVOTES,
        "Voeten/unvotes tables (un_votes, un_roll_calls, un_roll_call_issues .csv[.gz])",
        votes.is_unvotes,
        votes.ingest_unvotes,
    ),
    Format(
        text_ingest.UN_DOCUMENT_TEXT,
        "UN document text or PDF (a draft's first page, a committee report section)",
        text_ingest.is_document_text,
        text_ingest.ingest_document_text,
    ),
)


__all__ = [
    "FORMATS",
    "UNDL_MARCXML",
    "Format",
    "IngestReport",
    "Problem",
    "detect_format",
    "ingest_file",
    "ingest_paths",
    "ingest_records",
    "open_source",
]
