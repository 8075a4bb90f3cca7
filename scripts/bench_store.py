"""SQLite and PostgreSQL side by side: build, search latency alone and under 8 concurrent
clients, 4 concurrent writers, and whether both backends give the same answers.

The TM is `bench_search.py`'s: the FLORES devtest + Tatoeba kk-ru pairs and reproducible
variants up to --pairs, with synthetic vectors (a variant's vector is its base texts' real
vectors plus noise) because embedding 100k+ texts with the real model on 2 cores takes hours.
Queries embed with the real bundled model, so semantic latency includes the query embedding.
PostgreSQL is a throwaway embedded server (initdb + start timed) unless --pg URL is given.

Reported, per backend: insert and index build times; fuzzy and semantic p50/p95 for one
client; throughput and p50/p95 for --clients processes searching at once; --writers processes
importing --writer-pairs new pairs each at once (import rate, every pair stored once); the
share of queries whose fuzzy hits (ids and scores, in order) are identical in both backends,
and the agreement of semantic top hits. Timings are noisy on a shared machine: the load
average is printed beside them.

    python scripts/bench_store.py --pairs 100000
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import FLORES, TATOEBA, percentiles, read_pairs, variants  # noqa: E402


def synthetic_vectors(sources: list[tuple[int, ...]], base_vecs: np.ndarray, n_base: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    out = np.empty((2 * len(sources), base_vecs.shape[2]), dtype=np.float32)
    for row, src in enumerate(sources):
        for side in (0, 1):
            v = base_vecs[list(src), side].sum(axis=0)
            if len(src) > 1 or row >= n_base:
                v = v / np.linalg.norm(v) + rng.normal(0, 0.02, v.shape).astype(np.float32)
            out[2 * row + side] = v / np.linalg.norm(v)
    return out


def word_keys(records: list) -> dict[tuple[str, str], str]:
    """Every text's word keys, made once for both backends (stemming is the slow part)."""
    from tm.search.text import key_string

    t0 = time.perf_counter()
    keys = {(text, lang): key_string(text, lang) for r in records for text, lang in ((r.kk, "kk"), (r.ru, "ru"))}
    print(f"word keys of {len(records)} pairs made (tm.morph, shared by both backends): {time.perf_counter() - t0:.1f} s")
    return keys


def build(target: str, records: list, keys: dict, vectors: np.ndarray, model: str) -> None:
    """Insert the pairs, write their keys, and index the given vectors; print the times."""
    from tm.morph.fingerprint import keyer_fingerprint
    from tm.store import Store

    with Store(target) as store:
        t0 = time.perf_counter()
        for i in range(0, len(records), 20_000):
            store.add_pairs(records[i:i + 20_000])
        t_insert = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.requeue_keys("keys_made_by", keyer_fingerprint())
        store.update_keys(lambda text, lang: keys[text, lang])
        store.optimize_keys()
        t_keys = time.perf_counter() - t0
        ids = np.array([pid for pid, _, _ in store.pair_texts()], dtype=np.int64)
        vec_ids = np.stack([ids * 2, ids * 2 + 1], axis=1).reshape(-1)
        t0 = time.perf_counter()
        if store.dialect == "sqlite":
            from tm.search.semantic import _save, build_from_vectors

            sem = build_from_vectors(vec_ids, vectors, model=model, tm_id=store.tm_id())
            sem.max_pair_id, sem.change_seq = int(ids.max()), store.change_seq()
            _save(store, sem)
            what = f"FAISS {type(sem.index).__name__}"
        else:
            from tm.encoders import get_encoder
            from tm.search.semantic import HUB_K
            from tm.store.pgvector import PgVectorIndex

            index = PgVectorIndex(store, model, vectors.shape[1])
            all_ids, all_vecs, hub = index._all_hubness(vec_ids, vectors, HUB_K)
            t1 = time.perf_counter()
            index.write(all_ids, all_vecs, hub)
            t_write = time.perf_counter() - t1
            t1 = time.perf_counter()
            index.ensure_indexes()
            t_hnsw = time.perf_counter() - t1
            with store.transaction() as db:
                db.execute("DELETE FROM pair_vectors_pending")
                store.set_state(db, "vectors_model", model)
            store.execute("ANALYZE")
            assert get_encoder().name == model
            what = f"pgvector (vectors written {t_write:.1f} s, HNSW build {t_hnsw:.1f} s)"
        t_vec = time.perf_counter() - t0
    print(f"  {len(records)} pairs inserted {t_insert:.1f} s; key index written {t_keys:.1f} s; "
          f"{what} incl. hubness: {t_vec:.1f} s")


