"""Ending choice by agreement (tm.ocr.agreement) and the wider search for badly fitting words."""

from __future__ import annotations

import pytest

from tm.clean.edits import apply_edits
from tm.ocr.agreement import AGREE_BONUS, GOVERN_BONUS, PARTICIPLE_WEIGHT, STANDALONE_WEIGHT, choose, pair_bonus
from tm.ocr.ru_latin import repair_latin_russian


@pytest.mark.parametrize(
    ("first", "second", "bonus"),
    [
        ("новой", "экономике", AGREE_BONUS),
        ("новом", "экономике", 0.0),
        ("большие", "города", AGREE_BONUS),
        ("новой", "экономической", AGREE_BONUS),  # adjective chains agree pairwise
        ("в", "городе", GOVERN_BONUS),
        ("для", "городе", 0.0),
        ("для", "города", GOVERN_BONUS),
        ("вызванный", "взрыв", AGREE_BONUS * PARTICIPLE_WEIGHT),
        ("которые", "страны", 0.0),  # a relative pronoun agrees with the noun before it
        ("город", "новый", 0.0),
        ("это", "система", AGREE_BONUS * STANDALONE_WEIGHT),  # a pronoun standing alone needs no agreement,
        ("этой", "области", AGREE_BONUS),  # but a pronoun that agrees is likelier
        ("это", "области", AGREE_BONUS * STANDALONE_WEIGHT),
    ],
)
def test_pair_bonus(first: str, second: str, bonus: float) -> None:
    assert pair_bonus(first, second) == bonus


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # each word alone prefers the wrong ending; the pair agrees only one way
        ([[("новом", 10.0), ("новой", 13.0)], [("экономике", 9.0)]], [1, 0]),
        # a chain settled at once: в + loct, adjective + adjective + noun
        (
            [[("в", 1.0)], [("новом", 8.0), ("новой", 11.0)], [("экономическом", 12.0), ("экономической", 15.0)],
             [("системе", 10.0)]],
            [0, 1, 1, 0],
        ),
        # far dearer forms are never taken
        ([[("новом", 10.0), ("новой", 30.0)], [("экономике", 9.0)]], [0, 0]),
        # agreement swaps the word for another lemma only in a near tie
        ([[("новом", 10.0), ("нервной", 11.5)], [("экономике", 9.0)]], [0, 0]),
        ([[("ныне", 23.6), ("внешней", 24.1)], [("политике", 12.0)]], [1, 0]),
        ([[("ныне", 23.6), ("внешней", 24.1)], [("политика", 12.0)]], [0, 0]),
        # `это новая система`: the pronoun is not forced into `эта`
        ([[("это", 5.0), ("эта", 9.0)], [("новая", 8.0)], [("система", 9.0)]], [0, 0, 0]),
        # ... but takes the form that agrees when it costs little more
        ([[("в", 2.3)], [("это", 12.5), ("этой", 13.6)], [("области", 7.7)]], [0, 1, 0]),
        # a gap (genuine Latin) breaks the chain
        ([[("новом", 10.0), ("новой", 13.0)], [], [("экономике", 9.0)]], [0, 0, 0]),
    ],
)
def test_choose(candidates: list[list[tuple[str, float]]], expected: list[int]) -> None:
    assert choose(candidates) == expected


def test_sentence_punctuation_breaks_agreement() -> None:
    cands = [[("новом", 10.0), ("новой", 13.0)], [("экономике", 9.0)]]
    assert choose(cands, [True, True]) == [0, 0]
    assert choose(cands, [False, True]) == [1, 0]


def _repaired(text: str) -> str:
    return apply_edits(text, repair_latin_russian(text, abstain=False))


@pytest.mark.parametrize(
    ("damaged", "correct"),
    [
        # damage in the first letters (`n` for ц, `l` for щ) hides the word from the narrow beam
        ("nudpoBble TexHoJIoruu pa3BuBaIoTcA.", "Цифровые технологии развиваются."),
        ("9TO cylecTBeHHO BJIuAeT Ha 3KoHoMuKy.", "Это существенно влияет на экономику."),
        # the ending of the adjective follows the noun
        ("B HOBOM 3KOHOMUKe", "В новой экономике"),
    ],
)
def test_repairs_needing_wider_search_or_agreement(damaged: str, correct: str) -> None:
    assert _repaired(damaged) == correct
