"""TM search: fuzzy percentages and explanations, concordance, semantic, the API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.encoders import Encoder
from tm.errors import InputError
from tm.search import Hit, detect_lang, fuzzy, search
from tm.search.index import pending_keys, update_keys
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

PAIRS = [
    ("Цифрлық дипломатия сыртқы саясаттың маңызды құралына айналды.",
     "Цифровая дипломатия стала важным инструментом внешней политики."),
    ("Министрлік халықаралық ынтымақтастықты дамытуға ерекше назар аударады.",
     "Министерство уделяет особое внимание развитию международного сотрудничества."),
    ("Біз цифрлық дипломатияның дамуын қолдаймыз.",
     "Мы поддерживаем развитие цифровой дипломатии."),
    ("Елші Астанада баспасөз мәслихатын өткізді.",
     "Посол провёл пресс-конференцию в Астане."),
    ("Кеше қалада қатты жаңбыр жауды.", "Вчера в городе шёл сильный дождь."),
    ("Ол кітапханадан үш кітап алды.", "Он взял в библиотеке три книги."),
]


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    add_pairs(s, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS])
    return s


@pytest.mark.parametrize("text, lang", [
    ("Цифрлық дипломатия", "kk"),
    ("Кеше қалада жаңбыр жауды.", "kk"),
    ("Цифровая дипломатия стала важной.", "ru"),
    ("дипломатия", "ru"),
])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize("query, segment, lang, low, high, explanation", [
    # identical after whitespace and quote/dash style
    ("Елші  Астанада баспасөз мәслихатын өткізді .", "Елші Астанада баспасөз мәслихатын өткізді.",
     "kk", 100, 100, "identical"),
    ("«Цифровая дипломатия» — это важно.", '"Цифровая дипломатия" - это важно.', "ru", 100, 100, "identical"),
    # case, endings, punctuation only: 95-99
    ("цифрлық дипломатия сыртқы саясаттың маңызды құралына айналды.", PAIRS[0][0], "kk", 95, 99,
     "case: цифрлық -> Цифрлық"),
    ("Біз цифрлық дипломатияны дамуын қолдаймыз.", PAIRS[2][0], "kk", 95, 99,
     "inflection: дипломатияны -> дипломатияның"),
    ("Мы поддерживаем развитие цифровая дипломатия.", PAIRS[2][1], "ru", 95, 99,
     "inflection: цифровая -> цифровой; inflection: дипломатия -> дипломатии"),
    ("Кеше қалада қатты жаңбыр жауды!", PAIRS[4][0], "kk", 95, 99, "punctuation: . -> ."),
    ("Ол кітаптың беттерінден оқыды.", "Ол кітаптың беттерінде оқыды.", "kk", 95, 99,
     "inflection: беттерінден -> беттерінде"),
    ("Елші Астанада баспасөз мәслихатын өткізді.", "Елшілер Астанада баспасөз мәслихатын өткізді.",
     "kk", 95, 99, "inflection: Елші -> Елшілер"),
    # one word differs: at most 94
    ("Вчера в городе шёл сильный снег.", PAIRS[4][1], "ru", 75, 84, "changed: снег -> дождь"),
    ("Он взял в библиотеке две книги.", PAIRS[5][1], "ru", 75, 84, "changed: две -> три"),
    ("Вчера в городе шёл дождь.", PAIRS[4][1], "ru", 75, 84, "missing: сильный"),
    ("Посол провёл большую пресс-конференцию в Астане.", PAIRS[3][1], "ru", 75, 84, "extra: большую"),
    ("Министерство уделяет внимание особое развитию международного сотрудничества.", PAIRS[1][1],
     "ru", 85, 94, "order: внимание особое -> особое внимание"),
])
def test_fuzzy_percentages_and_explanations(query: str, segment: str, lang: str, low: float,
                                            high: float, explanation: str) -> None:
    result = fuzzy.score(query, segment, lang)  # type: ignore[arg-type]
    assert low <= result.percent <= high, result
    assert result.explanation.startswith(explanation) if explanation != "punctuation: . -> ." else \
        result.explanation == "punctuation: ! -> ."


def test_an_inflected_word_costs_less_than_another_word() -> None:
    inflected = fuzzy.score("Посол провёл пресс-конференцию в Астаны.", PAIRS[3][1], "ru").percent
    replaced = fuzzy.score("Посол провёл пресс-конференцию в Алматы.", PAIRS[3][1], "ru").percent
    assert inflected > replaced


def test_search_finds_exact_and_fuzzy_on_the_query_side(store: Store) -> None:
    hits = search(store, "Вчера в городе шёл сильный снег.", kinds=("fuzzy",))
    assert [(h.kind, h.ru) for h in hits] == [("fuzzy", PAIRS[4][1])]
    assert hits[0].kk == PAIRS[4][0] and 75 <= hits[0].score <= 84
    assert hits[0].explanation == "changed: снег -> дождь"
    exact = search(store, PAIRS[0][0], kinds=("fuzzy",))
    assert (exact[0].kind, exact[0].score, exact[0].ru) == ("exact", 100.0, PAIRS[0][1])


@pytest.mark.parametrize("query, expected_pair, forms", [
    ("дипломатия", 0, ("дипломатия",)),
    ("дипломатияның", 0, ("дипломатия",)),
    ("цифровой дипломатии", 0, ("Цифровая", "дипломатия")),
    ('"цифрлық дипломатия"', 0, ("Цифрлық", "дипломатия")),
    ("ДИПЛОМАТИЯ", 0, ("дипломатия",)),
    ("библиотека", 5, ("библиотеке",)),
])
def test_concordance_ignores_case_inflection_and_finds_both_sides(
        store: Store, query: str, expected_pair: int, forms: tuple[str, ...]) -> None:
    hits = search(store, query, kinds=("concordance",))
    assert all(h.kind == "concordance" for h in hits)
    first = next(h for h in hits if h.kk == PAIRS[expected_pair][0])
    assert set(forms) <= set(first.matched)
    assert first.explanation.startswith("matched: ")


def test_concordance_of_a_word_finds_every_inflected_form(store: Store) -> None:
    hits = search(store, "дипломатия", kinds=("concordance",))
    assert {h.kk for h in hits} == {PAIRS[0][0], PAIRS[2][0]}
    by_kk = {h.kk: h.matched for h in hits}
    assert "дипломатияның" in by_kk[PAIRS[2][0]] and "дипломатии" in by_kk[PAIRS[2][0]]


def test_concordance_latin_look_alike_letters(store: Store) -> None:
    hits = search(store, "Aстанада", kinds=("concordance",))  # Latin A
    assert hits and hits[0].kk == PAIRS[3][0]


def test_phrase_query_needs_adjacent_words(store: Store) -> None:
    assert search(store, '"дипломатия цифрлық"', kinds=("concordance",)) == []


def test_semantic_crosses_languages(store: Store) -> None:
    hits = search(store, "Посол дал пресс-конференцию в столице.", kinds=("semantic",), limit=2)
    assert hits[0].kind == "semantic" and hits[0].kk == PAIRS[3][0]
    kk_query = search(store, "Министрлік ынтымақтастыққа көңіл бөледі.", kinds=("semantic",), limit=1)
    assert kk_query[0].ru == PAIRS[1][1]


def test_semantic_index_follows_new_and_edited_pairs(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    with Store(db) as s:
        add_pairs(s, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS[:3]])
        search(s, "дождь", kinds=("semantic",))
        assert (tmp_path / "tm.db.faiss").exists()
        add_pairs(s, [PairRecord(PAIRS[4][0], PAIRS[4][1], 0.9, "parallel")])
        s.db.execute("UPDATE pairs SET ru = 'Посол провёл встречу.' WHERE id = 1")
    with Store(db) as s:  # reloaded from the file, then brought up to date
        hits = search(s, "Вчера в городе шёл сильный дождь.", kinds=("semantic",), limit=1)
        assert hits[0].ru == PAIRS[4][1]
        hits = search(s, "Посол провёл встречу.", kinds=("semantic",), limit=1)
        assert hits[0].pair_id == 1


def test_all_kinds_together_list_a_pair_once(store: Store) -> None:
    hits = search(store, "Мы поддерживаем развитие цифровой дипломатии!")
    assert hits[0].kind == "fuzzy" and hits[0].score >= 95
    assert len({h.pair_id for h in hits}) == len(hits)
    assert {"fuzzy", "semantic"} <= {h.kind for h in hits}
    assert isinstance(hits[0], Hit) and hits[0].to_dict()["kk"] == PAIRS[2][0]


def test_fuzzy_hits_that_fill_the_limit_leave_the_encoder_unloaded(store: Store) -> None:
    class Unused(Encoder):
        name, dim = "unused", 384

        def _embed(self, texts, kind):  # noqa: ANN001, ANN202
            raise AssertionError("semantic search ran although no semantic hit could be shown")

    (hit,) = search(store, PAIRS[4][1], limit=1, encoder=Unused())
    assert (hit.kind, hit.ru) == ("exact", PAIRS[4][1])


def test_keys_follow_edits_and_deletes(store: Store) -> None:
    update_keys(store)
    assert pending_keys(store) == 0
    store.db.execute("UPDATE pairs SET ru = 'Вчера в деревне шёл град.' WHERE id = 5")
    store.db.execute("DELETE FROM pairs WHERE id = 6")
    assert pending_keys(store) == 1
    assert search(store, "деревня", kinds=("concordance",))[0].pair_id == 5
    assert search(store, "библиотека", kinds=("concordance",)) == []


@pytest.mark.parametrize("query, kinds, message", [
    ("   ", ("fuzzy",), "empty search query; pass a word, phrase or sentence in Kazakh or Russian"),
    ("дождь", ("fuzy",), "unknown search kind 'fuzy'; use fuzzy, semantic, concordance"),
])
def test_bad_queries(store: Store, query: str, kinds: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError) as err:
        search(store, query, kinds=kinds)
    assert str(err.value) == message


def test_cli_search_human_and_json(cli, db_path: Path) -> None:
    with Store(db_path) as s:
        add_pairs(s, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS])
    result = cli("search", "Вчера в городе шёл сильный снег.", "--db", db_path, "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:4] == [
        "[fuzzy 83%]", f"  kk: {PAIRS[4][0]}", f"  ru: {PAIRS[4][1]}", "  changed: снег -> дождь"]
    result = cli("search", "дипломатияның", "--db", db_path, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["kind"] == "concordance" and {"kk", "ru", "score", "kind"} <= set(hits[0])


def test_cli_search_without_a_tm(cli, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = cli("search", "дождь", "--db", missing)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"error: {missing}: no translation memory here; run `tm align` or `tm import` first, "
        "or pass --db FILE")


# --- many near-duplicates: a large TM holds many versions of one segment ----------------------

NEAR = "Министерство иностранных дел Казахстана активно развивает цифровую дипломатию в последние годы."
FILLERS = ["сегодня", "также", "очень", "всегда", "снова", "теперь", "особенно", "постоянно", "уверенно",
           "заметно", "успешно", "быстро", "медленно", "открыто", "широко", "планомерно", "последовательно",
           "энергично", "системно", "целенаправленно", "настойчиво", "умело", "эффективно", "смело",
           "осторожно", "решительно", "упорно", "творчески", "умеренно", "методично", "ежегодно",
           "ежедневно", "по-прежнему", "издавна", "вновь", "дальше", "охотно", "охватно", "гибко",
           "целиком", "вдумчиво", "серьёзно", "усердно", "тщательно", "основательно", "рационально",
           "грамотно", "разумно", "деятельно", "инициативно"]


def test_the_closest_of_many_near_duplicates_is_found() -> None:
    """Fifty versions with a common word replaced hold every rare word of the query, so BM25
    cannot tell them from the segment that differs from the query only by word order; that
    segment must still come first."""
    store = Store(":memory:")
    words = NEAR.split()
    at = words.index("в")
    versions = [" ".join(words[:at] + [filler] + words[at + 1 :]) for filler in FILLERS]
    others = [f"Работа в офисе номер {i}." for i in range(200)]  # "в" is common
    add_pairs(store, [PairRecord("Нұсқа.", text, 0.9, "import") for text in versions + others])
    add_pairs(store, [PairRecord("Түпнұсқа.", NEAR, 0.9, "import")])  # the last of equals
    query = " ".join([words[1], words[0], *words[2:]])  # two words swapped
    hits = search(store, query, kinds=("fuzzy",), limit=5)
    assert hits[0].ru == NEAR
    assert hits[0].explanation == "order: иностранных Министерство -> Министерство иностранных"


def test_key_frequencies_follow_new_pairs(store: Store) -> None:
    from tm.search.index import key_frequencies

    update_keys(store)
    before = key_frequencies(store, ["дипломатия"], "ru")["дипломатия"]
    add_pairs(store, [PairRecord("Цифрлық дипломатия.", "Цифровая дипломатия.", 0.9, "import")])
    update_keys(store)
    assert key_frequencies(store, ["дипломатия"], "ru")["дипломатия"] == before + 1


def test_stored_keys_stand_in_for_stemming_only_when_they_fit_the_words() -> None:
    from tm.search.text import key_string, words

    text = "Министрлік цифрлық дипломатияны дамытады."
    stored = key_string(text, "kk").split()
    assert words(text, "kk", stored) == words(text, "kk")
    stale = stored[:-1]  # keys of an older version of the text
    assert words(text, "kk", stale) == words(text, "kk")
    query = "Министрлік цифрлық дипломатияны дамытты."
    segments = {1: text}
    assert fuzzy.rank(query, segments, "kk", 5, {1: stored}) == fuzzy.rank(query, segments, "kk", 5)
