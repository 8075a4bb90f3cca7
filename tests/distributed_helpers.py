"""Small real corpora for the engine and corpus tests, made from FLORES-200 articles in ../shared."""

from __future__ import annotations

import csv
import json
from pathlib import Path

FLORES = Path(__file__).resolve().parents[2] / "shared" / "data" / "flores200" / "flores200_devtest.kk-ru.tsv"


def flores_articles() -> dict[str, list[tuple[str, str]]]:
    """doc_id -> its (kk, ru) sentence pairs, in file order."""
    articles: dict[str, list[tuple[str, str]]] = {}
    with FLORES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            articles.setdefault(row["doc_id"], []).append((row["kk"], row["ru"]))
    return articles


def write_comparable_corpus(folder: Path, docs: int, *, first: int = 0) -> set[tuple[str, str]]:
    """kk/ and ru/ folders of FLORES articles, every third Russian sentence left out (so the
    texts are comparable, not parallel); returns the gold (kk, ru) pairs."""
    gold = set()
    for sub in ("kk", "ru"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    articles = flores_articles()
    for doc_id in list(articles)[first : first + docs]:
        pairs = articles[doc_id]
        kept = [(k, r) for i, (k, r) in enumerate(pairs) if i % 3 != 1]
        (folder / "kk" / f"{doc_id}.txt").write_text("\n".join(k for k, _ in pairs) + "\n", encoding="utf-8")
        (folder / "ru" / f"{doc_id}.txt").write_text("\n".join(r for _, r in kept) + "\n", encoding="utf-8")
        gold |= set(kept)
    return gold


def write_parallel_pairs(folder: Path, docs: int) -> None:
    """`x.kk.txt` / `x.ru.txt` translation pairs: FLORES articles of 3+ sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = [pairs for pairs in flores_articles().values() if len(pairs) >= 3][:docs]
    for n, pairs in enumerate(articles):
        (folder / f"article{n:03d}.kk.txt").write_text("\n".join(k for k, _ in pairs) + "\n", encoding="utf-8")
        (folder / f"article{n:03d}.ru.txt").write_text("\n".join(r for _, r in pairs) + "\n", encoding="utf-8")


def mined_pairs(out_dir: Path) -> list[tuple[str, str, float]]:
    """(kk, ru, score) of a corpus job's pair shards, sorted."""
    rows = []
    for path in sorted((out_dir / "pairs").glob("pairs-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            rows.append((obj["kk"], obj["ru"], obj["score"]))
    return sorted(rows)
