"""Where sources disagree about one recorded vote.

A whole-text vote reported by several sources (the UNDL voting CSV, MARCXML voting records,
Voeten's `unvotes`) is matched by resolution symbol and date. Two kinds of disagreement are
listed: a state's vote differs (or one source has a vote the other lacks), and the printed
totals differ (Yes / No / Abstain counts where both sources print them).
"""

from __future__ import annotations

from typing import Any

from ungawatch.store import Store

_MATCHED = (
    "WITH rc AS (SELECT * FROM all_roll_calls WHERE symbol IS NOT NULL AND NOT amendment "
    "AND NOT paragraph), pairs AS (SELECT a.symbol, a.date, a.source_kind AS source_a, "
    "a.record_id AS record_a, b.source_kind AS source_b, b.record_id AS record_b, "
    "a.yes AS yes_a, a.no AS no_a, a.abstain AS abstain_a, b.yes AS yes_b, b.no AS no_b, "
    "b.abstain AS abstain_b FROM rc a JOIN rc b ON a.symbol = b.symbol AND a.date = b.date "
    "AND a.source_kind < b.source_kind) "
)


def vote_conflicts(store: Store) -> list[dict[str, Any]]:
    """Every disagreement, as dicts: kind ("vote" | "count"), symbol, date, the two sources and
    records, the state (for votes) and what each source says."""
    votes = store.rows(
        _MATCHED + ", voted AS (SELECT * FROM all_roll_call_votes WHERE vote <> 'X'), "
        "states AS (SELECT DISTINCT p.*, v.state_code FROM pairs p JOIN voted v "
        "ON (v.source_kind = p.source_a AND v.record_id = p.record_a) "
        "OR (v.source_kind = p.source_b AND v.record_id = p.record_b)) "
        "SELECT 'vote' AS kind, s.symbol, s.date, s.source_a, s.record_a, s.source_b, "
        "s.record_b, s.state_code, va.vote AS says_a, vb.vote AS says_b FROM states s "
        "LEFT JOIN voted va ON va.source_kind = s.source_a AND va.record_id = s.record_a "
        "AND va.state_code = s.state_code "
        "LEFT JOIN voted vb ON vb.source_kind = s.source_b AND vb.record_id = s.record_b "
        "AND vb.state_code = s.state_code "
        "WHERE va.vote IS DISTINCT FROM vb.vote ORDER BY s.date, s.symbol, s.state_code"
    )
    counts = store.rows(
        _MATCHED + "SELECT 'count' AS kind, symbol, date, source_a, record_a, source_b, record_b, "
        "NULL AS state_code, concat_ws('-', yes_a, no_a, abstain_a) AS says_a, "
        "concat_ws('-', yes_b, no_b, abstain_b) AS says_b FROM pairs "
        "WHERE yes_a IS NOT NULL AND yes_b IS NOT NULL "
        "AND (yes_a <> yes_b OR no_a <> no_b OR abstain_a <> abstain_b) ORDER BY date, symbol"
    )
    return votes + counts
