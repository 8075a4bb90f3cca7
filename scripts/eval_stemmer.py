"""Kazakh stemmer accuracy on the apertium-kaz gold lemmas (nouns, adjectives, proper nouns).

Usage: python scripts/eval_stemmer.py [--errors N]
The apertium data is GPL-3: it is read here for evaluation only, never bundled.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "kazakh_morph"
CONLLU = DATA / "apertium-kaz_puupankki.kaz.conllu"
POS = {"NOUN", "ADJ", "PROPN"}


def read_gold(path: Path) -> list[tuple[str, str, str]]:
    """(form, lemma, upos) of every noun/adjective/proper-noun token with a lemma."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] in POS and cols[2] != "_":
            out.append((cols[1], cols[2], cols[3]))
    return out


def read_all_forms(path: Path) -> list[tuple[str, str, str]]:
    """Every token's form (lemma and tag blanked): the unannotated text."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            out.append((cols[1], "", ""))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--no-learn", action="store_true",
                        help="do not learn stems from the corpus's own word forms first")
    args = parser.parse_args()
    if not CONLLU.exists():
        print(f"skip: {CONLLU} not found")
        return 0
    from tm.morph.kazakh import KazakhStemmer

    gold = read_gold(CONLLU)
    started = time.perf_counter()
    stemmer = KazakhStemmer()
    if not args.no_learn:  # as the glossary does: learn from the text processed (forms only)
        stemmer.learn(form for form, _, _ in read_all_forms(CONLLU))
    load = time.perf_counter() - started
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    unchanged = 0
    errors: Counter[tuple[str, str, str]] = Counter()
    started = time.perf_counter()
    for form, lem, pos in gold:
        got = stemmer.stem(form).lower()
        ok = got == lem.lower()
        total[pos] += 1
        right[pos] += ok
        unchanged += form.lower() == lem.lower()
        if not ok:
            errors[(form, lem, got)] += 1
    elapsed = time.perf_counter() - started
    n = sum(total.values())
    print(f"tokens: {n} (lexicon {len(stemmer.known)} stems, {len(stemmer.learned)} learned, "
          f"loaded in {load:.1f} s)")
    print(f"accuracy overall: {sum(right.values()) / n:.3f}")
    for pos in sorted(total):
        print(f"accuracy {pos}: {right[pos] / total[pos]:.3f} ({total[pos]} tokens)")
    print(f"baseline (form unchanged): {unchanged / n:.3f}")
    print(f"speed: {n / elapsed:.0f} tokens/s")
    for (form, lem, got), c in errors.most_common(args.errors):
        print(f"  {c:3d}  {form} -> {got}  (gold {lem})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
