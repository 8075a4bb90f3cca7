"""Export of the translation memory: the pairs that are probably right, or what was not aligned.

Pair scores are calibrated probabilities that a pair is a translation, at even prior odds
(`tm.align.calibration`), so the default cut needs no tuning: `DEFAULT_MIN_SCORE` = 0.5 keeps
the pairs the tool itself thinks are more likely right than wrong. Imported pairs keep the
score their file gave (1.0 when it gave none). `--min-score 0` exports everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Literal

from tm.formats import PairFormat, write_pairs
from tm.formats.base import Clock
from tm.store import Store

DEFAULT_MIN_SCORE = 0.5


@dataclass(frozen=True)
class ExportReport:
    """How many pairs were written, and how many scored under `min_score` and were left out."""

    written: int
    left_out: int
    min_score: float


def export_pairs(
    store: Store, fmt: PairFormat, fh: IO[Any], *, min_score: float = DEFAULT_MIN_SCORE,
    source: Literal["kk", "ru"] = "kk", lang_style: str = "short", clock: Clock | None = None,
) -> ExportReport:
    """Write the pairs scoring at least `min_score` to `fh` in `fmt`."""
    from tm.store.pairs import count_pairs, iter_pairs

    written = write_pairs(fmt, iter_pairs(store, min_score=min_score), fh, source=source,
                          lang_style=lang_style, clock=clock)
    return ExportReport(written, count_pairs(store, below=min_score), min_score)


def export_unaligned(store: Store, fmt: Literal["tsv", "jsonl"], fh: IO[Any]) -> int:
    """Write the segments of the aligned documents that are in no pair; returns how many."""
    from tm.formats import segments
    from tm.store.pairs import unaligned_segments

    return segments.write(fmt, unaligned_segments(store), fh)
