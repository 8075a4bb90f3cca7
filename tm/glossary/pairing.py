"""Pairing kk and ru terms from the TM's pairs: co-occurrence plus embedding similarity.

For every pair of candidates (a, b) that occur in one sentence pair: Dice over pairs, and the
cosine of their dictionary forms (e5 `query:` embeddings) measured against how similar a is to
the other candidates of the same sentence pair (a competitive margin, since random kk-ru strings
already reach ~0.75). The two are combined and resolved one-to-one greedily, so a term seen
once pairs when it sits in an aligned pair and the embedding agrees.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Link:
    kk: str  # key
    ru: str
    score: float
    dice: float
    cos: float
    together: int  # sentence pairs holding both


def link_terms(
    occurrences: Sequence[tuple[set[str], set[str]]],
    vectors: dict[tuple[str, str], np.ndarray],
    lengths: dict[tuple[str, str], int],
    *,
    blocked: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    taken_kk: set[str] = frozenset(),  # type: ignore[assignment]
    taken_ru: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Link]:
    """One-to-one links between kk and ru keys; `occurrences` = per sentence pair (kk keys, ru keys)."""
    n_kk: Counter[str] = Counter()
    n_ru: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    margin: dict[tuple[str, str], float] = defaultdict(float)
    cosine: dict[tuple[str, str], float] = {}
    for kk_keys, ru_keys in occurrences:
        n_kk.update(kk_keys)
        n_ru.update(ru_keys)
        a_list = [a for a in kk_keys if ("kk", a) in vectors]
        b_list = [b for b in ru_keys if ("ru", b) in vectors]
        if not a_list or not b_list:
            continue
        va = np.stack([vectors[("kk", a)] for a in a_list])
        vb = np.stack([vectors[("ru", b)] for b in b_list])
        sim = va @ vb.T
        best_row = sim.max(axis=1, keepdims=True)
        best_col = sim.max(axis=0, keepdims=True)
        # margin: 0 for the mutual best, negative by how far below the best in row and column
        local = sim - 0.5 * (best_row + best_col)
        for i, a in enumerate(a_list):
            la = lengths[("kk", a)]
            for j, b in enumerate(b_list):
                if abs(la - lengths[("ru", b)]) > 1:
                    continue
                key = (a, b)
                together[key] += 1
                margin[key] = max(margin.get(key, -1.0), float(local[i, j]))
                cosine[key] = float(sim[i, j])
    if not cosine:
        return []
    cos_values = np.array(list(cosine.values()))
    base = float(np.median(cos_values))
    top = float(cos_values.max())
    links = []
    for (a, b), t in together.items():
        if (a, b) in blocked or a in taken_kk or b in taken_ru:
            continue
        dice = 2 * t / (n_kk[a] + n_ru[b])
        emb = max(0.0, (cosine[(a, b)] - base) / max(1e-6, top - base))
        agree = 1.0 if margin[(a, b)] >= -1e-6 else max(0.0, 1.0 + 10 * margin[(a, b)])
        score = (0.45 * dice + 0.55 * emb) * agree
        if score > 0.05:
            links.append(Link(a, b, score, dice, cosine[(a, b)], t))
    links.sort(key=lambda x: (-x.score, -x.together, x.kk, x.ru))
    used_kk, used_ru, out = set(), set(), []
    for link in links:
        if link.kk in used_kk or link.ru in used_ru:
            continue
        used_kk.add(link.kk)
        used_ru.add(link.ru)
        out.append(link)
    return out
