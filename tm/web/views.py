"""What each page shows, built from `tm.search` and `tm.glossary` (no search logic here).

A result page: the glossary entries found in the query (any inflected form), then the TM hits
of `tm.search.search` grouped by kind, both sides marked: on the query's side the words the
query matched (or, for fuzzy matches, the words that differ); on the other side the other
language's forms of the query's glossary terms and words written alike (names, numbers).
An entry page: a term's forms, the pairs holding it, counts of its translations in those pairs
and OCR originals beside repaired examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from tm.errors import InputError
from tm.search import ALL_KINDS, Hit, detect_lang, search
from tm.search.text import Lang, words
from tm.store.records import GlossaryEntry, PairRecord
from tm.web.highlight import Span, pieces, query_keys, render, shared_spans, term_keys, word_spans
from tm.web.workers import Context

MAX_QUERY = 2000  # characters: a long paragraph; more is a pasted document
PER_PAGE = 10
FILTER_POOL = 200  # hits searched for when a filter may drop many of them
ENTRY_PAIRS = 200  # pairs read for an entry page's counts
KIND_TITLES = {
    "fuzzy": "Exact and fuzzy matches",
    "concordance": "Concordance: the query's words in context",
    "semantic": "Meaning-based matches (semantic)",
}


class NotFound(InputError):
    """A page asked for something the TM does not hold (a glossary entry, a document)."""


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the hits to; `source` is a document or imported file name."""

    kinds: tuple[str, ...] = ALL_KINDS
    source: str = ""
    min_score: float = 0.0
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.source) or self.min_score > 0 or set(self.kinds) != set(ALL_KINDS)


@dataclass(frozen=True)
class PairView:
    """One TM pair as shown: both sides marked, where it came from, its score in words."""

    id: int
    kind: str
    score: str
    explanation: str
    kk: Markup
    ru: Markup
    sources: tuple[str, ...]
    provenance: str


@dataclass(frozen=True)
class TermCard:
    """A glossary entry found in the query: which query words matched, in which language."""

    entry: GlossaryEntry
    matched: str
    lang: str
    example_kk: Markup
    example_ru: Markup


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    pairs: list[PairView]


@dataclass(frozen=True)
class Results:
    query: str
    lang: str
    cards: list[TermCard]
    query_pieces: list[tuple[str, Span | None]]
    groups: list[Group]
    page: int
    more: bool
    documents: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.pairs) for g in self.groups)


def check_query(query: str) -> str:
    """The query stripped, or `InputError` saying what to type instead."""
    query = query.strip()
    if not query:
        raise InputError("empty query: type a word, a term or a sentence in Kazakh or Russian")
    if len(query) > MAX_QUERY:
        raise InputError(f"query too long ({len(query)} characters, at most {MAX_QUERY}): "
                         "search for a sentence or a paragraph, not a whole document")
    if not words(query, "ru"):
        raise InputError("the query has no words, only punctuation or symbols: "
                         "type a word, a term or a sentence in Kazakh or Russian")
    return query


def documents(ctx: Context, source: str = "") -> list[str]:
    """The names hits can be filtered by; `NotFound` when `source` is not one of them."""
    from tm.store.pairs import source_names

    names = source_names(ctx.store)
    if source and source not in names:
        raise NotFound(f"no document or imported file named {source!r} in this TM; "
                       "pick one from the document list or clear the filter")
    return names


def results(ctx: Context, query: str, filters: Filters) -> Results:
    """The result page for `query`: glossary cards, then one page of TM hits by kind."""
    from tm.store.pairs import pairs_by_id

    query = check_query(query)
    names = documents(ctx, filters.source)
    lang = detect_lang(query)
    found = ctx.terms.find(query)
    wanted = filters.page * PER_PAGE + 1
    hits = search(ctx.store, query, limit=max(wanted, FILTER_POOL) if filters.active else wanted,
                  kinds=filters.kinds, encoder=ctx.encoder, lang=lang)
    hits = [h for h in hits if percent(h) >= filters.min_score
            and (not filters.source or filters.source in (h.kk_doc, h.ru_doc, h.origin))]
    start = (filters.page - 1) * PER_PAGE
    shown = hits[start:start + PER_PAGE]
    records = pairs_by_id(ctx.store, [h.pair_id for h in shown])
    terms = term_keys(h.entry for h in found)
    views = [_pair_view(h, records.get(h.pair_id), query, lang, terms) for h in shown]
    groups = []
    for kind, title in KIND_TITLES.items():
        members = [v for v in views if (v.kind if v.kind != "exact" else "fuzzy") == kind]
        if members:
            groups.append(Group(kind, title, members))
    cards = [_card(h.entry, h.matched, h.lang) for h in found]
    marked = [Span(h.start, h.end, "term", f"{h.entry.kk} = {h.entry.ru}") for h in found]
    return Results(query, lang, cards, pieces(query, marked), groups, filters.page,
                   len(hits) > start + PER_PAGE, names)


