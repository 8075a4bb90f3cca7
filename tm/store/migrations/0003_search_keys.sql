-- Schema 3: search. Folded/stemmed word keys of every pair text in FTS5 (concordance and fuzzy
-- candidates that ignore case, inflection and look-alike letters), the pairs still to key, a
-- log of changed/deleted pairs for the FAISS index kept beside the file, and an index for
-- exact lookups of Russian texts (Kazakh ones use the unique index of 0001).

CREATE VIRTUAL TABLE pair_keys USING fts5(kk, ru, tokenize="unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE pair_keys_vocab USING fts5vocab(pair_keys, 'col');

CREATE TABLE pair_keys_pending (pair_id INTEGER PRIMARY KEY);
CREATE TABLE pair_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, pair_id INTEGER NOT NULL);
CREATE TABLE search_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO search_state(name, value) VALUES ('tm_id', lower(hex(randomblob(8))));

CREATE TRIGGER pair_keys_ai AFTER INSERT ON pairs BEGIN
    INSERT OR IGNORE INTO pair_keys_pending(pair_id) VALUES (new.id);
END;
CREATE TRIGGER pair_keys_au AFTER UPDATE OF kk, ru ON pairs BEGIN
    DELETE FROM pair_keys WHERE rowid = old.id;
    INSERT OR IGNORE INTO pair_keys_pending(pair_id) VALUES (new.id);
    INSERT INTO pair_changes(pair_id) VALUES (old.id);
END;
CREATE TRIGGER pair_keys_ad AFTER DELETE ON pairs BEGIN
    DELETE FROM pair_keys WHERE rowid = old.id;
    DELETE FROM pair_keys_pending WHERE pair_id = old.id;
    INSERT INTO pair_changes(pair_id) VALUES (old.id);
END;

INSERT INTO pair_keys_pending(pair_id) SELECT id FROM pairs;

CREATE INDEX pairs_ru ON pairs(ru);
