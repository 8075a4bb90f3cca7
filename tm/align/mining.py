"""Comparable mode: sentence pairs mined from texts on shared topics.

k nearest neighbours in both directions (FAISS: exact inner product below `IVF_MIN` vectors, IVF
above), ratio margin (Artetxe & Schwenk 2019): cos(x, y) over the mean of the k best cosines of x
and of y. e5 was trained with "query:" and "passage:" prefixes; the margin is averaged over the
four pairings of the two (query-query, passage-passage and both crossings), which err on different
pairs (scripts/eval_mine.py: F1 0.947 with the query view alone, 0.962 with the four); above
`VIEWS_MAX_CELLS` the query view alone is used, as four exact searches cost four times one. Lexical
evidence (numbers, Latin tokens kept by translation) and the length ratio adjust it; one-word
segments (headings, captions) are left out. Scoring is kept apart from deciding: a learned
acceptance model (tm.align.acceptance) turns each candidate's evidence (margin views, gaps to the
next best candidates, length, lexical cues) into the probability that it is a translation, moved
to this run's own share of translations (estimated by EM); candidates are accepted best first and
one-to-one from one probability cut, except that a whole list (a lead ending with ':' and its
enumerated items) may pair with one sentence of the other side.

Tried without gain on eval_mine (kept out): a transliterated-stem overlap score with IDF weights
(+0.001 at best), a bilingual stem association learned in the run from the surest pairs
(+0.004 with the best cut in hindsight, +0.001 with the automatic cut), a penalty for disjoint
numbers, CSLS instead of the ratio margin (-0.01), k = 8 or 16 for the four views. Cheaper
stand-ins for the four views: one vector per sentence, the normalised sum of its query and
passage vectors, ranks nearly as well (best cut in hindsight 0.964 vs 0.965) but the automatic
cut falls too low on it (F1 0.888); the other views' neighbourhoods read off the query view's
neighbours miss their hubs (F1 0.80-0.92); IVF for the other views was slower than exact search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tm.align.acceptance import AcceptanceModel, best_other, feature_matrix, load_model, run_median
from tm.align.beads import Bead
from tm.align.features import (
    LEN_SMOOTH,
    latin_tokens,
    length_z,
    lexical_agreement,
    list_blocks,
    numbers,
    word_count,
)
from tm.encoders import Encoder
from tm.encoders.base import Kind

KIND: Kind = "query"
NEIGHBOURS = 4  # k of the margin's neighbourhood means
CANDIDATES = 4  # nearest neighbours per sentence considered as a pair
IVF_MIN = 100_000
LEXICAL_WEIGHT = 0.02
LENGTH_WEIGHT = 0.004
VIEWS_MAX_CELLS = 100_000_000  # above n x m, the query view only (four views = 4x the search)
MIN_WORDS = 2  # shorter segments are not mined (headings, captions)


def knn(queries: np.ndarray, base: np.ndarray, k: int, *, nprobe: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Inner-product k nearest neighbours of each query row in `base`: (sims, ids), both (nq, k).
    Exact below `IVF_MIN` base vectors, else IVF with 4 sqrt(n) lists of which `nprobe` are
    searched."""
    import faiss

    k = min(k, len(base))
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    base = np.ascontiguousarray(base, dtype=np.float32)
    dim = base.shape[1]
    if len(base) < IVF_MIN:
        index = faiss.IndexFlatIP(dim)
    else:
        nlist = max(1, min(int(4 * np.sqrt(len(base))), len(base) // 40))  # FAISS wants >= 39 per list
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(base), min(len(base), 64 * nlist), replace=False)
        index.train(base[np.sort(sample)])
        index.nprobe = nprobe
    index.add(base)
    sims = np.empty((len(queries), k), dtype=np.float32)
    ids = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 8192):
        s, i = index.search(queries[start : start + 8192], k)
        sims[start : start + 8192], ids[start : start + 8192] = s, i
    return sims, ids


