"""Pairing kk and ru terms, for parallel and for comparable corpora.

Evidence for a kk term a and a ru term b:

- string similarity: cosine of the e5 embeddings of their dictionary forms, rescaled by CSLS
  (Conneau et al. 2018: 2cos - the mean cosine of each to its 10 nearest neighbours on the other
  side), since some strings are close to everything ("hubs");
- context similarity: cosine of the mean embeddings of the segments each term occurs in, also
  CSLS (comparable texts: a term and its translation are used in sentences about the same thing);
- co-occurrence in the TM's aligned or mined pairs: Dice, trusted by how many pairs hold both
  (a parallel corpus is decided by this, a comparable one has few pairs);
- cognates: character similarity of the folded forms (технология / технология, министрлік /
  министерство), common between Kazakh and Russian terms;
- frequency agreement: texts on the same topics use a term and its translation about equally
  often, so a large gap between their relative frequencies (log ratio) counts against a link
  (Fung 1995's observation for comparable corpora).

The evidence is summed, candidates must be among each other's best few, and links are resolved
one-to-one greedily, best first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NEIGHBOURS = 10  # CSLS neighbourhood
SHORTLIST = 12  # per term, the best candidates by similarity that are scored in full
MUTUAL = 3  # a link needs each side among the other's MUTUAL best
MIN_SCORE = 0.02
W_DICE = 0.5  # evidence weights, in units of CSLS cosine
W_CONTEXT = 0.5
TRUSTED_PAIRS = 3  # pairs holding both that count without agreeing strings
W_SIMILAR = 0.15  # co-occurrence in nearest-neighbour texts
TRUSTED_SIMILAR = 2
W_COGNATE = 0.15
W_LENGTH = 0.05
W_FREQ = 0.03  # per unit of |log relative-frequency ratio|
CONFIDENT = 0.15  # evidence at which a link's confidence reaches 1


@dataclass(frozen=True)
class Side:
    """The terms of one language: keys, dictionary forms, word counts, vectors."""

    keys: list[str]
    forms: list[str]
    words: np.ndarray  # int, words per term
    vectors: np.ndarray  # (n, d) e5 embeddings of the forms
    context: np.ndarray | None = None  # (n, d) mean embeddings of the segments they occur in
    freqs: np.ndarray | None = None  # (n,) occurrences of each term in its side's texts


@dataclass(frozen=True)
class Link:
    kk: str  # key
    ru: str
    score: float  # confidence, 0..1
    dice: float
    cos: float
    together: int  # sentence pairs holding both
    evidence: float = 0.0  # the summed evidence, which orders the one-to-one resolution


def _csls(sim: np.ndarray) -> np.ndarray:
    k_row = min(NEIGHBOURS, sim.shape[1])
    k_col = min(NEIGHBOURS, sim.shape[0])
    r_row = np.partition(sim, sim.shape[1] - k_row, axis=1)[:, -k_row:].mean(axis=1)
    r_col = np.partition(sim, sim.shape[0] - k_col, axis=0)[-k_col:, :].mean(axis=0)
    return 2 * sim - r_row[:, None] - r_col[None, :]


def _cognate(a: str, b: str) -> float:
    """0..1: how many words of the longer term have a look-alike in the other (цифрлық
    дипломатия / цифровая дипломатия), each scored by its rapidfuzz ratio beyond 0.6; words
    without one count 0 (Азия / центральная Азия: 0.5)."""
    from rapidfuzz.fuzz import ratio

    from tm.morph.keys import fold

    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) < len(wb):
        wa, wb = wb, wa
    best = [max(ratio(x, y) for y in wb) / 100 for x in wa]
    return sum(max(0.0, r - 0.6) / 0.4 for r in best) / len(best)


def _cooccurrence(occurrences: Sequence[tuple[set[str], set[str]]], kk_index: dict[str, int],
                  ru_index: dict[str, int]) -> tuple[Counter[int], Counter[int], Counter[tuple[int, int]]]:
    n_kk: Counter[int] = Counter()
    n_ru: Counter[int] = Counter()
    together: Counter[tuple[int, int]] = Counter()
    for kk_keys, ru_keys in occurrences:
        a_ids = [kk_index[a] for a in kk_keys if a in kk_index]
        b_ids = [ru_index[b] for b in ru_keys if b in ru_index]
        n_kk.update(a_ids)
        n_ru.update(b_ids)
        together.update((a, b) for a in a_ids for b in b_ids)
    return n_kk, n_ru, together


def link_terms(
    kk: Side,
    ru: Side,
    occurrences: Sequence[tuple[set[str], set[str]]],
    similar_texts: Sequence[tuple[set[str], set[str]]] = (),
    *,
    blocked: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    taken_kk: set[str] = frozenset(),  # type: ignore[assignment]
    taken_ru: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Link]:
    """One-to-one links between kk and ru terms; `occurrences` = per TM pair (kk keys, ru keys);
    `similar_texts` = the same for kk and ru texts that are each other's nearest neighbours
    without being aligned (comparable texts: a soft alignment, weaker evidence)."""
    if not kk.keys or not ru.keys:
        return []
    cos = kk.vectors @ ru.vectors.T
    string = _csls(cos)
    sim = string.copy()
    if kk.context is not None and ru.context is not None:
        sim = sim + W_CONTEXT * _csls(kk.context @ ru.context.T)
    sim[np.abs(kk.words[:, None] - ru.words[None, :]) > 1] = -np.inf
    if kk.freqs is not None and ru.freqs is not None:
        rel_kk = np.log((kk.freqs + 1) / (kk.freqs.sum() + 1))
        rel_ru = np.log((ru.freqs + 1) / (ru.freqs.sum() + 1))
        sim = sim - W_FREQ * np.abs(rel_kk[:, None] - rel_ru[None, :])

    kk_index = {k: i for i, k in enumerate(kk.keys)}
    ru_index = {k: i for i, k in enumerate(ru.keys)}
    n_kk, n_ru, together = _cooccurrence(occurrences, kk_index, ru_index)
    s_kk, s_ru, s_together = _cooccurrence(similar_texts, kk_index, ru_index)

    shortlist = min(SHORTLIST, sim.shape[1])
    rows = np.argpartition(-sim, shortlist - 1, axis=1)[:, :shortlist]
    similar = {(a, int(b)) for a in range(sim.shape[0]) for b in rows[a]}
    candidates = similar | set(together)
    total = np.full(sim.shape, -np.inf, dtype=np.float32)
    dice_of: dict[tuple[int, int], float] = {}
    for a, b in candidates:
        if not np.isfinite(sim[a, b]):
            continue
        t = together.get((a, b), 0)
        dice = 2 * t / (n_kk[a] + n_ru[b]) if t else 0.0
        if t < TRUSTED_PAIRS and ((a, b) not in similar or string[a, b] <= 0):
            dice = 0.0  # a few shared pairs count only when the strings agree
        dice_of[(a, b)] = dice
        st = s_together.get((a, b), 0)
        soft = 2 * st / (s_kk[a] + s_ru[b]) if st >= TRUSTED_SIMILAR or st and (a, b) in similar else 0.0
        total[a, b] = sim[a, b] + W_DICE * dice * t / (t + 1) + W_SIMILAR * soft * st / (st + 1) \
            + W_COGNATE * _cognate(kk.forms[a], ru.forms[b]) \
            - W_LENGTH * abs(int(kk.words[a]) - int(ru.words[b]))

    # each side among the other's MUTUAL best
    k_row, k_col = min(MUTUAL, total.shape[1]), min(MUTUAL, total.shape[0])
    row_floor = np.partition(total, total.shape[1] - k_row, axis=1)[:, -k_row]
    col_floor = np.partition(total, total.shape[0] - k_col, axis=0)[-k_col, :]
    links = []
    for (a, b), dice in dice_of.items():
        s = float(total[a, b])
        if s < MIN_SCORE or s < row_floor[a] or s < col_floor[b]:
            continue
        if (kk.keys[a], ru.keys[b]) in blocked or kk.keys[a] in taken_kk or ru.keys[b] in taken_ru:
            continue
        links.append(Link(kk.keys[a], ru.keys[b], min(1.0, s / CONFIDENT), dice, float(cos[a, b]),
                          together.get((a, b), 0), s))
    links.sort(key=lambda x: (-x.evidence, -x.together, x.kk, x.ru))
    used_kk, used_ru, out = set(), set(), []
    for link in links:
        if link.kk in used_kk or link.ru in used_ru:
            continue
        used_kk.add(link.kk)
        used_ru.add(link.ru)
        out.append(link)
    return out
