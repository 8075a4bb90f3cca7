"""Learn the Russian Latin-OCR channel from real OCR and write tm/data/ocr_ru_channel.tsv.

Training data: the DEV split of ../shared/data/ocr_generated/ru_eng_ocr.jsonl (rows 0-399;
rows 400-599 are the held-out split of scripts/eval_ocr_generated.py, FLORES rows 600+ the
project's hidden check) and any extra sets given with --extra (same JSONL format, made with
make_ocr_set.py from other text). Word pairs come from lines with as many OCR tokens as typeset
tokens; `tm.ocr.channel.estimate` aligns them by hard EM. Counts seen fewer than --min times
are dropped (the catalogue prior covers them).

Usage: python scripts/train_ocr_channel.py [--extra FILE.jsonl ...] [--min 2] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ocr_generated"
DEV_ROWS = 400
sys.path.insert(0, str(REPO))

from tm.ocr.channel import estimate  # noqa: E402
from tm.ocr.confusion import ConfusionModel  # noqa: E402
from tm.ocr.resources import RU_LETTERS  # noqa: E402

_LATIN = re.compile("[A-Za-z]")
_CYR = re.compile("[а-яё]")


def word_pairs(rows: list[dict]) -> list[tuple[str, str]]:
    """(OCR token, lower-case clean token) from lines whose token counts agree."""
    out = []
    for r in rows:
        if len(r["ocr_lines"]) != len(r["rendered_lines"]):
            continue
        for ocr, clean in zip(r["ocr_lines"], r["rendered_lines"]):
            a, b = ocr.split(), clean.split()
            if len(a) != len(b):
                continue
            for lat, cyr in zip(a, b):
                cyr = cyr.lower().replace("ё", "е")
                if _CYR.search(cyr) and not _LATIN.search(cyr):
                    out.append((lat, cyr))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", nargs="*", default=[], type=Path)
    ap.add_argument("--min", type=int, default=2)
    ap.add_argument("--out", type=Path, default=REPO / "tm" / "data" / "ocr_ru_channel.tsv")
    args = ap.parse_args()
    src = DATA / "ru_eng_ocr.jsonl"
    if not src.exists():
        print(f"{src} not found; nothing to train on")
        return 0
    rows = [json.loads(line) for line in src.open(encoding="utf-8")][:DEV_ROWS]
    for extra in args.extra:
        rows += [json.loads(line) for line in extra.open(encoding="utf-8")]
    pairs = word_pairs(rows)
    counts = estimate(pairs, ConfusionModel.prior().costs)
    keep = Counter({k: n for k, n in counts.items()
                    if n >= args.min and (k[0] == "" or k[0] in RU_LETTERS) and "\t" not in k[1]})
    with args.out.open("w", encoding="utf-8") as f:
        f.write(f"# Latin-OCR channel counts (letter, latin, count) learned by scripts/train_ocr_channel.py\n"
                f"# from {len(pairs)} word pairs of real OCR of FLORES-200 devtest (CC BY-SA 4.0) rows 0-{DEV_ROWS - 1}"
                f"{' and ' + ', '.join(p.name for p in args.extra) if args.extra else ''}.\n")
        for (ch, lat), n in sorted(keep.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
            f.write(f"{ch}\t{lat}\t{n}\n")
    top = Counter()
    for (ch, lat), n in keep.items():
        top[(ch, lat)] = n
    print(f"{len(pairs)} word pairs, {len(keep)} channel entries written to {args.out}")
    print("most frequent:", ", ".join(f"{ch or '∅'}<-{lat or '∅'} {n}" for (ch, lat), n in top.most_common(25)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
