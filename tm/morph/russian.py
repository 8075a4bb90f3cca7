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
    """The normal form of `word`, lower case (цифровых -> цифровой, сети -> сеть); a hyphenated
    adjective with its first part in the combining form (see `compound_form`)."""
    found = parses(word)
    if not found:
        return word.lower()
    if "-" in word and found[0].tag.POS in {"ADJF", "PRTF"}:
        return compound_form(found[0].normal_form)
    return found[0].normal_form


def compound_form(word: str) -> str:
    """A hyphenated adjective with every part but the last in its combining form: the first
    part of a compound adjective never inflects (информационно-коммуникационных), so a part
    written as a full adjective form (информационной-, an agreement slip or OCR misreading)
    takes the adjective's short neuter form (информационно-). Other parts stay as written."""
    parts = word.split("-")
    return "-".join([_combining(p) for p in parts[:-1]] + parts[-1:])


@lru_cache(maxsize=20_000)
def _combining(part: str) -> str:
    found = [p for p in parses(part.lower()) if p.is_known]
    if not found or found[0].tag.POS != "ADJF" or any(p.tag.POS in {"ADJS", "ADVB"} for p in found):
        return part
    short = found[0].inflect({"ADJS", "neut", "sing"})
    if short is not None:
        made = short.word
    else:
        base = found[0].normal_form[:-2]
        made = base + ("е" if base[-1:] in "жшщчц" or found[0].normal_form.endswith("ний") else "о")
    return made.upper() if part.isupper() else made[:1].upper() + made[1:] if part[:1].isupper() else made


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
