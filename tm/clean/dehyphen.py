"""Layer 4: words hyphenated across a line break (`жазыл-\\nмандар`) or mid-line (`жазыл- мандар`).

A join is made when the joined word is a word, or when a part is not a word; a real compound
(`ақпараттық-коммуникациялық`, `Алматы-\\nАстана`) has two word parts and no joined word, so it
stays. Line numbers must stay valid, so a join across a break moves the second part up and leaves
the line break after the joined word: `жазыл-\\nмандар бар` becomes `жазылмандар\\nбар` (the edit
covers `-\\nмандар ` and repairs it to `мандар\\n`). The number of lines never changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tm.document import Edit

_LETTERS = r"[^\W\d_]"
# first part, hyphen, break (newline or spaces), second part starting lower-case.
_HYPHENATED = re.compile(
    rf"(?<![\w-])({_LETTERS}+)-([ \t]*\n[ \t]*|[ \t]+)(?=[^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])({_LETTERS}+)( *)"
)


def dehyphen_edits(text: str, is_word: Callable[[str], bool]) -> list[Edit]:
    """Edits joining hyphenated words; `is_word` says whether a (lower-case) string is a word."""
    edits: list[Edit] = []
    for m in _HYPHENATED.finditer(text):
        first, gap, second = m.group(1), m.group(2), m.group(3)
        if second[:1].isupper() or (first.isupper() and len(first) > 1):
            continue
        joined = (first + second).lower()
        if is_word(joined):
            confidence = 0.95
        elif "\n" in gap and not (is_word(first.lower()) and is_word(second.lower())):
            confidence = 0.7
        else:
            continue
        hyphen = m.start(2) - 1
        if "\n" in gap:
            start, end = hyphen, m.end()
            edits.append(Edit(start, end, text[start:end], second + "\n", "dehyphen", confidence))
        else:
            start, end = hyphen, m.end(2)
            edits.append(Edit(start, end, text[start:end], "", "dehyphen", confidence))
    return edits
