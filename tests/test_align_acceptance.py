"""The mining acceptance model (tm.align.acceptance): its shipped numbers, its inputs, its file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tm.align.acceptance import FEATURES, MODEL_FILE, AcceptanceModel, best_other, feature_matrix, load_model


def test_shipped_model_matches_the_features():
    model = load_model()
    assert len(model.weights) == len(model.mean) == len(model.scale) == len(FEATURES)
    assert 0.05 < model.accept < 0.95
    assert (model.scale > 0).all()


def test_probability_rises_with_the_margin_and_the_gaps():
    """More margin over the neighbourhood, and more over each sentence's next best candidate,
    make a translation likelier."""
    model = load_model()
    n = 21
    margin = np.linspace(0.95, 1.25, n)
    base = dict(cosines=np.full((4, n), 0.85), density=np.full(n, 0.8), run_median=1.0,
                length_z=np.zeros(n), lexical=np.zeros(n), min_words=np.full(n, 10))
    low_gap = model.probability(feature_matrix(np.tile(margin, (4, 1)), gap_kk=np.zeros(n), gap_ru=np.zeros(n), **base))
    high_gap = model.probability(feature_matrix(np.tile(margin, (4, 1)), gap_kk=np.full(n, 0.08),
                                                gap_ru=np.full(n, 0.08), **base))
    assert (np.diff(low_gap) > 0).all()
    assert (high_gap > low_gap).all()
    assert ((0 <= low_gap) & (high_gap <= 1)).all()


@pytest.mark.parametrize("seed", range(5))
def test_best_other_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 6, 30)
    values = rng.normal(size=30).round(1)  # ties included
    got = best_other(values, ids, 6)
    for p in range(30):
        others = [values[q] for q in range(30) if ids[q] == ids[p] and q != p]
        assert got[p] == (max(others) if others else -np.inf)


def test_feature_matrix_one_row_per_candidate():
    n = 7
    x = feature_matrix(np.ones((4, n)), np.full((4, n), 0.8), np.full(n, 0.8), np.zeros(n), np.zeros(n),
                       1.0, np.zeros(n), np.array([1.0, -1.0, 0, 0, 0, 0, 0]), np.full(n, 3))
    assert x.shape == (n, len(FEATURES))
    lex = x[:, FEATURES.index("lexical_agree")], x[:, FEATURES.index("lexical_clash")]
    assert lex[0][0] == 1.0 and lex[1][0] == 0.0 and lex[0][1] == 0.0 and lex[1][1] == 1.0


def test_a_model_fitted_on_other_features_is_refused(tmp_path):
    spec = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    spec["features"] = spec["features"][:-1]
    path = tmp_path / "acceptance.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="refit with scripts/fit_acceptance.py"):
        load_model.__wrapped__(path)


def test_model_round_trips_through_json():
    model = load_model()
    again = AcceptanceModel(*(np.array(model.to_json()[k]) for k in ("mean", "scale", "weights")),
                            model.bias, model.accept, model.prior)
    x = np.random.default_rng(0).normal(size=(5, len(FEATURES))) * model.scale + model.mean
    assert np.allclose(again.probability(x), model.probability(x), atol=1e-5)


@pytest.mark.parametrize("share", [0.02, 0.045, 0.2])
def test_run_prior_recovers_the_share_of_translations(share):
    """A run with another share of translations than the training runs: EM over the model's
    probabilities finds that share. Log likelihood ratios ~ N(+-2, 2^2) are consistent (the
    log ratio of the two densities is the value itself), so the probabilities are calibrated."""
    model = load_model()
    rng = np.random.default_rng(1)
    y = rng.random(40000) < share
    log_lr = np.where(y, rng.normal(2.0, 2.0, len(y)), rng.normal(-2.0, 2.0, len(y)))
    odds = np.exp(log_lr) * model.prior / (1 - model.prior)
    p = odds / (1 + odds)  # calibrated at the training prior
    pi = model.run_prior(p)
    assert abs(pi - share) < 0.15 * share
    assert np.allclose(model.at_prior(p, model.prior), p)
    assert abs(model.at_prior(p, pi).mean() - pi) < 1e-4  # EM's fixed point: the moved mean is the prior
