"""The `Store` interface: one translation memory, whichever database holds it.

`Store(target)` opens the backend the target names: a file path opens SQLite
(`tm.store.sqlite`), a `postgresql://` URL opens PostgreSQL (`tm.store.postgres`). Pipeline,
search and glossary code calls the methods below and never writes SQL of its own. What both
databases say alike (ordinary tables, `ON CONFLICT`, `RETURNING`) is written once here, with `?`
placeholders; each backend adds what only it can do: migrations, the word-key index that finds
fuzzy and concordance candidates, and the vector index of semantic search.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tm.store.records import GlossaryEntry, PairRecord, UnalignedSegment

if TYPE_CHECKING:
    from tm.encoders import Encoder

DEFAULT_DB = "tm.db"
URL_SCHEMES = ("postgresql://", "postgres://")
TABLES = ("documents", "segments", "pairs", "glossary", "glossary_forms", "embeddings", "edits", "runs")
_CHUNK = 500  # ids per `IN (...)` list


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Tx(Protocol):
    """What a transaction offers: statements with `?` placeholders, rows readable by name."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...


def returning(db: Tx, sql: str, params: Sequence[Any]) -> int | None:
    """The id an `INSERT ... RETURNING id` gave, None when it inserted nothing."""
    rows = db.execute(sql, params).fetchall()
    return int(rows[0][0]) if rows else None


