"""Cross-lingual semantic search: both sides of every pair embedded once, in FAISS beside the TM.

The index lives in `<tm>.faiss` with `<tm>.faiss.json` (model, TM identity, last pair id and
change seen). Vector id = pair id * 2 + side (0 kk, 1 ru), so a Russian query meets Kazakh
segments and Russian ones alike. Pairs added since the index was written are embedded and
added; edited or deleted pairs (logged by triggers in `pair_changes`) are removed and re-added.
Both sides and queries are embedded as e5 "query" texts (the recipe for symmetric matching),
through the store's embedding cache, so texts the aligner embedded are not embedded again.

Small TMs use an exact inner-product index; from `FLAT_MAX` vectors on, IVF with 8-bit scalar
quantisation (a quarter of the memory, a few thousand vectors scanned per query).

Hubs: with e5-small some segments are near to almost everything in the other language (on
Tatoeba kk-ru, raw cosine finds the right Russian sentence for 59% of Kazakh ones). Each
segment's hubness, the mean cosine of its `HUB_K` nearest segments in the other language, is
kept beside the index (`<tm>.faiss.hub.npz`), and hits are ranked by cosine minus half of it,
the CSLS criterion (Conneau et al. 2018), which lifts that figure to about 80%.
"""

from __future__ import annotations

import json
import math
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tm.encoders import CachedEncoder, Encoder
from tm.errors import StoreError
from tm.store import Store

FLAT_MAX = 100_000
NPROBE = 32
HUB_K = 10  # neighbours in the other language that measure a segment's hubness
# Lists searched when hubness is measured over a whole large index (IVF, 4 sqrt(n) lists): on
# 200k vectors a side, 8 lists give hubness within 0.03 of the exact value (correlation 0.993)
# at 35% less CPU than 16 (0.998); half the hubness moves a score, so by at most 0.015.
HUB_NPROBE = 8
_LOADED: "weakref.WeakKeyDictionary[Store, SemanticIndex]" = weakref.WeakKeyDictionary()


