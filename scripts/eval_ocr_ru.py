"""Evaluate the repair of Latin-OCR'd Russian (tm.ocr.ru_latin) and print the figures.

(a) dev gold (../shared/data/ocr/dev_gold_ru.tsv, damaged<TAB>correct): the whole seed 004 is
    repaired once; every occurrence of a gold damaged token as a piece of the seed is located
    (tm.ocr.detect.pieces, so punctuation around it is stripped as the repairer does) and the
    repaired word at that place is read back from the edits (an edit that joins it with a
    neighbour yields the joined word). Exact = case-insensitive, ё = е. A gold row scores the share
    of its occurrences repaired right (rows weigh 1 each); "first" scores only the first occurrence.
    Right lemma = the repaired word and the gold word share a pymorphy3 normal form.
(b) controls (ctrl_ru.tsv: 1-based line, token index, token): the token is found as a whole word
    on its line (the k-th occurrence for the k-th control row of that token on that line; a URL
    wrapped onto the next line is matched across the line break); it is unchanged when no edit
    overlaps it.
(c) generalisation: FLORES devtest ru sentences corrupted by tm.ocr.synthetic (fixed seed), word
    accuracy of the repaired text against the clean words (same comparison as (a)).
(d) time and peak RSS for seed 004.  (e) the most frequent remaining error types.

Usage: python scripts/eval_ocr_ru.py [--flores N] [--seed S] [--errors N [--kind TEXT]]
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEEDS = DATA.parent / "seeds"


def norm(w: str) -> str:
    return w.lower().replace("ё", "е").strip()


def apply(text: str, edits) -> str:
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos : e.start])
        out.append(e.repaired)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def repaired_at(start: int, end: int, text: str, edits) -> str:
    for e in edits:
        if e.start < end and start < e.end:
            word = e.repaired.strip()
            return re.sub(r"[^\w\- ]+$", "", word)
    return text[start:end]


def error_type(got: str, gold: str) -> str:
    from tm.ocr.agreement import lemmas

    g, r = norm(gold), norm(got)
    if re.search("[A-Za-z]", got):
        return "left in Latin"
    if " " in r:
        return "split into words"
    if lemmas(r) & lemmas(g):
        return "wrong ending (same lemma)"
    k = 0
    while k < min(len(g), len(r)) and g[k] == r[k]:
        k += 1
    if k >= 3 and len(g) - k <= 3:
        return "wrong ending (other lemma)"
    if len(r) < len(g) - 2:
        return "letters dropped"
    if len(r) > len(g) + 2:
        return "letters added"
    if len(g) == len(r):
        a, b = next((x, y) for x, y in zip(g, r) if x != y)
        return f"letter {a} read as {b}"
    if g[:1] != r[:1]:
        return "wrong first letter"
    return "wrong word (other)"


def eval_gold(text: str, edits, errors: list) -> None:
    from tm.ocr.agreement import lemmas
    from tm.ocr.detect import pieces

    gold = [tuple(r) for r in csv.reader((DATA / "ocr" / "dev_gold_ru.tsv").open(encoding="utf-8"), delimiter="\t")]
    where = defaultdict(list)
    for p in pieces(text):
        where[p.text].append(p)
    exact = first = lemma = 0.0
    missing = 0
    for damaged, correct in gold:
        spans = [(p.start, p.end) for p in where.get(damaged, [])]
        if not spans:  # hyphenated across a line break or split by a space in the seed
            gap = r"(?:-?\n\s*| )?"
            pattern = gap.join(re.escape(ch) for ch in damaged)
            spans = [m.span() for m in re.finditer(r"(?<![A-Za-z0-9])" + pattern + r"(?![A-Za-z0-9])", text)]
        if not spans:
            missing += 1
        got = [repaired_at(s, e, text, edits) for s, e in spans] or [damaged]
        ok = [norm(g) == norm(correct) for g in got]
        exact += sum(ok) / len(ok)
        first += ok[0]
        lemma += sum(bool(lemmas(norm(g)) & lemmas(norm(correct))) or o for g, o in zip(got, ok)) / len(ok)
        for g, o in zip(got, ok):
            if not o:
                errors.append((error_type(g, correct), damaged, g, correct))
    n = len(gold)
    print(f"(a) dev_gold_ru: {n} rows ({missing} not found in the seed)")
    print(f"    exact {exact / n:.1%} (first occurrence {first / n:.1%}), right lemma {lemma / n:.1%}")


def eval_ctrl(text: str, edits) -> None:
    rows = list(csv.reader((DATA / "ocr" / "ctrl_ru.tsv").open(encoding="utf-8"), delimiter="\t"))[1:]
    lines = text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    seen: Counter = Counter()
    unchanged, notfound, changed = 0, 0, []
    for line, _idx, tok in sorted(rows, key=lambda r: (int(r[0]), int(r[1]))):
        li = int(line) - 1
        k = seen[(li, tok)]
        seen[(li, tok)] += 1
        hits = [m.span() for m in re.finditer(r"(?<![\w])" + re.escape(tok) + r"(?![\w])", lines[li])]
        if hits:
            s, e = hits[min(k, len(hits) - 1)]
            s, e = starts[li] + s, starts[li] + e
        else:  # a URL wrapped onto the next line
            m = re.compile("\n?".join(re.escape(ch) for ch in tok)).search(text, starts[li])
            if m is None or m.start() >= starts[li + 1]:
                notfound += 1
                continue
            s, e = m.span()
        if any(x.start < e and s < x.end for x in edits):
            changed.append(f"{tok}@{line}")
        else:
            unchanged += 1
    total = len(rows) - notfound
    print(f"(b) ctrl_ru: {unchanged}/{total} unchanged = {unchanged / max(total, 1):.1%}"
          f" ({notfound} not located){'; changed: ' + ', '.join(changed[:20]) if changed else ''}")


def eval_flores(n: int, seed: int, errors: list) -> None:
    from tm.ocr.ru_latin import repair_latin_russian
    from tm.ocr.synthetic import corrupt_text

    path = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
    if not path.exists():
        print("(c) FLORES: skipped (data absent)")
        return
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    header = rows[0]
    col = header.index("ru") if "ru" in header else 1
    sentences = [r[col] for r in rows[1 : n + 1]]
    damaged, words = corrupt_text(sentences, seed=seed)
    t0 = time.perf_counter()
    edits = repair_latin_russian(damaged, cache=False)
    dt = time.perf_counter() - t0
    ok = 0
    for start, end, clean in words:
        got = repaired_at(start, end, damaged, edits)
        if norm(got) == norm(clean):
            ok += 1
        else:
            errors.append((error_type(got, clean), damaged[start:end], got, clean))
    print(f"(c) FLORES ru, {len(sentences)} sentences corrupted (seed {seed}): word accuracy "
          f"{ok}/{len(words)} = {ok / len(words):.1%} ({dt:.1f} s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flores", type=int, default=200, help="FLORES sentences to corrupt (0 = skip)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--errors", type=int, default=3, help="examples listed per error type")
    ap.add_argument("--kind", default="", help="list examples only of error types containing this text")
    args = ap.parse_args()
    seeds = sorted(SEEDS.glob("004_*.txt"))
    if not seeds or not (DATA / "ocr" / "dev_gold_ru.tsv").exists():
        print(f"shared data not found under {DATA}; nothing to evaluate")
        return 0
    from tm.ocr.ru_latin import repair_latin_russian

    text = seeds[0].read_text(encoding="utf-8")
    t0, c0 = time.perf_counter(), time.process_time()
    edits = repair_latin_russian(text, cache=False)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    errors: list = []
    eval_gold(text, edits, errors)
    eval_ctrl(text, edits)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(d) seed 004: {len(edits)} edits in {wall:.1f} s wall, {cpu:.1f} s CPU; peak RSS {rss:.0f} MiB"
          f" (includes first use of lexicon and n-gram cache)")
    gold_errors = list(errors)
    if args.flores:
        eval_flores(args.flores, args.seed, errors)
    for name, errs in (("dev gold", gold_errors), ("FLORES", errors[len(gold_errors):])):
        print(f"(e) most frequent remaining error types, {name}:")
        kinds = Counter(e[0] for e in errs)
        for kind, count in kinds.most_common(10):
            shown = [e for e in errs if e[0] == kind][: args.errors if args.kind in kind else 0]
            sep = "\n          " if len(shown) > 3 else ""
            ex = ("; " + sep).join(f"{d} -> {g} (gold {c})" for _, d, g, c in shown)
            print(f"    {count:4d}  {kind}: {sep}{ex}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
