"""Pairing kk and ru terms: signed co-occurrence, word-by-word composition, confidence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tm.glossary.pairing import (
    CONFIDENT,
    MIN_SCORE,
    Composition,
    Lexicon,
    Side,
    association,
    confidence,
    link_terms,
)


@pytest.fixture(scope="module")
def encode():  # noqa: ANN201
    from tm.encoders import get_encoder

    enc = get_encoder()
    return lambda texts: np.asarray(enc.encode(texts, kind="query"), dtype=np.float32)


# other words of a TM's terms: word evidence is a rank among the lexicon's words
OTHER_WORDS = ("мемлекет үкімет бағдарлама саясат технология құрал интернет стратегия "
               "экономика ғалым тіл әйел су тау өзен арал орман қала министрлік аккаунт",
               "государство правительство программа политика технология инструмент интернет "
               "стратегия экономика учёный язык женщина вода гора река остров лес город "
               "министерство аккаунт")


def side(forms: list[str], encode, *, lexicon: bool = True) -> Side:  # noqa: ANN001
    """Terms whose keys are their forms; the lexicon holds their words and OTHER_WORDS."""
    other = OTHER_WORDS[any(ch in "әіңғүұқөһ" for f in forms for ch in f.lower()) is False]
    words = list(dict.fromkeys([w for f in forms for w in f.split(" ")] + other.split()))
    return Side(forms, forms, np.array([len(f.split(" ")) for f in forms]), encode(forms),
                lexicon=Lexicon(words, encode(words)) if lexicon else None)


@pytest.mark.parametrize("together, rarer, sign", [
    (0, 0, 0),  # the pairs miss a term: they say nothing
    (1, 1, 1),  # one shared pair: a little for
    (5, 5, 1),
    (0, 8, -1),  # both in many pairs, never together: against
    (1, 10, -1),  # миллион (10 pairs) and миллион иностранцев (1 of them)... seen apart 9 times
])
def test_association_is_signed(together: int, rarer: int, sign: int) -> None:
    got = association(together, rarer)
    assert -1 <= got <= 1
    assert (got > 0) - (got < 0) == sign


def test_association_grows_with_evidence() -> None:
    assert association(1, 1) < association(3, 3) < association(10, 10) < 1


def test_confidence_saturates_without_a_cap() -> None:
    assert confidence(MIN_SCORE) == 0 == confidence(-1)
    assert confidence(CONFIDENT) == pytest.approx(1 - 1 / math.e)
    assert confidence(CONFIDENT) < confidence(2 * CONFIDENT) < confidence(3 * CONFIDENT) < 1


def test_terms_seen_apart_in_many_pairs_do_not_link(encode) -> None:  # noqa: ANN001
    """In parallel pairs, two look-alike terms that never share a pair are no translations."""
    kk, ru = ["сот", "су"], ["суд", "вода"]
    occurrences = [({"сот"}, {"суд"})] * 4 + [({"су"}, {"вода"})] * 4
    apart = [({"су"}, set()), (set(), {"суд"})] * 2
    links = {(x.kk, x.ru) for x in link_terms(side(kk, encode), side(ru, encode), occurrences + apart)}
    assert links == {("сот", "суд"), ("су", "вода")}
    # the same look-alikes seen apart in many pairs: no link, whatever the strings say
    links = link_terms(side(["су"], encode), side(["суд"], encode), [({"су"}, set()), (set(), {"суд"})] * 6)
    assert links == []


def test_composition_counts_words_without_counterpart(encode) -> None:  # noqa: ANN001
    kk, ru = side(["Иран", "ұлттық парк"], encode), side(["Иран", "рация Иран", "национальный парк"], encode)
    comp = Composition(kk.lexicon, ru.lexicon, links={("Иран", "Иран")})
    assert comp("Иран", "Иран") == 1
    assert comp("Иран", "рация Иран") == pytest.approx(2 / 3)  # рация has no counterpart
    assert comp("ұлттық парк", "национальный парк") > 0.9


def test_composition_lets_a_compound_translate_several_words(encode) -> None:  # noqa: ANN001
    kk = side(["жер сілкінісі", "жер"], encode)
    ru = side(["землетрясение", "земля"], encode)
    comp = Composition(kk.lexicon, ru.lexicon, links={("жер", "земля"), ("сілкінісі", "землетрясение")})
    assert comp("жер сілкінісі", "землетрясение") == 1


def test_composition_a_word_known_to_translate_otherwise(encode) -> None:  # noqa: ANN001
    """Without word evidence two words count as likely matching, unless one has a partner."""
    kk = side(["ашық", "дипломатия", "жаңа"], encode)
    ru = side(["виртуальная", "дипломатия", "открытая"], encode)
    unknown = Composition(kk.lexicon, ru.lexicon, links={("дипломатия", "дипломатия")})
    known = Composition(kk.lexicon, ru.lexicon,
                        links={("дипломатия", "дипломатия"), ("ашық", "открытая")})
    assert known("ашық дипломатия", "виртуальная дипломатия") \
        < unknown("ашық дипломатия", "виртуальная дипломатия")
    assert known("ашық дипломатия", "открытая дипломатия") == 1


def test_a_one_word_term_prefers_the_one_word_translation(encode) -> None:  # noqa: ANN001
    """Иран = Иран, not Иран = рация Ирана, though both share every pair with Иран."""
    occurrences = [({"Иран"}, {"Иран", "рация Иран"})] + [({"Иран"}, {"Иран"})] * 2
    links = link_terms(side(["Иран"], encode), side(["рация Иран", "Иран"], encode), occurrences)
    assert [(x.kk, x.ru) for x in links] == [("Иран", "Иран")]


def test_words_of_the_terms() -> None:
    from tm.glossary.build import _words

    got = _words(["цифрлык дипломатия", "дипломатия", "сырткы ис министрлик"],
                 ["цифрлық дипломатия", "Дипломатия", "Сыртқы істер министрлігі"])
    assert got == {"дипломатия": "Дипломатия", "цифрлык": "цифрлық", "сырткы": "Сыртқы",
                   "ис": "істер", "министрлик": "министрлігі"}


@pytest.mark.parametrize("a, b, cognate", [
    ("министрлик", "министерство", True),
    ("иран", "иран", True),
    ("азия", "азия", True),
    ("км", "км", True),
    ("шолу", "шоу", False),  # a review and a show: chance letters of short words
    ("форум", "форма", False),
    ("ос", "оз", False),
])
def test_word_cognates_share_a_stem(a: str, b: str, cognate: bool) -> None:
    from tm.glossary.pairing import _word_cognate

    assert (_word_cognate(a, b) > 0) is cognate
