"""One conformance suite for every `Store` backend: SQLite always, PostgreSQL when a server
can start. The same calls must leave the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.store import Store
from tm.store.records import PairRecord

KK = ["Елші Астанада баспасөз мәслихатын өткізді.", "Кеше қалада қатты жаңбыр жауды.",
      "Ол кітапханадан үш кітап алды."]
RU = ["Посол провёл пресс-конференцию в Астане.", "Вчера в городе шёл сильный дождь.",
      "Он взял в библиотеке три книги."]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path: Path):  # noqa: ANN001
    if request.param == "sqlite":
        target = str(tmp_path / "tm.db")
    else:
        target = request.getfixturevalue("pg_server").create_database(f"conf_{abs(hash(request.node.name))}")
    with Store(target) as opened:
        yield opened


def test_pairs_are_stored_once(store: Store) -> None:
    records = [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in zip(KK, RU)]
    assert store.add_pairs(records) == 3
    assert store.add_pairs(records[:2]) == 0
    assert store.add_pairs(records[:1], kk_doc_id=None, ru_doc_id=None) == 0
    assert [(p.kk, p.ru, p.score) for p in store.iter_pairs()] == [(kk, ru, 0.9) for kk, ru in zip(KK, RU)]
    assert store.exact_ids(RU[1], "ru") == [2]
    assert store.pair_rows([3, 1, 99]) == {1: (KK[0], RU[0], "", "", ""), 3: (KK[2], RU[2], "", "", "")}


def test_import_skips_texts_held_anywhere_and_records_its_run(store: Store) -> None:
    store.add_pairs([PairRecord(KK[0], RU[0], 0.9, "parallel")], run_id=store.start_run("align"))
    records = [PairRecord(kk, ru, 0.5, "import", origin="a.tmx") for kk, ru in zip(KK, RU)]
    assert store.import_pairs("import a.tmx", records + records[1:], {"skipped": 0}) == 2
    assert store.count("pairs") == 3 and store.count("runs") == 2
    summary = store.scalar("SELECT summary FROM runs WHERE command = ?", ("import a.tmx",))
    assert '"imported": 2' in summary and '"duplicates": 3' in summary


def test_documents_segments_and_lines(store: Store) -> None:
    doc = {"path": "d.kk.txt", "name": "d.kk.txt", "lang": "kk", "encoding": "utf-8", "sha256": "s",
           "original": "A\nB\nC", "cleaned": "A\nB\nC", "run_id": None}
    segments = [(0, "A", "A", 0, 1, 0, 0, ""), (1, "B C", "B\nC", 2, 5, 1, 2, "other")]
    kk = store.add_document(doc, [(0, 1, "A", "A", "nfc", 1.0)], segments)
    assert store.add_document(doc, [], []) == kk
    ru = store.add_document({**doc, "lang": "ru", "name": "d.ru.txt"}, [], segments)
    store.add_pairs([PairRecord("A", "A", 0.7, "parallel")], kk_doc_id=kk, ru_doc_id=ru, segs=[([1], [0, 1])])
    pair = next(store.iter_pairs())
    assert (pair.kk_doc, pair.ru_doc, pair.kk_lines, pair.ru_lines) == ("d.kk.txt", "d.ru.txt", (1, 2), (0, 1, 2))
    assert list(store.segment_texts()) == [("A", "kk"), ("B C", "other"), ("A", "ru"), ("B C", "other")]


def test_word_keys_and_their_counts(store: Store) -> None:
    from tm.search.index import ensure_keys

    store.add_pairs([PairRecord(kk, ru, 0.9, "parallel") for kk, ru in zip(KK, RU)])
    assert store.pending_keys() == 3
    assert ensure_keys(store, progress=False) == 3 and store.pending_keys() == 0
    assert store.key_frequencies(["китапхана", "жоқсөз"], "kk") == {"китапхана": 1, "жоқсөз": 0}  # folded
    assert store.match_keys({"kk": ["уш", "китап"]}, phrase=True, limit=5) == [3]
    store.execute("UPDATE pairs SET kk = ? WHERE id = 3", ("Ол кітап алды.",))
    assert store.pending_keys() == 1 and store.changed_since(0) == [3]
    ensure_keys(store, progress=False)
    assert store.key_frequencies(["китапхана", "китап"], "kk") == {"китапхана": 0, "китап": 1}
    assert store.match_keys({"kk": ["уш", "китап"]}, phrase=True, limit=5) == []
    assert store.match_keys({"kk": ["китап", "алды"]}, phrase=False, limit=5) == [3]


def test_glossary_round_trip(store: Store) -> None:
    forms = [("kk", "кітап", "кітап", 3), ("kk", "кітаптар", "кітап", 5), ("ru", "книга", "книга", 4)]
    store.write_glossary([({"kk": "кітап", "ru": "книга", "score": 0.8, "kk_freq": 8, "ru_freq": 4,
                            "example_pair": None, "example_kk": "", "example_ru": ""}, forms)], [])
    entry = store.glossary_entries()[0]
    assert (entry.kk, entry.kk_forms, entry.ru_forms, entry.status) == ("кітап", ("кітаптар", "кітап"), ("книга",), "auto")
    same = store.set_glossary_status("кітап", "книга", "approved", entry.id, [])
    added = store.set_glossary_status("қала", "город", "rejected", None, [("kk", "қала", "қала", 0)])
    assert same == entry.id and added != entry.id
    assert [(e.kk, e.status) for e in store.glossary_entries(include_rejected=True)] == [
        ("қала", "rejected"), ("кітап", "approved")]
    assert sorted(store.glossary_keys()) == sorted([(entry.id, "kk", "кітап")] * 2 + [(entry.id, "ru", "книга")])
