"""Mining quality at the DEFAULT settings on comparable sets that look like users' documents.

Sets (scripts/_align_data.py), each built from a development part and from a held-out part of
the sources (split by article, document or row; the held-out part is never used to develop):
- near-topic: FLORES articles with half of each article's translations hidden, plus government
  lines without a translation (about 3 kk and 2.5 ru sentences per pair, as the issue's set);
- unrelated: FLORES pairs among sentences of other articles and Tatoeba;
- tatoeba: short sentences; govdocs: long administrative lines (noisy gold, see its README);
- ocr: FLORES typeset and read back with the wrong OCR model, cleaned by tm's clean step.
Also the original set of this script (500 FLORES pairs among FLORES and Tatoeba sentences,
seeds 7 8 9) with --original.

For each: P/R/F1 of `tm.align.mining.mine` at its defaults beside the plain ratio margin (k=4,
query view, threshold 1.02) in the same run; then the reliability table of the scores (dev and
held-out runs pooled apart) and the most common error types with an example each.

    python scripts/eval_mine.py [--sets near-topic tatoeba ...] [--parts dev held-out]
                                [--seed 1] [--original] [--errors 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

BASELINE = dict(neighbours=4, evidence=False, views=False, threshold=1.02)
BINS = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001)


def original_set(seed: int, hidden: int = 500) -> data.MiningSet:
    """The set this script used first: FLORES pairs among other FLORES and Tatoeba sentences."""
    fl = [(k, r, d) for d, k, r in data.flores()]
    ta = data.tatoeba()
    rng = random.Random(seed)
    order = list(range(len(fl)))
    rng.shuffle(order)
    shown, rest = order[:hidden], order[hidden:]
    half = len(rest) // 2
    kk = [(fl[i][0], fl[i][2], i) for i in shown] + [(fl[i][0], fl[i][2], None) for i in rest[:half]]
    kk += [(k, "tatoeba", None) for k, _ in ta[: len(ta) // 2]]
    ru = [(fl[i][1], fl[i][2], i) for i in shown] + [(fl[i][1], fl[i][2], None) for i in rest[half:]]
    ru += [(r, "tatoeba", None) for _, r in ta[len(ta) // 2 :]]
    rng.shuffle(kk)
    rng.shuffle(ru)
    where = {key: j for j, (_, _, key) in enumerate(ru) if key is not None}
    gold = {(i, where[key]) for i, (_, _, key) in enumerate(kk) if key is not None}
    return data.MiningSet(f"original eval_mine set, seed {seed}", [t for t, _, _ in kk], [t for t, _, _ in ru],
                          gold, [o for _, o, _ in kk], [o for _, o, _ in ru])


def prf(pred: set[tuple[int, int]], gold: set[tuple[int, int]]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p, r = tp / max(len(pred), 1), tp / max(len(gold), 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def run(s: data.MiningSet, encoder, **kwargs):
    from tm.align import mining

    ke, re_ = data.embed(encoder, s.kk, "query"), data.embed(encoder, s.ru, "query")
    kp, rp = data.embed(encoder, s.kk, "passage"), data.embed(encoder, s.ru, "passage")
    t = time.perf_counter()
    beads = mining.mine(s.kk, s.ru, encoder, kk_emb=ke, ru_emb=re_, kk_passage=kp, ru_passage=rp, **kwargs)
    return beads, time.perf_counter() - t


def one_to_one(beads) -> set[tuple[int, int]]:
    """Predicted pairs; a bead pairing a list with a sentence counts each member's pair."""
    return {(i, j) for b in beads for i in b.kk for j in b.ru}


def error_types(s: data.MiningSet, beads) -> list[tuple[str, str]]:
    """(type, example) of every wrong and every missed pair of one run."""
    from tm.align.features import numbers, word_count

    pred = one_to_one(beads)
    kk_gold = {i: j for i, j in s.gold}
    ru_gold = {j: i for i, j in s.gold}
    kind = s.name.split(" (")[0]
    out = []

    def traits(i: int, j: int) -> str:
        words = min(word_count(s.kk[i]), word_count(s.ru[j]))
        t = "short" if words < 6 else "long" if words > 30 else ""
        if numbers(s.kk[i]) != numbers(s.ru[j]):
            t += (", " if t else "") + "numbers differ"
        return f" [{t}]" if t else ""

    for i, j in sorted(pred - s.gold):
        if i in kk_gold or j in ru_gold:
            what = "accepted: a translated sentence with a wrong partner"
        else:
            what = "accepted: two untranslated sentences"
        origins = s.kk_origin[i] + " " + s.ru_origin[j]
        where = ("Tatoeba" if "tatoeba" in origins else "government page" if "gov:" in origins
                 else "same article" if s.kk_origin[i] == s.ru_origin[j] else "other article")
        out.append((f"{kind}: {what} ({where}){traits(i, j)}", f"kk: {s.kk[i][:100]}\n      ru: {s.ru[j][:100]}"))
    taken_k = {i for i, _ in pred}
    taken_r = {j for _, j in pred}
    for i, j in sorted(s.gold - pred):
        what = ("missed: partner taken by a wrong pair" if i in taken_k or j in taken_r
                else "missed: left unpaired (below the cut)")
        out.append((f"{kind}: {what}{traits(i, j)}", f"kk: {s.kk[i][:100]}\n      ru: {s.ru[j][:100]}"))
    return out


