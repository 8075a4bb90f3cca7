"""Units of tm.align against brute-force answers, on synthetic vectors (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from tm.align import align_pair, align_parallel, choose_mode, mine, parallel
from tm.align.auto import ModeDecision, _decide, decide_mode, longest_chain
from tm.align.calibration import parallel_scores
from tm.align.dp import Band, band_dp
from tm.align.features import lexical_agreement, list_blocks, topk_group_mean, word_count
from tm.align.mining import knn

DIM = 64
TWO_WORDS = "екі сөз"  # placeholder text of synthetic vectors (one-word segments are not mined)


def unit(rng, n: int) -> np.ndarray:
    x = rng.normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def translations(n: int, seed: int = 0, noise: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """kk and ru vectors of n sentence pairs sharing a common direction (as e5's do)."""
    rng = np.random.default_rng(seed)
    common = unit(rng, 1)
    meaning = unit(rng, n)
    kk = 1.5 * common + meaning + noise * unit(rng, n)
    ru = 1.5 * common + meaning + noise * unit(rng, n)
    return (kk / np.linalg.norm(kk, axis=1, keepdims=True), ru / np.linalg.norm(ru, axis=1, keepdims=True))


def brute_dp(n, m, gains, allowed, skip_kk, skip_ru) -> float:
    """Best path score over every node of `allowed` (a set of (i, j)), plain loops."""
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    moves = [(1, 0), (0, 1), *gains]
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in allowed or (i, j) == (0, 0):
                continue
            for a, b in moves:
                if i >= a and j >= b and (i - a, j - b) in allowed:
                    g = skip_kk if b == 0 else skip_ru if a == 0 else gains[a, b][i, j]
                    best[i, j] = max(best[i, j], best[i - a, j - b] + g)
    return best[n, m]


def path_score(steps, gains, skip_kk, skip_ru) -> float:
    total = 0.0
    for i0, j0, i1, j1 in steps:
        a, b = i1 - i0, j1 - j0
        total += skip_kk if b == 0 else skip_ru if a == 0 else gains[a, b][i1, j1]
    return total


@pytest.mark.parametrize("seed", range(40))
def test_band_dp_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, m = (int(x) for x in rng.integers(0, 9, 2))
    shapes = [(1, 1), (1, 2), (2, 1), (2, 2)]
    dense = {s: rng.normal(size=(n + 1, m + 1)) for s in shapes}
    skip_kk, skip_ru = -abs(rng.normal()), -abs(rng.normal())
    if seed % 2:
        band = Band.full(n, m)
    else:
        centre = np.round(np.linspace(0, m, n + 1)).astype(np.int64)
        band = Band.around(centre, centre, m, radius=1)
    rows, cols = band.cells
    flat = {s: np.where((rows >= s[0]) & (cols >= s[1]), g[rows, cols], -np.inf) for s, g in dense.items()}
    steps = band_dp(band, flat, skip_kk, skip_ru)
    allowed = set(zip(rows.tolist(), cols.tolist()))
    assert not steps if n == m == 0 else steps[0][:2] == (0, 0) and steps[-1][2:] == (n, m)
    assert all((i1, j1) in allowed for _, _, i1, j1 in steps)
    assert path_score(steps, dense, skip_kk, skip_ru) == pytest.approx(
        brute_dp(n, m, dense, allowed, skip_kk, skip_ru)
    )


def test_coarse_to_fine_equals_full_search(monkeypatch):
    kk, ru = translations(300, seed=1)
    keep_kk = [i for i in range(300) if i % 37 != 5]
    keep_ru = [j for j in range(300) if j % 41 != 7]
    texts_kk = ["ж" * 60] * len(keep_kk)
    texts_ru = ["ж" * 60] * len(keep_ru)
    full = align_parallel(texts_kk, texts_ru, None, kk_emb=kk[keep_kk], ru_emb=ru[keep_ru])
    monkeypatch.setattr(parallel, "FULL_CELLS", 400)
    banded = align_parallel(texts_kk, texts_ru, None, kk_emb=kk[keep_kk], ru_emb=ru[keep_ru])
    assert [(b.kk, b.ru) for b in banded] == [(b.kk, b.ru) for b in full]
    pairs = {(keep_kk[b.kk[0]], keep_ru[b.ru[0]]) for b in banded if len(b.kk) == len(b.ru) == 1}
    assert sum(i == j for i, j in pairs) >= 280


@pytest.mark.parametrize(("n", "m"), [(100, 5000), (5000, 100), (1, 3000), (2000, 1)])
def test_very_unequal_lengths(n, m):
    kk, ru = translations(max(n, m), seed=2)
    beads = align_parallel(["ж" * 50] * n, ["ж" * 50] * m, None, kk_emb=kk[:n], ru_emb=ru[:m])
    assert sorted(i for b in beads for i in b.kk) == list(range(n))
    assert sorted(j for b in beads for j in b.ru) == list(range(m))
    matched = [b for b in beads if len(b.kk) == len(b.ru) == 1]
    assert sum(b.kk == b.ru for b in matched) >= 0.9 * min(n, m)


def test_no_confident_anchor():
    rng = np.random.default_rng(3)
    kk, ru = unit(rng, 700), unit(rng, 650)
    beads = align_parallel(["ж" * 50] * 700, ["ж" * 50] * 650, None, kk_emb=kk, ru_emb=ru)
    assert sorted(i for b in beads for i in b.kk) == list(range(700))
    assert sorted(j for b in beads for j in b.ru) == list(range(650))


def test_needs_vectors_or_encoder():
    with pytest.raises(ValueError, match="align_parallel needs an encoder or both kk_emb and ru_emb"):
        align_parallel(["а"], ["б"], None)


@pytest.mark.parametrize("seed", range(5))
def test_topk_group_mean_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 30, 400 if seed else 5000)
    if seed == 4:  # one huge group and many small ones: the sorting path
        groups[:3000] = 7
    values = rng.normal(size=len(groups))
    got = topk_group_mean(groups, values, 32, 4)
    for g in range(32):
        vals = np.sort(values[groups == g])[::-1][:4]
        assert (np.isnan(got[g]) and len(vals) == 0) or got[g] == pytest.approx(vals.mean())


