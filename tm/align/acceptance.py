"""Acceptance of mined pairs: a small learned model turns a candidate's evidence into the
probability that it is a translation, and pairs are accepted where that probability is high.

Why learned: the ratio margin alone cannot tell "same meaning" from "same topic". Where the
sentences without a translation come from the same articles as the pairs, a wrong partner's
margin rises towards a right one's, and a cut read from the margin alone is either too strict
(on-topic sets) or too loose (unrelated distractors). The model weighs views of the margin that
err differently: the cosine itself, how crowded the two neighbourhoods are, how far the pair
stands above each sentence's next best candidate, how far it stands above the run's typical
wrong partner, the length ratio, and tokens that translation keeps (numbers, Latin words).
How many sentences have a translation differs from run to run (most in a Tatoeba-like set,
half or fewer in news articles told twice): the model's probabilities, right at the prior of its
training runs, are moved to this run's prior, estimated from the run itself by EM (Saerens,
Latinne & Decaestecker 2002), before the cut.

It is a logistic regression fitted by `scripts/fit_acceptance.py` on the development parts of
the mining sets of `scripts/_align_data.py` (near-topic FLORES articles with government pages,
unrelated distractors, Tatoeba, government documents, OCR-damaged text), negatives being every
other candidate of the same runs: the hard ones come from the same article. It ships as the
few numbers in tm/data/align_acceptance.json; its probability is the pair's score, and pairs are
accepted from the model's cut (`AcceptanceModel.accept`) up, one cut for every kind of text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

FEATURES = (
    "margin",  # ratio margin, mean over the views
    "cos",  # cosine, mean over the views
    "density",  # mean cosine of the two sentences' k nearest neighbours (a crowded topic)
    "gap_kk",  # margin minus the best margin of the kk sentence's other candidates
    "gap_ru",  # the same for the ru sentence
    "above_run",  # margin minus the median margin of the run's second-best candidates
    "view_spread",  # standard deviation of the margin over the views (views that disagree)
    "length_excess",  # (|length z| - 1)+ squared: length ratio unlike translations'
    "lexical_agree",  # numbers/Latin tokens mostly shared (tm.align.features.lexical_agreement > 0)
    "lexical_clash",  # numbers/Latin tokens mostly on one side only (lexical_agreement < 0)
    "short",  # 1 / words of the shorter sentence: short sentences have noisier vectors
)
GAP_CLIP = 0.15
PRIOR_STEPS = 100
MODEL_FILE = Path(__file__).parents[1] / "data" / "align_acceptance.json"


@dataclass(frozen=True)
class AcceptanceModel:
    """Standardise, then logistic: p = sigmoid(weights . (x - mean) / scale + bias)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    accept: float  # the probability from which a pair is accepted
    prior: float  # share of translations among the candidates of the training runs

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(translation) of each row at the training runs' prior."""
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))

    def run_prior(self, p: np.ndarray) -> float:
        """This run's share of translations among its candidates, by EM over their probabilities."""
        pi = self.prior
        for _ in range(PRIOR_STEPS):
            new = float(self.at_prior(p, pi).mean()) if len(p) else pi
            if abs(new - pi) < 1e-7:
                break
            pi = new
        return pi

    def at_prior(self, p: np.ndarray, pi: float) -> np.ndarray:
        """Probabilities `p` (at the training prior) moved to the prior `pi`."""
        pi = min(max(pi, 1e-6), 1 - 1e-6)
        right = pi / self.prior * np.asarray(p, dtype=np.float64)
        wrong = (1 - pi) / (1 - self.prior) * (1 - np.asarray(p, dtype=np.float64))
        return right / np.maximum(right + wrong, 1e-300)

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(float(self.bias), 6),
            "accept": round(float(self.accept), 4),
            "prior": round(float(self.prior), 6),
        }


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> AcceptanceModel:
    """The shipped model (`MODEL_FILE`); its feature list must match `FEATURES`."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    if tuple(spec["features"]) != FEATURES:
        raise ValueError(f"{path}: fitted on features {spec['features']}, code has {list(FEATURES)}; "
                         "refit with scripts/fit_acceptance.py")
    return AcceptanceModel(np.array(spec["mean"]), np.array(spec["scale"]), np.array(spec["weights"]),
                           float(spec["bias"]), float(spec["accept"]), float(spec["prior"]))


def best_other(values: np.ndarray, ids: np.ndarray, size: int) -> np.ndarray:
    """For each position p, the largest value among the other positions with the same id
    (-inf when it has none): the best competitor of a candidate for its sentence."""
    first = np.full(size, -np.inf)
    second = np.full(size, -np.inf)
    order = np.lexsort((-values, ids))
    g, v = ids[order], values[order]
    head = np.r_[True, g[1:] != g[:-1]]
    first[g[head]] = v[head]
    nxt = np.r_[False, head[:-1]] & ~head  # the second entry of each group
    second[g[nxt]] = v[nxt]
    own_best = values >= first[ids]
    return np.where(own_best, second[ids], first[ids])


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


def run_median(margin: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> float:
    """The median margin of the run's second-best candidates: what a wrong partner typically
    scores in this run (crowded topics score higher)."""
    everyone = np.r_[second_best(margin, src), second_best(margin, tgt)]
    return float(np.median(everyone if len(everyone) else margin))


def feature_matrix(
    margins: np.ndarray,
    cosines: np.ndarray,
    density: np.ndarray,
    gap_kk: np.ndarray,
    gap_ru: np.ndarray,
    run_median: float,
    length_z: np.ndarray,
    lexical: np.ndarray,
    min_words: np.ndarray,
) -> np.ndarray:
    """The model's inputs, one row per candidate. `margins` and `cosines` are (views, n)."""
    margin = margins.mean(axis=0)
    lex = np.asarray(lexical, dtype=np.float64)
    return np.column_stack([
        margin,
        cosines.mean(axis=0),
        density,
        np.clip(gap_kk, -GAP_CLIP, GAP_CLIP),
        np.clip(gap_ru, -GAP_CLIP, GAP_CLIP),
        margin - run_median,
        margins.std(axis=0),
        np.maximum(np.abs(length_z) - 1.0, 0.0) ** 2,
        np.maximum(lex, 0.0),
        np.maximum(-lex, 0.0),
        1.0 / np.maximum(min_words, 1),
    ])
