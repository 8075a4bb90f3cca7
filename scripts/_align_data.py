"""Shared helpers of the alignment scripts: locate ../shared/data, read FLORES/Tatoeba, embed with
an on-disk cache so that re-runs do not re-embed (embedding ~2,000 sentences takes a minute)."""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
FLORES = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
TATOEBA = DATA / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"
CACHE = Path(os.environ.get("TM_EVAL_CACHE", Path(tempfile.gettempdir()) / "tm-eval-cache"))


def require(*paths: Path) -> None:
    """Exit 0 with a message when the shared data is absent (CI without ../shared)."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"skipped: data not found: {', '.join(missing)}")
        sys.exit(0)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def flores() -> list[tuple[str, str, str]]:
    """(doc_id, kk, ru) in file order."""
    return [(r["doc_id"], r["kk"], r["ru"]) for r in read_tsv(FLORES)]


def tatoeba() -> list[tuple[str, str]]:
    return [(r["kk"], r["ru"]) for r in read_tsv(TATOEBA)]


def cached_encoder(name: str | None = None):
    """The encoder wrapped in a CachedEncoder over a small SQLite file in the cache directory."""
    from tm.encoders import CachedEncoder, get_encoder

    CACHE.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(CACHE / "embeddings.sqlite", isolation_level=None, check_same_thread=False)
    db.execute(
        "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, text_hash BLOB NOT NULL, "
        "vector BLOB NOT NULL, PRIMARY KEY (model, text_hash)) WITHOUT ROWID"
    )
    return CachedEncoder(get_encoder(name), db)


def embed(encoder, texts: list[str], kind: str = "query") -> np.ndarray:
    return encoder.encode(texts, kind=kind, batch_size=64)
