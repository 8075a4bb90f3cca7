"""A term candidate occurrence, shared by the Russian and Kazakh extractors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One occurrence of a candidate term in a segment.

    `form` is the dictionary form (цифровая дипломатия), `surface` the text as written
    (цифровой дипломатии), `key` what every inflected form of the term shares (its words'
    folded stems/lemmas joined by spaces), `n` the number of words. `at_start` says the term
    opens a sentence, so the case of its first letter tells nothing.
    """

    form: str
    surface: str
    key: str
    start: int
    end: int
    n: int
    at_start: bool = False


_ENDS = (".", "!", "?", ":", "«", '"', "\n")


def sentence_start(text: str, start: int) -> bool:
    """Does the word at `start` open a sentence (or a quotation)? A full stop after an initial
    (Н. Назарбаев, E. C. Зиновьева) ends no sentence."""
    before = text[:start].rstrip()
    if not before:
        return True
    if before.endswith(".") and len(before) >= 2 and before[-2].isupper() \
            and (len(before) == 2 or not before[-3].isalpha()):
        return False
    return before.endswith(_ENDS)
