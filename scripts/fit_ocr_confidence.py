"""Fit the confidence of Russian OCR repairs and write tm/data/ocr_ru_confidence.json.

Training data: the DEV split of ../shared/data/ocr_generated/ru_eng_ocr.jsonl (rows 0-399, in
documents of 40 sentences as scripts/eval_ocr_generated.py reads them). Every word the repair
changes gives its features (`tm.ocr.calibration.features`) and whether it is right (the word
stands where the clean sentence has it, by the same word alignment as the evaluation). A
logistic model is fitted and its reliability on the training edits printed; the held-out split
is judged by scripts/eval_ocr_generated.py.

Usage: python scripts/fit_ocr_confidence.py [--limit N] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import eval_ocr_generated as ev  # noqa: E402

from tm.clean.edits import apply_edits  # noqa: E402
from tm.ocr import calibration  # noqa: E402
from tm.ocr.ru_latin import _Repairer  # noqa: E402


def labelled_edits(rows: list[dict], doc_size: int) -> tuple[list[list[float]], list[bool]]:
    xs: list[list[float]] = []
    ys: list[bool] = []
    for s in range(0, len(rows), doc_size):
        chunk = rows[s : s + doc_size]
        doc = "\n\n".join(r["ocr"] for r in chunk)
        rep = _Repairer(doc, abstain=False)
        edits = rep.run(False).edits
        out = apply_edits(doc, edits)
        right = _right_spans(out, chunk)
        shift = 0
        for e in edits:
            a = e.start + shift
            shift += len(e.repaired) - (e.end - e.start)
            b = e.end + shift
            inside = [ok for (x, y), ok in right.items() if a <= x and y <= b]
            if e.start in rep.features and inside:
                xs.append(rep.features[e.start])
                ys.append(all(inside))
    return xs, ys


def _right_spans(out: str, chunk: list[dict]) -> dict[tuple[int, int], bool]:
    """(start, end) in `out` of every word -> whether it is the clean word at that place."""
    found: dict[tuple[int, int], bool] = {}
    base = 0
    for r, para in zip(chunk, out.split("\n\n")):
        got = ev.spans(para)
        ok = ev._aligned_indices(ev.words(r["clean"]), [w for w, _, _ in got])
        for j, (_, a, b) in enumerate(got):
            found[(base + a, base + b)] = ok.get(j, False)
        base += len(para) + 2
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--doc", type=int, default=40)
    ap.add_argument("--out", type=Path, default=calibration.TABLE)
    args = ap.parse_args()
    if not ev.DATA.exists():
        print(f"{ev.DATA} not found; nothing to fit")
        return 0
    rows = ev.load("ru", "dev", args.limit)
    xs, ys = labelled_edits(rows, args.doc)
    cal = calibration.fit(xs, ys)
    calibration.save(cal, f"logistic model fitted by scripts/fit_ocr_confidence.py on {len(xs)} word edits of "
                     f"real OCR of FLORES-200 devtest (CC BY-SA 4.0) rows 0-{len(rows) - 1}", args.out)
    print(f"{len(xs)} edits, {sum(ys) / max(len(ys), 1):.1%} right; weights:")
    print("  " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(calibration.FEATURES, cal.weights)))
    print("reliability on the training edits (bin: edits, right):")
    for lo, hi in zip(ev.BINS, ev.BINS[1:]):
        cell = [y for x, y in zip(xs, ys) if lo <= cal(x) < hi]
        if cell:
            print(f"  [{lo:.2f},{min(hi, 1.0):.2f}) {len(cell)} {sum(cell) / len(cell):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
