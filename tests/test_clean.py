"""Cleaning layers on real Kazakh and Russian cases, edit composition, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.clean import EditLog, apply_edits, clean_text
from tm.clean.homoglyphs import homoglyph_edits
from tm.clean.normalise import glued_sentence_edits, punctuation_edits, unicode_edits
from tm.document import Edit

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _apply(text: str, edits: list[Edit]) -> str:
    return apply_edits(text, edits)


@pytest.mark.parametrize("text, expected", [
    ("цифр\u00adлық", "цифрлық"),
    ("дипло\u200bматия", "дипломатия"),
    ("ақ\ufeffпарат", "ақпарат"),
    ("и\u0306", "й"),
    ("жол\x07ы\tжәне\n", "жолы\tжәне\n"),
])
def test_unicode_layer(text: str, expected: str) -> None:
    assert clean_text(text, "kk", ocr=False).text == expected


@pytest.mark.parametrize("text, expected", [
    ("«Цифрлық Қазақстан» — бағдарлама…", "«Цифрлық Қазақстан» — бағдарлама…"),
    ("„Цифровая“ дипломатия", "„Цифровая“ дипломатия"),
    ("жаңа  құрал , бар", "жаңа құрал, бар"),
    ("деп есептедік :", "деп есептедік:"),
    ("10\u00a0000 адам", "10 000 адам"),
    ("（АКТ）", "(АКТ)"),
    ("2015–2020 жж.", "2015–2020 жж."),
])
def test_punctuation_layer(text: str, expected: str) -> None:
    assert _apply(text, punctuation_edits(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("тари∖ыɪɪа", "тарихына"),
    ("жəне", "және"),
    ("БАƏ", "БАӘ"),
    ("мəлíметтердí", "мәліметтерді"),
    ("тəрîздî", "тәрізді"),
    ("алынɪан", "алынған"),
    ("cпорттық", "спорттық"),
    ("өмiрi", "өмірі"),
    ("Facebook, YouTube, SmartTravelKZ", "Facebook, YouTube, SmartTravelKZ"),
    ("Wi-Fi-дың", "Wi-Fi-дың"),
])
def test_homoglyphs_kk(text: str, expected: str) -> None:
    assert _apply(text, homoglyph_edits(text, "kk")) == expected


@pytest.mark.parametrize("text, expected", [
    ("известно о 27 cлучаях", "известно о 27 случаях"),
    ("Meжду субкультурами", "Между субкультурами"),
    ("iPod и pH", "iPod и pH"),
])
def test_homoglyphs_ru(text: str, expected: str) -> None:
    assert _apply(text, homoglyph_edits(text, "ru")) == expected


@pytest.mark.parametrize("text, expected", [
    ("зерттелді..Соңғы жылдары", "зерттелді. Соңғы жылдары"),
    ("жазады [3; 84]..АҚШ-та", "жазады [3; 84]. АҚШ-та"),
    ("анықтайды:.Бірінші фактор", "анықтайды: Бірінші фактор"),
    ("және т.б... Ал", "және т.б... Ал"),
    ("сайт twiplomacy.com бар", "сайт twiplomacy.com бар"),
])
def test_glued_sentences(text: str, expected: str) -> None:
    assert _apply(text, glued_sentence_edits(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("10 миллионнан астам жазыл- мандар бар", "10 миллионнан астам жазылмандар бар"),
    ("астам жазыл-\nмандар бар", "астам жазылмандар\nбар"),
    ("үш қытайлық интернет- алпауыттар", "үш қытайлық интернет- алпауыттар"),
    ("ақпараттық-коммуникациялық технологиялар", "ақпараттық-коммуникациялық технологиялар"),
    ("Алматы-\nАстана жолы", "Алматы-\nАстана жолы"),
])
def test_dehyphenation_kk(text: str, expected: str) -> None:
    cleaned = clean_text(text, "kk")
    assert cleaned.text == expected
    assert cleaned.text.count("\n") == text.count("\n")


@pytest.mark.parametrize("text, expected", [
    ("цифровой дипло-\nматии и", "цифровой дипломатии\nи"),
    ("северо-\nзапад", "северо-\nзапад"),
])
def test_dehyphenation_ru(text: str, expected: str) -> None:
    assert clean_text(text, "ru").text == expected


# Sentences from seed 000 (damaged) with the words written clean elsewhere in the document.
@pytest.mark.parametrize("damaged, expected", [
    ("Бұл елдердің тәжірибесі жəне оɪɪы «Цифрлық Қазақстан» мемлекеттік батдарламасын кұру "
     "процесінде пайдалану жолдары талданды.",
     "Бұл елдердің тәжірибесі және оны «Цифрлық Қазақстан» мемлекеттік бағдарламасын құру "
     "процесінде пайдалану жолдары талданды."),
    ("Мақалада цифрлаіідырудың кейбір мәселелері талқыланды. Цифрландырудың қалыптасуы.",
     "Мақалада цифрландырудың кейбір мәселелері талқыланды. Цифрландырудың қалыптасуы."),
    ("Бұл жерде накты бір аныктаманың жок екенін байкадык.",
     "Бұл жерде нақты бір анықтаманың жоқ екенін байқадық."),
    ("Халыкаралык үйым əлемнщ елдерін біріктіреді.",
     "Халықаралық ұйым әлемнің елдерін біріктіреді."),
    ("Бұл шараларды іске асыру үшін РесейҮкіметі бағдарлама қабылдады. Ресей мен Қытай.",
     "Бұл шараларды іске асыру үшін Ресей Үкіметі бағдарлама қабылдады. Ресей мен Қытай."),
])
def test_kazakh_restoration(damaged: str, expected: str) -> None:
    assert clean_text(damaged, "kk").text == expected


@pytest.mark.parametrize("clean", [
    "Канада мен Франция, Иран және Жапония цифрлық дипломатияны дамытуда.",
    "Компания моделін жаңартты, индексі өсті.",
    "Суға түскен бала тұр. Бүгін күн жылы.",
    "Президент Барак Обама мен Митио Каку туралы мақала.",
    "Ол «Facebook», «Twitter» желілерінде 2018 жылы https://twiplomacy.com сайтында жазды.",
])
def test_kazakh_clean_text_unchanged(clean: str) -> None:
    assert clean_text(clean, "kk").edits == []


@pytest.mark.parametrize("foreign", ["Ол каталан тілінде сөйлейді.", "Данди қаласында тұрады.",
                                     "Оли мен Ян келді."])
def test_names_and_foreign_words_in_a_clean_document_stay(foreign: str) -> None:
    # In a document with no other sign of damage, a word that merely could hide Kazakh letters
    # is a name or a foreign word written in Russian letters (FLORES kk: каталан, Данди, Оли).
    body = (Path(__file__).parent / "data" / "diplomacy.kk.txt").read_text(encoding="utf-8")
    text = "\n".join([body] * 5 + [foreign])
    assert foreign in clean_text(text, "kk").text


@pytest.mark.parametrize("clean", [
    "Стандарт 802.11n работает на частотах 2.4 ГГц и 5.0 ГГц.",
    "Показатель pH определяется количеством ионов водорода (H в pH).",
    "Сколько стоит iPod в магазине TogiNet?",
])
def test_russian_clean_text_unchanged(clean: str) -> None:
    assert clean_text(clean, "ru").edits == []


def test_edits_are_in_original_offsets() -> None:
    text = "Сондықтан  əлем..Мақаланы жазыл-\nмандар оқиды , жəне"
    cleaned = clean_text(text, "kk")
    assert apply_edits(text, cleaned.edits) == cleaned.text
    for e in cleaned.edits:
        assert text[e.start:e.end] == e.original
        assert e.kind and 0 < e.confidence <= 1
    assert all(a.end <= b.start for a, b in zip(cleaned.edits, cleaned.edits[1:]))
    i = cleaned.text.index("Мақаланы")
    assert cleaned.to_original(i) == text.index("Мақаланы")


_ALPHABET = st.sampled_from(list("абқәə í-\n.ɪ«» ,\u00adкынгаоiT"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_clean_edits_reproduce_cleaned_text(text: str) -> None:
    cleaned = clean_text(text, "kk")
    assert apply_edits(text, cleaned.edits) == cleaned.text
    assert all(a.end <= b.start for a, b in zip(cleaned.edits, cleaned.edits[1:]))
    assert cleaned.text.count("\n") == text.count("\n")
    for e in cleaned.edits:
        assert text[e.start:e.end] == e.original


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_clean_is_idempotent(text: str) -> None:
    once = clean_text(text, "kk").text
    assert clean_text(once, "kk").text == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3), st.text("xyz", max_size=3)),
                max_size=6), st.text("abc\n", max_size=30), st.integers(1, 3))
def test_edit_log_composes_layers(raw: list[tuple[int, int, str]], text: str, layers: int) -> None:
    log = EditLog(text)
    for _ in range(layers):
        current, edits, pos = log.text, [], 0
        for start, width, repl in sorted(raw):
            if start < pos or start > len(current):
                continue
            end = min(len(current), start + width)
            edits.append(Edit(start, end, current[start:end], repl, "t"))
            pos = end + 1
        log.apply(edits)
        assert apply_edits(text, log.edits) == log.text
    cleaned = log.cleaned()
    for e in cleaned.edits:
        assert text[e.start:e.end] == e.original


@pytest.mark.parametrize("name", ["000", "002"])
def test_seed_cleaning_is_idempotent_and_keeps_lines(name: str) -> None:
    seeds = sorted((SHARED / "seeds").glob(f"{name}_*.txt"))
    if not seeds:
        pytest.skip(f"seed {name} not found in {SHARED / 'seeds'}")
    text = seeds[0].read_text(encoding="utf-8")
    cleaned = clean_text(text)
    assert cleaned.text.count("\n") == text.count("\n")
    assert apply_edits(text, cleaned.edits) == cleaned.text
    assert clean_text(cleaned.text).edits == []


def test_word_joined_across_lines_is_repaired_in_one_pass() -> None:
    """Found by hypothesis: de-hyphenation can create a mixed-script word (Latin T + Kazakh ә)."""
    once = clean_text("T-\nə", "kk").text
    assert clean_text(once, "kk").text == once
