"""Stored word keys follow the keyer: keys made by another version of `tm` (another stemmer,
lemmatiser or dictionary) are redone before search or glossary lookup reads them."""

from __future__ import annotations

from pathlib import Path

from tm.glossary.build import build_glossary
from tm.glossary.lookup import lookup, refresh_form_keys
from tm.morph.fingerprint import keyer_fingerprint
from tm.search import search
from tm.search.index import ensure_keys, pending_keys
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

PAIRS = [
    ("Цифрлық дипломатия сыртқы саясаттың жаңа құралы.", "Цифровая дипломатия — новый инструмент внешней политики."),
    ("Министрлік цифрлық дипломатияны дамытады.", "Министерство развивает цифровую дипломатию."),
    ("Цифрлық дипломатияның мүмкіндіктері зор.", "Возможности цифровой дипломатии велики."),
]


def stamp(store: Store, name: str) -> str | None:
    row = store.db.execute("SELECT value FROM search_state WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def test_keys_made_by_another_keyer_are_redone_before_search(tmp_path: Path) -> None:
    with Store(tmp_path / "tm.db") as store:
        add_pairs(store, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS])
        ensure_keys(store)
        assert stamp(store, "keys_made_by") == keyer_fingerprint()
        assert ensure_keys(store) == 0  # current keys are not redone
        with store.transaction() as db:  # what an older stemmer might have stored
            db.execute("UPDATE pair_keys SET kk = 'цифрлы дипломатиян' WHERE rowid = 2")
            db.execute("UPDATE search_state SET value = 'older' WHERE name = 'keys_made_by'")
    with Store(tmp_path / "tm.db") as store:
        hits = search(store, "дипломатиясы", kinds=("concordance",))
        assert {h.pair_id for h in hits} == {1, 2, 3}
        assert stamp(store, "keys_made_by") == keyer_fingerprint()
        assert pending_keys(store) == 0


def test_glossary_form_keys_made_by_another_keyer_are_redone(tmp_path: Path) -> None:
    with Store(tmp_path / "tm.db") as store:
        add_pairs(store, [PairRecord(kk, ru, 1.0, "parallel") for kk, ru in PAIRS])
        build_glossary(store)
        assert refresh_form_keys(store) > 0  # a glossary never stamped is keyed once
        assert refresh_form_keys(store) == 0
        with store.transaction() as db:
            db.execute("UPDATE glossary_forms SET key = 'ескі кілт'")
            db.execute("UPDATE search_state SET value = 'older' WHERE name = 'glossary_keys_made_by'")
        hits = lookup(store, "цифрлық дипломатияның")
        assert hits and hits[0].entry.kk == "цифрлық дипломатия"


def test_the_fingerprint_covers_the_stemmer_and_its_dictionary() -> None:
    from tm.morph import fingerprint

    assert {"morph/kazakh.py", "morph/russian.py", "data/hunspell/kk_KZ.dic.gz"} <= set(fingerprint._SOURCES)
    root = Path(fingerprint.__file__).resolve().parents[1]
    assert [name for name in fingerprint._SOURCES if not (root / name).exists()] == []


def test_many_new_keys_leave_the_index_merged(tmp_path: Path, monkeypatch) -> None:
    from tm.search import index

    monkeypatch.setattr(index, "OPTIMIZE_AFTER", 3)
    with Store(tmp_path / "tm.db") as store:
        for kk, ru in PAIRS:  # one insert each: one FTS5 segment each once keyed
            add_pairs(store, [PairRecord(kk, ru, 0.9, "parallel")])
            ensure_keys(store)
        add_pairs(store, [PairRecord(kk + " Тағы.", ru + " Ещё.", 0.9, "parallel") for kk, ru in PAIRS])
        assert ensure_keys(store) == 3
        segments = store.db.execute("SELECT count(*) FROM pair_keys_data").fetchone()[0]
        assert segments <= 3  # structure record, averages and one merged segment
        assert {h.pair_id for h in search(store, "дипломатиясы", kinds=("concordance",))} == set(range(1, 7))