def test_knn_matches_brute_force():
    rng = np.random.default_rng(5)
    q, base = unit(rng, 50), unit(rng, 80)
    sims, ids = knn(q, base, 5)
    exact = q @ base.T
    assert (ids == np.argsort(-exact, axis=1)[:, :5]).all()
    assert np.allclose(sims, np.sort(exact, axis=1)[:, ::-1][:, :5], atol=1e-5)


def test_mining_recovers_hidden_pairs_at_scale():
    kk, ru = translations(3000, seed=6)
    rng = np.random.default_rng(7)
    kk_order, ru_order = rng.permutation(3000)[:2000], rng.permutation(3000)[:2000]
    beads = mine([TWO_WORDS] * 2000, [TWO_WORDS] * 2000, kk_emb=kk[kk_order], ru_emb=ru[ru_order])
    gold = {(i, j) for i, a in enumerate(kk_order) for j, b in enumerate(ru_order) if a == b}
    pred = {(b.kk[0], b.ru[0]) for b in beads}
    tp = len(pred & gold)
    assert tp / len(pred) > 0.95 and tp / len(gold) > 0.95


def test_mining_threshold_overrides():
    kk, ru = translations(50, seed=8)
    assert mine([TWO_WORDS] * 50, [TWO_WORDS] * 50, kk_emb=kk, ru_emb=ru, threshold=np.inf) == []
    assert len(mine([TWO_WORDS] * 50, [TWO_WORDS] * 50, kk_emb=kk, ru_emb=ru, threshold=-np.inf)) == 50


