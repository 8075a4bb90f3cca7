"""The word keys of every pair (migration 0003), kept up to date with the pairs.

Triggers queue every inserted or edited pair in `pair_keys_pending` (in the database, so any
writer of pairs keeps the queue right); `update_keys` computes the keys of the queued pairs in
Python (stemming and lemmas are not available to the database) and the store writes them in
its own key index (FTS5 in SQLite, GIN-indexed arrays in PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable

from tm.search.text import key_string
from tm.store import Store

_BATCH = 2000
OPTIMIZE_AFTER = 20_000  # pairs keyed at once, after which the key index is tidied


def ensure_keys(store: Store, *, progress: bool = True) -> int:
    """Bring the key table up to date before it is read: redo every pair's keys when they were
    made by another version of the keyer (`keyer_fingerprint`), then key what is queued, with a
    progress bar on a terminal when there is much to do. Returns how many pairs were keyed."""
    from tm.morph.fingerprint import keyer_fingerprint
    from tm.progress import progress_bar

    store.requeue_keys("keys_made_by", keyer_fingerprint())
    pending = pending_keys(store)
    if not pending:
        return 0
    with progress_bar(pending, "indexing words for search", enabled=progress and pending >= 5000) as advance:
        keyed = update_keys(store, progress=advance)
    if keyed >= OPTIMIZE_AFTER:
        # Many inserted rows leave FTS5 with many small segments; merging them is quick (4 s
        # for 1M pairs) and makes fuzzy search faster (1M pairs, CPU p50 43 -> 34 ms).
        store.optimize_keys()
    return keyed


def pending_keys(store: Store) -> int:
    """How many pairs wait for their keys."""
    return store.pending_keys()


def update_keys(store: Store, *, progress: Callable[[int], None] | None = None) -> int:
    """Key every queued pair; returns how many were keyed. Safe to call at any time."""
    return store.update_keys(key_string, batch=_BATCH, progress=progress)


def key_frequencies(store: Store, keys: list[str], lang: str) -> dict[str, int]:
    """In how many pairs each key occurs on the `lang` side (0 for keys never seen)."""
    return store.key_frequencies(keys, lang)
