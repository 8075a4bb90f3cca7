"""Candidate terms of one language gathered over a corpus, and how much an entry matters.

`collect` runs an extractor (`candidates_kk` / `candidates_ru`) over every text and merges the
occurrences of each term key: dictionary forms, surfaces, the texts holding it, the occurrences
that cut a longer name. `salience` weighs an entry kk = ru by frequency on both sides, length,
termhood and general-language use, so that multi-word domain terms outrank one-word cognates
(технология = технология) that a translator needs no glossary for.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from tm.glossary.candidate import Candidate, sentence_start

COGNATE_SINGLE = 0.5  # weight of a one-word entry whose two sides are the same word


@dataclass
class Term:
    """One candidate term (all its occurrences) in one language."""

    key: str
    n: int
    forms: Counter[str] = field(default_factory=Counter)  # dictionary forms seen
    surfaces: Counter[str] = field(default_factory=Counter)
    texts: list[int] = field(default_factory=list)  # indexes of corpus texts holding it
    lang: str = ""
    cased: Counter[str] = field(default_factory=Counter)  # forms seen inside a sentence
    cut: int = 0  # occurrences that split a capitalised name

    @property
    def freq(self) -> int:
        return sum(self.surfaces.values())

    @property
    def form(self) -> str:
        """The most frequent dictionary form made of dictionary words (OCR leaves misspelt
        variants: социальные сеты beside социальные сети), in the letter case most frequent
        inside sentences (a sentence start tells nothing); a capitalised one wins a tie."""
        spellings: dict[str, list[str]] = defaultdict(list)
        for form, _ in self.forms.most_common():
            spellings[form.lower()].append(form)
        variants = max(spellings.values(), key=lambda group: (
            known_words(group[0], self.lang), sum(self.forms[f] for f in group)))
        inside = [f for f in variants if self.cased[f]]
        counts = self.cased if inside else self.forms
        return max(inside or variants, key=lambda f: (counts[f], f != f.lower()))


def known_words(form: str, lang: str) -> bool:
    """Is every lower-case Cyrillic word of a Russian `form` in pymorphy3's dictionary?
    (Names, acronyms and other languages are not judged.)"""
    if lang != "ru":
        return True
    from tm.morph.russian import is_known

    return all(is_known(w.lower()) for w in form.split(" ")
               if not w.isupper() and all("а" <= ch <= "я" or ch in "ё-" for ch in w.lower()))


def collect(texts: list[str], extract: Callable[[str], list[Candidate]], lang: str) -> dict[str, Term]:
    """Every candidate term of `texts`, by key."""
    terms: dict[str, Term] = {}
    for idx, text in enumerate(texts):
        for c in extract(text):
            term = terms.get(c.key)
            if term is None:
                term = terms[c.key] = Term(c.key, c.n, lang=lang)
            term.forms[c.form] += 1
            if not c.at_start:
                term.cased[c.form] += 1
            term.surfaces[c.surface] += 1
            term.cut += cuts_name(text, c)
            if not term.texts or term.texts[-1] != idx:
                term.texts.append(idx)
    return terms


def cuts_name(text: str, c: Candidate) -> bool:
    """Does the occurrence split a run of capitalised words (a name) in the middle: its first
    word capitalised right after a capitalised word inside the sentence (Жібек жолы in Цифрлық
    Жібек жолы), or its last word capitalised right before one?"""
    surface = c.surface.split()
    before = text[:c.start]
    if surface[0][:1].isupper() and before.endswith(" ") and not c.at_start:
        words = before.split()
        prev = words[-1] if words else ""
        if prev[:1].isupper() and prev[-1:].isalpha() and not sentence_start(text, c.start - len(prev) - 1):
            return True
    after = text[c.end:]
    if surface[-1][:1].isupper() and after.startswith(" "):
        following = after.split(maxsplit=1)[0] if after.strip() else ""
        if following[:1].isupper() and following[:1].isalpha():
            return True
    return False


def termhood(terms: dict[str, Term], lang: str) -> dict[str, float]:
    from tm.glossary.termhood import c_values, general_weight

    cv = c_values({k: t.freq for k, t in terms.items()})
    for k, t in terms.items():
        if t.n == 1:
            cv[k] *= general_weight(k if lang == "ru" else t.form.lower(), lang)
    return cv


def salience(a: Term, b: Term, th_kk: float, th_ru: float, cognate: float = 0.0) -> float:
    """How much an entry matters: frequency on both sides (geometric mean, as comparable texts
    differ in size), length (log2(1 + words), as in C-value), termhood, general-language use of
    a one-word side (in each language); a one-word entry written alike on both sides (`cognate`
    1) counts COGNATE_SINGLE."""
    from tm.glossary.termhood import general_weight

    weight = math.log2(1 + math.sqrt(a.freq * b.freq)) * math.log2(1 + max(a.n, b.n))
    weight *= min(1.0, 0.5 + 0.5 * min(th_kk, th_ru))
    if b.n == 1:
        weight *= general_weight(b.key)
    if a.n == 1:
        weight *= general_weight(a.form.lower(), "kk")
        if b.n == 1:
            weight *= 1 - (1 - COGNATE_SINGLE) * cognate
    return weight


def agree_case(a: Term, b: Term) -> tuple[str, str]:
    """The kk and ru forms with the letter case a name has on both sides.

    Same letters, capitals on one side and lower case inside sentences on the other: an
    initialism is written in capitals in both languages, so lower case shows a shortened word
    (млн, км) that OCR or an all-caps line upper-cased. A multi-word name capitalised inside
    Kazakh sentences (Орталық Азия) is capitalised in Russian too (Центральная Азия), whose OCR'd
    or sentence-initial forms may have lost the capital."""
    from tm.morph.keys import fold

    kk, ru = a.form, b.form
    if kk != ru and fold(kk) == fold(ru):
        for caps, lower, term in ((kk, ru, b), (ru, kk, a)):
            if caps.isupper() and lower.islower() and term.cased[lower]:
                return kk.lower(), ru.lower()
        return kk, ru
    if " " in kk and " " in ru and kk[:1].isupper() and not kk.split()[0].isupper() \
            and a.cased[kk] and ru[:1].islower() and any(w[:1].isupper() for w in ru.split()[1:]):
        ru = ru[:1].upper() + ru[1:]
    return kk, ru
