-- Schema 6: where an imported pair came from, as the file that brought it says (a TMX written by
-- tm carries x-kk-document, x-kk-lines ...): the document name of each side and its 0-based line
-- numbers as a JSON list. Aligned pairs point at their documents and segments instead, so these
-- stay NULL for them; `method` keeps the imported pair's own method.
ALTER TABLE pairs ADD COLUMN kk_source TEXT;
ALTER TABLE pairs ADD COLUMN ru_source TEXT;
ALTER TABLE pairs ADD COLUMN kk_source_lines TEXT;
ALTER TABLE pairs ADD COLUMN ru_source_lines TEXT;
