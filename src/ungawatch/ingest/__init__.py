"""Ingest: source files → parse → resolve → store, one transaction per file.

Returns an `IngestReport` saying what happened to every record: inserted, updated,
unchanged, or rejected with file, record and field. Ingesting the same file twice reports
zero inserts and zero updates and leaves every table as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ungawatch.alerts.derive import keep_events
from ungawatch.ingest.formats import FORMATS, Format, detect_format
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.positions.build import keep_positions
from ungawatch.store import Store


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files one by one; each file is one transaction, which also brings the stored
    series and positions up to date with what it wrote."""
    keep_positions(store)
    keep_events(store)
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


__all__ = [
    "FORMATS",
    "Format",
    "IngestReport",
    "Problem",
    "detect_format",
    "ingest_file",
    "ingest_paths",
]
