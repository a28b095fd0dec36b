"""What the database holds: counts, coverage by session and body, sources, quarantine."""

from __future__ import annotations

from typing import Any

from ungawatch.ingest.sync import last_syncs
from ungawatch.store import Store


def status(store: Store) -> dict[str, Any]:
    """Counts per table, documents per session and body, recorded votes per source, the files
    ingested, quarantined records and the last sync of every search."""
    return {
        "database": store.path,
        "tables": store.table_counts(),
        "coverage": store.rows(
            "SELECT session, body, count(*) AS documents FROM documents "
            "WHERE session IS NOT NULL GROUP BY session, body "
            "ORDER BY max(regular_session), session, body"
        ),
        "recorded_votes": store.rows(
            "SELECT source_kind, min(session) AS first_session, max(session) AS last_session, "
            "count(*) AS roll_calls FROM roll_calls GROUP BY source_kind ORDER BY source_kind"
        ),
        "sources": store.rows(
            "SELECT location, source_kind, bytes, ingested_at FROM source_files "
            "ORDER BY ingested_at"
        ),
        "quarantine": store.rows(
            "SELECT location, record_id, field, message, first_seen FROM quarantine "
            "ORDER BY location, record_id"
        ),
        "syncs": last_syncs(store),
    }
