"""Termhood: how term-like a candidate is, from frequency, nestedness and general-language use.

C-value (Frantzi et al. 2000): log2(1 + words) * (f(a) - mean f of the longer candidates that
contain a), so a string seen only inside one longer term (істер министрлігі inside Сыртқы істер
министрлігі) scores 0. Single Russian words are weighed down by their general-language
frequency (wordfreq Zipf); Kazakh has no shippable general list, so the Russian side of a pair
speaks for both.
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


@lru_cache(maxsize=100_000)
def general_weight(lemma: str) -> float:
    """1 for rare words, down to 0.3 for the commonest Russian words (Zipf >= 6)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 1.0
    zipf = zipf_frequency(lemma, "ru")
    return 1.0 if zipf < 4.0 else max(0.3, 1.0 - 0.35 * (zipf - 4.0))
