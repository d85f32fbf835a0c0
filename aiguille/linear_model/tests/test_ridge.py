"""Ridge, RidgeClassifier, RidgeCV, RidgeClassifierCV and ridge_regression vs scikit-learn."""

import warnings

import numpy as np
import pytest

from aiguille.datasets import load_ai4i, load_digits
from aiguille.linear_model import (
    Ridge,
    RidgeClassifier,
    RidgeClassifierCV,
    RidgeCV,
    ridge_regression,
)
from aiguille.utils._testing import require


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def _noisy(n=300, p=8, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p) * rng.uniform(0.5, 3, p) + rng.uniform(-2, 2, p)
    y = X @ rng.randn(p) + 0.5 * rng.standard_t(3, n) + 1.0
    return X, y, rng.uniform(0.1, 2.0, n)


def _ai4i_scaled():
    data = load_ai4i().data
    X = np.delete(data, 4, axis=1)
    X = (X - X.mean(0)) / X.std(0)  # sag/saga need comparable feature scales
    return X[:2000], data[:2000, 4]


# closed forms to 1e-8, iterative solvers at tol=1e-10 to 1e-6 (sag/saga: 1e-4)
SOLVERS = [
    ("auto", 1e-8),
    ("svd", 1e-8),
    ("cholesky", 1e-8),
    ("lsqr", 1e-6),
    ("sparse_cg", 1e-6),
    ("sag", 1e-4),
    ("saga", 1e-4),
]


@pytest.mark.parametrize("solver,rtol", SOLVERS)
@pytest.mark.parametrize("data", ["ai4i", "noisy"])
def test_ridge_solvers_match_sklearn(solver, rtol, data):
    sk = require("sklearn.linear_model")
    if data == "ai4i":
        X, y = _ai4i_scaled()
        sw = None
    else:
        X, y, sw = _noisy()
    kw = dict(alpha=2.0, solver=solver, tol=1e-10, random_state=0)
    if solver in ("sag", "saga"):
        kw["max_iter"] = 20000
    X0 = X.copy()
    ours = Ridge(**kw).fit(X, y, sample_weight=sw)
    ref = sk.Ridge(**kw).fit(X, y, sample_weight=sw)
    assert _rel(ours.coef_, ref.coef_) < rtol
    assert _rel(ours.intercept_, ref.intercept_) < rtol
    assert ours.solver_ == ref.solver_
    np.testing.assert_array_equal(X, X0)


def test_ridge_no_intercept_multi_target_alphas_and_positive():
    sk = require("sklearn.linear_model")
    X, y, sw = _noisy()
    Y = np.c_[y, 3 * y + X[:, 1]]
    for kw in (
        dict(alpha=[0.5, 5.0]),
        dict(alpha=[0.5, 5.0], solver="svd", fit_intercept=False),
        dict(alpha=1.0, solver="lsqr", tol=1e-12, fit_intercept=False),
    ):
        ours = Ridge(**kw).fit(X, Y, sample_weight=sw)
        ref = sk.Ridge(**kw).fit(X, Y, sample_weight=sw)
        assert _rel(ours.coef_, ref.coef_) < 1e-8
        assert _rel(ours.intercept_, ref.intercept_) < 1e-8
    ours = Ridge(alpha=1.0, positive=True, tol=1e-10).fit(X, y)
    ref = sk.Ridge(alpha=1.0, positive=True, tol=1e-10).fit(X, y)
    assert np.all(ours.coef_ >= 0) and _rel(ours.coef_, ref.coef_) < 1e-5
    wide = np.random.RandomState(0).randn(20, 50)
    ours = Ridge().fit(wide, y[:20])
    ref = sk.Ridge().fit(wide, y[:20])
    assert _rel(ours.coef_, ref.coef_) < 1e-8


@pytest.mark.parametrize("solver", ["auto", "lsqr", "sparse_cg"])
def test_ridge_sparse_equals_dense(solver):
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _noisy()
    X = np.where(np.abs(X) > 1.0, X, 0.0)
    dense = Ridge(alpha=1.0, solver="cholesky").fit(X, y, sample_weight=sw)
    sparse = Ridge(alpha=1.0, solver=solver, tol=1e-12).fit(sp.csr_matrix(X), y, sample_weight=sw)
    assert _rel(sparse.coef_, dense.coef_) < 1e-6
    assert _rel(sparse.intercept_, dense.intercept_) < 1e-6


def test_ridge_float32_and_errors():
    X, y, _ = _noisy()
    r = Ridge().fit(X.astype(np.float32), y)
    assert r.coef_.dtype == np.float32
    with pytest.raises(ValueError, match="Number of targets and number of penalties"):
        Ridge(alpha=[1.0, 2.0, 3.0]).fit(X, np.c_[y, y])
    with pytest.raises(ValueError, match="'lbfgs' solver can be used only when positive=True"):
        Ridge(solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="does not support positive fitting"):
        Ridge(solver="svd", positive=True).fit(X, y)


