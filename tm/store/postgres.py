"""The PostgreSQL backend: a team's TM on a server, with pgvector for semantic search.

Many translators write and search at once: pairs are unique by their texts and documents and
written with upserts, each document pair's pairs in one transaction; pairs waiting for word
keys are claimed with `SKIP LOCKED`, so concurrent writers key different pairs. Word keys are
`tm`'s own (PostgreSQL has no Kazakh text search configuration) stored as text arrays under
GIN indexes, and candidates are ranked by the BM25 that SQLite's FTS5 computes, so both backends
give the same answers. Migrations are `migrations/postgresql/NNNN_*.sql`, numbered as SQLite's.
"""

from __future__ import annotations

import math
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING, Any

from tm.errors import SchemaVersionError, StoreError
from tm.store.base import Store

if TYPE_CHECKING:
    from tm.encoders import Encoder

BM25_K1, BM25_B = 1.2, 0.75  # FTS5's constants
_LOCK = 7_310_015  # advisory lock id held while migrating
_RETRIES = 5


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("tm.store").joinpath("migrations", "postgresql").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def connection_error(url: str, exc: Exception) -> StoreError:
    """One line saying what went wrong with the server and what to do."""
    text = _first_line(exc)
    where = redact(url)
    low = str(exc).lower()
    if "password authentication failed" in low or "no password supplied" in low:
        hint = "check the user and password in the URL (or in ~/.pgpass)"
    elif "does not exist" in low and "database" in low:
        hint = "create it first (`createdb NAME`) or fix the database name in the URL"
    elif "role" in low and "does not exist" in low:
        hint = "create the user on the server or fix the user name in the URL"
    elif any(s in low for s in ("connection refused", "no such file", "could not translate host",
                                "timeout", "timed out", "server closed")):
        hint = "is the PostgreSQL server running at this address? start it or fix the host and port"
    else:
        hint = "check the URL and that the server accepts connections"
    return StoreError(f"{where}: cannot connect to PostgreSQL ({text}); {hint}")


