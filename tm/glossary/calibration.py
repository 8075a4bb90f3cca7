"""The probability that a kk = ru link is right, from its evidence, and a reader's summary of it.

A logistic model over the evidence `link_terms` records (`pairing.FEATURES`), fitted on
comparable dev splits of FLORES-200 and govdocs (`scripts/eval_glossary.py --fit`), where every
link was judged right or wrong by a word alignment of the full parallel text that the glossary
never sees. Held-out splits check that the probabilities are calibrated (reliability table).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

# fitted by `python scripts/eval_glossary.py --fit` on the dev splits; see the module docstring
COEF: dict[str, float] = {
    "bias": -2.082, "string": 1.713, "rank": 0.0, "context": -0.123, "pairs": 1.352, "assoc": 0.976,
    "near_texts": -1.119, "cognate": 0.589, "composition": 1.348, "freq_gap": -0.230,
    "words_gap": -1.100, "multi": 0.145,
}


def design(features: Mapping[str, float], n_kk: int, n_ru: int) -> dict[str, float]:
    """The model's inputs: the link's evidence, the log of its shared pairs, multi-word or not."""
    x = {k: float(v) for k, v in features.items()}
    x["pairs"] = math.log1p(x.get("pairs", 0.0))
    x["multi"] = float(n_kk > 1 or n_ru > 1)
    if not x["multi"]:
        x["composition"] = 1.0
    return x


def probability(features: Mapping[str, float], n_kk: int = 1, n_ru: int = 1,
                coef: Mapping[str, float] = COEF) -> float:
    x = design(features, n_kk, n_ru)
    z = coef["bias"] + sum(w * x.get(k, 0.0) for k, w in coef.items() if k != "bias")
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def describe(features: Mapping[str, float], n_kk: int = 1, n_ru: int = 1) -> str:
    """What paired the terms, for a reader: `3 shared pairs; embeddings; contexts; cognate;
    word by word`."""
    parts = []
    if features.get("pairs", 0) >= 1:
        n = int(features["pairs"])
        parts.append(f"{n} shared pair{'s' if n > 1 else ''}")
    if features.get("rank", 0) >= 0.5 or features.get("string", 0) > 0:
        parts.append("term embeddings")
    if features.get("context", 0) > 0.02:
        parts.append("contexts")
    if features.get("near_texts", 0) > 0:
        parts.append("similar sentences")
    if features.get("cognate", 0) >= 0.5:
        parts.append("cognate")
    if (n_kk > 1 or n_ru > 1) and features.get("composition", 0) >= 0.8:
        parts.append("word by word")
    return "; ".join(parts)
