"""Translation-memory search: fuzzy matches with CAT percentages, concordance, semantic matches.

`search(store, query)` detects the query's language (kk/ru), then returns exact and fuzzy
matches of the same-language side (best percentage first), concordance hits for the words of
the query in any inflected form, and semantic matches from either side (a Russian query finds
Kazakh segments), each hit with both sides, its documents, an explanation and its own labelled
scale (`tm.search.scales`): a CAT percentage, the words matched, or a calibrated relation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

from tm.encoders import Encoder
from tm.errors import InputError
from tm.search import concordance, fuzzy
from tm.search.index import ensure_keys
from tm.search.scales import RELATION_LABELS, Relation, semantic_relation
from tm.search.text import Lang, detect_lang, has_kazakh_letters, words
from tm.store import Store

Kind = Literal["exact", "fuzzy", "semantic", "concordance"]
Scale = Literal["percent", "words", "cosine"]
ALL_KINDS = ("fuzzy", "semantic", "concordance")

__all__ = ["ALL_KINDS", "Hit", "detect_lang", "search"]


@dataclass(frozen=True)
class Hit:
    """One TM pair found for a query, with the scale of its kind.

    `score` is what hits of one kind are ranked by, in the kind's own unit (`scale`):
    - exact/fuzzy: `percent`, the CAT match percentage;
    - concordance: `words`, the share (0-1) of the query's words found; `matched` lists the
      forms found, and that, not a percentage, is what to show;
    - semantic: `cosine`, the cosine corrected for the segment's hubness (see
      `SemanticIndex.ranked`; a segment of typical hubness keeps its cosine); `relation` is its
      calibrated meaning (translation / related / unrelated) and `p_translation` the
      probability that the pair is a translation of the query.
    `label` is the scale as a translator reads it ("87%", "3 of 3 words: ...", "probably a
    translation"): the CLI and the web page show it. `explanation` says why it matched.
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
    scale: Scale = "percent"
    label: str = ""
    relation: Relation | None = None
    p_translation: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _rows(store: Store, ids: Sequence[int]) -> dict[int, tuple]:
    return store.pair_rows(ids)


def _hit(pair_id: int, row: tuple, score: float, kind: Kind, explanation: str, **more) -> Hit:
    kk, ru, origin, kk_doc, ru_doc = row
    return Hit(pair_id, kk, ru, score, kind, explanation, kk_doc, ru_doc, origin, **more)


def _fuzzy(store: Store, query: str, lang: Lang, limit: int) -> list[Hit]:
    keys = fuzzy.candidates(store, words(query, lang), lang)
    ids = list(dict.fromkeys(fuzzy.exact_ids(store, query, lang) + list(keys)))
    rows = _rows(store, ids)
    side = 0 if lang == "kk" else 1
    ranked = fuzzy.rank(query, {pid: rows[pid][side] for pid in ids if pid in rows}, lang, limit, keys)
    return [
        _hit(pid, rows[pid], round(result.percent, 1), "exact" if result.percent == 100.0 else "fuzzy",
             result.explanation, diffs=tuple(str(d) for d in result.diffs), scale="percent",
             label=f"{result.percent:.0f}%")
        for pid, result in ranked
    ]


def _semantic(store: Store, query: str, limit: int, encoder: Encoder | None, unrelated: bool) -> list[Hit]:
    from tm.encoders import get_encoder

    encoder = encoder or get_encoder()
    index = store.semantic_index(encoder, progress=True)
    vector = encoder.encode([query], kind="query")[0]
    best: dict[int, tuple[float, float, int]] = {}  # pair -> (adjusted, cosine, side)
    for pair_id, side, sim, adjusted in index.ranked(vector, 2 * limit + 2):
        if pair_id not in best or adjusted > best[pair_id][0]:
            best[pair_id] = (adjusted, sim, side)
    rows = _rows(store, list(best))
    order = sorted((p for p in best if p in rows), key=lambda p: (-best[p][0], p))
    hits = [_semantic_hit(p, rows[p], *best[p], query) for p in order]
    return [h for h in hits if unrelated or h.relation != "unrelated"][:limit]


def _semantic_hit(pair_id: int, row: tuple, adjusted: float, cosine: float, side: int, query: str) -> Hit:
    """Score: the cosine corrected for hubness (what the hits are ranked by); label: what that
    score means, calibrated (`tm.search.scales`)."""
    relation, p = semantic_relation(adjusted, query, row[side])
    why = (f"similar meaning to the {'Kazakh' if side == 0 else 'Russian'} side "
           f"(P(translation) {p:.2f}; cosine {cosine:.3f}, hubness correction {adjusted - cosine:+.3f})")
    return _hit(pair_id, row, round(adjusted, 4), "semantic", why, scale="cosine",
                label=RELATION_LABELS[relation], relation=relation, p_translation=p)


def _concordance(store: Store, query: str, lang: Lang, limit: int) -> list[Hit]:
    # дипломатия, Алматы: a query without Kazakh letters may be either language: both sides
    langs: tuple[Lang, ...] = (lang,) if has_kazakh_letters(query) else (lang, "kk" if lang == "ru" else "ru")
    found = concordance.find(store, query, langs, limit=limit)
    rows = _rows(store, [c.pair_id for c in found])
    hits = []
    for c in found:
        if c.pair_id in rows:
            label = f"{c.found} of {c.wanted} words: {', '.join(c.matched)}"
            hits.append(_hit(c.pair_id, rows[c.pair_id], round(c.share, 3), "concordance",
                             "matched: " + ", ".join(c.matched), matched=c.matched, scale="words", label=label))
    return hits


def search(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    kinds: Sequence[str] = ALL_KINDS,
    encoder: Encoder | None = None,
    lang: Lang | None = None,
    unrelated: bool = False,
) -> list[Hit]:
    """Up to `limit` pairs for `query`: exact and fuzzy (>= 50%) first, best percentage first;
    then concordance hits (pairs holding the query's words in any inflected form: a phrase
    first, then all its words), then semantic hits, leaving out those calibrated as probably
    unrelated unless `unrelated`. A pair found by several kinds is listed once, under the
    first. `lang` overrides the detected language of the query.
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
    if "concordance" in kinds:
        found += _concordance(store, query, lang, limit)
    if "semantic" in kinds and len({h.pair_id for h in found}) < limit:  # else none would be shown
        found += _semantic(store, query, limit, encoder, unrelated)
    seen: set[int] = set()
    hits = []
    for hit in found:
        if hit.pair_id not in seen:
            seen.add(hit.pair_id)
            hits.append(hit)
    return hits[:limit]
