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
