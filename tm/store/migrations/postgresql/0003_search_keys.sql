-- Schema 3 (PostgreSQL): search. The word keys tm makes (folded Kazakh stems, Russian lemmas),
-- as made (`kk`, `ru`) and cut into tokens as SQLite's FTS5 cuts them (`kk_keys`, `ru_keys`:
-- letters and digits, so пресс-конференция is two) in text arrays under GIN indexes, with their document frequencies and the totals BM25 needs
-- in `pair_key_df` (lang '' holds the number of keyed pairs and, under key '#', of keys);
-- the queue of pairs to key and the log of changed pairs, filled by triggers as in SQLite;
-- and the vectors of semantic search (pgvector), written in the TM's own transactions.

CREATE TABLE pair_keys (
    pair_id     bigint PRIMARY KEY REFERENCES pairs(id) ON DELETE CASCADE,
    kk          text NOT NULL,
    ru          text NOT NULL,
    kk_keys     text[] NOT NULL,
    ru_keys     text[] NOT NULL
);
CREATE INDEX pair_keys_kk ON pair_keys USING gin (kk_keys);
CREATE INDEX pair_keys_ru ON pair_keys USING gin (ru_keys);

CREATE TABLE pair_key_df (
    lang        text NOT NULL,
    key         text NOT NULL,
    df          bigint NOT NULL,
    PRIMARY KEY (lang, key)
);

CREATE TABLE pair_keys_pending (pair_id bigint PRIMARY KEY);
CREATE TABLE pair_changes (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, pair_id bigint NOT NULL);
CREATE TABLE search_state (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO search_state(name, value) VALUES ('tm_id', substr(md5(random()::text || clock_timestamp()::text), 1, 16));

-- One vector per pair side and model; `hub` is the side's hubness (mean cosine of its nearest
-- segments in the other language). HNSW indexes per model and side are made when first searched.
CREATE TABLE pair_vectors (
    pair_id     bigint NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
    side        smallint NOT NULL CHECK (side IN (0, 1)),
    model       text NOT NULL,
    vec         halfvec NOT NULL,
    hub         real NOT NULL,
    PRIMARY KEY (model, pair_id, side)
);

-- Keys leaving the index give back their counts.
CREATE FUNCTION tm_forget_keys(kk text[], ru text[]) RETURNS void LANGUAGE sql AS $$
    UPDATE pair_key_df d SET df = d.df - 1
    FROM (SELECT DISTINCT 'kk' AS lang, k AS key FROM unnest(kk) k
          UNION ALL SELECT DISTINCT 'ru', k FROM unnest(ru) k
          UNION ALL SELECT '', '') gone
    WHERE d.lang = gone.lang AND d.key = gone.key;
    UPDATE pair_key_df SET df = df - cardinality(kk) - cardinality(ru) WHERE lang = '' AND key = '#';
$$;

CREATE FUNCTION tm_pair_keys_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM tm_forget_keys(OLD.kk_keys, OLD.ru_keys);
    RETURN NULL;
END $$;
CREATE TRIGGER pair_keys_ad AFTER DELETE ON pair_keys FOR EACH ROW EXECUTE FUNCTION tm_pair_keys_gone();

CREATE FUNCTION tm_pair_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pair_keys_pending(pair_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER pair_keys_ai AFTER INSERT ON pairs FOR EACH ROW EXECUTE FUNCTION tm_pair_inserted();

CREATE FUNCTION tm_pair_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM pair_keys WHERE pair_id = OLD.id;
    DELETE FROM pair_vectors WHERE pair_id = OLD.id;
    INSERT INTO pair_keys_pending(pair_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    INSERT INTO pair_changes(pair_id) VALUES (OLD.id);
    RETURN NULL;
END $$;
CREATE TRIGGER pair_keys_au AFTER UPDATE OF kk, ru ON pairs FOR EACH ROW EXECUTE FUNCTION tm_pair_edited();

CREATE FUNCTION tm_pair_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM pair_keys_pending WHERE pair_id = OLD.id;
    INSERT INTO pair_changes(pair_id) VALUES (OLD.id);
    RETURN NULL;
END $$;
CREATE TRIGGER pair_keys_ad AFTER DELETE ON pairs FOR EACH ROW EXECUTE FUNCTION tm_pair_deleted();

INSERT INTO pair_keys_pending(pair_id) SELECT id FROM pairs;

CREATE INDEX pairs_ru ON pairs USING hash (ru);
