"""Ingest of the OHCHR voting records of the Human Rights Council: the `FORMATS` entry of
`sources.ohchr_votes`.

The Council's recorded votes go to the bulk roll-call tables with `body = 'HRC'`, through the
same stage as the GA's vote tables (seats resolved, one content hash per roll call, only new
or changed roll calls written), in one transaction. Names the source prints oddly and had to be
read (`A/HRC/DEC22/117`) are reported as warnings; the Council's membership by session is
derived from these votes when the transaction commits (`positions.council`).
"""

from __future__ import annotations

import io
from pathlib import Path

from ungawatch.ingest.files import read_all
from ungawatch.ingest.report import IngestReport, Problem, Progress
from ungawatch.ingest.votes import resolve_and_write
from ungawatch.sources.ohchr_votes import VOTES, is_ohchr_votes, read_ohchr_votes
from ungawatch.store import Store
from ungawatch.store.roll_calls import roll_call_stage
from ungawatch.vocabulary import Body, SourceKind

__all__ = ["ingest_ohchr_votes", "is_ohchr_votes"]


def ingest_ohchr_votes(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Read the SQLite file (gzip-compressed or not) and store its roll calls and votes."""
    data = read_ohchr_votes(io.BytesIO(read_all(path)), str(path))
    tables = {"ohchr_rc": data.roll_calls, "ohchr_votes": data.votes}
    with roll_call_stage(store, tables) as stage, store.transaction():
        stage.stage_ohchr()
        resolve_and_write(
            stage, SourceKind.OHCHR_VOTES, [path], VOTES, report, strict, body=Body.HRC
        )
    report.warnings.extend(
        Problem(str(path), record_id, note.field, note.message) for record_id, note in data.notes
    )
    if progress:
        progress(report.records)
