-- Migration 005: the body on every recorded vote.
-- The bulk vote tables so far hold General Assembly plenary votes only; the Human Rights
-- Council's recorded votes share the table, so every roll call says which body voted.

ALTER TABLE roll_calls ADD COLUMN IF NOT EXISTS body VARCHAR DEFAULT 'plenary';
UPDATE roll_calls SET body = 'plenary' WHERE body IS NULL;
