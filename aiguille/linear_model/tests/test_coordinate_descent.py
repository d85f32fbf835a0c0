"""Lasso, ElasticNet, their paths and CV versions vs scikit-learn and a plain numpy CD."""

import warnings

import numpy as np
import pytest

from aiguille.datasets import load_ai4i
from aiguille.exceptions import ConvergenceWarning
from aiguille.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)
from aiguille.utils._testing import require


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def _noisy(n=200, p=30, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p) + rng.uniform(-1, 1, p)
    w = np.zeros(p)
    w[:6] = 3 * rng.randn(6)
    y = X @ w + rng.standard_t(3, n) + 2.0
    return X, y, rng.uniform(0.1, 2.0, n)


def _ai4i():
    data = load_ai4i().data
    X = np.delete(data, 4, axis=1)[:3000]
    X = (X - X.mean(0)) / X.std(0)
    return X, data[:3000, 4]


def _numpy_lasso_cd(X, y, alpha, n_sweeps=3000):
    """Plain cyclic coordinate descent for 1/(2n)||y - Xw||^2 + alpha ||w||_1 (no tricks)."""
    n, p = X.shape
    w = np.zeros(p)
    for _ in range(n_sweeps):
        for j in range(p):
            r = y - X @ w + X[:, j] * w[j]
            rho = X[:, j] @ r / n
            w[j] = np.sign(rho) * max(abs(rho) - alpha, 0.0) / (X[:, j] @ X[:, j] / n)
    return w


def test_kernel_matches_plain_numpy_cd():
    rng = np.random.RandomState(3)
    X = rng.randn(40, 5)
    y = X @ [1.0, 0.0, -2.0, 0.0, 0.5] + 0.1 * rng.randn(40)
    ours = Lasso(alpha=0.05, fit_intercept=False, tol=1e-14, max_iter=10000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, _numpy_lasso_cd(X, y, 0.05), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("order", ["C", "F"])
def test_centred_copy_split_between_threads(monkeypatch, weighted, order):
    # the centred (sqrt-weighted) Fortran copy, whatever the row ranges: the numpy formula
    from aiguille.linear_model import _coordinate_descent as cd

    monkeypatch.setattr(cd, "_CENTER_THREADED_MIN_BYTES", 0)
    monkeypatch.setattr(cd, "blas_threads", lambda: 3)
    X, y, sw = _noisy(n=203)
    X = np.asarray(X, order=order)
    sw = sw if weighted else None
    Xc, yc, X_offset, y_offset = cd._center_fortran(X, y, sw)
    assert Xc.flags.f_contiguous
    np.testing.assert_allclose(X_offset, np.average(X, axis=0, weights=sw), rtol=1e-13)
    scale = 1.0 if sw is None else np.sqrt(sw)[:, None]
    np.testing.assert_array_equal(Xc, (X - X_offset) * scale)
    np.testing.assert_allclose(yc, (y - y_offset) * np.ravel(scale), rtol=1e-15)


def test_cold_and_warm_start_reach_the_same_solution():
    # a cold start takes the first gap's X^T R with the column norms; a warm start from
    # a nonzero w recomputes the residual: both end at the same optimum
    X, y, _ = _noisy()
    cold = Lasso(alpha=0.1, tol=1e-12, max_iter=10000).fit(X, y)
    warm = Lasso(alpha=0.5, tol=1e-12, max_iter=10000, warm_start=True).fit(X, y)
    assert np.any(warm.coef_ != 0)
    warm.set_params(alpha=0.1).fit(X, y)
    np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=1e-8, atol=1e-10)


VARIANTS = [
    {},
    {"fit_intercept": False},
    {"positive": True},
    {"precompute": True},
    {"selection": "random", "random_state": 0},
]


@pytest.mark.parametrize("extra", VARIANTS, ids=lambda d: ",".join(d) or "default")
@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
@pytest.mark.parametrize("data", ["ai4i", "noisy"])
def test_enet_matches_sklearn(model, extra, data):
    sk = require("sklearn.linear_model")
    if data == "ai4i":
        X, y = _ai4i()
        sw = None
        alpha = 0.5
    else:
        X, y, sw = _noisy()
        alpha = 0.1
    kw = dict(alpha=alpha, tol=1e-10, max_iter=100000, **extra)
    if model == "ElasticNet":
        kw["l1_ratio"] = 0.7
    X0 = X.copy()
    ours = globals()[model](**kw).fit(X, y, sample_weight=sw)
    ref = getattr(sk, model)(**kw).fit(X, y, sample_weight=sw)
    assert _rel(ours.coef_, ref.coef_) < 1e-6
    assert _rel(ours.intercept_, ref.intercept_) < 1e-6
    assert ours.dual_gap_ <= kw["tol"] * np.dot(y, y) / len(y) + 1e-12
    if "selection" not in extra:
        assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_array_equal(X, X0)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_sparse_equals_dense_and_sklearn(fit_intercept):
    sk = require("sklearn.linear_model")
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _noisy()
    X = np.where(np.abs(X) > 1.0, X, 0.0)
    kw = dict(alpha=0.05, l1_ratio=0.6, tol=1e-10, max_iter=100000, fit_intercept=fit_intercept)
    for weights in (None, sw):
        sparse = ElasticNet(**kw).fit(sp.csr_matrix(X), y, sample_weight=weights)
        dense = ElasticNet(**kw).fit(X, y, sample_weight=weights)
        ref = sk.ElasticNet(**kw).fit(sp.csr_matrix(X), y, sample_weight=weights)
        assert _rel(sparse.coef_, dense.coef_) < 1e-6
        assert _rel(sparse.intercept_, dense.intercept_) < 1e-6
        assert _rel(sparse.coef_, ref.coef_) < 1e-6
        np.testing.assert_allclose(sparse.predict(sp.csr_matrix(X)), dense.predict(X), rtol=1e-6)


