"""Evaluate `tm.clean.clean_text` on the OCR gold, controls, clean texts, speed and idempotence.

    python scripts/eval_clean.py [--skip-ru]

Data: <repo>/../shared/data (ocr/, flores200/, tatoeba/) and ../shared/seeds. Figures printed:
Kazakh dev gold (share of damaged types repaired in every occurrence of seed 000), ctrl_kk (clean
types changed), Russian dev gold and ctrl_ru through clean_text on seed 004, share of tokens
changed on clean texts (002, FLORES kk/ru, Tatoeba kk/ru), idempotence, time and peak RSS.
"""

from __future__ import annotations

import argparse
import bisect
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SEEDS = REPO.parent / "shared" / "seeds"
sys.path.insert(0, str(REPO))

from tm.clean import clean_text  # noqa: E402
from tm.document import Cleaned  # noqa: E402

_TOKEN = re.compile(r"(?:[^\W\d_]|[∖ɪ])+(?:-(?:[^\W\d_]|[∖ɪ])+)*")


def to_clean(cleaned: Cleaned, pos: int, *, end: bool = False) -> int:
    """Map an original offset into the cleaned text; an edit covering it is taken whole."""
    shift = 0
    for e in cleaned.edits:
        covers = e.start < pos <= e.end if end else e.start <= pos < e.end
        if covers:
            return e.start + shift + (len(e.repaired) if end else 0)
        if e.end < pos or (e.end == pos and e.start < e.end):
            shift += len(e.repaired) - (e.end - e.start)
            continue
        break
    return pos + shift


def cleaned_token(cleaned: Cleaned, start: int, end: int) -> str:
    """The cleaned form of the original token at [start, end): the longest word in its image."""
    a, b = to_clean(cleaned, start), to_clean(cleaned, end, end=True)
    return cleaned.text[a:b].strip(" .,;:!?«»()[]\"\n")


def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<![\w∖ɪ-]){re.escape(word)}(?![\w∖ɪ])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def read_pairs(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] != "line":
            rows.append((parts[0], parts[1]))
    return rows


def eval_kk_gold(cleaned: Cleaned) -> None:
    gold = read_pairs(DATA / "ocr" / "dev_gold_kk.tsv")
    ok, misses = 0, []
    for damaged, correct in gold:
        occ = occurrences(cleaned.original, damaged)
        got = [cleaned_token(cleaned, s, e) for s, e in occ]
        if occ and all(g == correct for g in got):
            ok += 1
        else:
            misses.append((damaged, correct, Counter(got).most_common(2)))
    print(f"kk dev gold: {ok}/{len(gold)} damaged types repaired in every occurrence "
          f"= {ok / len(gold):.1%} (target >= 95%)")
    for m in misses:
        print(f"    miss: {m[0]} -> want {m[1]}, got {m[2]}")
    ctrl = [c for c, _ in read_pairs(DATA / "ocr" / "ctrl_kk.tsv")]
    changed = []
    for word in ctrl:
        occ = occurrences(cleaned.original, word)
        if any(cleaned_token(cleaned, s, e) != word for s, e in occ):
            changed.append(word)
    print(f"ctrl_kk: {len(changed)}/{len(ctrl)} clean types changed = "
          f"{len(changed) / max(1, len(ctrl)):.2%} (target <= 0.3%) {changed[:10]}")


