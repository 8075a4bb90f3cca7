"""Marking words inside TM text for the page: escape first, then wrap.

TM texts come from arbitrary documents and imported TMX files, so they are never trusted as
HTML: every piece of text between marks is escaped with `markupsafe.escape`, and only the
`<mark>`/`<span>` tags made here are markup. Spans are character offsets into the raw text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from tm.morph.keys import fold
from tm.search.text import Lang, words

MIN_SHARED = 4  # letters of a word written alike on both sides (names, loanwords, numbers aside)


@dataclass(frozen=True)
class Span:
    """Characters `start:end` of a text, marked as `kind` (match / term / differs)."""

    start: int
    end: int
    kind: str
    label: str = ""


def pieces(text: str, spans: Iterable[Span]) -> list[tuple[str, Span | None]]:
    """`text` cut at the spans: (piece, its span or None); overlapping spans keep the first."""
    out: list[tuple[str, Span | None]] = []
    pos = 0
    for span in _merged(text, spans):
        if span.start < pos or span.end <= span.start:
            continue
        if span.start > pos:
            out.append((text[pos:span.start], None))
        out.append((text[span.start:span.end], span))
        pos = span.end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def _merged(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans in order, neighbours of one kind and label separated by spaces only made one
    (a marked phrase reads as one mark)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        last = out[-1] if out else None
        if (last is not None and (last.kind, last.label) == (span.kind, span.label)
                and last.end <= span.start and not text[last.end:span.start].strip()):
            out[-1] = Span(last.start, max(last.end, span.end), last.kind, last.label)
        else:
            out.append(span)
    return out


def render(text: str, spans: Iterable[Span]) -> Markup:
    """`text` as HTML, each span wrapped in `<mark class="kind">`, everything else escaped."""
    out = []
    for piece, span in pieces(text, spans):
        if span is None:
            out.append(escape(piece))
        elif span.label:
            out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(span.kind, span.label, piece))
        else:
            out.append(Markup('<mark class="{}">{}</mark>').format(span.kind, piece))
    return Markup("").join(out)


FUNCTION_POS = frozenset({"CONJ", "PREP", "PRCL", "NPRO", "INTJ"})


def is_function_word(word: str, lang: Lang) -> bool:
    """A conjunction, preposition, particle or pronoun (also a pronominal adjective: её,
    этот): marking it in every hit says nothing.
    Russian: pymorphy3's most likely part of speech; Kazakh: the closed-class words the term
    extractor stops at."""
    if lang == "ru":
        from tm.morph.russian import parses

        found = parses(word.lower())
        return bool(found) and (found[0].tag.POS in FUNCTION_POS or "Apro" in found[0].tag)
    from tm.glossary.candidates_kk import STOP

    return word.lower() in STOP


def query_keys(query: str) -> dict[Lang, set[str]]:
    """The word keys of a query read as Kazakh and as Russian; function words are left out
    of a query of several words."""
    out: dict[Lang, set[str]] = {}
    for lang in ("kk", "ru"):
        found = [w for w in words(query, lang) if w.key]
        out[lang] = {w.key for w in found if len(found) == 1 or not is_function_word(w.surface, lang)}
    return out


def word_spans(text: str, lang: Lang, keys: set[str], *, kind: str = "match",
               others: str | None = None) -> list[Span]:
    """Words of `text` whose key is in `keys` (any inflected form), as `kind` spans; with
    `others`, every other word too, as spans of that kind (the words a fuzzy match differs in)."""
    spans = []
    for w in words(text, lang):
        if w.key and w.key in keys:
            spans.append(Span(w.start, w.end, kind))
        elif others is not None:
            spans.append(Span(w.start, w.end, others))
    return spans


def shared_spans(text: str, lang: Lang, query: str, query_lang: Lang) -> list[Span]:
    """Words of `text` written like a word of the query once case, look-alike letters and
    inflection are set aside: names, numbers and loanwords crossing the language line
    (Алматы in a Russian query marks Алматыда in a Kazakh text)."""
    wanted = set()
    for w in words(query, query_lang):
        if len(w.folded) >= MIN_SHARED or w.folded.isdigit():
            wanted |= {w.folded, w.key}
    return [Span(w.start, w.end, "match") for w in words(text, lang) if w.folded in wanted or w.key in wanted]


def term_keys(entries: Iterable) -> dict[Lang, set[str]]:
    """The word keys of glossary entries' terms (`GlossaryEntry`), per language: a pair side
    holding any inflected form of a term's words is marked (its translation on the other side)."""
    keys: dict[Lang, set[str]] = {"kk": set(), "ru": set()}
    for entry in entries:
        for lang in ("kk", "ru"):
            keys[lang] |= {w.key for w in words(getattr(entry, lang), lang) if w.key}
    return keys