def make_queries(target: str, n: int) -> list[tuple[str, int]]:
    from tm.store import Store

    rng = random.Random(11)
    with Store(target) as store:
        top = store.max_pair_id()
        rows = {pid: (kk, ru) for pid, kk, ru in store.pair_texts(ids=[rng.randrange(1, top + 1) for _ in range(n)])}
    queries = []
    for i, (pid, (kk, ru)) in enumerate(sorted(rows.items())):
        words = (kk if i % 2 else ru).split()
        if i % 4 and len(words) > 3:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
        queries.append((" ".join(words), pid))
    return queries


def _client(target: str, kinds: tuple[str, ...], queries: list, start, out) -> None:  # noqa: ANN001
    from tm.encoders import get_encoder
    from tm.search import search
    from tm.store import Store

    encoder = get_encoder()
    with Store(target) as store:
        search(store, queries[0][0], kinds=kinds, encoder=encoder)  # loads indexes
        start.wait()
        times = []
        for query, _ in queries:
            t0 = time.perf_counter()
            search(store, query, kinds=kinds, encoder=encoder, limit=10)
            times.append(time.perf_counter() - t0)
    out.put(times)


def clients(target: str, kinds: tuple[str, ...], queries: list, n: int) -> tuple[list[float], float]:
    """`n` processes each running all `queries` at once; (latencies, queries per second)."""
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(n + 1), ctx.Queue()
    procs = [ctx.Process(target=_client, args=(target, kinds, queries[i::n] or queries, start, out))
             for i in range(n)]
    for p in procs:
        p.start()
    start.wait()
    t0 = time.perf_counter()
    times = [t for _ in procs for t in out.get()]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    return times, len(times) / wall


def _writer(target: str, records: list, start, out) -> None:  # noqa: ANN001
    from tm.search.index import ensure_keys
    from tm.store import Store

    with Store(target) as store:
        start.wait()
        t0 = time.perf_counter()
        added = 0
        for i in range(0, len(records), 2000):
            added += store.add_pairs(records[i:i + 2000])
        ensure_keys(store, progress=False)
    out.put((added, time.perf_counter() - t0))


def writers(target: str, batches: list[list]) -> str:
    from tm.store import Store

    with Store(target) as store:
        before = store.count("pairs")
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(len(batches) + 1), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(target, b, start, out)) for b in batches]
    for p in procs:
        p.start()
    start.wait()
    t0 = time.perf_counter()
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    results = []
    while not out.empty():
        results.append(out.get())
    failed = sum(p.exitcode != 0 for p in procs)
    with Store(target) as store:
        after = store.count("pairs")
        dupes = store.scalar("SELECT count(*) FROM (SELECT kk, ru FROM pairs GROUP BY kk, ru HAVING count(*) > 1) d")
    want = sum(len(b) for b in batches)
    return (f"{len(batches)} writers x {len(batches[0])} pairs: {after - before}/{want} stored, "
            f"{dupes} duplicated, {failed} writers failed; {want / wall:.0f} pairs/s overall incl. keys "
            f"({wall:.1f} s; per writer {', '.join(f'{a} in {t:.0f} s' for a, t in results)})")


