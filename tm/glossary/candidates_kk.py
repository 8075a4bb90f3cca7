"""Kazakh term candidates: modifiers and bare nouns before an inflected head.

Kazakh inflects only the last word of a term (цифрлық дипломатияның), and modifiers stand
before the head uninflected: relational adjectives (-лық/-лік/-дық/-дік/-тық/-тік), -лы/-лі/-ды
adjectives, -ғы/-гі/-қы/-кі (сыртқы), participles (-ған/-ген, -атын/-етін), hyphenated
compounds (ақпараттық-коммуникациялық) and bare nouns of izafet compounds (Сыртқы істер
министрлігі). A candidate is a run of up to 5 such words where every word but the last is
uninflected; its dictionary form strips the case of the last word and keeps the possessive
that belongs to the term (министрлігінің -> министрлігі).
"""

from __future__ import annotations

import re

from tm.alphabet import KAZAKH_LETTERS
from tm.glossary.candidate import Candidate, sentence_start
from tm.morph.kazakh import default_stemmer, dictionary_form, phonotactic, splits, stem
from tm.morph.keys import fold, tokenize
from tm.morph.russian import is_known

MAX_WORDS = 5
STOP = frozenset("""
және мен бен пен да де та те ал бірақ немесе яғни себебі сондықтан өйткені егер онда
бұл осы сол мына ол олар біз сіз мен сен оның олардың бұның осының соның өз өзі өзінің
үшін туралы бойынша арқылы сияқты секілді қарай дейін кейін бері бірге қатар ретінде
жөнінде жөніндегі арасында арасындағы кезінде кезде бар жоқ емес еді екен болып болды
болады болған болатын болу етті етеді етіп деп деді деген дейді тиіс керек мүмкін
көп аз бір екі үш төрт бес алты жеті сегіз тоғыз он жүз мың бірнеше әр барлық барша
кез қандай қай не неге қалай қашан кім нені ғана ғой тек әлі енді қазір сонымен
сондай осындай мұндай сонда мұнда ерекше аса өте ең тым жыл жылы жылдың жылға
кейбір бүкіл қазіргі өткен түрлі әртүрлі басқа жаңа үлкен жалпы
""".split())
_MODIFIER = re.compile(
    r"(лық|лік|дық|дік|тық|тік|лы|лі|ды|ді|ты|ті|ғы|гі|қы|кі|ған|ген|қан|кен|атын|етін|йтын|йтін"
    r"|тағы|тегі|дағы|дегі|сыз|сіз|шы|ші|лы|ғы)$")
_VERB_END = re.compile(
    r"(ады|еді|йды|йді|ады|ып|іп|уда|уде|ған|ген|қан|кен|мақ|мек|пақ|пек|ыр|ір|са|се|шы|ші"
    r"|ма|ме|ба|бе|па|пе|ды|ді|ты|ті|тты|тті|ын|ін)$")
# words that start no term: evaluative or linking adjectives (басты мәселе, байланысты іс)
LEAD_STOP = frozenset("""
аталған арналған байланысты басты негізгі маңызды белсенді заманауи жекелеген көрсетілген
түрлі ірі жақсы жаңа үлкен кең жалпы осындай барлық соңғы алғашқы бірінші екінші үшінші
""".split())
_PARTICIPLE = re.compile(r"(ған|ген|қан|кен|атын|етін|йтын|йтін|ытын|ітін)$")
_CYR = re.compile(r"^[а-яёәғқңөұүһі-]+$", re.IGNORECASE)


def _uninflected(word: str) -> bool:
    """True when `word` can stand before a head: no case ending and no possessive (an izafet
    noun with its possessive ends the term: Сыртқы істер министрлігі), at most a plural."""
    lower = word.lower()
    if "-" in lower:
        return True
    if stem(lower, keep_possessive=True, keep_plural=True).lower() != lower:
        return False  # a case ending
    return not _surely_possessive(lower)


def _surely_possessive(lower: str) -> bool:
    """A 3rd-person possessive that cannot be part of the stem: -сы/-сі, after a plural, or with
    the stem's final consonant voiced (министрлігі); a bare -ы/-і may be the word's own (Ұлы)."""
    split = default_stemmer().best(lower)
    if split.possessive not in ("ы", "і", "сы", "сі"):
        return False
    slots = [slot for slot, _ in split.suffixes]
    return split.possessive in ("сы", "сі") or split.restored == "voicing" or "pl" in slots


def _usable(word: str) -> bool:
    return len(word) > 1 and word.lower() not in STOP and _CYR.match(word) is not None \
        and any(ch.isalpha() for ch in word) and not _russian(word)


def _russian(word: str) -> bool:
    """A Russian word quoted in Kazakh text (эпоху информационной глобализации): no Kazakh
    letter, a Russian form with inflection (pymorphy3), and no Kazakh reading: neither a known
    Kazakh stem nor a Russian dictionary word with Kazakh endings (сайты = сайт + ы)."""
    from tm.morph.russian import is_inflected_form, lemma

    lower = word.lower()
    if any(ch in KAZAKH_LETTERS for ch in lower) or not is_inflected_form(lower):
        return False
    stemmer = default_stemmer()
    if stemmer.is_known(stemmer.best(lower).stem):
        return False
    return not any(s.suffixes and not s.rare and lemma(s.stem) == s.stem and is_known(s.stem)
                   and phonotactic(s) for s in splits(lower))


