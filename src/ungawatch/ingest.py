"""Ingest: source files → parse → resolve → store, one transaction per file.

Returns an `IngestReport` saying what happened to every record: inserted, updated,
unchanged, or rejected with file, record and field. Ingesting the same file twice reports
zero inserts and zero updates and leaves every table as it was.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from ungawatch.errors import SourceError
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.resolve import resolve_record
from ungawatch.sources.undl import parse_marcxml
from ungawatch.store import RecordWriter, Store
from ungawatch.store.writer import Outcome

UNDL_MARCXML = "undl-marcxml"

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Problem:
    location: str
    record_id: str | None
    field: str | None
    message: str


@dataclass
class IngestReport:
    """What an ingest did, per record, ready to print or emit as JSON."""

    files: list[str] = field(default_factory=list)
    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    documents: int = 0
    sponsorships: int = 0
    votes: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FileIngester = Callable[["Store", Path, "IngestReport", bool, "Progress | None"], None]


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


def open_source(path: Path) -> IO[bytes]:
    """A source file as bytes, gunzipped when it is gzip-compressed."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]  # GzipFile is a binary IO
    return path.open("rb")


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
            file_sha256=_sha256(path),
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
            _ingest_one(writer, item, report, strict=strict)
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


def _ingest_one(
    writer: RecordWriter, item: UndlRecord | RejectedRecord, report: IngestReport, *, strict: bool
) -> None:
    report.records += 1
    resolved = resolve_record(item, writer.location) if isinstance(item, UndlRecord) else item
    if isinstance(resolved, RejectedRecord):
        problem = Problem(resolved.location, resolved.record_id, resolved.field, resolved.message)
        if strict:
            raise SourceError(
                resolved.message,
                location=resolved.location,
                record_id=resolved.record_id,
                field=resolved.field,
            )
        report.rejected.append(problem)
        writer.reject(resolved)
        return
    outcome = writer.write(resolved)
    setattr(report, outcome.value, getattr(report, outcome.value) + 1)
    if outcome is not Outcome.UNCHANGED:
        report.documents += 1
        report.sponsorships += len(resolved.sponsors)
        report.votes += len(resolved.votes)
        report.warnings.extend(
            Problem(writer.location, resolved.record.record_id, note.field, note.message)
            for note in resolved.notes
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_marcxml(head: bytes) -> bool:
    return b"MARC21/slim" in head or (head.lstrip().startswith(b"<") and b"<record" in head)


# Every format `ingest` reads. Each feature area adds its own entry here.
from ungawatch import text_ingest as _text  # noqa: E402  # needs Format and IngestReport above
from ungawatch import votes as _votes  # noqa: E402  # needs Format and IngestReport above

FORMATS: tuple[Format, ...] = (
    Format(
        UNDL_MARCXML,
        "UN Digital Library MARCXML exports (search results saved with of=xm)",
        _is_marcxml,
        ingest_marcxml,
    ),
    Format(
        _votes.UNDL_VOTING_CSV,
        "UN Digital Library GA voting-data CSV (record 4060887)",
        _votes.is_bulk_csv,
        _votes.ingest_bulk_csv,
    ),
    Format(
        _votes.UNVOTES,
        "Voeten/unvotes tables (un_votes, un_roll_calls, un_roll_call_issues .csv[.gz])",
        _votes.is_unvotes,
        _votes.ingest_unvotes,
    ),
    Format(
        _text.UN_DOCUMENT_TEXT,
        "UN document text or PDF (a draft's first page, a committee report section)",
        _text.is_document_text,
        _text.ingest_document_text,
    ),
)
