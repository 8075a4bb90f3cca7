"""Choosing word endings by grammatical agreement with neighbouring words (pymorphy3 tags).

The decoder often ranks two forms of one lemma close together (`цифровом` / `цифровой`): an OCR'd
`M` or `H` at the end of a word is the channel's weakest evidence. The neighbours decide. Each run
of repaired words between sentence punctuation is decoded as a chain (Viterbi): a word's cost is its
decoding cost, and each pair of neighbours earns bits when it is well formed: a preposition followed
by a word in a case it governs, an adjective (less for a participle, which often governs what
follows instead) agreeing with the next adjective or noun in case, number and, in the singular,
gender. A phrase's head also earns bits from what governs it: a preposition, also one of two words
(`во время выборов`), `нет`, a numeral (`три других варианта`), a verb (less: transitive +
accusative, copula or passive participle + instrumental). A pronoun that may stand alone (`это`)
earns half of what one that agrees earns (`этой области`). Jointly, `цифровой дипломатии` beats
`цифровом дипломатии` even when each word alone prefers the other ending, and a chain `в новой
цифровой экономике` is settled at once. Then a word outside such a phrase (a verb, a short or
postposed adjective or participle) may take the form that agrees with the word before it, skipping
adverbs, particles, object pronouns and genitive-only nouns (`матч сезона будет`): a predicate with
its nominative subject (`Индия совершила`, `он её продолжит`: number and gender in the past, number
and person otherwise), an adjective or participle with the noun it follows (`революции, приведшей`).
An infinitive or noun is never turned into such a form. Parses that would let anything agree are
ignored: letters read as abbreviations (`к`), nouns of a rare homonymous lexeme (`вариант` of
`варианта`); an accusative adjective agrees in animacy too. Only forms of the best candidate's lemma
near it in cost are considered, and other words only in a near tie (LEMMA_MARGIN), so agreement
rarely changes the word, mostly its form.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tm.ocr.resources import lexicon

AGREE_BONUS = 6.0  # bits for an adjective agreeing with the word after it
PARTICIPLE_WEIGHT = 0.5  # share of AGREE_BONUS for a participle
STANDALONE_WEIGHT = 0.5  # ... for a pronoun or particle standing alone before a word (`это`, `его`)
GOVERN_BONUS = 4.0  # bits for a preposition followed by a case it governs
MARGIN = 8.0  # only forms this close to the best candidate's cost are considered
LEMMA_MARGIN = 1.0  # ... and other words this close
VERB_BONUS = 3.0  # bits for a verb followed by a case it governs
SUBJECT_BONUS = 4.0  # bits for a predicate agreeing with its subject
RARE_LEXEME = 0.05  # pymorphy score below which (and below half the first's) a noun parse of another
# lexeme than the first parse's is ignored

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
# prepositions made of a preposition and a noun, and `нет`: all govern the genitive
_GENITIVE_PREPS = frozenset({
    "во время", "в течение", "в отношении", "в результате", "в качестве", "в ходе", "в рамках", "в целях",
    "в случае", "в области", "в пользу", "в честь", "в сфере", "в виде", "в силу", "в условиях", "в интересах",
    "в размере", "в составе", "в адрес", "по поводу", "по случаю", "со стороны", "с помощью", "за счет",
    "на протяжении", "на основе", "на территории", "нет",
})
_ADJ_POS = frozenset({"ADJF", "PRTF"})
_NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NPRO"})
# relative pronouns agree with the noun before them, not with the word after
_STANDALONE = frozenset({"NPRO", "PRCL"})
_NOUN = frozenset({"NOUN"})
_PHRASE_POS = frozenset({"NOUN", "ADJF", "PRTF"})
_RELATIVE = frozenset({"который", "какой", "чей"})
_SUBJECT_POS = frozenset({"NOUN", "NPRO"})
_NAMES = ("Surn", "Name", "Patr")
_PAUCAL = frozenset({"два", "две", "три", "четыре", "оба", "обе", "полтора", "полторы"})  # + genitive singular
_QUANTITY = frozenset({"несколько", "много", "мало", "немного", "сколько", "столько"})  # + genitive plural
_VERBAL = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})
_COPULAS = frozenset({"являться", "стать", "становиться", "оказаться", "оказываться", "считаться", "называться",
                      "оставаться", "остаться", "быть"})
_AGREEING = frozenset({"VERB", "PRTS", "ADJS", "ADJF", "PRTF"})  # forms the word before may choose
_SKIPPED = frozenset({"ADVB", "PRCL"})  # between a subject and its predicate: `он уже сказал`


@lru_cache(maxsize=100_000)
def _parses(word: str) -> tuple[tuple[str, str | None, str | None, str | None, str], ...]:
    """(POS, case, number, gender, normal form) of each plausible parse of `word`."""
    return tuple(p[:5] for p in _full_parses(word))


@lru_cache(maxsize=100_000)
def _full_parses(word: str) -> tuple[tuple[str, str | None, str | None, str | None, str, str | None, str | None], ...]:
    """(POS, case, number, gender, normal form, animacy, person) of each plausible parse of `word`.

    Letters read as abbreviations (`к`, `в` as letter names) and nouns of a rare homonymous lexeme
    (`вариант` as a form of `варианта`) are dropped: they would let any word agree with anything.
    """
    parsed = lexicon().morph.parse(word)
    top, top_score = (parsed[0].normal_form, parsed[0].score) if parsed else ("", 0.0)

    return tuple(
        (str(p.tag.POS), _str(p.tag.case), _str(p.tag.number), _str(p.tag.gender), p.normal_form,
         _str(p.tag.animacy), _str(p.tag.person))
        for p in parsed
        if not ("Abbr" in p.tag and len(word) <= 2) and not (
            p.tag.POS == "NOUN" and p.normal_form != top and p.score < min(RARE_LEXEME, top_score / 2))
    )


@lru_cache(maxsize=100_000)
def lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form for p in lexicon().morph.parse(word))


@lru_cache(maxsize=200_000)
def pair_bonus(first: str, second: str) -> float:
    """Bits of grammatical evidence that `first` directly followed by `second` is well formed."""
    cases = _PREP_CASES.get(first)
    if cases is not None and any(p[0] == "PREP" for p in _parses(first)):
        return GOVERN_BONUS * any(p[1] in cases for p in _parses(second) if p[0] in _NOMINAL)
    # `это`, `его`: a pronoun or particle needs no agreement, though `этой области` agrees better
    best = AGREE_BONUS * STANDALONE_WEIGHT * any(p[0] in _STANDALONE for p in _parses(first))
    for pos_a, case_a, num_a, gen_a, lemma_a, anim_a, _ in _full_parses(first):
        if pos_a not in _ADJ_POS or lemma_a in _RELATIVE:
            continue
        weight = AGREE_BONUS * (PARTICIPLE_WEIGHT if pos_a == "PRTF" else 1.0)
        if weight <= best:
            continue
        for pos_b, case_b, num_b, gen_b, _, anim_b, _ in _full_parses(second):
            if (pos_b == "NOUN" or pos_b in _ADJ_POS) and case_a == case_b and num_a == num_b and (
                num_a == "plur" or gen_a == gen_b or gen_a is None or gen_b is None
            ) and (anim_a is None or anim_b is None or anim_a == anim_b):
                best = weight
                break
    return best


@lru_cache(maxsize=100_000)
def _predicates(word: str) -> tuple[tuple[str | None, str | None, str | None], ...]:
    """(number, gender, person) of each parse of `word` as a predicate that agrees with its
    subject: a finite verb (past: number and gender; present and future: number and person), a
    short adjective or participle (number and gender)."""
    return tuple(
        (_str(t.number), _str(t.gender), None if t.tense == "past" else _str(t.person))
        for t in (p.tag for p in lexicon().morph.parse(word))
        if t.POS in ("PRTS", "ADJS") or (t.POS == "VERB" and t.mood == "indc")
    )


def _str(x: object) -> str | None:
    return None if x is None else str(x)


@lru_cache(maxsize=200_000)
def subject_bonus(subject: str, predicate: str) -> float:
    """Bits of evidence that `predicate` agrees with `subject` (a nominative noun or pronoun):
    `Индия совершила`, `они соответствуют`, `это было`, `которые были`."""
    preds = _predicates(predicate)
    if not preds:
        return 0.0
    for p in lexicon().morph.parse(subject):
        tag = p.tag
        if tag.case != "nomn" or "Fixd" in tag or not (tag.POS in _SUBJECT_POS or p.normal_form in _RELATIVE):
            continue  # an indeclinable word may be in any case
        num, person = _str(tag.number), _str(tag.person) or "3per"
        gen = None if any(t in tag for t in _NAMES) else _str(tag.gender)  # a surname's gender is a guess
        for p_num, p_gen, p_person in preds:
            if p_num != num:
                continue
            if p_person is not None and p_person != person:
                continue
            if p_person is None and num == "sing" and gen is not None and p_gen != gen:
                continue
            return SUBJECT_BONUS
    return 0.0


@lru_cache(maxsize=200_000)
def govern_bonus(before: str, word: str) -> float:
    """Bits of evidence for the case of `word`, a phrase's head, from the word (or the two-word
    preposition) before the phrase: a preposition governing it, a genitive after `во время`, `в
    отношении` or `нет`, a numeral (`две песни`, `пять стран`), a transitive verb its accusative
    object (`покинут Сирию`), a verb of being or becoming or a passive participle its instrumental
    (`является одним`)."""
    if before in _PREP_CASES:
        return pair_bonus(before, word)
    if before in _GENITIVE_PREPS:
        return GOVERN_BONUS * any(p[0] in _NOMINAL and p[1] == "gent" for p in _parses(word))
    number = _numeral(before)
    if number is not None:
        return GOVERN_BONUS * any(p[0] == "NOUN" and p[1] == "gent" and p[2] == number for p in _parses(word))
    cases = _governed(before)
    if cases and any(p[0] in _NOMINAL and p[1] in cases for p in _parses(word)):
        return VERB_BONUS
    return 0.0


def _numeral(word: str) -> str | None:
    """The number of the genitive noun a numeral or quantity word takes (`две песни`, `пять
    стран`, `несколько лет`), or None."""
    if word in _PAUCAL:
        return "sing"
    if word in _QUANTITY or any(p[0] == "NUMR" and p[1] in ("nomn", "accs") for p in _parses(word)):
        return "plur"
    return None


@lru_cache(maxsize=100_000)
def _governed(word: str) -> frozenset[str]:
    """Cases a verb form governs on its own, over its readings: the accusative if transitive, the
    instrumental for a copula or a passive participle."""
    cases: set[str] = set()
    for p in lexicon().morph.parse(word):
        if p.tag.POS in _VERBAL:
            if p.normal_form in _COPULAS or "pssv" in p.tag:
                cases.add("ablt")
            elif "tran" in p.tag:
                cases.add("accs")
    return frozenset(cases)


def follow_bonus(before: str, word: str) -> float:
    """Bits of evidence for `word` from the word before it, beyond a noun phrase: a predicate
    agreeing with its subject (`Индия совершила`) or an adjective or participle agreeing with
    the noun it follows (`революции, приведшей`)."""
    bonus = subject_bonus(before, word)
    if _first_pos(before) == "NOUN" and _is(word, _ADJ_POS):
        bonus = max(bonus, pair_bonus(word, before) * PARTICIPLE_WEIGHT)
    return bonus


def _first_pos(word: str) -> str | None:
    parses = _parses(word)
    return parses[0][0] if parses else None


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

    modifiers: set[int] = set()  # words whose form agrees with a noun after them
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
        pair = f"{candidates[i - 2][choice[i - 2]][0]} {before}" if before and linked(i - 2) else ""
        if pair in _GENITIVE_PREPS:
            before = pair
        _phrase(candidates, allowed, list(range(i, j)), j, before, choice)
        modifiers.update(range(i, j))
        i = j + 1
    for v in range(n):
        if v not in modifiers and len(allowed[v]) > 1 and _is(candidates[v][choice[v]][0], _AGREEING):
            s = v - 1
            while linked(s) and s > v - 3 and _skippable(candidates[s][choice[s]][0]):
                s -= 1
            if linked(s):
                _follow(candidates[v], allowed[v], candidates[s][choice[s]][0], v, choice)
    return choice


def _phrase(
    candidates: list[list[tuple[str, float]]], allowed: list[list[int]], modifiers: list[int], head: int,
    before: str | None, choice: list[int],
) -> None:
    """Forms for a noun phrase: the head's form is chosen with its modifiers, each of which agrees
    with the head (not merely with its neighbour), and with the preposition governing it."""
    best_total = None
    for k in allowed[head]:
        word, total = candidates[head][k]
        if before is not None:
            total -= govern_bonus(before, word)
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


def _follow(cands: list[tuple[str, float]], allowed: list[int], before: str, v: int, choice: list[int]) -> None:
    """The form of word `v` changed to one earning bits from the word before it, when that pays."""
    def score(k: int) -> float:
        return cands[k][1] - follow_bonus(before, cands[k][0])

    full = _is(cands[choice[v]][0], _ADJ_POS)  # a full adjective stays full, a predicate a predicate
    best = min((k for k in allowed if follow_bonus(before, cands[k][0]) and _is(cands[k][0], _ADJ_POS) == full),
               key=score, default=None)
    if best is not None and score(best) < score(choice[v]):
        choice[v] = best


def _skippable(word: str) -> bool:
    """An adverb, particle or object pronoun, read first as such (`уже`, `не`, `её`), or a noun in
    the genitive only (`матч сезона будет`): no subject, between a subject and its predicate."""
    parses = _parses(word)
    if parses and parses[0][0] == "NOUN":
        return all(p[1] == "gent" for p in parses)
    return bool(parses) and (parses[0][0] in _SKIPPED or (parses[0][0] == "NPRO" and parses[0][1] != "nomn"))


def _is(word: str, pos: frozenset[str] | set[str]) -> bool:
    return any(p[0] in pos for p in _parses(word))