def test_parallel_scores_monotonic_in_unit_interval():
    margins = np.linspace(-0.3, 0.3, 61)
    for z in (0.0, 1.0, 3.0):
        s = parallel_scores(margins, np.full_like(margins, z))
        assert ((0 <= s) & (s <= 1)).all() and (np.diff(s) >= 0).all()
    assert parallel_scores(np.array([0.1]), np.array([0.0]))[0] > 0.9
    assert parallel_scores(np.array([-0.05]), np.array([0.0]))[0] < 0.1


@pytest.mark.parametrize(
    ("kk", "ru", "expected"),
    [
        ("2018 жылы Wi-Fi желісі іске қосылды.", "В 2018 году запущена сеть Wi-Fi.", 1.0),
        ("2018 жылы желі іске қосылды.", "В 2019 году запущена сеть.", -1.0),
        ("Желі іске қосылды.", "Сеть запущена.", 0.0),
    ],
)
def test_lexical_agreement(kk, ru, expected):
    assert lexical_agreement(kk, ru) == expected


@pytest.mark.parametrize(
    ("pairs", "length"),
    [([], 0), ([(0, 0), (1, 1), (2, 2)], 3), ([(0, 2), (1, 1), (2, 0)], 1), ([(0, 0), (0, 1), (1, 2)], 2)],
)
def test_longest_chain(pairs, length):
    assert longest_chain(pairs) == length


def test_decide_parallel_versus_shuffled():
    kk, ru = translations(400, seed=10)
    mode, reason, confidence = _decide(kk, ru)
    assert mode == "parallel" and reason.startswith("parallel: 100% of") and confidence > 0.9
    shuffled = ru[np.random.default_rng(11).permutation(400)]
    mode, reason, _ = _decide(kk, shuffled)
    assert mode == "comparable" and reason.startswith("comparable: only")


def test_decide_mode_carries_confidence_and_choose_mode_keeps_two_values():
    kk, ru = translations(400, seed=10)
    texts = ["ж"] * 400
    decision = decide_mode(texts, texts, kk, ru)
    assert isinstance(decision, ModeDecision) and decision.mode == "parallel" and decision.confidence > 0.9
    assert choose_mode(texts, texts, kk, ru) == (decision.mode, decision.reason)
    shuffled = ru[np.random.default_rng(11).permutation(400)]
    assert decide_mode(texts, texts, kk, shuffled).mode == "comparable"
    assert align_pair(texts, texts, None, kk_emb=kk, ru_emb=ru).mode_confidence == decision.confidence
    assert align_pair(texts, texts, None, "parallel", kk_emb=kk, ru_emb=ru).mode_confidence is None


def test_knn_ivf_above_size_limit(monkeypatch):
    from tm.align import mining

    monkeypatch.setattr(mining, "IVF_MIN", 1000)
    kk, ru = translations(4000, seed=12)
    _, ids = knn(kk, ru, 1)
    assert (ids[:, 0] == np.arange(4000)).mean() > 0.95


@pytest.mark.parametrize(
    ("texts", "blocks"),
    [
        (["Программа охватывает пять направлений:", "1. цифровизация отраслей.", "2. переход в цифровое государство.",
          "Далее."], [(0, 1, 2)]),
        (["Бағдарлама мына бағыттарды қамтиды:", "– экономиканы цифрландыру;", "– цифрлық мемлекетке көшу."],
         [(0, 1, 2)]),
        (["Выделим два направления:", "1. первое.", "Обычный текст."], []),  # one item is not a list
        (["Бес бағыт бар: экономика, мемлекет, Жібек жолы.", "1. Бірінші."], []),  # ':' inside, no lead
        (["Кіріспе.", "2018 жылы басталды."], []),
    ],
)
def test_list_blocks(texts, blocks):
    assert list_blocks(texts) == blocks


@pytest.mark.parametrize(
    ("text", "words"),
    [("АСТАНА.", 1), ("Аномалия.", 1), ("Бұл не?", 2), ("https://www.gov.kz/memleket/entities/mfa?lang=kk", 0),
     ("2017 ж. 12 желтоқсан", 1), ("Фото: Сюй Чанжи", 3)],
)
def test_word_count(text, words):
    assert word_count(text) == words