class _Tx:
    """A transaction's statements with `?` placeholders (psycopg wants `%s`)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_pg(sql), params if params else None)

    def executemany(self, sql: str, rows: Any) -> None:
        rows = list(rows)
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(_pg(sql), rows)


_CONVERTED: dict[str, str] = {}


def _pg(sql: str) -> str:
    if sql not in _CONVERTED:
        _CONVERTED[sql] = sql.replace("%", "%%").replace("?", "%s")
    return _CONVERTED[sql]


def _row_factory(cursor: Any) -> Any:
    """Rows readable by position and by column name, as `sqlite3.Row` is."""
    names = {d.name: i for i, d in enumerate(cursor.description or ())}

    class Row(tuple):
        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
            return tuple.__getitem__(self, names[key] if isinstance(key, str) else key)

    return Row


class PostgresStore(Store):
    """A translation memory in a PostgreSQL database (pgvector installed on the server)."""

    dialect = "postgresql"
    _insert_order = "seq"

    def __init__(self, url: str, *, create: bool = True) -> None:  # noqa: ARG002 - a server always exists
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                f"{redact(url)}: PostgreSQL support is not installed; run `pip install 'tm[postgres]'`"
            ) from exc
        self.url, self.location = url, redact(url)
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise connection_error(url, exc) from None
        self.conn.row_factory = _row_factory
        self._tx = _Tx(self.conn)
        try:
            self._migrate()
            from pgvector.psycopg import register_vector

            register_vector(self.conn)
        except BaseException:
            self.conn.close()
            raise

    def _migrate(self) -> None:
        import psycopg

        known = migrations()
        newest = known[-1][0]
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                self.conn.execute("CREATE TABLE IF NOT EXISTS tm_schema (version integer NOT NULL)")
                row = self.conn.execute("SELECT max(version) FROM tm_schema").fetchone()
                version = row[0] or 0
                if version > newest:
                    raise SchemaVersionError(
                        f"{self.location}: written by a newer version of tm (schema {version}, this tm "
                        f"knows up to {newest}); upgrade tm with `pip install -U tm` or use another --db")
                if version < newest:
                    self._extensions()
                for number, name, sql in known:
                    if number > version:
                        try:
                            self.conn.execute(sql)
                        except psycopg.Error as exc:
                            raise StoreError(f"{self.location}: migration {name} failed ({exc})") from None
                        self.conn.execute("INSERT INTO tm_schema(version) VALUES (%s)", (number,))
        except psycopg.Error as exc:
            raise StoreError(f"{self.location}: cannot prepare the database ({exc})") from None

    def _extensions(self) -> None:
        import psycopg

        try:
            with self.conn.transaction():
                self.conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.location}: the pgvector extension is missing or cannot be created "
                f"({_first_line(exc)}); install pgvector on the server and run "
                "`CREATE EXTENSION vector;` in this database as its owner") from None

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        import psycopg

        try:
            with self.conn.transaction():
                yield self._tx
        except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
            raise  # `retrying` runs the work again
        except psycopg.OperationalError as exc:
            raise StoreError(f"{self.location}: the database connection failed ({_first_line(exc)}); "
                             "nothing of this step was written; check the server and run it again") from None

    def retrying(self, work: Callable[[], Any]) -> Any:
        import psycopg

        for attempt in range(_RETRIES):
            try:
                return work()
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as exc:
                if attempt == _RETRIES - 1:
                    raise StoreError(f"{self.location}: writers kept colliding ({_first_line(exc)}); "
                                     "run the command again") from None
                time.sleep(random.uniform(0.02, 0.2) * (attempt + 1))
        raise AssertionError("unreachable")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._tx.execute(sql, params)

    def close(self) -> None:
        self.conn.close()

    # -- word keys --------------------------------------------------------------------------
    def pending_batch(self, db: Any, limit: int) -> list[tuple[int, str, str]]:
        rows = db.execute("SELECT p.id, p.kk, p.ru FROM pair_keys_pending q JOIN pairs p ON p.id = q.pair_id "
                          "ORDER BY q.pair_id LIMIT ? FOR UPDATE OF q SKIP LOCKED", (limit,)).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def write_keys(self, db: Any, rows: list[tuple[int, str, str]]) -> None:
        """Replace the pairs' keys and count them; counters are updated in key order, so that
        writers keying at once wait for each other instead of deadlocking."""
        db.execute("DELETE FROM pair_keys WHERE pair_id = ANY(?)", ([r[0] for r in rows],))
        keyed = [(pid, kk, ru, tokens(kk), tokens(ru)) for pid, kk, ru in rows]
        db.executemany("INSERT INTO pair_keys(pair_id, kk, ru, kk_keys, ru_keys) VALUES (?, ?, ?, ?, ?)", keyed)
        df: Counter[tuple[str, str]] = Counter()
        for *_, kk, ru in keyed:
            df.update(("kk", k) for k in set(kk))
            df.update(("ru", k) for k in set(ru))
        df["", ""] += len(keyed)
        df["", "#"] += sum(len(kk) + len(ru) for *_, kk, ru in keyed)
        db.executemany("INSERT INTO pair_key_df(lang, key, df) VALUES (?, ?, ?) "
                       "ON CONFLICT (lang, key) DO UPDATE SET df = pair_key_df.df + excluded.df",
                       [(lang, key, n) for (lang, key), n in sorted(df.items())])

    def optimize_keys(self) -> None:
        self.conn.execute("ANALYZE pair_keys")

    def key_frequencies(self, keys: list[str], lang: str) -> dict[str, int]:
        """A key FTS5 would cut in several tokens is not in its vocabulary either: 0."""
        single = {k: t[0] for k in keys if len(t := tokens(k)) == 1}
        rows = self.execute("SELECT key, df FROM pair_key_df WHERE lang = ? AND key = ANY(?)",
                            (lang, sorted(set(single.values())))).fetchall()
        found = {r[0]: int(r[1]) for r in rows}
        return {k: found.get(single[k], 0) if k in single else 0 for k in dict.fromkeys(keys)}

    def _totals(self) -> tuple[int, float]:
        """Keyed pairs and their mean number of keys (both sides): BM25's N and avgdl."""
        rows = dict(self.execute("SELECT key, df FROM pair_key_df WHERE lang = '' AND key IN ('', '#')")
                    .fetchall())
        n = int(rows.get("", 0))
        return n, (int(rows.get("#", 0)) / n if n else 0.0)

    def key_pool(self, lang: str, weights: dict[str, float], limit: int) -> list[tuple[int, str]]:
        col, lang = ("kk_keys", "kk") if lang == "kk" else ("ru_keys", "ru")
        one_key = f"SELECT pair_id, ?::float8 AS weight FROM pair_keys WHERE {col} @> ?::text[]"
        params: list[object] = []
        for key, weight in weights.items():
            params += [weight, tokens(key)]
        rows = self.execute(
            f"WITH pool AS (SELECT pair_id, sum(weight) AS score FROM ({' UNION ALL '.join([one_key] * len(weights))}) h "
            "GROUP BY pair_id ORDER BY score DESC, pair_id LIMIT ?) "
            f"SELECT k.pair_id, k.{lang}, pool.score FROM pool JOIN pair_keys k "
            "ON k.pair_id = pool.pair_id ORDER BY pool.score DESC, pool.pair_id",
            (*params, limit + 1)).fetchall()
        if len(rows) > limit and rows[limit][2] >= rows[0][2] - 1e-9:
            found = self._bm25({lang: [tokens(k) for k in weights]}, any_of=True)
            return [(pid, keys) for pid, _, keys in found[:limit]]
        return [(row[0], row[1]) for row in rows[:limit]]

    def match_keys(self, keys: dict[str, list[str]], *, phrase: bool, limit: int) -> list[int]:
        phrases = {lang: [[t for key in k for t in tokens(key)]] if phrase else [tokens(key) for key in k]
                   for lang, k in keys.items()}
        return [pid for pid, _, _ in self._bm25(phrases, any_of=False)[:limit]]

    def _bm25(self, phrases: dict[str, list[list[str]]], *, any_of: bool) -> list[tuple[int, float, str]]:
        """Pairs matching, on some side `lang`, all (or with `any_of`, any) of `phrases[lang]`
        (each a run of keys, adjacent and in order), ranked as FTS5 ranks them: BM25 summed over
        the phrases, the document length counting the keys of both sides. Returns (pair id,
        score, the stored keys of the first matching side), best first, ties by pair id."""
        n, avgdl = self._totals()
        if n == 0:
            return []
        found: dict[int, list[Any]] = {}
        for lang, runs in phrases.items():
            col = "kk_keys" if lang == "kk" else "ru_keys"
            wanted = sorted({k for run in runs for k in run})
            test = "&&" if any_of else "@>"
            rows = self.execute(f"SELECT pair_id, kk_keys, ru_keys, {lang} FROM pair_keys "
                                f"WHERE {col} {test} ?::text[]", (wanted,)).fetchall()
            counts = [[_occurrences(r[1] if lang == "kk" else r[2], run) for run in runs] for r in rows]
            # rows matching each phrase: a single key's from its count (the rows read hold all
            # the keys, not every row with this one), a longer phrase's from the rows read
            df = dict(self.execute("SELECT key, df FROM pair_key_df WHERE lang = ? AND key = ANY(?)",
                                   (lang, [run[0] for run in runs if len(run) == 1])).fetchall())
            hit_rows = [int(df.get(run[0], 0)) if len(run) == 1 else sum(1 for c in counts if c[i] > 0)
                        for i, run in enumerate(runs)]
            # (counts read a moment after `n` may include pairs keyed since: never more than N)
            idf = [max(1e-6, math.log((max(n, h) - h + 0.5) / (h + 0.5))) for h in hit_rows]
            for r, cs in zip(rows, counts):
                if not (any(cs) if any_of else all(cs)):
                    continue
                length = len(r[1]) + len(r[2])
                norm = BM25_K1 * (1 - BM25_B + BM25_B * length / avgdl) if avgdl else BM25_K1
                score = sum(w * tf * (BM25_K1 + 1) / (tf + norm) for w, tf in zip(idf, cs))
                entry = found.setdefault(r[0], [0.0, r[3]])
                entry[0] += score
        ranked = sorted(found.items(), key=lambda item: (-item[1][0], item[0]))
        return [(pid, score, keys) for pid, (score, keys) in ranked]

    def semantic_index(self, encoder: "Encoder", *, progress: bool = False) -> Any:
        from tm.store.pgvector import vector_index

        return vector_index(self, encoder, progress=progress)


def tokens(keys: str) -> list[str]:
    """Word keys cut into tokens as FTS5's unicode61 tokenizer cuts them: runs of letters and
    digits, lower case."""
    return _TOKEN.findall(keys.lower())


_TOKEN = re.compile(r"[^\W_]+")


def _occurrences(keys: list[str], run: list[str]) -> int:
    """How many times the keys `run` occur adjacent and in order in `keys`."""
    m = len(run)
    return sum(1 for i in range(len(keys) - m + 1) if keys[i:i + m] == run)