def same_answers(sqlite_db: str, pg_url: str, queries: list) -> str:
    from tm.encoders import get_encoder
    from tm.search import search
    from tm.store import Store

    encoder = get_encoder()
    same_fuzzy = same_top = overlap = 0
    with Store(sqlite_db) as lite, Store(pg_url) as pg:
        for query, _ in queries:
            a, b = (search(s, query, kinds=("fuzzy", "concordance")) for s in (lite, pg))
            same_fuzzy += [(h.pair_id, h.score, h.kind) for h in a] == [(h.pair_id, h.score, h.kind) for h in b]
            a, b = (search(s, query, kinds=("semantic",), encoder=encoder) for s in (lite, pg))
            same_top += bool(a and b and a[0].pair_id == b[0].pair_id)
            overlap += len({h.pair_id for h in a} & {h.pair_id for h in b}) / max(1, len(a))
    n = len(queries)
    return (f"fuzzy+concordance hits identical (ids, scores, order) for {same_fuzzy}/{n}; semantic: same "
            f"top hit {same_top}/{n}, top-10 overlap {overlap / n:.3f}")


def search_figures(args: argparse.Namespace, records: list, tm_pairs: list, base_vecs: np.ndarray,
                   n_base: int, model: str, sqlite_db: str, pg_url: str) -> None:
    vectors = synthetic_vectors([src for *_, src in tm_pairs], base_vecs, n_base)
    keys = word_keys(records)
    for name, target in (("SQLite", sqlite_db), ("PostgreSQL", pg_url)):
        print(f"{name}: build")
        build(target, records, keys, vectors, model)
    del keys, vectors
    queries = make_queries(sqlite_db, args.queries)
    print(f"{len(queries)} queries; load average {os.getloadavg()[0]:.1f}")
    for name, target in (("SQLite", sqlite_db), ("PostgreSQL", pg_url)):
        for kind in ("fuzzy", "semantic"):
            for n in (1, args.clients):
                times, qps = clients(target, (kind,), queries, n)
                print(f"{name} {kind:8s} {n} client{'s' if n > 1 else ' '}: {percentiles(times)}, "
                      f"{qps:.1f} queries/s; load average {os.getloadavg()[0]:.1f}")
    print("same answers: " + same_answers(sqlite_db, pg_url, queries[:100]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--writer-pairs", type=int, default=10_000)
    parser.add_argument("--writers-only", action="store_true", help="only the concurrent writers, on empty TMs")
    parser.add_argument("--pg", help="a postgresql:// URL of an empty database (default: an embedded server)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tm_bench_vectors.db")
    args = parser.parse_args()
    if not TATOEBA.exists() or not FLORES.exists():
        print(f"skipped: FLORES or Tatoeba not found under {TATOEBA.parent.parent}")
        return 0
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print("skipped: psycopg not installed (pip install 'tm[postgres]')")
        return 0
    from tm.encoders import CachedEncoder, get_encoder
    from tm.store import Store
    from tm.store.records import PairRecord

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
    server = None
    pg_url = args.pg
    if pg_url is None:
        from tm.store.embedded import start_server

        t0 = time.perf_counter()
        server = start_server()
        print(f"embedded PostgreSQL: initdb + start {time.perf_counter() - t0:.2f} s")
        pg_url = server.create_database("bench")
    tmp = tempfile.TemporaryDirectory()
    sqlite_db = str(Path(tmp.name) / "bench.db")
    try:
        base = read_pairs()
        encoder = get_encoder()
        with Store(args.cache) as cache:
            base_vecs = CachedEncoder(encoder, cache).encode([t for p in base for t in p], kind="query")
        base_vecs = base_vecs.reshape(len(base), 2, -1)
        made = list(variants(base, args.pairs + args.writers * args.writer_pairs))
        tm_pairs, extra = made[:args.pairs], made[args.pairs:]
        if args.writers_only:
            tm_pairs, extra = [], made[-args.writers * args.writer_pairs:]
        records = [PairRecord(kk, ru, 1.0, "import") for kk, ru, _ in tm_pairs]
        if not args.writers_only:
            search_figures(args, records, tm_pairs, base_vecs, len(base), encoder.name, sqlite_db, pg_url)
        batches = [[PairRecord(kk, ru, 1.0, "import") for kk, ru, _ in extra[w::args.writers]]
                   for w in range(args.writers)]
        for name, target in (("SQLite", sqlite_db), ("PostgreSQL", pg_url)):
            print(f"{name} writers: {writers(target, batches)}")
    finally:
        if server is not None:
            server.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
