"""Monotonic bead alignment by dynamic programming inside a band, vectorised one row at a time.

The lattice has a node (i, j) for "i Kazakh and j Russian sentences consumed". A bead (a, b) moves
from (i - a, j - b) to (i, j). Only the nodes inside a `Band` are kept, so memory and time grow with
the band's area, not with n x m. The 0-1 bead (a Russian sentence left out) depends on the node to
its left in the same row; with a constant penalty it becomes a running maximum, so a row is a few
numpy calls whatever its width.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

@dataclass(frozen=True, eq=False)
class Band:
    """Row i of the lattice keeps the columns lo[i] <= j < hi[i] (arrays of length n + 1)."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    @property
    def m(self) -> int:
        return int(self.hi[-1]) - 1

    @property
    def is_full(self) -> bool:
        return bool((self.lo == 0).all() and (self.hi == self.m + 1).all())

    @cached_property
    def offsets(self) -> np.ndarray:
        """Row i's cells are [offsets[i], offsets[i + 1]) in the flat cell order."""
        return np.r_[0, np.cumsum(self.hi - self.lo)].astype(np.int64)

    @cached_property
    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every cell, row by row."""
        widths = self.hi - self.lo
        rows = np.repeat(np.arange(len(widths)), widths)
        cols = np.arange(int(widths.sum())) - np.repeat(self.offsets[:-1] - self.lo, widths)
        return rows, cols

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64))

    @classmethod
    def around(cls, jmin: np.ndarray, jmax: np.ndarray, m: int, radius: int) -> Band:
        """The band covering columns jmin[i]..jmax[i] of each row, widened by `radius` rows and
        columns, made monotonic and connected (every kept node reachable from (0, 0))."""
        n = len(jmin) - 1
        lo = jmin.astype(np.int64).copy()
        hi = jmax.astype(np.int64).copy()
        for shift in range(1, radius + 1):
            lo[shift:] = np.minimum(lo[shift:], jmin[:-shift])
            lo[:-shift] = np.minimum(lo[:-shift], jmin[shift:])
            hi[shift:] = np.maximum(hi[shift:], jmax[:-shift])
            hi[:-shift] = np.maximum(hi[:-shift], jmax[shift:])
        lo = np.clip(lo - radius, 0, m)
        hi = np.clip(hi + radius + 1, 1, m + 1)
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        lo[0], hi[n] = 0, m + 1
        lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
        return cls(lo, hi)


def band_from_steps(steps: Sequence[tuple[int, int, int, int]], n: int, m: int, scale: float,
                    radius: int) -> Band:
    """Project a coarse path (steps (i0, j0, i1, j1)) to a finer lattice `scale` times larger."""
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    for i0, j0, i1, j1 in steps:
        r0, r1 = min(int(i0 * scale), n), min(int(np.ceil(i1 * scale)), n)
        c0, c1 = min(int(j0 * scale), m), min(int(np.ceil(j1 * scale)), m)
        jmin[r0 : r1 + 1] = np.minimum(jmin[r0 : r1 + 1], c0)
        jmax[r0 : r1 + 1] = np.maximum(jmax[r0 : r1 + 1], c1)
    return Band.around(jmin, jmax, m, radius)


def band_dp(
    band: Band,
    gains: Mapping[tuple[int, int], np.ndarray],
    skip_kk: float,
    skip_ru: float,
) -> list[tuple[int, int, int, int]]:
    """The best monotonic path from (0, 0) to (n, m) inside `band`.

    `gains[a, b]` (a, b >= 1) holds, for every cell of the band in `Band.cells` order, the gain of
    the bead (a, b) that ends there (-inf where it cannot). 1-0 and 0-1 are always allowed, with
    the constant gains `skip_kk` and `skip_ru`. Returns the steps (i0, j0, i1, j1) in order.
    """
    moves = [(1, 0), *gains]
    arrays = [None, *gains.values()]
    n = band.n
    lo, hi = band.lo.tolist(), band.hi.tolist()
    offs = band.offsets.tolist()
    score = np.full(offs[-1], -np.inf)
    back = np.full(offs[-1], -1, dtype=np.int8)
    skip_code = len(moves)
    for i in range(n + 1):
        rlo, rhi, here = lo[i], hi[i], offs[i]
        best = score[here : offs[i + 1]]
        arg = back[here : offs[i + 1]]
        if i == 0:
            best[0] = 0.0
        for code, (a, b) in enumerate(moves):
            if a > i:
                continue
            p = i - a
            plo, phi = lo[p], hi[p]
            s, e = max(rlo, plo + b), min(rhi, phi + b)
            if s >= e:
                continue
            prev = score[offs[p] + s - b - plo : offs[p] + e - b - plo]
            g = arrays[code]
            cand = prev + (skip_kk if g is None else g[here + s - rlo : here + e - rlo])
            seg = best[s - rlo : e - rlo]
            better = cand > seg
            seg[better] = cand[better]
            arg[s - rlo : e - rlo][better] = code
        ramp = skip_ru * np.arange(rhi - rlo)
        shifted = best - ramp
        running = np.maximum.accumulate(shifted)
        arg[running > shifted] = skip_code
        np.add(running, ramp, out=best)
    return _backtrack(band, back, moves)


def _backtrack(band: Band, back: np.ndarray, moves) -> list[tuple[int, int, int, int]]:
    steps = []
    offs = band.offsets
    i, j = band.n, band.m
    skip_code = len(moves)
    while i > 0 or j > 0:
        code = int(back[offs[i] + j - band.lo[i]])
        a, b = (0, 1) if code == skip_code else moves[code]
        if code < 0:  # unreachable node: cannot happen in a connected band; fail loudly
            raise AssertionError(f"alignment lattice disconnected at ({i}, {j})")
        steps.append((i - a, j - b, i, j))
        i, j = i - a, j - b
    steps.reverse()
    return steps
