"""Fit the general-language frequency estimate that termhood uses for Kazakh words.

wordfreq has Russian but no Kazakh. The bundled encoder's SentencePiece unigram model was
trained on CC-100 text in 100 languages, Kazakh among them, so the log-probability of a word's
best segmentation is a frequency estimate for any word. Its scale is fitted on Russian
(Zipf = a + b * log-probability + c * length, least squares against wordfreq on the lemmas of
Tatoeba's everyday Russian), and a Kazakh offset makes the median estimate of Tatoeba's Kazakh
content words equal the median Zipf of its Russian ones (the two sides say the same things).
FLORES is not used: the glossary's dev splits come from it.

Prints the constants for tm/glossary/termhood.py (KK_ZIPF), and the fit's correlation.
Usage: python scripts/fit_general_kk.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tatoeba" / "tatoeba_test_v2021-08-07.kk-ru.tsv"


def main() -> int:
    if not DATA.exists():
        print(f"skip: {DATA} not found")
        return 0
    from wordfreq import zipf_frequency

    from tm.glossary.termhood import piece_log_prob
    from tm.morph.kazakh import stem
    from tm.morph.keys import tokenize
    from tm.morph.russian import lemma, parses

    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()[1:]]
    ru_words = sorted({lemma(w.lower()) for r in rows for _, _, w in tokenize(r[1])
                       if w.isalpha() and parses(w.lower())[0].tag.POS in {"NOUN", "ADJF", "VERB", "INFN"}})
    kk_words = sorted({stem(w.lower()) for r in rows for _, _, w in tokenize(r[0]) if w.isalpha() and len(w) >= 4})
    lp = np.array([piece_log_prob(w) for w in ru_words])
    length = np.array([len(w) for w in ru_words], dtype=float)
    zipf = np.array([zipf_frequency(w, "ru") for w in ru_words])
    design = np.c_[np.ones_like(lp), lp, length]
    coef, *_ = np.linalg.lstsq(design, zipf, rcond=None)
    fitted = design @ coef
    kk_est = np.array([coef[0] + coef[1] * piece_log_prob(w) + coef[2] * len(w) for w in kk_words])
    offset = float(np.median(zipf) - np.median(kk_est))
    print(f"Russian: {len(ru_words)} lemmas, correlation with wordfreq {np.corrcoef(fitted, zipf)[0, 1]:.3f}")
    print(f"Kazakh: {len(kk_words)} stems, median estimate {np.median(kk_est):.2f} -> offset {offset:+.3f}")
    print(f"KK_ZIPF = ({coef[0] + offset:.4f}, {coef[1]:.4f}, {coef[2]:.4f})  # a, b, c")
    return 0


if __name__ == "__main__":
    sys.exit(main())
