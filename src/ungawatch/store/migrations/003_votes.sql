-- Migration 003: roll calls from the bulk vote tables (UNDL voting-data CSV, Voeten/unvotes).
-- Like every fact table, rows are owned by their source record (source_kind, record_id): the
-- UNDL record id of a voting record, or the unvotes rcid. `symbol` is the normalized
-- resolution symbol, the same key the MARCXML `adoptions` and `votes` tables use, so a vote
-- that reaches us from several sources meets itself on (symbol, date).

CREATE TABLE IF NOT EXISTS roll_calls (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    session INTEGER,
    date DATE,
    symbol VARCHAR,
    printed_symbol VARCHAR,
    draft VARCHAR,
    committee_report VARCHAR,
    meeting VARCHAR,
    title VARCHAR,
    agenda_title VARCHAR,
    subjects VARCHAR,
    amendment BOOLEAN,
    paragraph BOOLEAN,
    important BOOLEAN,
    short VARCHAR,
    descr VARCHAR,
    vote_note VARCHAR,
    yes INTEGER,
    no INTEGER,
    abstain INTEGER,
    non_voting INTEGER,
    total INTEGER,
    link VARCHAR,
    PRIMARY KEY (source_kind, record_id)
);

CREATE TABLE IF NOT EXISTS roll_call_votes (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    state_code VARCHAR NOT NULL,
    vote VARCHAR NOT NULL,
    printed_name VARCHAR NOT NULL,
    printed_code VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS roll_call_issues (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    issue_code VARCHAR NOT NULL,
    issue VARCHAR NOT NULL
);

-- Every recorded vote the database holds, whatever its source: the bulk tables' roll calls
-- and the MARCXML voting records (an adoption by recorded vote with its 967 votes).
CREATE OR REPLACE VIEW all_roll_calls AS
SELECT source_kind, record_id, session, date, symbol, coalesce(amendment, false) AS amendment,
       coalesce(paragraph, false) AS paragraph, important, yes, no, abstain, non_voting
FROM roll_calls
UNION ALL
SELECT a.source_kind, a.record_id, d.regular_session, a.date, a.symbol, false, false, NULL,
       a.yes, a.no, a.abstain, a.non_voting
FROM adoptions a
LEFT JOIN documents d ON d.source_kind = a.source_kind AND d.record_id = a.record_id
WHERE a.method = 'recorded vote';

CREATE OR REPLACE VIEW all_roll_call_votes AS
SELECT source_kind, record_id, state_code, vote FROM roll_call_votes
UNION ALL
SELECT v.source_kind, v.record_id, v.state_code, v.vote
FROM votes v
JOIN adoptions a ON a.source_kind = v.source_kind AND a.record_id = v.record_id
WHERE a.method = 'recorded vote';

-- The recorded votes analytics count, each once: a whole-text vote reported by several
-- sources (same symbol and date) is kept from the most authoritative source only (the
-- Library's own voting data first, Voeten's compilation last). Within one source every record
-- is its own roll call; amendment and paragraph votes share their resolution's symbol, so
-- they are never merged.
CREATE OR REPLACE VIEW canonical_roll_calls AS
SELECT * EXCLUDE (match_key)
FROM (
    SELECT *,
           CASE WHEN symbol IS NOT NULL AND NOT amendment AND NOT paragraph
                THEN symbol || '@' || coalesce(CAST(date AS VARCHAR), '')
                ELSE source_kind || ':' || record_id END AS match_key
    FROM all_roll_calls
)
QUALIFY dense_rank() OVER (
    PARTITION BY match_key
    ORDER BY CASE source_kind WHEN 'undl-voting-csv' THEN 0 WHEN 'undl-marcxml' THEN 1 ELSE 2 END
) = 1;
