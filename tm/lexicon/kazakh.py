"""An offline Kazakh lexicon: hunspell kk_KZ stems, a suffix stripper, and words learned from text.

`load_kazakh_lexicon()` answers "is this a Kazakh word form?" and "what is its stem?". The
hunspell dictionary (bundled, MPL, see NOTICE) holds 54 k stems and many ready-made forms, but its
affix file adds one suffix only; a harmony-aware stripper over `tm.lexicon.suffixes` reaches the
stem of longer chains (`жүйесіндегі` = жүйе+сі+нде+гі). Words seen in clean running text (the
document being repaired, a corpus) can be added with `learn()`; they count as words too.
"""

from __future__ import annotations

import gzip
import os
import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tm.lexicon.hunspell import Hunspell, load_hunspell
from tm.lexicon.suffixes import MAX_SUFFIX, SUFFIX_SET, VOWELS, suffix_fits
from tm.paths import cache_dir

CACHE_VERSION = 1
_DEVOICE = {"г": "к", "ғ": "қ", "б": "п"}
MIN_STEM = 3
MAX_DEPTH = 4
MAX_SHORT = 1  # one-letter suffixes per chain: more would read most strings as "stem+a+n+t"


@dataclass(frozen=True)
class Analysis:
    """One reading of a word: its dictionary stem and the suffixes stripped to reach it."""

    stem: str
    suffixes: tuple[str, ...]
    source: str  # "hunspell" (stem or a form its rules make) or "learned"


@dataclass
class KazakhLexicon:
    """Kazakh word forms: membership, stems, and counts of words learned from clean text."""

    hunspell: Hunspell
    learned: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._memo: dict[str, tuple[Analysis, ...]] = {}

    # -- membership ------------------------------------------------------------------------
    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_word(word)

    def is_word(self, word: str) -> bool:
        """True if `word` (any case; hyphenated parts checked one by one) is a Kazakh form."""
        w = word.lower().replace("ё", "е")
        if "-" in w:
            parts = [p for p in w.split("-") if p]
            return bool(parts) and all(self._is_form(p) for p in parts)
        return self._is_form(w)

    def is_known_form(self, word: str) -> bool:
        """Stricter than `is_word`: the exact form is a stem, a hunspell form, or learned."""
        w = word.lower()
        return w in self.learned or w in self.hunspell.stems or self._hunspell_form(w)

    def _is_form(self, w: str) -> bool:
        return bool(self.analyse(w))

    # -- analysis --------------------------------------------------------------------------
    def analyse(self, word: str) -> tuple[Analysis, ...]:
        """Readings of `word` as stem + suffixes, shortest suffix chain first."""
        w = word.lower()
        hit = self._memo.get(w)
        if hit is None:
            found: list[Analysis] = []
            self._strip(w, (), found, set())
            found.sort(key=lambda a: (len(a.suffixes), -len(a.stem)))
            hit = self._memo[w] = tuple(found)
        return hit

    def stem(self, word: str) -> str:
        """The stem of the best reading of `word`, or `word` itself when it is unknown."""
        readings = self.analyse(word)
        return readings[0].stem if readings else word.lower()

    def frequency(self, word: str) -> int:
        """How often `word` was seen in learned text (0 when never)."""
        return self.learned.get(word.lower(), 0)

    def _hunspell_form(self, w: str) -> bool:
        # hunspell kk_KZ rules ignore harmony for some stems (дипломатиялер): re-check it.
        return any(suffix_fits(stem, add) for stem, add in self.hunspell.analyse(w) if add)

    def _strip(self, w: str, chain: tuple[str, ...], out: list[Analysis], seen: set[str]) -> None:
        if w in seen:
            return
        seen.add(w)
        if len(w) < MIN_STEM:  # two-letter stems (су, ет) only as dictionary entries
            if w in self.hunspell.stems and len(chain) == 1:
                out.append(Analysis(w, chain, "hunspell"))
            return
        if w in self.hunspell.stems or self._hunspell_form(w):
            out.append(Analysis(w, chain, "hunspell"))
        elif w in self.learned:
            out.append(Analysis(w, chain, "learned"))
        if len(chain) >= MAX_DEPTH:
            return
        for k in range(1, min(MAX_SUFFIX, len(w) - 2) + 1):
            suffix = w[-k:]
            if suffix in SUFFIX_SET:
                if k == 1 and sum(len(c) == 1 for c in chain) >= MAX_SHORT:
                    continue
                base = w[:-k]
                if suffix_fits(base, suffix):
                    self._strip(base, (suffix, *chain), out, seen)
                    # a vowel suffix voices the stem's last consonant: білік -> билігі
                    if suffix[0] in VOWELS and base[-1:] in _DEVOICE:
                        self._strip(base[:-1] + _DEVOICE[base[-1]], (suffix, *chain), out, seen)

    # -- learning --------------------------------------------------------------------------
    def learn(self, words: Iterable[str]) -> None:
        """Count words from clean running text as Kazakh word forms."""
        self.learned.update(w.lower() for w in words if w)
        self._memo.clear()

    def copy(self) -> "KazakhLexicon":
        """A lexicon sharing the dictionary but with its own learned words (per document)."""
        return KazakhLexicon(self.hunspell, Counter(self.learned))


def _data_file(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "hunspell" / name


def _build(cache: Path) -> Hunspell:
    aff, dic = _data_file("kk_KZ.aff.gz"), _data_file("kk_KZ.dic.gz")
    hun = load_hunspell(aff, dic)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}")
        with gzip.open(tmp, "wb", compresslevel=1) as fh:
            pickle.dump((CACHE_VERSION, hun.stems, hun.rules), fh)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home is fine: the dictionary is simply parsed again next time
    return hun


def _load_cached(cache: Path) -> Hunspell | None:
    try:
        with gzip.open(cache, "rb") as fh:
            version, stems, rules = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        return None
    return Hunspell(stems=stems, rules=rules) if version == CACHE_VERSION else None


@lru_cache(maxsize=1)
def _shared_hunspell() -> Hunspell:
    cache = cache_dir() / f"kk_lexicon_v{CACHE_VERSION}.pkl.gz"
    return _load_cached(cache) or _build(cache)


def load_kazakh_lexicon() -> KazakhLexicon:
    """The Kazakh lexicon (the dictionary is parsed once per process, cached on disk)."""
    return KazakhLexicon(_shared_hunspell())
