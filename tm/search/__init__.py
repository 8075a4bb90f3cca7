"""Translation-memory search: fuzzy matches with CAT percentages, semantic matches, concordance.

`search(store, query)` detects the query's language (kk/ru), then returns exact and fuzzy
matches of the same-language side (best percentage first), semantic matches from either side
(a Russian query finds Kazakh segments), and concordance hits for words and phrases in any
inflected form, each hit with both sides, its score, kind, documents and an explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from tm.encoders import Encoder
from tm.errors import InputError
from tm.search import concordance, fuzzy
from tm.search.index import ensure_keys
from tm.search.text import Lang, detect_lang, has_kazakh_letters, words
from tm.store import Store

Kind = Literal["exact", "fuzzy", "semantic", "concordance"]
ALL_KINDS = ("fuzzy", "semantic", "concordance")
TERM_WORDS = 3

__all__ = ["ALL_KINDS", "Hit", "detect_lang", "search"]


@dataclass(frozen=True)
class Hit:
    """One TM pair found for a query.

    `score` is the CAT match percentage for exact/fuzzy hits; for semantic hits, 100 x the
    cosine corrected for the segment's hubness (what they are ranked by, see
    `SemanticIndex.ranked`; a segment of typical hubness keeps its cosine); and
    the percentage of query words found for concordance hits. `explanation` says why it matched
    (the words that differ, the words matched); `matched` lists matched surface forms.
    """

    pair_id: int
    kk: str
    ru: str
    score: float
    kind: Kind
    explanation: str
    kk_doc: str = ""
    ru_doc: str = ""
    origin: str = ""
    matched: tuple[str, ...] = ()
    diffs: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return asdict(self)


_ROW_SQL = """
SELECT p.id, p.kk, p.ru, p.origin, kd.name AS kk_name, rd.name AS ru_name
FROM pairs p LEFT JOIN documents kd ON kd.id = p.kk_doc LEFT JOIN documents rd ON rd.id = p.ru_doc
WHERE p.id IN (SELECT value FROM json_each(?))
"""


def _rows(store: Store, ids: Sequence[int]) -> dict[int, tuple]:
    import json

    rows = store.db.execute(_ROW_SQL, (json.dumps(list(ids)),)).fetchall()
    return {r["id"]: (r["kk"], r["ru"], r["origin"] or "", r["kk_name"] or "", r["ru_name"] or "")
            for r in rows}


def _hit(pair_id: int, row: tuple, score: float, kind: Kind, explanation: str, **more) -> Hit:
    kk, ru, origin, kk_doc, ru_doc = row
    return Hit(pair_id, kk, ru, round(score, 1), kind, explanation, kk_doc, ru_doc, origin, **more)


def _fuzzy(store: Store, query: str, lang: Lang, limit: int) -> list[Hit]:
    keys = fuzzy.candidates(store, words(query, lang), lang)
    ids = list(dict.fromkeys(fuzzy.exact_ids(store, query, lang) + list(keys)))
    rows = _rows(store, ids)
    side = 0 if lang == "kk" else 1
    ranked = fuzzy.rank(query, {pid: rows[pid][side] for pid in ids if pid in rows}, lang, limit, keys)
    return [
        _hit(pid, rows[pid], result.percent, "exact" if result.percent == 100.0 else "fuzzy",
             result.explanation, diffs=tuple(str(d) for d in result.diffs))
        for pid, result in ranked
    ]


def _semantic(store: Store, query: str, limit: int, encoder: Encoder | None) -> list[Hit]:
    from tm.encoders import get_encoder
    from tm.search.semantic import semantic_index

    encoder = encoder or get_encoder()
    index = semantic_index(store, encoder, progress=True)
    vector = encoder.encode([query], kind="query")[0]
    best: dict[int, tuple[float, float, int]] = {}  # pair -> (adjusted, cosine, side)
    for pair_id, side, sim, adjusted in index.ranked(vector, 2 * limit + 2):
        if pair_id not in best or adjusted > best[pair_id][0]:
            best[pair_id] = (adjusted, sim, side)
    rows = _rows(store, list(best))
    order = sorted((p for p in best if p in rows), key=lambda p: (-best[p][0], p))
    return [_semantic_hit(p, rows[p], *best[p]) for p in order[:limit]]


def _semantic_hit(pair_id: int, row: tuple, adjusted: float, cosine: float, side: int) -> Hit:
    """Score: the cosine corrected for hubness (what the hits are ranked by), as a percentage."""
    correction = cosine - adjusted
    why = (f"similar meaning to the {'Kazakh' if side == 0 else 'Russian'} side "
           f"(cosine {cosine:.3f}, hubness correction {-correction:+.3f})")
    return _hit(pair_id, row, min(100.0, max(0.0, 100.0 * adjusted)), "semantic", why)


def _concordance(store: Store, query: str, lang: Lang, limit: int) -> list[Hit]:
    # дипломатия, Алматы: a query without Kazakh letters may be either language: both sides
    langs: tuple[Lang, ...] = (lang,) if has_kazakh_letters(query) else (lang, "kk" if lang == "ru" else "ru")
    found = concordance.find(store, query, langs, limit=limit)
    rows = _rows(store, [c.pair_id for c in found])
    hits = []
    for c in found:
        if c.pair_id in rows:
            hits.append(_hit(c.pair_id, rows[c.pair_id], 100.0 * c.share, "concordance",
                             "matched: " + ", ".join(c.matched), matched=c.matched))
    return hits


def search(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    kinds: Sequence[str] = ALL_KINDS,
    encoder: Encoder | None = None,
    lang: Lang | None = None,
) -> list[Hit]:
    """Up to `limit` pairs for `query`: exact and fuzzy (>= 50%) first, best percentage first;
    then, for a sentence, semantic then concordance hits, for a term or phrase (up to
    `TERM_WORDS` words) concordance then semantic hits. A pair found by several kinds is listed
    once, under the first. `lang` overrides the detected language of the query.
    """
    query = query.strip()
    if not query:
        raise InputError("empty search query; pass a word, phrase or sentence in Kazakh or Russian")
    unknown = set(kinds) - set(ALL_KINDS)
    if unknown:
        raise InputError(f"unknown search kind {sorted(unknown)[0]!r}; use {', '.join(ALL_KINDS)}")
    lang = lang or detect_lang(query)
    ensure_keys(store)
    found: list[Hit] = []
    if "fuzzy" in kinds:
        found += _fuzzy(store, query, lang, limit)
    term_like = len(words(query, lang)) <= TERM_WORDS
    if "concordance" in kinds and term_like:
        found += _concordance(store, query, lang, limit)
    if "semantic" in kinds and len({h.pair_id for h in found}) < limit:  # else none would be shown
        found += _semantic(store, query, limit, encoder)
    if "concordance" in kinds and not term_like:
        found += _concordance(store, query, lang, limit)
    seen: set[int] = set()
    hits = []
    for hit in found:
        if hit.pair_id not in seen:
            seen.add(hit.pair_id)
            hits.append(hit)
    return hits[:limit]
