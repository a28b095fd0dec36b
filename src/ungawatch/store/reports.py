"""The write path of reports: a news story and the facts read from it, replaced as a whole.

A report is keyed by its URL (or file name); the same content seen again changes nothing, a
changed one (new text, or facts read by a newer extractor: both go into its content hash)
replaces its own rows. The caller holds the transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ungawatch.models import NewsReport
from ungawatch.store.database import Store
from ungawatch.store.writer import Outcome
from ungawatch.vocabulary import SourceKind

_KIND = SourceKind.NEWS_REPORT.value


def write_report(
    store: Store,
    report: NewsReport,
    facts: list[dict[str, Any]],
    *,
    location: str,
    file_sha256: str,
    extractor_version: int,
) -> Outcome:
    """Store one report and its facts unless the same content is stored already."""
    known = store.record_versions(_KIND)
    stored = known.get(report.record_id)
    previous = stored[0] if stored else None
    if previous == report.content_hash:
        return Outcome.UNCHANGED
    for table in ("reports", "reported_facts", "source_records"):
        store.write(
            f"DELETE FROM {table} WHERE source_kind = ? AND record_id = ?",
            [_KIND, report.record_id],
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    store.write(
        "INSERT INTO source_records VALUES (?, ?, ?, ?, ?, ?, ?)",
        [_KIND, report.record_id, report.content_hash, None, file_sha256, location, now],
    )
    store.write(
        "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            _KIND,
            report.record_id,
            report.url,
            report.outlet,
            report.title,
            report.published,
            report.date_precision,
            report.date_text,
            report.language,
            report.text,
        ],
    )
    for number, fact in enumerate(facts):
        store.write(
            "INSERT INTO reported_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _KIND,
                report.record_id,
                number,
                fact["kind"],
                fact["assertion"],
                fact["span"]["start"],
                fact["span"]["end"],
                fact["span"]["text"],
                fact["normalized"],
                json.dumps(fact, ensure_ascii=False, default=str),
                extractor_version,
            ],
        )
    known[report.record_id] = (report.content_hash, None)
    return Outcome.UPDATED if previous is not None else Outcome.INSERTED


def stored_reports(store: Store) -> list[dict[str, Any]]:
    """Every stored report with its facts (JSON claims) and their extractor version."""
    reports = store.rows(
        "SELECT record_id, url, outlet, title, CAST(published AS VARCHAR) AS published, "
        "date_precision, text FROM reports WHERE source_kind = ? ORDER BY published, record_id",
        [_KIND],
    )
    facts: dict[str, list[dict[str, Any]]] = {}
    for row in store.rows(
        "SELECT record_id, claim, extractor_version FROM reported_facts WHERE source_kind = ? "
        "ORDER BY record_id, fact",
        [_KIND],
    ):
        facts.setdefault(str(row["record_id"]), []).append(
            {"claim": json.loads(row["claim"]), "version": int(row["extractor_version"])}
        )
    return [report | {"facts": facts.get(str(report["record_id"]), [])} for report in reports]
