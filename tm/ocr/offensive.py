"""Words a repair must never produce: Russian and Kazakh obscenities and their derivatives.

A repair guesses words from damaged letters; a guess that is an obscenity in an example sentence
does far more harm than a word left damaged. Roots are matched at the start of a word after the
verbal prefixes they combine with, so that innocent words sharing letters (`хлеба`, `себе`,
`мандат`, `страху`) are not caught.
"""

from __future__ import annotations

import re

_PREFIX = r"(?:в|вз|вы|до|за|из|на|над|недо|о|об|от|пере|по|под|при|про|раз|рас|с|у)?"
_RU = re.compile(
    r"^(?:"
    + _PREFIX + r"(?:пизд|пёзд|пезд)"
    + r"|(?:на|по|ни|о)?ху[йеёяию](?!ж)"
    + r"|(?:в|вы|до|за|на|об|от|пере|по|под|про|раз|у)?(?:еб|ёб)(?:а|ё|у|л|н|ищ|ись|ет)"
    + r"|ебл|ёбн|бля(?:д|т|$)|муд(?:ак|ач|аз|ил|озв)|пид(?:ор|ар|р)|залуп|манд(?:а|ой|у|ы|ёж|еж)$"
    + r"|шлюх|гандон|говн|дерьм|жоп"
    + r")"
)
_KK = re.compile(r"^(?:сік(?:$|ті|тір|тім|пін|пен)|қотақ|амың)")


def is_offensive(word: str) -> bool:
    """Whether `word` (any case, ё or е) is an obscenity in Russian or Kazakh."""
    w = word.lower()
    return bool(_RU.match(w) or _RU.match(w.replace("е", "ё")) or _KK.match(w))
