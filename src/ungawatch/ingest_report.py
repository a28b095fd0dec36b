"""What every ingest path shares: the report, opening a source file, and storing one record.

Kept apart from `ingest` (which lists the formats and so imports every source's ingest
module) so that those modules can use it without an import cycle.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from ungawatch.errors import SourceError
from ungawatch.models import RejectedRecord, UndlRecord
from ungawatch.resolve import resolve_record
from ungawatch.store import RecordWriter
from ungawatch.store.writer import Outcome, TextFacts

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


def open_source(path: Path) -> IO[bytes]:
    """A source file as bytes, gunzipped when it is gzip-compressed."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]  # GzipFile is a binary IO
    return path.open("rb")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