@dataclass
class SemanticIndex:
    """A FAISS index of pair-side vectors and what of the TM it covers."""

    index: Any
    model: str
    tm_id: str
    max_pair_id: int = 0
    change_seq: int = 0
    trained_for: int = 0
    hub_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted
    hub: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def typical_hubness(self) -> float:
        """The mean hubness over the index (0 when none is stored); remembered until the
        hubness array changes."""
        if getattr(self, "_typical", (None,))[0] is not self.hub:
            self._typical = (self.hub, float(self.hub.mean()) if len(self.hub) else 0.0)
        return self._typical[1]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, int, float]]:
        """The `k` nearest pair sides as (pair id, side 0=kk 1=ru, cosine), best first."""
        if self.size == 0:
            return []
        sims, ids = self.index.search(np.ascontiguousarray(vector.reshape(1, -1)), min(k, self.size))
        return [(int(i) // 2, int(i) % 2, float(s)) for s, i in zip(sims[0], ids[0]) if i >= 0]

    def ranked(self, vector: np.ndarray, k: int, side: int | None = None,
               hubness: bool = True) -> list[tuple[int, int, float, float]]:
        """The `k` best pair sides by cosine minus half their hubness, as (pair id, side,
        cosine, adjusted score), best first; drawn from the 4k + 40 nearest by cosine, of one
        `side` only (0 kk, 1 ru) when given. `hubness=False`: by cosine alone.

        The adjusted score is centred: half the hubness *above the index's mean* is subtracted,
        so a segment of typical hubness keeps its cosine and the scores stay on the cosine's
        scale (the order is what plain CSLS gives)."""
        if side is None:
            hits = self.search(vector, 4 * k + 40)
        else:
            sims, found = self._search_side(vector.reshape(1, -1), self.hub_ids, side, 4 * k + 40)
            hits = [(int(i) // 2, int(i) % 2, float(c)) for c, i in zip(sims[0], found[0]) if i >= 0]
        ids = np.array([2 * p + side for p, side, _ in hits], dtype=np.int64)
        return rerank(hits, self.hubness(ids) if hubness else None, self.typical_hubness, k)

    def hubness(self, ids: np.ndarray) -> np.ndarray:
        """The stored hubness of vector `ids` (0 for a vector that has none)."""
        if len(self.hub_ids) == 0:
            return np.zeros(len(ids))
        at = np.clip(np.searchsorted(self.hub_ids, ids), 0, len(self.hub_ids) - 1)
        return np.where(self.hub_ids[at] == ids, self.hub[at], 0.0)

    def measure_hubness(self, ids: np.ndarray, vectors: np.ndarray, *, complete: bool = False) -> None:
        """Store the hubness of `vectors` (already in the index): the mean cosine of their
        `HUB_K` nearest vectors of the other language. `complete`: `vectors` are the whole
        index, searched per language directly; otherwise the index is searched with the other
        language's ids as a filter."""
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        values = np.zeros(len(ids), dtype=np.float32)
        for side in (0, 1):
            mine = np.flatnonzero(ids % 2 == side)
            if len(mine) == 0:
                continue
            if complete:
                from tm.align.mining import knn

                others = vectors[ids % 2 != side]
                sims = knn(vectors[mine], others, HUB_K, nprobe=HUB_NPROBE)[0] if len(others) \
                    else np.zeros((len(mine), 0))
            else:
                sims, found = self._search_side(vectors[mine], np.union1d(self.hub_ids, ids), 1 - side, HUB_K)
                sims = np.where(found >= 0, sims, 0.0)
            values[mine] = sims.mean(axis=1) if sims.shape[1] else 0.0
        merged_ids = np.concatenate([self.hub_ids, ids.astype(np.int64)])
        merged = np.concatenate([self.hub, values])
        last = len(merged_ids) - 1 - np.unique(merged_ids[::-1], return_index=True)[1]  # newest wins
        self.hub_ids, self.hub = merged_ids[last], merged[last]

    def _search_side(self, vectors: np.ndarray, ids: np.ndarray, side: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The `k` nearest vectors among `ids` of one `side`: (cosines, ids), fewer columns when
        there are fewer such vectors."""
        import faiss

        pool = np.ascontiguousarray(ids[ids % 2 == side], dtype=np.int64)  # alive while searching
        k = min(k, len(pool))
        if k == 0:
            return np.zeros((len(vectors), 0), dtype=np.float32), np.zeros((len(vectors), 0), dtype=np.int64)
        selector = faiss.IDSelectorBatch(len(pool), faiss.swig_ptr(pool))
        params = faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE) if hasattr(self.index, "nprobe") \
            else faiss.SearchParameters(sel=selector)
        return self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k, params=params)


def rerank(hits: list[tuple[int, int, float]], hub: np.ndarray | None, typical: float,
           k: int) -> list[tuple[int, int, float, float]]:
    """The `k` best of `hits` (pair id, side, cosine, best first) by cosine minus half their
    hubness `hub` above the `typical` one (by cosine alone when `hub` is None), as (pair id,
    side, cosine, adjusted score); ties keep the order of `hits`. Shared by every backend's
    index, so that a TM ranks alike in SQLite+FAISS and in PostgreSQL+pgvector."""
    if not hits:
        return []
    correction = 0.5 * (np.asarray(hub) - typical) if hub is not None else 0.0
    adjusted = np.array([c for _, _, c in hits]) - correction
    order = np.argsort(-adjusted, kind="stable")[:k]
    return [(hits[i][0], hits[i][1], hits[i][2], float(adjusted[i])) for i in order]


def index_paths(store: Store) -> tuple[Path, Path, Path] | None:
    """The index, its description and its hubness, beside the TM file."""
    if str(store.path) == ":memory:":
        return None
    return tuple(store.path.with_name(store.path.name + ext) for ext in (".faiss", ".faiss.json", ".faiss.hub.npz"))


def new_index(dim: int, n: int, sample: np.ndarray | None = None) -> Any:
    """An empty index for about `n` vectors: exact below FLAT_MAX, IVF-SQ8 above (trained)."""
    import faiss

    if n < FLAT_MAX or sample is None:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    nlist = min(2048, max(64, int(2 * math.sqrt(n))))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFScalarQuantizer(
        quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    rng = np.random.default_rng(0)
    take = min(len(sample), 64 * nlist)
    train = sample[rng.choice(len(sample), take, replace=False)] if take < len(sample) else sample
    index.cp.niter = 10
    index.train(np.ascontiguousarray(train, dtype=np.float32))
    index.nprobe = NPROBE
    return index


def build_from_vectors(ids: np.ndarray, vectors: np.ndarray, *, model: str, tm_id: str) -> SemanticIndex:
    """An index over given vectors (ids = pair id * 2 + side); used for rebuilds and benchmarks."""
    index = new_index(vectors.shape[1], len(vectors), vectors)
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
    trained_for = len(ids) if hasattr(index, "nprobe") else 0
    sem = SemanticIndex(index, model, tm_id, int(ids.max() // 2) if len(ids) else 0, 0, trained_for)
    sem.measure_hubness(ids.astype(np.int64), vectors, complete=True)
    return sem


def _load(store: Store, model: str) -> SemanticIndex | None:
    paths = index_paths(store)
    if paths is None or not paths[0].exists() or not paths[1].exists():
        return None
    import faiss

    try:
        meta = json.loads(paths[1].read_text(encoding="utf-8"))
        if meta.get("model") != model or meta.get("tm_id") != store.tm_id():
            return None
        index = faiss.read_index(str(paths[0]))
        with np.load(paths[2]) as hub:
            hub_ids, hub_values = hub["ids"], hub["hubness"]
    except (OSError, ValueError, RuntimeError, KeyError):
        return None  # unreadable, stale or from before hubness: rebuilt from the embedding cache
    if hasattr(index, "nprobe"):
        index.nprobe = NPROBE
    return SemanticIndex(index, model, meta["tm_id"], int(meta["max_pair_id"]),
                         int(meta["change_seq"]), int(meta.get("trained_for", 0)), hub_ids, hub_values)


def _save(store: Store, sem: SemanticIndex) -> None:
    paths = index_paths(store)
    if paths is None:
        return
    import faiss

    index_path, meta_path, hub_path = paths
    tmp = index_path.with_name(f".{index_path.name}.tmp{os.getpid()}")
    tmp_hub = hub_path.with_name(f".{hub_path.name}.tmp{os.getpid()}.npz")
    meta = {"model": sem.model, "tm_id": sem.tm_id, "max_pair_id": sem.max_pair_id,
            "change_seq": sem.change_seq, "trained_for": sem.trained_for, "vectors": sem.size}
    try:
        faiss.write_index(sem.index, str(tmp))
        np.savez(tmp_hub, ids=sem.hub_ids, hubness=sem.hub)
        os.replace(tmp, index_path)
        os.replace(tmp_hub, hub_path)
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    except (OSError, RuntimeError) as exc:
        tmp.unlink(missing_ok=True)
        tmp_hub.unlink(missing_ok=True)
        raise StoreError(
            f"{index_path}: cannot write the search index ({exc}); check the folder is writable"
        ) from exc


def _embed_pairs(store: Store, encoder: Encoder, rows: list[tuple[int, str, str]],
                 progress: bool) -> tuple[np.ndarray, np.ndarray]:
    texts = [t for _, kk, ru in rows for t in (kk, ru)]
    ids = np.array([pid * 2 + side for pid, _, _ in rows for side in (0, 1)], dtype=np.int64)
    vectors = CachedEncoder(encoder, store).encode(texts, kind="query", progress=progress)
    return ids, vectors


def _rebuild(store: Store, encoder: Encoder, tm_id: str, seq: int, progress: bool) -> SemanticIndex:
    rows = store.pair_texts()
    ids, vectors = _embed_pairs(store, encoder, rows, progress)
    sem = build_from_vectors(ids, vectors, model=encoder.name, tm_id=tm_id)
    sem.max_pair_id = int(rows[-1][0]) if rows else 0
    sem.change_seq = seq
    return sem


def semantic_index(store: Store, encoder: Encoder, *, progress: bool = False) -> SemanticIndex:
    """The semantic index of `store` (whichever backend holds it), brought up to date."""
    return store.semantic_index(encoder, progress=progress)


def faiss_index(store: Store, encoder: Encoder, *, progress: bool = False) -> SemanticIndex:
    """The FAISS index beside an SQLite TM, brought up to date with its pairs (and saved when
    it changed)."""
    tm_id = store.tm_id()
    seq = store.change_seq()
    sem = _LOADED.get(store)
    if sem is None or sem.model != encoder.name or sem.tm_id != tm_id:
        sem = _load(store, encoder.name)
    max_id = store.max_pair_id()
    changed = False
    if sem is None:
        sem, changed = _rebuild(store, encoder, tm_id, seq, progress), True
    else:
        if seq > sem.change_seq:
            touched = store.changed_since(sem.change_seq)
            gone = np.array([p * 2 + s for p in touched for s in (0, 1)], dtype=np.int64)
            sem.index.remove_ids(gone)
            readd = [t for t in touched if t <= sem.max_pair_id]
            rows = store.pair_texts(ids=readd)
            if rows:
                _add(sem, *_embed_pairs(store, encoder, rows, progress))
            sem.change_seq, changed = seq, True
        if max_id > sem.max_pair_id:
            rows = store.pair_texts(after=sem.max_pair_id)
            if sem.size + 2 * len(rows) >= FLAT_MAX and (
                    sem.trained_for == 0 or sem.size + 2 * len(rows) > 4 * sem.trained_for):
                sem = _rebuild(store, encoder, tm_id, seq, progress)  # outgrew its index type
            elif rows:
                _add(sem, *_embed_pairs(store, encoder, rows, progress))
            sem.max_pair_id, changed = max_id, True
    if changed:
        _save(store, sem)
    _LOADED[store] = sem
    return sem


def _add(sem: SemanticIndex, ids: np.ndarray, vectors: np.ndarray) -> None:
    """Add pair-side vectors to the index and measure their hubness. The hubness of segments
    already there is not updated: a few new neighbours barely move a mean of `HUB_K`."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    sem.index.add_with_ids(vectors, ids)
    sem.measure_hubness(ids, vectors)
