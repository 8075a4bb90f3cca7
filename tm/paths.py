"""Where `tm` keeps what it builds on first use (resource tables, the ONNX encoder graph)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$TM_CACHE_DIR`, else `$XDG_CACHE_HOME/tm`, else `~/.cache/tm`."""
    if env := os.environ.get("TM_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tm"
