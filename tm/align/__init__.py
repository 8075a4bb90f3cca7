"""Sentence alignment of Kazakh and Russian documents.

- `align_parallel`: a document and its translation, monotonic beads (tm.align.parallel).
- `mine`: texts on shared topics, one-to-one pairs by margin (tm.align.mining).
- `decide_mode` (or `choose_mode`, without the confidence) / `align_pair`: decide per document
  pair and run the right one (tm.align.auto).
Every bead carries a calibrated score in [0, 1] (tm.align.calibration; mined pairs: tm.align.acceptance).
"""

from __future__ import annotations

from tm.align.auto import ModeDecision, align_pair, choose_mode, decide_mode
from tm.align.beads import AlignmentResult, Bead
from tm.align.mining import mine
from tm.align.parallel import align_parallel

__all__ = [
    "AlignmentResult", "Bead", "ModeDecision", "align_pair", "align_parallel", "choose_mode", "decide_mode", "mine",
]