def test_multi_output_warm_start_and_convergence_warning():
    sk = require("sklearn.linear_model")
    X, y, _ = _noisy()
    Y = np.c_[y, -y + X[:, 3]]
    ours = Lasso(alpha=0.1, tol=1e-10).fit(X, Y)
    ref = sk.Lasso(alpha=0.1, tol=1e-10).fit(X, Y)
    assert ours.coef_.shape == (2, X.shape[1])
    assert _rel(ours.coef_, ref.coef_) < 1e-6
    assert ours.n_iter_ == ref.n_iter_
    with pytest.warns(ConvergenceWarning, match="Objective did not converge"):
        Lasso(alpha=1e-4, max_iter=2, tol=1e-12).fit(X, y)
    model = ElasticNet(alpha=0.1, warm_start=True, tol=1e-10, max_iter=100000).fit(X, y)
    n_cold = model.n_iter_
    model.fit(X, y)
    assert model.n_iter_ < n_cold
    assert model.sparse_coef_.shape == (1, X.shape[1])


def test_paths_match_sklearn():
    sk = require("sklearn.linear_model")
    X, y, _ = _noisy()
    Xc, yc = X - X.mean(0), y - y.mean()
    ours = lasso_path(Xc, yc, alphas=20, tol=1e-10, return_n_iter=True)
    ref = sk.lasso_path(Xc, yc, alphas=20, tol=1e-10, return_n_iter=True)
    assert _rel(ours[0], ref[0]) < 1e-12
    assert _rel(ours[1], ref[1]) < 1e-6
    assert list(ours[3]) == list(ref[3])
    ours = enet_path(Xc, yc, l1_ratio=0.3, alphas=[1.0, 0.1, 0.01], tol=1e-10, precompute=True)
    ref = sk.enet_path(Xc, yc, l1_ratio=0.3, alphas=[1.0, 0.1, 0.01], tol=1e-10, precompute=True)
    assert _rel(ours[1], ref[1]) < 1e-6


def test_lasso_cv_and_elastic_net_cv_match_sklearn():
    sk = require("sklearn.linear_model")
    ms = require("sklearn.model_selection")
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _noisy()
    ours = LassoCV(cv=ms.KFold(4), tol=1e-10).fit(X, y)
    ref = sk.LassoCV(cv=ms.KFold(4), tol=1e-10).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    assert _rel(ours.alphas_, ref.alphas_) < 1e-12
    assert _rel(ours.mse_path_, ref.mse_path_) < 1e-6
    assert _rel(ours.coef_, ref.coef_) < 1e-6
    kw = dict(l1_ratio=[0.2, 0.8], cv=3, tol=1e-10, alphas=30)
    ours = ElasticNetCV(**kw).fit(X, y, sample_weight=sw)
    ref = sk.ElasticNetCV(**kw).fit(X, y, sample_weight=sw)
    assert (ours.alpha_, ours.l1_ratio_) == (ref.alpha_, ref.l1_ratio_)
    assert ours.mse_path_.shape == ref.mse_path_.shape == (2, 30, 3)
    assert _rel(ours.mse_path_, ref.mse_path_) < 1e-6
    Xs = sp.csr_matrix(np.where(np.abs(X) > 1.0, X, 0.0))
    ours = LassoCV(cv=3, alphas=20, tol=1e-10, n_jobs=2).fit(Xs, y)
    ref = sk.LassoCV(cv=3, alphas=20, tol=1e-10).fit(Xs, y)
    assert ours.alpha_ == ref.alpha_ and _rel(ours.mse_path_, ref.mse_path_) < 1e-6


def test_errors_and_alpha_zero_warning():
    X, y, _ = _noisy(50, 8)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=1.5).fit(X, y)
    with pytest.raises(ValueError, match="Automatic alpha grid generation is not supported"):
        ElasticNetCV(l1_ratio=0.0).fit(X, y)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        Lasso(alpha=0.0, max_iter=5).fit(X, y)
    assert any("alpha=0" in str(w.message) for w in rec)
