"""Sentence-boundary F1 of `tm.segment` (and razdel, the baseline) on FLORES-200 devtest kk/ru.

For each document, its gold sentences are joined (with one space, or hard-wrapped with line breaks
at ~70 characters to imitate text from PDFs), split again, and the predicted sentences are matched
to the gold ones as exact strings (multiset per document, counts summed over documents).
Whitespace inside a predicted sentence is collapsed to one space before matching, so a sentence
that spans a wrapped line still matches.

    python scripts/eval_segment.py [--width 70] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "flores200" / "flores200_devtest.kk-ru.tsv"

Splitter = Callable[[str, str], list[str]]


def load(path: Path) -> dict[str, dict[str, list[str]]]:
    docs: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"kk": [], "ru": []})
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc_id"]]["kk"].append(row["kk"].strip())
            docs[row["doc_id"]]["ru"].append(row["ru"].strip())
    return docs


def join(sentences: list[str], width: int | None) -> str:
    text = " ".join(sentences)
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)) if width else text


@dataclass
class Score:
    """Sentence F1 (exact strings) and boundary precision/recall, summed over documents."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    b_tp: int = 0
    b_pred: int = 0
    b_gold: int = 0

    @staticmethod
    def _f(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def f1(self) -> float:
        return self._f(self.tp, self.n_pred, self.n_gold)[2]

    @property
    def boundary(self) -> tuple[float, float, float]:
        return self._f(self.b_tp, self.b_pred, self.b_gold)


def _ends(sentences: list[str]) -> set[int]:
    """Sentence ends as counts of non-space characters, so wrapping does not move them."""
    out, pos = set(), 0
    for s in sentences[:-1]:
        pos += sum(1 for ch in s if not ch.isspace())
        out.add(pos)
    return out


def evaluate(docs: dict[str, dict[str, list[str]]], lang: str, split: Splitter, width: int | None,
             show_errors: int = 0) -> Score:
    score, shown = Score(), 0
    for doc_id, d in docs.items():
        gold = d[lang]
        pred = [" ".join(s.split()) for s in split(join(gold, width), lang)]
        hit = sum((Counter(gold) & Counter(pred)).values())
        score.tp, score.n_pred, score.n_gold = score.tp + hit, score.n_pred + len(pred), score.n_gold + len(gold)
        gb, pb = _ends(gold), _ends(pred)
        score.b_tp, score.b_pred, score.b_gold = score.b_tp + len(gb & pb), score.b_pred + len(pb), score.b_gold + len(gb)
        if hit < max(len(gold), len(pred)) and shown < show_errors:
            shown += 1
            print(f"--- {doc_id} {lang}\n  gold: {gold}\n  pred: {pred}")
    return score


def splitters() -> dict[str, Splitter]:
    from tm.segment import sentences

    out: dict[str, Splitter] = {"tm": lambda text, lang: sentences(text, lang)}  # type: ignore[arg-type]
    try:
        import razdel
    except ImportError:
        print("razdel not installed: baseline skipped (pip install razdel)")
    else:
        out["razdel"] = lambda text, lang: [s.text for s in razdel.sentenize(text)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--width", type=int, default=70, help="line width of the hard-wrapped variant")
    ap.add_argument("--errors", type=int, default=0, help="print up to N mismatching documents (tm)")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"FLORES data not found at {args.data}: skipped")
        return 0
    docs = load(args.data)
    n = sum(len(d["kk"]) for d in docs.values())
    print(f"FLORES-200 devtest: {len(docs)} documents, {n} sentences per language")
    print("sentence F1 = exact sentence strings; boundary P/R = sentence ends found (FLORES lines often")
    print("hold two sentences, so a correct split inside one costs precision and sentence F1)")
    print(f"{'splitter':<8} {'variant':<14} {'kk F1':>7} {'ru F1':>7}   {'kk bP/bR':>13} {'ru bP/bR':>13}")
    for name, split in splitters().items():
        for variant, width in (("space-joined", None), (f"wrapped@{args.width}", args.width)):
            kk, ru = (evaluate(docs, lang, split, width, args.errors if name == "tm" else 0) for lang in ("kk", "ru"))
            bk, br = kk.boundary, ru.boundary
            print(f"{name:<8} {variant:<14} {kk.f1:>7.4f} {ru.f1:>7.4f}   "
                  f"{bk[0]:>6.3f}/{bk[1]:.3f} {br[0]:>6.3f}/{br[1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
