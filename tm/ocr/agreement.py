"""Choosing word endings by grammatical agreement with neighbouring words (pymorphy3 tags).

The decoder often ranks two forms of one lemma close together (`цифровом` / `цифровой`). The
neighbours decide: a preposition governs the case of what follows it, and an adjective or
participle agrees with its noun in number, case and (in the singular) gender.
"""

from __future__ import annotations

from functools import lru_cache

from tm.ocr.resources import lexicon

AGREE_BONUS = 4.0
MARGIN = 7.0  # only candidates this close to the best are reconsidered

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


def _agree(adj: str, noun: str) -> bool:
    for pos_a, case_a, num_a, gen_a, _ in _parses(adj):
        if pos_a not in _ADJ_POS:
            continue
        for pos_n, case_n, num_n, gen_n, _ in _parses(noun):
            if pos_n != "NOUN" or case_a != case_n or num_a != num_n:
                continue
            if num_a == "plur" or gen_a == gen_n or gen_n is None:
                return True
    return False


def _governed(prep: str, word: str) -> bool:
    cases = _PREP_CASES.get(prep)
    return cases is not None and any(p[1] in cases for p in _parses(word) if p[0] in ("NOUN", *_ADJ_POS))


def choose(candidates: list[list[tuple[str, float]]]) -> list[int]:
    """For each position's (text, cost) candidates (None-free lists, best first), the index chosen
    after agreement. Positions with an empty list are gaps (not Russian) and break agreement."""
    choice = [0] * len(candidates)

    def best(i: int) -> str | None:
        if 0 <= i < len(candidates) and candidates[i]:
            return candidates[i][choice[i]][0]
        return None

    def rerank(i: int, score) -> None:
        cands = candidates[i]
        if len(cands) < 2 or " " in cands[0][0]:
            return
        base = cands[0][1]
        keep = lemmas(cands[0][0])
        best_j, best_s = 0, base - AGREE_BONUS * score(cands[0][0])
        for j, (text, cost) in enumerate(cands[1:], 1):
            if cost > base + MARGIN or " " in text or not (lemmas(text) & keep):
                continue
            s = cost - AGREE_BONUS * score(text)
            if s < best_s:
                best_j, best_s = j, s
        choice[i] = best_j

    for i in range(len(candidates)):
        prev = best(i - 1)
        if prev in _PREP_CASES:
            rerank(i, lambda t, p=prev: float(_governed(p, t)))
    # a noun right after an adjective: choose the pair jointly
    for i in range(len(candidates) - 1):
        a, n = best(i), best(i + 1)
        if a is None or n is None or not _is(a, _ADJ_POS) or not _is(n, {"NOUN"}):
            continue
        prev = best(i - 1)
        pairs = _pair_options(candidates[i], candidates[i + 1])
        scored = [
            (ca + cn - AGREE_BONUS * (_agree(ta, tn) + 0.5 * float(prev is not None and _governed(prev, tn))), j, k)
            for j, (ta, ca) in pairs[0] for k, (tn, cn) in pairs[1]
        ]
        if scored:
            _, choice[i], choice[i + 1] = min(scored)
    for i in reversed(range(len(candidates))):
        noun = None
        for k in (i + 1, i + 2):
            w = best(k)
            if w is None:
                break
            if _is(w, {"NOUN"}):
                noun = w
                break
            if not _is(w, _ADJ_POS):
                break
        if noun is not None:
            prev = best(i - 1)
            rerank(
                i,
                lambda t, n=noun, p=prev: float(_agree(t, n)) + 0.5 * float(p is not None and _governed(p, t)),
            )
    return choice


def _is(word: str, pos: set[str] | frozenset[str]) -> bool:
    return any(p[0] in pos for p in _parses(word))


def _pair_options(
    first: list[tuple[str, float]], second: list[tuple[str, float]]
) -> tuple[list[tuple[int, tuple[str, float]]], list[tuple[int, tuple[str, float]]]]:
    """Candidates of two neighbours that share a lemma with their best and are near it in cost."""

    def near(cands: list[tuple[str, float]]) -> list[tuple[int, tuple[str, float]]]:
        keep, base = lemmas(cands[0][0]), cands[0][1]
        return [
            (j, c) for j, c in enumerate(cands)
            if c[1] <= base + MARGIN and " " not in c[0] and (j == 0 or lemmas(c[0]) & keep)
        ]

    return near(first), near(second)
