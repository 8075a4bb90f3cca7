"""Language resources for OCR repair: Russian word forms, word frequencies, character n-grams.

The lexicon is pymorphy3's own DAWG of 3 M Russian word forms, walked state by state (no copy).
Frequencies come from wordfreq. Character trigram tables (Russian, for words outside the lexicon
such as surnames; English, for telling genuine Latin text from damaged Russian) are trained from
wordfreq's word lists on first use and cached with `tm.paths.cached` under a key made of the
versions they are built from (a few seconds once; an unreadable or unwritable cache is rebuilt).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import metadata

from tm.paths import cached

RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
NGRAM_VERSION = 1
BOUNDARY = "^"
END = "$"


def _resource_key(version: int) -> str:
    """A cache key for a table built from wordfreq (and pymorphy3's dictionary): it changes when
    either package, or the table's own format version, does."""
    parts = [str(version)]
    for package in ("wordfreq", "pymorphy3", "pymorphy3-dicts-ru"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=?")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


class Lexicon:
    """Incremental walk over pymorphy3's DAWG of Russian word forms (lower case, with ё)."""

    def __init__(self) -> None:
        import pymorphy3

        self.morph = pymorphy3.MorphAnalyzer()
        self._dct = self.morph.dictionary.words.dct
        self.root: int = self._dct.ROOT
        self._children: dict[int, dict[str, tuple[int, float]]] = {}
        self._accepts: dict[int, bool] = {}
        self._letter_bytes = [(ch, ch.encode()) for ch in RU_LETTERS]

    def children(self, state: int) -> dict[str, tuple[int, float]]:
        """letter -> (next state, extra cost) for every letter that continues some word form."""
        found = self._children.get(state)
        if found is None:
            follow = self._dct.follow_bytes
            found = {ch: (nxt, 0.0) for ch, b in self._letter_bytes if (nxt := follow(b, state)) is not None}
            self._children[state] = found
        return found

    def hyphen(self, state: int) -> int | None:
        """The state after a hyphen, if some dictionary compound continues there (`северо-`)."""
        return self._dct.follow_bytes(b"-", state)

    def accepts(self, state: int) -> float | None:
        """0.0 if the letters walked so far form a complete word form, else None."""
        ok = self._accepts.get(state)
        if ok is None:
            ok = self._dct.follow_bytes(b"\x01", state) is not None
            self._accepts[state] = ok
        return 0.0 if ok else None


class CharNgram:
    """Interpolated character trigram model over words; costs in bits. Walkable like a lexicon."""

    def __init__(self, tables: dict[str, dict[str, float]], alphabet: str) -> None:
        self.tables = tables
        self.alphabet = alphabet
        self.root = BOUNDARY * 2
        self._children: dict[str, dict[str, tuple[str, float]]] = {}

    def cost(self, context: str, ch: str) -> float:
        t = self.tables.get(context[-2:])
        if t is not None and ch in t:
            return t[ch]
        t = self.tables.get(context[-1:])
        if t is not None and ch in t:
            return t[ch] + 1.0
        return self.tables[""].get(ch, 20.0) + 2.0

    def children(self, state: str) -> dict[str, tuple[str, float]]:
        found = self._children.get(state)
        if found is None:
            found = {ch: (state[-1] + ch, self.cost(state, ch)) for ch in self.alphabet}
            self._children[state] = found
        return found

    def accepts(self, state: str) -> float | None:
        return self.cost(state, END)

    def word_cost(self, word: str) -> float:
        state, total = self.root, 0.0
        for ch in word:
            total += self.cost(state, ch)
            state = state[-1] + ch
        return total + self.cost(state, END)


def _train_ngram(words: list[str]) -> dict[str, dict[str, float]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for w in words:
        padded = BOUNDARY * 2 + w + END
        for i in range(2, len(padded)):
            ch = padded[i]
            counts[padded[i - 2 : i]][ch] += 1
            counts[padded[i - 1 : i]][ch] += 1
            counts[""][ch] += 1
    tables: dict[str, dict[str, float]] = {}
    for ctx, c in counts.items():
        total = sum(c.values()) + len(c)
        tables[ctx] = {ch: -math.log2((n + 0.5) / total) for ch, n in c.items()}
    return tables


def _build_ngrams() -> dict[str, dict[str, dict[str, float]]]:
    import wordfreq

    ru = [w.replace("ё", "е") for w in wordfreq.top_n_list("ru", 150_000) if re.fullmatch(f"[{RU_LETTERS}]+", w)]
    en = [w for w in wordfreq.top_n_list("en", 100_000) if re.fullmatch("[a-z]+", w)]
    return {"ru": _train_ngram(ru), "en": _train_ngram(en)}


@lru_cache(maxsize=1)
def _ngram_tables() -> dict[str, dict[str, dict[str, float]]]:
    return cached("ocr_char_ngrams", _resource_key(NGRAM_VERSION), _build_ngrams)


@lru_cache(maxsize=1)
def russian_ngram() -> CharNgram:
    return CharNgram(_ngram_tables()["ru"], RU_LETTERS.replace("ё", ""))


@lru_cache(maxsize=1)
def english_ngram() -> CharNgram:
    return CharNgram(_ngram_tables()["en"], "abcdefghijklmnopqrstuvwxyz")


UNKNOWN_VERSION = 1
UNKNOWN_TOP = 300_000  # wordfreq's most frequent Russian words searched for ones pymorphy lacks


@lru_cache(maxsize=1)
def unknown_words() -> frozenset[str]:
    """Frequent Russian words (wordfreq) missing from pymorphy3's dictionary, ё as е: words newer
    than it (цифровизация, фейсбук), names, first parts of compounds (северо, физико). Built on
    first use (a few seconds) and cached."""
    return cached("ocr_unknown_words", _resource_key(UNKNOWN_VERSION), _build_unknown_words)


def _build_unknown_words() -> frozenset[str]:
    import wordfreq

    morph = lexicon().morph
    return frozenset(
        w.replace("ё", "е") for w in wordfreq.top_n_list("ru", UNKNOWN_TOP)
        if len(w) >= 3 and re.fullmatch(f"[{RU_LETTERS}]+", w) and not morph.word_is_known(w)
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


@lru_cache(maxsize=1)
def _freqs() -> tuple[dict[str, float], dict[str, float]]:
    import wordfreq

    return wordfreq.get_frequency_dict("ru"), wordfreq.get_frequency_dict("en")


def russian_word_cost(word: str) -> float:
    """-log2 frequency of a Russian word (ё = е), with a floor for dictionary words wordfreq lacks;
    a hyphenated compound costs what its parts cost (wordfreq splits compounds)."""
    if "-" in word.strip("-"):
        return sum(russian_word_cost(part) for part in word.split("-") if part)
    f = _freqs()[0].get(word.replace("ё", "е"), 0.0)
    return -math.log2(f) if f > 0 else 28.0


def english_zipf(word: str) -> float:
    f = _freqs()[1].get(word.lower(), 0.0)
    return math.log10(f) + 9 if f > 0 else 0.0
