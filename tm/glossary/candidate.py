"""A term candidate occurrence, shared by the Russian and Kazakh extractors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One occurrence of a candidate term in a segment.

    `form` is the dictionary form (цифровая дипломатия), `surface` the text as written
    (цифровой дипломатии), `key` what every inflected form of the term shares (its words'
    folded stems/lemmas joined by spaces), `n` the number of words.
    """

    form: str
    surface: str
    key: str
    start: int
    end: int
    n: int
