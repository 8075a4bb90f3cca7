"""What a search hit's number means: one labelled scale per kind of hit.

- fuzzy / exact: the CAT match percentage (100 = the same text), what translators expect;
- concordance: no percentage, the words of the query found in the pair (in any inflected form);
- semantic: a calibrated relation to the query: "probably a translation", "related" or
  "unrelated", with the probability of "translation" beside it.

The semantic relation comes from a three-class multinomial logistic regression on the hit's
score (the cosine corrected for hubness, best of the pair's two sides) read together with the
query's length (a phrase meets sentences at higher cosines than a sentence does), fitted with
`python scripts/fit_semantic_scale.py` on a dev split of FLORES-200 documents and Tatoeba pairs
(translation = the pair holds the query's translation; related = another sentence of the same
document; unrelated = another document), classes weighted equally, and checked on a held-out
split; phrase queries (2-4 words of a sentence) count their own sentence and its document as
related. Refit and paste the printed constants when the encoder or the score changes.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Relation = Literal["translation", "related", "unrelated"]
RELATIONS: tuple[Relation, ...] = ("translation", "related", "unrelated")
RELATION_LABELS = {
    "translation": "probably a translation",
    "related": "related",
    "unrelated": "probably unrelated",
}

# Weights of (score, score / words, 1 / words, 1) for translation, related; unrelated = 0.
# multilingual-e5-small-q4.
SEMANTIC_SCALE = (
    (90.351, -100.731, 84.375, -75.586),  # translation
    (64.676, -92.074, 76.882, -53.394),  # related
)


def query_words(query: str) -> int:
    """The number of words of a query, as the scale counts them (at least 1)."""
    return max(1, sum(1 for w in query.split() if any(ch.isalnum() for ch in w)))


def features(scores: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The regression's inputs: score, score / words, 1 / words and a constant."""
    x = np.asarray(scores, dtype=np.float64).reshape(-1)
    inv = 1.0 / np.maximum(np.asarray(words, dtype=np.float64).reshape(-1), 1.0)
    return np.c_[x, x * inv, inv, np.ones(len(x))]


def semantic_probabilities(scores: np.ndarray, words: np.ndarray, coef: np.ndarray | None = None) -> np.ndarray:
    """P(translation), P(related), P(unrelated) of hits scoring `scores` (hubness-corrected
    cosines) for queries of `words` words."""
    coef = np.asarray(SEMANTIC_SCALE if coef is None else coef, dtype=np.float64)
    x = features(scores, np.broadcast_to(words, np.shape(scores)))
    logits = np.c_[x @ coef.T, np.zeros(len(x))]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def semantic_relation(score: float, query: str) -> tuple[Relation, float]:
    """The likeliest relation of a semantic hit to `query`, and P(translation)."""
    p = semantic_probabilities(np.array([score]), np.array([query_words(query)]))[0]
    return RELATIONS[int(p.argmax())], round(float(p[0]), 3)
