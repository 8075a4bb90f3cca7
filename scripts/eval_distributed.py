"""Sharded mining against local mining on eval_mine's sets (500 FLORES pairs hidden among
FLORES and Tatoeba sentences without their translations; scripts/eval_mine.py).

For each set: local mining (query view, fp16-rounded vectors, as `tm corpus mine` stores them),
sharded exact search over S shards (beads must be identical), and IVF-PQ over S shards
(recall@16 and recall@4 of its neighbours against exact search, and mining P/R/F1). Seed 7 is
the dev set the IVF-PQ settings were chosen on; 8 and 9 are held out.

    python scripts/eval_distributed.py [--seeds 7 8 9] [--shards 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402
from eval_mine import build, prf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 8, 9])
    ap.add_argument("--shards", type=int, default=3)
    args = ap.parse_args()
    data.require(data.FLORES, data.TATOEBA)
    from tm.align.mining import KIND, mine
    from tm.distributed.engine import LocalEngine
    from tm.distributed.search import ShardedSearch, exact_knn, save_shards

    encoder = data.cached_encoder()
    print(f"{'seed':<10}{'method':<34}{'pairs':>6}{'P':>7}{'R':>7}{'F1':>7}{'rec@16':>8}{'rec@4':>7}")
    for seed in args.seeds:
        kk, ru, gold = build(seed)
        role = "dev" if seed == 7 else "held-out"
        with tempfile.TemporaryDirectory() as tmp:
            kk_set = save_shards(Path(tmp), "kk", data.embed(encoder, kk, KIND), args.shards)
            ru_set = save_shards(Path(tmp), "ru", data.embed(encoder, ru, KIND), args.shards)
            kk16, ru16 = kk_set[np.arange(len(kk))], ru_set[np.arange(len(ru))]
            _, truth = exact_knn(kk16, ru16, 16)
            local = mine(kk, ru, None, kk_emb=kk16, ru_emb=ru16, views=False, lists=False)
            runs = {"local (one matrix)": (local, None)}
            for kind in ("exact", "ivfpq"):
                search = ShardedSearch(LocalEngine(), Path(tmp) / "work", kind)
                beads = mine(kk, ru, None, kk_emb=kk_set, ru_emb=ru_set, views=False, lists=False, search=search)
                _, ids = search(kk_set, ru_set, 16)
                runs[f"{kind}, {args.shards} shards"] = (beads, ids)
            for label, (beads, ids) in runs.items():
                p, r, f = prf({(b.kk[0], b.ru[0]) for b in beads}, gold)
                rec16 = rec4 = ""
                if ids is not None:
                    rec16 = f"{np.mean([len(set(a) & set(b)) / 16 for a, b in zip(ids, truth)]):.3f}"
                    rec4 = f"{np.mean([len(set(a[:4]) & set(b[:4])) / 4 for a, b in zip(ids, truth)]):.3f}"
                same = ""
                if label.startswith("exact"):
                    same = " (= local)" if sorted((b.kk, b.ru) for b in beads) == sorted((b.kk, b.ru) for b in local) else " (DIFFERS)"
                print(f"{seed} {role:<8}{label + same:<34}{len(beads):>6}{p:>7.3f}{r:>7.3f}{f:>7.3f}{rec16:>8}{rec4:>7}",
                      flush=True)


if __name__ == "__main__":
    main()
