"""Calibrated scores of parallel beads: raw evidence -> a probability in [0, 1] that a bead is right.

A logistic mapping fitted offline by `python scripts/fit_calibration.py` (FLORES-200 devtest,
seed 101, multilingual-e5-small, "query: " prefix): positives = gold beads, negatives = the
wrong alternatives an aligner weighs (beads near the gold path), both classes weighted equally,
so 0.5 = as likely right as wrong. Monotonic in the margin. Refit (and paste the printed
constants here) when the encoder or the features change. Mined pairs are scored by the learned
acceptance model (tm.align.acceptance), also a probability of being right.
"""

from __future__ import annotations

import numpy as np

PARALLEL = (113.945, -1.606, -0.673)  # shape-aware margin, |length z|, bias


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))


def parallel_scores(margin: np.ndarray, length_z: np.ndarray, size: int = 2) -> np.ndarray:
    """Scores of parallel beads from their margin (tm.align.parallel) and length deviation."""
    w_margin, w_len, bias = PARALLEL
    x = w_margin * np.asarray(margin, dtype=np.float64) + w_len * np.abs(length_z) + bias
    return np.round(_sigmoid(x), 4)