@pytest.mark.parametrize("class_weight", [None, "balanced", {0: 2.0, 1: 0.5}])
def test_ridge_classifier_matches_sklearn(class_weight):
    sk = require("sklearn.linear_model")
    X, y, sw = _noisy()
    y = np.digitize(y, np.percentile(y, [30, 70]))
    ours = RidgeClassifier(class_weight=class_weight).fit(X, y, sample_weight=sw)
    ref = sk.RidgeClassifier(class_weight=class_weight).fit(X, y, sample_weight=sw)
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-8)
    yb = np.where(y > 0, "yes", "no")  # string labels, binary
    ours = RidgeClassifier().fit(X, yb)
    ref = sk.RidgeClassifier().fit(X, yb)
    assert ours.coef_.shape == (1, X.shape[1])
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_ridge_classifier_digits():
    sk = require("sklearn.linear_model")
    X, y = load_digits(return_X_y=True)
    ours = RidgeClassifier(alpha=10.0).fit(X, y)
    ref = sk.RidgeClassifier(alpha=10.0).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


@pytest.mark.parametrize("gcv_mode", [None, "svd", "eigen"])
@pytest.mark.parametrize("shape", [(200, 10), (30, 60)])
def test_ridge_cv_loo_matches_sklearn(gcv_mode, shape):
    sk = require("sklearn.linear_model")
    X, y, sw = _noisy(*shape)
    Y = np.c_[y, X[:, 0] - y]
    alphas = [1e-3, 1e-1, 1.0, 10.0, 100.0]
    for target, weights, per_target in ((y, sw, False), (Y, None, True)):
        kw = dict(
            alphas=alphas, gcv_mode=gcv_mode, store_cv_results=True, alpha_per_target=per_target
        )
        ours = RidgeCV(**kw).fit(X, target, sample_weight=weights)
        ref = sk.RidgeCV(**kw).fit(X, target, sample_weight=weights)
        np.testing.assert_array_equal(ours.alpha_, ref.alpha_)
        assert _rel(ours.best_score_, ref.best_score_) < 1e-8
        assert _rel(ours.coef_, ref.coef_) < 1e-8
        assert _rel(ours.intercept_, ref.intercept_) < 1e-8
        assert _rel(ours.cv_results_, ref.cv_results_) < 1e-7


def test_ridge_cv_sparse_scoring_and_kfold():
    sk = require("sklearn.linear_model")
    sp = pytest.importorskip("scipy.sparse")
    X, y, sw = _noisy()
    Xs = sp.csr_matrix(np.where(np.abs(X) > 1.0, X, 0.0))
    ours = RidgeCV(alphas=[0.1, 1.0, 10.0]).fit(Xs, y, sample_weight=sw)
    ref = sk.RidgeCV(alphas=[0.1, 1.0, 10.0]).fit(Xs, y, sample_weight=sw)
    assert ours.alpha_ == ref.alpha_ and _rel(ours.coef_, ref.coef_) < 1e-8
    ours = RidgeCV(alphas=[0.1, 1.0, 10.0], scoring="r2").fit(X, y)
    ref = sk.RidgeCV(alphas=[0.1, 1.0, 10.0], scoring="r2").fit(X, y)
    assert ours.alpha_ == ref.alpha_ and _rel(ours.best_score_, ref.best_score_) < 1e-8
    ours = RidgeCV(alphas=[0.1, 1.0, 100.0], cv=3).fit(X, y)
    ref = sk.RidgeCV(alphas=[0.1, 1.0, 100.0], cv=3).fit(X, y)
    assert ours.alpha_ == ref.alpha_ and _rel(ours.best_score_, ref.best_score_) < 1e-8


def test_ridge_classifier_cv_and_ridge_regression():
    sk = require("sklearn.linear_model")
    X, y = load_digits(return_X_y=True)
    ours = RidgeClassifierCV(alphas=[0.1, 1.0, 10.0, 100.0]).fit(X, y)
    ref = sk.RidgeClassifierCV(alphas=[0.1, 1.0, 10.0, 100.0]).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    assert _rel(ours.coef_, ref.coef_) < 1e-8
    Xn, yn, sw = _noisy()
    for kw in (dict(), dict(solver="svd"), dict(solver="lsqr", tol=1e-12)):
        ours = ridge_regression(Xn, yn, 1.5, sample_weight=sw, **kw)
        ref = sk.ridge_regression(Xn, yn, 1.5, sample_weight=sw, **kw)
        assert _rel(ours, ref) < 1e-8
    coef, n_iter, intercept = ridge_regression(
        Xn,
        yn,
        1.0,
        solver="sag",
        return_intercept=True,
        return_n_iter=True,
        tol=1e-10,
        max_iter=20000,
        random_state=0,
    )
    assert coef.shape == (Xn.shape[1],) and n_iter.shape == (1,)
    ref = sk.Ridge(alpha=1.0).fit(Xn, yn)
    assert _rel(coef, ref.coef_) < 1e-4 and _rel(intercept, ref.intercept_) < 1e-4


def test_ridge_bad_refit_keeps_model():
    X, y, _ = _noisy()
    r = Ridge().fit(X, y)
    coef = r.coef_.copy()
    with pytest.raises(ValueError), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r.predict(X[:, :3])
    np.testing.assert_array_equal(r.coef_, coef)
