"""Texts as the search sees them: language, word tokens with their keys, punctuation.

Keys come from `tm.morph.keys`: `fold` (case, ё, look-alike letters) and `word_key` (fold of the
Kazakh stem or Russian lemma), so the inflected forms of one word meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from tm.alphabet import KAZAKH_LETTERS
from tm.morph.keys import fold, tokenize, word_key

Lang = Literal["kk", "ru"]

_PUNCT_STYLE = str.maketrans({
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "`": "'",
    "–": "-", "—": "-", "‐": "-", "−": "-", "\u00a0": " ", "…": "...",
})
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[.,;:!?)\]])|(?<=[(\[]) ")


@dataclass(frozen=True)
class Word:
    """One word of a text: its position, surface form, folded form and inflection-free key."""

    start: int
    end: int
    surface: str
    folded: str
    key: str


def has_kazakh_letters(text: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in text)


def detect_lang(text: str) -> Lang:
    """'kk' when the text has a Kazakh-specific letter or mostly words Russian does not know."""
    if has_kazakh_letters(text):
        return "kk"
    words = [w for _, _, w in tokenize(text) if any(ch.isalpha() for ch in w)]
    if not words:
        return "ru"
    from tm.morph.russian import is_known

    known = sum(1 for w in words if is_known(w.lower()))
    return "ru" if known * 2 >= len(words) else "kk"


def normalise(text: str) -> str:
    """NFC, one quote/dash style, single spaces and no space before closing punctuation."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCT_STYLE)
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub("", text)


def words(text: str, lang: Lang, keys: list[str] | None = None) -> list[Word]:
    """The words of `text` with their keys in language `lang`; `keys`, when given and one per
    word (as `key_string` stored them), are taken as they are instead of stemming again."""
    tokens = tokenize(text)
    if keys is not None and len(keys) == len(tokens):
        return [Word(s, e, w, fold(w), k) for (s, e, w), k in zip(tokens, keys)]
    return [Word(s, e, w, fold(w), word_key(w, lang)) for s, e, w in tokens]


def punctuation(text: str) -> str:
    """The punctuation of a text in order, in one quote/dash style (spaces and words removed)."""
    spans = tokenize(text)
    out, pos = [], 0
    for start, end, _ in spans + [(len(text), len(text), "")]:
        out.append(text[pos:start])
        pos = end
    return _SPACE.sub("", "".join(out).translate(_PUNCT_STYLE))


def key_string(text: str, lang: Lang) -> str:
    """The keys of a text joined by spaces: what the FTS5 key table holds for it."""
    return " ".join(w.key for w in words(text, lang) if w.key)
