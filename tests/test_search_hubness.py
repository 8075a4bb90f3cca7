"""Semantic ranking corrected for hubs: a segment near to everything must not outrank the
true translation (CSLS: cosine less half the segment's mean cosine to its nearest segments of
the other language). Unit tests on made vectors, then the stored index on a real TM."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tm.encoders import get_encoder
from tm.search import search
from tm.search.semantic import HUB_K, build_from_vectors, index_paths, semantic_index
from tm.store import Store
from tm.store.pairs import add_pairs
from tm.store.records import PairRecord

N = 12  # pairs


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def made_tm() -> tuple[np.ndarray, np.ndarray]:
    """Pair p (1..N) has kk = 0.8 e0 + 0.6 ep and ru = ep, except pair 1 whose Russian side is
    e0 itself: a hub at cosine 0.8 from every Kazakh side, where a translation is at 0.6."""
    eye = np.eye(N + 1, dtype=np.float32)
    kk = 0.8 * eye[0] + 0.6 * eye[1:]
    ru = eye[1:].copy()
    ru[0] = eye[0]
    ids = np.array([p * 2 + side for p in range(1, N + 1) for side in (0, 1)], dtype=np.int64)
    return ids, np.stack([v for pair in zip(kk, ru) for v in pair])


def test_the_translation_outranks_a_hub() -> None:
    ids, vectors = made_tm()
    sem = build_from_vectors(ids, vectors, model="m", tm_id="t")
    for pair in range(2, N + 1):
        query = vectors[(pair - 1) * 2]
        assert sem.ranked(query, 1, side=1, hubness=False)[0][0] == 1  # by cosine: the hub
        best = sem.ranked(query, 1, side=1)[0]
        assert best[0] == pair
        assert best[2] == pytest.approx(0.6, abs=1e-5)  # the cosine is reported as it is


def test_the_adjusted_score_is_centred_on_the_typical_hubness() -> None:
    ids, vectors = made_tm()
    sem = build_from_vectors(ids, vectors, model="m", tm_id="t")
    query = vectors[2]  # pair 2's Kazakh side
    for pair, side, cosine, adjusted in sem.ranked(query, 2 * N, side=1):
        hub = sem.hubness(np.array([2 * pair + side]))[0]
        assert adjusted == pytest.approx(cosine - 0.5 * (hub - sem.typical_hubness), abs=1e-5)
    scores = [adjusted for *_, adjusted in sem.ranked(query, 2 * N)]
    assert scores == sorted(scores, reverse=True)


def test_hubness_is_the_mean_of_the_other_language_neighbours() -> None:
    ids, vectors = made_tm()
    sem = build_from_vectors(ids, vectors, model="m", tm_id="t")
    assert sem.hubness(np.array([3]))[0] == pytest.approx(0.8, abs=1e-5)  # the hub: 0.8 to all
    assert sem.hubness(np.array([5]))[0] == pytest.approx(0.6 / HUB_K, abs=1e-5)  # e2: one at 0.6
    assert sem.hubness(np.array([10_001]))[0] == 0.0  # unknown id


def test_added_vectors_get_the_same_hubness_as_a_rebuild() -> None:
    rng = np.random.default_rng(5)
    vectors = unit(rng.normal(size=(80, 24)))
    ids = np.arange(2, 82, dtype=np.int64)  # 40 pairs, kk and ru sides
    whole = build_from_vectors(ids, vectors, model="m", tm_id="t")
    part = build_from_vectors(ids[:-10], vectors[:-10], model="m", tm_id="t")
    part.index.add_with_ids(vectors[-10:], ids[-10:])
    part.measure_hubness(ids[-10:], vectors[-10:])
    np.testing.assert_allclose(part.hubness(ids[-10:]), whole.hubness(ids[-10:]), atol=1e-5)


def test_hubness_is_saved_beside_the_index_and_an_old_index_is_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    pairs = [("Кеше қалада қатты жаңбыр жауды.", "Вчера в городе шёл сильный дождь."),
             ("Ол кітапханадан үш кітап алды.", "Он взял в библиотеке три книги."),
             ("Елші Астанада баспасөз мәслихатын өткізді.", "Посол провёл пресс-конференцию в Астане.")]
    with Store(db) as store:
        add_pairs(store, [PairRecord(kk, ru, 0.9, "parallel") for kk, ru in pairs])
        search(store, "дождь", kinds=("semantic",))
        index_path, _, hub_path = index_paths(store)
        assert index_path.exists() and hub_path.exists()
    hub_path.unlink()  # an index written before hubness was kept
    with Store(db) as store:
        hits = search(store, "Посол дал пресс-конференцию.", kinds=("semantic",), limit=1)
        assert hits[0].kk == pairs[2][0]
        assert "hubness" in hits[0].explanation
        ranked = search(store, "Посол дал пресс-конференцию.", kinds=("semantic",), limit=6)
        assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)
        assert hub_path.exists()
        assert len(semantic_index(store, get_encoder()).hub) == 6
