"""Russian morphology over pymorphy3: lemmas, parses, and inflection with agreement."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """The shared pymorphy3 analyser (its dictionary loads once per process)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3 parses of `word`, most probable first (cached)."""
    return tuple(analyzer().parse(word))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The normal form of `word`, lower case (цифровых -> цифровой, сети -> сеть)."""
    found = parses(word)
    return found[0].normal_form if found else word.lower()


def is_known(word: str) -> bool:
    """Is `word` in pymorphy3's dictionary (not a guess from its ending)?"""
    found = parses(word)
    return bool(found) and found[0].is_known


_NAMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"})


@lru_cache(maxsize=200_000)
def is_inflected_form(word: str) -> bool:
    """Is `word` a Russian dictionary word in an inflected form, not a name (тенденции,
    информационной, эпоху)? Such a word in Kazakh text is a quotation: Kazakh borrows Russian
    words in their dictionary form (технология, интернет) and inflects them its own way."""
    lower = word.lower().replace("ё", "е")
    found = parses(lower)
    if not found or not found[0].is_known or _NAMES & set(found[0].tag.grammemes):
        return False
    return all(p.normal_form.replace("ё", "е") != lower for p in found)


def inflect(parse: Any, grammemes: set[str]) -> str | None:
    """The form of `parse` with `grammemes`, or None when pymorphy3 cannot make it."""
    made = parse.inflect(grammemes)
    return made.word if made is not None else None
