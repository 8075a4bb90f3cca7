-- Schema 1: documents, their cleaning edits and segments, aligned pairs, runs, embedding cache,
-- the glossary, and full-text search over pair texts.

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    command     TEXT NOT NULL,
    started     TEXT NOT NULL,
    finished    TEXT,
    summary     TEXT            -- JSON
);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    name        TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'other')),
    encoding    TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    original    TEXT NOT NULL,
    cleaned     TEXT NOT NULL,
    run_id      INTEGER REFERENCES runs(id),
    UNIQUE (sha256, lang)
);

CREATE TABLE edits (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    original    TEXT NOT NULL,
    repaired    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    confidence  REAL NOT NULL
);
CREATE INDEX edits_doc ON edits(doc_id);

CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    original    TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    line_first  INTEGER NOT NULL,
    line_last   INTEGER NOT NULL,
    UNIQUE (doc_id, idx)
);

-- A pair is a bead: one or more kk segments and one or more ru segments (imported pairs have no
-- segments, only texts).
CREATE TABLE pairs (
    id          INTEGER PRIMARY KEY,
    kk          TEXT NOT NULL,
    ru          TEXT NOT NULL,
    score       REAL NOT NULL,      -- calibrated, in [0, 1]
    raw_score   REAL,               -- the aligner's own score (margin, DP cost, ...)
    method      TEXT NOT NULL,      -- parallel / comparable / import
    kk_doc      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    ru_doc      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    kk_segs     TEXT NOT NULL DEFAULT '[]',   -- JSON list of segment idx in kk_doc
    ru_segs     TEXT NOT NULL DEFAULT '[]',
    origin      TEXT,               -- file a pair was imported from
    created     TEXT NOT NULL,
    run_id      INTEGER REFERENCES runs(id)
);
CREATE INDEX pairs_docs ON pairs(kk_doc, ru_doc);
-- One pair per texts and documents; imported pairs (no documents) are unique by their texts.
CREATE UNIQUE INDEX pairs_unique ON pairs(kk, ru, ifnull(kk_doc, 0), ifnull(ru_doc, 0));

CREATE VIRTUAL TABLE pairs_fts USING fts5(
    kk, ru, content='pairs', content_rowid='id', tokenize="unicode61 remove_diacritics 0"
);
CREATE TRIGGER pairs_ai AFTER INSERT ON pairs BEGIN
    INSERT INTO pairs_fts(rowid, kk, ru) VALUES (new.id, new.kk, new.ru);
END;
CREATE TRIGGER pairs_ad AFTER DELETE ON pairs BEGIN
    INSERT INTO pairs_fts(pairs_fts, rowid, kk, ru) VALUES ('delete', old.id, old.kk, old.ru);
END;
CREATE TRIGGER pairs_au AFTER UPDATE ON pairs BEGIN
    INSERT INTO pairs_fts(pairs_fts, rowid, kk, ru) VALUES ('delete', old.id, old.kk, old.ru);
    INSERT INTO pairs_fts(rowid, kk, ru) VALUES (new.id, new.kk, new.ru);
END;

CREATE TABLE embeddings (
    model       TEXT NOT NULL,
    text_hash   BLOB NOT NULL,      -- sha1 of the text as embedded (prefix included)
    vector      BLOB NOT NULL,      -- float32, L2-normalised
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;

CREATE TABLE glossary (
    id          INTEGER PRIMARY KEY,
    kk          TEXT NOT NULL,      -- dictionary form
    ru          TEXT NOT NULL,
    score       REAL NOT NULL,
    kk_freq     INTEGER NOT NULL DEFAULT 0,
    ru_freq     INTEGER NOT NULL DEFAULT 0,
    example_pair INTEGER REFERENCES pairs(id) ON DELETE SET NULL,
    example_kk  TEXT NOT NULL DEFAULT '',
    example_ru  TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'approved', 'rejected')),
    updated     TEXT NOT NULL,
    UNIQUE (kk, ru)
);

-- Observed surface forms and lookup keys of each glossary term, per language.
CREATE TABLE glossary_forms (
    entry_id    INTEGER NOT NULL REFERENCES glossary(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL CHECK (lang IN ('kk', 'ru')),
    form        TEXT NOT NULL,
    key         TEXT NOT NULL,      -- normalised lookup key (stems, folded look-alikes)
    freq        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, lang, form)
);
CREATE INDEX glossary_forms_key ON glossary_forms(key);
