"""Which candidate terms are junk: not words of their language, fragments, function words.

A terminologist deletes at once an entry whose side is an OCR fragment (`ля` cut from `для`), a
1-2 letter token (`іш`, `ос`; a Kazakh noun such as `ай` may stand inside a longer term), a word that no dictionary and no other text of the corpus knows,
a proper name written in lower case (a name that OCR or a cut lost the capital of: `алекса`),
or a piece of a longer name (`Жібек жолы` cut from `Цифрлық Жібек жолы`). Such terms are kept
out of pairing, so that they cannot take a real term's partner, and are shown only for
inspection (`tm glossary --format json --all`).

A word is a word of its language when a dictionary knows it (Russian: pymorphy3; Kazakh: the
stemmer's lexicon, a Russian loan such as `аккаунт`, a derivation of either: `инновациялық`
= `инновация` + `лық`, or a compound ending in a known word: `экожүйе`), or when the corpus itself uses it LEXICON_USES times or more, in any
inflected form (new terms the dictionaries lack: `цифровизация`, `цифрландыру`); OCR damage
seldom repeats letter for letter.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tm.alphabet import KAZAKH_LETTERS

LEXICON_USES = 3  # uses in the corpus (any inflected form) that make an unknown word one of its own
_CYRILLIC = re.compile(r"^[а-яёәғқңөұүһі]+(?:-[а-яёәғқңөұүһі]+)*$")
_DERIVATION = re.compile(r"(ландыру|лендіру|дандыру|дендіру|тандыру|тендіру|лық|лік|дық|дік|тық|тік"
                         r"|лы|лі|ды|ді|ты|ті|ғы|гі|қы|кі|сыз|сіз|шы|ші|ға|ге)$")
_VOWEL = re.compile("[аәеёиоөуұүыіэюя]")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def word_counts(texts: list[str], lang: str) -> Counter[str]:
    """How often `texts` use each word, counted by its key (all inflected forms together)."""
    from tm.morph.keys import tokenize, word_key

    return Counter(word_key(w, lang) for text in texts for _, _, w in tokenize(text))


def term_junk(form: str, lang: str, lexicon: Counter[str], *, cut: int = 0, freq: int = 1) -> str:
    """Why the term `form` is junk ('' when it is not). `lexicon` = `word_counts` of its side;
    `cut` = how many of its `freq` occurrences split a capitalised name."""
    words = form.split(" ")
    for word in words:
        reason = _word_junk(word, lang, lexicon, alone=len(words) == 1)
        if reason:
            return f"{reason}: {word}"
    if cut * 2 > freq and not all(w.isupper() or _dictionary_word(w.lower(), lang) for w in words):
        return "cut from a longer name"  # a personal name's part; Ресей in Ресей Федерациясы is not
    return ""


def _dictionary_word(lower: str, lang: str) -> bool:
    return _russian_word(lower) if lang == "ru" else _kazakh_word(lower)


def _word_junk(word: str, lang: str, lexicon: Counter[str], *, alone: bool) -> str:
    from tm.morph.keys import word_key

    if word.isupper() and len(word) > 1:
        return ""  # an acronym (АҚШ, СІМ, ИКТ)
    lower = word.lower()
    if sum(ch.isalpha() for ch in word) <= 2 and (alone or lang == "ru" or not _kazakh_noun(lower)):
        return "1-2 letter token"  # a Kazakh noun may stand in a longer term: ай теңіздері
    if not _CYRILLIC.match(lower):
        return "" if lower.isascii() and lower.isalpha() else "mixed script or digits"
    if lang == "ru":
        if KAZAKH_LETTERS.intersection(lower):
            return "Kazakh word on the Russian side"
        if word.islower() and _lower_case_name(lower):
            return "a name in lower case"
        if not _russian_word(lower) and lexicon[word_key(lower, lang)] < LEXICON_USES:
            return "not a Russian word"
        return ""
    if word[:1].isupper():
        return ""  # a name: no dictionary judges it
    if not _kazakh_word(lower) and lexicon[word_key(lower, lang)] < LEXICON_USES:
        return "not a Kazakh word"
    return ""


def _kazakh_noun(lower: str) -> bool:
    """A short Kazakh content word (ай, су, ел), not a function word (ал, да, не)."""
    from tm.glossary.candidates_kk import STOP
    from tm.morph.kazakh import default_stemmer

    return lower not in STOP and default_stemmer().is_known(lower)


@lru_cache(maxsize=100_000)
def _lower_case_name(lower: str) -> bool:
    """Is a lower-case word read only as a personal name (алекса, лоис)?"""
    from tm.morph.russian import parses

    found = [p for p in parses(lower) if p.is_known]
    return bool(found) and all(_NAME_TAGS & set(p.tag.grammemes) for p in found)


@lru_cache(maxsize=100_000)
def _russian_word(lower: str) -> bool:
    from tm.morph.russian import is_known

    return all(is_known(part) for part in lower.split("-") if part)


@lru_cache(maxsize=100_000)
def _kazakh_word(lower: str) -> bool:
    """Known to the Kazakh lexicon (directly, by its stem, or as a derivation) or a Russian loan."""
    from tm.morph.kazakh import default_stemmer
    from tm.morph.russian import is_known

    if "-" in lower:
        return all(_kazakh_word(part) for part in lower.split("-") if part)
    stemmer = default_stemmer()
    stem = stemmer.best(lower).stem
    for w in (lower, stem):
        if stemmer.is_known(w) or is_known(w):
            return True
        base = _DERIVATION.sub("", w)
        if base != w and len(base) >= 3 and (stemmer.is_known(base) or _loan(base)):
            return True
    # a compound ending in a known word of 4+ letters (эко-жүйе, бейне-ойын)
    return any(stemmer.is_known(stem[i:]) and _VOWEL.search(stem[:i]) for i in range(3, len(stem) - 3))


def _loan(base: str) -> bool:
    """A Russian noun stem borrowed into Kazakh, maybe without its last vowel (инновация-лық,
    мобиль-ді from мобильный, цифр-лық from цифра)."""
    from tm.morph.russian import is_known

    return any(is_known(base + tail) for tail in ("", "а", "я", "о", "ь", "ный", "ий", "ия"))
