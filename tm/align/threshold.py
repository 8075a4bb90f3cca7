"""Acceptance threshold read from a run's own scores, never from a constant fit to one data set.

The best-first one-to-one candidates of a mining run mix two populations: translations, and the
best wrong partner of a sentence whose translation is absent. A two-component Gaussian mixture is
fitted to their scores and the cut is where the two components are equally likely. Each sentence's
second-best candidate is (almost) never its translation, so those scores show what wrong pairs
score in this run; when the mixture's lower component does not look like them (every sentence
has its translation, or only noise is present), the cut falls back to the top of that null sample.
"""

from __future__ import annotations

import numpy as np

NULL_QUANTILE = 0.99


def gaussian_mixture(x: np.ndarray, iterations: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EM for two 1-D Gaussians: (weights, means, sds), the lower mean first."""
    x = np.asarray(x, dtype=np.float64)
    mu = np.quantile(x, [0.25, 0.75])
    sd = np.full(2, max(x.std() / 2, 1e-6))
    w = np.full(2, 0.5)
    for _ in range(iterations):
        dens = w * np.exp(-0.5 * ((x[:, None] - mu) / sd) ** 2) / sd + 1e-300
        resp = dens / dens.sum(axis=1, keepdims=True)
        nk = resp.sum(axis=0) + 1e-12
        w = nk / len(x)
        mu = (resp * x[:, None]).sum(axis=0) / nk
        sd = np.sqrt((resp * (x[:, None] - mu) ** 2).sum(axis=0) / nk)
        sd = np.maximum(sd, 1e-4 * max(x.std(), 1e-6) + 1e-9)
    order = np.argsort(mu)
    return w[order], mu[order], sd[order]


def mixture_cut(w, mu, sd) -> float | None:
    """The score between the two means where both components are equally likely, if any."""
    grid = np.linspace(mu[0], mu[1], 512)
    lo = w[0] * np.exp(-0.5 * ((grid - mu[0]) / sd[0]) ** 2) / sd[0]
    hi = w[1] * np.exp(-0.5 * ((grid - mu[1]) / sd[1]) ** 2) / sd[1]
    above = np.flatnonzero(hi >= lo)
    return float(grid[above[0]]) if len(above) else None


def auto_threshold(scores: np.ndarray, null: np.ndarray) -> float:
    """The cut between wrong and right pairs of this run (see the module docstring)."""
    scores = np.asarray(scores, dtype=np.float64)
    null_top = float(np.quantile(null, NULL_QUANTILE)) if len(null) else -np.inf
    if len(scores) < 8:
        return null_top if np.isfinite(null_top) else float(scores.min())
    w, mu, sd = gaussian_mixture(scores)
    cut = mixture_cut(w, mu, sd)
    null_like = len(null) > 0 and mu[0] <= null_top and min(w) > 0.02
    if cut is None or not null_like:
        return null_top if np.isfinite(null_top) else float(scores.min())
    return cut
