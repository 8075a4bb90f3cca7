"""Evaluate `tm clean` on real OCR damage of known clean text (../shared/data/ocr_generated).

Each set is cut into a DEV split (developed on; the learned channel is estimated there) and a
HELD-OUT split (never looked at while developing), contiguous by FLORES row so that an article
never straddles the two:

    ru_eng_ocr       rows 0-399 dev, 400-599 held-out   (Russian read by the English model)
    kk_seedlike      rows 0-269 dev, 270-399 held-out   (Kazakh, light OCR noise + seed-000 swaps)
    kk_rus_ocr       rows 0-269 dev, 270-399 held-out   (Kazakh read by the Russian model)

Sentences are grouped into documents of `--doc` sentences (one paragraph each, blank line
between), cleaned with `tm.clean.clean_text` as `tm clean` does, and split back. Scoring is by
words (letters, digits, inner hyphens; case-insensitive, ё = е): the clean words are aligned
(difflib, longest matching blocks) once to the OCR words and once to the cleaned words. A clean
word matched in the first alignment was left INTACT by the OCR, the others were DAMAGED.

    restored = damaged words matched in the cleaned text / damaged words
    changed  = intact words NOT matched in the cleaned text / intact words

Also printed: the reliability table of the repair's confidences (per word edit, right = the
edited word is a clean word at that place), the share of damaged words kept as they were
(abstained), the most frequent remaining error types, and time.

Components can be switched off to measure what each adds (`--ablate`, comma-separated):
`channel` (the hand catalogue instead of the learned channel), `lm` (no word-frequency prior),
`agreement` (the cheapest reading of every word, no agreement within phrases), `abstain` (every
guess written, none kept). The repair cache is bypassed so that every run decodes.

Usage: python scripts/eval_ocr_generated.py [--split dev|held|both] [--sets ru,kk,kkrus]
       [--limit N] [--doc N] [--errors N] [--ablate channel,lm,agreement,abstain]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ocr_generated"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

SETS = {
    "ru": ("ru_eng_ocr.jsonl", "ru", 400),
    "kk": ("kk_seedlike_kaz_ocr_swaps.jsonl", "kk", 270),
    "kkrus": ("kk_rus_ocr.jsonl", "kk", 270),
}
_WORD = re.compile(r"[^\W_]+(?:-\n?[^\W_]+)*")
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)


def norm(w: str) -> str:
    return w.lower().replace("ё", "е")


def spans(text: str) -> list[tuple[str, int, int]]:
    """Words of `text` with their spans; a word hyphenated at a line end is joined."""
    return [(norm(m.group().replace("-\n", "")), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    return [w for w, _, _ in spans(text)]


def matched(a: list[str], b: list[str]) -> set[int]:
    """Indices of `a` matched to equal words of `b`."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {blk.a + k for blk in sm.get_matching_blocks() for k in range(blk.size)}


def load(name: str, split: str, limit: int) -> list[dict]:
    file, _lang, cut = SETS[name]
    rows = [json.loads(line) for line in (DATA / file).open(encoding="utf-8")]
    rows = rows[:cut] if split == "dev" else rows[cut:]
    return rows[:limit] if limit else rows


def error_type(got: str, gold: str) -> str:
    """The kind of a remaining error, as scripts/eval_ocr_ru.py names them (`dropped` added)."""
    from eval_ocr_ru import error_type as kind

    return kind(got, gold) if got else "dropped"


def evaluate(name: str, split: str, limit: int, doc_size: int, report: dict) -> None:
    from tm.clean import clean_text

    rows = load(name, split, limit)
    lang = SETS[name][1]
    damaged = restored = intact = changed = 0
    abstained = 0
    errors: list[tuple[str, str, str, str]] = []
    reliability: Counter[tuple[int, bool]] = Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for s in range(0, len(rows), doc_size):
        chunk = rows[s : s + doc_size]
        doc = "\n\n".join(r["ocr"] for r in chunk)
        cleaned = clean_text(doc, lang)
        outs = cleaned.text.split("\n\n")
        if len(outs) != len(chunk):
            raise SystemExit(f"{name}: paragraph count changed in document {s // doc_size}")
        confs = _edit_confidences(cleaned)
        base = 0
        for r, out in zip(chunk, outs):
            gold, ocr = words(r["clean"]), words(r["ocr"])
            got_spans = spans(out)
            got = [w for w, _, _ in got_spans]
            kept = matched(gold, ocr)
            fixed = matched(gold, got)
            ocr_set = set(ocr)
            edited = {j: c for j, (_, a, b) in enumerate(got_spans)
                      if (c := _confidence_at(confs, base + a, base + b)) is not None}
            base += len(out) + 2
            right_at = _aligned_indices(gold, got)
            for j, c in edited.items():
                reliability[(_bin(c), right_at.get(j, False))] += 1
            for i, w in enumerate(gold):
                if i in kept:
                    intact += 1
                    changed += i not in fixed
                else:
                    damaged += 1
                    if i in fixed:
                        restored += 1
                    else:
                        guess = _aligned(gold, got, i)
                        abstained += guess in ocr_set or bool(re.search("[A-Za-z]", guess) and lang == "ru")
                        errors.append((error_type(guess, w), w, guess, r["id"]))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    report[(name, split)] = dict(damaged=damaged, restored=restored, intact=intact, changed=changed,
                                 abstained=abstained, errors=errors, reliability=reliability,
                                 wall=wall, cpu=cpu, rows=len(rows))


