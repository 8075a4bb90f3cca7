"""Concordance: the pairs whose text contains a word or phrase in any inflected form.

The query and the pair texts are both reduced to word keys (`tm.morph.keys.word_key`), so
`дипломатия` finds `дипломатияның`, `цифровой дипломатии` finds `цифровая дипломатия`, and
case and look-alike letters do not matter. A query in double quotes is a phrase (the words
adjacent and in order); otherwise phrase matches come first, then pairs with all the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from tm.search.text import Lang, words
from tm.store import Store


@dataclass(frozen=True)
class Concordance:
    pair_id: int
    lang: Lang
    matched: tuple[str, ...]  # the surface forms in the pair text that matched the query
    found: int  # how many of the query's distinct words were found (best side)
    wanted: int  # how many distinct words the query has (on that side)

    @property
    def share(self) -> float:
        """The part of the query's words found."""
        return self.found / self.wanted if self.wanted else 0.0


def find(store: Store, query: str, langs: tuple[Lang, ...], *, limit: int = 10) -> list[Concordance]:
    """Pairs whose `langs` sides contain the query's words, phrase matches first.

    `lang` of each result is the first side that matched; `matched` has the forms of all sides.
    """
    phrase_only = len(query.strip()) > 1 and query.strip()[0] == query.strip()[-1] == '"'
    keys = {lang: [w.key for w in words(query, lang) if w.key] for lang in langs}
    keys = {lang: k for lang, k in keys.items() if k}
    if not keys:
        return []
    ids = store.match_keys(keys, phrase=True, limit=limit)
    if not phrase_only and max(len(k) for k in keys.values()) > 1 and len(ids) < limit:
        ids += [i for i in store.match_keys(keys, phrase=False, limit=limit) if i not in ids][: limit - len(ids)]
    texts = {pid: {"kk": kk, "ru": ru} for pid, kk, ru in store.pair_texts(ids=ids)}
    out = []
    for pair_id in ids:
        row = texts.get(pair_id)
        if row is None:
            continue
        first: Lang | None = None
        forms: list[str] = []
        best = (0, 1)
        for lang, wanted in keys.items():
            found = [w for w in words(row[lang], lang) if w.key in wanted]
            if found:
                first = first or lang
                forms += [w.surface for w in found]
                share = (len({w.key for w in found}), len(set(wanted)))
                best = max(best, share, key=lambda fw: fw[0] / fw[1])
        out.append(Concordance(pair_id, first or langs[0], tuple(dict.fromkeys(forms)), *best))
    return out
