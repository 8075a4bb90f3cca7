"""Layer 6 for Kazakh: letters restored from Russian look-alikes (к->қ, т->ғ, ү->ұ, щ->ің ...).

OCR trained on Russian reads Kazakh letters as their Russian neighbours (seed 000: `кыскаша`,
`батдарламасын`, `үйым`, `әлемнщ`). A token is restored only when the evidence says so:

* the token is not a Kazakh word form (lexicon: hunspell stems + suffix stripping) and a variant
  with Kazakh letters is, or is written clean elsewhere in the same document; or
* the token is a form, but a variant is attested in the document and either fixes a vowel-harmony
  violation (`к` beside back vowels: `макала`) or the line is visibly damaged and the variant is
  better supported (`Соңты` -> `Соңғы`).

Russian words are left alone unless the Kazakh variant is written elsewhere in the document.
A document that shows almost no such damage (fewer than `CLEAN_RATE` of its words restorable) is
taken as clean and its letters are left alone: there a restorable-looking word is a name or a
foreign word written in Russian letters (`каталан`, `Данди`, `Оли`), not damage.
Words glued by OCR (`РесейҮкіметі`) are split when both halves are words of the document.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from tm.clean.words import is_russian_word
from tm.document import Edit
from tm.lexicon import KazakhLexicon

# Russian letter (or sequence) -> the Kazakh letters OCR confuses it with.
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "к": ("қ",), "г": ("ғ",), "т": ("ғ",), "н": ("ң",), "у": ("ұ", "ү"), "ү": ("ұ",),
    "ұ": ("ү",), "и": ("і",), "о": ("ө",), "а": ("ә",), "х": ("һ",), "щ": ("ің",),
    "іі": ("н",),
}
MAX_CHANGES = 3
CLEAN_RATE = 0.005  # share of a document's words restored below which it is taken as clean
_TOKEN = re.compile(r"[\u0400-\u04ff]+")
_BACK = "аоұы"
_HARMONY_BREAK = re.compile(rf"[кг][{_BACK}]|[{_BACK}][кг]|ү\w*[ыа]|[ыа]\w*ү")
_GLUED = re.compile(r"(?<=[а-яәғқңөұүһі])(?=[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі])")


@dataclass(frozen=True)
class Candidate:
    word: str
    changes: int
    lex: int  # 2 = known form, 1 = reached by suffix stripping, 0 = not a word
    doc: int  # occurrences in the document


def _sites(word: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Positions (start, end, options) where a Kazakh letter may hide."""
    sites = []
    i = 0
    while i < len(word):
        if word[i:i + 2] == "іі":
            sites.append((i, i + 2, CONFUSIONS["іі"]))
            i += 2
            continue
        if word[i] in CONFUSIONS:
            sites.append((i, i + 1, CONFUSIONS[word[i]]))
        i += 1
    return sites


def variants(word: str, max_changes: int = MAX_CHANGES) -> list[tuple[str, int]]:
    """Every variant of lower-case `word` with 1..max_changes look-alike letters restored."""
    sites = _sites(word)
    out: list[tuple[str, int]] = []
    for k in range(1, min(max_changes, len(sites)) + 1):
        for chosen in itertools.combinations(sites, k):
            for repl in itertools.product(*(opts for _, _, opts in chosen)):
                parts, pos = [], 0
                for (start, end, _), r in zip(chosen, repl):
                    parts.append(word[pos:start])
                    parts.append(r)
                    pos = end
                parts.append(word[pos:])
                out.append(("".join(parts), k))
    return out


def _disharmony(word: str) -> int:
    """Signs a word is not written as Kazakh: к/г beside back vowels, ү with back vowels, щ."""
    return len(_HARMONY_BREAK.findall(word)) + word.count("щ") + word.count("іі")


def _vowel_change(word: str, cand: str) -> bool:
    return len(word) == len(cand) and any(
        a != b and b in "әөіұү" and a not in "үұ" for a, b in zip(word, cand))


def _russian_loan(word: str) -> bool:
    """A Russian word, or a Russian stem with a Kazakh ending (`индексі`, `моделін`)."""
    if is_russian_word(word):
        return True
    for k in range(1, min(8, len(word) - 4) + 1):
        stem = word[:-k]
        if not any(ch in "әғқңөұүһі" for ch in stem) and (
                is_russian_word(stem) or is_russian_word(stem + "ь")):
            return True
    return False


