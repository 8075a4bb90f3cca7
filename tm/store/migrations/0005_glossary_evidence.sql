-- Schema 5: glossary evidence. Each entry's score is the calibrated probability that the
-- pairing is right; `termhood` (how domain-specific the entry is) orders entries with it;
-- `evidence` says what paired the two terms; `junk` is why an entry is not written ('' for
-- entries that are), kept for inspection (`tm glossary --format json --all`).
ALTER TABLE glossary ADD COLUMN termhood REAL NOT NULL DEFAULT 1.0;
ALTER TABLE glossary ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE glossary ADD COLUMN junk TEXT NOT NULL DEFAULT '';
