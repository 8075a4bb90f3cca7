"""Kazakh stemmer, Russian lemmas with agreement, keys."""

from __future__ import annotations

import pytest

from tm.morph.kazakh import dictionary_form, stem
from tm.morph.keys import fold, tokenize, word_key
from tm.morph.russian import lemma


@pytest.mark.parametrize("word, expected", [
    ("дипломатияның", "дипломатия"),
    ("дипломатиясы", "дипломатия"),
    ("министрлігінің", "министрлік"),
    ("Қазақстанның", "Қазақстан"),
    ("елдерден", "ел"),
    ("ұйымына", "ұйым"),
    ("технологиялардың", "технология"),
    ("мемлекеттердің", "мемлекет"),
    ("саясаттағы", "саясат"),
    ("цифрлық", "цифрлық"),
    ("бағдарламасының", "бағдарлама"),
])
def test_kazakh_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("министрлігінің", "министрлігі"),
    ("министрлігі", "министрлігі"),
    ("бағдарламасының", "бағдарламасы"),
    ("дипломатияның", "дипломатия"),
    ("ақпараттық-коммуникациялық", "ақпараттық-коммуникациялық"),
])
def test_kazakh_dictionary_form_keeps_possessive(word: str, expected: str) -> None:
    assert dictionary_form(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("цифровой", "цифровой"), ("дипломатии", "дипломатия"), ("сетях", "сеть"),
    ("информационной-коммуникационных", "информационно-коммуникационный"),
    ("информационно-коммуникационной", "информационно-коммуникационный"),
    ("интернет-политики", "интернет-политика"),
])
def test_russian_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_fold_merges_kazakh_and_latin_look_alikes() -> None:
    assert fold("Қазақстан") == fold("Казахстан".replace("х", "к")) == "казакстан"
    assert fold("Ca") == "са"


@pytest.mark.parametrize("a, b, lang", [
    ("дипломатияның", "дипломатияға", "kk"),
    ("министрлігінің", "министрлігі", "kk"),
    ("цифровой", "цифровую", "ru"),
    ("сети", "сетях", "ru"),
])
def test_word_key_shared_by_inflected_forms(a: str, b: str, lang: str) -> None:
    assert word_key(a, lang) == word_key(b, lang)


def test_tokenize_keeps_hyphenated_compounds() -> None:
    assert tokenize("ақпараттық-коммуникациялық технологиялар, 2023") == [
        (0, 26, "ақпараттық-коммуникациялық"), (27, 40, "технологиялар"), (42, 46, "2023")]


@pytest.mark.parametrize("word, lang, key", [
    ("аренам", "ru", "арена"),  # pymorphy3 prefers арен
    ("политиками", "ru", "политика"),
    ("Қазақстанды", "kk", "казакстан"),  # the -ды adjective or the accusative
    ("мемлекетті", "kk", "мемлекет"),
])
def test_word_keys_cover_other_readings(word: str, lang: str, key: str) -> None:
    from tm.morph.keys import word_keys

    assert key in word_keys(word, lang)


@pytest.mark.parametrize("word, expected", [("АҚШ-тың", "АҚШ"), ("БҰҰ-ға", "БҰҰ"), ("СІМ-нің", "СІМ"),
                                            ("ақпараттық-коммуникациялық", "ақпараттық-коммуникациялық")])
def test_kazakh_endings_after_a_hyphen(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("процеске", "процесс"),  # Russian loans in a double consonant write one before a suffix
    ("процестерге", "процесс"),
    ("процесі", "процесс"),
    ("класқа", "класс"),
    ("жасқа", "жас"),  # a known single-consonant stem stays as it is
    ("кезде", "кез"),
    ("млнға", "млн"),  # a known abbreviation with no vowel takes endings too
    ("тмд-ға", "тмд"),
])
def test_kazakh_stem_restores_a_loan_double_consonant(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("желіге", "желі"),  # a vowel-final stem takes -ге, -де; a 3rd-person possessive -не, -нде
    ("желіде", "желі"),
    ("желінде", "жел"),
    ("кісіден", "кісі"),
])
def test_kazakh_plain_case_never_follows_a_3rd_person_possessive(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("желі", "желі"),  # the dictionary lists желіге, желілер: желі is a stem, not жел + і
    ("кісі", "кісі"),
    ("орын", "орын"),  # орынға, орындар: not ор + ы + н
    ("баға", "баға"),  # бағалар: not ба + ға
    ("саясаты", "саясат"),  # listed too, but only with endings that саясат + ы takes
])
def test_kazakh_word_that_takes_endings_is_a_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_word_with_a_kazakh_letter_has_no_russian_reading() -> None:
    from tm.morph.keys import word_keys

    assert word_keys("іске", "ru") == ()  # іс + ке, not Russian иске -> иск
    assert "ис" in word_keys("іске", "kk")


@pytest.mark.parametrize("word, key", [("Лаосы", "лаос"), ("Лаосы", "лао"), ("Гвинеясы", "гвинея")])
def test_word_keys_of_an_unknown_stem_cover_both_possessives(word: str, key: str) -> None:
    from tm.morph.keys import word_keys

    assert key in word_keys(word, "kk")  # Лао + сы or Лаос + ы: the с may be the stem's


@pytest.mark.parametrize("word, expected", [
    ("ашты", "ашу"),  # аш- + past -ты, not ашыт + ы with a restored vowel
    ("халқы", "халық"),  # no verb reads so: the dropped vowel is restored
    ("орны", "орын"),
    ("жиналысты", "жиналыс"),  # a known noun + accusative is no verb
])
def test_kazakh_past_tense_beats_a_restored_vowel(word: str, expected: str) -> None:
    assert stem(word) == expected
