"""MultiTaskLasso and MultiTaskElasticNet against scikit-learn: same coefficients."""

import pickle

import numpy as np
import pytest

from aiguille.datasets import load_digits, make_regression
from aiguille.exceptions import ConvergenceWarning
from aiguille.linear_model import Lasso, MultiTaskElasticNet, MultiTaskLasso
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def noisy():
    return make_regression(150, 30, n_targets=4, n_informative=8, noise=5.0, random_state=0)


def _rel(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


@pytest.mark.parametrize(
    "name, kw",
    [
        ("MultiTaskLasso", dict(alpha=1.0)),
        ("MultiTaskLasso", dict(alpha=10.0, fit_intercept=False)),
        ("MultiTaskElasticNet", dict(alpha=1.0, l1_ratio=0.3)),
    ],
)
def test_noisy_regression_same_coefficients(noisy, name, kw):
    sk = require("sklearn.linear_model")
    X, Y = noisy
    ours = {"MultiTaskLasso": MultiTaskLasso, "MultiTaskElasticNet": MultiTaskElasticNet}[name]
    a = ours(tol=1e-10, max_iter=10000, **kw).fit(X, Y)
    b = getattr(sk, name)(tol=1e-10, max_iter=10000, **kw).fit(X, Y)
    assert a.coef_.shape == (4, 30)
    assert _rel(a.coef_, b.coef_) < 1e-6
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=1e-6, atol=1e-8)
    assert a.n_iter_ == b.n_iter_
    np.testing.assert_allclose(a.eps_, b.eps_, rtol=1e-12)
    assert a.dual_gap_ <= a.eps_ / X.shape[0]
    np.testing.assert_allclose(a.predict(X), b.predict(X), rtol=1e-6, atol=1e-6)
    # whole features are dropped, for every task at once
    zero = np.all(a.coef_ == 0, axis=0)
    assert np.array_equal(zero, np.any(a.coef_ == 0, axis=0))


def test_digits_and_sample_weight():
    sk = require("sklearn.linear_model")
    d = load_digits()
    X, Y = d.data[:300], np.eye(10)[d.target[:300]]
    a = MultiTaskLasso(alpha=0.1, tol=1e-10, max_iter=20000).fit(X, Y)
    b = sk.MultiTaskLasso(alpha=0.1, tol=1e-10, max_iter=20000).fit(X, Y)
    assert _rel(a.coef_, b.coef_) < 1e-6
    w = np.random.RandomState(0).uniform(0.5, 2.0, 300)
    a = MultiTaskElasticNet(alpha=0.05, tol=1e-10, max_iter=20000).fit(X, Y, sample_weight=w)
    b = sk.MultiTaskElasticNet(alpha=0.05, tol=1e-10, max_iter=20000).fit(X, Y, sample_weight=w)
    assert _rel(a.coef_, b.coef_) < 1e-6
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=1e-6, atol=1e-8)


def test_random_selection_warm_start_float32_and_one_task(noisy):
    X, Y = noisy
    ref = MultiTaskLasso(alpha=1.0, tol=1e-10).fit(X, Y)
    rnd = MultiTaskLasso(alpha=1.0, tol=1e-10, selection="random", random_state=0).fit(X, Y)
    assert _rel(rnd.coef_, ref.coef_) < 1e-6
    warm = MultiTaskLasso(alpha=1.0, tol=1e-10, warm_start=True).fit(X, Y)
    warm.fit(X, Y)
    assert warm.n_iter_ <= 2
    f32 = MultiTaskLasso(alpha=1.0, tol=1e-6).fit(X.astype(np.float32), Y.astype(np.float32))
    assert f32.coef_.dtype == np.float32
    assert _rel(f32.coef_, ref.coef_) < 1e-3
    one = MultiTaskLasso(alpha=1.0, tol=1e-10).fit(X, Y[:, 0])
    lasso = Lasso(alpha=1.0, tol=1e-10).fit(X, Y[:, 0])
    assert one.coef_.shape == (30,)
    assert _rel(one.coef_, lasso.coef_) < 1e-6


def test_bad_input_convergence_and_intact_model(noisy):
    X, Y = noisy
    est = MultiTaskElasticNet(alpha=1.0).fit(X, Y)
    before = pickle.dumps(est)
    with pytest.raises(ValueError, match="The 'l1_ratio' parameter of MultiTaskElasticNet"):
        MultiTaskElasticNet(l1_ratio=2.0).fit(X, Y)
    with pytest.raises(ValueError, match="The 'alpha' parameter of MultiTaskLasso"):
        MultiTaskLasso(alpha=-1.0).fit(X, Y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        est.fit(X, Y[:-1])
    Xnan = X.copy()
    Xnan[0, 0] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        est.fit(Xnan, Y)
    with pytest.raises(ValueError, match="X has 3 features"):
        est.predict(X[:, :3])
    assert pickle.dumps(est) == before
    with pytest.warns(ConvergenceWarning, match="Duality gap"):
        MultiTaskLasso(alpha=0.01, max_iter=2, tol=1e-12).fit(X, Y)
