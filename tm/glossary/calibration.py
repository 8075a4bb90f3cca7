"""The probability that a kk = ru link is right, from its evidence, and a reader's summary of it.

A logistic model over the evidence `link_terms` records (`pairing.FEATURES`), fitted on
comparable dev splits of FLORES-200 and govdocs (`scripts/eval_glossary.py --fit`), where every
link was judged right or wrong by a word alignment of the full parallel text that the glossary
never sees. Held-out splits check that the probabilities are calibrated (reliability table).
What evidence means depends on how much of the corpus is paired (with hundreds of pairs, a link
without a shared pair is suspect; with a handful, as between the seed documents, that is the
rule), so a TM with few pairs gets its own coefficients, fitted on dev splits cut to few pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

# fitted by `python scripts/eval_glossary.py --fit` on the dev splits; see the module docstring
COEF: dict[str, float] = {
    "bias": -3.110, "string": 1.335, "rank": 1.253, "context": 0.381, "pairs": 1.981, "assoc": 0.348,
    "near_texts": -1.374, "cognate": 0.123, "composition": 1.212, "freq_gap": 0.235, "words_gap": -1.301,
    "multi": 0.275,
}


# the same model for TMs whose texts are hardly paired (comparable documents such as the seeds:
# mined pairs for under FEW_COVERAGE of the texts), fitted on the dev splits cut to such a TM
COEF_FEW: dict[str, float] = {
    "bias": -1.874, "string": 0.648, "rank": 0.836, "context": 0.378, "pairs": 1.391, "assoc": 0.042,
    "near_texts": 0.887, "cognate": 0.472, "composition": 0.909, "freq_gap": 0.372, "words_gap": -1.435,
    "multi": 0.132,
}
FEW_COVERAGE = 0.2


def coefficients(pairs: int, texts: int) -> dict[str, float]:
    """The model for a TM with `pairs` pairs over `texts` texts on its smaller side."""
    return COEF_FEW if pairs < FEW_COVERAGE * texts else COEF


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
