"""Where `tm` keeps what it builds on first use (resource tables, the ONNX encoder graph)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """`$TM_CACHE_DIR`, else `$XDG_CACHE_HOME/tm`, else `~/.cache/tm`."""
    if env := os.environ.get("TM_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tm"


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, kept as `<cache_dir>/<name>-<key>.pickle` and read back while `key` (a hash of
    everything the value depends on) is unchanged. A cache that cannot be read or written is
    simply rebuilt: the value is always right, only slower to get."""
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