def _aligned(gold: list[str], got: list[str], i: int) -> str:
    """The cleaned word standing where gold word `i` stands (by the difflib alignment)."""
    sm = difflib.SequenceMatcher(None, gold, got, autojunk=False)
    for tag, a0, a1, b0, b1 in sm.get_opcodes():
        if a0 <= i < a1:
            if tag == "equal":
                return got[b0 + i - a0]
            return " ".join(got[b0:b1][i - a0 : i - a0 + 1]) if b1 > b0 else ""
    return ""


def _edit_confidences(cleaned) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of every edit in the CLEANED text's offsets."""
    out, shift = [], 0
    for e in sorted(cleaned.edits, key=lambda e: e.start):
        start = e.start + shift
        shift += len(e.repaired) - (e.end - e.start)
        out.append((start, e.end + shift, e.confidence))
    return out


def _confidence_at(confs: list[tuple[int, int, float]], a: int, b: int) -> float | None:
    """The lowest confidence of the edits overlapping [a, b) of the cleaned text, if any."""
    found = [c for s, e, c in confs if s < b and a < e]
    return min(found) if found else None


def _aligned_indices(gold: list[str], got: list[str]) -> dict[int, bool]:
    """For each cleaned word index: whether it equals the gold word aligned with it."""
    sm = difflib.SequenceMatcher(None, got, gold, autojunk=False)
    return {blk.a + k: True for blk in sm.get_matching_blocks() for k in range(blk.size)}


def _bin(conf: float) -> int:
    return next(k for k in range(len(BINS) - 1) if conf < BINS[k + 1])


def print_report(report: dict, n_errors: int) -> None:
    print(f"{'set':8s} {'split':5s} {'rows':>5s} {'damaged':>8s} {'restored':>9s} {'intact':>7s}"
          f" {'changed':>8s} {'kept':>6s} {'CPU s':>6s}")
    for (name, split), r in report.items():
        d, i = max(r["damaged"], 1), max(r["intact"], 1)
        print(f"{name:8s} {split:5s} {r['rows']:5d} {r['damaged']:8d} {r['restored'] / d:9.1%}"
              f" {r['intact']:7d} {r['changed'] / i:8.2%} {r['abstained'] / d:6.1%} {r['cpu']:6.1f}")
    for (name, split), r in report.items():
        rel = r["reliability"]
        if not rel:
            continue
        print(f"reliability of word edits, {name} {split} (confidence bin: edits, right):")
        cells = []
        for k in range(len(BINS) - 1):
            n_right, n_wrong = rel[(k, True)], rel[(k, False)]
            if n_right + n_wrong:
                cells.append(f"[{BINS[k]:.2f},{min(BINS[k + 1], 1.0):.2f}) {n_right + n_wrong} "
                             f"{n_right / (n_right + n_wrong):.1%}")
        hi = [(rel[(k, True)], rel[(k, False)]) for k in range(len(BINS) - 1) if BINS[k] >= 0.9]
        ok, bad = sum(h[0] for h in hi), sum(h[1] for h in hi)
        print("  " + "; ".join(cells) + f"; >=0.9: {ok + bad} edits, {ok / max(ok + bad, 1):.1%} right")
    for (name, split), r in report.items():
        if not r["errors"]:
            continue
        print(f"most frequent remaining error types, {name} {split}:")
        kinds = Counter(e[0] for e in r["errors"])
        for kind, count in kinds.most_common(10):
            shown = [e for e in r["errors"] if e[0] == kind][:n_errors]
            ex = "; ".join(f"{g or '∅'} (gold {w})" for _, w, g, _ in shown)
            print(f"  {count:5d}  {kind}: {ex}")


def ablate(parts: list[str]) -> None:
    """Switch components of the Russian repair off (see the module docstring)."""
    from tm.ocr import agreement, calibration, decoder, ru_latin
    from tm.ocr.confusion import ConfusionModel

    ru_latin.cached_repair = lambda _name, _text, run: run()
    for part in parts:
        if part == "channel":
            ConfusionModel.learned = ConfusionModel.prior  # type: ignore[method-assign]
        elif part == "lm":
            decoder.LM_WEIGHT = 0.0
        elif part == "agreement":
            agreement.choose = lambda options, breaks=None: [0] * len(options)
        elif part == "abstain":
            calibration.ABSTAIN = 0.0
        elif part:
            raise SystemExit(f"unknown component {part!r}: use channel, lm, agreement or abstain")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "held", "both"))
    ap.add_argument("--sets", default="ru,kk,kkrus")
    ap.add_argument("--limit", type=int, default=0, help="rows per set and split (0 = all)")
    ap.add_argument("--doc", type=int, default=40, help="sentences per document")
    ap.add_argument("--errors", type=int, default=3, help="examples listed per error type")
    ap.add_argument("--ablate", default="", help="components to switch off")
    args = ap.parse_args()
    ablate(args.ablate.split(","))
    if not DATA.exists():
        print(f"{DATA} not found; nothing to evaluate")
        return 0
    report: dict = {}
    splits = ("dev", "held") if args.split == "both" else (args.split,)
    for name in args.sets.split(","):
        for split in splits:
            evaluate(name, split, args.limit, args.doc, report)
    print_report(report, args.errors)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
