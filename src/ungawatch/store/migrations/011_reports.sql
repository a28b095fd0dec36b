-- Migration 011: news reports and statements, and the facts they report.
-- Reports are not UN records: they never enter documents, sponsorships, votes or positions.
-- The claim checker reads them as its second tier of evidence ("reported by ..."), each fact
-- with the report (outlet, date, URL) and the words it was read from.

CREATE TABLE IF NOT EXISTS reports (
    source_kind VARCHAR NOT NULL,    -- news-report
    record_id VARCHAR NOT NULL,      -- the URL, or the file name of a report without one
    url VARCHAR,
    outlet VARCHAR NOT NULL,
    title VARCHAR,
    published DATE,                  -- the day; a month or year only: its last day
    date_precision VARCHAR NOT NULL, -- day | month | year | none
    date_text VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,           -- the article's own words (title and quoted passages)
    PRIMARY KEY (source_kind, record_id)
);

-- One row per claim the extractor found in a report, as a JSON claim (offsets into `text`).
CREATE TABLE IF NOT EXISTS reported_facts (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    fact INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    assertion VARCHAR NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    quote VARCHAR NOT NULL,
    normalized VARCHAR NOT NULL,
    claim VARCHAR NOT NULL,          -- the claim as JSON
    extractor_version INTEGER NOT NULL,
    PRIMARY KEY (source_kind, record_id, fact)
);