def _card(entry: GlossaryEntry, matched: str, lang: str) -> TermCard:
    keys = term_keys([entry])
    return TermCard(entry, matched, lang, render(entry.example_kk, word_spans(entry.example_kk, "kk", keys["kk"])),
                    render(entry.example_ru, word_spans(entry.example_ru, "ru", keys["ru"])))


def _pair_view(hit: Hit, record: PairRecord | None, query: str, lang: Lang,
               terms: dict[Lang, set[str]]) -> PairView:
    """Both sides marked: the query's words (or, for a fuzzy match, the words that differ) on
    its side; the query's glossary terms in their other-language form, and words written
    alike, on the other side."""
    keys = query_keys(query)
    other: Lang = "ru" if lang == "kk" else "kk"
    texts = {"kk": hit.kk, "ru": hit.ru}
    spans: dict[str, list[Span]] = {}
    if hit.kind in ("exact", "fuzzy"):
        spans[lang] = word_spans(texts[lang], lang, keys[lang], others="differs")
    else:
        spans[lang] = word_spans(texts[lang], lang, keys[lang] | terms[lang])
    other_keys = terms[other] | (keys[other] if hit.kind == "concordance" and lang == "ru" else set())
    spans[other] = word_spans(texts[other], other, other_keys) + shared_spans(texts[other], other, query, lang)
    return PairView(hit.pair_id, hit.kind, score_label(hit), hit.explanation,
                    render(hit.kk, spans["kk"]), render(hit.ru, spans["ru"]),
                    sources(record), provenance(record))


def distinct(forms: Sequence[str], most: int | None = None) -> list[str]:
    """Forms differing in more than letter case, the first spelling of each kept, in order."""
    seen: dict[str, str] = {}
    for form in forms:
        seen.setdefault(form.casefold(), form)
    return list(seen.values())[:most]


def score_label(hit: Hit) -> str:
    """The score on its kind's own scale, as `tm.search` labels it, named by its kind."""
    if hit.kind in ("exact", "fuzzy"):
        return f"{hit.kind} match {hit.label}"
    if hit.kind == "concordance":
        return f"concordance, {hit.label}"
    chance = f" (P = {hit.p_translation:.2f})" if hit.p_translation is not None else ""
    return f"meaning-based: {hit.label}{chance}"


def percent(hit: Hit) -> float:
    """One 0-100 figure for the minimum-score filter: the CAT percentage, the share of the
    query's words found, or the calibrated probability of being a translation."""
    if hit.scale == "words":
        return 100.0 * hit.score
    if hit.scale == "cosine":
        return 100.0 * (hit.p_translation or 0.0)
    return hit.score


def provenance(record: PairRecord | None) -> str:
    """Whether the pair came from a translation, from comparable texts, or from an import."""
    if record is None:
        return ""
    if record.method == "parallel":
        return "from a translation (aligned documents)"
    if record.method == "comparable":
        return "from comparable texts (mined, not a translation)"
    if record.method == "import":
        return f"imported from {record.origin}" if record.origin else "imported"
    return record.method


def sources(record: PairRecord | None) -> tuple[str, ...]:
    """The documents (with the first line) or the imported file a pair came from."""
    if record is None:
        return ()
    out = [f"{name}, line {lines[0] + 1}" if lines else name
           for name, lines in ((record.kk_doc, record.kk_lines), (record.ru_doc, record.ru_lines)) if name]
    return tuple(dict.fromkeys(out)) or ((record.origin,) if record.origin else ())


# -- entry page -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """A translation of the term seen in the TM's pairs and in how many of them."""

    text: str
    count: int
    entry_id: int | None = None


@dataclass(frozen=True)
class OcrExample:
    lang: str
    original: str
    repaired: Markup


@dataclass(frozen=True)
class EntryPage:
    entry: GlossaryEntry
    pairs: list[PairView]
    variants: dict[str, list[Variant]]  # "ru": Russian translations of the kk term; "kk": vice versa
    ocr: list[OcrExample]
    page: int
    more: bool
    total: int


def find_entry(ctx: Context, entry_id: int) -> GlossaryEntry:
    from tm.glossary.build import glossary_entries

    entry = next((e for e in glossary_entries(ctx.store, include_rejected=True) if e.id == entry_id), None)
    if entry is None:
        raise NotFound(f"no glossary entry {entry_id} in this TM; it may have been rebuilt: search again")
    return entry


