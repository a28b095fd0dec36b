"""The views every reader of recorded votes shares, written from Python so that the one
precedence rule between sources (`vocabulary.precedence_sql`) is spelled once.

Writers recreate them after the migrations when their text differs from the one the database
was given last (`migrate` keeps its digest), so a change of the rule reaches existing databases
with the next ingest.
"""

from __future__ import annotations

import hashlib

from ungawatch.vocabulary import AdoptionMethod, Body, precedence_sql

# Every recorded vote the database holds, whatever its source: the bulk tables' roll calls
# and the recorded votes of catalogue records and document texts (an adoption by recorded vote
# with its per-state votes). `body` says who voted: the plenary, a Main Committee (a committee
# report's vote on a draft) or the Human Rights Council.
_ALL_ROLL_CALLS = f"""
CREATE OR REPLACE VIEW all_roll_calls AS
SELECT source_kind, record_id, session, date, symbol, coalesce(amendment, false) AS amendment,
       coalesce(paragraph, false) AS paragraph, important, yes, no, abstain, non_voting,
       coalesce(body, '{Body.PLENARY.value}') AS body
FROM roll_calls
UNION ALL
SELECT a.source_kind, a.record_id, d.regular_session, a.date, a.symbol, false, false, NULL,
       a.yes, a.no, a.abstain, a.non_voting, coalesce(a.body, d.body, '{Body.PLENARY.value}')
FROM adoptions a
LEFT JOIN documents d ON d.source_kind = a.source_kind AND d.record_id = a.record_id
WHERE a.method = '{AdoptionMethod.RECORDED_VOTE.value}'
"""

_ALL_ROLL_CALL_VOTES = f"""
CREATE OR REPLACE VIEW all_roll_call_votes AS
SELECT source_kind, record_id, state_code, vote FROM roll_call_votes
UNION ALL
SELECT v.source_kind, v.record_id, v.state_code, v.vote
FROM votes v
JOIN adoptions a ON a.source_kind = v.source_kind AND a.record_id = v.record_id
WHERE a.method = '{AdoptionMethod.RECORDED_VOTE.value}'
"""

# The recorded votes analytics count, each once: a whole-text vote reported by several
# sources (same body, symbol and date) is kept from the most authoritative source only.
# Within one source every record is its own roll call; amendment and paragraph votes share
# their resolution's symbol, so they are never merged. Readers use the table
# `canonical_roll_calls`, filled from this view by every transaction that writes (see
# `CANONICAL_REFRESH`): the ranking over every roll call cost each page that asked ~10 ms.
_CANONICAL_ROLL_CALLS = f"""
CREATE OR REPLACE VIEW canonical_roll_calls_view AS
SELECT * EXCLUDE (match_key)
FROM (
    SELECT *,
           CASE WHEN symbol IS NOT NULL AND NOT amendment AND NOT paragraph
                THEN body || '|' || symbol || '@' || coalesce(CAST(date AS VARCHAR), '')
                ELSE source_kind || ':' || record_id END AS match_key
    FROM all_roll_calls
)
QUALIFY dense_rank() OVER (PARTITION BY match_key ORDER BY {precedence_sql()}) = 1
"""

VIEWS = (_ALL_ROLL_CALLS, _ALL_ROLL_CALL_VOTES, _CANONICAL_ROLL_CALLS)

CANONICAL_REFRESH = (
    "CREATE OR REPLACE TABLE canonical_roll_calls AS SELECT * FROM canonical_roll_calls_view"
)

VIEWS_DIGEST = hashlib.sha256("".join(VIEWS).encode()).hexdigest()
