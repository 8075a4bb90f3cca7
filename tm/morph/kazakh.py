"""A Kazakh suffix stripper for nominals: plural, possessive, case and predicative endings.

Kazakh inflects a noun by appending, in this order, plural (-лар), possessive (-ы, -сы, -ым,
-ыңыз, ...), case (-ның, -ға, -да, -дан, -мен, -дағы, ...) and predicative endings (-мын,
-сыз, -дыр). Every suffix comes in vowel-harmony and consonant-assimilation variants. The
stemmer lists every way a word splits into stem + such a chain (honouring the order and the
allomorph that each position allows), then picks a split:

1. a split whose stem is a known word (the Kazakh lexicon when installed, the bundled hunspell
   stems otherwise, plus stems learned from the text being processed), the longest such stem;
2. otherwise the split that agrees with vowel harmony and consonant assimilation and strips
   the most (an unknown stem that none of the suffixes can attach to is left alone).

Stem-final к/қ/п voice to г/ғ/б before a vowel (министрлік -> министрлігі); the stemmer undoes it.
Russian loans that end in a double consonant write one before a suffix (процесс -> процеске,
класс -> класқа, грамм -> грамға); a split whose stem takes the double back is offered too, and
wins when the doubled stem is known and the written one is not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

BACK = set("аоұыу" + "я" + "ю")
FRONT = set("әеөүіиэ")
VOWELS = set("аәеёиоөуұүыіэюя")
VOICELESS = set("кқпстфхцчшщ")
SONORANT_END = set("йру")  # after these, л-initial suffixes keep л
NASAL_VOICED = set("лмнңжз")
_VOICING = {"г": "к", "ғ": "қ", "б": "п"}
DOUBLING = set("бгдзклмнпрстф")  # consonants Russian loans end in doubled (процесс, грамм)

# Suffix tables: surface -> onset class (for assimilation) ; back and front variants together.
PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
POSS_AFTER_CONS = ("ым", "ім", "ың", "ің", "ыңыз", "іңіз", "ымыз", "іміз", "ы", "і")
POSS_AFTER_VOWEL = ("м", "ң", "ңыз", "ңіз", "мыз", "міз", "сы", "сі")
POSS_3 = {"ы", "і", "сы", "сі"}
CASE_PLAIN = (
    "ның", "нің", "дың", "дің", "тың", "тің",                       # genitive
    "ны", "ні", "ды", "ді", "ты", "ті",                               # accusative
    "ға", "ге", "қа", "ке",                                           # dative
    "да", "де", "та", "те",                                           # locative
    "дан", "ден", "тан", "тен", "нан", "нен",                         # ablative
    "мен", "бен", "пен", "менен", "бенен", "пенен",                   # instrumental
    "дағы", "дегі", "тағы", "тегі",                                   # locative attributive
)
CASE_AFTER_POSS3 = ("ның", "нің", "н", "на", "не", "нда", "нде", "нан", "нен", "мен",
                    "менен", "ндағы", "ндегі")
CASE_AFTER_POSS12 = ("ның", "нің", "ды", "ді", "а", "е", "да", "де", "дан", "ден", "мен",
                     "менен", "дағы", "дегі")
PREDICATIVE = ("мын", "мін", "бын", "бін", "пын", "пін", "сың", "сің", "сыз", "сіз",
               "мыз", "міз", "быз", "біз", "пыз", "піз", "дыр", "дір", "тыр", "тір")


HYPHEN_ENDINGS = frozenset(PLURAL + CASE_PLAIN + CASE_AFTER_POSS3 + POSS_AFTER_CONS
                           + POSS_AFTER_VOWEL + ("а", "е"))


@dataclass(frozen=True)
class Split:
    """One reading of a word: the stem and the suffixes after it, outermost last."""

    stem: str
    suffixes: tuple[tuple[str, str], ...]  # (slot, surface): slot in pl/poss/case/pred/past
    restored: str = ""  # "voicing" (министрліг- -> министрлік), "vowel" (халқ- -> халық),
    # "double" (процес- -> процесс) or "verb" (the stem is the infinitive: ашты -> ашу)

    @property
    def rare(self) -> bool:
        """Uses an ending seldom seen in running text (1st/2nd person, predicative)."""
        return any(slot == "pred" or slot == "poss" and s not in POSS_3 or s in {"а", "е"}
                   for slot, s in self.suffixes)

    @property
    def possessive(self) -> str:
        return next((s for slot, s in self.suffixes if slot == "poss"), "")


def _last_vowel(text: str) -> str:
    for ch in reversed(text):
        if ch in VOWELS:
            return ch
    return ""


def harmony_ok(stem: str, suffix: str) -> bool:
    """Does the suffix's vowel agree with the stem's last vowel (back/front)?

    у, ю and и occur with both rows (Kazakh у, loans like министр), so they accept either.
    """
    sv = _last_vowel(suffix)
    v = _last_vowel(stem)
    if not sv or not v or v in "уюи" or suffix[:3] in {"мен", "бен", "пен"}:
        return True
    return (v in "аоұыяё") == (sv in "аоұы")


def _ending_class(stem: str) -> str:
    """How a stem ends, for consonant assimilation: vowel, sonorant (й р у), nasal (м н ң),
    voiced (л ж з), or voiceless (к қ п с т ф х ц ч ш щ and devoiced б в г д)."""
    last = stem[-1]
    if last in VOWELS and last != "у":
        return "vowel"
    if last in "йру":
        return "sonorant"
    if last in "мнң":
        return "nasal"
    if last in "лжз":
        return "voiced"
    return "voiceless"


# suffix-initial letters allowed after each stem ending, per suffix family
_ONSETS: dict[str, dict[str, str]] = {
    "pl": {"vowel": "л", "sonorant": "л", "nasal": "д", "voiced": "д", "voiceless": "т"},
    "gen": {"vowel": "н", "sonorant": "д", "nasal": "н", "voiced": "д", "voiceless": "т"},
    "acc": {"vowel": "н", "sonorant": "д", "nasal": "д", "voiced": "д", "voiceless": "т"},
    "dat": {"vowel": "ғг", "sonorant": "ғг", "nasal": "ғг", "voiced": "ғг", "voiceless": "қк"},
    "loc": {"vowel": "д", "sonorant": "д", "nasal": "д", "voiced": "д", "voiceless": "т"},
    "abl": {"vowel": "д", "sonorant": "д", "nasal": "н", "voiced": "д", "voiceless": "т"},
    "ins": {"vowel": "м", "sonorant": "м", "nasal": "м", "voiced": "мб", "voiceless": "п"},
    "pred1": {"vowel": "м", "sonorant": "м", "nasal": "б", "voiced": "б", "voiceless": "п"},
    "cop": {"vowel": "д", "sonorant": "д", "nasal": "д", "voiced": "д", "voiceless": "т"},
}


def _family(suffix: str) -> str | None:
    if suffix in {"лар", "лер", "дар", "дер", "тар", "тер"}:
        return "pl"
    if suffix in {"ның", "нің", "дың", "дің", "тың", "тің"}:
        return "gen"
    if suffix in {"ны", "ні", "ды", "ді", "ты", "ті"}:
        return "acc"
    if suffix in {"ға", "ге", "қа", "ке"}:
        return "dat"
    if suffix in {"да", "де", "та", "те", "дағы", "дегі", "тағы", "тегі"}:
        return "loc"
    if suffix in {"дан", "ден", "тан", "тен", "нан", "нен"}:
        return "abl"
    if suffix[:3] in {"мен", "бен", "пен"}:
        return "ins"
    if suffix in {"мын", "мін", "бын", "бін", "пын", "пін", "быз", "біз", "пыз", "піз"}:
        return "pred1"
    if suffix in {"дыр", "дір", "тыр", "тір"}:
        return "cop"
    return None


def onset_ok(stem: str, suffix: str) -> bool:
    """Does the suffix's first consonant agree with how the stem ends (assimilation)?"""
    if suffix[0] in VOWELS:
        return stem[-1] not in VOWELS or stem[-1] == "у"
    family = _family(suffix)
    if family is None:
        return True
    return suffix[0] in _ONSETS[family][_ending_class(stem)]


