"""Nearest neighbours over sharded vectors, as CCMatrix and stopes mine: every query shard is
searched against every index shard, the top-k merged per query, the candidates re-scored
exactly from the stored vectors.

Index per language: exact (a flat inner-product index over each vector shard) up to
`EXACT_MAX` vectors; above, IVF-PQ (OPQ-rotated from `OPQ_MIN`), trained once on a sample of
the language and populated shard by shard in parallel. An approximate index only proposes
candidates: `RERANK` x k per shard are re-scored exactly, so the sims returned are true cosines
and the margin's neighbourhood means are computed from them.

`ShardedSearch` is the `search` of `tm.align.mining.score_candidates`: mining runs unchanged,
over the whole corpus, with neighbours found across all shards (the margin of a sentence
depends on its neighbours in the whole other language, so shards are never mined apart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from tm.distributed.engine import Engine
from tm.distributed.shards import ShardSet, save_array, write_atomic

IndexKind = Literal["auto", "exact", "ivfpq"]
EXACT_MAX = 200_000  # vectors of one language searched exactly (flat) below this
OPQ_MIN = 5_000_000  # an OPQ rotation before PQ from this many vectors (stopes: the largest)
RERANK = 8  # candidates per shard re-scored exactly, per neighbour asked for (4: recall@16 0.76, 8: 0.85 on 1.5k FLORES)
NPROBE = 16
TRAIN_PER_LIST = 64  # training vectors per IVF list (FAISS warns below 39)
MAX_TRAIN = 1_000_000


def index_factory(n: int, dim: int) -> str:
    """The FAISS factory string of the IVF-PQ index for `n` vectors of `dim` dimensions.

    IVF lists: about 4 sqrt(n) (65536 at 270M, stopes' setting at that scale), at least 39
    training vectors each; PQ: one byte per 8 dimensions (48 bytes for e5-small's 384), with
    fewer than 8 bits per code when the corpus is too small to train 256 centroids."""
    nlist = max(1, min(int(4 * math.sqrt(n)), n // 39, 65536))
    m = next(d for d in range(max(1, dim // 8), 0, -1) if dim % d == 0)
    nbits = max(1, min(8, int(math.log2(max(2, n // 39)))))
    opq = f"OPQ{m}," if n >= OPQ_MIN else ""
    return f"{opq}IVF{nlist},PQ{m}x{nbits}np"  # np: no polysemous training (slow, unused here)


def resolve_kind(kind: IndexKind, n: int) -> Literal["exact", "ivfpq"]:
    if kind == "auto":
        return "exact" if n <= EXACT_MAX else "ivfpq"
    return kind


@dataclass(frozen=True)
class _Populate:
    trained: bytes
    base: ShardSet
    shard: int
    out: Path


def _populate(job: _Populate) -> Path:
    """Add one vector shard to a copy of the trained index and write it (an index shard)."""
    import faiss

    if not job.out.exists():
        index = faiss.deserialize_index(np.frombuffer(job.trained, dtype=np.uint8))
        index.add(job.base.shard(job.shard))
        write_atomic(job.out, faiss.serialize_index(index).tobytes())
    return job.out


@dataclass(frozen=True)
class _Search:
    queries: ShardSet
    shard: int
    base: ShardSet
    index: list[Path] | None  # None: exact
    k: int
    nprobe: int
    out: Path


def _search(job: _Search) -> Path:
    """Top-k of one query shard against every base shard, merged, with exact cosines."""
    import faiss

    if job.out.exists():
        return job.out
    q = job.queries.shard(job.shard)
    best_s = np.full((len(q), 0), -np.inf, dtype=np.float32)
    best_i = np.full((len(q), 0), -1, dtype=np.int64)
    for b in range(len(job.base.paths)):
        vecs = job.base.shard(b)
        if len(vecs) == 0:
            continue
        if job.index is None:
            index = faiss.IndexFlatIP(vecs.shape[1])
            index.add(vecs)
            s, i = index.search(q, min(job.k, len(vecs)))
        else:
            s, i = _rescored(job.index[b], q, vecs, min(RERANK * job.k, len(vecs)), job.nprobe)
        s, i = _top(s.astype(np.float32), np.where(i >= 0, i + job.base.offsets[b], -1), job.k)
        best_s, best_i = _top(np.hstack([best_s, s]), np.hstack([best_i, i]), job.k)
    import io

    buf = io.BytesIO()
    np.savez(buf, sims=best_s, ids=best_i)
    write_atomic(job.out, buf.getvalue())
    return job.out


def _rescored(path: Path, q: np.ndarray, vecs: np.ndarray, depth: int, nprobe: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidates from the approximate index at `path`, scored exactly against `vecs`."""
    import faiss

    index = faiss.read_index(str(path))
    faiss.extract_index_ivf(index).nprobe = nprobe
    _, ids = index.search(q, depth)
    sims = np.empty(ids.shape, dtype=np.float32)
    for lo in range(0, len(q), 1024):  # bounded memory: 1024 x depth x dim floats at a time
        block = ids[lo : lo + 1024]
        sims[lo : lo + 1024] = np.einsum("qd,qkd->qk", q[lo : lo + 1024], vecs[np.maximum(block, 0)])
    sims[ids < 0] = -np.inf
    return sims, ids


def _top(s: np.ndarray, i: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(s, order, 1), np.take_along_axis(i, order, 1)


class ShardedSearch:
    """`search(queries, base, k) -> (sims, ids)` over `ShardSet`s, its tasks run by `engine`,
    its indexes and results kept under `work` (a restarted job reuses what is there)."""

    def __init__(self, engine: Engine, work: Path, kind: IndexKind = "auto", *, nprobe: int = NPROBE,
                 progress: bool = False) -> None:
        self.engine = engine
        self.work = Path(work)
        self.kind = kind
        self.nprobe = nprobe
        self.progress = progress
        self.used: dict[str, str] = {}  # language -> index used (for the job's summary)

    def __call__(self, queries: ShardSet, base: ShardSet, k: int) -> tuple[np.ndarray, np.ndarray]:
        index = self.index(base)
        tag = "exact" if index is None else f"ivfpq-p{self.nprobe}"
        jobs = [
            _Search(queries, q, base, index, k, self.nprobe,
                    self.work / "knn" / f"{queries.lang}-{base.lang}-{tag}-k{k}-{q:05d}.npz")
            for q in range(len(queries.paths))
        ]
        self.engine.map(_search, [j for j in jobs if not j.out.exists()],
                        label=f"searching {queries.lang}->{base.lang}", progress=self.progress, cpu_bound=False)
        sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        for job in jobs:
            with np.load(job.out) as found:
                lo, hi = queries.offsets[job.shard], queries.offsets[job.shard + 1]
                width = found["sims"].shape[1]
                sims[lo:hi, :width], ids[lo:hi, :width] = found["sims"], found["ids"]
        return sims, ids

    def index(self, base: ShardSet) -> list[Path] | None:
        """The index shards of `base`'s language (None: searched exactly), built if missing."""
        kind = resolve_kind(self.kind, len(base))
        if kind == "exact":
            self.used[base.lang] = "exact (flat inner product per shard)"
            return None
        import faiss

        factory = index_factory(len(base), base.dim)
        self.used[base.lang] = f"{factory}, nprobe {self.nprobe}, {RERANK}k re-scored exactly"
        folder = self.work / "index" / base.lang / factory.replace(",", "_")
        paths = [folder / f"shard-{b:05d}.faiss" for b in range(len(base.paths))]
        if all(p.exists() for p in paths):
            return paths
        trained_path = folder / "trained.faiss"
        if trained_path.exists():
            trained = trained_path.read_bytes()
        else:
            index = faiss.index_factory(base.dim, factory, faiss.METRIC_INNER_PRODUCT)
            nlist = faiss.extract_index_ivf(index).nlist
            index.train(base.sample(min(MAX_TRAIN, max(TRAIN_PER_LIST * nlist, 256 * 39))))
            trained = faiss.serialize_index(index).tobytes()
            write_atomic(trained_path, trained)
        self.engine.map(_populate, [_Populate(trained, base, b, p) for b, p in enumerate(paths) if not p.exists()],
                        label=f"indexing {base.lang}", progress=self.progress, cpu_bound=False)
        return paths


def exact_knn(queries: np.ndarray, base: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force top-k inner products (the reference the sharded search is tested against)."""
    sims = queries.astype(np.float32) @ base.astype(np.float32).T
    k = min(k, base.shape[0])
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    return _top(np.take_along_axis(sims, part, 1), part.astype(np.int64), k)


def save_shards(folder: Path, lang: str, vectors: np.ndarray, shards: int) -> ShardSet:
    """Split `vectors` into `shards` fp16 files under `folder` (tests and benchmarks)."""
    bounds = np.linspace(0, len(vectors), shards + 1).astype(int)
    paths = []
    for s in range(shards):
        path = Path(folder) / f"{lang}-{s:05d}.npy"
        save_array(path, vectors[bounds[s] : bounds[s + 1]].astype(np.float16))
        paths.append(path)
    return ShardSet(lang, paths)