def entry_page(ctx: Context, entry_id: int, page: int = 1) -> EntryPage:
    """The entry's forms, the pairs holding its kk or ru term, how those pairs translate it."""
    from tm.glossary.build import glossary_entries
    from tm.search.concordance import find
    from tm.store.pairs import pair_originals, pairs_by_id

    entry = find_entry(ctx, entry_id)
    by_side = {lang: {c.pair_id for c in find(ctx.store, f'"{term}"', (lang,), limit=ENTRY_PAIRS)}
               for lang, term in (("kk", entry.kk), ("ru", entry.ru))}
    both = by_side["kk"] & by_side["ru"]
    ordered = sorted(by_side["kk"] | by_side["ru"], key=lambda p: (p not in both, p))
    records = pairs_by_id(ctx.store, ordered)
    everything = glossary_entries(ctx.store)
    variants = {
        "ru": _variants(entry, "kk", [records[p].ru for p in by_side["kk"] if p in records], everything),
        "kk": _variants(entry, "ru", [records[p].kk for p in by_side["ru"] if p in records], everything),
    }
    start = (page - 1) * PER_PAGE
    keys = term_keys([entry])

    def marked(text: str, lang: Lang) -> Markup:
        return render(text, word_spans(text, lang, keys[lang]))

    views = [PairView(pid, "concordance", "", "", marked(records[pid].kk, "kk"), marked(records[pid].ru, "ru"),
                      sources(records[pid]), provenance(records[pid]))
             for pid in ordered[start:start + PER_PAGE]]
    ocr = []
    for pid in ordered:
        if len(ocr) >= 3:
            break
        for lang, original in zip(("kk", "ru"), pair_originals(ctx.store, pid)):
            text = getattr(records[pid], lang)
            if original and original != text:
                ocr.append(OcrExample(lang, original, marked(text, lang)))
    return EntryPage(entry, views, variants, ocr[:3], page, len(ordered) > start + PER_PAGE, len(ordered))


def _variants(entry: GlossaryEntry, lang: Lang, texts: list[str], everything: list[GlossaryEntry]) -> list[Variant]:
    """How the other-language `texts` of the pairs holding the entry's `lang` term translate
    it: how many hold this entry's translation, or another entry's translation of the same
    term (any inflected form, words in order), and how many none of them."""
    other: Lang = "ru" if lang == "kk" else "kk"
    siblings = [entry] + [e for e in everything if getattr(e, lang) == getattr(entry, lang) and e.id != entry.id]
    wanted = [(e, [w.key for w in words(getattr(e, other), other)]) for e in siblings]
    counts: Counter[int | None] = Counter()
    for text in texts:
        keys = [w.key for w in words(text, other)]
        held = {e.id for e, k in wanted if k and _holds(keys, k)}
        counts.update(held or {None})
    by_id = {e.id: e for e in siblings}
    out = [Variant(getattr(by_id[i], other), n, i) for i, n in counts.most_common() if i is not None]
    if counts[None]:
        out.append(Variant("none of the glossary's translations", counts[None]))
    return out


def _holds(keys: list[str], run: list[str]) -> bool:
    """Does `keys` hold `run` as consecutive items?"""
    return any(keys[i:i + len(run)] == run for i in range(len(keys) - len(run) + 1))


# -- review and export ----------------------------------------------------------------------

def review(ctx: Context, entry_id: int, status: str, kk: str = "", ru: str = "") -> GlossaryEntry:
    """Approve or reject an entry, or (`kk`/`ru` given) correct it: the corrected pair is
    approved and the old one rejected, as `tm glossary --approve NEW --reject OLD` does."""
    from tm.glossary.build import set_status

    entry = find_entry(ctx, entry_id)
    kk, ru = kk.strip() or entry.kk, ru.strip() or entry.ru
    if (kk, ru) == (entry.kk, entry.ru):
        return set_status(ctx.store, entry.kk, entry.ru, status)
    changed = set_status(ctx.store, kk, ru, "approved")
    if changed.id != entry.id:
        set_status(ctx.store, entry.kk, entry.ru, "rejected")
    return changed


EXPORTS = {  # name -> (pairs or glossary, format, file name, media type)
    "tmx": ("pairs", "tmx", "tm.tmx", "application/x-tmx+xml"),
    "tsv": ("pairs", "tsv", "tm.tsv", "text/tab-separated-values"),
    "tbx": ("glossary", "tbx", "glossary.tbx", "application/x-tbx+xml"),
    "omegat": ("glossary", "omegat", "glossary.utf8", "text/plain"),
    "glossary-tsv": ("glossary", "tsv", "glossary.tsv", "text/tab-separated-values"),
}


def export(ctx: Context, name: str) -> bytes:
    """The TM or its glossary in one of `EXPORTS`, as the CLI's `tm export`/`tm glossary` write it."""
    import io

    from tm.formats import write_glossary, write_pairs
    from tm.glossary.build import glossary_entries
    from tm.store.pairs import iter_pairs

    if name not in EXPORTS:
        raise NotFound(f"unknown export {name!r}; use one of {', '.join(EXPORTS)}")
    what, fmt, _, _ = EXPORTS[name]
    buffer = io.StringIO(newline="")
    if what == "pairs":
        write_pairs(fmt, iter_pairs(ctx.store), buffer)  # type: ignore[arg-type]
    else:
        write_glossary(fmt, glossary_entries(ctx.store), buffer)  # type: ignore[arg-type]
    return buffer.getvalue().encode("utf-8")
