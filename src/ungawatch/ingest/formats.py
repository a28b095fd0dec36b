"""The formats `ingest` reads: how each is recognised from its first bytes and ingested.

Detection decides on positive evidence only: each format says what it looks for (`looks_for`)
and its `sniff` answers yes only when it finds that. A file no format recognises is refused
with what was looked for and, when it can be told, what the file looks like instead (a Human
Rights Council text, a press release, an HTML page, a catalogue excerpt) — never read as the
nearest format.

A new source format is a module in `sources/` (bytes -> records), its ingest function in this
package, and one `Format` line in `FORMATS`. Order matters only between formats whose evidence
can overlap: the more specific comes first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ungawatch.errors import SourceError
from ungawatch.ingest import council, doctext, marcxml, news, ohchr, votes
from ungawatch.ingest.files import read_head
from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.sources import doctext as doctext_source
from ungawatch.store import Store
from ungawatch.vocabulary import SourceKind

FileIngester = Callable[[Store, Path, IngestReport, bool, Progress | None], None]

# Bytes read to recognise a file: enough for a document's first page or a CSV header line.
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Format:
    """A source file format: how to recognise it from its first bytes and how to ingest it.

    `looks_for` says, to a person, the evidence `sniff` needs (the description stands in
    when it is not given); it is quoted when a file is refused.
    """

    kind: SourceKind
    description: str
    sniff: Callable[[bytes], bool]
    ingest: FileIngester
    looks_for: str = ""

    @property
    def evidence(self) -> str:
        return self.looks_for or self.description


FORMATS: tuple[Format, ...] = (
    Format(
        SourceKind.UNDL_MARCXML,
        "UN Digital Library MARCXML exports (search results saved with of=xm)",
        marcxml.is_marcxml,
        marcxml.ingest_marcxml,
        looks_for=marcxml.LOOKS_FOR,
    ),
    Format(
        SourceKind.UNDL_VOTING_CSV,
        "UN Digital Library GA voting-data CSV (record 4060887)",
        votes.is_bulk_csv,
        votes.ingest_bulk_csv,
        looks_for=votes.BULK_LOOKS_FOR,
    ),
    Format(
        SourceKind.UNVOTES,
        "Voeten/unvotes tables (un_votes, un_roll_calls, un_roll_call_issues .csv[.gz])",
        votes.is_unvotes,
        votes.ingest_unvotes,
        looks_for=votes.UNVOTES_LOOKS_FOR,
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
        looks_for=doctext.LOOKS_FOR,
    ),
)


def detect_format(path: Path) -> Format:
    """The format whose evidence the first bytes of a file (gunzipped) show, or a
    `SourceError` that says what the file seems to be and what was looked for."""
    head = read_head(path, HEAD_BYTES)
    for candidate in FORMATS:
        if candidate.sniff(head):
            return candidate
    looked = "; ".join(candidate.evidence for candidate in FORMATS)
    raise SourceError(
        f"cannot read this file with confidence: {describe(head)}. Looked for {looked}",
        location=str(path),
    )


def describe(head: bytes) -> str:
    """What a file no format recognised seems to be, from its first bytes."""
    if not head.strip():
        return "it is empty"
    if b"\x00" in head[:1024]:
        return "it is binary data, not text"
    text = doctext_source.head_text(head)
    if text is None:
        return "it is not UTF-8 text"
    stripped = doctext_source.strip_provenance_header(text.lstrip("\ufeff")).lstrip()
    if stripped[:1] in "{[" and _is_json(stripped):
        return "it is JSON"
    if stripped.lower().startswith(("<!doctype html", "<html")):
        return "it is an HTML page (a browser challenge or an error page?)"
    if stripped.startswith("<"):
        return "it is XML without MARC records (an excerpt of a catalogue record?)"
    first = stripped.splitlines()[0] if stripped else ""
    if _CSV_HEADER.match(first):
        return f"its first line looks like a CSV header with unknown columns ({first[:120]})"
    return doctext_source.refusal(text) or "it matches no known layout"


# A header line of column names: at least two, none empty, no spaces inside ("rcid,country").
_CSV_HEADER = re.compile(r'^"?[\w.-]+"?(?:,"?[\w.-]+"?)+\s*$')


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        # A head cut mid-document is still JSON if it opens like one.
        return text.startswith(('{"', "[{", '["'))
    return True
