"""Language identification: Kazakh, Russian (also when OCR'd into Latin letters), other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.langid import detect_language, is_latin_ocr_russian, latin_ocr_russian_share, segment_language

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

ENGLISH = (
    "Many countries pay great attention to the use of digital technologies as a tool for implementing "
    "their foreign policy. He said no to the plan. The Ministry of Foreign Affairs uses Facebook, "
    "YouTube and SmartTravelKZ. The 5G rollout slowed during COVID-19 in 2020. Paris is the capital "
    "of France. No one came to the party, so we went to the cinema at 8pm."
)


@pytest.mark.parametrize(("prefix", "lang", "reason_part"), [
    ("000_", "kk", "Kazakh-specific letters"),
    ("002_", "kk", "Kazakh-specific letters"),
    ("004_", "ru", "OCR'd as Latin letters"),
])
def test_seed_documents(prefix: str, lang: str, reason_part: str) -> None:
    files = sorted(SEEDS.glob(prefix + "*.txt"))
    if not files:
        pytest.skip(f"seed documents not found in {SEEDS}")
    got, reason = detect_language(files[0].read_text(encoding="utf-8"))
    assert got == lang
    assert reason.startswith(lang + ":") and reason_part in reason


def test_seed_004_english_abstract_is_other() -> None:
    files = sorted(SEEDS.glob("004_*.txt"))
    if not files:
        pytest.skip(f"seed documents not found in {SEEDS}")
    text = files[0].read_text(encoding="utf-8")
    abstract = text[text.index("Abstract."):text.index("BBepgeHue")]
    assert detect_language(abstract)[0] == "other"
    assert latin_ocr_russian_share(abstract) < 0.2
    assert latin_ocr_russian_share(text) > 0.6


@pytest.mark.parametrize(("text", "lang"), [
    # Kazakh, clean and with OCR code-point damage (Latin ə, í)
    ("Мақалада цифрландырудың кейбір мәселелері талқыланды.", "kk"),
    ("Мəселен, Альберт Эйнштейн туралы барлық мəлíметтердí жинастыра келе", "kk"),
    ("Сонымен бірге", "kk"),
    ("Алтынды тот баспайды.", "kk"),
    ("Цифрлық дипломатия", "kk"),
    # Russian, also with Kazakh names in it
    ("Республика Казахстан не осталась в стороне от этих процессов.", "ru"),
    ("Президент Қасым-Жомарт Тоқаев подписал указ о назначении.", "ru"),
    ("Мы всегда рады новым партнёрам!", "ru"),
    ("Цифровая дипломатия", "ru"),
    # Russian OCR'd into Latin letters and digits
    ("MHOTMe CTpaHbl VAENAIT 6oJNbllIoe BHUMAHHE HCIIOJIb30BAHMIO uMOPOBBIX TEXHOJIOTMM", "ru"),
    ("Pecny6nuka KasaxcTaH u Pecry6muku V36exucTaH", "ru"),
    ("KasaxcTaH", "ru"),
    ("Ha ceMuHape", "ru"),
    # other
    (ENGLISH, "other"),
    ("Die Bundesregierung hat heute beschlossen, die digitale Diplomatie zu stärken.", "other"),
    ("Ще не вмерла України і слава, і воля", "other"),
    ("Abstract.", "other"),
    ("He", "other"),
    ("", "other"),
    ("2023 — 17,3 %", "other"),
])
def test_segment_language(text: str, lang: str) -> None:
    assert segment_language(text) == lang


@pytest.mark.parametrize(("text", "default", "lang"), [
    ("2023", "kk", "kk"),
    ("", "ru", "ru"),
    ("He", "ru", "ru"),  # a lone look-alike inside a document already known as damaged Russian
    ("Abstract.", "ru", "other"),
])
def test_segment_language_default(text: str, default: str, lang: str) -> None:
    assert segment_language(text, default=default) == lang  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    (ENGLISH, ("other", "other: Latin script (100% of Latin words without OCR damage)")),
    ("", ("other", "other: no Cyrillic or Latin letters")),
    ("Бағдарлама 2018– 2022 жылдарға арналған.",
     ("kk", "kk: 11.5% Kazakh-specific letters, 2 Kazakh vs 0 Russian word cues")),
])
def test_detect_language_reason(text: str, expected: tuple[str, str]) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(("token", "damaged"), [
    ("KasaxcTaH", True),       # case flip inside a word
    ("6oJNbllIoe", True),      # digits among letters
    ("V36exucTaH", True),
    ("JUIIJIOMATHUA", True),   # all caps with OCR letter pairs
    ("AHHOomayus", True),
    ("3a", True),
    ("YouTube", False),        # CamelCase of English words
    ("SmartTravelKZ", False),
    ("COVID-19", False),
    ("5G", False),
    ("8pm", False),
    ("Facebook", False),
    ("XXI", False),            # Roman numeral
    ("diplomacy", False),
    ("https://www.gov.kz", False),
])
def test_is_latin_ocr_russian(token: str, damaged: bool) -> None:
    assert is_latin_ocr_russian(token) is damaged


def test_share_without_latin_words_is_zero() -> None:
    assert latin_ocr_russian_share("Қазақстан Республикасы") == 0.0
    assert latin_ocr_russian_share("") == 0.0
