"""A fingerprint of the word keyer: what stored keys (search's FTS5 table, glossary forms) were
made with. When a new version of `tm` stems or lemmatises differently, keys stored by the old
one would no longer meet the keys of new queries; comparing fingerprints tells when to redo them.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# Everything a key depends on, relative to the `tm` package: the keying code, the Kazakh
# stemmer and lexicon code, and the bundled Kazakh dictionary.
_SOURCES = (
    "alphabet.py", "morph/keys.py", "morph/kazakh.py", "morph/russian.py", "lexicon/kazakh.py",
    "lexicon/hunspell.py", "lexicon/suffixes.py", "search/text.py", "data/hunspell/kk_KZ.aff.gz", "data/hunspell/kk_KZ.dic.gz",
)
_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru")


@lru_cache(maxsize=1)
def keyer_fingerprint() -> str:
    """16 hex digits that change whenever a word's key might."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for name in _SOURCES:
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?".encode())
    return digest.hexdigest()[:16]
