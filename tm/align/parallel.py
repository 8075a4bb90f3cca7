"""Parallel mode: monotonic alignment of a document and its translation.

1. Coarse to fine (as in Vecalign): both sides are pooled two sentences at a time until the
   lattice is small, aligned there in full, and each finer level is aligned inside a band around
   the projected coarser path. Time and memory grow with n + m, not n x m; no anchor is needed.
2. Each node's similarity is normalised by its neighbourhood: cos(x, y) minus the mean of the
   k best cosines of x and of y among the candidates in the band (a margin), so the model's high
   baseline cosine between unrelated kk-ru sentences does not decide. A length-ratio term adds
   evidence; merged neighbours (1-2, 2-1, 2-2, 1-3, 3-1) are compared through span vectors.
3. Optionally (`refine=True`), the spans around the beads that are not 1-1 are embedded for real
   (concatenated text) and the finest level is aligned again: only those merges cost encoder
   calls. Measured on perturbed FLORES it brings nothing over the span vectors, hence off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tm.align.beads import Bead
from tm.align.calibration import parallel_scores
from tm.align.dp import Band, band_dp, band_from_steps
from tm.align.features import fill_missing, length_z, span_sums, span_vectors, topk_group_mean
from tm.encoders import Encoder
from tm.encoders.base import Kind

KIND: Kind = "query"
"""e5 prefix used on both sides (see scripts/eval_align.py --kind for the comparison)."""

FINE_BEADS = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
COARSE_BEADS = ((1, 1), (1, 2), (2, 1))
FULL_CELLS = 300_000  # lattices up to this size are searched in full
RADIUS_COARSE = 4
RADIUS_FINE = 6
NEIGHBOURS = 4
BLOCK = 64  # rows whose band cells are scored by one matrix product

# Gain of a bead covering a kk and b ru sentences with quality q (margin minus length term):
# (a + b) * (q - THETA) - MERGE * (a + b - 2); a sentence left out gains SKIP. A translation can
# sit a little below its neighbourhood mean where neighbours say nearly the same (lists of
# services, a news item and its lead), so a bead is kept down to q = THETA < 0; MERGE keeps a
# deleted sentence from being absorbed into its neighbour's bead. Chosen on the dev parts of
# scripts/eval_align.py (FLORES articles and government documents, perturbed): strict F1
# 0.992 / 0.874 with (0, 0.01), 1.000 / 0.931 with (-0.03, 0.03).
THETA = -0.03
MERGE = 0.03
LENGTH_WEIGHT = 0.004
SKIP = 0.0


@dataclass
class _Side:
    """One side at one resolution: sentence vectors, lengths, normalisers, span tables."""

    emb: np.ndarray
    lengths: np.ndarray

    def spans(self, widths: Sequence[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """width -> (vectors, summed lengths) of all runs of that width."""
        return {w: (span_vectors(self.emb, self.lengths, w), span_sums(self.lengths, w)) for w in widths}


def align_parallel(
    kk: Sequence[str],
    ru: Sequence[str],
    encoder: Encoder | None,
    *,
    kk_emb: np.ndarray | None = None,
    ru_emb: np.ndarray | None = None,
    refine: bool = False,
) -> list[Bead]:
    """Align two documents that translate each other; every sentence appears in one bead.

    Args:
        kk, ru: the segments of each document, in order.
        encoder: embeds the segments (when no vectors are given) and the merged spans worth a
            second look; None uses span vectors only.
        kk_emb, ru_emb: precomputed L2-normalised vectors (same encoder, prefix `KIND`).
        refine: embed the concatenated text of the spans around non-1-1 beads and align again.
            Off by default: on perturbed FLORES it changed strict F1 by -0.001 (per document)
            and +0.001 (one long pair) for ~0.3 extra encoder calls per sentence.
    """
    n, m = len(kk), len(ru)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, 0.0) for i in range(n)] + [Bead((), (j,), 0.0, 0.0) for j in range(m)]
    if kk_emb is None or ru_emb is None:
        if encoder is None:
            raise ValueError("align_parallel needs an encoder or both kk_emb and ru_emb")
        kk_emb = encoder.encode(kk, kind=KIND) if kk_emb is None else kk_emb
        ru_emb = encoder.encode(ru, kind=KIND) if ru_emb is None else ru_emb
    k_side = _Side(np.asarray(kk_emb, dtype=np.float32), np.array([len(t) for t in kk], dtype=np.float64))
    r_side = _Side(np.asarray(ru_emb, dtype=np.float32), np.array([len(t) for t in ru], dtype=np.float64))
    band = _coarse_band(k_side, r_side)
    k_spans, r_spans = k_side.spans((1, 2, 3)), r_side.spans((1, 2, 3))
    gains, norms = _band_gains(k_spans, r_spans, band, FINE_BEADS)
    steps = band_dp(band, gains, -SKIP, -SKIP)
    if refine and encoder is not None:
        if _embed_merges(steps, kk, ru, encoder, k_spans, r_spans):
            gains, norms = _band_gains(k_spans, r_spans, band, FINE_BEADS)
            steps = band_dp(band, gains, -SKIP, -SKIP)
    return _beads(steps, k_spans, r_spans, norms)


def _band_gains(k_spans, r_spans, band: Band, beads):
    """Gain of every bead shape at every band cell, and the normalisers behind them.

    The margin of a bead kk[s:s+a] x ru[t:t+b] is its cosine minus the mean of the k best cosines
    of the kk span among the ru spans of b sentences it meets in the band, and the same for the
    ru span: a merged span is compared with spans of its own shape (merges look alike because
    they share words), so merging is not rewarded for its own sake."""
    rows, cols = band.cells
    offs = band.offsets
    gains, norms = {}, {}
    for a, b in beads:
        kv, kl = k_spans[a]
        rv, rl = r_spans[b]
        cos = np.full(len(rows), np.nan)
        for start in range(a, band.n + 1, BLOCK):
            stop = min(start + BLOCK, band.n + 1)
            c0, c1 = max(int(band.lo[start]), b), int(band.hi[stop - 1])
            if c0 >= c1:
                continue
            cs, ce = offs[start], offs[stop]
            r, c = rows[cs:ce] - start, cols[cs:ce] - c0
            valid = c >= 0
            block = kv[start - a : stop - a] @ rv[c0 - b : c1 - b].T
            cos[cs:ce][valid] = block[r[valid], c[valid]]
        ok = ~np.isnan(cos)
        s, t, c = rows[ok] - a, cols[ok] - b, cos[ok]
        nk = fill_missing(topk_group_mean(s, c, len(kv), NEIGHBOURS))
        nr = fill_missing(topk_group_mean(t, c, len(rv), NEIGHBOURS))
        z = length_z(kl[s], rl[t])
        q = c - 0.5 * (nk[s] + nr[t]) - LENGTH_WEIGHT * z * z
        g = np.full(len(rows), -np.inf)
        g[ok] = (a + b) * (q - THETA) - MERGE * (a + b - 2)
        gains[a, b] = g
        norms[a, b] = (nk, nr)
    return gains, norms


def _beads(steps, k_spans, r_spans, norms) -> list[Bead]:
    """Steps -> beads with their raw margin and calibrated score, one vector pass per shape."""
    out: list[Bead | None] = [None] * len(steps)
    by_shape: dict[tuple[int, int], list[int]] = {}
    for p, (i0, j0, i1, j1) in enumerate(steps):
        if i1 == i0 or j1 == j0:
            out[p] = Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), 0.0, 0.0)
        else:
            by_shape.setdefault((i1 - i0, j1 - j0), []).append(p)
    for (a, b), where in by_shape.items():
        s = np.array([steps[p][0] for p in where])
        t = np.array([steps[p][1] for p in where])
        kv, kl = k_spans[a]
        rv, rl = r_spans[b]
        kn, rn = norms[a, b]
        margin = np.einsum("ij,ij->i", kv[s], rv[t]) - 0.5 * (kn[s] + rn[t])
        score = parallel_scores(margin, length_z(kl[s], rl[t]), a + b)
        for p, x, y, mg, sc in zip(where, s.tolist(), t.tolist(), margin.tolist(), score.tolist()):
            out[p] = Bead(tuple(range(x, x + a)), tuple(range(y, y + b)), sc, round(mg, 6))
    return out  # type: ignore[return-value]


def _pool(side: _Side) -> _Side:
    """Two consecutive sentences -> one (length-weighted mean vector, summed length)."""
    n = len(side.emb)
    if n < 2:
        return side
    even = n - n % 2
    w = (side.lengths + 10.0).astype(np.float32)[:, None]
    emb = side.emb[:even:2] * w[:even:2] + side.emb[1:even:2] * w[1:even:2]
    lengths = side.lengths[:even:2] + side.lengths[1:even:2]
    if n % 2:
        emb = np.vstack([emb, side.emb[-1:] * w[-1:]])
        lengths = np.r_[lengths, side.lengths[-1]]
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    return _Side(emb.astype(np.float32), lengths)


def _coarse_band(k: _Side, r: _Side) -> Band:
    """The band of the finest lattice: full when small, else around the path of a pooled level."""
    n, m = len(k.emb), len(r.emb)
    if (n + 1) * (m + 1) <= FULL_CELLS or (n <= 1 and m <= 1):
        return Band.full(n, m)
    kc, rc = _pool(k), _pool(r)
    if len(kc.emb) == n and len(rc.emb) == m:
        return Band.full(n, m)
    cband = _coarse_band(kc, rc)
    ks, rs = kc.spans((1, 2)), rc.spans((1, 2))
    steps = band_dp(cband, _band_gains(ks, rs, cband, COARSE_BEADS)[0], -SKIP, -SKIP)
    scale_n, scale_m = n / len(kc.emb), m / len(rc.emb)
    radius = RADIUS_FINE if max(scale_n, scale_m) < 1.5 else RADIUS_COARSE
    scaled = [(i0 * scale_n, j0 * scale_m, i1 * scale_n, j1 * scale_m) for i0, j0, i1, j1 in steps]
    return band_from_steps(scaled, n, m, 1.0, radius)


def _embed_merges(steps, kk, ru, encoder, k_spans, r_spans) -> bool:
    """Embed the concatenated text of the spans next to non-1-1 beads; update the span tables."""
    want: dict[str, set[tuple[int, int]]] = {"kk": set(), "ru": set()}
    n, m = len(kk), len(ru)
    for i0, j0, i1, j1 in steps:
        if i1 - i0 == 1 and j1 - j0 == 1:
            continue
        for side, x0, x1, size in (("kk", i0, i1, n), ("ru", j0, j1, m)):
            if x1 - x0 >= 2:  # the merge itself
                want[side].add((x0, x1))
            elif x1 - x0 == 1:  # a sentence beside a merge or a gap: could it merge with a neighbour?
                want[side].update({(x0 - 1, x1), (x0, x1 + 1)})
            want[side] = {(s, e) for s, e in want[side] if 0 <= s and e <= size and 2 <= e - s <= 3}
    changed = False
    for side, texts, spans in (("kk", kk, k_spans), ("ru", ru, r_spans)):
        todo = sorted(want[side])
        if not todo:
            continue
        vectors = encoder.encode([" ".join(texts[s:e]) for s, e in todo], kind=KIND)
        for (s, e), v in zip(todo, vectors):
            spans[e - s][0][s] = v
        changed = True
    return changed
