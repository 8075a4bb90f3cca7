"""Sentence alignment of Kazakh and Russian documents.

- `align_parallel`: a document and its translation, monotonic beads (tm.align.parallel).
- `mine`: texts on shared topics, one-to-one pairs by margin (tm.align.mining).
- `choose_mode` / `align_pair`: decide per document pair and run the right one (tm.align.auto).
"""

from __future__ import annotations

from tm.align.beads import AlignmentResult, Bead
from tm.align.parallel import align_parallel

__all__ = ["AlignmentResult", "Bead", "align_parallel"]
