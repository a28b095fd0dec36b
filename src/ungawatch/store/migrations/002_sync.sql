-- Migration 002: what `ungawatch sync` knows about its searches of the UN Digital Library.
-- The raw pages themselves live in the archive under the data directory; these tables say
-- which pages each run stored and the latest MARC 005 (record modification date) seen per
-- search, from which the next run asks only for records modified since.

CREATE TABLE IF NOT EXISTS sync_queries (
    query_key VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    session VARCHAR NOT NULL,
    body VARCHAR,
    collection VARCHAR NOT NULL,
    pattern VARCHAR NOT NULL,
    watermark VARCHAR,
    last_run VARCHAR
);

CREATE TABLE IF NOT EXISTS sync_runs (
    query_key VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    since VARCHAR,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    complete BOOLEAN NOT NULL,
    pages INTEGER NOT NULL,
    pages_fetched INTEGER NOT NULL,
    records INTEGER NOT NULL,
    total INTEGER,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    quarantined INTEGER NOT NULL,
    error VARCHAR,
    PRIMARY KEY (query_key, run_id)
);

CREATE TABLE IF NOT EXISTS sync_pages (
    query_key VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    jrec INTEGER NOT NULL,
    url VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    records INTEGER NOT NULL,
    total INTEGER NOT NULL,
    fetched_at TIMESTAMP NOT NULL,
    archive_path VARCHAR NOT NULL,
    PRIMARY KEY (query_key, run_id, jrec)
);
