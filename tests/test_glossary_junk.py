"""Junk is kept out of the glossary (shown only with `--format json --all`), entries say what
paired them, and `tm term` builds the glossary of a TM that has none."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app
from tm.glossary.junk import term_junk
from tm.glossary.terms import collect
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

from tests.test_glossary import PAIRS


@pytest.mark.parametrize("form, lang, reason", [
    ("іш", "kk", "1-2 letter token: іш"),
    ("Қазақстан ал", "kk", "1-2 letter token: ал"),
    ("ля мобильных устройств", "ru", "1-2 letter token: ля"),  # cut from для by OCR
    ("Казахстан алекса", "ru", "a name in lower case: алекса"),
    ("саут", "ru", "not a Russian word: саут"),
    ("цифровизация", "ru", "not a Russian word: цифровизация"),  # not used elsewhere
    ("цифровой дипломатияның", "ru", "Kazakh word on the Russian side: дипломатияның"),
    ("бжқаршы", "kk", "not a Kazakh word: бжқаршы"),
])
def test_junk_terms(form: str, lang: str, reason: str) -> None:
    assert term_junk(form, lang, Counter()) == reason


@pytest.mark.parametrize("form, lang", [
    ("цифрлық дипломатия", "kk"), ("әлеуметтік желілер", "kk"), ("инновациялық экожүйе", "kk"),
    ("цифрландыру", "kk"), ("мобильді қосымша", "kk"), ("аккаунт", "kk"), ("АҚШ", "kk"),
    ("Лаос", "kk"), ("ақпараттық-коммуникациялық технология", "kk"),
    ("социальные сети", "ru"), ("информационно-коммуникационные технологии", "ru"),
    ("ИКТ", "ru"), ("Республика Казахстан", "ru"),
])
def test_terms_that_are_not_junk(form: str, lang: str) -> None:
    assert term_junk(form, lang, Counter()) == ""


def test_a_word_the_corpus_uses_three_times_is_a_word() -> None:
    from tm.glossary.junk import word_counts

    lexicon = word_counts(["Цифровизация идёт.", "О цифровизации.", "Эпоха цифровизации."], "ru")
    assert term_junk("цифровизация", "ru", lexicon) == ""


def test_a_personal_name_cut_in_the_middle_is_junk() -> None:
    from tm.glossary.candidates_kk import candidates

    texts = ["Бұл туралы Сюй Цзиньпин айтты.", "Оны Сюй Цзиньпин жариялады."]
    terms = collect(texts, candidates, "kk")
    sui = next(t for t in terms.values() if t.form == "Сюй")
    assert term_junk(sui.form, "kk", Counter(), cut=sui.cut, freq=sui.freq) == "cut from a longer name"


@pytest.fixture(scope="module")
def tm_without_glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("junk") / "tm.db"
    with Store(path) as store:
        add_pairs(store, [PairRecord(kk=k, ru=r, score=1.0, method="parallel") for k, r in PAIRS])
    return path


def test_term_builds_the_glossary_on_first_use(tm_without_glossary: Path) -> None:
    result = CliRunner().invoke(app, ["term", "цифровой дипломатии", "--db", str(tm_without_glossary), "--json"])
    assert result.exit_code == 0, result.output
    assert '"kk": "цифрлық дипломатия"' in result.stdout
    assert "glossary: " in result.stderr and "entries" in result.stderr


def test_outputs_say_what_paired_an_entry_and_keep_junk_apart(tm_without_glossary: Path) -> None:
    import json

    runner = CliRunner()
    tsv = runner.invoke(app, ["glossary", "--db", str(tm_without_glossary), "--rebuild"])
    assert tsv.exit_code == 0, tsv.output
    header, *rows = tsv.stdout.splitlines()
    assert header.split("\t")[-1] == "evidence"
    assert all(row.split("\t")[-1] for row in rows)  # every written entry says why
    written = json.loads(runner.invoke(app, ["glossary", "--db", str(tm_without_glossary), "--format", "json"]).stdout)
    everything = json.loads(runner.invoke(
        app, ["glossary", "--db", str(tm_without_glossary), "--format", "json", "--all"]).stdout)
    assert not any("junk" in e for e in written)
    assert len(everything) >= len(written)
    assert all(e["junk"] for e in everything[len(written):])
    assert len(rows) == len(written)


def test_a_short_kazakh_noun_may_stand_inside_a_longer_term() -> None:
    assert term_junk("ай теңіздері", "kk", Counter()) == ""
    assert term_junk("ай", "kk", Counter()) == "1-2 letter token: ай"


def test_a_multi_word_name_capitalised_in_kazakh_is_capitalised_in_russian() -> None:
    from tm.glossary.terms import Term, agree_case

    a = Term("орталык азия", 2, Counter({"Орталық Азия": 2}), lang="kk", cased=Counter({"Орталық Азия": 2}))
    b = Term("центральный азия", 2, Counter({"центральная Азия": 3}), lang="ru",
             cased=Counter({"центральная Азия": 3}))
    assert agree_case(a, b) == ("Орталық Азия", "Центральная Азия")


def test_one_word_cognates_rank_below_a_multi_word_term_as_frequent() -> None:
    from tm.glossary.terms import Term, salience

    def term(form: str, lang: str, freq: int) -> Term:
        return Term(form.lower(), len(form.split()), Counter({form: freq}), Counter({form: freq}), lang=lang)

    cognate = salience(term("технология", "kk", 10), term("технология", "ru", 10), 10.0, 10.0, cognate=1.0)
    domain = salience(term("цифрлық дипломатия", "kk", 10), term("цифровая дипломатия", "ru", 10), 10.0, 10.0)
    assert domain > 2 * cognate


def test_probability_grows_with_the_evidence_and_the_evidence_is_described() -> None:
    from tm.glossary.calibration import describe, probability

    weak = {"string": 0.0, "rank": 0.1, "pairs": 0.0, "cognate": 0.0, "composition": 0.75}
    strong = {"string": 0.15, "rank": 1.0, "pairs": 3.0, "assoc": 0.6, "cognate": 1.0, "composition": 1.0}
    assert 0 < probability(weak, 2, 2) < probability(strong, 2, 2) < 1
    assert describe(strong, 2, 2) == "3 shared pairs; term embeddings; cognate; word by word"