@dataclass
class View:
    """One pairing of e5 prefixes (e.g. kk "query:" vs ru "passage:"): the cosine of every
    candidate and each sentence's neighbourhood mean in that view."""

    cos: np.ndarray
    norm_kk: np.ndarray  # each kk sentence's neighbourhood mean (k best cosines)
    norm_ru: np.ndarray

    def margin(self, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
        """Ratio margin of the candidates (src[p], tgt[p])."""
        return self.cos / (0.5 * (self.norm_kk[src] + self.norm_ru[tgt]))


@dataclass
class Candidates:
    """Scored kk-ru candidate pairs of a mining run (scoring, kept apart from deciding)."""

    src: np.ndarray
    tgt: np.ndarray
    raw: np.ndarray  # the score pairs are ranked and accepted by
    margin: np.ndarray  # ratio margin, averaged over the views
    lexical: np.ndarray
    length_z: np.ndarray
    views: list[View]
    min_words: np.ndarray  # words of the shorter sentence of each pair

    @property
    def cos(self) -> np.ndarray:
        return self.views[0].cos

    def view_margins(self) -> np.ndarray:
        """(views, candidates) ratio margins."""
        return np.array([v.margin(self.src, self.tgt) for v in self.views])

    def features(self) -> np.ndarray:
        """The acceptance model's inputs (tm.align.acceptance), one row per candidate."""
        margins = self.view_margins()
        margin = margins.mean(axis=0)
        n, m = int(self.src.max()) + 1, int(self.tgt.max()) + 1
        typical = run_median(margin, self.src, self.tgt)
        density = np.mean([0.5 * (v.norm_kk[self.src] + v.norm_ru[self.tgt]) for v in self.views], axis=0)
        return feature_matrix(
            margins, np.array([v.cos for v in self.views]), density,
            margin - best_other(margin, self.src, n), margin - best_other(margin, self.tgt, m),
            typical, self.length_z, self.lexical, self.min_words,
        )

    def subset(self, keep: np.ndarray) -> Candidates:
        """The candidates where `keep` is true (neighbourhood means unchanged)."""
        views = [View(v.cos[keep], v.norm_kk, v.norm_ru) for v in self.views]
        return Candidates(self.src[keep], self.tgt[keep], self.raw[keep], self.margin[keep],
                          self.lexical[keep], self.length_z[keep], views, self.min_words[keep])


def score_candidates(
    kk: Sequence[str],
    ru: Sequence[str],
    kk_emb: np.ndarray,
    ru_emb: np.ndarray,
    *,
    kk_passage: np.ndarray | None = None,
    ru_passage: np.ndarray | None = None,
    neighbours: int = NEIGHBOURS,
    evidence: bool = True,
    search: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None,
) -> Candidates:
    """k-NN both ways, ratio margin, and (with `evidence`) lexical and length evidence.

    With the "passage:" vectors too, the margin is the mean of four views (query-query,
    passage-passage, query-passage, passage-query): e5 was trained asymmetrically, and the four
    views err on different pairs (mining F1 0.947 -> 0.95x on scripts/eval_mine.py), and
    candidates are the union of each view's nearest neighbours.

    `search(queries, base, k)` finds the neighbours (default `knn`; tm.distributed passes a
    search over sharded indexes, whose vectors need only support `len` and row gathering)."""
    search = search or knn
    n, m = len(kk_emb), len(ru_emb)
    pairs = [(kk_emb, ru_emb)]
    if kk_passage is not None and ru_passage is not None:
        pairs += [(kk_passage, ru_passage), (kk_emb, ru_passage), (kk_passage, ru_emb)]
    depth = max(neighbours, CANDIDATES)
    found, norms = [], []
    for v, (a, b) in enumerate(pairs):
        s_kr, i_kr = search(a, b, depth)
        s_rk, i_rk = search(b, a, depth)
        nk = s_kr[:, :neighbours].mean(axis=1)
        nr = s_rk[:, :neighbours].mean(axis=1)
        norms.append((nk, nr))
        c = min(CANDIDATES, s_kr.shape[1], s_rk.shape[1])
        src = np.r_[np.repeat(np.arange(n), c), i_rk[:, :c].ravel()]
        tgt = np.r_[i_kr[:, :c].ravel(), np.repeat(np.arange(m), c)]
        keep = (src >= 0) & (tgt >= 0)  # FAISS pads with -1 when fewer than k vectors exist
        found.append(src[keep] * m + tgt[keep])
    keys = np.unique(np.concatenate(found))
    src, tgt = keys // m, keys % m
    views = [View(_rowdot(a, b, src, tgt), *nrm) for (a, b), nrm in zip(pairs, norms)]
    margin = np.mean([v.margin(src, tgt) for v in views], axis=0)
    z = length_z(np.array([len(kk[i]) for i in src]), np.array([len(ru[j]) for j in tgt]))
    lex = _lexical(kk, ru, src, tgt) if evidence else np.zeros_like(margin)
    raw = margin.copy()
    if evidence:
        raw += LEXICAL_WEIGHT * np.maximum(lex, 0.0) - LENGTH_WEIGHT * np.maximum(np.abs(z) - 1.0, 0.0) ** 2
    words_kk = np.array([word_count(t) for t in kk])
    words_ru = np.array([word_count(t) for t in ru])
    return Candidates(src, tgt, raw, margin, lex, z, views, np.minimum(words_kk[src], words_ru[tgt]))


def candidates(kk: Sequence[str], ru: Sequence[str], kk_emb: np.ndarray, ru_emb: np.ndarray,
               **kwargs) -> Candidates:
    """`score_candidates`, then (with evidence, the default) one-word segments ('АСТАНА.',
    'Аномалия.': too little meaning to be mined) left out: the candidates `mine` decides on."""
    cands = score_candidates(kk, ru, kk_emb, ru_emb, **kwargs)
    if kwargs.get("evidence", True):
        cands = cands.subset(cands.min_words >= MIN_WORDS)
    return cands


def _rowdot(a: np.ndarray, b: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """cos(a[src[p]], b[tgt[p]]) for every p, in blocks (bounded memory)."""
    out = np.empty(len(src), dtype=np.float64)
    for s in range(0, len(src), 65536):
        out[s : s + 65536] = np.einsum("ij,ij->i", a[src[s : s + 65536]], b[tgt[s : s + 65536]])
    return out


def mine(
    kk: Sequence[str],
    ru: Sequence[str],
    encoder: Encoder | None = None,
    *,
    kk_emb: np.ndarray | None = None,
    ru_emb: np.ndarray | None = None,
    kk_passage: np.ndarray | None = None,
    ru_passage: np.ndarray | None = None,
    threshold: float | None = None,
    neighbours: int = NEIGHBOURS,
    evidence: bool = True,
    views: bool = True,
    lists: bool = True,
    search: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[Bead]:
    """Mine kk-ru pairs, one-to-one except for whole lists; indices refer to all of `kk` and `ru`.

    Args:
        kk_emb, ru_emb: "query:" vectors (prefix `KIND`); encoded when absent.
        kk_passage, ru_passage: "passage:" vectors; encoded with `encoder` when absent (if there
            is none, only the query view is used).
        threshold: accept pairs whose raw score is at least this; None (default): accept pairs
            whose probability of being a translation (tm.align.acceptance) reaches the model's cut.
        neighbours: k of the ratio margin.
        evidence: add lexical and length evidence to the margin, and leave one-word segments
            (headings, captions) out (False: plain ratio margin over every segment).
        views: average the margins of the four query/passage views (False: query view only).
            Runs larger than VIEWS_MAX_CELLS (10k x 10k) use the query view only: searching
            four views there takes about four times as long (20k x 20k: ~80 s on 2 busy cores).
        lists: also match a whole list (a lead ending with ':' and its enumerated items) with one
            segment of the other side, where a list is one sentence in one text and several
            segments in the other.
        search: the nearest-neighbour search (see `score_candidates`).
    """
    if len(kk) == 0 or len(ru) == 0:
        return []
    if kk_emb is None or ru_emb is None:
        if encoder is None:
            raise ValueError("mine needs an encoder or both kk_emb and ru_emb")
        kk_emb = encoder.encode(kk, kind=KIND) if kk_emb is None else kk_emb
        ru_emb = encoder.encode(ru, kind=KIND) if ru_emb is None else ru_emb
    views = views and len(kk) * len(ru) <= VIEWS_MAX_CELLS
    if views and encoder is not None:
        kk_passage = encoder.encode(kk, kind="passage") if kk_passage is None else kk_passage
        ru_passage = encoder.encode(ru, kind="passage") if ru_passage is None else ru_passage
    if not views or kk_passage is None or ru_passage is None:
        kk_passage = ru_passage = None
    cands = candidates(kk, ru, kk_emb, ru_emb, kk_passage=kk_passage, ru_passage=ru_passage,
                       neighbours=neighbours, evidence=evidence, search=search)
    if len(cands.src) == 0:
        return []
    model = load_model()
    at_training_prior = model.probability(cands.features())
    prior = model.run_prior(at_training_prior)
    prob = model.at_prior(at_training_prior, prior)
    # The default decides by the acceptance model's probability; an explicit threshold cuts the
    # raw score instead (the plain-margin baseline of the eval scripts).
    key, cut = (prob, model.accept) if threshold is None else (cands.raw, threshold)
    found = [
        _Found((int(cands.src[p]),), (int(cands.tgt[p]),), float(key[p]), float(prob[p]), float(cands.raw[p]))
        for p in np.flatnonzero(key >= cut)
    ]
    if lists:
        vecs = [(kk_emb, ru_emb)]
        if kk_passage is not None and ru_passage is not None:
            vecs += [(kk_passage, ru_passage), (kk_emb, ru_passage), (kk_passage, ru_emb)]
        listed = _list_pairs(kk, ru, vecs, cands, encoder, neighbours, evidence, model, prior, threshold is None)
        found += [f for f in listed if f.key >= cut]
    chosen = _greedy_members(found)
    return [Bead(f.kk, f.ru, round(f.score, 4), round(f.raw, 6)) for f in chosen]


@dataclass
class _Found:
    """A pair above the cut: kk and ru members, the score it is ranked by, its probability of
    being a translation (the bead's score) and its raw margin score."""

    kk: tuple[int, ...]
    ru: tuple[int, ...]
    key: float
    score: float
    raw: float


def _greedy_members(found: list[_Found]) -> list[_Found]:
    """Pairs accepted best first, each sentence (also as a member of a list) used at most once."""
    used_k: set[int] = set()
    used_r: set[int] = set()
    out = []
    for f in sorted(found, key=lambda f: -f.key):
        if used_k.isdisjoint(f.kk) and used_r.isdisjoint(f.ru):
            used_k.update(f.kk)
            used_r.update(f.ru)
            out.append(f)
    return out


def _list_pairs(kk, ru, vecs, cands: Candidates, encoder, neighbours: int, evidence: bool,
                model: AcceptanceModel, prior: float, by_probability: bool) -> list[_Found]:
    """Each list of one side (tm.align.features.list_blocks) scored as one segment against the
    segments of the other side: the ratio margin of its vector (the joined text embedded, or the
    length-weighted mean of its members without an encoder) in each view, and the acceptance
    model's probability from the same evidence as single sentences'."""
    margin_all = cands.view_margins().mean(axis=0)
    typical = run_median(margin_all, cands.src, cands.tgt)
    out = []
    for kk_side in (True, False):
        texts, others = (kk, ru) if kk_side else (ru, kk)
        blocks = list_blocks(texts)
        if not blocks:
            continue
        joined = [" ".join(texts[i] for i in b) for b in blocks]
        margins, cosines, density, by_kind = [], [], [], {}
        for v, (a, b) in enumerate(vecs):
            own, other = (a, b) if kk_side else (b, a)
            kind: Kind = "passage" if v in ((1, 3) if kk_side else (1, 2)) else "query"
            if kind not in by_kind:
                by_kind[kind] = _block_vectors(texts, blocks, own, encoder, kind, joined)
            sims = by_kind[kind] @ other.T
            k = min(neighbours, sims.shape[1])
            norm_block = -np.sort(-sims, axis=1)[:, :k].mean(axis=1)
            view = cands.views[v]
            norm_other = view.norm_ru if kk_side else view.norm_kk
            dens = 0.5 * (norm_block[:, None] + norm_other[None, :])
            margins.append(sims / dens)
            cosines.append(sims)
            density.append(dens)
        margin = np.mean(margins, axis=0)
        # the best single-sentence candidate of each sentence of the other side: the list's rival
        ids = cands.tgt if kk_side else cands.src
        rival = np.full(len(others), -np.inf)
        np.maximum.at(rival, ids, margin_all)
        for bi, members in enumerate(blocks):
            top = [int(j) for j in np.argsort(-margin[bi])[: CANDIDATES + 1]]
            for rank, j in enumerate(top[:CANDIDATES]):
                if word_count(others[j]) < MIN_WORDS and evidence:
                    continue
                pair = (joined[bi], others[j]) if kk_side else (others[j], joined[bi])
                lex = lexical_agreement(*pair) if evidence else 0.0
                z = length_z(np.array([len(pair[0])]), np.array([len(pair[1])]))
                raw = float(margin[bi, j])
                if evidence:
                    raw += LEXICAL_WEIGHT * max(lex, 0.0) - LENGTH_WEIGHT * max(abs(float(z[0])) - 1.0, 0.0) ** 2
                next_best = margin[bi, top[1]] if rank == 0 and len(top) > 1 else margin[bi, top[0]]
                gap_block = np.array([margin[bi, j] - next_best])
                gap_other = np.array([margin[bi, j] - rival[j]])
                x = feature_matrix(
                    np.array([[m[bi, j]] for m in margins]), np.array([[c[bi, j]] for c in cosines]),
                    np.array([np.mean([d[bi, j] for d in density])]),
                    gap_block if kk_side else gap_other, gap_other if kk_side else gap_block,
                    typical, z, np.array([lex]),
                    np.array([min(word_count(pair[0]), word_count(pair[1]))]),
                )
                prob = float(model.at_prior(model.probability(x), prior)[0])
                ids_ = (members, (j,)) if kk_side else ((j,), members)
                out.append(_Found(*ids_, prob if by_probability else raw, prob, raw))
    return out


def _block_vectors(texts, blocks, emb: np.ndarray, encoder, kind: Kind, joined: list[str]) -> np.ndarray:
    if encoder is not None:
        return np.asarray(encoder.encode(joined, kind=kind), dtype=np.float32)
    out = np.zeros((len(blocks), emb.shape[1]), dtype=np.float32)
    for bi, members in enumerate(blocks):
        for i in members:
            out[bi] += emb[i] * (len(texts[i]) + LEN_SMOOTH)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _greedy(src: np.ndarray, tgt: np.ndarray, score: np.ndarray) -> list[int]:
    """Candidate positions accepted best first, each sentence used at most once."""
    used_k: set[int] = set()
    used_r: set[int] = set()
    out = []
    for p in np.argsort(-score, kind="stable"):
        i, j = int(src[p]), int(tgt[p])
        if i in used_k or j in used_r:
            continue
        used_k.add(i)
        used_r.add(j)
        out.append(int(p))
    return out


def _lexical(kk, ru, src, tgt) -> np.ndarray:
    tok_k = {int(i): numbers(kk[i]) | latin_tokens(kk[i]) for i in np.unique(src)}
    tok_r = {int(j): numbers(ru[j]) | latin_tokens(ru[j]) for j in np.unique(tgt)}
    out = np.zeros(len(src))
    for p, (i, j) in enumerate(zip(src.tolist(), tgt.tolist())):
        a, b = tok_k[i], tok_r[j]
        if a or b:
            out[p] = 2.0 * len(a & b) / len(a | b) - 1.0
    return out
