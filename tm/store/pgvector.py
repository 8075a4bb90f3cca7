"""Semantic search in PostgreSQL: pair-side vectors in `pair_vectors`, HNSW over halfvec.

The same index as the FAISS file beside an SQLite TM, kept in the database instead: vectors
are written in transactions (a pair deleted or edited takes its vectors with it), each with its
hubness in a column, and one HNSW index per model and side (a partial index over
`vec::halfvec(dim)`, inner product) finds the nearest; the hits are then re-ranked by
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
            for side in (0, 1):
                db.execute(f"CREATE INDEX IF NOT EXISTS pair_vectors_hnsw_{tag}_{side} ON pair_vectors "
                           f"USING hnsw ({self._expr()} halfvec_ip_ops) WHERE {self._where(side)}")

    def nearest(self, vector: np.ndarray, k: int, side: int) -> list[tuple[int, int, float, float]]:
        """The `k` nearest vectors of one side: (pair id, side, cosine, hubness), best first."""
        from pgvector import HalfVector

        q = HalfVector(np.asarray(vector, dtype=np.float32))
        with self.store.transaction() as db:
            db.execute("SELECT set_config('hnsw.ef_search', ?, true)", (str(max(_EF_SEARCH_MIN, k)),))
            rows = db.execute(
                f"SELECT pair_id, side, -({self._expr()} <#> ?::halfvec({self.dim})), hub FROM pair_vectors "
                f"WHERE {self._where(side)} ORDER BY {self._expr()} <#> ?::halfvec({self.dim}) LIMIT ?",
                (q, q, k)).fetchall()
        return [(int(r[0]), int(r[1]), float(r[2]), float(r[3])) for r in rows]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, int, float]]:
        """The `k` nearest pair sides of either language as (pair id, side, cosine)."""
        return [hit[:3] for hit in self._both(vector, k)]

    def _both(self, vector: np.ndarray, k: int) -> list[tuple[int, int, float, float]]:
        hits = self.nearest(vector, k, 0) + self.nearest(vector, k, 1)
        return sorted(hits, key=lambda h: -h[2])[:k]

    def ranked(self, vector: np.ndarray, k: int, side: int | None = None,
               hubness: bool = True) -> list[tuple[int, int, float, float]]:
        """As `SemanticIndex.ranked`: the `k` best by cosine minus half the hubness above the
        mean, drawn from the 4k + 40 nearest by cosine."""
        from tm.search.semantic import rerank

        n = 4 * k + 40
        hits = self._both(vector, n) if side is None else self.nearest(vector, n, side)
        hub = np.array([h[3] for h in hits]) if hubness else None
        return rerank([h[:3] for h in hits], hub, self.typical_hubness, k)

    # -- keeping the vectors up to date -----------------------------------------------------
    def update(self, encoder: "Encoder", *, progress: bool = False) -> int:
        """Embed the pairs that have no vector for this model yet, measure their hubness and
        write them; returns how many pairs were added."""
        from tm.search.semantic import HUB_K

        rows = self.store.execute(
            "SELECT p.id, p.kk, p.ru FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM pair_vectors v "
            "WHERE v.model = ? AND v.pair_id = p.id) ORDER BY p.id", (self.model,)).fetchall()
        if not rows:
            return 0
        texts = [t for _, kk, ru in rows for t in (kk, ru)]
        ids = np.array([pid * 2 + side for pid, _, _ in rows for side in (0, 1)], dtype=np.int64)
        vectors = CachedEncoder(encoder, self.store).encode(texts, kind="query", progress=progress)
        present = self.size
        if present < len(ids):  # most vectors are new: measure every hubness at once, exactly
            ids, vectors, hub = self._all_hubness(ids, vectors, HUB_K)
        else:
            self.ensure_indexes()
            hub = np.array([np.mean([h[2] for h in self.nearest(v, HUB_K, 1 - int(i % 2))] or [0.0])
                            for i, v in zip(ids, vectors)], dtype=np.float32)
        self._write(ids, vectors, hub)
        self.ensure_indexes()
        self._typical = None
        return len(rows)

    def _all_hubness(self, ids: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hubness of the new vectors and of those already stored, over all of them (the
        FAISS path's rebuild); the stored ones are rewritten with theirs."""
        from tm.align.mining import knn
        from tm.search.semantic import HUB_NPROBE

        old = self.store.execute("SELECT pair_id * 2 + side, vec FROM pair_vectors WHERE model = ?",
                                 (self.model,)).fetchall()
        if old:
            ids = np.concatenate([np.array([r[0] for r in old], dtype=np.int64), ids])
            vectors = np.vstack([np.array([r[1].to_numpy() for r in old], dtype=np.float32), vectors])
        hub = np.zeros(len(ids), dtype=np.float32)
        for side in (0, 1):
            mine, others = ids % 2 == side, ids % 2 != side
            if mine.any() and others.any():
                sims = knn(vectors[mine], vectors[others], k, nprobe=HUB_NPROBE)[0]
                hub[mine] = sims.mean(axis=1)
        return ids, vectors, hub

    def _write(self, ids: np.ndarray, vectors: np.ndarray, hub: np.ndarray) -> None:
        from pgvector import HalfVector

        rows = [(int(i) // 2, int(i) % 2, self.model, HalfVector(v), float(h))
                for i, v, h in zip(ids, vectors, hub)]
        with self.store.transaction() as db:
            for start in range(0, len(rows), 5000):
                db.executemany("INSERT INTO pair_vectors(pair_id, side, model, vec, hub) VALUES (?, ?, ?, ?, ?) "
                               "ON CONFLICT (model, pair_id, side) DO UPDATE SET hub = excluded.hub",
                               rows[start:start + 5000])


def vector_index(store: "PostgresStore", encoder: "Encoder", *, progress: bool = False) -> PgVectorIndex:
    """The index of `store` for `encoder`, with every pair embedded."""
    index = PgVectorIndex(store, encoder.name, encoder.dim)
    index.update(encoder, progress=progress)
    return index
