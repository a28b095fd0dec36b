-- Migration 008: quarantine keeps the record itself, not only the reason.
-- `raw` is the record as the source gave it (a MARC record's XML, a document text's section,
-- a vote CSV row), so a quarantined record can be read and fixed without the source file;
-- `source_kind` lets a record stored later from another file clear its quarantine entry.

ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS source_kind VARCHAR;
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS raw VARCHAR;