_ALWAYS_VERB = re.compile(r"(ады|еді|йды|йді|ып|іп|уда|уде|атын|етін|мақ|мек|пақ|пек|ыпты|іпті)$")


def _head_ok(word: str) -> bool:
    """A head can be any nominal; finite verbs and converbs are left out."""
    lower = word.lower()
    if _VERB_END.search(lower) and stem(lower) == lower and not _MODIFIER.search(lower):
        return False
    return not lower.endswith(("ып", "іп", "атын", "етін", "мақ", "мек", "уда", "уде"))


def _past_verb(word: str, final: bool) -> bool:
    """Is `word` a verb in the past tense (басталды, берді: a root of the dictionary's verbs +
    -ды/-ді/-ты/-ті)? Such a word ends no term (Жоба басталды, Баға берді). A root that is a
    noun too (жиналыс-ты, аш-ты) reads as the accusative inside a sentence and as the verb at its
    end, where Kazakh puts the verb."""
    stemmer = default_stemmer()
    if stemmer.past_verb(word) is None:
        return False
    return final or not stemmer.is_known(word.lower()[:-2])


def _ends_sentence(text: str, end: int) -> bool:
    rest = text[end:].lstrip(" \t\"»”’)")
    return not rest or rest[0] in ".!?…\n"


def _key(word: str) -> str:
    return fold(stem(word.lower()))


def candidates(text: str) -> list[Candidate]:
    """Every candidate run in `text`, nested ones included, last word in dictionary form."""
    tokens = tokenize(text)
    out: list[Candidate] = []
    n = len(tokens)
    for i in range(n):
        first = tokens[i][2].lower()
        if not _usable(first) or first in LEAD_STOP or _PARTICIPLE.search(first):
            continue
        for j in range(i, min(n, i + MAX_WORDS)):
            word = tokens[j][2]
            if not _usable(word) or _ALWAYS_VERB.search(word.lower()) \
                    or j + 1 < n and _converb(word, tokens[j + 1][2]):
                break
            if j > i and text[tokens[j - 1][1]:tokens[j][0]].strip():
                break  # punctuation between words ends a term
            if _head_ok(word) and not _past_verb(word, _ends_sentence(text, tokens[j][1])) and not (j == i and _MODIFIER.search(word.lower()) and _is_adjective_only(word)):
                words = [t[2] for t in tokens[i:j]]
                last = dictionary_form(word) if j > i and _izafet(tokens[j - 1][2]) else stem(word)
                words = [_lower_unless_name(w, k + i == 0 or sentence_start(text, tokens[i + k][0]))
                         for k, w in enumerate(words)]
                words.append(_lower_unless_name(last, j == 0 or sentence_start(text, tokens[j][0])))
                start, end = tokens[i][0], tokens[j][1]
                out.append(Candidate(form=" ".join(words), surface=text[start:end],
                                     key=" ".join(_key(t[2]) for t in tokens[i:j + 1]),
                                     start=start, end=end, n=j - i + 1,
                                     at_start=sentence_start(text, start)))
            if not _uninflected(word):
                break
    return out


# auxiliaries that follow a converb in -а/-е/-й and take no object themselves (тарата бастады,
# дами түсті); ал-/бер- take objects too (баға берді), so only after -й (дами алады)
_AUX = re.compile(r"^(баста(?!л)|кет|қал|түс|отыр|жатыр|тұр(?!ғ)|жүр(?!г))")  # not тұрғы-, жүргіз-
_AUX_AFTER_Y = re.compile(r"^(ал|бер)")


def _converb(word: str, following: str) -> bool:
    """Is `word` a verb's converb before an auxiliary (тарата бастады, дами алады)? Such a word
    is a verb form, though the dictionary may list it (тарата, дами) as a stem."""
    lower, after = word.lower(), following.lower()
    if lower.endswith(("й", "и")) and (_AUX.match(after) or _AUX_AFTER_Y.match(after)):
        return True
    return lower.endswith(("а", "е")) and _AUX.match(after) is not None \
        and default_stemmer().is_known(lower[:-1])


def _izafet(before: str) -> bool:
    """Does the head's possessive belong to the term? Only after a bare noun (Сыртқы істер
    министрлігі, әлем елдері); after an adjective or alone it marks the sentence's own
    possessor (АҚШ-тың сыртқы саясаты -> сыртқы саясат, бағдарламасы -> бағдарлама)."""
    lower = before.lower()
    return "-" not in lower and not _MODIFIER.search(lower)


def _is_adjective_only(word: str) -> bool:
    """A lone relational adjective (цифрлық) is a modifier, not a term by itself; so is a word in
    -ды/-ді that the stemmer reads as an adjective (белсенді) rather than an accusative."""
    lower = word.lower()
    if lower.endswith(("ды", "ді", "ты", "ті")) and stem(lower) == lower:
        return True
    return lower.endswith(("лық", "лік", "дық", "дік", "тық", "тік", "ғы", "гі", "қы", "кі",
                                  "сыз", "сіз"))


def _lower_unless_name(word: str, at_start: bool) -> str:
    """Lower-case a word unless it is an acronym or a capitalised name inside a sentence."""
    if word.isupper() and len(word) > 1:
        return word
    if word[:1].isupper() and not at_start:
        return word
    return word.lower()


__all__ = ["candidates", "splits"]
