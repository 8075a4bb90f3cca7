"""Search hits each speak their own scale: fuzzy a CAT percentage, concordance the words found,
semantic a calibrated relation (probably unrelated ones hidden unless asked); a phrase query
finds the pairs holding its words in any inflected form (real bundled model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tm.search import search
from tm.search.scales import RELATIONS, semantic_probabilities
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

PAIRS = [
    ("Арыстандар – мысықтардың ішіндегі ең әлеуметтік жануарлар.", "Львы — самые социальные кошки."),
    ("Бүгінде көптеген мемлекеттер әлеуметтік желілерді белсенді пайдаланады.",
     "Сегодня многие государства активно используют социальные сети."),
    ("Елшіліктер азаматтарға консулдық қызметтерді онлайн ұсынады.",
     "Посольства предоставляют гражданам консульские услуги онлайн."),
    ("Ауыл шаруашылығы өнімдерінің экспорты өсті.", "Экспорт сельскохозяйственной продукции вырос."),
    ("Футбол командасы чемпионатта жеңіске жетті.", "Футбольная команда победила в чемпионате."),
    ("Боб Дилан 2016 жылғы әдебиет саласындағы Нобель сыйлығын жеңіп алды.",
     "Боб Дилан выиграл Нобелевскую премию по литературе за 2016 год."),
    ("Шведская академия жыл сайын сыйлық береді.", "Шведская академия ежегодно вручает премию."),
    ("Жазушының жаңа романы оқырмандарға ұнады.", "Новый роман писателя понравился читателям."),
]
EMBASSY = "Посольства оказывают консульские услуги через интернет."


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "tm.db"
    with Store(path) as store:
        add_pairs(store, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS])
    return path


@pytest.mark.parametrize(("words", "hit_words"), [(2, 2), (12, 12), (12, 10), (25, 20)])
def test_relation_rises_with_the_score(words: int, hit_words: int) -> None:
    """From probably unrelated to probably a translation as the score rises, never back."""
    p = semantic_probabilities(np.linspace(0.70, 0.97, 28), np.array(words), np.array(hit_words))
    labels = p.argmax(axis=1)
    assert labels[0] == RELATIONS.index("unrelated") and labels[-1] == RELATIONS.index("translation")
    assert np.all(np.diff(labels) <= 0)  # unrelated(2) -> related(1) -> translation(0)
    assert np.all(np.diff(p[:, 0]) > 0)


@pytest.mark.parametrize(("words", "hit_words"), [(2, 12), (3, 25), (4, 40)])
def test_a_phrase_is_never_a_translation_of_a_sentence(words: int, hit_words: int) -> None:
    p = semantic_probabilities(np.linspace(0.70, 0.99, 30), np.array(words), np.array(hit_words))
    assert RELATIONS.index("translation") not in set(p.argmax(axis=1))
    assert p.argmax(axis=1)[-1] == RELATIONS.index("related")


def test_each_kind_has_its_own_scale(db: Path) -> None:
    with Store(db, create=False) as store:
        hits = search(store, "социальные сети", unrelated=True)
    concordance = [h for h in hits if h.kind == "concordance"]
    assert [(h.ru, h.scale, h.label) for h in concordance] == [
        (PAIRS[1][1], "words", "2 of 2 words: социальные, сети")]
    semantic = [h for h in hits if h.kind == "semantic"]
    assert semantic and all(h.scale == "cosine" and h.relation in RELATIONS for h in semantic)
    assert all(0.0 <= h.p_translation <= 1.0 and h.label for h in semantic)


def test_cli_shows_labels_not_percentages(cli, db: Path) -> None:
    result = cli("search", "социальные сети", "--db", db, "--all")
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert heads[0] == "[concordance: 2 of 2 words: социальные, сети]"
    assert all(h.startswith("[semantic: ") for h in heads[1:])
    assert not any("%" in h for h in heads)
    data = json.loads(cli("search", "социальные сети", "--db", db, "--json").stdout)
    assert {"scale", "label", "relation", "p_translation"} <= set(data[0])


def test_probably_unrelated_hits_are_left_out_unless_asked(cli, db: Path) -> None:
    with Store(db, create=False) as store:
        shown = search(store, EMBASSY)
        everything = search(store, EMBASSY, unrelated=True)
    assert shown[0].ru == PAIRS[2][1] and shown[0].relation == "translation"
    assert all(h.relation != "unrelated" for h in shown)
    hidden = [h for h in everything if h.relation == "unrelated"]
    assert hidden and {h.pair_id for h in hidden}.isdisjoint({h.pair_id for h in shown})
    assert "probably unrelated" in cli("search", EMBASSY, "--db", db, "--all").stdout
    assert "probably unrelated" not in cli("search", EMBASSY, "--db", db).stdout


def test_a_phrase_finds_its_words_inflected_before_semantic_hits(db: Path) -> None:
    with Store(db, create=False) as store:
        hits = search(store, "Нобелевская премия по литературе", limit=2, unrelated=True)
    assert (hits[0].kind, hits[0].ru) == ("concordance", PAIRS[5][1])
    assert hits[0].label == "4 of 4 words: Нобелевскую, премию, по, литературе"