def _fits(stem: str, suffix: str) -> bool:
    return harmony_ok(stem, suffix) and onset_ok(stem, suffix)


def _strip(word: str, options: Iterable[str], min_stem: int) -> list[tuple[str, str]]:
    return [(word[: -len(s)], s) for s in options
            if word.endswith(s) and len(word) - len(s) >= min_stem]


@lru_cache(maxsize=200_000)
def splits(word: str, min_stem: int = 2) -> tuple[Split, ...]:
    """Every reading of a lower-case `word` as stem + [plural] [possessive] [case] [predicative]."""
    out: list[Split] = []

    def add(stem: str, chain: tuple[tuple[str, str], ...]) -> None:
        if not any(ch in VOWELS for ch in stem) and len(stem) < 3:
            return  # a vowelless stem only as an abbreviation of 3 letters or more (млн, тмд)
        out.append(Split(stem, chain))
        if chain and len(stem) >= 3 and stem[-1] in DOUBLING and stem[-2] in VOWELS:
            out.append(Split(stem + stem[-1], chain, "double"))
        first = chain[0][1] if chain else ""
        if not first or first[0] not in VOWELS:
            return
        if stem[-1] in _VOICING:
            out.append(Split(stem[:-1] + _VOICING[stem[-1]], chain, "voicing"))
        if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] not in VOWELS \
                and stem[-2] in "лрймнңзшсу" and stem[-3] in VOWELS:
            vowel = "ы" if first[0] in "аоұы" else "і"
            body = stem[:-1] + vowel + stem[-1]
            out.append(Split(body, chain, "vowel"))
            if stem[-1] in _VOICING:
                out.append(Split(body[:-1] + _VOICING[stem[-1]], chain, "vowel"))

    def after_poss(base: str, chain: tuple[tuple[str, str], ...]) -> None:
        add(base, chain)
        for stem, pl in _strip(base, PLURAL, min_stem):
            add(stem, (("pl", pl), *chain))

    def before_case(base: str, chain: tuple[tuple[str, str], ...], poss_case: str) -> None:
        """`base` ends where the case suffix (if any) began; strip possessive and plural.

        `poss_case` says which possessive the case allows: "any" (no case), "plain" (a case in
        its plain form: none or 1st/2nd person, as the 3rd person takes -н, -на, -нда),
        "poss3" or "poss12".
        """
        if poss_case in ("any", "plain"):
            after_poss(base, chain)  # no possessive
        for stem, poss in _strip(base, POSS_AFTER_CONS + POSS_AFTER_VOWEL, min_stem):
            is3 = poss in POSS_3
            if poss_case == "poss3" and not is3 or poss_case in ("poss12", "plain") and is3:
                continue
            if poss in POSS_AFTER_VOWEL and stem[-1] not in VOWELS:
                continue
            if poss in POSS_AFTER_CONS and stem[-1] in VOWELS and stem[-1] != "у":
                continue
            after_poss(stem, (("poss", poss), *chain))

    def from_case(base: str, chain: tuple[tuple[str, str], ...]) -> None:
        before_case(base, chain, "any")
        for stem, case in _strip(base, CASE_PLAIN, min_stem):
            if _fits(stem, case):  # the 3rd-person possessive's own forms come below
                before_case(stem, (("case", case), *chain), "plain")
        for stem, case in _strip(base, CASE_AFTER_POSS3, min_stem + 1):
            if stem[-1] in "ыі":
                before_case(stem, (("case", case), *chain), "poss3")
        for stem, case in _strip(base, CASE_AFTER_POSS12, min_stem + 1):
            if stem[-1] in "мң":
                before_case(stem, (("case", case), *chain), "poss12")

    from_case(word, ())
    for stem, pred in _strip(word, PREDICATIVE, min_stem):
        from_case(stem, (("pred", pred),))
    seen: dict[tuple[str, tuple], Split] = {}
    for s in out:
        seen.setdefault((s.stem, s.suffixes), s)
    return tuple(seen.values())


