"""The FTS5 table of word keys (`pair_keys`, migration 0003), kept up to date with the pairs.

Triggers queue every inserted or edited pair in `pair_keys_pending` (pure SQL, so any writer
of pairs keeps the queue right); `update_keys` computes the keys of the queued pairs in Python
(stemming and lemmas are not available to SQLite) and writes them in one transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from tm.search.text import key_string
from tm.store import Store

_BATCH = 2000
OPTIMIZE_AFTER = 20_000  # pairs keyed at once, after which the FTS5 index is merged
_FREQUENCIES: "weakref.WeakKeyDictionary[Store, tuple[tuple[int, int] | None, dict[tuple[str, str], int]]]" = (
    weakref.WeakKeyDictionary()
)


def ensure_keys(store: Store, *, progress: bool = True) -> int:
    """Bring the key table up to date before it is read: redo every pair's keys when they were
    made by another version of the keyer (`keyer_fingerprint`), then key what is queued, with a
    progress bar on a terminal when there is much to do. Returns how many pairs were keyed."""
    from tm.progress import progress_bar

    _requeue_if_keyer_changed(store)
    pending = pending_keys(store)
    if not pending:
        return 0
    with progress_bar(pending, "indexing words for search", enabled=progress and pending >= 5000) as advance:
        keyed = update_keys(store, progress=advance)
    if keyed >= OPTIMIZE_AFTER:
        # Many inserted rows leave FTS5 with many small segments; merging them is quick (4 s
        # for 1M pairs) and makes fuzzy search faster (1M pairs, CPU p50 43 -> 34 ms).
        with store.transaction() as db:
            db.execute("INSERT INTO pair_keys(pair_keys) VALUES ('optimize')")
    return keyed


def _requeue_if_keyer_changed(store: Store) -> None:
    from tm.morph.fingerprint import keyer_fingerprint

    current = keyer_fingerprint()
    row = store.db.execute("SELECT value FROM search_state WHERE name = 'keys_made_by'").fetchone()
    if row is not None and row[0] == current:
        return
    with store.transaction() as db:  # the queue and the new stamp commit together
        db.execute("INSERT OR IGNORE INTO pair_keys_pending(pair_id) SELECT id FROM pairs")
        db.execute("INSERT OR REPLACE INTO search_state(name, value) VALUES ('keys_made_by', ?)", (current,))


def pending_keys(store: Store) -> int:
    """How many pairs wait for their keys."""
    return int(store.db.execute("SELECT count(*) FROM pair_keys_pending").fetchone()[0])


def update_keys(store: Store, *, progress: Callable[[int], None] | None = None) -> int:
    """Key every queued pair; returns how many were keyed. Safe to call at any time."""
    done = 0
    if store.db.execute("SELECT 1 FROM pair_keys_pending LIMIT 1").fetchone() is None:
        return 0
    while True:
        with store.transaction() as db:
            rows = db.execute(
                "SELECT p.id, p.kk, p.ru FROM pair_keys_pending q JOIN pairs p ON p.id = q.pair_id "
                "ORDER BY q.pair_id LIMIT ?",
                (_BATCH,),
            ).fetchall()
            if not rows:
                db.execute("DELETE FROM pair_keys_pending")  # ids whose pair is gone
                return done
            ids = [(r[0],) for r in rows]
            db.executemany("DELETE FROM pair_keys WHERE rowid = ?", ids)
            db.executemany(
                "INSERT INTO pair_keys(rowid, kk, ru) VALUES (?, ?, ?)",
                [(r[0], key_string(r[1], "kk"), key_string(r[2], "ru")) for r in rows],
            )
            db.executemany("DELETE FROM pair_keys_pending WHERE pair_id = ?", ids)
        done += len(rows)
        if progress is not None:
            progress(len(rows))


def key_frequencies(store: Store, keys: list[str], lang: str) -> dict[str, int]:
    """In how many pairs each key occurs on the `lang` side (0 for keys never seen).

    FTS5 counts a key by reading its whole list of pairs (3 ms for a key in 100k pairs of a
    million), so counts are remembered per open store until the database changes: a write
    through this connection (`total_changes`) or a commit by another one (`data_version`).
    """
    col = "kk" if lang == "kk" else "ru"
    version = (store.db.execute("PRAGMA data_version").fetchone()[0], store.db.total_changes)
    seen_version, known = _FREQUENCIES.get(store, (None, {}))
    if seen_version != version:
        known = {}
        _FREQUENCIES[store] = (version, known)
    freq = {}
    for key in dict.fromkeys(keys):
        if (col, key) not in known:
            row = store.db.execute(
                "SELECT doc FROM pair_keys_vocab WHERE term = ? AND col = ?", (key, col)
            ).fetchone()
            known[col, key] = int(row[0]) if row else 0
        freq[key] = known[col, key]
    return freq


def pair_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM pair_keys").fetchone()[0])
