"""Layers 1, 2 and 5: Unicode NFC and invisible junk, punctuation, sentences glued by `..`.

Each layer takes the current text and returns edits in its offsets; none joins or splits lines.
Punctuation uses sacremoses' Moses normalisation tables, minus the rules that are wrong for
Kazakh and Russian typography: «» „“ — … and the en dash are kept, no space is put around
parentheses, and digit groups separated by a non-breaking space are not turned into decimals.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tm.clean.edits import diff_edits
from tm.document import Edit

# Soft hyphen, zero-width space/joiners, word joiner, BOM, direction marks, invisible operators,
# Mongolian vowel separator.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u2061\u2062\u2063\u2064\u180e"
_JUNK = re.compile(
    f"[{_INVISIBLE}]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
# Kept Moses rules would otherwise change these characters; any such change is dropped.
_PROTECTED = frozenset("«»„“”—–…\n")
# Unicode spaces (no-break, thin, figure, ideographic ...) become a plain space.
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def unicode_edits(text: str) -> list[Edit]:
    """NFC composition and removal of invisible characters (controls except \\n, \\t, \\r)."""
    edits = [Edit(m.start(), m.end(), m.group(), "", "invisible") for m in _JUNK.finditer(text)]
    if edits:
        return edits  # NFC is checked on the next pass over the junk-free text
    if unicodedata.is_normalized("NFC", text):
        return []
    return diff_edits(text, unicodedata.normalize("NFC", text), "nfc")


@lru_cache(maxsize=1)
def _moses_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The Moses punctuation rules worth applying to Kazakh and Russian text."""
    from sacremoses import MosesPunctNormalizer

    norm = MosesPunctNormalizer(lang="ru", penn=False, norm_quote_commas=False,
                                norm_numbers=False)
    keep: list[tuple[str, str]] = []
    for pattern, repl in norm.substitutions:
        if pattern in (r"\r", r"\(", r"\)"):  # line ends stay; no spaces around brackets
            continue
        if any(ch in pattern for ch in _PROTECTED):
            continue
        if "‘" in pattern or "’" in pattern or pattern == "‚":  # apostrophes stay as written
            continue
        keep.append((pattern, repl))
    for pattern, repl in norm.REPLACE_UNICODE_PUNCTUATION:  # full-width forms -> ASCII
        if any(ch in pattern for ch in "”“《》」「’…") or "\\s" in pattern:
            continue
        keep.append((pattern, repl))
    # Stray space before , ; ! ? after a word (Moses handles : and ; only).
    keep.append((r"(?<=[^\W\d_]) +(?=[,!?](?:\s|$))", ""))
    return tuple((re.compile(p, re.MULTILINE), r) for p, r in keep)


def punctuation_edits(text: str) -> list[Edit]:
    """Moses punctuation normalisation restricted to safe rules, line by line."""
    out = _SPACES.sub(" ", text)
    for pattern, repl in _moses_rules():
        out = pattern.sub(repl, out)
    if out == text:
        return []
    edits = diff_edits(text, out, "punct")
    return [e for e in edits
            if not any(ch in _PROTECTED for ch in e.original + e.repaired)]


# `зерттелді..Соңғы`: a paragraph mark OCR'd as '.' glued two sentences. Also `анықтайды:.Бірінші`.
_GLUED = re.compile(r"(?<=[^\W\d_]|[»\])])\.\.(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\d«\[])")
_GLUED_PUNCT = re.compile(r"(?<=[^\W\d_][:;,]|[»)][:;,])\.(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«])")


def glued_sentence_edits(text: str) -> list[Edit]:
    """`..` (or `:.`/`;.`) between a word and the next sentence becomes one stop and a space."""
    edits = [Edit(m.start(), m.end(), m.group(), ". ", "glued", 0.95)
             for m in _GLUED.finditer(text)
             if not text[max(0, m.start() - 1):m.start()] == "."]
    edits += [Edit(m.start(), m.end(), m.group(), " ", "glued", 0.9)
              for m in _GLUED_PUNCT.finditer(text)]
    return sorted(edits, key=lambda e: e.start)
