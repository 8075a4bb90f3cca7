"""Calibrated bead scores: raw evidence -> probability in [0, 1] that a pair is a translation.

PLACEHOLDER constants; refitted by scripts/fit_calibration.py.
"""

from __future__ import annotations

import math

PARALLEL = (60.0, 0.0, -0.5)
MINING = (20.0, -21.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 40.0), -40.0)))


def parallel_score(margin: float, length_z: float, size: int) -> float:
    w_margin, bias, w_len = PARALLEL
    return round(_sigmoid(w_margin * margin + bias + w_len * abs(length_z)), 4)


def mining_score(margin: float, lexical: float, length_z: float) -> float:
    w_margin, bias = MINING
    return round(_sigmoid(w_margin * margin + bias), 4)
