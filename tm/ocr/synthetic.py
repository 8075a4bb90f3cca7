"""Synthetic Latin-OCR damage of clean Russian, for evaluation and tests.

Draws from the confusion catalogue of REFERENCE section 1: each Cyrillic letter becomes one of its
Latin renderings (`JI` л, `bI` ы, `)K` ж, `H` н/и/й ...), the case of a whole word is often lost
(upper-case Latin for lower-case Cyrillic), a few spurious characters are added and letters
dropped, words are split by a space or merged with the next one, and lines are wrapped at ~70
characters with end-of-line hyphenation. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re

from tm.ocr.confusion import CATALOGUE

_WORD_RE = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
TIER_P = (0.78, 0.19, 0.03)
LINE_WIDTH = 70


def _letter(ch: str, rng: random.Random) -> str:
    low = ch.lower().replace("ё", "е")
    tiers = [t.split() for t in CATALOGUE.get(low, ("", "", ""))]
    weights = [p if t else 0.0 for p, t in zip(TIER_P, tiers)]
    if not any(weights):
        return ch
    tier = rng.choices(range(3), weights)[0]
    lat = rng.choice(tiers[tier])
    return lat.upper() if ch.isupper() and lat.isalpha() else lat


def corrupt_word(word: str, rng: random.Random) -> str:
    """One Cyrillic word rendered as Latin OCR output."""
    out = []
    for ch in word:
        if ch == "-":
            out.append(ch)
        elif rng.random() < 0.012:
            continue  # dropped letter
        else:
            out.append(_letter(ch, rng))
        if rng.random() < 0.01:
            out.append(rng.choice("'.,il1"))  # spurious speck
    lat = "".join(out)
    mode = rng.random()
    if mode < 0.35:
        lat = "".join(c.upper() if c.isalpha() else c for c in lat)
    elif mode < 0.45:
        lat = "".join(c.lower() if c.isalpha() and rng.random() < 0.5 else c for c in lat)
    return lat


def corrupt_text(sentences: list[str], seed: int = 13) -> tuple[str, list[tuple[int, int, str]]]:
    """Damage `sentences` (one paragraph) and return the text and, for every Cyrillic word, the span
    of its damaged form and the clean word (merged neighbours share one span, joined by a space)."""
    rng = random.Random(seed)
    tokens: list[tuple[str, str | None]] = []  # (damaged, clean word or None for other text)
    for sent in sentences:
        pos = 0
        for m in _WORD_RE.finditer(sent):
            if m.start() > pos:
                tokens.append((sent[pos : m.start()], None))
            tokens.append((corrupt_word(m.group(), rng), m.group()))
            pos = m.end()
        tokens.append((sent[pos:] + " ", None))
    # merges: a word glued to the next when only a space separates them
    merged: list[tuple[str, str | None]] = []
    i = 0
    while i < len(tokens):
        dam, clean = tokens[i]
        if (clean and i + 2 < len(tokens) and tokens[i + 1][0] == " " and tokens[i + 2][1]
                and rng.random() < 0.012):
            merged.append((dam + tokens[i + 2][0], clean + " " + tokens[i + 2][1]))
            i += 3
            continue
        if clean and len(dam) >= 6 and rng.random() < 0.015:
            cut = rng.randrange(2, len(dam) - 2)
            dam = dam[:cut] + " " + dam[cut:]
        merged.append((dam, clean))
        i += 1
    text: list[str] = []
    words: list[tuple[int, int, str]] = []
    length = col = 0
    for dam, clean in merged:
        if clean and col + len(dam) > LINE_WIDTH and len(dam) >= 6 and rng.random() < 0.5 and " " not in dam:
            cut = rng.randrange(2, len(dam) - 2)
            dam = dam[:cut] + "-\n" + dam[cut:]
            col = len(dam) - cut - 2
        elif clean is None and col > LINE_WIDTH and dam.startswith(" "):
            dam = "\n" + dam[1:]
            col = len(dam) - 1
        else:
            col += len(dam)
        if clean:
            words.append((length, length + len(dam), clean))
        text.append(dam)
        length += len(dam)
    return "".join(text), words
