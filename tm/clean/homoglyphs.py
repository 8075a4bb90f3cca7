"""Layer 3: code-point homoglyphs inside Cyrillic words.

OCR and old fonts put Latin `ə`, `í`, IPA `ɪ`, `∖` ... where Kazakh letters belong (seed 000:
`тари∖ыɪɪа` = тарихына), and Latin a/e/o/p/c/x/y/K/M/H/T/B inside Cyrillic words. A word is
repaired only when it has Cyrillic letters and every foreign character in it has a Cyrillic
reading, so Latin words, brand names and mixed tokens like `Wi-Fi` are never touched.
"""

from __future__ import annotations

import re

from tm.document import Edit

# Sequences first: `ɪɪ` is one н, not two ғ.
KAZAKH_HOMOGLYPHS: dict[str, str] = {
    "ɪɪ": "н", "ə": "ә", "Ə": "Ә", "ǝ": "ә", "Ǝ": "Ә", "í": "і", "î": "і", "ì": "і", "ï": "і",
    "Í": "І", "Î": "І", "Ì": "І", "Ï": "І", "ɪ": "ғ", "∖": "х", "ö": "ө", "Ö": "Ө", "ü": "ү",
    "Ü": "Ү", "h": "һ", "i": "і", "I": "І",
}
# Latin letters that look like Cyrillic ones, for Kazakh and Russian alike.
LATIN_LOOKALIKES: dict[str, str] = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "A": "А", "B": "В",
    "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х",
    "Y": "У",
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"(?:[^\W\d_]|[∖])+")
_FOREIGN = re.compile(r"[^\u0400-\u04ff]")


def _table(lang: str) -> dict[str, str]:
    table = dict(LATIN_LOOKALIKES)
    if lang != "ru":
        table.update(KAZAKH_HOMOGLYPHS)
    else:  # Russian has no ә/і: only the unambiguous vowel ə would be noise; keep Latin only
        table.update({"ɪɪ": "н"})
    return table


def homoglyph_edits(text: str, lang: str) -> list[Edit]:
    """Whole-word edits replacing foreign look-alike characters inside Cyrillic words."""
    table = _table(lang)
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    edits: list[Edit] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not _FOREIGN.search(word):
            continue
        # Word must have Cyrillic letters, or be made only of Kazakh-specific homoglyphs.
        has_cyr = bool(_CYRILLIC.search(word))
        if not has_cyr and not any(ch in "əƏǝƎɪ∖" for ch in word):
            continue
        repaired = pattern.sub(lambda g: table[g.group()], word)
        if _FOREIGN.search(repaired):
            continue  # a character without a Cyrillic reading: not a damaged Cyrillic word
        kind = "homoglyph" if any(ch not in LATIN_LOOKALIKES for ch in word if ch in table or
                                  ch in "ɪ") else "mixed-script"
        edits.append(Edit(m.start(), m.end(), word, repaired, kind, 0.99))
    return edits
