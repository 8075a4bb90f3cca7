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

import os
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from tm.search.index import key_frequencies
from tm.search.text import Lang, Word, fts_phrase, normalise, punctuation, words
from tm.store import Store

FOLD_COST = 0.02
INFLECTION_COST = 0.12
STEM_COST = 0.2
STEM_PREFIX, STEM_TAIL = 5, 4
MIN_PERCENT = 50.0
CANDIDATES = 60


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


def _char_similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def _same_stem(a: str, b: str) -> bool:
    """Forms the stemmer did not join but that share a long beginning and differ in a short
    ending (беттерінде / беттерінден, написать / написано): inflection, most likely."""
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= STEM_PREFIX and max(len(a), len(b)) - prefix <= STEM_TAIL


def _substitution(a: Word, b: Word) -> tuple[float, str]:
    if a.surface == b.surface:
        return 0.0, ""
    if a.folded == b.folded:
        return FOLD_COST, "case"
    if a.key and a.key == b.key:
        return INFLECTION_COST, "inflection"
    if _same_stem(a.folded, b.folded):
        return STEM_COST, "inflection"
    sim = _char_similarity(a.folded, b.folded)
    return 1.0 - 0.5 * max(0.0, (sim - 0.6) / 0.4), "changed"


def _align(q: list[Word], s: list[Word]) -> tuple[float, list[Diff]]:
    """Weighted Damerau-Levenshtein over words, with the edit script for the explanation."""
    n, m = len(q), len(s)
    sub = [[_substitution(a, b) for b in s] for a in q]
    dist = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        dist[i][0] = float(i)
    for j in range(1, m + 1):
        dist[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = min(dist[i - 1][j] + 1.0, dist[i][j - 1] + 1.0,
                       dist[i - 1][j - 1] + sub[i - 1][j - 1][0])
            if (i > 1 and j > 1 and q[i - 1].key == s[j - 2].key and q[i - 2].key == s[j - 1].key
                    and q[i - 1].key != q[i - 2].key):
                best = min(best, dist[i - 2][j - 2] + 1.0)
            dist[i][j] = best
    diffs: list[Diff] = []
    i, j = n, m
    while i > 0 or j > 0:
        here = dist[i][j]
        if i > 0 and j > 0 and abs(here - (dist[i - 1][j - 1] + sub[i - 1][j - 1][0])) < 1e-9:
            cost, kind = sub[i - 1][j - 1]
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
    return dist[n][m], diffs


def _punct_diff(a: str, b: str) -> tuple[int, Diff | None]:
    pa, pb = punctuation(a), punctuation(b)
    if pa == pb:
        return 0, None
    ops = SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes()
    count = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return count, Diff("punctuation", pa, pb)


def score(query: str, segment: str, lang: Lang) -> FuzzyScore:
    """The CAT match percentage of `segment` for `query`, with the differences that cost."""
    return _score(query, words(query, lang), segment, words(segment, lang))


def ceiling(q: list[Word], s: list[Word]) -> float:
    """An upper bound of the percentage from the shared keys alone (an unshared word costs >= 0.5)."""
    if not q or not s:
        return 100.0
    common = sum((Counter(w.key for w in q) & Counter(w.key for w in s)).values())
    longest = max(len(q), len(s))
    return 100.0 * (1.0 - 0.5 * (longest - common) / longest)


def rank(query: str, segments: dict[int, str], lang: Lang, limit: int) -> list[tuple[int, FuzzyScore]]:
    """The best `limit` segments scoring >= MIN_PERCENT, best first.

    Segments are scored in order of `ceiling`, stopping once no remaining one can enter the
    list, so the word alignment runs on a handful of the candidates.
    """
    q = words(query, lang)
    prepared = [(pid, text, words(text, lang)) for pid, text in segments.items()]
    prepared = [(ceiling(q, s), pid, text, s) for pid, text, s in prepared]
    prepared.sort(key=lambda item: (-item[0], item[1]))
    found: list[tuple[int, FuzzyScore]] = []
    for bound, pid, text, s in prepared:
        bar = max(MIN_PERCENT, found[limit - 1][1].percent if len(found) >= limit else 0.0)
        if bound < bar:
            break
        result = _score(query, q, text, s)
        if result.percent >= MIN_PERCENT:
            found.append((pid, result))
            found.sort(key=lambda item: (-item[1].percent, item[0]))
    return found[:limit]


def _score(query: str, q: list[Word], segment: str, s: list[Word]) -> FuzzyScore:
    if normalise(query) == normalise(segment):
        return FuzzyScore(100.0, ())
    if not q or not s:
        return FuzzyScore(0.0, ())
    cost, diffs = _align(q, s)
    n_punct, punct = _punct_diff(query, segment)
    if punct is not None:
        diffs.append(punct)
    raw = 100.0 * (1.0 - cost / max(len(q), len(s))) - min(n_punct, 4)
    minor = all(d.kind in {"case", "inflection", "punctuation"} for d in diffs)
    percent = min(99.0, max(95.0, raw)) if minor else min(94.0, raw)
    return FuzzyScore(round(max(percent, 0.0), 1), tuple(diffs))


def candidates(store: Store, query_words: list[Word], lang: Lang, limit: int = CANDIDATES) -> list[int]:
    """Pair ids sharing the query's rarer keys on the `lang` side, best BM25 first."""
    keys = [w.key for w in query_words if w.key]
    if not keys:
        return []
    freq = key_frequencies(store, keys, lang)
    total = int(store.db.execute("SELECT coalesce(max(id), 0) FROM pairs").fetchone()[0])
    common = max(2000, total // 20)
    chosen = [k for k in freq if 0 < freq[k] <= common]
    if not chosen:
        chosen = sorted((k for k in freq if freq[k]), key=freq.__getitem__)[:2]
    if not chosen:
        return []
    expr = f"{lang} : (" + " OR ".join(fts_phrase([k]) for k in chosen) + ")"
    rows = store.db.execute(
        "SELECT rowid FROM pair_keys WHERE pair_keys MATCH ? ORDER BY rank LIMIT ?", (expr, limit)
    ).fetchall()
    return [r[0] for r in rows]


def exact_ids(store: Store, query: str, lang: Lang) -> list[int]:
    rows = store.db.execute(f"SELECT id FROM pairs WHERE {lang} = ? LIMIT 20", (query.strip(),))
    return [r[0] for r in rows]