def phonotactic(split: Split) -> bool:
    """Does every suffix of `split` agree with what it attaches to (harmony, assimilation)?"""
    base = split.stem
    for _, suffix in split.suffixes:
        if not _fits(base, suffix):
            return False
        base += suffix
    return True


Lexicon = Callable[[str], bool]


@lru_cache(maxsize=1)
def _hunspell_stems() -> dict[str, str]:
    """The hunspell kk_KZ stems with their flags (via `tm.lexicon.kazakh` when present)."""
    try:
        from tm.lexicon.kazakh import load_kazakh_lexicon
    except ImportError:
        load_kazakh_lexicon = None
    stems = None
    if load_kazakh_lexicon is not None:
        stems = getattr(getattr(load_kazakh_lexicon(), "hunspell", None), "stems", None)
    if not stems:
        from tm.lexicon.hunspell import read_dic

        path = Path(__file__).resolve().parents[1] / "data" / "hunspell" / "kk_KZ.dic.gz"
        if not path.exists():
            return {}
        stems = read_dic(path)
    return stems


@lru_cache(maxsize=1)
def _default_lexicon() -> frozenset[str]:
    """Known Kazakh stems: the hunspell kk_KZ stems, with the inflected forms that the dictionary
    lists as stems taken out. Sorting them out takes seconds, so the result is cached on disk
    under a hash of the stems and this module."""
    import hashlib

    from tm.paths import cached

    words = sorted({w.lower() for w in _hunspell_stems()})
    if not words:
        return frozenset()
    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update("\n".join(words).encode("utf-8"))
    return cached("kk_stems", digest.hexdigest()[:16], lambda: lemmas_only(words))


