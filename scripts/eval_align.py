"""Parallel alignment quality on translated documents, perturbed reproducibly.

Documents: the FLORES-200 devtest kk-ru articles (281, grouped by doc_id), or windows of 120
line pairs of the government documents (--source govdocs; noisy gold: pairs whose numbers or
lengths disagree are left out); --part dev / held-out takes the documents of one part of the
split of scripts/_align_data.py. Each document is perturbed with a fixed seed: 6% of consecutive
sentence pairs merged on the Russian side (gold 2-1), 6% merged on the Kazakh side (gold 1-2), 3% of
sentences deleted on each side. Scored per document and on all documents concatenated as one long
pair. Strict F1 over non-null beads (kk and ru index sets equal a gold bead's) and lax F1 (a bead
overlaps a gold bead on both sides). Baseline in the same run: 1-1-only DP on raw cosine.

    python scripts/eval_align.py [--source flores|govdocs] [--part dev|held-out|all] [--intact]
                                 [--kind query|passage] [--docs N] [--refine]

--intact: no perturbation; each document pair goes through auto mode (tm.align.align_pair), as
`tm align` does with native documents, and every line pair of the gold counts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

MERGE_RU, MERGE_KK, DELETE = 0.06, 0.06, 0.03
SEED = 13

Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


def perturb(pairs: list[tuple[str, str]], rng: random.Random) -> tuple[list[str], list[str], Gold]:
    """Apply the merges and deletions; return kk, ru and the gold non-null beads."""
    kk: list[str] = []
    ru: list[str] = []
    gold: Gold = []
    p = 0
    while p < len(pairs):
        r = rng.random()
        if r < MERGE_RU and p + 1 < len(pairs):
            gold.append(((len(kk), len(kk) + 1), (len(ru),)))
            kk += [pairs[p][0], pairs[p + 1][0]]
            ru.append(pairs[p][1] + " " + pairs[p + 1][1])
            p += 2
            continue
        if r < MERGE_RU + MERGE_KK and p + 1 < len(pairs):
            gold.append(((len(kk),), (len(ru), len(ru) + 1)))
            kk.append(pairs[p][0] + " " + pairs[p + 1][0])
            ru += [pairs[p][1], pairs[p + 1][1]]
            p += 2
            continue
        d = rng.random()
        if d < DELETE:
            ru.append(pairs[p][1])
        elif d < 2 * DELETE:
            kk.append(pairs[p][0])
        else:
            gold.append(((len(kk),), (len(ru),)))
            kk.append(pairs[p][0])
            ru.append(pairs[p][1])
        p += 1
    return kk, ru, gold


def scores(pred: Gold, gold: Gold) -> dict[str, float]:
    """Counts for strict and lax P/R over non-null beads."""
    pred = [b for b in pred if b[0] and b[1]]
    gset = set(gold)
    strict_tp = sum(b in gset for b in pred)

    def overlaps(x, ys) -> bool:
        return any(set(x[0]) & set(y[0]) and set(x[1]) & set(y[1]) for y in ys)

    by_kk = defaultdict(list)
    for g in gold:
        for i in g[0]:
            by_kk[i].append(g)
    pby_kk = defaultdict(list)
    for b in pred:
        for i in b[0]:
            pby_kk[i].append(b)
    lax_p = sum(overlaps(b, [g for i in b[0] for g in by_kk[i]]) for b in pred)
    lax_r = sum(overlaps(g, [b for i in g[0] for b in pby_kk[i]]) for g in gold)
    return {"pred": len(pred), "gold": len(gold), "tp": strict_tp, "lax_p": lax_p, "lax_r": lax_r}


def f1(c: dict[str, float]) -> tuple[float, float, float, float]:
    p = c["tp"] / max(c["pred"], 1)
    r = c["tp"] / max(c["gold"], 1)
    lp = c["lax_p"] / max(c["pred"], 1)
    lr = c["lax_r"] / max(c["gold"], 1)
    return p, r, 2 * p * r / max(p + r, 1e-9), 2 * lp * lr / max(lp + lr, 1e-9)


def baseline(kk_emb: np.ndarray, ru_emb: np.ndarray) -> Gold:
    """1-1 beads only, raw cosine, gain cos - 0.82 (between random ~0.75 and gold ~0.89)."""
    from tm.align.dp import Band, band_dp

    gain = np.full((len(kk_emb) + 1, len(ru_emb) + 1), -np.inf)
    gain[1:, 1:] = kk_emb @ ru_emb.T - 0.82
    steps = band_dp(Band.full(len(kk_emb), len(ru_emb)), {(1, 1): gain.ravel()}, 0.0, 0.0)
    return [(tuple(range(i0, i1)), tuple(range(j0, j1))) for i0, j0, i1, j1 in steps]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", choices=["query", "passage"], default=None, help="e5 prefix (default: the library's)")
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents (0 = all)")
    ap.add_argument("--refine", action="store_true", help="embed merged spans for real (slow the first time)")
    ap.add_argument("--errors", type=int, default=8, help="wrong beads to show")
    ap.add_argument("--part", choices=[*data.PARTS, "all"], default="all",
                    help="documents of the development part, of the held-out part, or all")
    ap.add_argument("--intact", action="store_true",
                    help="documents as published, no perturbation, through auto mode (the mode it chose is counted)")
    ap.add_argument("--source", choices=["flores", "govdocs"], default="flores",
                    help="FLORES articles, or windows of the government documents (noisy gold)")
    args = ap.parse_args()
    data.require(data.FLORES, data.GOVDOCS)
    from tm.align import parallel

    if args.kind:
        parallel.KIND = args.kind
    kind = parallel.KIND
    encoder = data.cached_encoder()
    parts = data.PARTS if args.part == "all" else (args.part,)
    docs = {name: rows for part in parts for name, rows in data.parallel_documents(args.source, part).items()}
    names = sorted(docs)[: args.docs or None]
    rng = random.Random(SEED)
    if args.intact:
        perturbed = [([k for k, _ in docs[d]], [r for _, r in docs[d]], [((i,), (i,)) for i in range(len(docs[d]))])
                     for d in names]
    else:
        perturbed = [perturb(docs[d], rng) for d in names]
    t0 = time.perf_counter()
    embedded = [(data.embed(encoder, kk, kind), data.embed(encoder, ru, kind)) for kk, ru, _ in perturbed]
    t_embed = time.perf_counter() - t0
    n_kk = sum(len(p[0]) for p in perturbed)
    n_ru = sum(len(p[1]) for p in perturbed)
    print(f"{args.source} kk-ru ({args.part} part): {len(names)} documents, {n_kk} kk / {n_ru} ru segments after perturbation "
          f"(seed {SEED}), prefix '{kind}: ', embedding {t_embed:.1f} s (cached on disk in {data.CACHE})")

    modes: Counter[str] = Counter()

    def run(pairs, embs, which):
        total, wrong = defaultdict(float), []
        t = time.perf_counter()
        for (kk, ru, gold), (ke, re_) in zip(pairs, embs):
            if which == "tm":
                if args.intact:
                    from tm.align import align_pair

                    result = align_pair(kk, ru, encoder, "auto", kk_emb=ke, ru_emb=re_)
                    modes[result.mode] += 1
                    beads = result.beads
                else:
                    beads = parallel.align_parallel(kk, ru, encoder, kk_emb=ke, ru_emb=re_, refine=args.refine)
                pred = [(b.kk, b.ru) for b in beads]
            else:
                pred = baseline(ke, re_)
            for key, v in scores(pred, gold).items():
                total[key] += v
            gset = set(gold)
            wrong += [(kk, ru, b, gold, "wrong") for b in pred if b[0] and b[1] and b not in gset]
            pset = set(pred)
            wrong += [(kk, ru, g, pred, "missed") for g in gold if g not in pset]
        return f1(total), time.perf_counter() - t, wrong

    long_kk, long_ru, long_gold, long_ke, long_re = [], [], [], [], []
    for (kk, ru, gold), (ke, re_) in zip(perturbed, embedded):
        long_gold += [(tuple(i + len(long_kk) for i in g[0]), tuple(j + len(long_ru) for j in g[1])) for g in gold]
        long_kk += kk
        long_ru += ru
        long_ke.append(ke)
        long_re.append(re_)
    long = [(long_kk, long_ru, long_gold)], [(np.vstack(long_ke), np.vstack(long_re))]

    print(f"{'setting':<46}{'P':>7}{'R':>7}{'strict F1':>11}{'lax F1':>8}{'time s':>8}")
    all_wrong = []
    for label, (pairs, embs) in (("per document", (perturbed, embedded)), ("one long pair", long)):
        for which in ("baseline", "tm"):
            (p, r, sf, lf), secs, wrong = run(pairs, embs, which)
            name = "1-1 DP, raw cosine (baseline)" if which == "baseline" else "tm align_parallel"
            print(f"{label + ': ' + name:<46}{p:7.4f}{r:7.4f}{sf:11.4f}{lf:8.4f}{secs:8.2f}")
            if which == "tm" and label == "per document":
                all_wrong = wrong
    if args.intact:
        print(f"auto mode chose (per document, then the long pair): {dict(modes)}")
    kinds = Counter(error_type(b, others, what) for _, _, b, others, what in all_wrong)
    print(f"\nerrors (tm, per document): {len(all_wrong)} beads wrong or missed; by type:")
    for t, c in kinds.most_common():
        print(f"  {c:4d}  {t}")
    print(f"first {args.errors}:")
    for kk, ru, b, others, what in all_wrong[: args.errors]:
        near = [x for x in others if set(x[0]) & set(b[0]) or set(x[1]) & set(b[1])]
        label = "predicted" if what == "wrong" else "gold (missed)"
        print(f"  {label} kk{list(b[0])} ru{list(b[1])}  {'gold' if what == 'wrong' else 'predicted'} "
              f"{[(list(x[0]), list(x[1])) for x in near]}")
        print(f"    kk: {' | '.join(kk[i][:90] for i in b[0])}")
        print(f"    ru: {' | '.join(ru[j][:90] for j in b[1])}")


def error_type(bead, others, what: str) -> str:
    """'wrong 2-1 bead (gold: 1-1 + 1-0)' / 'missed 1-2 bead (predicted: 1-1 + 0-1)'."""
    near = sorted(x for x in others if set(x[0]) & set(bead[0]) or set(x[1]) & set(bead[1]))
    shape = f"{len(bead[0])}-{len(bead[1])}"
    parts = " + ".join(f"{len(x[0])}-{len(x[1])}" for x in near) or "nothing"
    return f"{what} {shape} bead ({'gold' if what == 'wrong' else 'predicted'}: {parts})"


if __name__ == "__main__":
    main()
