"""Embedding shards: the vectors of one language in fp16 `.npy` files, addressed by global row.

fp16 halves the disk and memory of a corpus (384 dims: 768 bytes a sentence) and changes a
cosine by less than 1e-3; every search and re-scoring reads them back as float32. Files are
written under a temporary name and renamed, so a file that exists is complete: a restarted job
trusts it, and a retried task rewrites the same name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def save_array(path: Path, array: np.ndarray) -> None:
    """`np.save` through `write_atomic`."""
    import io

    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    write_atomic(path, buf.getvalue())


@dataclass
class ShardSet:
    """One language's vectors across shard files; rows are numbered across the shards in order.

    Supports what mining needs of a vector matrix: `len`, `shape` and gathering rows by index
    (`vectors[rows]`, float32), reading only the rows asked for (memory-mapped files).
    """

    lang: str
    paths: list[Path]
    counts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.counts:
            self.counts = [int(np.load(p, mmap_mode="r").shape[0]) for p in self.paths]
        self.offsets = np.r_[0, np.cumsum(self.counts)].astype(np.int64)
        self._maps: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return int(self.offsets[-1])

    @property
    def dim(self) -> int:
        return int(self._map(0).shape[1]) if self.paths else 0

    @property
    def shape(self) -> tuple[int, int]:
        return len(self), self.dim

    def _map(self, i: int) -> np.ndarray:
        if i not in self._maps:
            self._maps[i] = np.load(self.paths[i], mmap_mode="r")
        return self._maps[i]

    def shard(self, i: int) -> np.ndarray:
        """Shard `i` as a float32 array."""
        return np.asarray(self._map(i), dtype=np.float32)

    def __getitem__(self, rows: np.ndarray | Sequence[int]) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        which = np.searchsorted(self.offsets, rows, side="right") - 1
        for i in np.unique(which):
            sel = which == i
            out[sel] = self._map(int(i))[rows[sel] - self.offsets[i]]
        return out

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """`n` rows drawn without replacement (all rows when there are fewer), float32."""
        total = len(self)
        rows = np.sort(np.random.default_rng(seed).choice(total, min(n, total), replace=False))
        return self[rows]

    def __getstate__(self) -> dict:
        return {"lang": self.lang, "paths": self.paths, "counts": self.counts}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()