@lru_cache(maxsize=1)
def _default_verbs() -> dict[str, str]:
    """Verb roots -> infinitives: hunspell marks infinitives (ашу, ойнау, қою) with the verb
    flag M; the root drops -у (аш-, ойна-) or reads -ю as -й (қой-)."""
    out = {}
    for word, flags in _hunspell_stems().items():
        w = word.lower()
        if "M" in flags and len(w) >= 3 and w[-1] in "ую":
            out[w[:-1] if w[-1] == "у" else w[:-1] + "й"] = w
    return out


def lemmas_only(words: Iterable[str]) -> frozenset[str]:
    """Drop the inflected forms a word list holds beside their stems (жылдың beside жыл).

    A word is dropped when it splits into a listed stem + a common chain of endings of two
    letters or more (жылдың = жыл + дың); one-letter endings and the accusative -ды/-ты are
    left alone, as they collide with word-final letters and adjectives (кісі, маңызды).
    A word kept as a stem by `_attested` stays though it splits (кісі = кіс + і, орын = ор + ы + н).
    """
    pool = set(words)
    parents: dict[str, set[str]] = {}
    for w in pool:
        for s in splits(w):
            if s.suffixes and not s.rare and s.stem != w and s.stem in pool \
                    and _strong(s) and phonotactic(s):
                parents.setdefault(w, set()).add(s.stem)
    attested = _attested(pool, parents)
    return frozenset(w for w in pool if w not in parents or w in attested)


def _attested(forms: Iterable[str], parents: dict[str, set[str]]) -> set[str]:
    """The words of `parents` that `forms` show taking endings their inflected reading cannot
    take: кісілерге, желіге, орынға (a possessive or case ending cannot precede -лер, -ге, -ға),
    so кісі, желі, орын are stems, not кіс + і, жел + і, ор + ы + н. A form that also reads onto
    the parent (министрлігінің = министрлік + і + нің) is no evidence, and one form is too
    little: a lexicalised adverb (жылдаға, күніге) would take жылда, күні from жыл, күн."""
    seen: Counter[str] = Counter()
    for v in forms:
        stems = {s.stem for s in splits(v) if s.suffixes and not s.rare and phonotactic(s)}
        for w in stems & parents.keys():
            if not parents[w] & stems:
                seen[w] += 1
    return {w for w, n in seen.items() if n >= 2}


def _strong(split: Split) -> bool:
    chain = [s for _, s in split.suffixes]
    if sum(len(s) for s in chain) < 2 and chain != ["ы"] and chain != ["і"]:
        return False
    return not (len(chain) == 1 and _family(chain[0]) == "acc")


