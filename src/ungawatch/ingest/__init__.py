"""Ingest: source files → parse → resolve → store, one transaction per file.

Returns an `IngestReport` saying what happened to every file and record: files committed or
rejected (with the reason), records inserted, updated, unchanged, or quarantined with file,
record and field. A bad record never costs its neighbours and a bad file never costs the other
files. Ingesting the same file twice reports zero inserts and zero updates and leaves every
table as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ungawatch.alerts.derive import keep_events
from ungawatch.errors import SourceError, UngawatchError
from ungawatch.ingest.files import check_readable
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
    """Ingest files one by one, each in its own transaction.

    A file that cannot be read or stored is rolled back and listed in `files_rejected` with
    the reason, and the next file goes on; with `strict` the first bad file or record raises.
    """
    keep_positions(store)
    keep_events(store)
    report = IngestReport()
    store.run_records.clear()
    for path in paths:
        try:
            ingest_file(store, path, report, strict=strict, progress=progress)
        except UngawatchError as error:
            if strict:
                raise
            report.files_rejected.append(_file_problem(path, error))
    return report


def ingest_file(
    store: Store,
    path: Path,
    report: IngestReport,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> None:
    """Ingest one file, in the format its first bytes reveal, in one transaction.

    Raises `SourceError` (or `StoreError`) when the file is refused; nothing of it is stored.
    """
    check_readable(path)
    detect_format(path).ingest(store, path, report, strict, progress)
    if str(path) not in report.files:
        report.files.append(str(path))


def _file_problem(path: Path, error: UngawatchError) -> Problem:
    if isinstance(error, SourceError):
        return Problem(error.location or str(path), error.record_id, error.field, error.message)
    return Problem(str(path), None, None, str(error))


__all__ = [
    "FORMATS",
    "Format",
    "IngestReport",
    "Problem",
    "detect_format",
    "ingest_file",
    "ingest_paths",
]
