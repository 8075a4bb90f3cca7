"""Auto mode: is a document pair a translation (parallel) or two texts on shared topics?

Translations put their mutual best matches on one monotonic path; comparable texts scatter them.
The share of mutual nearest neighbours on the longest increasing chain decides, with a margin of
doubt for very short documents (a random order of 3 matches is often increasing by chance).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np

from tm.align.beads import AlignmentResult, Bead
from tm.encoders import Encoder

Mode = Literal["parallel", "comparable"]
MONOTONIC_SHARE = 0.6  # share of mutual best matches on one path above which texts are translations
MIN_COVERAGE = 0.3  # ... provided that path covers this share of the shorter side


def mutual_best(kk_emb: np.ndarray, ru_emb: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j) where ru j is kk i's nearest neighbour and kk i is ru j's."""
    from tm.align.mining import knn

    _, kr = knn(kk_emb, ru_emb, 1)
    _, rk = knn(ru_emb, kk_emb, 1)
    return [(i, int(j)) for i, j in enumerate(kr[:, 0]) if j >= 0 and rk[j, 0] == i]


def longest_chain(pairs: Sequence[tuple[int, int]]) -> int:
    """Length of the longest chain of pairs increasing in both coordinates (patience sorting)."""
    tails: list[int] = []
    for _, j in sorted(pairs, key=lambda p: (p[0], -p[1])):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
        else:
            tails[k] = j
    return len(tails)


class ModeDecision(NamedTuple):
    """Auto mode's verdict on one document pair and how sure it is, in [0, 1]."""

    mode: Mode
    reason: str
    confidence: float


def decide_mode(
    kk: Sequence[str], ru: Sequence[str], kk_emb: np.ndarray, ru_emb: np.ndarray
) -> ModeDecision:
    """Parallel or comparable, why, and the confidence of that decision for one document pair."""
    return ModeDecision(*_decide(kk_emb, ru_emb))


def choose_mode(
    kk: Sequence[str], ru: Sequence[str], kk_emb: np.ndarray, ru_emb: np.ndarray
) -> tuple[Mode, str]:
    """('parallel' | 'comparable', reason) for one document pair (`decide_mode` adds the confidence)."""
    decision = decide_mode(kk, ru, kk_emb, ru_emb)
    return decision.mode, decision.reason


def _decide(kk_emb: np.ndarray, ru_emb: np.ndarray) -> tuple[Mode, str, float]:
    n, m = len(kk_emb), len(ru_emb)
    if n == 0 or m == 0:
        return "comparable", "comparable: one side has no segments", 0.0
    pairs = mutual_best(kk_emb, ru_emb)
    chain = longest_chain(pairs)
    if not pairs:
        return "comparable", "comparable: no mutual best matches", 0.5
    share = chain / len(pairs)
    coverage = chain / min(n, m)
    # how far a random order of len(pairs) matches would go by chance: about 2 sqrt(P) / P
    chance = min(0.95, 2.0 / np.sqrt(len(pairs)))
    parallel = share >= MONOTONIC_SHARE and coverage >= MIN_COVERAGE and (share > chance or len(pairs) <= 3)
    evidence = abs(share - MONOTONIC_SHARE) / (1 - MONOTONIC_SHARE if parallel else MONOTONIC_SHARE)
    doubt = 1.0 if min(n, m) > 3 else 0.5
    confidence = float(np.clip(evidence * doubt * len(pairs) / (len(pairs) + 3), 0.0, 1.0))
    pct = round(100 * share)
    if parallel:
        return "parallel", (
            f"parallel: {pct}% of {len(pairs)} mutual best matches lie on one monotonic path "
            f"covering {round(100 * coverage)}% of the shorter side"
        ), confidence
    if share >= MONOTONIC_SHARE and coverage < MIN_COVERAGE:
        return "comparable", (
            f"comparable: the monotonic path of mutual best matches covers only "
            f"{round(100 * coverage)}% of the shorter side"
        ), confidence
    return "comparable", (
        f"comparable: only {pct}% of {len(pairs)} mutual best matches lie on one monotonic path"
    ), confidence


def align_pair(
    kk: Sequence[str],
    ru: Sequence[str],
    encoder: Encoder | None,
    mode: Literal["auto", "parallel", "comparable"] = "auto",
    *,
    kk_emb: np.ndarray | None = None,
    ru_emb: np.ndarray | None = None,
) -> AlignmentResult:
    """Align one document pair in the given or detected mode.

    The confidence is the mean calibrated score of the non-null beads, scaled by the share of
    the shorter side they cover (a pair where little aligns is not a confident pair)."""
    from tm.align import mining, parallel

    if kk_emb is None or ru_emb is None:
        if encoder is None:
            raise ValueError("align_pair needs an encoder or both kk_emb and ru_emb")
        kk_emb = encoder.encode(kk, kind=parallel.KIND) if kk_emb is None else kk_emb
        ru_emb = encoder.encode(ru, kind=parallel.KIND) if ru_emb is None else ru_emb
    sure: float | None = None
    if mode == "auto":
        chosen, reason, sure = decide_mode(kk, ru, kk_emb, ru_emb)
    else:
        chosen, reason = mode, f"{mode}: requested"
    if chosen == "parallel":
        beads = parallel.align_parallel(kk, ru, encoder, kk_emb=kk_emb, ru_emb=ru_emb)
    else:
        beads = mining.mine(kk, ru, encoder, kk_emb=kk_emb, ru_emb=ru_emb)
    return AlignmentResult(chosen, reason, document_confidence(beads, len(kk), len(ru)), beads, sure)


def document_confidence(beads: Sequence[Bead], n: int, m: int) -> float:
    real = [b for b in beads if not b.is_null]
    if not real or min(n, m) == 0:
        return 0.0
    mean = sum(b.score for b in real) / len(real)
    covered = min(sum(len(b.kk) for b in real) / n, sum(len(b.ru) for b in real) / m)
    return round(mean * min(1.0, covered / 0.5), 4)
