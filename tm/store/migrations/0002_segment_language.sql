-- A segment's own language: its document's, or 'other' for a passage in a third language
-- (an English abstract inside a Russian article), which is kept but not aligned.
ALTER TABLE segments ADD COLUMN lang TEXT NOT NULL DEFAULT '';
