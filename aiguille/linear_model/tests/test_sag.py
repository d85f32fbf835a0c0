"""sag_solver: same iterates as scikit-learn's (same sample sequence), dense and CSR."""

import numpy as np
import pytest

from aiguille.linear_model._sag import get_auto_step_size, sag_solver
from aiguille.utils._testing import require


def _data(seed=0, n=120, d=6):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, d)
    X[X < 0.2] = 0.0  # sparse-ish, so the CSR lazy updates are exercised
    w = rng.randn(d)
    y_log = (X @ w + 0.5 * rng.randn(n) > 0).astype(float)
    y_sq = X @ w + 0.3 * rng.randn(n)
    y_multi = np.argmax(X[:, :3] + rng.randn(n, 3), axis=1).astype(float)
    sw = rng.rand(n) + 0.5
    return X, {"log": y_log, "squared": y_sq, "multinomial": y_multi}, sw


@pytest.mark.parametrize("loss", ["log", "squared", "multinomial"])
@pytest.mark.parametrize("saga,beta", [(False, 0.0), (True, 0.0), (True, 0.3)])
@pytest.mark.parametrize("sparse", [False, True])
def test_same_iterates_as_sklearn(loss, saga, beta, sparse):
    sk_sag = require("sklearn.linear_model._sag")
    import scipy.sparse as sp

    X, ys, sw = _data()
    y = ys[loss]
    Xin = sp.csr_matrix(X) if sparse else X
    K = 3 if loss == "multinomial" else 1
    kw = dict(loss=loss, alpha=0.5, beta=beta, max_iter=5, tol=1e-12, random_state=3)
    with pytest.warns(Warning):
        a = sag_solver(Xin, y, sw, is_saga=saga, warm_start_mem={"coef": np.zeros((7, K))}, **kw)
    with pytest.warns(Warning):
        b = sk_sag.sag_solver(
            Xin, y, sw, is_saga=saga, warm_start_mem={"coef": np.zeros((7, K))}, **kw
        )
    np.testing.assert_allclose(a[0], b[0], rtol=1e-9, atol=1e-12)
    assert a[1] == b[1]
    assert a[2]["num_seen"] == b[2]["num_seen"]
    np.testing.assert_allclose(a[2]["sum_gradient"], b[2]["sum_gradient"], atol=1e-10)


def test_converges_to_ridge_solution():
    X, ys, _ = _data(1, n=200)
    y = ys["squared"]
    alpha = 1.0
    coef, n_iter, _ = sag_solver(X, y, loss="squared", alpha=alpha, tol=1e-12, max_iter=5000,
                                 random_state=0)  # fmt: skip
    exact = np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y)
    np.testing.assert_allclose(coef, exact, rtol=1e-6, atol=1e-8)
    assert n_iter < 5000


def test_warm_start_memory_continues():
    X, ys, _ = _data(2)
    y = ys["log"]
    _, _, mem = sag_solver(X, y, loss="log", alpha=1.0, tol=1e-12, max_iter=3000,
                           random_state=0, warm_start_mem={"coef": np.zeros((7, 1))})  # fmt: skip
    coef2, n_iter2, _ = sag_solver(X, y, loss="log", alpha=1.0, tol=1e-8, max_iter=3000,
                                   random_state=1, warm_start_mem=mem)  # fmt: skip
    np.testing.assert_allclose(coef2[:-1], mem["coef"][:-1, 0], rtol=1e-6, atol=1e-8)
    assert n_iter2 <= 2


def test_auto_step_size():
    assert get_auto_step_size(3.0, 0.0, "log", True) == pytest.approx(1.0)
    assert get_auto_step_size(3.0, 0.0, "squared", False) == pytest.approx(1 / 3)
    saga = get_auto_step_size(3.0, 0.1, "log", True, n_samples=10, is_saga=True)
    L = 0.25 * 4 + 0.1
    assert saga == pytest.approx(1 / (2 * L + min(2 * 10 * 0.1, L)))
    with pytest.raises(ValueError, match="Unknown loss function for SAG solver"):
        get_auto_step_size(1.0, 0.0, "hinge", True)


def test_overflow_message():
    X, ys, _ = _data(3)
    with pytest.raises(ValueError, match="Floating-point under-/overflow occurred at epoch"):
        sag_solver(X * 1e300, ys["squared"] * 1e300, loss="squared", alpha=1.0, max_iter=5,
                   max_squared_sum=1e-6, random_state=0)  # fmt: skip
