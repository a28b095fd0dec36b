"""What the database holds: counts, coverage by session and body, sources, quarantine."""

from __future__ import annotations

from typing import Any

from ungawatch.store import Store
from ungawatch.sync import last_syncs


def status(store: Store) -> dict[str, Any]:
    return {
        "database": store.path,
        "tables": store.table_counts(),
        "coverage": store.rows(
            "SELECT session, body, count(*) AS documents FROM documents "
            "WHERE session IS NOT NULL GROUP BY session, body "
            "ORDER BY max(regular_session), session, body"
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
