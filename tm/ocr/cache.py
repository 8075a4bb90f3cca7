"""The OCR repair of a document, kept on disk under a hash of its text and of the repair itself.

A second `tm align` or `tm clean` of the same document reads the edits back instead of decoding
again (seed 004 takes most of a main job's time). The key covers the document's bytes and the
repair's version: the source of `tm.ocr`, its bundled tables and the versions of the packages
its resources come from, so any change to the method invalidates the entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from tm.paths import cached

T = TypeVar("T")

_OCR = Path(__file__).resolve().parent
_TABLES = (_OCR.parent / "data" / "ocr_ru_channel.tsv", _OCR.parent / "data" / "ocr_ru_confidence.json")


@lru_cache(maxsize=1)
def repair_version() -> str:
    """A hash of everything the repair's output depends on besides the text."""
    from tm.ocr.resources import _resource_key

    h = hashlib.sha256(_resource_key(0).encode())
    for path in sorted(_OCR.glob("*.py")) + [p for p in _TABLES if p.exists()]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cached_repair(name: str, text: str, repair: Callable[[], T]) -> T:
    """`repair()`'s result for `text`, computed once per (text, repair version) and kept on disk."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24] + "-" + repair_version()
    return cached(name, key, repair)
