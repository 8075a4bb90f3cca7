"""Termhood: how term-like a candidate is, from frequency, nestedness and general-language use.

C-value (Frantzi et al. 2000): log2(1 + words) * (f(a) - mean f of the longer candidates that
contain a), so a string seen only inside one longer term (істер министрлігі inside Сыртқы істер
министрлігі) scores 0. Single words are weighed down by their general-language frequency:
Russian by wordfreq's Zipf; Kazakh, which wordfreq lacks, by an estimate from the bundled
encoder's unigram model (trained on CC-100, Kazakh included): Zipf = a + b * log-probability of
the word + c * its length, fitted by scripts/fit_general_kk.py (correlation 0.6 with wordfreq on
Russian lemmas; the Kazakh offset matches the median of Tatoeba's Kazakh to its Russian).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache


def c_values(freq: Mapping[str, int]) -> dict[str, float]:
    """C-value of each key (words separated by spaces) among the keys in `freq`."""
    containers: dict[str, list[int]] = {}
    for key, f in freq.items():
        words = key.split(" ")
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i:i + n])
                if sub in freq:
                    containers.setdefault(sub, []).append(f)
    out = {}
    for key, f in freq.items():
        n = key.count(" ") + 1
        longer = containers.get(key)
        nested = sum(longer) / len(longer) if longer else 0.0
        out[key] = math.log2(1 + n) * max(0.0, f - nested) if longer else math.log2(1 + n) * f
    return out


KK_ZIPF = (5.5246, 0.0778, 0.0216)  # a, b, c: see the module docstring


@lru_cache(maxsize=100_000)
def general_weight(lemma: str, lang: str = "ru") -> float:
    """1 for rare words, down to 0.3 for the commonest words (Zipf >= 6)."""
    zipf = general_zipf(lemma, lang)
    return 1.0 if zipf < 4.0 else max(0.3, 1.0 - 0.35 * (zipf - 4.0))


def general_zipf(word: str, lang: str) -> float:
    """How common `word` is in general language, on wordfreq's Zipf scale."""
    if lang == "kk":
        a, b, c = KK_ZIPF
        return a + b * piece_log_prob(word) + c * len(word)
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    return zipf_frequency(word, "ru")


@lru_cache(maxsize=100_000)
def piece_log_prob(word: str) -> float:
    """The log-probability of `word` under the bundled encoder's unigram tokeniser model."""
    return _tokenizer().log_prob(word)


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202
    from tm.encoders.e5bin import E5Bin, bundled_model_path
    from tm.encoders.e5tokenizer import E5PieceTokenizer

    return E5PieceTokenizer.for_model(E5Bin(bundled_model_path()))
