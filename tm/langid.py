"""Language identification: Kazakh, Russian or other, per document and per segment.

Cyrillic text is Kazakh when its words carry the Kazakh-specific letters ә ғ қ ң ө ұ ү һ і (or the
code-point homoglyphs OCR puts in their place: Latin ə, í, î ...) or Kazakh function words, and
Russian when Russian function words and inflections outweigh them. Text in Latin letters is
Russian damaged by OCR (`KasaxcTaH` = Казахстан) when most of its words look like OCR'd Cyrillic:
case changes inside words, digits among letters, or a spelling that reads as a Russian word
through Latin look-alikes and is not a more frequent English word. Otherwise it is "other".

English and Russian word frequencies come from `wordfreq` (offline; loaded on first use).
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from tm.alphabet import KAZAKH_LETTERS
from tm.document import Lang

__all__ = [
    "KAZAKH_LETTERS",
    "detect_language",
    "segment_language",
    "latin_ocr_russian_share",
    "is_latin_ocr_russian",
]

# Code points OCR and old keyboards put in place of Kazakh letters (counted inside Cyrillic words).
_KAZAKH_HOMOGLYPHS = frozenset("əƏɵíîìïÍÎÌÏɪi")
# Letters of other Cyrillic languages: Ukrainian, Belarusian, Serbian/Macedonian, Tatar, Bashkir.
_OTHER_CYRILLIC = frozenset("їєґўђјљњћџѓќѕҗҡҙҫҹӣӯЇЄҐЎЂЈЉЊЋЏЃЌЅҖҠҘҪ")
_KK_WORDS = frozenset(
    "және мен бен пен бұл осы сол ол олар үшін деп деген болып болды болады бойынша туралы арқылы "
    "сияқты ретінде жылы жылғы кейін бірақ алайда сондай-ақ сонымен қатар дейін бар жоқ емес еді "
    "жане жэне бул ушин бойынша турали аркылы сиякты ретинде".split()
)
_RU_WORDS = frozenset(
    "и в во не на с со что как по это для от из к о об но а за то же бы ли при до его её их был была "
    "были было быть также только или уже который которая которые которых этот эта эти более "
    "после между однако если чтобы где когда так".split()
)
_RU_ENDINGS = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ться|тся|ая|яя|ый|ий|ую|юю|ых|их|ов|(?<![дт])ей|ии|ение|ения|ание|ания|ость|ости)\Z"
)

# Kazakh verb and case endings that need no Kazakh-specific letter (болмайды, жатыр, барып).
_KK_ENDINGS = re.compile(r"(?:айды|ейді|ойды|йды|.{2}ады|.{2}еді|атын|етін|ыр|ып)\Z")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_ROMAN = re.compile(r"[IVXLCDM]+\Z")
_URLISH = re.compile(r"(?:https?://|www\.)|@|\.(?:com|org|net|kz|ru|uz|gov|edu|io)\b", re.IGNORECASE)
_EDGE = "«»\"“”„‘’'()[]{}<>,.;:!?…*•·–—-/\\|"
_ORDINAL_OR_UNIT = re.compile(
    r"\d+(?:st|nd|rd|th|s|x|px|pt|km|kg|mm|cm|m|g|kb|mb|gb|tb|kw|mw|hz|khz|mhz|ghz|fps|bit|am|pm|d|k)\Z"
    r"|[a-z]{1,3}\d{1,3}\Z",
    re.IGNORECASE,
)
_CAMEL_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")

# Latin (and digit) look-alikes of Cyrillic letters as OCR produces them, longest first; several
# candidates where a shape is ambiguous (`H` = н/и/й, `I` = л/п/д/г/ц).
_LOOKALIKES: dict[str, str] = {
    "III": "шщ", "IlI": "ш", "IIl": "ш", "bI": "ы", "bl": "ы", "BI": "ы", "Bl": "ы", "b1": "ы",
    "JI": "л", "Jl": "л", "II": "пн", "Il": "п", "LI": "ц", "Ll": "ц", "I[": "ц", "IO": "ю", "Io": "ю",
    ")K": "ж", ")k": "ж", "XK": "ж", "Xk": "ж",
    "A": "адя", "a": "а", "B": "вб", "b": "ьбв", "C": "с", "c": "с", "D": "д", "d": "фдя",
    "E": "е", "e": "е", "F": "г", "G": "бд", "g": "дя", "H": "нийь", "h": "ни", "I": "лпдгці",
    "i": "іи", "J": "лд", "K": "к", "k": "к", "L": "цл", "l": "лі", "M": "мий", "m": "мтл",
    "N": "пи", "n": "пл", "O": "о", "o": "о", "P": "рф", "p": "р", "Q": "о", "R": "я", "r": "г",
    "S": "я", "s": "я", "T": "т", "t": "т", "U": "иц", "u": "иц", "V": "у", "v": "у", "W": "шщ",
    "w": "ш", "X": "х", "x": "х", "Y": "уч", "y": "уч", "Z": "зд", "z": "зд", "0": "о", "3": "зэ",
    "4": "ч", "6": "б", "1": "лі", "¥": "у", "€": "е",
}
_MAX_KEY = max(len(k) for k in _LOOKALIKES)


# ---------------------------------------------------------------- public API

def detect_language(text: str) -> tuple[Lang, str]:
    """The language of a document and a short reason, e.g. ("kk", "kk: 7.1% Kazakh-specific letters")."""
    words = _LETTERS.findall(text)
    cyr = sum(len(w) for w in words if _CYRILLIC.search(w))
    lat = sum(len(_LATIN.findall(w)) for w in words if not _CYRILLIC.search(w))
    if cyr == 0 and lat == 0:
        return "other", "other: no Cyrillic or Latin letters"
    if cyr >= lat:
        return _cyrillic_language(words, cyr)
    tokens = _latin_tokens(text)
    if not tokens:
        return "other", "other: Latin script"
    damaged = sum(map(_visibly_damaged, tokens)) / len(tokens)
    if damaged >= _OCR_SHARE:
        return "ru", (f"ru: Russian Cyrillic OCR'd as Latin letters ({damaged:.0%} of Latin words show OCR "
                      f"damage: case flips, digits among letters, letter pairs like JI for л)")
    if damaged >= _OCR_SHARE / 4:
        share = sum(map(_looks_ocr_russian, tokens)) / len(tokens)
        if share >= _OCR_SHARE:
            return "ru", (f"ru: Russian Cyrillic OCR'd as Latin letters ({share:.0%} of Latin words decode "
                          f"as Russian look-alikes)")
    return "other", f"other: Latin script ({1 - damaged:.0%} of Latin words without OCR damage)"


def segment_language(text: str, default: Lang = "other") -> Lang:
    """The language of one segment; `default` (e.g. the document's language) when it is undecided.

    Short strings give little evidence: a single Kazakh letter makes Cyrillic text Kazakh, Cyrillic
    without one is Russian, and a Latin string is OCR'd Russian only when most of its words look so.
    """
    words = _LETTERS.findall(text)
    cyr = sum(len(w) for w in words if _CYRILLIC.search(w))
    lat = sum(len(_LATIN.findall(w)) for w in words if not _CYRILLIC.search(w))
    if cyr == 0 and lat == 0:
        return default
    if cyr >= lat:
        return _cyrillic_language(words, cyr)[0]
    tokens = _latin_tokens(text)
    if not tokens:
        return default
    need = math.ceil(_OCR_SHARE * len(tokens))
    if sum(map(_visibly_damaged, tokens)) >= max(1, need):
        return "ru"
    looks = sum(map(_looks_ocr_russian, tokens))
    if looks >= max(2 if default != "ru" else 1, need):
        return "ru"  # `Ha ceMuHape`; a lone `He` only inside a document already known as damaged Russian
    return "other"


def latin_ocr_russian_share(text: str) -> float:
    """Share of the Latin word tokens of `text` that look like OCR'd Russian (0.0 without any)."""
    tokens = _latin_tokens(text)
    return sum(map(_looks_ocr_russian, tokens)) / len(tokens) if tokens else 0.0


def is_latin_ocr_russian(token: str) -> bool:
    """Does one Latin token look like a Russian word OCR'd into Latin letters and digits?"""
    token = token.strip(_EDGE)
    return bool(token) and _is_candidate(token) and _looks_ocr_russian(token)


# ---------------------------------------------------------------- Cyrillic: Kazakh or Russian

def _cyrillic_language(words: list[str], n_cyr: int) -> tuple[Lang, str]:
    cyr_words = [w for w in words if _CYRILLIC.search(w)]
    other = sum(1 for w in cyr_words for ch in w if ch in _OTHER_CYRILLIC)
    if other and other >= 0.005 * n_cyr:
        return "other", f"other: {other} letters of another Cyrillic alphabet (e.g. Ukrainian, Tatar)"
    kk_letters = sum(1 for w in cyr_words for ch in w if ch in KAZAKH_LETTERS or ch in _KAZAKH_HOMOGLYPHS)
    # Capitalised words with Kazakh letters in Russian text are mostly names (Тоқаев): vote with
    # the lower-case words when there are enough of them.
    voters = [w for w in cyr_words if w[0].islower()]
    if len(voters) < 2:
        voters = cyr_words
    kk_votes = ru_votes = 0
    for w in voters:
        low = w.lower()
        if any(ch in KAZAKH_LETTERS or ch in _KAZAKH_HOMOGLYPHS for ch in w) or low in _KK_WORDS:
            kk_votes += 1
        elif len(low) > 3 and _KK_ENDINGS.search(low):
            kk_votes += 1
        elif low in _RU_WORDS or (len(low) > 3 and _RU_ENDINGS.search(low)):
            ru_votes += 1
    share = kk_letters / n_cyr
    if kk_votes > ru_votes:
        return "kk", f"kk: {share:.1%} Kazakh-specific letters, {kk_votes} Kazakh vs {ru_votes} Russian word cues"
    if kk_votes == ru_votes and kk_letters:
        return "kk", f"kk: {share:.1%} Kazakh-specific letters"
    return "ru", f"ru: Cyrillic, {share:.1%} Kazakh-specific letters, {ru_votes} Russian vs {kk_votes} Kazakh word cues"


# ---------------------------------------------------------------- Latin: OCR'd Russian or not

_OCR_SHARE = 0.4


def _latin_tokens(text: str) -> list[str]:
    """Whitespace tokens with Latin letters and no Cyrillic, edge punctuation removed, 2+ chars."""
    out = []
    for raw in text.split():
        if _URLISH.search(raw):
            continue
        token = raw.strip(_EDGE)
        if _is_candidate(token):
            out.append(token)
    return out


def _is_candidate(token: str) -> bool:
    return (len(token) >= 2 and _LATIN.search(token) is not None and not _CYRILLIC.search(token)
            and not _ROMAN.match(token))


def _looks_ocr_russian(token: str) -> bool:
    return _visibly_damaged(token) or _decodes_as_russian(token)


def _visibly_damaged(token: str) -> bool:
    """Damage visible without a lexicon of Russian: case flips, digits, OCR letter pairs."""
    return _digit_among_letters(token) or _case_change_inside(token) or _all_caps_damage(token)


@lru_cache(maxsize=65536)
def _decodes_as_russian(token: str) -> bool:
    """Reads as a Russian word through Latin look-alikes, and is not a more frequent English word."""
    decoded = _decode_russian(token)
    if decoded is None:
        return False
    return _russian_zipf(decoded) >= _english_zipf(token.lower())


def _digit_among_letters(token: str) -> bool:
    """`6oJNbllIoe`, `V36exucTaH`, `3a`: a digit touching a lower-case letter or between letters."""
    if not re.search(r"\d", token) or _ORDINAL_OR_UNIT.match(token):
        return False
    core = re.sub(r"[^\w]", "", token)
    return bool(re.search(r"\d[a-z]|[a-z]\d|[^\W\d_]\d+[^\W\d_]", core)) and not core.isupper()


def _case_change_inside(token: str) -> bool:
    """`KasaxcTaH`, `AHHOomayus`, `MHOTMe`: case flips inside a word that is not a CamelCase name
    made of English words (`YouTube`, `SmartTravelKZ`) or a plural acronym (`URLs`)."""
    letters = re.sub(r"[^A-Za-z]", "", token)
    if not (re.search(r"[a-z][A-Z]", letters) or re.search(r"[A-Z]{2,}(?!s\Z)[a-z]", letters)):
        return False
    parts = _CAMEL_PARTS.findall(letters)
    return not all(_brand_part(p, k) for k, p in enumerate(parts))


def _brand_part(part: str, index: int) -> bool:
    if part.isupper():
        return len(part) <= 3 and index > 0 or len(part) == 1
    if index == 0 and part in ("i", "e", "Mc", "Mac"):
        return True
    return len(part) >= 3 and part[0].isupper() and _english_zipf(part.lower()) >= 3.0


_OCR_DIGRAPHS = re.compile(r"JI|II|[Bb][Il]|LI|IO|\)K|III")


def _all_caps_damage(token: str) -> bool:
    """`TEXHOJIOTMM`, `JUIIJIOMATHUA`: a long all-caps word that is not English, or one with the
    letter pairs OCR makes of single Cyrillic letters (`JI` л, `II` п, `BI` ы, `IO` ю)."""
    letters = re.sub(r"[^A-Za-z]", "", token)
    if len(letters) < 4 or not letters.isupper() or _english_zipf(letters.lower()) >= 2.5:
        return False
    return len(letters) >= 6 or _OCR_DIGRAPHS.search(letters) is not None


def _decode_russian(token: str) -> str | None:
    """The most frequent Russian word that `token` spells in Latin look-alikes, if any."""
    src = re.sub(r"[-'’]", "", token)
    if len(src) < 2 or not all(ch in _LOOKALIKES or ch in "[])" for ch in src):
        return None
    vocab, ordered = _russian_vocab()
    best: str | None = None
    budget = [1500]

    def walk(i: int, out: str) -> None:
        nonlocal best
        budget[0] -= 1
        if budget[0] < 0:
            return
        if i == len(src):
            if out in vocab and (best is None or vocab[out] > vocab[best]):
                best = out
            return
        for n in range(min(_MAX_KEY, len(src) - i), 0, -1):
            for ch in _LOOKALIKES.get(src[i:i + n], ""):
                if _is_prefix(out + ch, ordered):
                    walk(i + n, out + ch)

    walk(0, "")
    return best if best and len(best) >= 2 else None


@lru_cache(maxsize=1)
def _russian_vocab() -> tuple[dict[str, float], list[str]]:
    """Russian word forms with their Zipf frequency (top ~150k), and the same forms sorted."""
    import wordfreq

    vocab: dict[str, float] = {}
    for i, bucket in enumerate(wordfreq.get_frequency_list("ru")):
        zipf = 9 - i / 100
        for w in bucket:
            w = w.replace("ё", "е")
            if w.isalpha() and w not in vocab:
                vocab[w] = zipf
        if len(vocab) > 150_000:
            break
    return vocab, sorted(vocab)


def _is_prefix(prefix: str, words: list[str]) -> bool:
    k = bisect.bisect_left(words, prefix)
    return k < len(words) and words[k].startswith(prefix)


def _russian_zipf(word: str) -> float:
    return _russian_vocab()[0].get(word, 0.0)


@lru_cache(maxsize=1)
def _english_freqs() -> dict[str, float]:
    import wordfreq

    out: dict[str, float] = {}
    for i, bucket in enumerate(wordfreq.get_frequency_list("en")):
        for w in bucket:
            out.setdefault(w, 9 - i / 100)
    return out


def _english_zipf(word: str) -> float:
    return _english_freqs().get(word, 0.0)
