"""Shared helpers of the alignment scripts: locate ../shared/data, read FLORES/Tatoeba, embed with
an on-disk cache so that re-runs do not re-embed (embedding ~2,000 sentences takes a minute)."""

from __future__ import annotations

import csv
import json
import os
import random
import re
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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


# --- mining sets that look like users' comparable documents -------------------------------------
#
# Each set is built twice: from a development part of the sources and from a held-out part, split
# by article (FLORES), by document (govdocs) or by row (Tatoeba) with a stable hash, so nothing of
# the held-out part is seen while developing. Sentences are shuffled (fixed seed): mining must not
# rely on the order of the input.

GOVDOCS = DATA / "govdocs"
METADATA = DATA / "flores200" / "metadata_devtest.tsv"
OCR_GENERATED = DATA / "ocr_generated"
PARTS = ("dev", "held-out")


def part_of(key: str) -> str:
    """'dev' or 'held-out' for a source unit (article URL, document name, row key): a stable hash."""
    import hashlib

    return PARTS[hashlib.sha1(key.encode("utf-8")).digest()[0] % 2]


@dataclass
class MiningSet:
    """kk and ru segments (shuffled) and the gold (kk index, ru index) pairs hidden among them."""

    name: str
    kk: list[str]
    ru: list[str]
    gold: set[tuple[int, int]]
    kk_origin: list[str]  # the article or document each segment comes from
    ru_origin: list[str]


Pair = tuple[str, str, str]  # kk, ru, origin
One = tuple[str, str]  # text, origin


def _assemble(name: str, pairs: list[Pair], kk_only: list[One], ru_only: list[One], seed: int) -> MiningSet:
    rng = random.Random(seed)
    kk = [(k, o, i) for i, (k, _, o) in enumerate(pairs)] + [(t, o, None) for t, o in kk_only]
    ru = [(r, o, i) for i, (_, r, o) in enumerate(pairs)] + [(t, o, None) for t, o in ru_only]
    rng.shuffle(kk)
    rng.shuffle(ru)
    where = {key: j for j, (_, _, key) in enumerate(ru) if key is not None}
    gold = {(i, where[key]) for i, (_, _, key) in enumerate(kk) if key is not None}
    return MiningSet(name, [t for t, _, _ in kk], [t for t, _, _ in ru], gold,
                     [o for _, o, _ in kk], [o for _, o, _ in ru])


