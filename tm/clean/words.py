"""Word tests per language, and the tokens of a text, shared by the cleaning layers."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def is_russian_word(word: str) -> bool:
    """Is `word` in the Russian dictionary (pymorphy3), any case, ё = е?"""
    w = word.lower()
    return bool(w) and _morph().word_is_known(w)


def token_counts(text: str) -> Counter[str]:
    """Lower-cased Cyrillic word counts of a text (the document's own evidence)."""
    return Counter(w.lower() for w in CYRILLIC_WORD.findall(text))
