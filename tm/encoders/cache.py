"""Embedding cache in the translation memory, keyed by (model, text as embedded)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

import numpy as np

from tm.encoders.base import PREFIXES, Encoder, Kind


class CachedEncoder(Encoder):
    """Wraps an encoder; vectors already in the store are read, new ones are embedded and kept."""

    def __init__(self, inner: Encoder, db: sqlite3.Connection) -> None:
        self.inner = inner
        self.db = db
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
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self.db.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})",
                [self.name, *chunk],
            ):
                found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if missing:
            vectors = self.inner.encode(
                list(missing.values()), kind=kind, batch_size=batch_size, progress=progress
            )
            rows = []
            for key, vector in zip(missing, vectors):
                found[key] = vector
                rows.append((self.name, key, vector.astype(np.float32).tobytes()))
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?, ?)", rows)
            self.db.execute("COMMIT")
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out
