"""Fit the mining acceptance model (tm/data/align_acceptance.json) on the DEVELOPMENT parts only.

For every kind of mining set in scripts/_align_data.py (near-topic FLORES articles with
government pages, unrelated distractors, Tatoeba, government documents, OCR-damaged text) and
each seed, the candidates `tm.align.mining.candidates` weighs are labelled (gold pair or not):
the negatives are every other candidate of the run, the hard ones from the same article. A
logistic regression (L2, Newton's method) is fitted with each run weighing the same; its
training prior (share of translations among the candidates) is kept so that each run's
probabilities can be moved to that run's own prior (EM, tm.align.acceptance); the acceptance
cut is the probability that maximises the mean F1 over the development runs, one cut for all
kinds. The held-out parts are never read here.

    python scripts/fit_acceptance.py [--seeds 1] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

L2 = 1.0


def labelled_runs(seeds: list[int], part: str = "dev"):
    """(set name, candidates, labels, gold size) of every development run."""
    from tm.align import mining

    encoder = data.cached_encoder()
    for name, build in data.MINING_SETS.items():
        for seed in seeds:
            s = build(part, seed=seed)
            vec = {k: (data.embed(encoder, s.kk, k), data.embed(encoder, s.ru, k)) for k in ("query", "passage")}
            cands = mining.candidates(s.kk, s.ru, *vec["query"], kk_passage=vec["passage"][0],
                                      ru_passage=vec["passage"][1])
            y = np.array([(int(i), int(j)) in s.gold for i, j in zip(cands.src, cands.tgt)])
            yield f"{name}/{seed}", cands, y, len(s.gold)


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2, steps: int = 50):
    """Weighted L2-regularised logistic regression on standardised inputs: (weights, bias)."""
    xb = np.column_stack([x, np.ones(len(x))])
    beta = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ beta, -40, 40)))
        grad = xb.T @ (w * (p - y)) + reg * beta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def f1_by_cut(cands, prob: np.ndarray, y: np.ndarray, gold: int, cuts: np.ndarray) -> np.ndarray:
    """F1 of the greedy one-to-one pairs with probability >= each cut."""
    from tm.align.mining import _greedy

    order = np.array(_greedy(cands.src, cands.tgt, prob), dtype=np.int64)
    p, ok = prob[order], y[order]
    out = []
    for c in cuts:
        keep = p >= c
        tp = ok[keep].sum()
        out.append(2 * tp / max(keep.sum() + gold, 1))
    return np.array(out)


def run_probability(model, features: np.ndarray) -> np.ndarray:
    """As `tm.align.mining.mine` decides: the model's probabilities moved to the run's prior."""
    p = model.probability(features)
    return model.at_prior(p, model.run_prior(p))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1])
    ap.add_argument("--write", action="store_true", help="write tm/data/align_acceptance.json")
    args = ap.parse_args()
    data.require(data.FLORES, data.TATOEBA, data.GOVDOCS, data.OCR_GENERATED)
    from tm.align.acceptance import FEATURES, MODEL_FILE, AcceptanceModel

    runs = []
    for name, cands, y, gold in labelled_runs(args.seeds):
        runs.append((name, cands, cands.features(), y, gold))
        print(f"{name:<40} candidates {len(y):6d}  gold pairs {gold:5d}  among candidates {y.sum():5d}")
    x = np.vstack([r[2] for r in runs])
    y = np.concatenate([r[3] for r in runs]).astype(np.float64)
    w = np.concatenate([np.full(len(r[3]), len(x) / len(runs) / len(r[3])) for r in runs])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    weights, bias = fit_logistic((x - mean) / scale, y, w)
    model = AcceptanceModel(mean, scale, weights, bias, 0.5, float((w * y).sum() / w.sum()))
    cuts = np.round(np.arange(0.20, 0.81, 0.02), 2)
    table = np.array([f1_by_cut(c, run_probability(model, f), yy, g, cuts) for _, c, f, yy, g in runs])
    best = float(cuts[int(np.argmax(table.mean(axis=0)))])
    model = AcceptanceModel(mean, scale, weights, bias, best, model.prior)
    print("\nstandardised weights:")
    for name, wt in zip(FEATURES, weights):
        print(f"  {name:<15}{wt:+8.3f}")
    print(f"  {'bias':<15}{bias:+8.3f}\ntraining prior (share of translations among candidates): {model.prior:.4f}")
    print(f"\nacceptance cut (best mean F1 over the dev runs): {best:.2f}")
    for (name, *_), f1s in zip(runs, table):
        print(f"  {name:<40} F1 at cut {f1s[list(cuts).index(best)]:.4f}  (best cut for this run "
              f"{cuts[int(np.argmax(f1s))]:.2f}: {f1s.max():.4f})")
    if args.write:
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"written {MODEL_FILE}")


if __name__ == "__main__":
    main()
