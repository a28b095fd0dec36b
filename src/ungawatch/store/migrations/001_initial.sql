-- Migration 001: the initial schema.
-- Every fact row carries its provenance: the source kind, the source record it came from,
-- and the UN document symbol that states it. Facts are owned by their source record: a
-- changed record replaces exactly its own rows, so re-ingesting is idempotent.


CREATE TABLE IF NOT EXISTS source_files (
    sha256 VARCHAR PRIMARY KEY,
    location VARCHAR NOT NULL,
    source_kind VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS source_records (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    modified VARCHAR,
    file_sha256 VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source_kind, record_id)
);

CREATE TABLE IF NOT EXISTS documents (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR,
    body VARCHAR,
    session VARCHAR,
    regular_session INTEGER,
    kind VARCHAR NOT NULL,
    kind_label VARCHAR,
    title VARCHAR,
    title_key VARCHAR,
    date DATE,
    agenda VARCHAR[],
    submitted_by VARCHAR,
    meeting VARCHAR,
    action_note VARCHAR,
    PRIMARY KEY (source_kind, record_id)
);

CREATE TABLE IF NOT EXISTS links (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    from_symbol VARCHAR NOT NULL,
    to_symbol VARCHAR NOT NULL,
    relation VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS sponsorships (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    draft_symbol VARCHAR NOT NULL,
    state_code VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    acting_for VARCHAR,
    listed_in VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    printed_name VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS adoptions (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    body VARCHAR,
    date DATE,
    method VARCHAR NOT NULL,
    meeting VARCHAR,
    yes INTEGER,
    no INTEGER,
    abstain INTEGER,
    non_voting INTEGER,
    total INTEGER,
    note VARCHAR
);

CREATE TABLE IF NOT EXISTS votes (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    state_code VARCHAR NOT NULL,
    vote VARCHAR NOT NULL,
    printed_name VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS record_notes (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR,
    field VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    location VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    field VARCHAR,
    message VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (location, record_id)
);

CREATE TABLE IF NOT EXISTS changes (
    seen_at TIMESTAMP NOT NULL,
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR,
    change VARCHAR NOT NULL,
    state_code VARCHAR,
    detail VARCHAR
);
