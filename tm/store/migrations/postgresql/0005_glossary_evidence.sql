-- Schema 5: glossary evidence (as the SQLite migration of the same number): the entry's
-- termhood, what paired its terms, and why it is junk ('' for entries that are written).
ALTER TABLE glossary ADD COLUMN termhood double precision NOT NULL DEFAULT 1.0;
ALTER TABLE glossary ADD COLUMN evidence text NOT NULL DEFAULT '';
ALTER TABLE glossary ADD COLUMN junk text NOT NULL DEFAULT '';
