"""Ingest of the Human Rights Council's resolution records (`sources.hrc`) and of UN
press releases (`sources.press_releases`): their `FORMATS` entries.

Both read a text file into records that carry the page-free reading's confidence, and into
notes on the parts that hold no usable fact; the records go through the one resolve → write
path (`ingest_one`), one transaction per file. A part of a file that says nothing usable is a
warning naming the file and the part, never a failure of the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Sequence
from pathlib import Path

from ungawatch.ingest.doctext import parsed_text
from ungawatch.ingest.files import read_all
from ungawatch.ingest.records import Parsed, RecordSource, ingest_records
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.models import SkippedPart
from ungawatch.sources.doctext import TextRecord
from ungawatch.sources.hrc import is_hrc_record, read_hrc_record
from ungawatch.sources.press_releases import is_press_release, read_press_release
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

__all__ = [
    "ingest_hrc_record",
    "ingest_press_release",
    "is_hrc_record",
    "is_press_release",
]

Reader = Callable[[bytes, str], Sequence[TextRecord | SkippedPart]]


def ingest_hrc_record(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """One Council resolution record file (its sections merged into records)."""
    _ingest(store, path, report, strict, progress, SourceKind.HRC_RECORD, read_hrc_record)


def ingest_press_release(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """One UN press release (meetings coverage): a record per action on a draft."""
    _ingest(store, path, report, strict, progress, SourceKind.PRESS_RELEASE, read_press_release)


def _ingest(
    store: Store,
    path: Path,
    report: IngestReport,
    strict: bool,
    progress: Progress | None,
    kind: SourceKind,
    read: Reader,
) -> None:
    data = read_all(path)
    items = read(data, str(path))
    report.warnings.extend(
        Problem(item.location, None, "text", item.message)
        for item in items
        if isinstance(item, SkippedPart)
    )

    def records() -> Generator[Parsed, None, None]:
        for item in items:
            if isinstance(item, TextRecord):
                yield parsed_text(item)

    source = RecordSource(kind, str(path), hashlib.sha256(data).hexdigest(), len(data), records)
    ingest_records(store, source, report, strict=strict, progress=progress)