def flores_articles() -> dict[str, list[tuple[str, str]]]:
    """FLORES devtest rows grouped by article (doc_id = article URL), in file order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for doc_id, kk, ru in flores():
        out.setdefault(doc_id, []).append((kk, ru))
    return out


def _hide_half(articles: dict[str, list[tuple[str, str]]], rng: random.Random):
    """Half of each article's sentences stay translation pairs; of the others each appears in one
    language only, so most sentences without a translation share their article with a pair."""
    pairs: list[Pair] = []
    kk_only: list[One] = []
    ru_only: list[One] = []
    for origin, rows in articles.items():
        rows = list(rows)
        rng.shuffle(rows)
        keep = (len(rows) + rng.randint(0, 1)) // 2
        pairs += [(k, r, origin) for k, r in rows[:keep]]
        offset = rng.randint(0, 1)
        for n, (k, r) in enumerate(rows[keep:]):
            if (n + offset) % 2 == 0:
                kk_only.append((k, origin))
            else:
                ru_only.append((r, origin))
    return pairs, kk_only, ru_only


def govdocs_pairs() -> dict[str, list[tuple[str, str]]]:
    """Government document pairs, line i with line i (noisy: about one line in seven is not a
    translation of its partner, see the README); lines of under 4 words on either side dropped."""
    out = {}
    for kk_path in sorted(GOVDOCS.glob("*.kk.txt")):
        name = kk_path.name[: -len(".kk.txt")]
        kk = kk_path.read_text(encoding="utf-8").splitlines()
        ru = (GOVDOCS / f"{name}.ru.txt").read_text(encoding="utf-8").splitlines()
        n = min(len(kk), len(ru))
        out[name] = [(k.strip(), r.strip()) for k, r in zip(kk[:n], ru[:n])
                     if len(k.split()) >= 4 and len(r.split()) >= 4]
    return out


def _gov_lines(part: str, lang: int, count: int, rng: random.Random, skip: set[str],
               avoid: Sequence[str] = ()) -> list[One]:
    """`count` lines of one language from the government documents of `part` not in `skip`,
    leaving out any line whose partner line nearly repeats one of `avoid` (the same text is
    published on several sites: its translation would hide among the distractors)."""
    docs = {n: rows for n, rows in govdocs_pairs().items() if part_of(n) == part and n not in skip}
    seen = _NearDuplicates(avoid)
    lines = sorted({(row[lang], f"gov:{n}") for n, rows in docs.items() for row in rows
                    if not seen.repeats(row[1 - lang])})
    rng.shuffle(lines)
    return lines[:count]


class _NearDuplicates:
    """Texts that share most of their word stems (6 letters) with one of the given texts."""

    def __init__(self, texts: Sequence[str], share: float = 0.5) -> None:
        self.keys = [self.key(t) for t in texts]
        self.share = share
        self.index: dict[str, list[int]] = {}
        for n, k in enumerate(self.keys):
            for w in k:
                self.index.setdefault(w, []).append(n)

    @staticmethod
    def key(text: str) -> frozenset[str]:
        return frozenset(w[:6] for w in re.findall(r"[^\W\d_]{3,}", text.lower()))

    def repeats(self, text: str) -> bool:
        k = self.key(text)
        common = Counter(n for w in k for n in self.index.get(w, ()))
        return any(c / max(len(k | self.keys[n]), 1) >= self.share for n, c in common.items())


def near_topic_set(part: str, seed: int = 1) -> MiningSet:
    """FLORES articles of `part` with half of each article's translations hidden, plus one-sided
    government lines (about 3 kk and 2.5 ru sentences per pair in all, as in the issue's set)."""
    rng = random.Random(seed)
    articles = {u: rows for u, rows in flores_articles().items() if part_of(u) == part}
    pairs, kk_only, ru_only = _hide_half(articles, rng)
    gov_docs = sorted(n for n in govdocs_pairs() if part_of(n) == part)
    kk_docs = set(gov_docs[::2])  # kk lines and ru lines from different documents: no translations
    kk_gov = _gov_lines(part, 0, max(0, 3 * len(pairs) - len(pairs) - len(kk_only)), rng, set(gov_docs) - kk_docs)
    ru_gov = _gov_lines(part, 1, max(0, int(2.5 * len(pairs)) - len(pairs) - len(ru_only)), rng, kk_docs,
                        avoid=[t for t, _ in kk_gov])
    kk_only += kk_gov
    ru_only += ru_gov
    return _assemble(f"near-topic FLORES + gov ({part})", pairs, kk_only, ru_only, seed)


def tatoeba_set(part: str, seed: int = 1) -> MiningSet:
    """Short sentences: Tatoeba rows of `part`; half are pairs, the rest appear on one side only."""
    rng = random.Random(seed)
    rows = [row for row in tatoeba() if part_of(row[0]) == part]
    rng.shuffle(rows)
    half = len(rows) // 2
    rest = rows[half:]
    return _assemble(f"Tatoeba short ({part})", [(k, r, "tatoeba") for k, r in rows[:half]],
                     [(k, "tatoeba") for k, _ in rest[::2]], [(r, "tatoeba") for _, r in rest[1::2]], seed)


def govdocs_set(part: str, seed: int = 1, per_doc: int = 120) -> MiningSet:
    """Long administrative lines: up to `per_doc` consecutive line pairs of each government
    document of `part` (noisy gold: pairs with numbers that differ or lengths far apart left
    out), repeated lines once, half of them kept as pairs and the rest one-sided."""
    rng = random.Random(seed)
    pairs, kk_only, ru_only = [], [], []
    for name, rows in sorted(govdocs_pairs().items()):
        if part_of(name) != part:
            continue
        start = rng.randint(0, max(0, len(rows) - per_doc))
        window = [row for row in dict.fromkeys(rows[start : start + per_doc]) if _plausible(*row)]
        p, k, r = _hide_half({f"gov:{name}": window}, rng)
        pairs += p
        kk_only += k
        ru_only += r
    return _assemble(f"govdocs long ({part})", pairs, kk_only, ru_only, seed)


def _plausible(kk: str, ru: str) -> bool:
    """A line pair that may be a translation by evidence the aligners weigh least: its numbers
    agree and its length ratio is not extreme. Drops most of the lines shifted by one (dated news
    items) from the noisy govdocs gold, without asking the encoder (which would flatter it)."""
    from tm.align.features import length_z, numbers

    return numbers(kk) == numbers(ru) and abs(float(length_z(np.array([len(kk)]), np.array([len(ru)]))[0])) < 2.5


def ocr_set(part: str, seed: int = 1) -> MiningSet:
    """OCR-damaged Kazakh: FLORES rows typeset and read back with the Russian tesseract model
    (every Kazakh letter lost), cleaned by tm's own clean step as `tm align` does, against the
    clean Russian rows, of the articles of `part`; half of each article's translations hidden.
    (The Russian rows read with the English model are left out: repairing them costs ~5 s a
    sentence on these machines.)"""
    from tm.clean.cleaner import clean_text

    cached = CACHE / "cleaned-kk_rus_ocr.jsonl.json"  # cleaning the 400 OCR'd rows takes a minute
    if cached.exists():
        kk_ocr = json.loads(cached.read_text(encoding="utf-8"))
    else:
        kk_ocr = {}
        with (OCR_GENERATED / "kk_rus_ocr.jsonl").open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                kk_ocr[row["clean"]] = " ".join(clean_text(row["ocr"], "kk").text.split())
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(kk_ocr, ensure_ascii=False), encoding="utf-8")
    articles = {}
    for u, rows in flores_articles().items():
        rows = [(kk_ocr[k], r) for k, r in rows if k in kk_ocr]
        if rows and part_of(u) == part:
            articles[u] = rows
    pairs, kk_only, ru_only = _hide_half(articles, random.Random(seed))
    return _assemble(f"OCR-damaged kk FLORES ({part})", pairs, kk_only, ru_only, seed)


