"""Quality of `tm search` with Tatoeba kk-ru (1398 pairs) as the translation memory.

1. Russian queries made from a TM sentence by changing the word order (two words swapped) or
   two words (replaced by words from FLORES, never from Tatoeba): share whose own pair is the
   first hit of `tm.search.search` (all kinds, as a translator sees it); target >= 95%.
2. Kazakh queries that differ from a TM sentence only by case endings (one or two nouns moved
   to another case, with the harmony and assimilation variant the stem needs): share whose own
   pair scores >= 90% fuzzy; target all of them.
3. Cross-lingual semantic search: each TM sentence as a query against the other language's
   segments only (a Kazakh query must find the Russian side of its own pair, and the reverse):
   share whose own pair comes first, and among the first 5, ranked as `tm search` ranks
   (cosine less hubness) and by cosine alone (baseline). Tatoeba repeats short sentences, so a
   near-duplicate pair can rightly come first.

Variants are generated with a fixed seed from rules, not taken from any test set.

    python scripts/eval_search.py [--db FILE] [--limit-queries N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
TATOEBA = DATA / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"
FLORES = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"

# Case-ending swaps that keep vowel harmony and the onset the stem selects:
# locative <-> ablative, dative -> locative, genitive -> dative.
CASE_SWAPS = [
    ("дан", "да"), ("ден", "де"), ("тан", "та"), ("тен", "те"), ("нан", "на"), ("нен", "не"),
    ("ның", "ға"), ("нің", "ге"), ("дың", "ға"), ("дің", "ге"), ("тың", "қа"), ("тің", "ке"),
    ("да", "дан"), ("де", "ден"), ("та", "тан"), ("те", "тен"),
    ("ға", "да"), ("ге", "де"), ("қа", "та"), ("ке", "те"),
    # (accusative -ды/-ді is left alone: past-tense verbs end the same way, болды, келді)
]


def read_tsv(path: Path, columns: int) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [row.split("\t")[-columns:] for row in lines if row.count("\t") >= columns - 1]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    from tm.morph.keys import tokenize

    return [t for t in tokenize(text) if t[2].isalpha()]


def swap_words(text: str, rng: random.Random) -> str | None:
    spans = word_spans(text)
    if len(spans) < 4:
        return None
    i = rng.randrange(len(spans) - 1)
    j = min(len(spans) - 1, i + rng.choice([1, 1, 2]))
    (s1, e1, w1), (s2, e2, w2) = spans[i], spans[j]
    if w1.lower() == w2.lower():
        return None
    return text[:s1] + w2 + text[e1:s2] + w1 + text[e2:]


def change_two_words(text: str, rng: random.Random, vocab: list[str]) -> str | None:
    spans = [t for t in word_spans(text) if len(t[2]) >= 3]
    if len(word_spans(text)) < 4 or len(spans) < 2:
        return None
    chosen = sorted(rng.sample(spans, 2), reverse=True)
    for start, end, word in chosen:
        new = rng.choice(vocab)
        text = text[:start] + (new.capitalize() if word[0].isupper() else new) + text[end:]
    return text


def change_case_endings(text: str, rng: random.Random, is_noun_stem) -> str | None:  # noqa: ANN001
    """Move one or two nouns (a dictionary stem + a plain case ending) to another case."""
    spans = word_spans(text)
    options = []
    for start, end, word in spans:
        for old, new in CASE_SWAPS:
            if (word.endswith(old) and len(word) - len(old) >= 3 and word[0].islower()
                    and is_noun_stem(word[: -len(old)]) and not is_noun_stem(word)):
                options.append((start, end, word[: -len(old)] + new))
                break
    if not options:
        return None
    chosen = sorted(rng.sample(options, min(2, len(options))), reverse=True)
    for start, end, new in chosen:
        text = text[:start] + new + text[end:]
    return text


def first_hits(store, query: str, encoder):  # noqa: ANN001
    """What `search(store, query, lang="ru")` ranks first, without running kinds that cannot be.

    `search` lists fuzzy hits first, then concordance, then semantic (all of them here, the
    probably unrelated too); a later kind is computed only when the earlier ones found nothing,
    which keeps the evaluation fast on a shared machine without changing its answer.
    """
    from tm.search import search

    for kind in ("fuzzy", "concordance", "semantic"):
        hits = search(store, query, limit=1, kinds=(kind,), encoder=encoder, lang="ru", unrelated=True)
        if hits:
            return hits
    return []


def cross_lingual(store, encoder, pairs, ids, order) -> None:  # noqa: ANN001
    """Part 3: the other side of the query's own pair among the other language's nearest."""
    import numpy as np

    from tm.search.semantic import semantic_index

    index = semantic_index(store, encoder)
    for side, name in ((0, "kk -> ru"), (1, "ru -> kk")):
        queries = [pairs[i][side] for i in order]
        vectors = encoder.encode(queries, kind="query")
        for hubness, how in ((True, "cosine less hubness (tm)"), (False, "cosine alone (baseline)")):
            first = top5 = 0
            for i, vector in zip(order, vectors):
                own = ids[(pairs[i][0].strip(), pairs[i][1].strip())]
                other = [pid for pid, _, _, _ in index.ranked(np.asarray(vector), 5, side=1 - side, hubness=hubness)]
                first += bool(other) and other[0] == own
                top5 += own in other
            n = max(len(order), 1)
            print(f"semantic, cross-lingual {name}, {how}: own pair first in {first}/{len(order)} = "
                  f"{100 * first / n:.1f}%, in the top 5 in {100 * top5 / n:.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="TM file to build/reuse (default: a temporary one)")
    parser.add_argument("--limit-queries", type=int, default=0, help="evaluate only the first N")
    parser.add_argument("--part", choices=("all", "ru", "kk", "xl"), default="all", help="which evaluation to run")
    args = parser.parse_args()
    if not TATOEBA.exists() or not FLORES.exists():
        print(f"skipped: Tatoeba or FLORES not found under {DATA}")
        return 0
    from tm.importer import import_file
    from tm.search import fuzzy, search
    from tm.search.semantic import semantic_index
    from tm.encoders import get_encoder
    from tm.store import Store

    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "tatoeba.db"
    pairs = read_tsv(TATOEBA, 2)
    vocab = sorted({w.lower() for _, ru in read_tsv(FLORES, 2) for _, _, w in word_spans(ru) if len(w) >= 4})
    with Store(db) as store:
        report = import_file(store, TATOEBA)
        print(f"TM: {store.count('pairs')} Tatoeba pairs ({report.imported} imported now)")
        encoder = get_encoder()
        t0 = time.perf_counter()
        semantic_index(store, encoder, progress=True)
        print(f"semantic index ready in {time.perf_counter() - t0:.1f} s")
        ids = {(kk, ru): pid for pid, kk, ru in store.db.execute("SELECT id, kk, ru FROM pairs")}
        rng = random.Random(13)
        order = list(range(len(pairs)))
        if args.limit_queries:
            order = order[: args.limit_queries]

        ru_tests = (("word order", lambda t: swap_words(t, rng)),
                    ("two words changed", lambda t: change_two_words(t, rng, vocab)))
        for name, make in ru_tests if args.part in ("all", "ru") else ():
            total = first = 0
            by_kind: dict[str, int] = {}
            misses = []
            for i in order:
                kk, ru = pairs[i]
                query = make(ru)
                if query is None or query == ru:
                    continue
                total += 1
                hits = first_hits(store, query, encoder)
                if hits and hits[0].pair_id == ids[(kk.strip(), ru.strip())]:
                    first += 1
                    by_kind[hits[0].kind] = by_kind.get(hits[0].kind, 0) + 1
                elif len(misses) < 3:
                    misses.append((query, hits[0].ru if hits else "-"))
            print(f"ru, {name}: own pair first in {first}/{total} = {100 * first / max(total, 1):.1f}% "
                  f"(first hit kinds: {by_kind})")
            for query, got in misses:
                print(f"    miss: {query!r} -> {got!r}")

        if args.part in ("all", "xl"):
            cross_lingual(store, encoder, pairs, ids, order)
        if args.part in ("ru", "xl"):
            return 0
        from tm.morph.kazakh import _default_lexicon  # the dictionary stems (hunspell kk_KZ)

        stems = _default_lexicon()
        total = ok = 0
        scores = []
        lows = []
        for i in order:
            kk, ru = pairs[i]
            query = change_case_endings(kk, rng, stems.__contains__)
            if query is None:
                continue
            total += 1
            own = ids[(kk.strip(), ru.strip())]
            hits = search(store, query, limit=5, kinds=("fuzzy",), lang="kk")
            pct = next((h.score for h in hits if h.pair_id == own), 0.0)
            scores.append(pct)
            ok += pct >= 90
            if pct < 90 and len(lows) < 3:
                lows.append((pct, fuzzy.score(query, kk, "kk").explanation))
        scores.sort()
        print(f"kk, case endings only: fuzzy >= 90% in {ok}/{total} = {100 * ok / max(total, 1):.1f}%, "
              f"median {scores[len(scores) // 2] if scores else 0:.1f}%, min {scores[0] if scores else 0:.1f}%")
        for pct, why in lows:
            print(f"    below 90: {pct}% ({why})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
