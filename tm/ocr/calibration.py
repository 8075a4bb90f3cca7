"""Calibrated confidence of a repaired word: P(right | how the decoding went), learned.

A word's decoding leaves evidence of how sure it is: its cost per Latin character, how far the
runner-up is behind, whether agreement overruled the cheapest reading, the word's length, and
whether the token was visibly damaged. A logistic model over these features is fitted on the
development split of real OCR of known text (`scripts/fit_ocr_confidence.py`) and bundled as
`tm/data/ocr_ru_confidence.json`; the repair keeps a word unchanged when its confidence is below
`ABSTAIN` (a guess likelier wrong than right) and reports its candidates instead.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

TABLE = Path(__file__).resolve().parents[1] / "data" / "ocr_ru_confidence.json"
FEATURES = ("bias", "per_char", "margin", "top_gap", "overridden", "log_len", "visible", "ngram")
MARGIN_CAP = 12.0
ABSTAIN = 0.5


def features(cost: float, rival: float, second: float, chosen: int, latin: str, visible: bool,
             ngram: bool) -> list[float]:
    """The feature vector of one repaired word (costs in bits; see FEATURES)."""
    n = max(len(latin), 2)
    return [1.0, cost / n, min(rival - cost, MARGIN_CAP), min(second, MARGIN_CAP), float(chosen > 0),
            math.log2(n), float(visible), float(ngram)]


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]

    def __call__(self, x: list[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(xs: list[list[float]], ys: list[bool], l2: float = 1.0, rounds: int = 50) -> Calibration:
    """Logistic regression by Newton's method with an L2 penalty (the bias is not penalised)."""
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(tuple(float(v) for v in w))


def save(cal: Calibration, note: str, path: Path = TABLE) -> None:
    path.write_text(json.dumps({"note": note, "features": FEATURES, "weights": cal.weights}, indent=1) + "\n",
                    encoding="utf-8")


@lru_cache(maxsize=1)
def load() -> Calibration | None:
    """The bundled calibration, or None when absent or made for other features."""
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None
    return Calibration(tuple(data["weights"]))
