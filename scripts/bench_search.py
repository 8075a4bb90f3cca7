"""Speed and memory of `tm search` on a large TM built from FLORES + Tatoeba and variants.

The TM: the 2,410 FLORES devtest and Tatoeba kk-ru pairs, then reproducible variants up to
--pairs (seed 7): two pairs joined into one (kk with kk, ru with ru), or a pair with one or two
words on each side replaced by other words of the same language. Reported:

- index build: keying all pairs for FTS5 (fuzzy candidates and concordance) and the FAISS
  index; the pairs themselves are inserted first (timed apart);
- p50/p95 latency of fuzzy search (`kinds=("fuzzy",)`) and of semantic search including the
  query's embedding with the real bundled model (`kinds=("semantic",)`), over queries that are
  TM sentences with two words swapped (and the exact TM sentence for 1 in 4 queries);
- peak and current RSS.

Vectors: the base texts are embedded with the real model (cached in --cache); the vector of a
variant is the (sum of the) vector(s) of its base text(s) plus Gaussian noise (sigma 0.02 per
dimension, cosine ~0.94 to the base), re-normalised, because embedding 100k-1M texts with the
real model on 2 cores takes hours. Fuzzy search and concordance run on the real variant texts.

    python scripts/bench_search.py --pairs 100000
    python scripts/bench_search.py --pairs 1000000 --queries 100
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
TATOEBA = DATA / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"
FLORES = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"


def read_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in (FLORES, TATOEBA):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 2 and cols[-2].strip() and cols[-1].strip():
                pairs.append((cols[-2].strip(), cols[-1].strip()))
    return list(dict.fromkeys(pairs))


def variants(base: list[tuple[str, str]], n: int, seed: int = 7):
    """Yield (kk, ru, (base indices)) until `n` distinct pairs in all, bases first."""
    rng = random.Random(seed)
    vocab = [sorted({w for text in side for w in text.split() if w.isalpha() and len(w) > 3})
             for side in zip(*base)]
    seen = set(base)
    for i, (kk, ru) in enumerate(base):
        yield kk, ru, (i,)
    made = len(base)
    while made < n:
        if rng.random() < 0.5:
            a, b = rng.randrange(len(base)), rng.randrange(len(base))
            pair, src = (f"{base[a][0]} {base[b][0]}", f"{base[a][1]} {base[b][1]}"), (a, b)
        else:
            a = rng.randrange(len(base))
            sides = []
            for side, words in zip(base[a], vocab):
                toks = side.split()
                for _ in range(rng.choice((1, 2))):
                    toks[rng.randrange(len(toks))] = rng.choice(words)
                sides.append(" ".join(toks))
            pair, src = (sides[0], sides[1]), (a,)
        if pair not in seen:
            seen.add(pair)
            made += 1
            yield pair[0], pair[1], src


def rss_mib() -> tuple[float, float]:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    return peak, current


def percentiles(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return f"p50 {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms (n={len(ms)})"


def build_tm(db: Path, base, base_vecs: np.ndarray, pairs: int, model: str) -> tuple[int, np.ndarray]:
    """Write the benchmark TM (pairs, FTS5 keys, FAISS index) to `db`; print build figures."""
    from tm.search.index import ensure_keys
    from tm.search.semantic import _save, build_from_vectors
    from tm.store import Store
    from tm.store.pairs import add_pairs
    from tm.store.records import PairRecord

    rng = np.random.default_rng(7)
    store = Store(db)
    t0 = time.perf_counter()
    sources = []
    chunk: list[PairRecord] = []
    for kk, ru, src in variants(base, pairs):
        chunk.append(PairRecord(kk, ru, 1.0, "import"))
        sources.append(src)
        if len(chunk) == 50_000:
            add_pairs(store, chunk)
            chunk = []
    add_pairs(store, chunk)
    n = store.count("pairs")
    print(f"TM: {n} pairs inserted in {time.perf_counter() - t0:.1f} s ({db.stat().st_size / 2**20:.0f} MiB before keys)")

    t0 = time.perf_counter()
    ensure_keys(store)
    t_keys = time.perf_counter() - t0
    print(f"index build, word keys in FTS5 (fuzzy + concordance): {t_keys:.1f} s")

    ids = np.array([r[0] for r in store.db.execute("SELECT id FROM pairs ORDER BY id")], dtype=np.int64)
    vectors = np.empty((2 * n, base_vecs.shape[2]), dtype=np.float32)
    for row, src in enumerate(sources):
        for side in (0, 1):
            v = base_vecs[list(src), side].sum(axis=0)
            if len(src) > 1 or row >= len(base):
                v = v / np.linalg.norm(v) + rng.normal(0, 0.02, v.shape).astype(np.float32)
            vectors[2 * row + side] = v / np.linalg.norm(v)
    vec_ids = np.stack([ids * 2, ids * 2 + 1], axis=1).reshape(-1)
    t0 = time.perf_counter()
    sem = build_from_vectors(vec_ids, vectors, model=model, tm_id=store.tm_id())
    sem.max_pair_id = int(ids.max())
    sem.change_seq = int(store.db.execute("SELECT coalesce(max(seq), 0) FROM pair_changes").fetchone()[0])
    _save(store, sem)
    t_faiss = time.perf_counter() - t0
    del vectors
    kind = type(sem.index).__name__
    print(f"index build, FAISS {kind} over {sem.size} vectors (vectors given): {t_faiss:.1f} s")
    print(f"TM file {db.stat().st_size / 2**20:.0f} MiB, FAISS file "
          f"{db.with_name(db.name + '.faiss').stat().st_size / 2**20:.0f} MiB")
    store.close()
    return n, ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tm_bench_vectors.db",
                        help="TM file used only as the embedding cache of the base texts")
    parser.add_argument("--work", type=Path, help="folder for the TM (default: a temporary one)")
    parser.add_argument("--tm", type=Path, help="keep the benchmark TM at this path, and reuse it when it exists")
    args = parser.parse_args()
    if not TATOEBA.exists() or not FLORES.exists():
        print(f"skipped: FLORES or Tatoeba not found under {DATA}")
        return 0
    from tm.encoders import CachedEncoder, get_encoder
    from tm.search import search
    from tm.store import Store

    base = read_pairs()
    encoder = get_encoder()
    t0 = time.perf_counter()
    with Store(args.cache) as cache:
        texts = [t for pair in base for t in pair]
        base_vecs = CachedEncoder(encoder, cache.db).encode(texts, kind="query", progress=True)
    base_vecs = base_vecs.reshape(len(base), 2, -1)
    print(f"base: {len(base)} real pairs, embedded/read from cache in {time.perf_counter() - t0:.1f} s")

    tmp = tempfile.TemporaryDirectory(dir=args.work)
    db = args.tm or Path(tmp.name) / "bench.db"
    if args.tm and args.tm.exists():
        store = Store(db)
        n = store.count("pairs")
        print(f"TM: reusing {db} ({n} pairs; built by an earlier run with --tm)")
        ids = np.array([r[0] for r in store.db.execute("SELECT id FROM pairs ORDER BY id")], dtype=np.int64)
        from tm.search.index import ensure_keys

        t0 = time.perf_counter()
        if keyed := ensure_keys(store):
            print(f"word keys redone for {keyed} pairs (made by another version of the keyer): "
                  f"{time.perf_counter() - t0:.1f} s")
        store.close()
    else:
        n, ids = build_tm(db, base, base_vecs, args.pairs, encoder.name)

    qrng = random.Random(11)
    picks = [qrng.randrange(n) for _ in range(args.queries)]
    store = Store(db)
    rows = {r[0]: (r[1], r[2]) for r in store.db.execute(
        "SELECT id, kk, ru FROM pairs WHERE id IN (SELECT value FROM json_each(?))",
        (str([int(ids[p]) for p in picks]),))}
    queries = []
    for i, p in enumerate(picks):
        kk, ru = rows[int(ids[p])]
        text = kk if i % 2 else ru
        words = text.split()
        if i % 4 and len(words) > 3:
            j = qrng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
        queries.append((" ".join(words), int(ids[p])))

    t0 = time.perf_counter()
    search(store, queries[0][0], kinds=("semantic",), encoder=encoder)  # loads the index file
    print(f"first semantic query (loads the FAISS file): {time.perf_counter() - t0:.2f} s")
    for name, kinds in (("fuzzy", ("fuzzy",)), ("semantic (incl. query embedding)", ("semantic",))):
        times, cpu, found = [], [], 0
        for query, pid in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            hits = search(store, query, kinds=kinds, encoder=encoder, limit=10)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            found += any(h.pair_id == pid for h in hits)
        print(f"{name}: wall {percentiles(times)}; CPU time {percentiles(cpu)}; "
              f"source pair in the top 10 for {found}/{len(queries)}")
    times = []
    for query, _ in queries[:50]:
        t0 = time.perf_counter()
        encoder.encode([query], kind="query")
        times.append(time.perf_counter() - t0)
    print(f"query embedding alone: wall {percentiles(times)}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs (other work on the machine inflates wall times)")
    peak, current = rss_mib()
    print(f"RSS: peak {peak:.0f} MiB (includes building the vectors), now {current:.0f} MiB")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
