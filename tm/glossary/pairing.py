"""Pairing kk and ru terms, for parallel and for comparable corpora.

Evidence for a kk term a and a ru term b:

- string similarity: cosine of the e5 embeddings of their dictionary forms, rescaled by CSLS
  (Conneau et al. 2018: 2cos - the mean cosine of each to its 10 nearest neighbours on the other
  side), since some strings are close to everything ("hubs");
- context similarity: cosine of the mean embeddings of the segments each term occurs in, also
  CSLS (comparable texts: a term and its translation are used in sentences about the same thing);
- co-occurrence in the TM's aligned or mined pairs: the share of the rarer term's pairs that
  hold the other (overlap coefficient) smoothed toward 1/2 by PRIOR_PAIRS pseudo-observations
  and signed, so that terms seen in many pairs but rarely together count against a link and a
  pair or two count little either way (a parallel corpus is decided by this, a comparable one
  has few pairs); a few shared pairs count for a link only when the strings agree;
- cognates: character similarity of the folded forms (технология / технология, министрлік /
  министерство), common between Kazakh and Russian terms;
- frequency agreement: texts on the same topics use a term and its translation about equally
  often, so a large gap between their relative frequencies (log ratio) counts against a link
  (Fung 1995's observation for comparable corpora);
- composition: a multi-word term translates word by word more often than not, so the words of
  the two sides are matched one-to-one by word-level evidence (CSLS of the words' embeddings,
  cognates, and the links found between one-word terms first) and the unmatched share counts
  against the link (Иран = рация Ирана, ашық дипломатия = виртуальная дипломатия).

The evidence is summed, candidates must be among each other's best few, and links are resolved
one-to-one greedily, best first (competitive linking, Melamed 2000): one-word terms first, whose
links then serve as word translations for the longer ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

NEIGHBOURS = 10  # CSLS neighbourhood
SHORTLIST = 12  # per term, the best candidates by similarity that are scored in full
MUTUAL = 3  # a link needs each side among the other's MUTUAL best
MIN_SCORE = 0.02
W_DICE = 0.5  # evidence weights, in units of CSLS cosine
PRIOR_PAIRS = 4  # pseudo-observations of co-occurrence 1/2
W_CONTEXT = 0.5
TRUSTED_PAIRS = 3  # pairs holding both that count without agreeing strings
W_SIMILAR = 0.15  # co-occurrence in nearest-neighbour texts
TRUSTED_SIMILAR = 2
W_COGNATE = 0.15
COGNATE_STEM = 4  # letters in a row that cognates share
W_COMPOSITION = 0.3  # per unit of unmatched word share (1 - Composition)
UNKNOWN = 0.75  # the match of two words in a term pair with no evidence either way
WORD_RANK = 4  # a word whose CSLS rank among the other's candidates is 0 matches fully, 4 not
W_FREQ = 0.03  # per unit of |log relative-frequency ratio|
CONFIDENT = 0.15  # evidence at which a link's confidence is 1 - 1/e
# the evidence a link records, for calibration and for the glossary's `evidence` column
FEATURES = ("string", "rank", "context", "pairs", "assoc", "near_texts", "cognate", "composition",
            "freq_gap", "words_gap")


@dataclass(frozen=True)
class Lexicon:
    """Words of one side's terms: word keys (as in the term keys) and e5 embeddings of a form."""

    keys: list[str]
    vectors: np.ndarray  # (n, d)


@dataclass(frozen=True)
class Side:
    """The terms of one language: keys, dictionary forms, word counts, vectors."""

    keys: list[str]
    forms: list[str]
    words: np.ndarray  # int, words per term
    vectors: np.ndarray  # (n, d) e5 embeddings of the forms
    context: np.ndarray | None = None  # (n, d) mean embeddings of the segments they occur in
    freqs: np.ndarray | None = None  # (n,) occurrences of each term in its side's texts
    lexicon: Lexicon | None = None  # the words of the terms, for the composition evidence



@dataclass(frozen=True)
class Link:
    kk: str  # key
    ru: str
    score: float  # confidence, 0..1
    dice: float
    cos: float
    together: int  # sentence pairs holding both
    evidence: float = 0.0  # the summed evidence, which orders the one-to-one resolution
    features: dict[str, float] = field(default_factory=dict)  # each kind of evidence, see FEATURES


