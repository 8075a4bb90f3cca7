"""What the aligners return: beads (aligned groups of sentences) and a document-pair result."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bead:
    """Sentences kk[i] for i in `kk` translate ru[j] for j in `ru` (one side may be empty).

    Attributes:
        score: calibrated probability in [0, 1] that the bead is right; comparable across runs
            and modes (tm.align.calibration, tm.align.acceptance). 0 for a sentence left unaligned.
        raw: the aligner's own score (parallel: margin of the bead; comparable: ratio margin with
            lexical and length evidence).
    """

    kk: tuple[int, ...]
    ru: tuple[int, ...]
    score: float
    raw: float

    @property
    def is_null(self) -> bool:
        return not self.kk or not self.ru


@dataclass
class AlignmentResult:
    """Alignment of one document pair: the mode used, why, and a confidence in [0, 1]."""

    mode: str
    reason: str
    confidence: float
    beads: list[Bead] = field(default_factory=list)
    mode_confidence: float | None = None  # how sure auto mode was of `mode` (None: requested)
