"""LogisticRegression(CV) against scikit-learn: every solver and penalty, dense and sparse."""

import warnings

import numpy as np
import pytest

from aiguille.exceptions import ConvergenceWarning
from aiguille.linear_model import LogisticRegression, LogisticRegressionCV
from aiguille.utils._testing import require


def _noisy(seed=0, n=300, d=6, n_classes=2):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    if n_classes == 2:
        y = (X @ rng.randn(d) + rng.randn(n) > 0).astype(int)
    else:
        y = np.argmax(X[:, :n_classes] + rng.randn(n, n_classes), axis=1)
    return X, y, rng.rand(n) + 0.2


def _params(est):
    return np.c_[est.coef_, est.intercept_]


def _fit_both(kw, X, y, sw=None):
    sk = require("sklearn.linear_model")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = LogisticRegression(**kw).fit(X, y, sample_weight=sw)
        b = sk.LogisticRegression(**kw).fit(X, y, sample_weight=sw)
    return a, b


CASES = [
    ("lbfgs", {}, 1e-6),
    ("lbfgs", {"C": np.inf}, 1e-6),
    ("newton-cg", {"C": 0.1}, 1e-6),
    ("newton-cholesky", {}, 1e-6),
    ("sag", {}, 1e-4),
    ("saga", {}, 1e-4),
    ("saga", {"l1_ratio": 1.0, "C": 0.5}, 1e-4),
    ("saga", {"l1_ratio": 0.5, "C": 0.5}, 1e-4),
]


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver,extra,rtol", CASES)
def test_matches_sklearn(solver, extra, rtol, n_classes):
    X, y, sw = _noisy(n_classes=n_classes)
    kw = dict(solver=solver, tol=1e-10, max_iter=10000, random_state=0, **extra)
    a, b = _fit_both(kw, X, y)
    scale = np.abs(_params(b)).max()
    np.testing.assert_allclose(_params(a), _params(b), rtol=0, atol=rtol * scale)
    assert a.n_iter_.shape == b.n_iter_.shape == (1,)
    assert a.coef_.shape == b.coef_.shape and a.intercept_.shape == b.intercept_.shape
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=10 * rtol)


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg", "sag"])
def test_weights_and_no_intercept_match_sklearn(solver):
    X, y, sw = _noisy(1, n_classes=3)
    kw = dict(solver=solver, tol=1e-10, max_iter=10000, random_state=0, fit_intercept=False,
              class_weight={0: 2.0, 1: 0.5})  # fmt: skip
    a, b = _fit_both(kw, X, y, sw)
    rtol = 1e-4 if solver == "sag" else 1e-6
    np.testing.assert_allclose(a.coef_, b.coef_, atol=rtol * np.abs(b.coef_).max())
    assert np.all(a.intercept_ == 0)


def test_liblinear_objective():
    X, y, _ = _noisy(2)
    for extra in ({}, {"l1_ratio": 1.0, "C": 0.3}):
        kw = dict(solver="liblinear", tol=1e-8, max_iter=10000, random_state=0, **extra)
        a, b = _fit_both(kw, X, y)
        np.testing.assert_allclose(_params(a), _params(b), atol=2e-3)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg", "sag", "saga"])
def test_sparse_equals_dense(solver, n_classes):
    sp = require("scipy.sparse")
    X, y, _ = _noisy(3, n_classes=n_classes)
    X[X < 0] = 0
    sw = np.random.default_rng(0).uniform(0.5, 2.0, X.shape[0])
    kw = dict(solver=solver, tol=1e-10, max_iter=5000, random_state=0)
    dense = LogisticRegression(**kw).fit(X, y, sample_weight=sw)
    sparse = LogisticRegression(**kw).fit(sp.csr_matrix(X), y, sample_weight=sw)
    np.testing.assert_allclose(_params(sparse), _params(dense), rtol=1e-5, atol=1e-6)


def test_real_dataset_ai4i():
    from aiguille.datasets import load_ai4i

    X, y = load_ai4i(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    for solver, rtol in (("lbfgs", 1e-5), ("sag", 1e-3)):
        kw = dict(solver=solver, tol=1e-8, max_iter=2000, random_state=0)
        a, b = _fit_both(kw, X, y)
        np.testing.assert_allclose(_params(a), _params(b), atol=rtol * np.abs(_params(b)).max())
        np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-4)


def test_class_weight_equals_sample_weight():
    X, y, _ = _noisy(4)
    a = LogisticRegression(class_weight={0: 3.0, 1: 1.0}, tol=1e-10).fit(X, y)
    b = LogisticRegression(tol=1e-10).fit(X, y, sample_weight=np.where(y == 0, 3.0, 1.0))
    np.testing.assert_allclose(_params(a), _params(b), rtol=1e-6)


def test_string_labels_proba_and_log_proba():
    X, y, _ = _noisy(5, n_classes=3)
    labels = np.array(["a", "b", "c"], dtype=object)[y]
    clf = LogisticRegression().fit(X, labels)
    assert list(clf.classes_) == ["a", "b", "c"]
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(1), 1.0)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X)), proba)
    assert set(clf.predict(X)) <= {"a", "b", "c"}


def test_warm_start_and_convergence_warning():
    X, y, _ = _noisy(6)
    clf = LogisticRegression(max_iter=1)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        clf.fit(X, y)
    clf.set_params(max_iter=100, warm_start=True)
    clf.fit(X, y)
    cold = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(_params(clf), _params(cold), rtol=1e-3, atol=1e-4)


