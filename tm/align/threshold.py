"""Acceptance threshold read from a run's own scores, never from a constant fit to one data set.

The one-to-one candidates of a mining run mix translations with the best wrong partner of each
sentence whose translation is absent. What a wrong partner scores in *this* run is observable:
for a sentence that surely has its translation (its pair scores above every second-best score but
1%), the second-best candidate is the best wrong one. From that null sample the number of
untranslated sentences is estimated (Storey's method: accepted pairs below the null median, over
one half), hence the expected wrong pairs above any cut; the cut maximises the F1 so estimated.
A run where every sentence has its translation gets a low cut, a run of noise a high one.
"""

from __future__ import annotations

import numpy as np

SURE_QUANTILE = 0.99


def second_best(raw: np.ndarray, ids: np.ndarray, among: np.ndarray | None = None) -> np.ndarray:
    """The second-highest score of each id in `ids` that has two candidates (only ids in `among`)."""
    if len(raw) == 0:
        return np.zeros(0)
    order = np.lexsort((-raw, ids))
    g = ids[order]
    first = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    second = first + 1
    ok = second < np.r_[first[1:], len(g)]
    if among is not None:
        ok &= np.isin(g[first], among)
    return raw[order][second[ok]]


def auto_threshold(scores: np.ndarray, null: np.ndarray) -> float:
    """The cut that maximises the estimated F1 of accepting `scores` given wrong-pair `null` scores."""
    scores = np.asarray(scores, dtype=np.float64)
    null = np.sort(np.asarray(null, dtype=np.float64))
    if len(scores) == 0:
        return np.inf
    if len(null) == 0:
        return float(scores.min())
    lam = float(np.median(null))
    below = np.searchsorted(null, lam, side="right") / len(null)
    wrong = min(len(scores), float((scores <= lam).sum()) / max(below, 1e-3))
    right = len(scores) - wrong
    cuts = np.unique(scores)
    accepted = len(scores) - np.searchsorted(np.sort(scores), cuts, side="left")
    false_pos = wrong * (1.0 - np.searchsorted(null, cuts, side="left") / len(null))
    f1 = 2 * np.maximum(accepted - false_pos, 0.0) / (accepted + right + 1e-9)
    return float(cuts[int(np.argmax(f1))])
