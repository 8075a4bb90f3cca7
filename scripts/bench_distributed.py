"""Ray against the local engine, and the figures of the scaling model (README "Scaling").

1. Overhead: `tm align` (library call, fresh TM each) on N document pairs made from FLORES
   articles (each document a window of 3-6 consecutive FLORES sentences, kk and its ru
   translation), on the local engine and on a local Ray with every core, in the same run.
2. Stage throughput, sentences/s per core, measured in this process on FLORES: read + clean +
   segment, embed, parallel alignment, and IVF-PQ search.
3. Memory per worker: RSS of a Ray worker after it loaded the encoder and embedded.
4. Index size per 100M sentences (serialised IVF-PQ measured on a sample, per vector) and the
   cluster needed to mine 300M kk+ru sentences in a day.

    python scripts/bench_distributed.py [--pairs 1000] [--skip-overhead]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402


def make_pairs(folder: Path, n: int) -> int:
    """n document pairs `docNNNN.kk.txt` / `docNNNN.ru.txt`; returns the number of sentences a side."""
    rows = data.flores()
    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for d in range(n):
        length = int(rng.integers(3, 7))
        start = int(rng.integers(0, len(rows) - length))
        window = rows[start : start + length]
        (folder / f"doc{d:04d}.kk.txt").write_text("\n".join(k for _, k, _ in window) + "\n", encoding="utf-8")
        (folder / f"doc{d:04d}.ru.txt").write_text("\n".join(r for _, _, r in window) + "\n", encoding="utf-8")
        total += length
    return total


def overhead(folder: Path, work: Path) -> dict[str, float]:
    from tm.distributed import get_engine
    from tm.pipeline import align_paths
    from tm.store import Store

    times = {}
    for name in ("local", "ray"):
        t0 = time.perf_counter()
        with get_engine(name) as engine:
            started = time.perf_counter()
            with Store(work / f"{name}.db") as store:
                report = align_paths(store, [folder], mode="parallel", engine=engine)
            job = time.perf_counter() - started
        times[name] = job
        times[f"{name}_with_start"] = time.perf_counter() - t0
        print(f"  {name:6s}: {report.pairs_new} pairs, job {job:.1f} s, with engine start/stop "
              f"{times[f'{name}_with_start']:.1f} s (load {os.getloadavg()[0]:.1f})", flush=True)
    return times


def stage_rates(folder: Path) -> dict[str, float]:
    """Sentences/s on this process's cores for each stage (divide by cores for per core)."""
    from tm.align import align_parallel
    from tm.encoders import get_encoder
    from tm.ingest import collect_files
    from tm.pipeline import load_document

    from tm.distributed.engine import LocalEngine
    from tm.pipeline import _load_job

    files = collect_files([folder])[:200]
    t = time.perf_counter()
    docs = [load_document(p) for p in files]
    sents = sum(len(d.segments) for d in docs)
    rates = {"read+clean+segment": sents / (time.perf_counter() - t)}
    for n in (8, 200):  # the local engine's process pool against one process, in the same run
        jobs = [(p, None, False, False) for p in files[:n]]
        t = time.perf_counter()
        LocalEngine(workers=1).map(_load_job, jobs)
        one = time.perf_counter() - t
        t = time.perf_counter()
        LocalEngine().map(_load_job, jobs)
        print(f"  local engine, {n} documents: process pool {one / (time.perf_counter() - t):.2f}x "
              f"the speed of one process ({one:.1f} s)", flush=True)
    encoder = get_encoder()
    texts = [s.text for d in docs for s in d.segments][:600]
    t = time.perf_counter()
    vecs = encoder.encode(texts)
    rates["embed"] = len(texts) / (time.perf_counter() - t)
    by_name = {d.path.name: d for d in docs}
    pairs = [(by_name[p.name], by_name[p.name.replace(".kk.", ".ru.")]) for p in files
             if ".kk." in p.name and p.name.replace(".kk.", ".ru.") in by_name][:60]
    emb = {id(d): encoder.encode([s.text for s in d.segments]) for pair in pairs for d in pair}
    t = time.perf_counter()
    n = 0
    for k, r in pairs:
        align_parallel([s.text for s in k.segments], [s.text for s in r.segments], None,
                       kk_emb=emb[id(k)], ru_emb=emb[id(r)])
        n += len(k.segments)
    rates["align (parallel, embedded)"] = n / (time.perf_counter() - t)
    del vecs
    return rates


