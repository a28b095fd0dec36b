"""The formats `ingest` reads: how each is recognised from its first bytes and ingested.

A new source format is a module in `sources/` (bytes -> records), its ingest function in this
package, and one line in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ungawatch.errors import SourceError
from ungawatch.ingest import council, doctext, marcxml, news, ohchr, votes
from ungawatch.ingest.files import open_source
from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

FileIngester = Callable[[Store, Path, IngestReport, bool, Progress | None], None]


@dataclass(frozen=True, slots=True)
class Format:
    """A source file format: how to recognise it from its first bytes and how to ingest it."""

    kind: SourceKind
    description: str
    sniff: Callable[[bytes], bool]
    ingest: FileIngester


FORMATS: tuple[Format, ...] = (
    Format(
        SourceKind.UNDL_MARCXML,
        "UN Digital Library MARCXML exports (search results saved with of=xm)",
        marcxml.is_marcxml,
        marcxml.ingest_marcxml,
    ),
    Format(
        SourceKind.UNDL_VOTING_CSV,
        "UN Digital Library GA voting-data CSV (record 4060887)",
        votes.is_bulk_csv,
        votes.ingest_bulk_csv,
    ),
    Format(
        SourceKind.UNVOTES,
        "Voeten/unvotes tables (un_votes, un_roll_calls, un_roll_call_issues .csv[.gz])",
        votes.is_unvotes,
        votes.ingest_unvotes,
    ),
    Format(
        SourceKind.NEWS_REPORT,
        "a news story or statement saved as text ('# title', '- url:', '- outlet:' and "
        "'- date:' lines, an '## Article text' section): stored as a report, never a UN record",
        news.is_news_report,
        news.ingest_news,
    ),
    Format(
        SourceKind.OHCHR_VOTES,
        "OHCHR voting records of the Human Rights Council (unhrc-nominate votes.sqlite3[.gz])",
        ohchr.is_ohchr_votes,
        ohchr.ingest_ohchr_votes,
    ),
    Format(
        SourceKind.HRC_RECORD,
        "Human Rights Council resolution records (a provenance header, '== source: … ==' sections)",
        council.is_hrc_record,
        council.ingest_hrc_record,
    ),
    Format(
        SourceKind.PRESS_RELEASE,
        "UN press releases (meetings coverage, e.g. GA/SHC/4432)",
        council.is_press_release,
        council.ingest_press_release,
    ),
    Format(
        SourceKind.UN_DOCUMENT_TEXT,
        "UN document text or PDF (a draft's first page, a committee report section)",
        doctext.is_document_text,
        doctext.ingest_document_text,
    ),
)


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
