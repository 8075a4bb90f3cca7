"""Embedding cache in the translation memory, keyed by (model, text as embedded)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from tm.encoders.base import PREFIXES, Encoder, Kind

if TYPE_CHECKING:
    from tm.store import Store


class CachedEncoder(Encoder):
    """Wraps an encoder; vectors already in the store are read, new ones are embedded and kept."""

    def __init__(self, inner: Encoder, store: "Store | sqlite3.Connection") -> None:
        """`store`: the TM whose `embeddings` table keeps the vectors (any backend), or an
        open SQLite connection to a file with such a table (a cache of its own)."""
        if isinstance(store, sqlite3.Connection):
            from tm.store.sqlite import SQLiteStore

            store = SQLiteStore.on_connection(store)
        self.inner = inner
        self.store = store
        self.name = inner.name
        self.dim = inner.dim

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        return self.inner._embed(texts, kind)

    def encode(
        self,
        texts: Sequence[str],
        *,
        kind: Kind = "query",
        batch_size: int = 64,
        progress: bool = False,
    ) -> np.ndarray:
        texts = list(texts)
        keys = [hashlib.sha1((PREFIXES[kind] + t).encode("utf-8")).digest() for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        found = {key: np.frombuffer(blob, dtype=np.float32)
                 for key, blob in self.store.cached_vectors(self.name, list(dict.fromkeys(keys))).items()}
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if missing:
            vectors = self.inner.encode(
                list(missing.values()), kind=kind, batch_size=batch_size, progress=progress
            )
            rows = []
            for key, vector in zip(missing, vectors):
                found[key] = vector
                rows.append((self.name, key, vector.astype(np.float32).tobytes()))
            self.store.cache_vectors(rows)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out
