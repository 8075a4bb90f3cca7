"""Semantic search in PostgreSQL: pair-side vectors in `pair_vectors`, HNSW over halfvec.

The same index as the FAISS file beside an SQLite TM, kept in the database instead: vectors
are written in transactions (a pair deleted or edited takes its vectors with it), each with its
hubness in a column, and one HNSW index per model and side (a partial index over
`vec::halfvec(dim)`, inner product: half the memory of float32) finds the nearest candidates.
Their cosines are then computed from the stored float32 vectors and the hits re-ranked by
`tm.search.semantic.rerank`, exactly as the FAISS path ranks them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np

from tm.encoders import CachedEncoder

if TYPE_CHECKING:
    from tm.encoders import Encoder
    from tm.store.postgres import PostgresStore

_EF_SEARCH_MIN = 100
_HNSW_LOCK = 7_310_016
_BUILD_MEMORY = "1GB"  # an HNSW build is fast only while its graph fits in memory


class PgVectorIndex:
    """The pgvector index of one TM and model: `ranked` as `SemanticIndex.ranked`."""

    def __init__(self, store: "PostgresStore", model: str, dim: int) -> None:
        self.store, self.model, self.dim = store, model, dim
        self._typical: float | None = None

    def _where(self, side: int) -> str:
        from psycopg import sql

        return f"model = {sql.Literal(self.model).as_string(self.store.conn)} AND side = {int(side)}"

    def _expr(self) -> str:
        return f"(vec::halfvec({self.dim}))"

    @property
    def size(self) -> int:
        return int(self.store.scalar("SELECT count(*) FROM pair_vectors WHERE model = ?", (self.model,)))

    @property
    def typical_hubness(self) -> float:
        if self._typical is None:
            self._typical = float(self.store.scalar(
                "SELECT coalesce(avg(hub), 0) FROM pair_vectors WHERE model = ?", (self.model,)))
        return self._typical

    def ensure_indexes(self) -> None:
        """One HNSW index per side for this model (built once, by whoever gets there first)."""
        tag = hashlib.sha1(f"{self.model}/{self.dim}".encode()).hexdigest()[:10]
        with self.store.transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(?)", (_HNSW_LOCK,))
            db.execute("SELECT set_config('maintenance_work_mem', ?, true)", (_BUILD_MEMORY,))
            for side in (0, 1):
                db.execute(f"CREATE INDEX IF NOT EXISTS pair_vectors_hnsw_{tag}_{side} ON pair_vectors "
                           f"USING hnsw ({self._expr()} halfvec_ip_ops) WHERE {self._where(side)}")

    def nearest(self, vector: np.ndarray, k: int, side: int) -> list[tuple[int, int, float, float]]:
        """The `k` nearest vectors of one side: (pair id, side, cosine, hubness), best first."""
        return self._nearest(vector, k, (side,))

    def _nearest(self, vector: np.ndarray, k: int, sides: tuple[int, ...]) -> list[tuple[int, int, float, float]]:
        """The `k` nearest of each side in `sides`, in one statement (one round trip to the
        server), by exact cosine."""
        from pgvector import HalfVector, Vector

        exact = np.asarray(vector, dtype=np.float32)
        ef = max(_EF_SEARCH_MIN, k)
        if self.store.session.get("hnsw.ef_search") != ef:
            self.store.execute("SELECT set_config('hnsw.ef_search', ?, false)", (str(ef),))
            self.store.session["hnsw.ef_search"] = ef
        one = (f"(SELECT pair_id, side, -(vec <#> ?::vector), hub FROM pair_vectors WHERE {{where}} "
               f"ORDER BY {self._expr()} <#> ?::halfvec({self.dim}) LIMIT ?)")
        sql = " UNION ALL ".join(one.format(where=self._where(side)) for side in sides)
        rows = self.store.execute(sql, (Vector(exact), HalfVector(exact), k) * len(sides)).fetchall()
        hits = [(int(r[0]), int(r[1]), float(r[2]), float(r[3])) for r in rows]
        return sorted(hits, key=lambda h: -h[2])

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, int, float]]:
        """The `k` nearest pair sides of either language as (pair id, side, cosine)."""
        return [hit[:3] for hit in self._nearest(vector, k, (0, 1))[:k]]

    def ranked(self, vector: np.ndarray, k: int, side: int | None = None,
               hubness: bool = True) -> list[tuple[int, int, float, float]]:
        """As `SemanticIndex.ranked`: the `k` best by cosine minus half the hubness above the
        mean, drawn from the 4k + 40 nearest by cosine."""
        from tm.search.semantic import rerank

        n = 4 * k + 40
        hits = self._nearest(vector, n, (0, 1))[:n] if side is None else self.nearest(vector, n, side)
        hub = np.array([h[3] for h in hits]) if hubness else None
        return rerank([h[:3] for h in hits], hub, self.typical_hubness, k)

    # -- keeping the vectors up to date -----------------------------------------------------
    def update(self, encoder: "Encoder", *, progress: bool = False) -> int:
        """Embed the pairs added or edited since the last update (all pairs without a vector
        when another model made the last ones), measure their hubness and write them in one
        transaction; returns how many pairs were embedded. Pairs another searcher is
        embedding at the same moment are left to it."""
        state = self.store.one("SELECT (SELECT value FROM search_state WHERE name = 'vectors_model'), "
                               "EXISTS (SELECT 1 FROM pair_vectors_pending)")
        same_model = state[0] == self.model
        if same_model and not state[1]:  # one round trip when nothing changed
            return 0
        with self.store.transaction() as db:
            if same_model:
                rows = db.execute("SELECT p.id, p.kk, p.ru FROM pair_vectors_pending q JOIN pairs p "
                                  "ON p.id = q.pair_id ORDER BY q.pair_id FOR UPDATE OF q SKIP LOCKED").fetchall()
            else:
                rows = db.execute("SELECT p.id, p.kk, p.ru FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM "
                                  "pair_vectors v WHERE v.model = ? AND v.pair_id = p.id) ORDER BY p.id",
                                  (self.model,)).fetchall()
            if rows:
                self._add(encoder, [(r[0], r[1], r[2]) for r in rows], progress)
            db.execute("DELETE FROM pair_vectors_pending q USING pair_vectors v "
                       "WHERE v.pair_id = q.pair_id AND v.model = ?", (self.model,))
            if not same_model:
                self.store.set_state(db, "vectors_model", self.model)
        self._typical = None
        return len(rows)

    def _add(self, encoder: "Encoder", rows: list[tuple[int, str, str]], progress: bool) -> None:
        from tm.search.semantic import HUB_K

        texts = [t for _, kk, ru in rows for t in (kk, ru)]
        ids = np.array([pid * 2 + side for pid, _, _ in rows for side in (0, 1)], dtype=np.int64)
        vectors = CachedEncoder(encoder, self.store).encode(texts, kind="query", progress=progress)
        if self.size < len(ids):  # most vectors are new: measure every hubness at once, exactly
            ids, vectors, hub = self._all_hubness(ids, vectors, HUB_K)
        else:
            self.ensure_indexes()
            hub = np.array([np.mean([h[2] for h in self.nearest(v, HUB_K, 1 - int(i % 2))] or [0.0])
                            for i, v in zip(ids, vectors)], dtype=np.float32)
        self.write(ids, vectors, hub)
        self.ensure_indexes()

    def _all_hubness(self, ids: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hubness of the new vectors and of those already stored, over all of them (the
        FAISS path's rebuild); the stored ones are rewritten with theirs."""
        from tm.align.mining import knn
        from tm.search.semantic import HUB_NPROBE

        old = self.store.execute("SELECT pair_id * 2 + side, vec FROM pair_vectors WHERE model = ?",
                                 (self.model,)).fetchall()
        if old:
            ids = np.concatenate([np.array([r[0] for r in old], dtype=np.int64), ids])
            vectors = np.vstack([np.array([np.asarray(r[1]) for r in old], dtype=np.float32), vectors])
        hub = np.zeros(len(ids), dtype=np.float32)
        for side in (0, 1):
            mine, others = ids % 2 == side, ids % 2 != side
            if mine.any() and others.any():
                sims = knn(vectors[mine], vectors[others], k, nprobe=HUB_NPROBE)[0]
                hub[mine] = sims.mean(axis=1)
        return ids, vectors, hub

    def write(self, ids: np.ndarray, vectors: np.ndarray, hub: np.ndarray) -> None:
        from pgvector import Vector

        rows = [(int(i) // 2, int(i) % 2, self.model, Vector(np.asarray(v, dtype=np.float32)), float(h))
                for i, v, h in zip(ids, vectors, hub)]
        with self.store.transaction() as db:
            for start in range(0, len(rows), 5000):
                db.executemany("INSERT INTO pair_vectors(pair_id, side, model, vec, hub) VALUES (?, ?, ?, ?, ?) "
                               "ON CONFLICT (model, pair_id, side) DO UPDATE SET hub = excluded.hub",
                               rows[start:start + 5000])


def vector_index(store: "PostgresStore", encoder: "Encoder", *, progress: bool = False) -> PgVectorIndex:
    """The index of `store` for `encoder` (one per open store and model), every pair embedded."""
    key = (encoder.name, encoder.dim)
    index = store.vector_indexes.get(key)
    if index is None:
        index = store.vector_indexes[key] = PgVectorIndex(store, encoder.name, encoder.dim)
    index.update(encoder, progress=progress)
    return index
