"""Calibrated bead scores: raw evidence -> probability in [0, 1] that a pair is a translation.

PLACEHOLDER constants; refitted by scripts/fit_calibration.py.
"""

from __future__ import annotations

import math

import numpy as np

PARALLEL = (60.0, 0.0, -0.5)
MINING = (20.0, -21.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 40.0), -40.0)))


def parallel_scores(margin: np.ndarray, length_z: np.ndarray, size: int) -> np.ndarray:
    w_margin, bias, w_len = PARALLEL
    x = np.clip(w_margin * margin + bias + w_len * np.abs(length_z), -40, 40)
    return np.round(1.0 / (1.0 + np.exp(-x)), 4)


def mining_scores(margin: np.ndarray, lexical: np.ndarray, length_z: np.ndarray) -> np.ndarray:
    w_margin, bias = MINING
    x = np.clip(w_margin * margin + bias, -40, 40)
    return np.round(1.0 / (1.0 + np.exp(-x)), 4)
