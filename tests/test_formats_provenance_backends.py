"""Provenance and unaligned segments through the `Store` interface, on SQLite and on a real
PostgreSQL (skipped with the reason when no embedded server can start)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from formats_helpers import REAL_PAIRS, fixed_clock
from postgres_helpers import pg_server, pg_url  # noqa: F401 - fixtures

from tm.formats import write_pairs
from tm.importer import import_file
from tm.store import Store
from tm.store.pairs import add_pairs, count_pairs, iter_pairs, unaligned_segments
from tm.store.records import PairRecord, UnalignedSegment


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "tm.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


def test_imported_provenance_comes_back(target: str, tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    with tmx.open("w", encoding="utf-8") as fh:
        write_pairs("tmx", [dataclasses.replace(p, props={"raw_score": "0.04"}) for p in REAL_PAIRS], fh,
                    clock=fixed_clock)
    with Store(target) as store:
        import_file(store, tmx)
        back = list(iter_pairs(store))
        assert count_pairs(store, below=0.85) == 1
    assert [(p.kk_doc, p.ru_doc, p.kk_lines, p.ru_lines, p.method, p.origin) for p in back] == [
        (p.kk_doc, p.ru_doc, p.kk_lines, p.ru_lines, p.method, "a.tmx") for p in REAL_PAIRS]


def test_unaligned_segments(target: str) -> None:
    texts = {"kk": ["Бірінші сөйлем.", "Аудармасы жоқ сөйлем.", "Үшінші сөйлем."],
             "ru": ["Первое предложение.", "Третье предложение."]}
    with Store(target) as store:
        ids = {}
        for lang, segs in texts.items():
            ids[lang] = store.add_document(
                {"path": f"d.{lang}.txt", "name": f"d.{lang}.txt", "lang": lang, "encoding": "utf-8",
                 "sha256": lang * 32, "original": "\n".join(segs), "cleaned": "\n".join(segs), "run_id": None},
                [], [(i, t, t, 0, len(t), i, i, lang) for i, t in enumerate(segs)])
        add_pairs(store, [PairRecord(texts["kk"][0], texts["ru"][0], 0.9, "parallel"),
                          PairRecord(texts["kk"][2], texts["ru"][1], 0.9, "parallel")],
                  kk_doc_id=ids["kk"], ru_doc_id=ids["ru"], segs=[([0], [0]), ([2], [1])])
        assert unaligned_segments(store) == [UnalignedSegment("d.kk.txt", "kk", 1, (1,), "Аудармасы жоқ сөйлем.")]
        assert unaligned_segments(store, [ids["ru"]]) == []
