"""Finding Latin-OCR'd Russian words, and the genuine Latin that must be left alone.

A text is cut into *pieces*: runs of Latin letters, digits and the symbols OCR uses inside damaged
Cyrillic (`)K` ж, `[I` П, `{` й, `/I` л, `€` е ...), with surrounding punctuation stripped. URLs
and e-mail addresses are never cut into pieces. Each piece then gets a label from its own evidence
(`damage_signal`, English word frequency, how well it decodes as Russian) and, when that is
ambiguous, from the labels of its neighbours on the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tm.ocr.resources import english_zipf

_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S*\w\.(?:com|org|net|gov|kz|uz|ru|edu|io)(?:/\S*|\b)\S*"
    r"|\S*(?:%[0-9A-Fa-f]{2}|#:~:|[?&]\w+=|\w/\w+/|/#)\S*",  # wrapped remainders of URLs
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)|\d{3,}[A-Z]")
_PIECE_RE = re.compile(r"[A-Za-z0-9€¥¢$§@{}\[\]()/|'’\ufb00-\ufb06]+")
_LEAD_STRIP = "('’/|"
_TRAIL_STRIP = ")]'’/|([$§"
_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_CAMEL_PART_RE = re.compile(r"[A-Z][a-z]+|[A-Z]{1,3}$")


@dataclass(frozen=True)
class Piece:
    """A candidate word: `text[start:end]` on 0-based `line`."""

    start: int
    end: int
    text: str
    line: int


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and bare domain paths."""
    return [m.span() for m in _URL_RE.finditer(text)]


def pieces(text: str) -> list[Piece]:
    """All candidate word pieces outside URLs, in text order."""
    blocked = url_spans(text)
    out: list[Piece] = []
    line, line_pos = 0, 0
    b = 0
    for m in _PIECE_RE.finditer(text):
        s, e = m.span()
        while b < len(blocked) and blocked[b][1] <= s:
            b += 1
        if b < len(blocked) and blocked[b][0] < e:
            continue
        while s < e and text[s] in _LEAD_STRIP:
            s += 1
        if s < e and text[s] == "[" and (s + 1 == e or not text[s + 1].isalpha()):
            s += 1
        while e > s and text[e - 1] in _TRAIL_STRIP:
            e -= 1
        if s >= e or not any(ch.isalpha() for ch in text[s:e]) and not _ocr_digits(text[s:e]):
            continue
        line += text.count("\n", line_pos, s)
        line_pos = s
        out.append(Piece(s, e, text[s:e], line))
    return out


def _ocr_digits(tok: str) -> bool:
    """Strings without letters that can only be Russian words (`06` об, `0` о, `@` а ...)."""
    return tok in {"0", "06", "0T", "3a", "@"}


def is_ordinal(tok: str) -> bool:
    """`6th`, `21st`, `2023B`: a number with a Latin suffix, not a damaged word."""
    return bool(_ORDINAL_RE.fullmatch(tok))


def is_roman(tok: str) -> bool:
    return len(tok) >= 2 and tok.isupper() and bool(_ROMAN_RE.fullmatch(tok))


def is_brand(tok: str) -> bool:
    """CamelCase made of English words (`DataReportal`, `SmartTravelKZ`, `LinkedIn`)."""
    parts = _CAMEL_PART_RE.findall(tok)
    if "".join(parts) != tok or sum(len(p) >= 3 and not p.isupper() for p in parts) < 2:
        return False
    from tm.ocr.resources import english_ngram

    ngram = english_ngram()
    return english_zipf(parts[0]) >= 3.0 and all(
        english_zipf(p) >= 3.0 or p.isupper() or ngram.word_cost(p.lower()) / len(p) <= 3.6 for p in parts
    )


def is_handle(tok: str) -> bool:
    """`@Twitter`, `@user`: a social-media handle, an `@` before an English word or brand (inside
    a damaged word `@` stands for а)."""
    rest = tok[1:]
    return tok.startswith("@") and len(rest) > 1 and (english_evidence(rest) >= 2.0 or is_brand(rest))


def damage_signal(tok: str) -> bool:
    """True when the spelling itself shows OCR damage: mixed case other than Capitalised (not a
    brand), or digits and OCR symbols among the letters."""
    if not any(ch.isalpha() for ch in tok):
        return False
    return not english_shape(tok) and not is_brand(tok)


def english_shape(tok: str) -> bool:
    """Spelled like an English word: lower case, Capitalised, or all caps; letters only (an
    English possessive and typographic ligatures allowed)."""
    tok = unicodedata.normalize("NFKC", re.sub(r"['’]s$", "", tok))
    return tok.isalpha() and tok.isascii() and (tok.islower() or tok.isupper() or tok[1:].islower())


def english_evidence(tok: str) -> float:
    """Zipf frequency of the token as English (brands count as frequent)."""
    if is_brand(tok):
        return 6.0
    if not english_shape(tok):
        return 0.0
    return english_zipf(unicodedata.normalize("NFKC", re.sub(r"['’]s$", "", tok)))