class Store(ABC):
    """An open translation memory. Use as a context manager, or call `close()`."""

    dialect: str = ""
    location: str = ""
    _insert_order = "rowid"  # the column that orders rows as they were inserted

    def __new__(cls, target: str | Path = DEFAULT_DB, **options: Any) -> "Store":
        if cls is Store:
            if is_url(target):
                from tm.store.postgres import PostgresStore as cls  # noqa: N806 - a class
            else:
                from tm.store.sqlite import SQLiteStore as cls  # noqa: N806
        return super().__new__(cls)

    # -- what each backend provides ---------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[Tx]:
        """All writes inside commit together or not at all."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """One statement outside an explicit transaction (reads, or a write of its own)."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def pending_batch(self, db: Tx, limit: int) -> list[tuple[int, str, str]]:
        """Up to `limit` pairs waiting for their word keys (id, kk, ru), claimed for this
        transaction (another writer keying at the same time takes other pairs)."""

    @abstractmethod
    def write_keys(self, db: Tx, rows: list[tuple[int, str, str]]) -> None:
        """Store the word keys (pair id, kk keys, ru keys: space-separated) of some pairs."""

    @abstractmethod
    def optimize_keys(self) -> None:
        """Tidy the key index after many pairs were keyed at once."""

    @abstractmethod
    def key_frequencies(self, keys: list[str], lang: str) -> dict[str, int]:
        """In how many pairs each key occurs on the `lang` side."""

    @abstractmethod
    def key_pool(self, lang: str, weights: dict[str, float], limit: int) -> list[tuple[int, str]]:
        """Up to `limit` (pair id, stored `lang` keys) holding the weighted keys, most weight
        first; among more than `limit` pairs of equal weight, the ones with the fewest other
        words (BM25's length term)."""

    @abstractmethod
    def match_keys(self, keys: dict[str, list[str]], *, phrase: bool, limit: int) -> list[int]:
        """Pair ids whose side `lang` holds `keys[lang]` (for some lang): adjacent and in order
        when `phrase`, anywhere otherwise; best BM25 rank first."""

    def semantic_index(self, encoder: "Encoder", *, progress: bool = False) -> Any:
        """The semantic index of this TM for `encoder`, brought up to date (`ranked(...)`)."""
        from tm.search.semantic import faiss_index

        return faiss_index(self, encoder, progress=progress)

    def retrying(self, work: Callable[[], Any]) -> Any:
        """Run `work` (one transaction); a backend where concurrent writers can deadlock runs
        it again when the server chose it as the victim."""
        return work()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def columns(self, table: str) -> list[str]:
        """The column names of `table`, in order."""
        return [d[0] for d in self.execute(f"SELECT * FROM {table} LIMIT 0").description]

    # -- runs and counts --------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.transaction() as db:
            return returning(db, "INSERT INTO runs(command, started) VALUES (?, ?) RETURNING id",
                             (command, now()))

    def finish_run(self, run_id: int, summary: dict) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                       (now(), json.dumps(summary, ensure_ascii=False), run_id))

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(table)
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    # -- state ------------------------------------------------------------------------------
    def state(self, name: str) -> str | None:
        return self.scalar("SELECT value FROM search_state WHERE name = ?", (name,))

    def set_state(self, db: Tx, name: str, value: str) -> None:
        db.execute("INSERT INTO search_state(name, value) VALUES (?, ?) "
                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))

    # -- documents --------------------------------------------------------------------------
    def add_document(self, doc: dict[str, Any], edits: list[tuple], segments: list[tuple]) -> int:
        """Store a document once per (sha256, lang) with its edits (start, end, original,
        repaired, kind, confidence) and segments (idx, text, original, start, end, line_first,
        line_last, lang); returns its id, the existing one when it was stored before."""
        return self.retrying(lambda: self._add_document(doc, edits, segments))

    def _add_document(self, doc: dict[str, Any], edits: list[tuple], segments: list[tuple]) -> int:
        with self.transaction() as db:
            doc_id = returning(
                db, "INSERT INTO documents(path, name, lang, encoding, sha256, original, cleaned, run_id) "
                "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
                (doc["path"], doc["name"], doc["lang"], doc["encoding"], doc["sha256"],
                 doc["original"], doc["cleaned"], doc["run_id"]))
            if doc_id is None:  # stored before (or just now by another writer)
                return int(db.execute("SELECT id FROM documents WHERE sha256 = ? AND lang = ?",
                                      (doc["sha256"], doc["lang"])).fetchone()[0])
            db.executemany(
                'INSERT INTO edits(doc_id, start, "end", original, repaired, kind, confidence) '
                "VALUES (?,?,?,?,?,?,?)", [(doc_id, *e) for e in edits])
            db.executemany(
                'INSERT INTO segments(doc_id, idx, text, original, start, "end", line_first, '
                "line_last, lang) VALUES (?,?,?,?,?,?,?,?,?)", [(doc_id, *s) for s in segments])
        return doc_id

    def segment_texts(self) -> Iterator[tuple[str, str]]:
        """(text, language) of every document segment, in document and segment order."""
        rows = self.execute(
            "SELECT s.text, CASE WHEN s.lang != '' THEN s.lang ELSE d.lang END "
            "FROM segments s JOIN documents d ON d.id = s.doc_id ORDER BY s.doc_id, s.idx").fetchall()
        return ((r[0], r[1]) for r in rows)

    # -- pairs ------------------------------------------------------------------------------
    # kk_source ... ru_source_lines: where an imported pair came from, as its file said (migration 0006)
    _INSERT_PAIR = ("INSERT INTO pairs(kk, ru, score, raw_score, method, kk_doc, ru_doc, kk_segs, "
                    "ru_segs, origin, created, run_id, kk_source, ru_source, kk_source_lines, ru_source_lines) ")

    def add_pairs(self, pairs: Iterable[PairRecord], *, kk_doc_id: int | None = None,
                  ru_doc_id: int | None = None, segs: Iterable[tuple[list[int], list[int]]] | None = None,
                  run_id: int | None = None, db: Tx | None = None, new_texts_only: bool = False) -> int:
        """Insert pairs in one transaction (or in `db`'s); a pair already present is skipped,
        and with `new_texts_only` so is a pair whose two texts the TM holds from anywhere.
        Returns how many were new."""
        if db is None:
            pairs, segs = list(pairs), None if segs is None else list(segs)

            def work() -> int:
                with self.transaction() as tx:
                    return self.add_pairs(pairs, kk_doc_id=kk_doc_id, ru_doc_id=ru_doc_id, segs=segs,
                                          run_id=run_id, db=tx, new_texts_only=new_texts_only)
            return self.retrying(work)
        created = now()
        seg_list = list(segs) if segs is not None else None
        sql = self._INSERT_PAIR + (
            "SELECT ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM pairs WHERE kk = ? AND ru = ?) "
            if new_texts_only else "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ") + "ON CONFLICT DO NOTHING"
        added = 0
        for i, p in enumerate(pairs):
            kk_segs, ru_segs = seg_list[i] if seg_list is not None else ([], [])
            row = (p.kk, p.ru, float(p.score), p.props.get("raw_score"), p.method, kk_doc_id,
                   ru_doc_id, json.dumps(kk_segs), json.dumps(ru_segs), p.origin or None,
                   p.created or created, run_id, *_source(p, kk_doc_id, ru_doc_id))
            added += db.execute(sql, (*row, p.kk, p.ru) if new_texts_only else row).rowcount
        return added

    def import_pairs(self, command: str, records: list[PairRecord], summary: dict) -> int:
        """Add imported pairs whose texts the TM does not hold yet, with their run, in one
        transaction (a failed import leaves the TM as it was). Returns how many were added."""
        return self.retrying(lambda: self._import_pairs(command, records, summary))

    def _import_pairs(self, command: str, records: list[PairRecord], summary: dict) -> int:
        with self.transaction() as db:
            run_id = returning(db, "INSERT INTO runs(command, started) VALUES (?, ?) RETURNING id",
                               (command, now()))
            added = self.add_pairs(records, run_id=run_id, db=db, new_texts_only=True)
            summary = {"imported": added, "duplicates": len(records) - added, **summary}
            db.execute("UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                       (now(), json.dumps(summary), run_id))
        return added

    _PAIR_SQL = """
    SELECT p.id, p.kk, p.ru, p.score, p.raw_score, p.method, p.kk_segs, p.ru_segs, p.origin,
           p.created, p.kk_doc AS kk_doc_id, p.ru_doc AS ru_doc_id,
           coalesce(kd.name, p.kk_source) AS kk_name, coalesce(rd.name, p.ru_source) AS ru_name,
           p.kk_source_lines, p.ru_source_lines
    FROM pairs p
    LEFT JOIN documents kd ON kd.id = p.kk_doc
    LEFT JOIN documents rd ON rd.id = p.ru_doc
    """

    def iter_pairs(self, *, min_score: float = 0.0) -> Iterator[PairRecord]:
        """All pairs with score >= `min_score`, in document and segment order."""
        rows = self.execute(self._PAIR_SQL + " WHERE p.score >= ? ORDER BY p.kk_doc, p.ru_doc, p.id",
                            (min_score,)).fetchall()
        for row in rows:
            yield self._record(row)

    def _record(self, row: Any) -> PairRecord:
        props = {} if row["raw_score"] is None else {"raw_score": row["raw_score"]}
        return PairRecord(
            id=row["id"], kk=row["kk"], ru=row["ru"], score=row["score"], method=row["method"],
            kk_doc=row["kk_name"] or "", ru_doc=row["ru_name"] or "",
            kk_lines=self._lines(row["kk_doc_id"], row["kk_segs"], row["kk_source_lines"]),
            ru_lines=self._lines(row["ru_doc_id"], row["ru_segs"], row["ru_source_lines"]),
            created=row["created"], origin=row["origin"] or "", props=props,
        )

    def _lines(self, doc_id: int | None, segs_json: str, imported: str | None) -> tuple[int, ...]:
        """A pair side's source lines: from its segments, or as the file it was imported from said."""
        if doc_id is None:
            return tuple(json.loads(imported)) if imported else ()
        idx = json.loads(segs_json)
        if not idx:
            return ()
        marks = ",".join("?" * len(idx))
        rows = self.execute(
            f"SELECT line_first, line_last FROM segments WHERE doc_id = ? AND idx IN ({marks})",
            [doc_id, *idx]).fetchall()
        return tuple(sorted({line for first, last in rows for line in range(first, last + 1)}))

    def pairs_by_id(self, ids: Sequence[int]) -> dict[int, PairRecord]:
        """pair id -> record of the pairs still present among `ids`."""
        out = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i:i + _CHUNK])
            rows = self.execute(self._PAIR_SQL + f" WHERE p.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            out.update({row["id"]: self._record(row) for row in rows})
        return out

    def source_names(self) -> list[str]:
        """Document names and the names of files pairs were imported from, sorted."""
        rows = self.execute("SELECT name FROM documents UNION SELECT origin FROM pairs "
                            "WHERE origin IS NOT NULL ORDER BY 1").fetchall()
        return [r[0] for r in rows if r[0]]

    def pair_originals(self, pair_id: int) -> tuple[str, str]:
        """The kk and ru texts of a pair as its documents had them before cleaning (OCR
        repair); "" for a side without document segments (an imported pair)."""
        row = self.one("SELECT kk_doc, ru_doc, kk_segs, ru_segs FROM pairs WHERE id = ?", (pair_id,))
        if row is None:
            return "", ""
        out = []
        for doc, segs in ((row[0], row[2]), (row[1], row[3])):
            idx = json.loads(segs)
            rows = self.execute(f"SELECT original FROM segments WHERE doc_id = ? AND idx IN ({','.join('?' * len(idx))}) "
                                "ORDER BY idx", [doc, *idx]).fetchall() if doc is not None and idx else []
            out.append(" ".join(r[0] for r in rows))
        return out[0], out[1]

    def count_pairs(self, *, below: float) -> int:
        """How many pairs score under `below`."""
        return int(self.scalar("SELECT count(*) FROM pairs WHERE score < ?", (below,)))

    def unaligned_segments(self, doc_ids: Iterable[int] | None = None) -> list[UnalignedSegment]:
        """The Kazakh and Russian segments of the documents (`doc_ids`, default all) in no pair;
        segments in a third language are left out (kept, never aligned)."""
        ids = None if doc_ids is None else sorted(set(doc_ids))
        where = "" if ids is None else f" AND d.id IN ({','.join('?' * len(ids))})"
        if ids == []:
            return []
        used: set[tuple[int, int]] = set()
        for kk_doc, kk_segs, ru_doc, ru_segs in self.execute(
                "SELECT kk_doc, kk_segs, ru_doc, ru_segs FROM pairs WHERE kk_doc IS NOT NULL").fetchall():
            used.update((kk_doc, i) for i in json.loads(kk_segs))
            used.update((ru_doc, i) for i in json.loads(ru_segs))
        rows = self.execute(
            "SELECT d.id, d.name, d.lang, s.idx, s.line_first, s.line_last, s.text FROM segments s "
            f"JOIN documents d ON d.id = s.doc_id WHERE s.lang IN ('kk', 'ru'){where} ORDER BY d.id, s.idx",
            ids or ()).fetchall()
        return [UnalignedSegment(r[1], r[2], r[3], tuple(range(r[4], r[5] + 1)), r[6])
                for r in rows if (r[0], r[3]) not in used]

    def pair_rows(self, ids: Sequence[int]) -> dict[int, tuple[str, str, str, str, str]]:
        """pair id -> (kk, ru, origin, kk document, ru document) of the pairs still present."""
        out = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i:i + _CHUNK])
            rows = self.execute(
                "SELECT p.id, p.kk, p.ru, p.origin, coalesce(kd.name, p.kk_source), "
                "coalesce(rd.name, p.ru_source) FROM pairs p "
                "LEFT JOIN documents kd ON kd.id = p.kk_doc LEFT JOIN documents rd ON rd.id = p.ru_doc "
                f"WHERE p.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            out.update({r[0]: (r[1], r[2], r[3] or "", r[4] or "", r[5] or "") for r in rows})
        return out

    def pair_texts(self, *, after: int | None = None, ids: Sequence[int] | None = None) -> list[tuple[int, str, str]]:
        """(id, kk, ru) of all pairs, of those with id > `after`, or of `ids`; by id."""
        if ids is not None:
            rows = []
            for i in range(0, len(ids), _CHUNK):
                chunk = list(ids[i:i + _CHUNK])
                rows += self.execute(f"SELECT id, kk, ru FROM pairs WHERE id IN ({','.join('?' * len(chunk))})",
                                     chunk).fetchall()
            return sorted((r[0], r[1], r[2]) for r in rows)
        rows = self.execute("SELECT id, kk, ru FROM pairs WHERE id > ? ORDER BY id", (after or 0,)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def exact_ids(self, text: str, lang: str) -> list[int]:
        """Pairs whose `lang` side is exactly `text`."""
        column = "kk" if lang == "kk" else "ru"
        return [r[0] for r in self.execute(f"SELECT id FROM pairs WHERE {column} = ? LIMIT 20", (text,))
                .fetchall()]

    def max_pair_id(self) -> int:
        return int(self.scalar("SELECT coalesce(max(id), 0) FROM pairs"))

    def change_seq(self) -> int:
        """The last entry of the log of edited and deleted pairs."""
        return int(self.scalar("SELECT coalesce(max(seq), 0) FROM pair_changes"))

    def changed_since(self, seq: int) -> list[int]:
        return [r[0] for r in self.execute("SELECT DISTINCT pair_id FROM pair_changes WHERE seq > ?",
                                           (seq,)).fetchall()]

    def tm_id(self) -> str:
        """A random identity given to the TM when it was created."""
        return str(self.state("tm_id"))

    # -- word keys --------------------------------------------------------------------------
    def pending_keys(self) -> int:
        return int(self.scalar("SELECT count(*) FROM pair_keys_pending"))

    def requeue_keys(self, stamp_name: str, stamp: str) -> bool:
        """Queue every pair for keying unless the keys were made by `stamp`; True if queued."""
        if self.state(stamp_name) == stamp:
            return False
        with self.transaction() as db:  # the queue and the new stamp commit together
            db.execute("INSERT INTO pair_keys_pending(pair_id) SELECT id FROM pairs WHERE true "
                       "ON CONFLICT DO NOTHING")
            self.set_state(db, stamp_name, stamp)
        return True

    def update_keys(self, key: Callable[[str, str], str], *, batch: int = 2000,
                    progress: Callable[[int], None] | None = None) -> int:
        """Key every queued pair with `key(text, lang)`; returns how many were keyed."""
        def one_batch() -> int:
            with self.transaction() as db:
                rows = self.pending_batch(db, batch)
                if not rows:
                    db.execute("DELETE FROM pair_keys_pending WHERE pair_id NOT IN (SELECT id FROM pairs)")
                    return 0
                self.write_keys(db, [(pid, key(kk, "kk"), key(ru, "ru")) for pid, kk, ru in rows])
                db.executemany("DELETE FROM pair_keys_pending WHERE pair_id = ?", [(r[0],) for r in rows])
            return len(rows)

        done = 0
        while keyed := self.retrying(one_batch):
            done += keyed
            if progress is not None:
                progress(keyed)
        return done

    # -- embedding cache --------------------------------------------------------------------
    def cached_vectors(self, model: str, hashes: Sequence[bytes]) -> dict[bytes, bytes]:
        found = {}
        for i in range(0, len(hashes), _CHUNK):
            chunk = list(hashes[i:i + _CHUNK])
            for key, blob in self.execute(
                    f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN "
                    f"({','.join('?' * len(chunk))})", [model, *chunk]).fetchall():
                found[bytes(key)] = bytes(blob)
        return found

    def cache_vectors(self, rows: list[tuple[str, bytes, bytes]]) -> None:
        """Keep (model, text hash, float32 vector bytes); a vector already kept stays."""
        with self.transaction() as db:
            db.executemany("INSERT INTO embeddings(model, text_hash, vector) VALUES (?, ?, ?) "
                           "ON CONFLICT DO NOTHING", rows)

    # -- glossary ---------------------------------------------------------------------------
    def glossary_entries(self, *, include_rejected: bool = False,
                         include_junk: bool = False) -> list[GlossaryEntry]:
        """Entries ranked by probability (score) times termhood, with their observed forms (most
        frequent first); automatic entries judged junk last, and only when asked."""
        forms: dict[int, dict[str, list[str]]] = {}
        for row in self.execute("SELECT entry_id, lang, form FROM glossary_forms "
                                f"ORDER BY freq DESC, {self._insert_order}").fetchall():
            forms.setdefault(row[0], {"kk": [], "ru": []})[row[1]].append(row[2])
        out = []
        for row in self.execute("SELECT id, kk, ru, score, kk_freq, ru_freq, example_kk, example_ru, status, "
                                "evidence, CASE WHEN status = 'auto' THEN junk ELSE '' END AS junk "
                                "FROM glossary ORDER BY CASE WHEN status = 'auto' AND junk != '' THEN 1 ELSE 0 END, "
                                "score * termhood DESC, kk_freq + ru_freq DESC, id").fetchall():
            if row["status"] == "rejected" and not include_rejected or row["junk"] and not include_junk:
                continue
            f = forms.get(row["id"], {"kk": [], "ru": []})
            out.append(GlossaryEntry(
                id=row["id"], kk=row["kk"], ru=row["ru"], score=row["score"], kk_freq=row["kk_freq"],
                ru_freq=row["ru_freq"], example_kk=row["example_kk"], example_ru=row["example_ru"],
                status=row["status"], kk_forms=tuple(f["kk"]), ru_forms=tuple(f["ru"]),
                evidence=row["evidence"], junk=row["junk"],
            ))
        return out

    def glossary_keys(self) -> list[tuple[int, str, str]]:
        """(entry id, lang, key) of every form of every entry not rejected nor junk."""
        return [(r[0], r[1], r[2]) for r in self.execute(
            "SELECT f.entry_id, f.lang, f.key FROM glossary_forms f JOIN glossary g ON g.id = f.entry_id "
            "WHERE g.status != 'rejected' AND (g.junk = '' OR g.status = 'approved')").fetchall()]

    def rekey_glossary_forms(self, key: Callable[[str, str], str], stamp_name: str, stamp: str) -> int:
        """Give every glossary form `key(form, lang)` unless made by `stamp`; how many re-keyed."""
        if self.state(stamp_name) == stamp:
            return 0
        with self.transaction() as db:
            forms = db.execute("SELECT entry_id, lang, form FROM glossary_forms").fetchall()
            db.executemany("UPDATE glossary_forms SET key = ? WHERE entry_id = ? AND lang = ? AND form = ?",
                           [(key(form, lang), eid, lang, form) for eid, lang, form in forms])
            self.set_state(db, stamp_name, stamp)
        return len(forms)

    def write_glossary(self, entries: Iterable[tuple[dict[str, Any], list[tuple[str, str, str, int]]]],
                       refreshed: Iterable[tuple[int, int, int]]) -> None:
        """Replace the automatic entries by `entries` ((row, forms (lang, form, key, freq)))
        and refresh the frequencies (id, kk_freq, ru_freq) of reviewed ones, in one transaction.
        An entry whose kk and ru are already reviewed is skipped."""
        entries, refreshed = list(entries), list(refreshed)
        self.retrying(lambda: self._write_glossary(entries, refreshed))

    def _write_glossary(self, entries: list[tuple[dict[str, Any], list[tuple[str, str, str, int]]]],
                        refreshed: list[tuple[int, int, int]]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM glossary WHERE status = 'auto'")
            for e, forms in entries:
                entry_id = returning(
                    db, "INSERT INTO glossary(kk, ru, score, kk_freq, ru_freq, example_pair, example_kk, "
                    "example_ru, status, updated, termhood, evidence, junk) "
                    "VALUES (?,?,?,?,?,?,?,?, 'auto', ?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
                    (e["kk"], e["ru"], e["score"], e["kk_freq"], e["ru_freq"], e["example_pair"],
                     e["example_kk"], e["example_ru"], now(), e.get("termhood", 1.0),
                     e.get("evidence", ""), e.get("junk", "")))
                if entry_id is not None:
                    self._add_forms(db, entry_id, forms)
            db.executemany("UPDATE glossary SET kk_freq = ?, ru_freq = ?, updated = ? WHERE id = ?",
                           [(kk_freq, ru_freq, now(), eid) for eid, kk_freq, ru_freq in refreshed])

    def _add_forms(self, db: Tx, entry_id: int, forms: list[tuple[str, str, str, int]]) -> None:
        db.executemany(
            "INSERT INTO glossary_forms(entry_id, lang, form, key, freq) VALUES (?,?,?,?,?) "
            "ON CONFLICT (entry_id, lang, form) DO UPDATE SET key = excluded.key, freq = excluded.freq",
            [(entry_id, *f) for f in forms])

    def set_glossary_status(self, kk: str, ru: str, status: str, entry_id: int | None,
                            forms: list[tuple[str, str, str, int]]) -> int:
        """Set the status of entry `entry_id`, or add kk=ru with `status` and its `forms`;
        two people approving at once both land. Returns the entry's id."""
        return self.retrying(lambda: self._set_glossary_status(kk, ru, status, entry_id, forms))

    def _set_glossary_status(self, kk: str, ru: str, status: str, entry_id: int | None,
                             forms: list[tuple[str, str, str, int]]) -> int:
        with self.transaction() as db:
            if entry_id is not None:
                db.execute("UPDATE glossary SET status = ?, updated = ? WHERE id = ?", (status, now(), entry_id))
                return entry_id
            entry_id = int(returning(
                db, "INSERT INTO glossary(kk, ru, score, status, updated) VALUES (?, ?, 1.0, ?, ?) "
                "ON CONFLICT (kk, ru) DO UPDATE SET status = excluded.status, updated = excluded.updated "
                "RETURNING id", (kk, ru, status, now())))
            self._add_forms(db, entry_id, forms)
        return entry_id


def _source(p: PairRecord, kk_doc_id: int | None, ru_doc_id: int | None) -> tuple[str | None, ...]:
    """The provenance columns of a pair not tied to stored documents (an imported one)."""
    kk = (p.kk_doc or None, json.dumps(list(p.kk_lines)) if p.kk_lines else None) if kk_doc_id is None else (None, None)
    ru = (p.ru_doc or None, json.dumps(list(p.ru_lines)) if p.ru_lines else None) if ru_doc_id is None else (None, None)
    return kk[0], ru[0], kk[1], ru[1]
