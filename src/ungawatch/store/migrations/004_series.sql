-- Migration 004: facts read from document text, and what series linking reads.
-- Text-derived sponsorships, committee adoptions and committee votes say which page of the
-- file they were read from and how sure the reading is (catalogue rows leave both NULL).
-- Citations are the resolutions a draft recalls ("Recalling its resolution 78/218"): the
-- strongest evidence that two sessions' texts belong to one series.

ALTER TABLE sponsorships ADD COLUMN IF NOT EXISTS page INTEGER;
ALTER TABLE sponsorships ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE adoptions ADD COLUMN IF NOT EXISTS page INTEGER;
ALTER TABLE adoptions ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE votes ADD COLUMN IF NOT EXISTS page INTEGER;
ALTER TABLE votes ADD COLUMN IF NOT EXISTS confidence DOUBLE;

CREATE TABLE IF NOT EXISTS citations (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    cites VARCHAR NOT NULL,
    page INTEGER
);
