"""Agreement beyond the noun phrase (tm.ocr.agreement): a predicate with its subject, an adjective or
participle after its noun, animacy in the accusative, and parses too rare to count."""

from __future__ import annotations

import pytest

from test_ocr_agreement import _repaired
from tm.ocr.agreement import (
    AGREE_BONUS,
    GOVERN_BONUS,
    PARTICIPLE_WEIGHT,
    SUBJECT_BONUS,
    VERB_BONUS,
    choose,
    follow_bonus,
    govern_bonus,
    pair_bonus,
    subject_bonus,
)


@pytest.mark.parametrize(
    ("subject", "predicate", "bonus"),
    [
        ("индия", "совершила", SUBJECT_BONUS),  # past tense: number and gender
        ("индия", "совершило", 0.0),
        ("студия", "попала", SUBJECT_BONUS),
        ("они", "соответствуют", SUBJECT_BONUS),  # present tense: number and person
        ("они", "соответствует", 0.0),
        ("мы", "будет", 0.0),
        ("он", "продолжит", SUBJECT_BONUS),
        ("это", "было", SUBJECT_BONUS),
        ("которые", "были", SUBJECT_BONUS),  # a relative pronoun is a subject
        ("она", "внесена", SUBJECT_BONUS),  # a short participle agrees like a past tense
        ("она", "внесен", 0.0),
        ("по", "восстановлено", 0.0),  # a preposition, whatever its rare noun parse
        ("такие", "стабильны", 0.0),  # an adjective is no subject
        ("индия", "сообщи", 0.0),  # an imperative agrees with nothing
    ],
)
def test_subject_bonus(subject: str, predicate: str, bonus: float) -> None:
    assert subject_bonus(subject, predicate) == bonus


@pytest.mark.parametrize(
    ("first", "second", "bonus"),
    [
        ("своих", "представителей", AGREE_BONUS),  # accusative plural: animate with animate
        ("свои", "представителей", 0.0),
        ("других", "вариантов", AGREE_BONUS),
        ("других", "вариант", 0.0),  # `вариант` as a form of the rare `варианта` does not count
        ("приведшие", "к", 0.0),  # nor `к` as the name of a letter
    ],
)
def test_pair_bonus_parses(first: str, second: str, bonus: float) -> None:
    assert pair_bonus(first, second) == bonus


def test_follow_bonus_for_a_participle_after_its_noun() -> None:
    assert follow_bonus("революции", "приведшей") == AGREE_BONUS * PARTICIPLE_WEIGHT**2
    assert follow_bonus("революции", "приведшее") == 0.0


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # the predicate takes the form that agrees with the subject before it
        ([[("индия", 5.0)], [("совершило", 16.4), ("совершила", 18.4)]], [0, 1]),
        # an object pronoun or an adverb between them is skipped
        ([[("он", 4.0)], [("ее", 4.5)], [("продолжим", 10.8), ("продолжит", 14.0)]], [0, 0, 1]),
        ([[("они", 4.0)], [("уже", 4.5)], [("соответствует", 19.1), ("соответствуют", 19.7)]], [0, 0, 1]),
        # ... and so is a noun in the genitive only: `матч сезона будет`
        ([[("матч", 4.0)], [("сезона", 6.0)], [("будем", 9.1), ("будет", 9.2)]], [0, 0, 1]),
        # a participle after its noun agrees with it
        ([[("революции", 13.7)], [("приведшее", 21.0), ("приведшей", 22.2)]], [0, 1]),
        # an infinitive is not turned into a finite verb
        ([[("вакцина", 9.0)], [("снизить", 12.0), ("снизит", 13.0)]], [0, 0]),
        # far dearer forms are never taken
        ([[("индия", 5.0)], [("совершило", 16.4), ("совершила", 26.4)]], [0, 0]),
        # punctuation breaks the link
        ([[("индия", 5.0)], [], [("совершило", 16.4), ("совершила", 18.4)]], [0, 0, 0]),
    ],
)
def test_choose_predicate(candidates: list[list[tuple[str, float]]], expected: list[int]) -> None:
    assert choose(candidates) == expected




@pytest.mark.parametrize(
    ("damaged", "correct"),
    [
        ("UHAUA COBEPIIIUJIO JIUIIIb 36 IIPO6EroB.", "Индия совершила лишь 36 пробегов."),
        ("CTyAUA IIoIIaJIo B HOMUHALLUU", "Студия попала в номинации"),
        pytest.param("OH ee IIPOAOJI)KUM U 6yAeT", "Он ее продолжит и будет",
                     marks=pytest.mark.xfail(reason="learned channel: M for т is dear", strict=False)),
    ],
)
def test_repairs_needing_subject_agreement(damaged: str, correct: str) -> None:
    assert _repaired(damaged) == correct


@pytest.mark.parametrize(
    ("verb", "word", "bonus"),
    [
        ("покинут", "сирию", VERB_BONUS),  # a transitive verb: its accusative object
        ("покинут", "сирии", 0.0),
        ("наделены", "правами", VERB_BONUS),  # a passive participle: the instrumental
        ("является", "одним", VERB_BONUS),  # a copula: the instrumental
        ("является", "одни", 0.0),
        ("спит", "дома", 0.0),  # an intransitive verb governs no case here
        ("в", "городе", GOVERN_BONUS),  # a preposition as before
        ("во время", "выборов", GOVERN_BONUS),  # a preposition made with a noun: the genitive
        ("во время", "выборе", 0.0),
        ("нет", "диабета", GOVERN_BONUS),
        ("три", "варианта", GOVERN_BONUS),  # two to four: the genitive singular
        ("три", "вариантов", 0.0),
        ("пять", "вариантов", GOVERN_BONUS),  # five and more: the genitive plural
        ("несколько", "вариантов", GOVERN_BONUS),
        ("несколько", "варианта", 0.0),
    ],
)
def test_govern_bonus(verb: str, word: str, bonus: float) -> None:
    assert govern_bonus(verb, word) == bonus


def test_two_word_preposition_governs_the_phrase_after_it() -> None:
    cands = [[("во", 4.0)], [("время", 5.0)], [("выборе", 19.7), ("выборов", 19.9)], [("года", 9.0)]]
    assert choose(cands) == [0, 0, 1, 0]


def test_numeral_governs_the_phrase_after_it() -> None:
    cands = [[("три", 8.6)], [("других", 9.6), ("другие", 15.5)], [("варианта", 16.1), ("вариант", 18.7)]]
    assert choose(cands) == [0, 0, 0]


def test_verb_governs_the_phrase_after_it() -> None:
    cands = [[("наделены", 12.0)], [("всем", 16.7), ("всеми", 12.4)], [("правам", 8.8), ("правами", 15.4)]]
    assert choose(cands) == [0, 1, 1]