def eval_ru(cleaned: Cleaned) -> None:
    """Russian gold and controls scored by position, exactly as scripts/eval_ocr_ru.py does,
    but on the edits of the whole cleaning layer (every layer's change counts for ctrl_ru)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import eval_ocr_ru

    errors: list = []
    eval_ocr_ru.eval_gold(cleaned.original, cleaned.edits, errors)
    eval_ocr_ru.eval_ctrl(cleaned.original, cleaned.edits)


_CODEPOINT_KINDS = ("homoglyph", "mixed-script", "invisible", "nfc")


def changed_share(texts: list[str], lang: str) -> tuple[int, int, int, list[str]]:
    """Word tokens touched by any edit, and by an edit other than a code-point repair
    (Latin `i` for `і`, `c` for `с`: real damage in Tatoeba, fixed on purpose)."""
    touched = letters = total = 0
    examples: list[str] = []
    for text in texts:
        cleaned = clean_text(text, lang)  # type: ignore[arg-type]
        starts = [e.start for e in cleaned.edits]
        for m in _TOKEN.finditer(text):
            total += 1
            i = bisect.bisect_left(starts, m.end())
            hits = [cleaned.edits[j] for j in range(max(0, i - 3), i)
                    if cleaned.edits[j].end > m.start()]
            if hits:
                touched += 1
                if not all(k in _CODEPOINT_KINDS for e in hits for k in e.kind.split("+")):
                    letters += 1
                    if len(examples) < 8:
                        examples.append(f"{m.group()}->{hits[0].repaired}")
    return touched, letters, total, examples


def column(path: Path, lang: str) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    idx = header.index(lang) if lang in header else (0 if lang == "kk" else 1)
    start = 1 if lang in header else 0
    return [line.split("\t")[idx] for line in lines[start:] if line.count("\t") >= idx]


def flores_docs(lang: str) -> list[str]:
    path = DATA / "flores200" / "flores200_devtest.kk-ru.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    docs: dict[str, list[str]] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        docs.setdefault(row.get("doc_id", ""), []).append(row[lang])
    return ["\n".join(v) for v in docs.values()]


def eval_safety() -> None:
    texts = {"002 kk": ([s.read_text(encoding="utf-8") for s in SEEDS.glob("002_*.txt")], "kk")}
    if (DATA / "flores200").is_dir():
        texts["FLORES kk"] = (flores_docs("kk"), "kk")
        texts["FLORES ru"] = (flores_docs("ru"), "ru")
    tatoeba = DATA / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"
    if tatoeba.is_file():
        rows = [line.split("\t") for line in tatoeba.read_text(encoding="utf-8").splitlines()]
        kk_col, ru_col = rows[0].index("kk"), rows[0].index("ru")
        rows = rows[1:]
        texts["Tatoeba kk"] = (["\n".join(r[kk_col] for r in rows if len(r) > kk_col)], "kk")
        texts["Tatoeba ru"] = (["\n".join(r[ru_col] for r in rows if len(r) > ru_col)], "ru")
    for name, (docs, lang) in texts.items():
        touched, letters, total, ex = changed_share(docs, lang)
        print(f"safety {name}: {touched}/{total} tokens changed = {touched / total:.3%}; "
              f"without code-point repairs {letters}/{total} = {letters / total:.3%} "
              f"(target <= 0.1%) e.g. {ex[:5]}")


def eval_idempotence(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        once = clean_text(text).text
        twice = clean_text(once)
        print(f"idempotence {name}: second pass made {len(twice.edits)} edits "
              f"{[(e.original, e.repaired) for e in twice.edits[:5]]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-ru", action="store_true", help="skip seed 004 (slow)")
    args = parser.parse_args()
    if not DATA.is_dir() or not SEEDS.is_dir():
        print(f"shared data not found at {DATA}; nothing to evaluate")
        return 0
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    t0 = time.perf_counter()
    kk = clean_text(seeds["000"])
    t_kk = time.perf_counter() - t0
    print(f"seed 000: {len(kk.edits)} edits in {t_kk:.2f} s (target <= 10 s); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    eval_kk_gold(kk)
    if not args.skip_ru:
        t0 = time.perf_counter()
        ru = clean_text(seeds["004"], "auto", progress=False)
        t_ru = time.perf_counter() - t0
        print(f"seed 004: {len(ru.edits)} edits in {t_ru:.2f} s (target <= 60 s); "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        eval_ru(ru)
    eval_safety()
    eval_idempotence({k: v for k, v in seeds.items() if k != "004" or not args.skip_ru})
    print(f"peak RSS overall {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