def test_deprecated_penalty_and_errors():
    X, y, _ = _noisy(7)
    with pytest.warns(FutureWarning, match="'penalty' was deprecated"):
        LogisticRegression(penalty="l2").fit(X, y)
    with pytest.raises(ValueError, match="Solver lbfgs supports only 'l2' or None penalties"):
        LogisticRegression(l1_ratio=1.0).fit(X, y)
    with pytest.raises(ValueError, match="Only 'saga' solver supports elasticnet"):
        LogisticRegression(solver="liblinear", l1_ratio=0.5).fit(X, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        LogisticRegression().fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match="The 'C' parameter of LogisticRegression"):
        LogisticRegression(C=-1).fit(X, y)


@pytest.mark.slow  # compiles the float32 specialization of the SAG kernel
def test_float32_kept():
    X, y, _ = _noisy(8)
    clf = LogisticRegression(solver="saga", tol=1e-6, random_state=0).fit(X.astype(np.float32), y)
    assert clf.coef_.dtype == np.float32


def test_logistic_regression_cv():
    X, y, _ = _noisy(9, n=240)
    Cs = [0.01, 0.1, 1.0, 10.0]
    cv = LogisticRegressionCV(Cs=Cs, cv=3, scoring="accuracy", tol=1e-8).fit(X, y)
    assert cv.C_ in Cs
    assert cv.scores_.shape == (3, 1, 4)
    assert cv.coefs_paths_.shape == (3, 1, 4, 7)
    single = LogisticRegression(C=cv.C_, tol=1e-8).fit(X, y)
    np.testing.assert_allclose(_params(cv), _params(single), rtol=1e-5)
    threaded = LogisticRegressionCV(Cs=Cs, cv=3, scoring="accuracy", tol=1e-8, n_jobs=2)
    np.testing.assert_allclose(threaded.fit(X, y).scores_, cv.scores_)


def test_logistic_regression_cv_scores_match_sklearn():
    sk = require("sklearn.linear_model")
    ms = require("sklearn.model_selection")
    X, y, _ = _noisy(10, n=240)
    Cs = [0.01, 1.0, 100.0]
    folds = list(ms.StratifiedKFold(3).split(X, y))
    ours = LogisticRegressionCV(Cs=Cs, cv=folds, scoring="accuracy", tol=1e-10).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sk.LogisticRegressionCV(Cs=Cs, cv=folds, scoring="accuracy", tol=1e-10).fit(X, y)
    ref_scores = ref.scores_[1] if isinstance(ref.scores_, dict) else ref.scores_
    np.testing.assert_allclose(ours.scores_[:, 0, :], np.reshape(ref_scores, (3, -1)))
    assert ours.C_ == pytest.approx(float(np.ravel(ref.C_)[0]))


@pytest.mark.parametrize("sparse", [False, True])
def test_blocked_loss_kernels_equal_serial(sparse):
    # the parallel entry points (fixed row blocks, partial sums added in block order)
    # against the one-pass serial kernels, binomial and multinomial
    import scipy.sparse as sp

    from aiguille.linear_model import _logistic_kernels as K

    rng = np.random.default_rng(0)
    n, d, k = 20000, 60, 4
    X = rng.standard_normal((n, d)) * (rng.random((n, d)) < (0.3 if sparse else 1.0))
    y = rng.integers(0, k, n).astype(np.float64)
    sw = rng.uniform(0.5, 2.0, n)
    nb = K.n_blocks(n, n * d)
    assert nb > 1
    rows = (lambda A: (A.data, A.indices, A.indptr))(sp.csr_matrix(X)) if sparse else (X,)
    w = rng.standard_normal(d)
    g_ser, g_par = np.zeros(d + 1), np.zeros(d + 1)
    serial = K._binomial_loss_grad_csr if sparse else K._binomial_loss_grad
    blocked = K.binomial_loss_grad_csr if sparse else K.binomial_loss_grad
    yb = (y > 1).astype(np.float64)
    loss_ser = serial(*rows, yb, sw, w, 0.3, g_ser)
    loss_par = blocked(*rows, yb, sw, w, 0.3, g_par, nb)
    assert loss_par == pytest.approx(loss_ser, rel=1e-12)
    np.testing.assert_allclose(g_par, g_ser, rtol=1e-10, atol=1e-9)
    W, b = rng.standard_normal((k, d)), rng.standard_normal(k)
    out_ser = (np.zeros((k, d)), np.zeros(k))
    out_par = (np.zeros((k, d)), np.zeros(k))
    serial = K._multinomial_loss_grad_csr if sparse else K._multinomial_loss_grad
    blocked = K.multinomial_loss_grad_csr if sparse else K.multinomial_loss_grad
    loss_ser = serial(*rows, y, sw, W, b, *out_ser)
    loss_par = blocked(*rows, y, sw, W, b, *out_par, nb)
    assert loss_par == pytest.approx(loss_ser, rel=1e-12)
    for a, e in zip(out_par, out_ser):
        np.testing.assert_allclose(a, e, rtol=1e-10, atol=1e-9)


def test_lbfgs_many_rows_equals_sklearn():
    # enough rows and entries for several blocks in the loss (numba's threads)
    import scipy.sparse as sp

    sk = require("sklearn.linear_model")
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20000, 60))
    y = (X @ rng.standard_normal(60) + rng.logistic(size=20000) > 0).astype(int)
    for data in (X, sp.csr_matrix(X * (rng.random(X.shape) < 0.9))):
        ours = LogisticRegression(tol=1e-10, max_iter=500).fit(data, y)
        ref = sk.LogisticRegression(tol=1e-10, max_iter=500).fit(data, y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6, atol=1e-8)
