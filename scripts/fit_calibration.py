"""Fit the parallel-bead constants of tm/align/calibration.py (run offline; paste the printed line).
Mined pairs are scored by the acceptance model instead (scripts/fit_acceptance.py).

Parallel beads: every FLORES-200 devtest document (perturbed as in eval_align.py, seed 101, so
2-1 and 1-2 gold beads exist) is scored on its full lattice; gold beads are positives, the other
beads of every shape that start within 2 sentences of a gold bead (the alternatives an aligner
weighs) negatives. Features: the shape-aware margin and |length z|.
Both classes get equal total weight, so 0.5 means "as likely right as wrong" whatever the share
of right beads in a document.

    python scripts/fit_calibration.py
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _align_data as data  # noqa: E402

SEED = 101


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> np.ndarray:
    """Class-balanced logistic regression; returns weights, bias last."""
    from fit_acceptance import fit_logistic

    w = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1)) * len(y)
    weights, bias = fit_logistic(x, y, w, l2)
    return np.r_[weights, bias]


def parallel_samples(encoder):
    import eval_align

    from tm.align.dp import Band
    from tm.align.features import length_z
    from tm.align.parallel import FINE_BEADS, _band_gains, _Side

    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc_id, kk, ru in data.flores():
        docs[doc_id].append((kk, ru))
    rng = random.Random(SEED)
    feats, labels = [], []
    for name in sorted(docs):
        kk, ru, gold = eval_align.perturb(docs[name], rng)
        k_side = _Side(data.embed(encoder, kk), np.array([len(t) for t in kk], dtype=np.float64))
        r_side = _Side(data.embed(encoder, ru), np.array([len(t) for t in ru], dtype=np.float64))
        ks, rs = k_side.spans((1, 2, 3)), r_side.spans((1, 2, 3))
        band = Band.full(len(kk), len(ru))
        _, norms = _band_gains(ks, rs, band, FINE_BEADS)
        gold_set = {(g[0][0], g[1][0], len(g[0]), len(g[1])) for g in gold}
        for a, b in FINE_BEADS:
            kv, kl = ks[a]
            rv, rl = rs[b]
            if len(kv) == 0 or len(rv) == 0:
                continue
            kn, rn = norms[a, b]
            s, t = np.meshgrid(np.arange(len(kv)), np.arange(len(rv)), indexing="ij")
            s, t = s.ravel(), t.ravel()
            starts = np.array([(g[0][0], g[1][0]) for g in gold]).reshape(-1, 2)
            if len(starts) == 0:
                continue
            near = (np.abs(s[:, None] - starts[None, :, 0]) + np.abs(t[:, None] - starts[None, :, 1])).min(axis=1) <= 2
            s, t = s[near], t[near]
            margin = np.einsum("ij,ij->i", kv[s], rv[t]) - 0.5 * (kn[s] + rn[t])
            z = np.abs(length_z(kl[s], rl[t]))
            feats.append(np.c_[margin, z])
            labels.append(np.array([(x, y, a, b) in gold_set for x, y in zip(s, t)], dtype=float))
    return np.vstack(feats), np.concatenate(labels)


def report(name: str, x: np.ndarray, y: np.ndarray, beta: np.ndarray) -> None:
    p = 1 / (1 + np.exp(-(np.c_[x, np.ones(len(x))] @ beta)))
    bins = np.linspace(0, 1, 6)
    w = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    print(f"{name}: {int(y.sum())} positives, {int(len(y) - y.sum())} negatives")
    for lo, hi in zip(bins[:-1], bins[1:]):
        sel = (p >= lo) & (p < hi if hi < 1 else p <= hi)
        if sel.any():
            share = (w[sel] * y[sel]).sum() / w[sel].sum()
            print(f"  predicted {lo:.1f}-{hi:.1f}: {sel.sum():6d} samples, share right at even odds {share:.3f}")


def main() -> None:
    data.require(data.FLORES, data.TATOEBA)
    encoder = data.cached_encoder()
    xp, yp = parallel_samples(encoder)
    bp = logistic(xp, yp)
    report("parallel beads", xp, yp, bp)
    print("\n# paste into tm/align/calibration.py")
    print(f"PARALLEL = ({bp[0]:.3f}, {bp[1]:.3f}, {bp[2]:.3f})  # margin, |length z|, bias")


if __name__ == "__main__":
    main()