def unrelated_set(part: str, seed: int = 7, hidden: float = 0.5) -> MiningSet:
    """Unrelated distractors (as scripts/eval_mine.py's original set): FLORES pairs of `part`
    hidden among FLORES sentences of other articles and Tatoeba sentences."""
    rng = random.Random(seed)
    rows = [(k, r, u) for u, rs in flores_articles().items() if part_of(u) == part for k, r in rs]
    ta = [row for row in tatoeba() if part_of(row[0]) == part]
    rng.shuffle(rows)
    keep = int(hidden * len(rows))
    rest = rows[keep:]
    half = len(rest) // 2
    kk_only = [(k, o) for k, _, o in rest[:half]] + [(k, "tatoeba") for k, _ in ta[: len(ta) // 2]]
    ru_only = [(r, o) for _, r, o in rest[half:]] + [(r, "tatoeba") for _, r in ta[len(ta) // 2 :]]
    return _assemble(f"unrelated distractors ({part})", rows[:keep], kk_only, ru_only, seed)


def parallel_documents(source: str, part: str, window: int = 120) -> dict[str, list[tuple[str, str]]]:
    """Translated documents of `part` as (kk, ru) sentence pairs in order: FLORES articles, or
    up to `window` consecutive line pairs from the middle of each government document (pairs
    whose numbers or lengths disagree left out, see `_plausible`)."""
    if source == "flores":
        return {u: rows for u, rows in flores_articles().items() if part_of(u) == part}
    out = {}
    for name, rows in govdocs_pairs().items():
        if part_of(name) == part:
            start = max(0, (len(rows) - window) // 2)
            out[name] = [row for row in rows[start : start + window] if _plausible(*row)]
    return out


MINING_SETS = {
    "near-topic": near_topic_set,
    "unrelated": unrelated_set,
    "tatoeba": tatoeba_set,
    "govdocs": govdocs_set,
    "ocr": ocr_set,
}
