"""Term candidates, the stored glossary (status surviving a rebuild), lookup, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tm.cli import app
from tm.glossary.build import apply_review, build_glossary, glossary_entries, set_status
from tm.glossary.candidates_kk import candidates as kk_candidates
from tm.glossary.candidates_ru import candidates as ru_candidates
from tm.glossary.lookup import lookup
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

PAIRS = [
    ("Цифрлық дипломатия жаңа құбылыс ретінде қарастырылады.",
     "Цифровая дипломатия рассматривается как новое явление."),
    ("Қазақстан цифрлық дипломатияның құралдарын белсенді пайдаланады.",
     "Казахстан активно использует инструменты цифровой дипломатии."),
    ("Сыртқы істер министрлігі әлеуметтік желілерде белсенді.",
     "Министерство иностранных дел активно в социальных сетях."),
    ("Сыртқы істер министрлігінің сайты жаңартылды.",
     "Сайт Министерства иностранных дел обновлён."),
    ("Әлеуметтік желілер сыртқы саясаттың құралы болды.",
     "Социальные сети стали инструментом внешней политики."),
]


@pytest.mark.parametrize("text, form", [
    ("Анализ концепции цифровой дипломатии.", "цифровая дипломатия"),
    ("Социальные сети и СМИ.", "социальные сети"),
    ("в социальных сетях", "социальные сети"),
    ("Министерства иностранных дел", "министерство иностранных дел"),
    ("инструментом внешней политики", "внешняя политика"),
    ("использование цифровых технологий", "технология"),  # a lone noun in the singular
    ("Республика Казахстан и республика Узбекистан", "Республика Казахстан"),
    # only the last part of a compound adjective inflects; a first part written inflected takes
    # the combining form
    ("роль информационной-коммуникационных технологий", "информационно-коммуникационные технологии"),
    ("социально-экономического развития", "социально-экономическое развитие"),
    ("рынок информационной-коммуникационных технологий",
     "рынок информационно-коммуникационных технологий"),
])
def test_russian_candidates_in_dictionary_form(text: str, form: str) -> None:
    assert form in {c.form for c in ru_candidates(text)}


@pytest.mark.parametrize("text, form", [
    ("әлемде цифрлық дипломатияның рөлі артып келеді", "цифрлық дипломатия"),
    ("Қазақстанның Сыртқы істер министрлігі жанындағы", "Сыртқы істер министрлігі"),
    ("ақпараттық-коммуникациялық технологиялардың дамуы", "ақпараттық-коммуникациялық технология"),
    ("АҚШ-тың сыртқы саясатына қатысты", "сыртқы саясат"),  # the possessive is the sentence's
    ("бағдарламасының негізінде", "бағдарлама"),
    ("әлем елдерінің тәжірибесі", "әлем елдері"),  # izafet: the possessive belongs to the term
    ("Министр жиналысты ашты.", "министр жиналыс"),  # a noun root + -ты inside is accusative
])
def test_kazakh_candidates_in_dictionary_form(text: str, form: str) -> None:
    assert form in {c.form for c in kk_candidates(text)}


@pytest.mark.parametrize("text, words", [
    # a Russian title quoted in a Kazakh article gives no Kazakh term
    ("«Экономика США в эпоху информационной глобализации: актуальные тенденции» деп атап",
     {"эпоху", "информационной", "глобализации", "актуальные", "тенденции"}),
    ("Открытая мобильная платформа қосымшасы", {"открытая", "мобильная"}),
    # a converb before an auxiliary is a verb form, not a noun
    ("АҚШ туралы оң ақпараттарды тарата бастады", {"тарата"}),
    ("бағдарламасы дами бастады, ол дами алады", {"дами"}),
    # a verb in the past tense ends no term (a root of the dictionary's verbs + -ды/-ті)
    ("Жоба басталды.", {"басталды", "басталу"}),
    ("Баға берді.", {"ба", "берді", "беру"}),
    ("Министр жиналысты ашты.", {"ашты", "ашу", "ашыт"}),  # at the end of the sentence
])
def test_kazakh_candidates_leave_out_foreign_and_verb_words(text: str, words: set[str]) -> None:
    found = {w.lower() for c in kk_candidates(text) for w in c.form.split()}
    assert not found & words


def test_russian_candidates_leave_out_kazakh_words() -> None:
    found = {c.form for c in ru_candidates("в рамках программы «Цифрлық Қазақстан» мемлекеттік қызмет")}
    assert found == {"рамка", "рамка программы", "программа"}


@pytest.mark.parametrize("text", ["Большинство фермеров выращивают рис.", "Приехал миллион иностранцев."])
def test_a_quantity_heads_no_russian_term(text: str) -> None:
    forms = {c.form for c in ru_candidates(text)}
    assert not any(f.split()[0] in {"большинство", "миллион"} for f in forms)
    assert forms & {"фермер", "иностранец"}


@pytest.mark.parametrize("texts, lang, form", [
    # a name keeps its capital: a full stop after an initial ends no sentence, and the case
    # inside sentences outvotes sentence starts
    (["Елбасы Н. Назарбаев: «Цифрландыру маңызды»."], "kk", "Назарбаев"),
    (["Назарбаев сөз сөйледі.", "Назарбаев келді.", "Елбасы Назарбаев келді."], "kk", "Назарбаев"),
    (["Реформы провёл Назарбаев.", "Назарбаев выступил."], "ru", "Назарбаев"),
    (["Экономика растёт.", "Экономика растёт.", "Мы изучаем экономику."], "ru", "экономика"),
])
def test_term_form_takes_the_case_used_inside_sentences(texts: list[str], lang: str, form: str) -> None:
    from tm.glossary.terms import collect as _collect

    extract = kk_candidates if lang == "kk" else ru_candidates
    terms = _collect(texts, extract, lang)
    assert form in {t.form for t in terms.values()}


@pytest.mark.parametrize("kk, ru, inside, expected", [
    ("млн", "МЛН", True, ("млн", "млн")),  # lower case inside a sentence on one side: a short word
    ("млн", "МЛН", False, ("млн", "МЛН")),  # only at sentence starts: no evidence
    ("АҚШ", "США", True, ("АҚШ", "США")),
])
def test_entry_sides_agree_on_the_case_of_a_short_word(kk: str, ru: str, inside: bool,
                                                        expected: tuple) -> None:
    from collections import Counter

    from tm.glossary.terms import Term, agree_case as _agree_case

    a = Term(kk.lower(), 1, Counter({kk: 3}), lang="kk", cased=Counter({kk: 3} if inside else {}))
    b = Term(ru.lower(), 1, Counter({ru: 5}), lang="ru", cased=Counter({ru: 5}))
    assert _agree_case(a, b) == expected


@pytest.mark.parametrize("text, form", [
    ("министрліктің ресми сайты", "сайт"),  # a Russian loan with Kazakh endings stays
    ("әлеуметтік желідегі аккаунттары", "аккаунт"),
    ("сыни тұрғыдан талдау", "талдау"),  # тұрғы- is no auxiliary
])
def test_kazakh_candidates_keep_loans_with_kazakh_endings(text: str, form: str) -> None:
    assert form in {c.form for c in kk_candidates(text)}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("g") / "tm.db"
    with Store(path) as store:
        add_pairs(store, [PairRecord(kk=k, ru=r, score=1.0, method="parallel") for k, r in PAIRS])
        build_glossary(store)
    return path


def test_build_pairs_the_mission_term(db: Path) -> None:
    with Store(db) as store:
        pairs = {(e.kk, e.ru) for e in glossary_entries(store)}
    assert ("цифрлық дипломатия", "цифровая дипломатия") in pairs


@pytest.mark.parametrize("query", [
    "цифровой дипломатии", "цифрлық дипломатияның", "цифрлық дипломатияға",
    "Казахстан развивает цифровую дипломатию в регионе",
])
def test_lookup_from_inflected_forms(db: Path, query: str) -> None:
    with Store(db) as store:
        hits = lookup(store, query)
    assert (hits[0].entry.kk, hits[0].entry.ru) == ("цифрлық дипломатия", "цифровая дипломатия")


def test_status_survives_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "tm.db"
    with Store(path) as store:
        add_pairs(store, [PairRecord(kk=k, ru=r, score=1.0, method="parallel") for k, r in PAIRS])
        build_glossary(store)
        first = glossary_entries(store)
        victim = next(e for e in first if e.kk != "цифрлық дипломатия")
        set_status(store, "цифрлық дипломатия", "цифровая дипломатия", "approved")
        set_status(store, victim.kk, victim.ru, "rejected")
        build_glossary(store)
        after = {(e.kk, e.ru): e.status for e in glossary_entries(store, include_rejected=True)}
    assert after[("цифрлық дипломатия", "цифровая дипломатия")] == "approved"
    assert after[(victim.kk, victim.ru)] == "rejected"
    assert list(after.values()).count("rejected") == 1


def test_cli_glossary_and_term(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["glossary", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"цифровая дипломатия"' in result.stdout
    result = runner.invoke(app, ["term", "цифрлық дипломатияның", "--db", str(db), "--json"])
    assert result.exit_code == 0
    assert '"matched": "цифрлық дипломатияның"' in result.stdout


def test_cli_missing_db(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["term", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'none.db'}: no translation memory here" in result.stderr


def test_comparable_terms_pair_without_any_shared_pair() -> None:
    """Comparable texts share few aligned pairs: string similarity (CSLS) and cognates alone
    must link the terms one to one."""
    import numpy as np

    from tm.encoders import get_encoder
    from tm.glossary.pairing import Side, link_terms

    kk = ["цифрлық дипломатия", "сыртқы саясат", "әлеуметтік желі", "мемлекет", "технология",
          "халықаралық қатынастар", "интернет", "бағдарлама", "үкімет", "стратегия", "аккаунт"]
    ru = ["социальная сеть", "цифровая дипломатия", "внешняя политика", "государство",
          "технология", "международные отношения", "интернет", "программа", "правительство",
          "стратегия", "аккаунт", "республика"]
    enc = get_encoder()

    def side(forms: list[str]) -> Side:
        return Side(forms, forms, np.array([len(f.split()) for f in forms]),
                    np.asarray(enc.encode(forms, kind="query"), dtype=np.float32))

    links = {(x.kk, x.ru) for x in link_terms(side(kk), side(ru), [])}
    assert ("цифрлық дипломатия", "цифровая дипломатия") in links
    right = {(k, r) for k, r in zip(kk, ["цифровая дипломатия", "внешняя политика",
                                         "социальная сеть", "государство", "технология",
                                         "международные отношения", "интернет", "программа",
                                         "правительство", "стратегия", "аккаунт"])}
    assert len(links & right) >= 9
    assert len(links - right) <= 1


def test_review_file_sets_statuses(db: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("kk\tru\tstatus\n# a comment\n"
                      "цифрлық дипломатия\tцифровая дипломатия\tapproved\n", encoding="utf-8")
    with Store(db) as store:
        done = apply_review(store, review)
    assert [(e.kk, e.status) for e in done] == [("цифрлық дипломатия", "approved")]


def test_review_file_without_header(db: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("цифрлық дипломатия\tцифровая дипломатия\tapproved\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "--db", str(db), "--review", str(review)])
    assert result.exit_code == 1
    assert f"{review}: first line must be the header 'kk<TAB>ru<TAB>status'; add it" in result.stderr
