"""Prints, for each real reader (Translate Toolkit, OmegaT) and each format, how many entries it
read correctly out of N, in both directions, on the adversarial set and on FLORES-200 devtest.

    python scripts/check_interop.py [--quick]

Readers that are not installed are reported and skipped (exit 0); FLORES is skipped when
../shared/data is absent.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from formats_helpers import (  # noqa: E402
    adversarial_entries, adversarial_pairs, check_omegat, check_translate_toolkit, flores_pairs, omegat_available,
    omegat_representable,
)

from tm.store.records import GlossaryEntry  # noqa: E402


def main() -> None:
    quick = "--quick" in sys.argv
    sets = [("adversarial", adversarial_pairs(), adversarial_entries())]
    flores = flores_pairs(100 if quick else None)
    if flores:
        entries = [GlossaryEntry(kk=p.kk, ru=p.ru, score=p.score, example_kk=p.kk, example_ru=p.ru) for p in flores]
        sets.append(("flores", flores, entries))
    else:
        print("FLORES-200 not found in ../shared/data: only the adversarial set is checked")
    try:
        import translate.storage.tmx  # noqa: F401

        have_tt = True
    except ImportError:
        have_tt = False
        print("translate-toolkit not installed: skipped (pip install translate-toolkit)")
    if not omegat_available():
        print("OmegaT not installed: skipped (.ci/install-interop.sh)")
    print(f"{'reader':<34} {'format':<12} {'dir':<7} {'dataset':<12} {'read correctly':>14}")
    for name, pairs, entries in sets:
        if have_tt:
            for score in check_translate_toolkit(pairs, entries, name):
                print(score.line())
        if omegat_available():
            started = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                scores = check_omegat(pairs, entries, name, Path(tmp))
            for score in scores:
                note = ""
                if score.fmt == "tmx":
                    n = sum(omegat_representable(p, score.direction[:2]) for p in pairs)
                    errors = [f for f in score.failures if not f.startswith("expected")]
                    note = f"   ({n} representable as a plain-text segment; log errors: {len(errors)})"
                print(score.line() + note)
            print(f"  OmegaT wall time for {name}: {time.perf_counter() - started:.1f} s (2 runs)")


if __name__ == "__main__":
    main()
