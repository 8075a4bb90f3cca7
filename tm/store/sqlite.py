"""The SQLite backend: one file, FTS5 over the word keys, a FAISS index file beside it.

Migrations are the numbered `migrations/NNNN_*.sql` files, applied in order inside one
transaction each; `PRAGMA user_version` holds the number of the last one applied. A database
whose version is newer than the newest migration this `tm` knows is refused, never altered.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from tm.errors import SchemaVersionError, StoreError
from tm.store.base import DEFAULT_DB, Store

_FREQUENCIES: "weakref.WeakKeyDictionary[SQLiteStore, tuple[tuple[int, int], dict[tuple[str, str], int]]]" = (
    weakref.WeakKeyDictionary()
)


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("tm.store").joinpath("migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version() -> int:
    """The newest schema this version of `tm` writes."""
    return _migrations()[-1][0]


def fts_phrase(keys: list[str]) -> str:
    """An FTS5 phrase of word keys (quotes doubled)."""
    return '"' + " ".join(k.replace('"', '""') for k in keys) + '"'


class SQLiteStore(Store):
    """A translation memory in one SQLite file (`:memory:` for a throwaway one)."""

    dialect = "sqlite"

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.path = Path(path)
        self.location = str(path)
        if str(path) != ":memory:":
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a folder, not a database file; pass --db FILE")
            if not self.path.exists() and not create:
                raise StoreError(
                    f"{self.path}: no translation memory here; run `tm align` or `tm import` "
                    "first, or pass --db FILE"
                )
            if self.path.exists():
                _check_sqlite_header(self.path)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from exc
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 5000")
        if str(path) != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        migrations = _migrations()
        newest = migrations[-1][0]
        if version > newest:
            raise SchemaVersionError(
                f"{self.path}: written by a newer version of tm (schema {version}, this tm "
                f"knows up to {newest}); upgrade tm with `pip install -U tm` or use another --db"
            )
        if version == 0 and self._has_foreign_tables():
            raise StoreError(
                f"{self.path}: is an SQLite database but not a tm translation memory; "
                "pass another --db"
            )
        for number, name, sql in migrations:
            if number <= version:
                continue
            try:
                self.db.execute("BEGIN IMMEDIATE")
                for statement in _split_sql(sql):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                self.db.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {name} failed ({exc})") from exc

    def _has_foreign_tables(self) -> bool:
        row = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        return row[0] > 0

    @classmethod
    def on_connection(cls, db: sqlite3.Connection) -> "SQLiteStore":
        """A store over an open connection to a database already in shape (no migrations)."""
        store = object.__new__(cls)
        store.db, store.path, store.location = db, Path(":memory:"), "an SQLite connection"
        return store

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def close(self) -> None:
        self.db.close()

    # -- word keys: the FTS5 table `pair_keys` (migration 0003) -----------------------------
    def pending_batch(self, db: Any, limit: int) -> list[tuple[int, str, str]]:
        rows = db.execute("SELECT p.id, p.kk, p.ru FROM pair_keys_pending q JOIN pairs p ON p.id = q.pair_id "
                          "ORDER BY q.pair_id LIMIT ?", (limit,)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def write_keys(self, db: Any, rows: list[tuple[int, str, str]]) -> None:
        db.executemany("DELETE FROM pair_keys WHERE rowid = ?", [(r[0],) for r in rows])
        db.executemany("INSERT INTO pair_keys(rowid, kk, ru) VALUES (?, ?, ?)", rows)

    def optimize_keys(self) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO pair_keys(pair_keys) VALUES ('optimize')")

    def key_frequencies(self, keys: list[str], lang: str) -> dict[str, int]:
        """FTS5 counts a key by reading its whole list of pairs (3 ms for a key in 100k pairs of
        a million), so counts are remembered per open store until the database changes: a write
        through this connection (`total_changes`) or a commit by another one (`data_version`)."""
        col = "kk" if lang == "kk" else "ru"
        version = (self.db.execute("PRAGMA data_version").fetchone()[0], self.db.total_changes)
        seen_version, known = _FREQUENCIES.get(self, (None, {}))
        if seen_version != version:
            known = {}
            _FREQUENCIES[self] = (version, known)
        freq = {}
        for key in dict.fromkeys(keys):
            if (col, key) not in known:
                row = self.db.execute("SELECT doc FROM pair_keys_vocab WHERE term = ? AND col = ?",
                                      (key, col)).fetchone()
                known[col, key] = int(row[0]) if row else 0
            freq[key] = known[col, key]
        return freq

    def key_pool(self, lang: str, weights: dict[str, float], limit: int) -> list[tuple[int, str]]:
        """Grouped in SQLite: several times cheaper than FTS5's rank over tens of thousands of
        matches; FTS5's BM25 decides only among more than `limit` pairs of equal weight."""
        col = "kk" if lang == "kk" else "ru"
        one_key = "SELECT rowid, ? AS weight FROM pair_keys WHERE pair_keys MATCH ?"
        params: list[object] = []
        for key, weight in weights.items():
            params += [weight, f"{col} : {fts_phrase([key])}"]
        rows = self.db.execute(
            f"WITH pool AS (SELECT rowid, sum(weight) AS score FROM ({' UNION ALL '.join([one_key] * len(weights))}) "
            "GROUP BY rowid ORDER BY score DESC, rowid LIMIT ?) "
            f"SELECT k.rowid, k.{col}, pool.score FROM pool JOIN pair_keys k ON k.rowid = pool.rowid "
            "ORDER BY pool.score DESC, pool.rowid",
            (*params, limit + 1),
        ).fetchall()
        if len(rows) > limit and rows[limit][2] >= rows[0][2] - 1e-9:
            expr = f"{col} : (" + " OR ".join(fts_phrase([k]) for k in weights) + ")"
            return [(r[0], r[1]) for r in self.db.execute(
                f"SELECT rowid, {col} FROM pair_keys WHERE pair_keys MATCH ? ORDER BY rank LIMIT ?",
                (expr, limit)).fetchall()]
        return [(row[0], row[1]) for row in rows[:limit]]

    def match_keys(self, keys: dict[str, list[str]], *, phrase: bool, limit: int) -> list[int]:
        if phrase:
            expr = " OR ".join(f"({lang} : {fts_phrase(k)})" for lang, k in keys.items())
        else:
            expr = " OR ".join(f"({lang} : (" + " AND ".join(fts_phrase([key]) for key in k) + "))"
                               for lang, k in keys.items())
        rows = self.db.execute("SELECT rowid FROM pair_keys WHERE pair_keys MATCH ? ORDER BY rank LIMIT ?",
                               (expr, limit)).fetchall()
        return [r[0] for r in rows]


def _check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database ({exc.strerror})") from exc
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a tm database (not an SQLite file); pass another --db")


def _split_sql(sql: str) -> Sequence[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buf = [], []
    for line in sql.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("--")):
            continue
        buf.append(line)
        text = "\n".join(buf)
        if stripped.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            buf = []
    if buf and "\n".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