@dataclass
class KazakhStemmer:
    """Chooses among `splits()` with a lexicon and stems learned from a corpus."""

    known: frozenset[str] | set[str] = field(default_factory=_default_lexicon)
    learned: set[str] = field(default_factory=set)
    verbs: dict[str, str] = field(default_factory=_default_verbs)  # root -> infinitive

    def is_known(self, stem: str) -> bool:
        return stem in self.known or stem in self.learned

    def learn(self, words: Iterable[str]) -> None:
        """Take as stems corpus forms unknown to the lexicon that also occur inflected
        (цифрландыру beside цифрландырудың), unless they are inflected forms themselves."""
        forms = {w.lower() for w in words if w.isalpha()}
        found = set()
        for w in forms:
            for s in splits(w):
                if s.suffixes and s.stem in forms and s.stem != w and not s.rare \
                        and not self.is_known(s.stem) and phonotactic(s):
                    found.add(s.stem)
        pool = found | set(self.known)
        for w in found:
            if not any(s.suffixes and s.stem != w and s.stem in pool and not s.rare
                       and _strong(s) and phonotactic(s) for s in splits(w)):
                self.learned.add(w)

    def past_verb(self, word: str) -> Split | None:
        """`word` as a verb root + the past tense -ды/-ді/-ты/-ті (ашты = аш- + ты), the stem
        being the infinitive (ашу); None when no known verb root reads so."""
        lower = word.lower()
        if len(lower) < 4 or lower[-2:] not in ("ды", "ді", "ты", "ті"):
            return None
        root, ending = lower[:-2], lower[-2:]
        if root not in self.verbs or not harmony_ok(root, ending) \
                or (ending[0] == "т") != (_ending_class(root) == "voiceless"):
            return None
        return Split(self.verbs[root], (("past", ending),), "verb")

    def best(self, word: str) -> Split:
        lower = word.lower()
        cands = splits(lower)
        known = [s for s in cands if self.is_known(s.stem)]
        if known:
            chosen = max(known, key=lambda s: (not s.rare, not self._swallowed_s(s),
                                               len(s.stem) - (s.restored == "double"),
                                               s.restored != "double", phonotactic(s),
                                               -len(s.suffixes)))
            if chosen.restored == "vowel":  # a dropped vowel is rarer than a past tense:
                return self.past_verb(lower) or chosen  # ашты = аш- + ты, not ашыт + ы
            return chosen
        fitting = [s for s in cands if s.suffixes and phonotactic(s) and len(s.stem) >= 3
                   and not s.rare and s.restored not in ("vowel", "double")
                   and any(ch in VOWELS for ch in s.stem)]
        if fitting:
            return min(fitting, key=lambda s: (len(s.stem), s.restored != "voicing"))
        return Split(lower, ())

    def readings(self, word: str) -> list[str]:
        """The stems of `word`'s plausible readings, the chosen one first: then the splits onto
        other known stems (Қазақстанды: an adjective in -ды, or Қазақстан + ды) and, when the
        chosen stem is unknown, the other readings that fit (Лаосы: Лао + сы or Лаос + ы)."""
        lower = word.lower()
        best = self.best(lower)
        cands = [s for s in splits(lower) if s.suffixes and not s.rare]
        out = [best.stem] + [s.stem for s in cands if self.is_known(s.stem)]
        if not self.is_known(best.stem):
            out += [s.stem for s in cands if phonotactic(s) and len(s.stem) >= 3
                    and any(ch in VOWELS for ch in s.stem)]
        return list(dict.fromkeys(out))

    def _swallowed_s(self, split: Split) -> bool:
        """A stem in -с before the possessive -ы/-і where the vowel-final stem is known too
        (жүйес+і beside жүйе+сі): the lexicon's -с stems are mostly affix-stripping debris."""
        stem = split.stem
        return split.possessive in ("ы", "і") and stem.endswith("с") and len(stem) >= 4 \
            and stem[-2] in VOWELS and self.is_known(stem[:-1])

    def stem(self, word: str, *, keep_possessive: bool = False, keep_plural: bool = False) -> str:
        """`word` without its inflection, in the word's own letter case.

        With `keep_possessive`, a 3rd-person possessive stays (министрлігінің -> министрлігі), as
        the Kazakh dictionary form of an izafet term keeps it; `keep_plural` keeps -лар/-лер
        (әлеуметтік желілерде -> желілер) for terms used in the plural.
        """
        if not word or not any(ch.isalpha() for ch in word):
            return word
        if "-" in word:
            head, _, tail = word.rpartition("-")
            if not tail:
                return word
            if tail.lower() in HYPHEN_ENDINGS and head:
                return head  # АҚШ-тың, БҰҰ-ға: endings of acronyms and numbers follow a hyphen
            return f"{head}-{self.stem(tail, keep_possessive=keep_possessive, keep_plural=keep_plural)}"
        split = self.best(word)
        lower = word.lower()
        kept = [i for i, (slot, sfx) in enumerate(split.suffixes)
                if keep_possessive and slot == "poss" and sfx in POSS_3
                or keep_plural and slot == "pl"]
        if not kept:
            return _recase(word, split.stem)
        dropped = "".join(s for _, s in split.suffixes[kept[-1] + 1:])
        return _recase(word, lower[: len(lower) - len(dropped)])


def _recase(word: str, stem: str) -> str:
    if word.islower():
        return stem
    if word.isupper() and len(word) > 1:
        return stem.upper()
    chars = list(stem)
    for i, ch in enumerate(word[: len(stem)]):
        if ch.isupper():
            chars[i] = chars[i].upper()
    return "".join(chars)


@lru_cache(maxsize=1)
def default_stemmer() -> KazakhStemmer:
    return KazakhStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str, keep_possessive: bool = False, keep_plural: bool = False) -> str:
    """`word` stripped of plural, possessive, case and predicative endings (cached)."""
    return default_stemmer().stem(word, keep_possessive=keep_possessive, keep_plural=keep_plural)


def dictionary_form(word: str, *, keep_plural: bool = False) -> str:
    """The glossary form of a term's last word: case stripped, its own possessive kept."""
    return stem(word, keep_possessive=True, keep_plural=keep_plural)
