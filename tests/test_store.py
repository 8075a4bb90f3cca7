"""The SQLite translation memory: migrations, version refusal, transactions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tm.errors import SchemaVersionError, StoreError
from tm.store import Store, schema_version
from tm.store.pairs import add_pairs, iter_pairs
from tm.store.records import PairRecord

PAIRS = [
    PairRecord(kk="Цифрлық дипломатия дамып келеді.", ru="Цифровая дипломатия развивается.", score=0.93, method="parallel"),
    PairRecord(kk="Қазақстан — цифрлық мемлекет.", ru="Казахстан — цифровое государство.", score=0.88, method="parallel"),
]


def test_new_database_is_migrated(db_path: Path) -> None:
    with Store(db_path) as store:
        version = store.db.execute("PRAGMA user_version").fetchone()[0]
    assert version == schema_version()


def test_newer_database_is_refused_and_left_alone(db_path: Path) -> None:
    with Store(db_path) as store:
        add_pairs(store, PAIRS)
        store.db.execute(f"PRAGMA user_version = {schema_version() + 5}")
    with pytest.raises(SchemaVersionError) as err:
        Store(db_path)
    assert str(err.value) == (
        f"{db_path}: written by a newer version of tm (schema {schema_version() + 5}, this tm knows "
        f"up to {schema_version()}); upgrade tm with `pip install -U tm` or use another --db"
    )
    raw = sqlite3.connect(db_path)
    assert raw.execute("SELECT count(*) FROM pairs").fetchone()[0] == 2


def test_foreign_sqlite_file_is_refused(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("CREATE TABLE notes(x)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError) as err:
        Store(db_path)
    assert str(err.value) == f"{db_path}: is an SQLite database but not a tm translation memory; pass another --db"


def test_non_sqlite_file_is_refused(db_path: Path) -> None:
    db_path.write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        Store(db_path)
    assert str(err.value) == f"{db_path}: not a tm database (not an SQLite file); pass another --db"


def test_missing_database_when_not_creating(db_path: Path) -> None:
    with pytest.raises(StoreError, match="no translation memory here"):
        Store(db_path, create=False)


def test_failed_transaction_keeps_committed_pairs(db_path: Path) -> None:
    with Store(db_path) as store:
        add_pairs(store, PAIRS[:1])

        def broken():
            yield PAIRS[1]
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError):
            add_pairs(store, broken())
        assert [p.kk for p in iter_pairs(store)] == [PAIRS[0].kk]


def test_duplicates_are_skipped_and_fts_follows(db_path: Path) -> None:
    with Store(db_path) as store:
        assert add_pairs(store, PAIRS) == 2
        assert add_pairs(store, PAIRS) == 0
        hits = store.db.execute(
            "SELECT ru FROM pairs_fts WHERE pairs_fts MATCH ?", ("дипломатия",)
        ).fetchall()
    assert [h[0] for h in hits] == [PAIRS[0].ru]


def test_a_busy_sqlite_file_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    Store(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the file
    with Store(db) as store:
        store.db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreError, match="another tm process kept the database busy"):
            store.start_run("align")
    other.execute("ROLLBACK")
    other.close()
