"""Sharded mining against local mining on eval_mine's sets (scripts/eval_mine.py): the
near-topic set (FLORES articles with half their translations hidden, and government lines
without one) built from the development and from the held-out part of the sources, and the
original set (500 FLORES pairs among FLORES and Tatoeba sentences, seed 7).

For each set: local mining (query view, fp16-rounded vectors, as `tm corpus mine` stores them),
sharded exact search over S shards (beads must be identical), and IVF-PQ over S shards
(recall@16 and recall@4 of its neighbours against exact search, and mining P/R/F1). The IVF-PQ
settings (8k candidates re-scored, nprobe 16) were chosen on the original set, seed 7.

    python scripts/eval_distributed.py [--shards 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402
from eval_mine import original_set, prf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shards", type=int, default=3)
    args = ap.parse_args()
    data.require(data.FLORES, data.TATOEBA)
    from tm.align.mining import KIND, mine
    from tm.distributed.engine import LocalEngine
    from tm.distributed.search import ShardedSearch, exact_knn, save_shards

    encoder = data.cached_encoder()
    sets = [(f"near-topic {part}", data.MINING_SETS["near-topic"](part)) for part in data.PARTS]
    sets.append(("original seed 7", original_set(7)))
    print(f"{'set':<20}{'method':<34}{'pairs':>6}{'P':>7}{'R':>7}{'F1':>7}{'rec@16':>8}{'rec@4':>7}")
    for role, mset in sets:
        kk, ru, gold = mset.kk, mset.ru, mset.gold
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
                print(f"{role:<20}{label + same:<34}{len(beads):>6}{p:>7.3f}{r:>7.3f}{f:>7.3f}{rec16:>8}{rec4:>7}",
                      flush=True)


if __name__ == "__main__":
    main()