def search_model(work: Path) -> dict[str, float]:
    """IVF-PQ codes scanned per second and bytes per vector, on synthetic e5-like vectors
    (FLORES vectors plus noise: the same anisotropy, many more of them)."""
    import faiss

    from tm.distributed.search import NPROBE, RERANK, index_factory

    encoder_vectors = data.cached_encoder().encode([k for _, k, _ in data.flores()][:1000])
    rng = np.random.default_rng(0)
    n = 200_000
    base = encoder_vectors[rng.integers(0, len(encoder_vectors), n)] + rng.normal(0, 0.02, (n, 384)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    factory = index_factory(n, 384)
    index = faiss.index_factory(384, factory, faiss.METRIC_INNER_PRODUCT)
    index.train(base[:40_000])
    index.add(base)
    ivf = faiss.extract_index_ivf(index)
    ivf.nprobe = NPROBE
    queries = base[:2000]
    t = time.perf_counter()
    index.search(queries, RERANK * 16)
    secs = time.perf_counter() - t
    scanned = len(queries) * NPROBE * n / ivf.nlist
    size = len(faiss.serialize_index(index))
    return {"codes_per_s": scanned / secs, "bytes_per_vector": (size - ivf.nlist * 384 * 4) / n,
            "factory": factory, "queries_per_s": len(queries) / secs}


def worker_memory() -> float:
    """RSS (MiB) of a Ray worker after loading the encoder and embedding 256 sentences."""
    import ray

    from tm.distributed.ray_engine import RayEngine, worker_encoder

    def rss(texts: list[str]) -> float:
        import psutil

        worker_encoder(None).encode(texts)
        return psutil.Process().memory_info().rss / 2**20

    with RayEngine():
        return float(ray.get(ray.remote(rss).remote([k for _, k, _ in data.flores()][:256])))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--skip-overhead", action="store_true")
    args = ap.parse_args()
    data.require(data.FLORES)
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    try:
        folder = work / "pairs"
        sentences = make_pairs(folder, args.pairs)
        print(f"{args.pairs} document pairs, {sentences} sentences a side, {cores} cores, "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        if not args.skip_overhead:
            t = overhead(folder, work)
            print(f"Ray overhead: job {t['ray'] / t['local'] - 1:+.1%}, "
                  f"with engine start/stop {t['ray_with_start'] / t['local_with_start'] - 1:+.1%}", flush=True)
        rates = stage_rates(folder)
        for stage, rate in rates.items():
            print(f"  {stage:28s} {rate:8.1f} sentences/s on {cores} cores = {rate / cores:7.1f} per core")
        s = search_model(work)
        print(f"  IVF-PQ {s['factory']} on 200k: {s['queries_per_s']:.0f} queries/s, "
              f"{s['codes_per_s'] / cores / 1e6:.1f} M codes/s per core, {s['bytes_per_vector']:.1f} bytes/vector")
        mem = worker_memory()
        print(f"  Ray worker RSS after loading the encoder and embedding: {mem:.0f} MiB")
        _scaling(rates, s, mem, cores)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _scaling(rates: dict[str, float], s: dict, mem: float, cores: int) -> None:
    """The cluster for 300M kk+ru sentences (150M a language) in a day, from the rates above."""
    from tm.distributed.search import NPROBE, index_factory

    total, per_lang, day = 300e6, 150e6, 86_400
    nlist = int(index_factory(int(per_lang), 384).split("IVF")[1].split(",")[0])
    core_s = {
        "read+clean+segment": total / (rates["read+clean+segment"] / cores),
        "embed": total / (rates["embed"] / cores),
        # both directions: every sentence queries the other language's index
        "search": total * NPROBE * per_lang / nlist / (s["codes_per_s"] / cores),
    }
    print("\nScaling model (300M kk+ru sentences, 150M a language):")
    for stage, secs in core_s.items():
        print(f"  {stage:20s} {secs / 3600:10.0f} core-hours")
    cores_needed = sum(core_s.values()) / day
    index_gb = per_lang * s["bytes_per_vector"] / 1e9
    print(f"  total {sum(core_s.values()) / 3600:.0f} core-hours -> {cores_needed:.0f} cores for one day "
          f"({np.ceil(cores_needed / 32):.0f} nodes of 32 cores)")
    print(f"  index per 100M sentences: {100e6 * s['bytes_per_vector'] / 1e9:.1f} GB "
          f"(one language of 150M: {index_gb:.1f} GB); fp16 vectors 76.8 GB per 100M")
    print(f"  memory per worker: {mem:.0f} MiB (+ one index shard while searching)")


if __name__ == "__main__":
    main()
