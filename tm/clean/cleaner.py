"""`clean_text`: run the cleaning layers in order and keep every edit in original offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from tm.alphabet import KAZAKH_LETTERS
from tm.clean.dehyphen import dehyphen_edits
from tm.clean.edits import EditLog
from tm.clean.homoglyphs import homoglyph_edits
from tm.clean.kazakh import kazakh_edits
from tm.clean.normalise import glued_sentence_edits, punctuation_edits, unicode_edits
from tm.clean.words import is_russian_word, token_counts
from tm.document import Cleaned, Edit, Lang, line_starts

_CYR = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def guess_language(text: str) -> Lang:
    """kk / ru / other for cleaning: `tm.langid` when present, else letter statistics."""
    try:
        from tm.langid import detect_language
    except ImportError:
        detect_language = None
    if detect_language is not None:
        lang, _reason = detect_language(text)
        return lang if lang in ("kk", "ru") else "other"
    cyr = len(_CYR.findall(text))
    if cyr < 20 or cyr < len(_LATIN.findall(text)) / 2:
        return "other"
    kk = sum(1 for ch in text if ch in KAZAKH_LETTERS or ch in "əƏíî")
    return "kk" if kk / cyr > 0.01 else "ru"


def _russian_latin_edits(text: str, progress: bool) -> list[Edit] | None:
    """Edits of the Latin-OCR Russian repair, or None while that module is not installed."""
    try:
        from tm.ocr.ru_latin import repair_latin_russian
    except ImportError:
        return None
    return repair_latin_russian(text, progress=progress)


def clean_text(text: str, lang: Lang | Literal["auto"] = "auto", *, ocr: bool = True,
               progress: bool = False) -> Cleaned:
    """Clean `text`: normalise, repair homoglyphs, hyphenation, glued sentences and OCR damage.

    Returns the cleaned text with its edits in ORIGINAL offsets (sorted, non-overlapping), so
    `Cleaned.to_original` maps any cleaned offset back. `lang="auto"` guesses kk/ru.
    """
    log = EditLog(text)
    for _ in range(2):  # junk removal can expose a non-NFC sequence
        log.apply(unicode_edits(log.text))
    if lang == "auto":
        lang = guess_language(log.text)
    if ocr and _latin_ocr_document(log.text, lang):
        repaired = _russian_latin_edits(log.text, progress)
        if repaired:
            log.apply(repaired)
        if lang == "other" and repaired:
            lang = "ru"
    log.apply(punctuation_edits(log.text))
    log.apply(homoglyph_edits(log.text, lang))
    log.apply(dehyphen_edits(log.text, _word_test(lang, log.text)))
    # A word joined across a line break can be a new mixed-script word (`T-\nә` -> `Tә`).
    log.apply(homoglyph_edits(log.text, lang))
    log.apply(glued_sentence_edits(log.text))
    if ocr and lang == "kk":
        from tm.lexicon import load_kazakh_lexicon

        log.apply(kazakh_edits(log.text, load_kazakh_lexicon()))
    return log.cleaned()


def _latin_ocr_document(text: str, lang: str) -> bool:
    """Is this Russian whose Cyrillic was OCR'd as Latin? A Cyrillic text never is: running the
    Latin decoder on clean Russian would turn `iPod` or `802.11n` into Russian words."""
    cyr, latin = len(_CYR.findall(text)), len(_LATIN.findall(text))
    if cyr >= latin:
        return False
    return lang == "ru" or (lang == "other" and _latin_ocr_share(text) > 0.5)


def _latin_ocr_share(text: str) -> float:
    try:
        from tm.langid import latin_ocr_russian_share
    except ImportError:
        return 0.0
    return latin_ocr_russian_share(text)


def _word_test(lang: str, text: str) -> Callable[[str], bool]:
    """A word test for de-hyphenation: the lexicon of `lang` plus words seen in the text."""
    counts = token_counts(text)
    if lang == "kk":
        from tm.lexicon import load_kazakh_lexicon

        lexicon = load_kazakh_lexicon()
        return lambda w: counts.get(w, 0) > 0 or lexicon.is_word(w)
    if lang == "ru":
        return lambda w: counts.get(w, 0) > 0 or is_russian_word(w)
    return lambda w: counts.get(w, 0) > 0


def clean_file(path: Path, lang: Lang | Literal["auto"] = "auto", *, progress: bool = False) -> Cleaned:
    """Read a text file (encoding detected by `tm.ingest`) and clean it."""
    try:
        from tm.ingest import read_text_file
    except ImportError:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text, _encoding = read_text_file(Path(path))
    return clean_text(text, lang, progress=progress)


def change_records(cleaned: Cleaned) -> list[dict[str, object]]:
    """One JSON-ready record per edit: 0-based line, offsets in the input, both forms."""
    starts = line_starts(cleaned.original)
    return [
        {"line": bisect.bisect_right(starts, e.start) - 1, "start": e.start, "end": e.end,
         "original": e.original, "repaired": e.repaired, "confidence": round(e.confidence, 3),
         "kind": e.kind}
        for e in cleaned.edits
    ]
