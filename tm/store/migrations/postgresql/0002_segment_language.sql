-- A segment's own language (see SQLite's 0002_segment_language.sql).
ALTER TABLE segments ADD COLUMN lang text NOT NULL DEFAULT '';
