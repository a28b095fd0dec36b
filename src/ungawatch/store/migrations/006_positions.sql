-- Migration 006: series and positions, stored.
-- A series is one recurring text across sessions; a position is one state on one series in
-- one session: its sponsor role and its votes, each with the document and source record that
-- say so. These tables are derived from the fact tables (documents, sponsorships, adoptions,
-- votes, roll calls) inside the same transaction that writes the facts, so they are never out
-- of date; `ungawatch series relink` rebuilds them all.

CREATE TABLE IF NOT EXISTS series (
    series_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    track VARCHAR NOT NULL,          -- ga | hrc
    body VARCHAR NOT NULL,           -- where the text is negotiated: C.1-C.6, plenary or HRC
    first_session INTEGER NOT NULL,
    last_session INTEGER NOT NULL,
    twin_id VARCHAR                  -- the series on the same situation in the other track
);

-- One row per series and session on record: the text's documents and what is known of it
-- (the coverage record). A NULL count means the sponsor list is not loaded (unknown), never 0.
CREATE TABLE IF NOT EXISTS series_sessions (
    series_id VARCHAR NOT NULL,
    session INTEGER NOT NULL,
    year INTEGER NOT NULL,
    body VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    draft VARCHAR,
    resolution VARCHAR,
    documents VARCHAR[] NOT NULL,
    linked_by VARCHAR NOT NULL,
    roll_call_only BOOLEAN NOT NULL,
    sponsor_list VARCHAR,            -- the draft whose sponsor list is loaded; NULL = unknown
    sponsor_records VARCHAR[],       -- source_kind:record_id of every record listing sponsors
    additional_listed_in VARCHAR[],  -- documents that list additional sponsors
    original_sponsors INTEGER,
    additional_sponsors INTEGER,
    withdrawn_sponsors INTEGER,
    committee_method VARCHAR,        -- NULL = no committee action loaded (or no committee)
    committee_date DATE,
    committee_meeting VARCHAR,
    committee_yes INTEGER,
    committee_no INTEGER,
    committee_abstain INTEGER,
    committee_non_voting INTEGER,
    committee_document VARCHAR,
    committee_record VARCHAR,
    plenary_method VARCHAR,          -- NULL = no adoption record loaded
    plenary_date DATE,
    plenary_meeting VARCHAR,
    plenary_yes INTEGER,
    plenary_no INTEGER,
    plenary_abstain INTEGER,
    plenary_non_voting INTEGER,
    plenary_document VARCHAR,
    plenary_record VARCHAR,
    PRIMARY KEY (series_id, session)
);

-- Every symbol of a series text, for finding a series by any of its documents.
CREATE TABLE IF NOT EXISTS series_documents (
    symbol VARCHAR NOT NULL,
    series_id VARCHAR NOT NULL,
    session INTEGER NOT NULL,
    roll_call BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS positions (
    series_id VARCHAR NOT NULL,
    session INTEGER NOT NULL,
    year INTEGER NOT NULL,
    body VARCHAR NOT NULL,
    state_code VARCHAR NOT NULL,
    sponsor_role VARCHAR NOT NULL,   -- original | additional | withdrawn | not_sponsor | unknown
    acting_for VARCHAR,
    sponsor_document VARCHAR,
    sponsor_record VARCHAR,
    plenary_vote VARCHAR NOT NULL,   -- Y N A X not_member no_vote_taken unknown
    plenary_document VARCHAR,
    plenary_record VARCHAR,
    committee_vote VARCHAR,          -- as plenary_vote; NULL when the text has no committee stage
    committee_document VARCHAR,
    committee_record VARCHAR,
    PRIMARY KEY (series_id, session, state_code)
);

-- Members of the Human Rights Council by session, with the record that shows it (a recorded
-- vote lists every member, non-voting ones included).
CREATE TABLE IF NOT EXISTS council_members (
    session INTEGER NOT NULL,
    state_code VARCHAR NOT NULL,
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    PRIMARY KEY (session, state_code)
);

-- The version of the code that computed the rows above; a newer ungawatch rebuilds them.
CREATE TABLE IF NOT EXISTS positions_version (version INTEGER NOT NULL);