def _csls(sim: np.ndarray) -> np.ndarray:
    k_row = min(NEIGHBOURS, sim.shape[1])
    k_col = min(NEIGHBOURS, sim.shape[0])
    r_row = np.partition(sim, sim.shape[1] - k_row, axis=1)[:, -k_row:].mean(axis=1)
    r_col = np.partition(sim, sim.shape[0] - k_col, axis=0)[-k_col:, :].mean(axis=0)
    return 2 * sim - r_row[:, None] - r_col[None, :]


def _mutual_rank(cos: np.ndarray, a: int, b: int) -> float:
    """1 when each term is the other's nearest by embedding, 1/2 when second, ... (the mean of
    both directions): ranks, unlike CSLS, do not fall when near-synonyms crowd a neighbourhood
    (цифровая / традиционная / электронная дипломатия)."""
    here = cos[a, b]
    return 0.5 / (1 + int((cos[a] > here).sum())) + 0.5 / (1 + int((cos[:, b] > here).sum()))


def _cognate(a: str, b: str) -> float:
    """0..1: how many words of the longer term have a look-alike in the other (цифрлық
    дипломатия / цифровая дипломатия), each scored by `_word_cognate`; words without one
    count 0 (Азия / центральная Азия: 0.5)."""
    from tm.morph.keys import fold

    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) < len(wb):
        wa, wb = wb, wa
    return sum(max(_word_cognate(x, y) for y in wb) for x in wa) / len(wa)


def _word_cognate(a: str, b: str) -> float:
    """0..1 for two folded words: their rapidfuzz ratio beyond 0.6, when they share a stretch
    of COGNATE_STEM letters (the whole shorter word if shorter): in short words the ratio
    rewards chance letters (шолу / шоу, форум / форма, ос / оз are no cognates)."""
    from rapidfuzz.fuzz import ratio

    r = max(0.0, ratio(a, b) / 100 - 0.6) / 0.4
    if r and _common_stretch(a, b) < min(COGNATE_STEM, len(a), len(b)):
        return 0.0
    return r


