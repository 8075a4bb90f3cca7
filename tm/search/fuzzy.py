"""Fuzzy matches with a CAT-style percentage, robust to Kazakh and Russian inflection.

The score is a word-level edit distance (Damerau: an adjacent swap costs one edit) in which a
word pair costs what its difference is worth to a translator:

- same surface: 0; differs only in case or look-alike letters (same `fold`): 0.02;
- same key, other ending (дипломатия / дипломатияның, дипломатия / дипломатии): 0.12;
- no common key but a common beginning of 5+ letters and endings of at most 4: 0.2;
- different words: 1, or down to 0.5 when the characters almost agree (a typo, OCR damage);
- a word missing or extra: 1.

percentage = 100 * (1 - cost / max(words)), minus 1 per punctuation difference, then banded as
CAT tools band it: 100 only for texts equal after whitespace and quote/dash normalisation;
95-99 when only punctuation, case, look-alike letters or endings differ; at most 94 as soon as
one word differs. Candidates come from the FTS5 key table (rare keys first), so only a few
dozen pairs are scored per query whatever the size of the TM.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from tm.search.index import key_frequencies
from tm.search.text import Lang, Word, normalise, punctuation, words
from tm.store import Store

FOLD_COST = 0.02
INFLECTION_COST = 0.12
STEM_COST = 0.2
STEM_PREFIX, STEM_TAIL = 5, 4
MIN_PERCENT = 50.0
CANDIDATES = 40
POOL = 400  # FTS5 hits re-ranked by shared keys before CANDIDATES of them are aligned
RARE_KEYS = 8  # a segment scoring >= 50% shares some of the query's rarest words


@dataclass(frozen=True)
class Diff:
    """One difference between the query and a TM segment, for the explanation."""

    kind: str  # case / inflection / changed / missing / extra / order / punctuation
    query: str = ""
    segment: str = ""

    def __str__(self) -> str:
        if self.kind in {"case", "inflection", "changed", "order"}:
            return f"{self.kind}: {self.query} -> {self.segment}"
        if self.kind == "missing":
            return f"missing: {self.segment}"
        if self.kind == "extra":
            return f"extra: {self.query}"
        return f"punctuation: {self.query or '-'} -> {self.segment or '-'}"


@dataclass(frozen=True)
class FuzzyScore:
    percent: float
    diffs: tuple[Diff, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(str(d) for d in self.diffs) or "identical"


def _costs(q: list[Word], s: list[Word]) -> tuple[np.ndarray, np.ndarray]:
    """Substitution costs (n x m) and kinds (0 same, 1 case, 2 inflection, 3 changed)."""
    from rapidfuzz.distance import Indel, Prefix
    from rapidfuzz.process import cdist

    qf, sf = [w.folded for w in q], [w.folded for w in s]
    sim = cdist(qf, sf, scorer=Indel.normalized_similarity, dtype=np.float32)
    prefix = cdist(qf, sf, scorer=Prefix.similarity, dtype=np.int32)
    longest = np.maximum.outer(np.array([len(w) for w in qf]), np.array([len(w) for w in sf]))
    same_surface = np.equal.outer(np.array([w.surface for w in q], dtype=object),
                                  np.array([w.surface for w in s], dtype=object))
    same_fold = np.equal.outer(np.array(qf, dtype=object), np.array(sf, dtype=object))
    qk = np.array([w.key or f"\0{i}" for i, w in enumerate(q)], dtype=object)
    same_key = np.equal.outer(qk, np.array([w.key for w in s], dtype=object))
    same_stem = (prefix >= STEM_PREFIX) & (longest - prefix <= STEM_TAIL)
    changed = 1.0 - 0.5 * np.clip((sim - 0.6) / 0.4, 0.0, 1.0)
    cost = np.select([same_surface, same_fold, same_key, same_stem],
                     [0.0, FOLD_COST, INFLECTION_COST, STEM_COST], changed)
    kind = np.select([same_surface, same_fold, same_key | same_stem], [0, 1, 2], 3)
    return cost, kind


def _floor(sub: np.ndarray) -> float:
    """A lower bound of the edit cost: each word is matched at its cheapest or dropped."""
    n, m = sub.shape
    rows = float(np.minimum(sub.min(axis=1), 1.0).sum()) + max(0, m - n)
    cols = float(np.minimum(sub.min(axis=0), 1.0).sum()) + max(0, n - m)
    return max(rows, cols, float(abs(n - m)))


def _distances(q: list[Word], s: list[Word], sub: np.ndarray) -> np.ndarray:
    """The weighted Damerau-Levenshtein table, one row at a time (insertions by a running min)."""
    n, m = sub.shape
    qk = np.array([w.key for w in q], dtype=object)
    sk = np.array([w.key for w in s], dtype=object)
    # swap[i, j]: q[i-1..i] and s[j-1..j] are the same two keys in the other order
    swap = np.zeros((n + 1, m + 1), dtype=bool)
    if n > 1 and m > 1:
        swap[2:, 2:] = (np.equal.outer(qk[1:], sk[:-1]) & np.equal.outer(qk[:-1], sk[1:])
                        & (qk[1:] != qk[:-1])[:, None])
    dist = np.empty((n + 1, m + 1))
    dist[0] = np.arange(m + 1)
    steps = np.arange(m + 1, dtype=float)
    for i in range(1, n + 1):
        best = np.empty(m + 1)
        best[0] = i
        best[1:] = np.minimum(dist[i - 1, 1:] + 1.0, dist[i - 1, :-1] + sub[i - 1])
        if i > 1:
            best[2:] = np.where(swap[i, 2:], np.minimum(best[2:], dist[i - 2, :-2] + 1.0), best[2:])
        dist[i] = np.minimum.accumulate(best - steps) + steps
    return dist


def _align(q: list[Word], s: list[Word], sub: np.ndarray, kinds: np.ndarray) -> tuple[float, list[Diff]]:
    """Weighted Damerau-Levenshtein over words, with the edit script for the explanation."""
    n, m = sub.shape
    dist = _distances(q, s, sub)
    names = ("", "case", "inflection", "changed")
    diffs: list[Diff] = []
    i, j = n, m
    while i > 0 or j > 0:
        here = dist[i][j]
        if i > 0 and j > 0 and abs(here - (dist[i - 1][j - 1] + sub[i - 1][j - 1])) < 1e-9:
            kind = names[kinds[i - 1][j - 1]]
            if kind:
                diffs.append(Diff(kind, q[i - 1].surface, s[j - 1].surface))
            i, j = i - 1, j - 1
        elif (i > 1 and j > 1 and q[i - 1].key == s[j - 2].key and q[i - 2].key == s[j - 1].key
              and abs(here - (dist[i - 2][j - 2] + 1.0)) < 1e-9):
            diffs.append(Diff("order", f"{q[i - 2].surface} {q[i - 1].surface}",
                              f"{s[j - 2].surface} {s[j - 1].surface}"))
            i, j = i - 2, j - 2
        elif i > 0 and abs(here - (dist[i - 1][j] + 1.0)) < 1e-9:
            diffs.append(Diff("extra", q[i - 1].surface))
            i -= 1
        else:
            diffs.append(Diff("missing", segment=s[j - 1].surface))
            j -= 1
    diffs.reverse()
    return float(dist[n][m]), diffs


def _punct_diff(a: str, b: str) -> tuple[int, Diff | None]:
    pa, pb = punctuation(a), punctuation(b)
    if pa == pb:
        return 0, None
    ops = SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes()
    count = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return count, Diff("punctuation", pa, pb)


def score(query: str, segment: str, lang: Lang) -> FuzzyScore:
    """The CAT match percentage of `segment` for `query`, with the differences that cost."""
    result = _score(query, words(query, lang), segment, words(segment, lang))
    assert result is not None  # no bar, so always scored
    return result


def ceiling(q: list[Word], s: list[Word]) -> float:
    """An upper bound of the percentage from the shared keys (an unshared word costs >= 0.5)
    and the difference in length (a word inserted or deleted costs 1)."""
    if not q or not s:
        return 100.0
    common = sum((Counter(w.key for w in q) & Counter(w.key for w in s)).values())
    longest = max(len(q), len(s))
    unshared = longest - common
    return 100.0 * (1.0 - max(0.5 * unshared, abs(len(q) - len(s))) / longest)


def rank(query: str, segments: dict[int, str], lang: Lang, limit: int,
         keys: dict[int, list[str]] | None = None) -> list[tuple[int, FuzzyScore]]:
    """The best `limit` segments scoring >= MIN_PERCENT, best first. `keys`: the stored word
    keys of some segments (from `candidates`), used instead of stemming them again.

    Segments are taken in order of `ceiling` (shared keys), and the word alignment runs only on
    those whose cheapest-word bound (`_floor`) can still enter the list.
    """
    q = words(query, lang)
    keys = keys or {}
    prepared = [(pid, text, words(text, lang, keys.get(pid))) for pid, text in segments.items()]
    prepared = [(ceiling(q, s), pid, text, s) for pid, text, s in prepared]
    prepared.sort(key=lambda item: (-item[0], item[1]))
    found: list[tuple[int, FuzzyScore]] = []
    for bound, pid, text, s in prepared:
        bar = max(MIN_PERCENT, found[limit - 1][1].percent if len(found) >= limit else 0.0)
        if bound < bar:
            break
        result = _score(query, q, text, s, bar=bar)
        if result is not None and result.percent >= MIN_PERCENT:
            found.append((pid, result))
            found.sort(key=lambda item: (-item[1].percent, item[0]))
    return found[:limit]


def _score(query: str, q: list[Word], segment: str, s: list[Word], bar: float = 0.0) -> FuzzyScore | None:
    """The score, or None when it is sure to stay below `bar`."""
    if normalise(query) == normalise(segment):
        return FuzzyScore(100.0, ())
    if not q or not s:
        return FuzzyScore(0.0, ())
    sub, kinds = _costs(q, s)
    longest = max(len(q), len(s))
    if bar and 100.0 * (1.0 - _floor(sub) / longest) < bar:
        return None
    cost, diffs = _align(q, s, sub, kinds)
    n_punct, punct = _punct_diff(query, segment)
    if punct is not None:
        diffs.append(punct)
    raw = 100.0 * (1.0 - cost / longest) - min(n_punct, 4)
    minor = all(d.kind in {"case", "inflection", "punctuation"} for d in diffs)
    percent = min(99.0, max(95.0, raw)) if minor else min(94.0, raw)
    return FuzzyScore(round(max(percent, 0.0), 1), tuple(diffs))


def candidates(store: Store, query_words: list[Word], lang: Lang, limit: int = CANDIDATES) -> dict[int, list[str]]:
    """Pair ids sharing the query's rarer keys on the `lang` side, most shared keys first, each
    with the stored keys of its `lang` side (so `rank` need not stem the segment again).

    The store finds up to `POOL` pairs with the rarest keys, most rare-key weight first (the
    sum of log(N / df) over the keys a pair has: BM25's ranking without its length term; see
    `Store.key_pool`); they are re-ranked by how many of all the query's keys they share (from the stored key strings, no
    stemming; this also judges length), so that among hundreds of near-duplicates the closest
    reach the word alignment.
    """
    keys = [w.key for w in query_words if w.key]
    if not keys:
        return {}
    freq = key_frequencies(store, keys, lang)
    total = store.max_pair_id()
    common = max(1000, total // 100)
    chosen = sorted((k for k in freq if 0 < freq[k] <= common), key=freq.__getitem__)[:RARE_KEYS]
    if not chosen:
        chosen = sorted((k for k in freq if freq[k]), key=freq.__getitem__)[:2]
    if not chosen:
        return {}
    rows = store.key_pool(lang, {k: math.log((total + 1) / freq[k]) for k in chosen}, POOL)
    wanted = Counter(keys)
    split = [row[1].split() for row in rows]
    ranked = sorted(range(len(rows)), key=lambda i: (-_key_ceiling(wanted, len(keys), split[i]), i))
    return {rows[i][0]: split[i] for i in ranked[:limit]}


def _key_ceiling(wanted: Counter[str], n_wanted: int, keys: list[str]) -> float:
    """`ceiling` over key lists alone: shared keys and the difference in length."""
    if not keys:
        return 0.0
    common = sum((wanted & Counter(keys)).values())
    longest = max(n_wanted, len(keys))
    return 1.0 - max(0.5 * (longest - common), abs(n_wanted - len(keys))) / longest


def exact_ids(store: Store, query: str, lang: Lang) -> list[int]:
    return store.exact_ids(query.strip(), lang)
