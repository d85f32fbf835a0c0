"""aiguille.utils.extmath.gram against the one-call BLAS products."""

import numpy as np
import pytest

from aiguille.utils import extmath


@pytest.mark.parametrize("n_threads", [1, 2, 3])
@pytest.mark.parametrize("order", ["C", "F"])
def test_gram_equals_plain_products(monkeypatch, n_threads, order):
    # one row range per (pretended) BLAS thread, the size threshold lowered for the test
    monkeypatch.setattr(extmath, "blas_threads", lambda: n_threads)
    monkeypatch.setattr(extmath, "_GRAM_SPLIT_MIN_BYTES", 0)
    rng = np.random.default_rng(0)
    X = np.asarray(rng.standard_normal((30000, 60)) + 3.0, order=order)
    Y = rng.standard_normal((30000, 2))
    G, XY = extmath.gram(X, Y)
    np.testing.assert_allclose(G, X.T @ X, rtol=1e-12, atol=1e-12 * np.abs(G).max())
    np.testing.assert_allclose(XY, X.T @ Y, rtol=1e-12, atol=1e-12 * np.abs(XY).max())
    np.testing.assert_allclose(extmath.gram(X), G, rtol=0, atol=0)
    assert G.shape == (60, 60) and XY.shape == (60, 2)


def test_gram_small_and_float32():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((50, 4)).astype(np.float32)
    G = extmath.gram(X)
    assert G.dtype == np.float32
    np.testing.assert_allclose(G, X.T @ X, rtol=1e-6)
    y = rng.standard_normal(50).astype(np.float32)
    np.testing.assert_allclose(extmath.gram(X, y)[1], X.T @ y, rtol=1e-5)


def _decaying(n=3000, d=80, seed=0, decay=0.8):
    rng = np.random.RandomState(seed)
    U = np.linalg.qr(rng.normal(size=(n, d)))[0]
    V = np.linalg.qr(rng.normal(size=(d, d)))[0]
    return (U * decay ** np.arange(d)) @ V.T


def test_cholesky_basis_and_its_fallbacks():
    rng = np.random.RandomState(1)
    Y = rng.normal(size=(2000, 12))
    Q = extmath._orthonormal_basis(Y)
    np.testing.assert_allclose(Q.T @ Q, np.eye(12), atol=1e-14)
    np.testing.assert_allclose(Q @ (Q.T @ Y), Y, atol=1e-12)
    # condition number 1e10: Cholesky QR would lose the orthogonality, Householder runs
    Y_bad = Y * np.logspace(0, -10, 12)
    assert extmath._cholesky_basis(Y_bad) is None
    Q = extmath._orthonormal_basis(Y_bad)
    np.testing.assert_allclose(Q.T @ Q, np.eye(12), atol=1e-14)
    np.testing.assert_allclose(Q @ (Q.T @ Y_bad), Y_bad, atol=1e-12)


@pytest.mark.parametrize("normalizer", ["auto", "LU", "QR", "none"])
def test_randomized_svd_normalizers_match_sklearn(normalizer):
    from aiguille.utils._testing import require

    skm = require("sklearn.utils.extmath")
    A = _decaying()
    kw = dict(n_iter=5, power_iteration_normalizer=normalizer, random_state=0)
    U, S, Vt = extmath.randomized_svd(A, 6, **kw)
    U_ref, S_ref, Vt_ref = skm.randomized_svd(A, 6, **kw)
    exact = np.linalg.svd(A, compute_uv=False)[:6]
    np.testing.assert_allclose(S, S_ref, rtol=1e-10)
    np.testing.assert_allclose(S, exact, rtol=1e-10)
    np.testing.assert_allclose(np.abs(Vt), np.abs(Vt_ref), atol=1e-8)
    np.testing.assert_allclose(U * S @ Vt, U_ref * S_ref @ Vt_ref, atol=1e-8)


def test_blas_single_thread_overlapping_contexts_restore_the_original(monkeypatch):
    # two threads whose contexts overlap (enter A, enter B, leave A, leave B): the count
    # stays at one until the last leaves, then the original comes back (a stand-in for
    # threadpoolctl's controller: the library's count is process-wide)
    import threading

    state = {"threads": 4}

    class Limiter:
        def __init__(self, limits):
            self.original, state["threads"] = state["threads"], limits

        def restore_original_limits(self):
            state["threads"] = self.original

    class Controller:
        def limit(self, limits, user_api):
            return Limiter(limits)

    monkeypatch.setattr(extmath, "_threadpool_controller", Controller)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with extmath.blas_single_thread():
            a_in.set()
            b_in.wait(10)
        a_out.set()

    def second():
        a_in.wait(10)
        with extmath.blas_single_thread():
            b_in.set()
            a_out.wait(10)
            seen["inside after A left"] = state["threads"]

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert seen["inside after A left"] == 1
    assert state["threads"] == 4
