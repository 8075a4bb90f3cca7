"""tm: Kazakh-Russian translation memory and terminology.

The Python API mirrors the command line; names are imported lazily so `import tm` stays cheap::

    from tm import Store, align_paths, clean_text, search
    with Store("corpus.db") as store:
        report = align_paths(store, ["docs/"])
        hits = search(store, "цифровая дипломатия")
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "Store": "tm.store",
    "align_paths": "tm.pipeline",
    "load_document": "tm.pipeline",
    "clean_text": "tm.clean",
    "split_sentences": "tm.segment",
    "detect_language": "tm.langid",
    "get_encoder": "tm.encoders",
    "align_pair": "tm.align",
    "align_parallel": "tm.align",
    "mine": "tm.align",
    "search": "tm.search",
    "read_pairs": "tm.formats",
    "write_pairs": "tm.formats",
    "write_glossary": "tm.formats",
    "TmError": "tm.errors",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'tm' has no attribute {name!r}")
