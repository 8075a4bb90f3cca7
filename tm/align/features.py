"""Cheap evidence shared by the aligners: neighbourhood normalisers, spans, length and lexical cues."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# log((len_kk + 10) / (len_ru + 10)) of translations: mean and spread on FLORES-200 devtest kk-ru
# (-0.042, 0.153) and Tatoeba kk-ru (-0.017, 0.162); the rounded middle is used.
LEN_MU = -0.03
LEN_SIGMA = 0.16
LEN_SMOOTH = 10.0

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]{1,}")


def length_z(len_kk: np.ndarray, len_ru: np.ndarray) -> np.ndarray:
    """How many spreads the kk/ru character-length ratio lies from that of typical translations."""
    ratio = np.log(np.asarray(len_kk, dtype=np.float64) + LEN_SMOOTH)
    ratio -= np.log(np.asarray(len_ru, dtype=np.float64) + LEN_SMOOTH)
    return (ratio - LEN_MU) / LEN_SIGMA


def topk_group_mean(groups: np.ndarray, values: np.ndarray, size: int, k: int) -> np.ndarray:
    """For each group id in range(size), the mean of its `k` largest values (NaN when empty)."""
    out = np.full(size, np.nan)
    if len(values) == 0:
        return out
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    v = values[order]
    first = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
    counts = np.diff(np.r_[first, len(g)])
    ids = g[first]
    width = int(counts.max())
    if width * len(first) <= 8 * len(g) + 1024:
        table = np.full((len(first), width), -np.inf)
        table[np.repeat(np.arange(len(first)), counts), np.arange(len(g)) - np.repeat(first, counts)] = v
        if width > k:
            table = np.partition(table, width - k, axis=1)[:, width - k :]
        finite = np.isfinite(table)
        out[ids] = np.where(finite, table, 0.0).sum(axis=1) / finite.sum(axis=1)
        return out
    order = np.lexsort((-v, g))
    v = v[order]
    rank = np.arange(len(g)) - np.repeat(first, counts)
    keep = rank < k
    sums = np.bincount(g[keep], weights=v[keep], minlength=size)
    n = np.bincount(g[keep], minlength=size)
    seen = n > 0
    out[seen] = sums[seen] / n[seen]
    return out


def fill_missing(values: np.ndarray) -> np.ndarray:
    """NaN -> the mean of the others (or 0 when all are missing)."""
    bad = np.isnan(values)
    if bad.all():
        return np.zeros_like(values)
    values = values.copy()
    values[bad] = values[~bad].mean()
    return values


def span_vectors(emb: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Vectors of every run of `width` consecutive sentences: the length-weighted mean of the
    members' vectors, normalised. With a mean-pooled encoder this is close to embedding the
    concatenated text, at no encoder cost."""
    n = len(emb)
    if width == 1:
        return emb
    if n < width:
        return np.zeros((0, emb.shape[1]), dtype=np.float32)
    weights = (np.asarray(lengths, dtype=np.float32) + LEN_SMOOTH)[:, None]
    acc = np.zeros((n - width + 1, emb.shape[1]), dtype=np.float32)
    for k in range(width):
        acc += emb[k : n - width + 1 + k] * weights[k : n - width + 1 + k]
    norms = np.linalg.norm(acc, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return acc / norms


def span_sums(values: np.ndarray, width: int) -> np.ndarray:
    """Sums of every run of `width` consecutive values."""
    c = np.r_[0.0, np.cumsum(np.asarray(values, dtype=np.float64))]
    return c[width:] - c[:-width]


def numbers(text: str) -> frozenset[str]:
    return frozenset(m.replace(",", ".") for m in _NUMBER.findall(text))


def latin_tokens(text: str) -> frozenset[str]:
    return frozenset(t.lower() for t in _LATIN.findall(text))


def lexical_agreement(kk: str, ru: str) -> float:
    """Evidence in [-1, 1] from tokens that translation keeps unchanged: numbers and Latin words.
    0 when neither side has any; +1 when they agree fully; -1 when they are disjoint."""
    a = numbers(kk) | latin_tokens(kk)
    b = numbers(ru) | latin_tokens(ru)
    if not a and not b:
        return 0.0
    return 2.0 * len(a & b) / max(len(a | b), 1) - 1.0


_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zа-яәіңғүұқөһ][)]|[-–—•*·▪])\s*\w")
_WORD = re.compile(r"[^\W\d_]{2,}")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
MAX_ITEMS = 12


def word_count(text: str) -> int:
    """Words of two letters or more (numbers, one-letter tokens, URLs and e-mails do not count)."""
    return len(_WORD.findall(_URL.sub(" ", text)))


def list_blocks(texts: Sequence[str]) -> list[tuple[int, ...]]:
    """Runs of segments that form one list: a lead ending with ':' and the two or more enumerated
    items after it ('1. ...', '– ...'). A list may be one sentence in one language and a lead plus
    items in the other, so comparable mining also weighs the whole list as one segment."""
    out = []
    i = 0
    while i < len(texts):
        if texts[i].rstrip().endswith(":"):
            j = i + 1
            while j < len(texts) and j - i <= MAX_ITEMS and _ITEM.match(texts[j]):
                j += 1
            if j - i >= 3:
                out.append(tuple(range(i, j)))
                i = j
                continue
        i += 1
    return out
