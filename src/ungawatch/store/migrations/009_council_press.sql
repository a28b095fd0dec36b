-- Migration 009: the Human Rights Council track and UN press releases as sources.
--
-- adoptions: the document that reports an action when it is not the record's own document (a
-- press release reporting a committee's vote on a draft), whether the text was adopted as
-- orally revised, and how many delegations dissociated from an adoption without a vote (as
-- the source states the number; the named ones are in `delegations`).
ALTER TABLE adoptions ADD COLUMN IF NOT EXISTS reported_in VARCHAR;
ALTER TABLE adoptions ADD COLUMN IF NOT EXISTS orally_revised BOOLEAN;
ALTER TABLE adoptions ADD COLUMN IF NOT EXISTS dissociated INTEGER;

-- Delegations a source names in an action: who introduced a draft (and for whom), who
-- dissociated from (or did not join) an adoption without a vote. `acting_for` is the group's
-- registry code when the group is one the registry knows; `acting_for_printed` as printed.
CREATE TABLE IF NOT EXISTS delegations (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    action VARCHAR NOT NULL,          -- introduced | dissociated
    state_code VARCHAR NOT NULL,
    acting_for VARCHAR,
    acting_for_printed VARCHAR,
    printed_name VARCHAR NOT NULL
);

-- Sponsor counts a source states ("Main sponsors29", "Co-sponsors42"), with how many of the
-- counted sponsors it names: a count larger than its names makes the list partial, so states
-- it does not name are unknown, never "not a sponsor".
CREATE TABLE IF NOT EXISTS sponsor_counts (
    source_kind VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    counted_as VARCHAR NOT NULL,      -- main sponsors | co-sponsors | sponsors
    stated INTEGER NOT NULL,
    named INTEGER NOT NULL
);

-- Coverage of Council-style lists: co-sponsors named (role co_sponsor), the document whose
-- list names only some of its sponsors (the rest counted only), and the counts sources state.
ALTER TABLE series_sessions ADD COLUMN IF NOT EXISTS co_sponsors INTEGER;
ALTER TABLE series_sessions ADD COLUMN IF NOT EXISTS partial_sponsor_list VARCHAR;
ALTER TABLE series_sessions ADD COLUMN IF NOT EXISTS stated_sponsor_counts VARCHAR[];
