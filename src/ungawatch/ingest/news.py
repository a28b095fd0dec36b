"""Ingest of saved news stories and statements as reports: the `FORMATS` entry of
`sources.news`.

A report is never a UN record: it goes to the `reports` table with the facts the claim
extractor reads from its article text (`reported_facts`), which the claim checker uses as
its second tier of evidence. One transaction per file; the same file twice changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ungawatch.ingest.report import IngestReport, Progress
from ungawatch.sources.news import is_news_report, read_news
from ungawatch.store import Store
from ungawatch.store.reports import write_report
from ungawatch.vocabulary import SourceKind

__all__ = ["ingest_news", "is_news_report"]


def ingest_news(
    store: Store, path: Path, report: IngestReport, strict: bool, progress: Progress | None
) -> None:
    """Read one saved story, extract its claims and store both, in one transaction."""
    from ungawatch.claims import EXTRACTOR_VERSION
    from ungawatch.claims.extract import extract

    news = read_news(path)
    data = path.read_bytes()
    day = news.published
    claims = extract(news.text, day) if day is not None else []
    row = replace(news, content_hash=_hash(news.content_hash, EXTRACTOR_VERSION))
    report.records += 1
    with store.transaction():
        outcome = write_report(
            store,
            row,
            [claim.to_dict() for claim in claims],
            location=str(path),
            file_sha256=hashlib.sha256(data).hexdigest(),
            extractor_version=EXTRACTOR_VERSION,
        )
        store.write(
            "INSERT INTO source_files VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP) "
            "ON CONFLICT DO NOTHING",
            [hashlib.sha256(data).hexdigest(), str(path), SourceKind.NEWS_REPORT.value, len(data)],
        )
    setattr(report, outcome.value, getattr(report, outcome.value) + 1)
    if progress:
        progress(1)


def _hash(content: str, version: int) -> str:
    """The content hash with the extractor version: a newer extractor re-reads the report."""
    return hashlib.sha256(f"{content}:{version}".encode()).hexdigest()