def reliability(rows: list[tuple[float, bool]], label: str) -> None:
    """Per score bin: pairs, share correct, mean score; and the share correct from each bin up."""
    if not rows:
        return
    score = np.array([r[0] for r in rows])
    ok = np.array([r[1] for r in rows])
    print(f"\nreliability of the scores, {label} ({len(rows)} mined pairs):")
    print(f"  {'score bin':<14}{'pairs':>7}{'correct':>9}{'mean score':>12}   {'score >= low end: correct':>26}")
    for lo, hi in zip(BINS[:-1], BINS[1:]):
        inbin = (score >= lo) & (score < hi)
        above = score >= lo
        if not inbin.any():
            continue
        print(f"  [{lo:.2f}, {min(hi, 1):.2f}){'':2}{inbin.sum():7d}{ok[inbin].mean():9.3f}{score[inbin].mean():12.3f}"
              f"   {ok[above].mean():26.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", choices=list(data.MINING_SETS), default=list(data.MINING_SETS))
    ap.add_argument("--parts", nargs="+", choices=data.PARTS, default=list(data.PARTS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--original", action="store_true", help="also the original set (seeds 7 8 9)")
    ap.add_argument("--errors", type=int, default=10, help="error types to show")
    args = ap.parse_args()
    data.require(data.FLORES, data.TATOEBA, data.GOVDOCS, data.OCR_GENERATED)
    encoder = data.cached_encoder()
    sets = [(kind, part, data.MINING_SETS[kind](part, seed=args.seed)) for kind in args.sets for part in args.parts]
    if args.original:
        sets += [("original", "all", original_set(seed)) for seed in (7, 8, 9)]
    print(f"{'set':<46}{'kk':>6}{'ru':>6}{'gold':>6} | {'baseline P':>10}{'R':>7}{'F1':>7} | "
          f"{'tm P':>7}{'R':>7}{'F1':>7}{'time s':>8}")
    scored: dict[str, list[tuple[float, bool]]] = {p: [] for p in (*data.PARTS, "all")}
    errors: dict[str, list[tuple[str, str]]] = {p: [] for p in (*data.PARTS, "all")}
    f1s: dict[tuple[str, str], float] = {}
    for kind, part, s in sets:
        base, _ = run(s, encoder, **BASELINE)
        beads, secs = run(s, encoder)
        bp, br, bf = prf(one_to_one(base), s.gold)
        p, r, f = prf(one_to_one(beads), s.gold)
        f1s[kind, part] = f
        print(f"{s.name:<46}{len(s.kk):6d}{len(s.ru):6d}{len(s.gold):6d} | {bp:10.4f}{br:7.4f}{bf:7.4f} | "
              f"{p:7.4f}{r:7.4f}{f:7.4f}{secs:8.2f}", flush=True)
        scored[part] += [(b.score, all((i, j) in s.gold for i in b.kk for j in b.ru)) for b in beads]
        errors[part] += error_types(s, beads)
    print(f"\n{'F1 at the defaults':<20}" + "".join(f"{p:>10}" for p in args.parts))
    for kind in args.sets:
        print(f"{kind:<20}" + "".join(f"{f1s[kind, p]:10.4f}" for p in args.parts))
    print(f"{'mean':<20}" + "".join(f"{np.mean([f1s[k, p] for k in args.sets]):10.4f}" for p in args.parts))
    for part in args.parts:
        reliability(scored[part], f"{part} sets pooled")
    for part in args.parts:
        counts = Counter(t for t, _ in errors[part])
        example = {}
        for t, ex in errors[part]:
            example.setdefault(t, ex)
        print(f"\nthe {args.errors} most common error types, {part} sets ({len(errors[part])} errors):")
        for t, c in counts.most_common(args.errors):
            print(f"  {c:4d}  {t}\n      {example[t]}")


if __name__ == "__main__":
    main()
