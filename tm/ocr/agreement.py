"""Choosing word endings by grammatical agreement with neighbouring words (pymorphy3 tags).

The decoder often ranks two forms of one lemma close together (`цифровом` / `цифровой`): an OCR'd
`M` or `H` at the end of a word is the channel's weakest evidence. The neighbours decide. Each
run of repaired words between sentence punctuation is decoded as a chain (Viterbi): a word's cost
is its decoding cost, and each pair of neighbours earns bits when it is well formed: a
preposition followed by a word in a case it governs, an adjective (less for a participle, which
often governs what follows instead) agreeing with the next adjective or noun in case, number and,
in the singular, gender. Jointly, `цифровой дипломатии` beats `цифровом дипломатии` even when
each word alone prefers the other ending, and a chain `в новой цифровой экономике` is settled at
once. Only forms of the best candidate's lemma near it in cost are considered, and other words
only in a near tie (LEMMA_MARGIN), so agreement rarely changes the word, mostly its form.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tm.ocr.resources import lexicon

AGREE_BONUS = 6.0  # bits for an adjective agreeing with the word after it
PARTICIPLE_WEIGHT = 0.5  # share of AGREE_BONUS for a participle
GOVERN_BONUS = 4.0  # bits for a preposition followed by a case it governs
MARGIN = 8.0  # only forms this close to the best candidate's cost are considered
LEMMA_MARGIN = 1.0  # ... and other words this close

# cases each preposition can govern
_PREP_CASES: dict[str, frozenset[str]] = {
    p: frozenset(c.split())
    for p, c in {
        "в": "loct accs loc2", "во": "loct accs loc2", "на": "loct accs loc2", "о": "loct accs",
        "об": "loct accs", "обо": "loct", "по": "datv loct accs", "для": "gent", "из": "gent",
        "с": "ablt gent", "со": "ablt gent", "к": "datv", "ко": "datv", "от": "gent", "до": "gent",
        "у": "gent", "между": "ablt gent", "при": "loct", "без": "gent", "через": "accs",
        "за": "ablt accs", "под": "ablt accs", "над": "ablt", "перед": "ablt", "среди": "gent",
        "после": "gent", "около": "gent", "против": "gent", "благодаря": "datv", "согласно": "datv",
        "посредством": "gent", "путем": "gent", "путём": "gent", "вокруг": "gent", "вне": "gent",
    }.items()
}
_ADJ_POS = frozenset({"ADJF", "PRTF"})
_NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NPRO"})
# relative pronouns agree with the noun before them, not with the word after
_STANDALONE = frozenset({"NPRO", "PRCL"})
_NOUN = frozenset({"NOUN"})
_PHRASE_POS = frozenset({"NOUN", "ADJF", "PRTF"})
_RELATIVE = frozenset({"который", "какой", "чей"})


@lru_cache(maxsize=100_000)
def _parses(word: str) -> tuple[tuple[str, str | None, str | None, str | None, str], ...]:
    """(POS, case, number, gender, normal form) of each parse of `word`."""
    morph = lexicon().morph

    def s(x: object) -> str | None:
        return None if x is None else str(x)

    return tuple(
        (str(p.tag.POS), s(p.tag.case), s(p.tag.number), s(p.tag.gender), p.normal_form)
        for p in morph.parse(word)
    )


def lemmas(word: str) -> frozenset[str]:
    return frozenset(p[4] for p in _parses(word))


@lru_cache(maxsize=200_000)
def pair_bonus(first: str, second: str) -> float:
    """Bits of grammatical evidence that `first` directly followed by `second` is well formed."""
    cases = _PREP_CASES.get(first)
    if cases is not None and any(p[0] == "PREP" for p in _parses(first)):
        return GOVERN_BONUS * any(p[1] in cases for p in _parses(second) if p[0] in _NOMINAL)
    if any(p[0] in _STANDALONE for p in _parses(first)):
        return AGREE_BONUS  # `это`, `его`: a pronoun or particle needs no agreement
    best = 0.0
    for pos_a, case_a, num_a, gen_a, lemma_a in _parses(first):
        if pos_a not in _ADJ_POS or lemma_a in _RELATIVE:
            continue
        weight = AGREE_BONUS * (PARTICIPLE_WEIGHT if pos_a == "PRTF" else 1.0)
        if weight <= best:
            continue
        for pos_b, case_b, num_b, gen_b, _ in _parses(second):
            if (pos_b == "NOUN" or pos_b in _ADJ_POS) and case_a == case_b and num_a == num_b and (
                num_a == "plur" or gen_a == gen_b or gen_a is None or gen_b is None
            ):
                best = weight
                break
    return best


def _forms(cands: Sequence[tuple[str, float]]) -> list[int]:
    """Indices of the candidates agreement may choose: the best, forms of its lemma near it, and
    other words within LEMMA_MARGIN of it (a near tie the neighbours may settle: ныне / внешней)."""
    if " " in cands[0][0]:
        return [0]
    keep, base = lemmas(cands[0][0]), cands[0][1]
    return [
        j for j, (text, cost) in enumerate(cands)
        if j == 0 or (" " not in text and (cost <= base + LEMMA_MARGIN or (cost <= base + MARGIN and lemmas(text) & keep)))
    ]


def choose(candidates: list[list[tuple[str, float]]], breaks: Sequence[bool] | None = None) -> list[int]:
    """For each position's (text, cost) candidates (best first), the index chosen after agreement.

    Positions with an empty list are gaps (not Russian) and break agreement, and so does
    `breaks[i]` (sentence punctuation between positions i and i+1).
    """
    n = len(candidates)
    choice = [0] * n
    allowed = [_forms(c) if c else [] for c in candidates]

    def linked(i: int) -> bool:
        return 0 <= i < n - 1 and bool(allowed[i]) and bool(allowed[i + 1]) and not (breaks is not None and breaks[i])

    def can_be(i: int, pos: frozenset[str]) -> bool:
        return any(_is(candidates[i][k][0], pos) for k in allowed[i])

    i = 0
    while i < n:
        if not allowed[i]:
            i += 1
            continue
        j = i
        while can_be(j, _ADJ_POS) and linked(j) and can_be(j + 1, _PHRASE_POS):
            j += 1
        if not can_be(j, _NOUN):
            j = i  # no head noun: the first word alone, governed by a preposition before it
        before = candidates[i - 1][choice[i - 1]][0] if linked(i - 1) else None
        prep = before if before in _PREP_CASES else None
        _phrase(candidates, allowed, list(range(i, j)), j, prep, choice)
        i = j + 1
    return choice


def _phrase(
    candidates: list[list[tuple[str, float]]], allowed: list[list[int]], modifiers: list[int], head: int,
    prep: str | None, choice: list[int],
) -> None:
    """Forms for a noun phrase: the head's form is chosen with its modifiers, each of which agrees
    with the head (not merely with its neighbour), and with the preposition governing it."""
    best_total = None
    for k in allowed[head]:
        word, total = candidates[head][k]
        if prep is not None:
            total -= pair_bonus(prep, word)
        picks = []
        for m in modifiers:
            f = min(allowed[m], key=lambda f: candidates[m][f][1] - pair_bonus(candidates[m][f][0], word))
            picks.append(f)
            total += candidates[m][f][1] - pair_bonus(candidates[m][f][0], word)
        if best_total is None or total < best_total:
            best_total = total
            choice[head] = k
            for m, f in zip(modifiers, picks):
                choice[m] = f


def _is(word: str, pos: frozenset[str] | set[str]) -> bool:
    return any(p[0] in pos for p in _parses(word))
