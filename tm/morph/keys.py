"""Matching keys: folded letters and per-word stems/lemmas that inflected forms share.

Keys are for matching only, never shown: `fold` merges Kazakh letters with their Russian
look-alikes and Latin look-alikes with Cyrillic, so OCR-damaged or keyboard-substituted text
(қ typed as к, Latin `a` for Cyrillic `а`) still meets its clean form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tm.alphabet import KAZAKH_LETTERS

_FOLD = str.maketrans({
    "ё": "е", "қ": "к", "ғ": "г", "ң": "н", "ә": "а", "ө": "о", "ұ": "у", "ү": "у",
    "і": "и", "һ": "х", "ə": "а", "ı": "и", "í": "и", "î": "и",
    # Latin look-alikes -> Cyrillic
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "i": "и", "k": "к", "m": "м",
    "o": "о", "p": "р", "t": "т", "x": "х", "y": "у",
})
_WORD = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*")


def fold(text: str) -> str:
    """Lower case, ё -> е, Kazakh letters and Latin look-alikes folded to plain Cyrillic."""
    return text.lower().translate(_FOLD)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens as (start, end, text); hyphenated compounds stay one token."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def guess_lang(word: str) -> str:
    """'kk' when the word has a Kazakh-specific letter or is unknown to Russian morphology."""
    if any(ch in KAZAKH_LETTERS for ch in word):
        return "kk"
    from tm.morph.russian import is_known

    return "ru" if is_known(word) else "kk"


@lru_cache(maxsize=400_000)
def word_key(word: str, lang: str | None = None) -> str:
    """The key that the inflected forms of one word share (fold of its stem or lemma).

    Kazakh: `tm.morph.kazakh.stem` (possessive stripped too, so министрлігі meets министрлік);
    Russian: pymorphy3 lemma. Digits and Latin words are only folded.
    """
    if not word:
        return ""
    if lang is None:
        lang = guess_lang(word) if any("а" <= ch <= "я" or ch in "ё" or ch in KAZAKH_LETTERS
                                       for ch in word.lower()) else "other"
    if lang == "kk":
        from tm.morph.kazakh import stem

        return fold(stem(word.lower()))
    if lang == "ru":
        from tm.morph.russian import lemma

        return fold(lemma(word.lower()))
    return fold(word)


def text_keys(text: str, lang: str | None = None) -> list[tuple[int, int, str]]:
    """`tokenize(text)` with each token replaced by its `word_key`."""
    return [(s, e, word_key(w, lang)) for s, e, w in tokenize(text)]


@lru_cache(maxsize=400_000)
def word_keys(word: str, lang: str) -> tuple[str, ...]:
    """`word_key` first, then the keys of the word's other plausible readings: Kazakh splits
    onto a known stem that the stemmer did not choose (Қазақстанды: an adjective in -ды, or
    Қазақстан in the accusative), other pymorphy3 lemmas (аренам: арен or арена). Lookup tries
    them all, so an ambiguous form still finds its term. A word with a Kazakh letter has no
    Russian reading."""
    lower = word.lower()
    if lang == "ru" and any(ch in KAZAKH_LETTERS for ch in lower):
        return ()  # іске is Kazakh (іс + ке), not Russian иске
    first = word_key(word, lang)
    out = [first]
    if lang == "kk" and "-" not in lower:
        from tm.morph.kazakh import default_stemmer

        out.extend(fold(s) for s in default_stemmer().readings(lower))
    elif lang == "ru":
        from tm.morph.russian import parses

        out.extend(fold(p.normal_form) for p in parses(lower)[:4])
    return tuple(dict.fromkeys(k for k in out if k))
