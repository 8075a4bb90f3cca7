"""What a search hit's number means: one labelled scale per kind of hit.

- fuzzy / exact: the CAT match percentage (100 = the same text), what translators expect;
- concordance: no percentage, the words of the query found in the pair (in any inflected form);
- semantic: a calibrated relation to the query: "probably a translation", "related" or
  "unrelated", with the probability of "translation" beside it.

The semantic relation comes from a three-class multinomial logistic regression on the hit's
score (the cosine corrected for hubness, best of the pair's two sides) and the length mismatch
of query and matched text (a phrase meets sentences at higher cosines than a sentence does, yet
is no translation of one), fitted with `python scripts/fit_semantic_scale.py` on a dev split of
FLORES-200 documents and Tatoeba pairs (translation = the pair holds the query's translation;
related = another sentence of the same document, or, for a phrase query, the sentence it was
cut from; unrelated = another document), classes weighted equally, and checked on a held-out
split. Refit and paste the printed constants when the encoder or the score changes.
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

# Weights of `features` for translation, related; unrelated = 0. multilingual-e5-small-q4.
SEMANTIC_SCALE = (
    (74.346, 4.761, -9.204, -61.168),  # translation
    (59.765, -8.558, 10.973, -49.703),  # related
)


def query_words(query: str) -> int:
    """The number of words of a query, as the scale counts them (at least 1)."""
    return max(1, sum(1 for w in query.split() if any(ch.isalnum() for ch in w)))


def features(scores: np.ndarray, words: np.ndarray, hit_words: np.ndarray) -> np.ndarray:
    """The regression's inputs: the score, the length mismatch L = |log| of the ratio of the
    matched text's words to the query's, score x L, and a constant."""
    x = np.asarray(scores, dtype=np.float64).reshape(-1)
    w = np.maximum(np.asarray(words, dtype=np.float64).reshape(-1), 1.0)
    h = np.maximum(np.asarray(hit_words, dtype=np.float64).reshape(-1), 1.0)
    mismatch = np.abs(np.log(h / w))
    return np.c_[x, mismatch, x * mismatch, np.ones(len(x))]


def semantic_probabilities(scores: np.ndarray, words: np.ndarray, hit_words: np.ndarray,
                           coef: np.ndarray | None = None) -> np.ndarray:
    """P(translation), P(related), P(unrelated) of hits scoring `scores` (hubness-corrected
    cosines) for queries of `words` words on matched texts of `hit_words` words."""
    coef = np.asarray(SEMANTIC_SCALE if coef is None else coef, dtype=np.float64)
    shape = np.shape(scores)
    x = features(scores, np.broadcast_to(words, shape), np.broadcast_to(hit_words, shape))
    logits = np.c_[x @ coef.T, np.zeros(len(x))]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def semantic_relation(score: float, query: str, matched: str) -> tuple[Relation, float]:
    """The likeliest relation to `query` of a semantic hit on the text `matched`, and
    P(translation)."""
    p = semantic_probabilities(np.array([score]), np.array([query_words(query)]),
                               np.array([query_words(matched)]))[0]
    return RELATIONS[int(p.argmax())], round(float(p[0]), 3)
