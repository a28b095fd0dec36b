"""Where sources disagree on how a text was adopted: the method or the counts.

Two kinds of disagreement are listed. Between records: two source records state the action of
one body on one text (a committee report and a press release on a draft; a Council record and
another source on a resolution) with another method or other counts, where both give them.
Within a record: a Council record gathers several sources, and the ones its reader did not
follow are kept as notes of field "conflict" (the count 30-6-9 beside 30-6-11, a page calling
the 31st session the 13th, an article saying "unanimously" and "following a vote"). Both
readings are stored; nothing here decides.
"""

from __future__ import annotations

from typing import Any

from ungawatch.store import Store

_BETWEEN = """
WITH a AS (
    SELECT symbol, coalesce(body, 'plenary') AS body, source_kind, record_id, method,
           concat_ws('-', yes, no, abstain) AS counts, yes, no, abstain, reported_in
    FROM adoptions
)
SELECT x.symbol, x.body, x.source_kind AS source_a, x.record_id AS record_a,
       y.source_kind AS source_b, y.record_id AS record_b,
       x.method || coalesce(' ' || nullif(x.counts, ''), '') AS says_a,
       y.method || coalesce(' ' || nullif(y.counts, ''), '') AS says_b,
       x.reported_in AS reported_a, y.reported_in AS reported_b
FROM a x JOIN a y ON x.symbol = y.symbol AND x.body = y.body
 AND (x.source_kind, x.record_id) < (y.source_kind, y.record_id)
WHERE x.method <> y.method
   OR (x.yes IS NOT NULL AND y.yes IS NOT NULL AND x.yes <> y.yes)
   OR (x.no IS NOT NULL AND y.no IS NOT NULL AND x.no <> y.no)
   OR (x.abstain IS NOT NULL AND y.abstain IS NOT NULL AND x.abstain <> y.abstain)
ORDER BY x.symbol, x.body
"""

_WITHIN = """
SELECT n.symbol, n.source_kind, n.record_id, n.message, r.location
FROM record_notes n JOIN source_records r USING (source_kind, record_id)
WHERE n.field = 'conflict'
ORDER BY n.symbol, n.record_id, n.message
"""


def adoption_conflicts(store: Store) -> list[dict[str, Any]]:
    """Every disagreement on an adoption, as dicts with `kind` ("adoption" between records,
    "sources" within one), `symbol`, the records and what each says, and a `message`."""
    found: list[dict[str, Any]] = []
    for row in store.rows(_BETWEEN):
        found.append(
            {
                "kind": "adoption",
                **row,
                "message": (
                    f"{row['symbol']} ({row['body']}): {row['source_a']} record "
                    f"{row['record_a']}{_reported(row['reported_a'])} says {row['says_a']}, "
                    f"{row['source_b']} record {row['record_b']}"
                    f"{_reported(row['reported_b'])} says {row['says_b']}; both are kept"
                ),
            }
        )
    for row in store.rows(_WITHIN):
        found.append(
            {
                "kind": "sources",
                "symbol": row["symbol"],
                "source_a": row["source_kind"],
                "record_a": row["record_id"],
                "location": row["location"],
                "message": f"{row['symbol']} ({row['location']}): {row['message']}",
            }
        )
    return found


def _reported(document: str | None) -> str:
    return f" ({document})" if document else ""
