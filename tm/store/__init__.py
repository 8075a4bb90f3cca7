"""The translation memory: one SQLite file with versioned migrations.

Migrations are the numbered `migrations/NNNN_*.sql` files, applied in order inside one
transaction each; `PRAGMA user_version` holds the number of the last one applied. A database
whose version is newer than the newest migration this `tm` knows is refused, never altered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from tm.errors import SchemaVersionError, StoreError

DEFAULT_DB = "tm.db"


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


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """An open translation memory. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.path = Path(path)
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO runs(command, started) VALUES (?, ?)", (command, now()))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, summary: dict) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                (now(), json.dumps(summary, ensure_ascii=False), run_id),
            )

    # -- counts -----------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"documents", "segments", "pairs", "glossary", "embeddings", "edits"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


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