def _with_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class KazakhRestorer:
    """Decides, token by token, which Kazakh letters to restore in one document."""

    def __init__(self, lexicon: KazakhLexicon, text: str) -> None:
        self.lexicon = lexicon
        self.counts: Counter[str] = Counter(w.lower() for w in _TOKEN.findall(text))
        self._prefixes: dict[str, int] = {}

    def lex(self, word: str) -> int:
        if self.lexicon.is_known_form(word):
            return 2
        return 1 if self.lexicon.is_word(word) else 0

    def attested(self, word: str) -> int:
        """Document types other than `word` that start with it (inflected forms seen clean)."""
        hit = self._prefixes.get(word)
        if hit is None:
            hit = self._prefixes[word] = (
                sum(1 for w in self.counts if w != word and w.startswith(word))
                if len(word) >= 5 else 0)
        return hit

    def best(self, word: str) -> Candidate | None:
        """The best-supported restored variant of lower-case `word`, if any is a word."""
        found: list[Candidate] = []
        for cand, changes in variants(word):
            lex = self.lex(cand)
            doc = self.counts.get(cand, 0)
            if lex or doc:
                found.append(Candidate(cand, changes, lex, doc))
        if not found:
            return None
        return max(found, key=lambda c: (c.doc > 0, c.lex, -_disharmony(c.word), -c.changes,
                                         c.doc))

    def decide(self, token: str, damaged_line: bool, sentence_start: bool = False
               ) -> tuple[str, float] | None:
        """(repaired token, confidence) or None to keep `token`."""
        word = token.lower()
        if len(word) < 3 or (token.isupper() and len(token) <= 4):
            return None
        if not any(ch in CONFUSIONS for ch in word) and "іі" not in word:
            return None
        lex_o = self.lex(word)
        russian = _russian_loan(word)
        cand = self.best(word)
        if cand is None:
            return None
        harmony_fix = _disharmony(word) > _disharmony(cand.word)
        override = token.islower() and harmony_fix and cand.lex == 2  # `карағанда` is Russian too
        if lex_o == 0 and not (russian and not cand.doc and not override):
            # Vowels (а->ә, о->ө, и->і, у->ұ/ү) and names need more than a dictionary hit.
            name = token[:1].isupper() and not sentence_start
            if name and not (cand.doc or cand.lex == 2):
                return None
            risky = name or _vowel_change(word, cand.word)
            if not (cand.doc or harmony_fix or (cand.lex == 2 and not risky)):
                return None
            conf = 0.9 if cand.doc or cand.lex == 2 else 0.75
        else:
            better = cand.lex > lex_o or self.attested(cand.word) > self.attested(word)
            ending = "ң" in cand.word[-3:] and "ң" not in word[-3:]  # -сін / -сің: both forms
            if not cand.doc and not (damaged_line and better and not ending):
                return None
            loan_ok = not russian or (token.islower() and cand.lex == 2)
            if not (harmony_fix or (damaged_line and better and loan_ok)):
                return None
            conf = 0.8 if harmony_fix else 0.7
        return _with_case(token, cand.word), conf

    def split_glued(self, token: str) -> str | None:
        """`РесейҮкіметі` -> `Ресей Үкіметі` when both halves are words of the document."""
        parts = _GLUED.split(token)
        if len(parts) != 2:
            return None
        ok = all(self.counts.get(p.lower(), 0) > 1 or self.lexicon.is_word(p) for p in parts)
        return " ".join(parts) if ok else None


def kazakh_edits(text: str, lexicon: KazakhLexicon) -> list[Edit]:
    """Edits restoring Kazakh letters and splitting glued words in a Kazakh text."""
    restorer = KazakhRestorer(lexicon, text)
    edits = _restorations(text, restorer)
    words = sum(restorer.counts.values())
    letters = [e for e in edits if e.kind == "kk-letters"]
    if words and len(letters) < CLEAN_RATE * words:
        edits = [e for e in edits if e.kind != "kk-letters"]
    return edits


def _restorations(text: str, restorer: KazakhRestorer) -> list[Edit]:
    edits: list[Edit] = []
    line_start = 0
    for line in text.split("\n"):
        first: list[tuple[re.Match[str], str, float]] = []
        pending: list[re.Match[str]] = []
        for m in _TOKEN.finditer(line):
            split = restorer.split_glued(m.group())
            if split:
                first.append((m, split, 0.8))
                continue
            before = line[:m.start()].rstrip(" «\"(")
            starts = not before or before[-1] in ".!?:;"
            decided = restorer.decide(m.group(), damaged_line=False, sentence_start=starts)
            if decided:
                first.append((m, *decided))
            else:
                pending.append(m)
        damaged = sum(1 for _, _, c in first if c >= 0.75) >= 2
        if damaged:  # second look at words that are forms but may still be damaged
            for m in pending:
                decided = restorer.decide(m.group(), damaged_line=True)
                if decided:
                    first.append((m, *decided))
        for m, repaired, conf in first:
            if repaired != m.group():
                edits.append(Edit(line_start + m.start(), line_start + m.end(), m.group(),
                                  repaired, "kk-letters" if " " not in repaired else "split",
                                  conf))
        line_start += len(line) + 1
    return sorted(edits, key=lambda e: e.start)
