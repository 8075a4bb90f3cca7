"""Term lookup from any inflected form, and term recognition inside a sentence.

Every glossary form has a key: its words' folded Kazakh stems or Russian lemmas. A query is
tokenised, each token keyed both ways, and the longest run of tokens whose keys equal an entry's
key wins (a sentence query finds every term inside it, longest match first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tm.store import Store
from tm.store.records import GlossaryEntry

if TYPE_CHECKING:
    from tm.glossary.build import BuildReport


@dataclass(frozen=True)
class Hit:
    entry: GlossaryEntry
    matched: str  # the query text that matched
    lang: str
    start: int
    end: int


def refresh_form_keys(store: Store) -> int:
    """Re-key every glossary form when the forms' keys were made by another version of the
    keyer (`keyer_fingerprint`): each form gets the key of its own words. Returns how many forms
    were re-keyed (0 when the keys are current)."""
    from tm.glossary.build import _form_key
    from tm.morph.fingerprint import keyer_fingerprint

    return store.rekey_glossary_forms(_form_key, "glossary_keys_made_by", keyer_fingerprint())


def _index(store: Store) -> tuple[dict[tuple[str, tuple[str, ...]], set[int]], int]:
    refresh_form_keys(store)
    index: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    longest = 1
    for entry_id, lang, key in store.glossary_keys():
        words = tuple(key.split(" "))
        index[(lang, words)].add(entry_id)
        longest = max(longest, len(words))
    return index, longest


class TermIndex:
    """The glossary's keys loaded once, for many lookups."""

    def __init__(self, store: Store) -> None:
        from tm.glossary.build import glossary_entries

        self.index, self.longest = _index(store)
        self.entries = {e.id: e for e in glossary_entries(store)}

    def find(self, query: str, *, limit: int | None = None) -> list[Hit]:
        return _find(self.index, self.longest, self.entries, query, limit)


def lookup(store: Store, query: str, *, limit: int | None = None,
           on_build: Callable[[BuildReport], None] | None = None) -> list[Hit]:
    """Entries whose kk or ru term occurs in `query` in any inflected form, best first. A TM
    with pairs or documents but no glossary yet gets one built first (`on_build` is told)."""
    ensure_glossary(store, on_build)
    return TermIndex(store).find(query, limit=limit)


def ensure_glossary(store: Store, on_build: Callable[[BuildReport], None] | None = None) -> BuildReport | None:
    """Build the glossary when the TM has none and something to build it from."""
    if store.count("glossary") or not (store.count("pairs") or store.count("segments")):
        return None
    from tm.glossary.build import build_glossary

    report = build_glossary(store)
    if on_build is not None:
        on_build(report)
    return report


def _find(index, longest: int, entries: dict, query: str, limit: int | None) -> list[Hit]:  # noqa: ANN001
    from itertools import product

    from tm.morph.keys import tokenize, word_keys

    tokens = tokenize(query)
    keyed = {lang: [word_keys(w, lang) for _, _, w in tokens] for lang in ("kk", "ru")}
    found: list[tuple[int, int, int, str, int]] = []  # (start, length, readings, lang, entry id)
    covered: set[int] = set()
    for length in range(min(longest, len(tokens)), 0, -1):
        for i in range(len(tokens) - length + 1):
            span = set(range(i, i + length))
            if span & covered:
                continue
            hit = False
            for lang in ("kk", "ru"):
                options = keyed[lang][i:i + length]
                for choice in product(*(range(len(o)) for o in options)):
                    ids = index.get((lang, tuple(o[c] for o, c in zip(options, choice))))
                    if ids:
                        found.extend((i, length, sum(choice), lang, eid) for eid in ids)
                        hit = True
            if hit:
                covered |= span
    if not found:
        return []
    hits, seen = [], set()
    status_rank = {"approved": 0, "auto": 1}
    ordered = sorted((f for f in found if f[4] in entries),
                     key=lambda f: (-f[1], f[2] > 0, status_rank.get(entries[f[4]].status, 2),
                                    -entries[f[4]].score, f[0]))
    for start, length, _, lang, eid in ordered:
        if eid in seen:
            continue
        seen.add(eid)
        s, e = tokens[start][0], tokens[start + length - 1][1]
        hits.append(Hit(entries[eid], query[s:e], lang, s, e))
    return hits[:limit] if limit else hits