def _common_stretch(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best, prev = 0, [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


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
    context = np.zeros_like(sim)
    if kk.context is not None and ru.context is not None:
        context = _csls(kk.context @ ru.context.T)
        sim = sim + W_CONTEXT * context
    sim[np.abs(kk.words[:, None] - ru.words[None, :]) > 1] = -np.inf
    gap = np.zeros_like(sim)
    if kk.freqs is not None and ru.freqs is not None:
        rel_kk = np.log((kk.freqs + 1) / (kk.freqs.sum() + 1))
        rel_ru = np.log((ru.freqs + 1) / (ru.freqs.sum() + 1))
        gap = np.abs(rel_kk[:, None] - rel_ru[None, :])
        sim = sim - W_FREQ * gap

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
    features: dict[tuple[int, int], dict[str, float]] = {}
    for a, b in candidates:
        if not np.isfinite(sim[a, b]):
            continue
        t = together.get((a, b), 0)
        dice = 2 * t / (n_kk[a] + n_ru[b]) if t else 0.0
        assoc = association(t, min(n_kk[a], n_ru[b]))
        if t < TRUSTED_PAIRS and ((a, b) not in similar or string[a, b] <= 0):
            dice, assoc = 0.0, min(0.0, assoc)  # a few shared pairs count only when the strings agree
        dice_of[(a, b)] = dice
        st = s_together.get((a, b), 0)
        soft = 2 * st / (s_kk[a] + s_ru[b]) if st >= TRUSTED_SIMILAR or st and (a, b) in similar else 0.0
        cognate = _cognate(kk.forms[a], ru.forms[b])
        total[a, b] = sim[a, b] + W_DICE * assoc + W_SIMILAR * soft * st / (st + 1) + W_COGNATE * cognate
        features[(a, b)] = {
            "string": float(string[a, b]), "rank": _mutual_rank(cos, a, b),
            "context": float(context[a, b]), "pairs": float(t),
            "assoc": float(assoc), "near_texts": float(soft * st / (st + 1)), "cognate": cognate,
            "composition": 1.0, "freq_gap": float(gap[a, b]),
            "words_gap": float(abs(int(kk.words[a]) - int(ru.words[b]))),
        }

    # one-word terms first: their links are word translations for the composition evidence
    single = [(a, b) for a, b in dice_of if kk.words[a] == 1 and ru.words[b] == 1]
    words = _resolve(single, total, kk, ru, blocked, taken_kk, taken_ru)
    if kk.lexicon is not None and ru.lexicon is not None:
        agree = Composition(kk.lexicon, ru.lexicon, {(kk.keys[a], ru.keys[b]) for a, b in words})
        for a, b in dice_of:
            if kk.words[a] > 1 or ru.words[b] > 1:
                features[(a, b)]["composition"] = match = agree(kk.keys[a], ru.keys[b])
                total[a, b] -= W_COMPOSITION * (1 - match)
    else:
        for a, b in dice_of:
            total[a, b] -= W_COMPOSITION / 3 * abs(int(kk.words[a]) - int(ru.words[b]))

    # each side among the other's MUTUAL best
    k_row, k_col = min(MUTUAL, total.shape[1]), min(MUTUAL, total.shape[0])
    row_floor = np.partition(total, total.shape[1] - k_row, axis=1)[:, -k_row]
    col_floor = np.partition(total, total.shape[0] - k_col, axis=0)[-k_col, :]
    mutual = [(a, b) for a, b in dice_of
              if total[a, b] >= row_floor[a] and total[a, b] >= col_floor[b]]
    return [Link(kk.keys[a], ru.keys[b], confidence(float(total[a, b])), dice_of[(a, b)],
                 float(cos[a, b]), together.get((a, b), 0), float(total[a, b]), features[(a, b)])
            for a, b in _resolve(mutual, total, kk, ru, blocked, taken_kk, taken_ru)]


def association(together: int, rarer: int) -> float:
    """Signed co-occurrence evidence, -1..1: the overlap coefficient (pairs holding both terms
    over pairs holding the rarer one, since a translation shows wherever the rarer of the two
    does) smoothed toward 1/2 by PRIOR_PAIRS pseudo-observations, as 2p - 1. 0 when the pairs
    miss either term (comparable texts pair in part, so absence from the pairs says nothing)."""
    return (2 * together - rarer) / (rarer + PRIOR_PAIRS)


def confidence(evidence: float) -> float:
    """0..1 from summed evidence: 0 up to MIN_SCORE, 1 - 1/e at CONFIDENT, then saturating, so
    that evidence still orders weak links while strong ones are ranked by salience alone."""
    return 1 - math.exp(-max(0.0, evidence - MIN_SCORE) / (CONFIDENT - MIN_SCORE))


def _resolve(cands: list[tuple[int, int]], total: np.ndarray, kk: Side, ru: Side,
             blocked: set[tuple[str, str]], taken_kk: set[str], taken_ru: set[str]) -> list[tuple[int, int]]:
    """Competitive linking: best evidence first, each term in one link at most."""
    order = sorted(((a, b) for a, b in cands if total[a, b] >= MIN_SCORE
                    and (kk.keys[a], ru.keys[b]) not in blocked
                    and kk.keys[a] not in taken_kk and ru.keys[b] not in taken_ru),
                   key=lambda ab: (-float(total[ab]), kk.keys[ab[0]], ru.keys[ab[1]]))
    used_kk, used_ru, out = set(), set(), []
    for a, b in order:
        if a in used_kk or b in used_ru:
            continue
        used_kk.add(a)
        used_ru.add(b)
        out.append((a, b))
    return out


class Composition:
    """How well two terms match word by word, 0..1.

    Words are matched one-to-one, best first, each pair scored by the strongest of its
    word-level evidence: a link between the one-word terms; cognates; the rank of one word among
    the other's nearest by CSLS of the word embeddings (1 for the nearest, down to 0 at
    WORD_RANK, the better of the two directions, since e5's absolute similarities of lone words
    vary more than their order). Two words without such evidence match UNKNOWN, more likely than
    not (e5 knows too little of Kazakh желі to say either way), unless one of them is known to
    translate otherwise by a link of its one-word term (e5's mutual nearest words are too often
    chance: желі / вилла), and a linked word takes no other by embeddings. Facing a single
    word, the other side's remaining words may match it too, by a link, cognate or compound
    part only: a compound translates several words (жер сілкінісі = землетрясение, жер being
    linked to земля, a part of землетрясение). The result is the mean over the words
    of both sides of their match, as in Dice; a word with no counterpart (рация in Иран = рация
    Ирана) counts 0.
    """

    def __init__(self, kk: Lexicon, ru: Lexicon, links: set[tuple[str, str]]) -> None:
        self.near_ru = self.near_kk = {}  # word -> {its nearest words: rank}, WORD_RANK of them
        if kk.keys and ru.keys:
            csls = _csls(kk.vectors @ ru.vectors.T)
            self.near_ru = _nearest(csls, kk.keys, ru.keys)
            self.near_kk = _nearest(csls.T, ru.keys, kk.keys)
        self.links = links
        self.partners: dict[str, set[str]] = {}  # each linked word's partners
        for a, b in links:
            self.partners.setdefault(a, set()).add(b)
            self.partners.setdefault(b, set()).add(a)
        self._cache: dict[tuple[str, str, bool], float] = {}

    def evidence(self, a: str, b: str, *, embeddings: bool = True) -> float:
        """The word-level evidence that kk word `a` translates ru word `b` (or a part of it).
        A word linked to another has that one as its translation (one-to-one at the word level
        too), so embeddings no longer speak for it."""
        if (a, b) in self.links:
            return 1.0
        embeddings = embeddings and a not in self.partners and b not in self.partners
        got = self._cache.get((a, b, embeddings))
        if got is None:
            emb = 0.0
            if embeddings:
                rank = min(self.near_ru.get(a, {}).get(b, WORD_RANK),
                           self.near_kk.get(b, {}).get(a, WORD_RANK))
                emb = 1 - rank / WORD_RANK
            part = any(_part_of(p, b) for p in self.partners.get(a, ())) \
                or any(_part_of(p, a) for p in self.partners.get(b, ()))
            got = self._cache[(a, b, embeddings)] = max(emb, _word_cognate(a, b), float(part))
        return got

    def word(self, a: str, b: str) -> float:
        got = self.evidence(a, b)
        if got < UNKNOWN and a not in self.partners and b not in self.partners:
            return UNKNOWN
        return got

    def __call__(self, kk_key: str, ru_key: str) -> float:
        wa, wb = kk_key.split(" "), ru_key.split(" ")
        scores = sorted(((self.word(x, y), i, j) for i, x in enumerate(wa) for j, y in enumerate(wb)),
                        reverse=True)
        got_a, got_b = [0.0] * len(wa), [0.0] * len(wb)
        for score, i, j in scores:
            if got_a[i] or got_b[j] or not score:
                continue
            got_a[i] = got_b[j] = score
        if len(wb) == 1:
            got_a = [g or self.evidence(x, wb[0], embeddings=False) for g, x in zip(got_a, wa)]
        if len(wa) == 1:
            got_b = [g or self.evidence(wa[0], y, embeddings=False) for g, y in zip(got_b, wb)]
        return (sum(got_a) + sum(got_b)) / (len(wa) + len(wb))


def _nearest(sim: np.ndarray, rows: list[str], cols: list[str]) -> dict[str, dict[str, int]]:
    """Each row's WORD_RANK most similar columns with their ranks (0 = the nearest)."""
    k = min(WORD_RANK, sim.shape[1])
    top = np.argpartition(-sim, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(sim, top, axis=1), axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    return {rows[i]: {cols[j]: r for r, j in enumerate(top[i])} for i in range(len(rows))}


def _part_of(word: str, compound: str) -> bool:
    """Is `word` (less its last two letters, an ending's room) a part of a longer `compound`
    (земля in землетрясение, видео in видеоигра)?"""
    stem = word[:max(4, len(word) - 2)]
    return len(stem) >= 4 and len(compound) > len(word) and stem in compound
