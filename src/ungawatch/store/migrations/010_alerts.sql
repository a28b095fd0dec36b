-- Migration 010: briefings and alerts.
-- The sponsor timeline says when each sponsorship fact was first stated (the draft as issued,
-- a revision, the committee report's additional sponsors), and when a fact stopped being
-- stated. The event log announces what a write added to the record, once each: it is keyed
-- on documents (never on series ids, which a relink may change), so re-ingesting the same
-- records adds nothing. Watches name what someone follows; deliveries are the webhook outbox
-- and its log (one row per event and watch, one attempt row per try).

CREATE TABLE IF NOT EXISTS sponsor_timeline (
    draft VARCHAR NOT NULL,           -- the draft whose sponsor list this is
    state_code VARCHAR NOT NULL,
    role VARCHAR NOT NULL,            -- original | additional | withdrawn
    listed_in VARCHAR NOT NULL,       -- the document that lists it (the draft, a report)
    acting_for VARCHAR,
    series_id VARCHAR,
    session INTEGER,
    listed_on DATE,                   -- the listing document's date, when the database holds it
    record VARCHAR NOT NULL,          -- source_kind:record_id that first stated it
    modified VARCHAR,                 -- that record's MARC 005 (modification stamp)
    first_seen TIMESTAMP NOT NULL,    -- when this database first held the fact
    event_id VARCHAR NOT NULL,        -- the event that announced it
    gone_seen TIMESTAMP,              -- when no loaded record stated it any more
    gone_event_id VARCHAR,
    PRIMARY KEY (draft, state_code, role, listed_in)
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,     -- a UUID derived from what the event announces
    seq INTEGER NOT NULL,             -- order of announcement
    kind VARCHAR NOT NULL,            -- vocabulary.EventKind
    series_id VARCHAR,
    series VARCHAR,
    track VARCHAR,
    session INTEGER,
    year INTEGER,
    body VARCHAR,                     -- the body that acted or whose draft it is
    symbol VARCHAR NOT NULL,          -- the document the event is about
    documents VARCHAR[] NOT NULL,     -- every symbol the text cites
    happened_on DATE,                 -- the date the documents give, when known
    seen_at TIMESTAMP NOT NULL,       -- when this database first held it
    title VARCHAR NOT NULL,
    summary VARCHAR NOT NULL,
    states VARCHAR[] NOT NULL,        -- the states it concerns
    record VARCHAR                    -- the source record behind it
);

CREATE TABLE IF NOT EXISTS event_states (
    event_id VARCHAR NOT NULL,
    state_code VARCHAR NOT NULL,
    value VARCHAR NOT NULL,           -- sponsor role, or vote Y N A X
    previous VARCHAR,                 -- the earlier value compared with (vote changed)
    previous_session INTEGER,
    document VARCHAR,
    sentence VARCHAR NOT NULL,
    PRIMARY KEY (event_id, state_code)
);

CREATE TABLE IF NOT EXISTS watches (
    watch_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- series | state
    target VARCHAR NOT NULL,          -- series id or state code
    label VARCHAR NOT NULL,
    webhook VARCHAR,
    secret VARCHAR,
    created_at TIMESTAMP NOT NULL,
    after_seq INTEGER NOT NULL        -- events announced later than this one are delivered
);

CREATE TABLE IF NOT EXISTS deliveries (
    watch_id INTEGER NOT NULL,
    event_id VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    idempotency_key VARCHAR NOT NULL,
    status VARCHAR NOT NULL,          -- pending | delivered | failed
    attempts INTEGER NOT NULL,
    last_status INTEGER,
    last_error VARCHAR,
    last_attempt TIMESTAMP,
    delivered_at TIMESTAMP,
    PRIMARY KEY (watch_id, event_id)
);

CREATE TABLE IF NOT EXISTS delivery_attempts (
    watch_id INTEGER NOT NULL,
    event_id VARCHAR NOT NULL,
    attempt INTEGER NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    http_status INTEGER,
    error VARCHAR
);
