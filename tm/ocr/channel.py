"""A character channel learned from real OCR: which Latin strings a Cyrillic letter becomes.

Training pairs are (OCR word, clean word) from pages typeset and read back by a real OCR engine
with the wrong language model. Each pair is aligned letter by letter (every Cyrillic letter to
0-4 Latin characters, spurious Latin characters in between) by hard EM: align with the current
costs, count, re-estimate -log2 P(latin | letter), repeat. The counts are bundled as a small
table (`tm/data/ocr_ru_channel.tsv`) that `tm.ocr.confusion.ConfusionModel.learned` reads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

MAX_LAT = 4
START_SUB = 7.0  # any Latin character for any letter, before the first re-estimation
START_INS = 5.5
START_DEL = 6.5


def align(latin: str, cyr: str, costs: dict[tuple[str, str], float], sub: float, ins: float,
          dele: float) -> tuple[float, list[tuple[str, str]]]:
    """The cheapest alignment of `latin` to the Cyrillic word `cyr`: (cost, [(letter, latin)]).

    ("", x) is a spurious Latin string, (letter, "") a letter with no trace; a non-letter that
    is the same on both sides (digits, hyphens) aligns to itself for free.
    """
    n, m = len(latin), len(cyr)
    inf = math.inf
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, str, str] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            if i < n and here + ins < best[i + 1][j]:
                best[i + 1][j] = here + ins
                back[i + 1][j] = (i, j, "", latin[i])
            if j < m:
                ch = cyr[j]
                if here + dele < best[i][j + 1]:
                    best[i][j + 1] = here + dele
                    back[i][j + 1] = (i, j, ch, "")
                for k in range(1, min(MAX_LAT, n - i) + 1):
                    lat = latin[i : i + k]
                    cost = 0.0 if lat == ch else costs.get((ch, lat), sub if k == 1 else inf)
                    if here + cost < best[i + k][j + 1]:
                        best[i + k][j + 1] = here + cost
                        back[i + k][j + 1] = (i, j, ch, lat)
    pairs: list[tuple[str, str]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        i, j, ch, lat = step
        pairs.append((ch, lat))
    return best[n][m], pairs[::-1]


def estimate(pairs: Iterable[tuple[str, str]], prior: dict[tuple[str, str], float], rounds: int = 4,
             ) -> Counter[tuple[str, str]]:
    """Hard-EM alignment counts (letter, latin) over (latin word, Cyrillic word) pairs.

    `prior` (costs in bits) seeds the first alignment; later rounds use costs re-estimated from
    the counts of the round before, with the prior as pseudo-counts worth one observation.
    """
    words = [(lat, cyr) for lat, cyr in pairs if lat and cyr]
    costs, sub, ins, dele = dict(prior), START_SUB, START_INS, START_DEL
    counts: Counter[tuple[str, str]] = Counter()
    for _ in range(rounds):
        counts = Counter()
        for lat, cyr in words:
            total, found = align(lat, cyr, costs, sub, ins, dele)
            if total / max(len(cyr), 1) <= 4.0:  # a pair that does not align is a pairing error
                counts.update(p for p in found if p[0] != p[1])
        costs, sub, ins, dele = costs_from_counts(counts, prior)
    return counts


def costs_from_counts(counts: Counter[tuple[str, str]], prior: dict[tuple[str, str], float],
                      strength: float = 1.0) -> tuple[dict[tuple[str, str], float], float, float, float]:
    """-log2 P(latin | letter) from counts, smoothed by `prior`; and the costs of a generic
    substitution, a spurious Latin character and a dropped letter."""
    per_letter: Counter[str] = Counter()
    for (ch, _lat), n in counts.items():
        per_letter[ch] += n
    prior_mass: dict[str, float] = {}
    for (ch, _lat), cost in prior.items():
        prior_mass[ch] = prior_mass.get(ch, 0.0) + 2.0 ** -cost
    costs: dict[tuple[str, str], float] = {}
    keys = {k for k in counts if k[0] and k[1]} | set(prior)
    for ch, lat in keys:
        p0 = 2.0 ** -prior.get((ch, lat), math.inf) / prior_mass.get(ch, 1.0) if (ch, lat) in prior else 0.0
        total = per_letter[ch] + strength
        q = (counts.get((ch, lat), 0) + strength * p0) / total
        if q > 0:
            costs[(ch, lat)] = -math.log2(q)
    letters = sum(n for (ch, _), n in counts.items() if ch)
    latin = sum(n * len(lat) for (_, lat), n in counts.items() if lat)
    single = sum(n for (ch, lat), n in counts.items() if ch and len(lat) == 1)
    rare_single = sum(n for (ch, lat), n in counts.items() if ch and len(lat) == 1 and n <= 2)
    ins = -math.log2(max(sum(n for (ch, _), n in counts.items() if not ch), 1) / max(latin, 1))
    dele = -math.log2(max(sum(n for (_, lat), n in counts.items() if not lat), 1) / max(letters, 1))
    sub = -math.log2(max(rare_single, 1) / max(single, 1) / 30)
    return costs, sub, ins, dele
