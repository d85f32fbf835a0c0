"""LinearRegression and the shared preprocessing, against scikit-learn."""

import numpy as np
import pytest

from aiguille.datasets import load_ai4i
from aiguille.linear_model import LinearRegression
from aiguille.linear_model._base import _gram_xy, _preprocess_data, _rescale_data
from aiguille.utils._testing import require


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def _ai4i():
    data = load_ai4i().data
    X = np.delete(data, 4, axis=1)  # Type, temperatures, speed, tool wear
    y = data[:, 4]  # torque
    return X, y


def _noisy(n=300, p=8, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p) * rng.uniform(0.5, 3, p) + rng.uniform(-2, 2, p)
    y = X @ rng.randn(p) + 0.5 * rng.standard_t(3, n) + 1.0
    return X, y, rng.uniform(0.1, 2.0, n)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("data", ["ai4i", "noisy"])
def test_linear_regression_matches_sklearn(data, weighted, fit_intercept):
    sk = require("sklearn.linear_model")
    if data == "ai4i":
        X, y = _ai4i()
        sw = np.random.RandomState(1).uniform(0.5, 1.5, len(y))
    else:
        X, y, sw = _noisy()
    sw = sw if weighted else None
    X0 = X.copy()
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    ref = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    assert _rel(ours.intercept_, ref.intercept_) < 1e-8
    assert ours.rank_ == ref.rank_
    assert _rel(ours.singular_, ref.singular_) < 1e-6
    np.testing.assert_array_equal(X, X0)  # X never modified


def test_linear_regression_rank_deficient_min_norm():
    sk = require("sklearn.linear_model")
    X, y, _ = _noisy(100, 5)
    X = np.c_[X, X[:, 0] + X[:, 1], X[:, 2]]  # two exactly dependent columns
    ours = LinearRegression().fit(X, y)
    ref = sk.LinearRegression().fit(X, y)
    assert ours.rank_ == ref.rank_ == 5
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    assert _rel(ours.intercept_, ref.intercept_) < 1e-8
    wide = np.random.RandomState(0).randn(10, 30)
    ours = LinearRegression().fit(wide, y[:10])
    ref = sk.LinearRegression().fit(wide, y[:10])
    assert _rel(ours.coef_, ref.coef_) < 1e-8


def test_linear_regression_multi_output_sparse_positive():
    sk = require("sklearn.linear_model")
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _noisy()
    Y = np.c_[y, -2 * y + 1, X[:, 0]]
    ours = LinearRegression().fit(X, Y, sample_weight=sw)
    ref = sk.LinearRegression().fit(X, Y, sample_weight=sw)
    assert ours.coef_.shape == (3, X.shape[1]) and ours.intercept_.shape == (3,)
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    Xs = sp.csr_matrix(np.where(np.abs(X) > 1.0, X, 0.0))
    ours = LinearRegression(tol=1e-12).fit(Xs, y, sample_weight=sw)
    dense = LinearRegression().fit(Xs.toarray(), y, sample_weight=sw)
    assert not hasattr(ours, "rank_")
    assert _rel(ours.coef_, dense.coef_) < 1e-6
    ours = LinearRegression(positive=True).fit(X, y)
    ref = sk.LinearRegression(positive=True).fit(X, y)
    assert np.all(ours.coef_ >= 0)
    assert _rel(ours.coef_, ref.coef_) < 1e-8


def test_linear_regression_float32_stays_float32():
    X, y, _ = _noisy()
    reg = LinearRegression().fit(X.astype(np.float32), y.astype(np.float32))
    assert reg.coef_.dtype == np.float32
    assert reg.predict(X.astype(np.float32)).dtype == np.float32
    ref = LinearRegression().fit(X, y)
    assert _rel(reg.coef_, ref.coef_) < 1e-3


def test_gram_xy_large_means_falls_back_to_centering():
    rng = np.random.RandomState(0)
    X = rng.randn(500, 3) + [1e6, 0.0, -5e4]
    y = X @ [1.0, 2.0, 3.0] + rng.randn(500)
    G, Xy, X_offset, y_offset = _gram_xy(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    assert _rel(G, Xc.T @ Xc) < 1e-10
    assert _rel(Xy, Xc.T @ yc) < 1e-10


def test_preprocess_and_rescale_match_sklearn():
    skb = require("sklearn.linear_model._base")
    X, y, sw = _noisy(50, 4)
    ours = _preprocess_data(X, y, fit_intercept=True, sample_weight=sw)
    ref = skb._preprocess_data(X, y, fit_intercept=True, sample_weight=sw)
    for a, b in zip(ours, ref):
        assert _rel(a, b) < 1e-12
    ours = _rescale_data(X, y, sw)
    ref = skb._rescale_data(X, y, sw)
    for a, b in zip(ours, ref):
        assert _rel(a, b) < 1e-12
