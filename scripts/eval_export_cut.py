"""What `tm export` writes at its default `--min-score` (0.5) on documents like users' own.

The government documents in ../shared/data/govdocs (native Kazakh/Russian web pages, line i of
one published as the translation of line i of the other, about one line in seven wrongly) are
aligned by `tm align --one-per-line --mode parallel`, as a user would, into a temporary TM. A
pair agrees with the publishers when it joins line i to line i (strict) or its kk and ru lines
overlap (lax). For several cuts the script prints the pairs exported and the share that agrees,
and how many agreeing pairs the cut leaves out. The default cut was not fitted here (it is the
even-odds point of the calibrated score, tm.align.calibration, fitted on FLORES and Tatoeba):
both halves of the documents (split by a hash of the name) are held out; they are printed side
by side to show the spread. Documents whose line counts differ are skipped (their tails do not
correspond), and so are the largest, to keep the run a few minutes on 2 cores.

    python scripts/eval_export_cut.py [--max-lines 400]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOVDOCS = REPO.parent / "shared" / "data" / "govdocs"
CUTS = (0.0, 0.3, 0.5, 0.7, 0.9)


def documents(max_lines: int) -> dict[str, list[tuple[Path, Path]]]:
    """kk/ru document pairs of equal line count, by half ("A"/"B")."""
    halves: dict[str, list[tuple[Path, Path]]] = {"A": [], "B": []}
    for kk in sorted(GOVDOCS.glob("*.kk.txt")):
        ru = kk.with_name(kk.name.replace(".kk.", ".ru."))
        n_kk, n_ru = (len(p.read_text(encoding="utf-8").splitlines()) for p in (kk, ru))
        if n_kk != n_ru or n_kk > max_lines:
            continue
        half = "A" if hashlib.sha1(kk.name.encode()).digest()[0] % 2 == 0 else "B"
        halves[half].append((kk, ru))
    return halves


def evaluate(pairs: list[tuple[Path, Path]], folder: Path) -> list[tuple[float, int, float, float, int]]:
    """(cut, pairs exported, strict agreement, lax agreement, agreeing pairs left out) per cut."""
    from tm.pipeline import align_paths
    from tm.store import Store
    from tm.store.pairs import iter_pairs

    with Store(folder / "tm.db") as store:
        align_paths(store, kk=[k for k, _ in pairs], ru=[r for _, r in pairs], mode="parallel",
                    one_per_line=True)
        found = [(p.score, p.kk_lines == p.ru_lines and len(p.kk_lines) == 1, bool(set(p.kk_lines) & set(p.ru_lines)))
                 for p in iter_pairs(store) if p.kk_doc.replace(".kk.", ".") == p.ru_doc.replace(".ru.", ".")]
    rows = []
    for cut in CUTS:
        kept = [f for f in found if f[0] >= cut]
        strict = sum(f[1] for f in kept) / max(len(kept), 1)
        lax = sum(f[2] for f in kept) / max(len(kept), 1)
        lost = sum(1 for f in found if f[0] < cut and f[1])
        rows.append((cut, len(kept), strict, lax, lost))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-lines", type=int, default=400)
    args = parser.parse_args()
    if not GOVDOCS.is_dir():
        print(f"skipped: data not found: {GOVDOCS}")
        sys.exit(0)
    halves = documents(args.max_lines)
    results = {}
    for half, pairs in halves.items():
        with tempfile.TemporaryDirectory() as tmp:
            results[half] = evaluate(pairs, Path(tmp))
        names = ", ".join(k.name.split(".")[0] for k, _ in pairs)
        print(f"half {half}: {len(pairs)} document pairs ({names})")
    print(f"\n{'cut':>5} | {'half A: pairs  strict  lax  agreeing left out':>44} | "
          f"{'half B: pairs  strict  lax  agreeing left out':>44}")
    for a, b in zip(results["A"], results["B"]):
        cells = [f"{r[1]:13d} {r[2]:7.3f} {r[3]:5.3f} {r[4]:18d}" for r in (a, b)]
        default = "  <- default" if a[0] == 0.5 else ""
        print(f"{a[0]:5.1f} | {cells[0]:>44} | {cells[1]:>44}{default}")


if __name__ == "__main__":
    main()
