"""Pairwise distances and kernels against scipy's cdist (slow, obvious reference) and
scikit-learn; chunked generation within the working-memory budget."""

import tracemalloc

import numpy as np
import pytest

from aiguille import config_context
from aiguille.metrics import pairwise as P
from aiguille.metrics import pairwise_distances, pairwise_distances_chunked
from aiguille.utils._testing import require

from ._helpers import assert_same


@pytest.fixture(scope="module")
def cdist():
    return require("scipy.spatial.distance").cdist


@pytest.fixture(scope="module")
def SP():
    return require("sklearn.metrics.pairwise")


@pytest.fixture(scope="module", params=["digits", "noisy"])
def XY(request, digits):
    if request.param == "digits":
        X, _ = digits
        return X[:300], X[1000:1150]
    rng = np.random.RandomState(0)
    X = rng.standard_t(2, size=(250, 12)) * 3
    return X, X[:120] + rng.randn(120, 12) * 0.1


CDIST = [
    ("euclidean", "euclidean", {}),
    ("sqeuclidean", "sqeuclidean", {}),
    ("manhattan", "cityblock", {}),
    ("cityblock", "cityblock", {}),
    ("l1", "cityblock", {}),
    ("cosine", "cosine", {}),
    ("chebyshev", "chebyshev", {}),
    ("minkowski", "minkowski", {"p": 3}),
    ("minkowski", "minkowski", {"p": 1.5}),
    ("minkowski", "minkowski", {}),
]


@pytest.mark.parametrize("metric, scipy_metric, kw", CDIST)
def test_against_cdist(XY, cdist, metric, scipy_metric, kw):
    X, Y = XY
    ref = cdist(X, Y, scipy_metric, **kw)
    scale = np.abs(ref).max()
    # the norms trick (euclidean, cosine) loses absolute precision relative to |x|^2
    atol = 1e-9 * scale if metric in ("euclidean", "sqeuclidean", "cosine") else 0
    np.testing.assert_allclose(pairwise_distances(X, Y, metric=metric, **kw), ref, 1e-12, atol)
    D = pairwise_distances(X, metric=metric, **kw)
    np.testing.assert_allclose(D, cdist(X, X, scipy_metric, **kw), 1e-12, max(atol, 1e-7))
    assert np.all(np.diag(D) == 0)


@pytest.mark.parametrize(
    "metric", ["euclidean", "manhattan", "cosine", "chebyshev", "sqeuclidean", "correlation"]
)
def test_against_sklearn(XY, SP, metric):
    X, Y = XY
    ours = pairwise_distances(X, Y, metric=metric)
    ref = SP.pairwise_distances(X, Y, metric=metric)
    assert ours.dtype == ref.dtype
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-9 * np.abs(ref).max())


def test_euclidean_details(XY, SP):
    X, Y = XY
    XX = (X**2).sum(axis=1)
    YY = (Y**2).sum(axis=1)
    ref = SP.euclidean_distances(X, Y)
    for kw in (
        {"X_norm_squared": XX},
        {"Y_norm_squared": YY.reshape(1, -1)},
        {"X_norm_squared": XX.reshape(-1, 1), "Y_norm_squared": YY},
    ):
        # the norms trick cancels: absolute error relative to the largest distance
        assert_same(P.euclidean_distances(X, Y, **kw), ref, rtol=1e-12, atol=1e-12 * ref.max())
    assert_same(
        P.euclidean_distances(X, Y, squared=True), SP.euclidean_distances(X, Y, squared=True)
    )
    D = P.euclidean_distances(X)
    assert np.all(np.diag(D) == 0) and np.all(D >= 0)
    with pytest.raises(ValueError, match="Incompatible dimensions for X of shape"):
        P.euclidean_distances(X, Y, X_norm_squared=XX[:-1])
    with pytest.raises(ValueError, match="Incompatible dimension for X and Y matrices"):
        P.euclidean_distances(X, Y[:, :-1])


@pytest.mark.parametrize("squared", [False, True])
def test_euclidean_blocks_on_threads_equal_sklearn(monkeypatch, XY, SP, squared):
    # small row blocks shared by three threads, each finished by the fused numba pass:
    # scikit-learn's whole-array formula (the norms trick, clip at 0, root)
    monkeypatch.setattr(P, "_EUCLIDEAN_THREADED_MIN", 0)
    monkeypatch.setattr(P, "_EUCLIDEAN_BLOCK_BYTES", 8 * 7 * XY[1].shape[0])
    monkeypatch.setattr(P, "blas_threads", lambda: 3)
    X, Y = XY
    for A, B in ((X, Y), (X, None), (Y, X)):
        ours = P.euclidean_distances(A, B, squared=squared)
        ref = SP.euclidean_distances(A, B, squared=squared)
        np.testing.assert_allclose(ours, ref, rtol=1e-13, atol=1e-13 * ref.max())
        assert np.all(ours >= 0)
    assert np.all(np.diag(P.euclidean_distances(X, squared=squared)) == 0)
    X_nan = X.copy()
    X_nan[3, 1] = np.nan  # not checked here: NaN stays NaN, as in the numpy formula
    ours = P._euclidean_distances(X_nan, Y, squared=squared)
    assert np.isnan(ours[3]).all() and not np.isnan(np.delete(ours, 3, axis=0)).any()


def test_float32_upcast(XY, SP, cdist):
    X, Y = XY
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    D = P.euclidean_distances(X32, Y32)
    assert D.dtype == np.float32
    assert_same(D, SP.euclidean_distances(X32, Y32), rtol=1e-6, atol=1e-5)
    ref = cdist(X32.astype(np.float64), Y32.astype(np.float64))
    np.testing.assert_allclose(D, ref, rtol=1e-6, atol=1e-4)
    # several blocks, including the reuse of Y's float64 blocks
    from aiguille.metrics.pairwise import _euclidean_distances_upcast

    out = _euclidean_distances_upcast(X32, None, Y32, None, batch_size=37)  # squared
    np.testing.assert_allclose(out, ref**2, rtol=1e-6, atol=1e-3)
    DXX = P.euclidean_distances(X32)
    assert DXX.dtype == np.float32 and np.all(np.diag(DXX) == 0)


def test_sparse_input(XY, SP):
    sp = require("scipy.sparse")
    X, Y = XY
    Xs = sp.csr_matrix(np.where(np.abs(X) > np.median(np.abs(X)), X, 0))
    Ys = sp.csr_matrix(np.where(np.abs(Y) > np.median(np.abs(Y)), Y, 0))
    for metric in ("euclidean", "manhattan", "cosine"):
        ours = pairwise_distances(Xs, Ys, metric=metric)
        ref = SP.pairwise_distances(Xs, Ys, metric=metric)
        np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-9 * np.abs(ref).max())
        dense = pairwise_distances(Xs.toarray(), Ys.toarray(), metric=metric)
        np.testing.assert_allclose(ours, dense, rtol=1e-10, atol=1e-9 * np.abs(ref).max())
    for k in ("linear_kernel", "cosine_similarity", "rbf_kernel"):
        np.testing.assert_allclose(getattr(P, k)(Xs, Ys), getattr(SP, k)(Xs, Ys), rtol=1e-9)


@pytest.mark.parametrize(
    "name, kw",
    [
        ("linear_kernel", {}),
        ("polynomial_kernel", {"degree": 2, "coef0": 0.5}),
        ("polynomial_kernel", {}),
        ("rbf_kernel", {"gamma": 0.01}),
        ("rbf_kernel", {}),
        ("sigmoid_kernel", {"gamma": 0.001}),
        ("laplacian_kernel", {"gamma": 0.01}),
        ("cosine_similarity", {}),
    ],
)
def test_kernels(XY, SP, name, kw):
    X, Y = XY
    assert_same(getattr(P, name)(X, Y, **kw), getattr(SP, name)(X, Y, **kw), rtol=1e-9, atol=1e-12)
    metric = {"linear_kernel": "linear", "polynomial_kernel": "poly", "rbf_kernel": "rbf"}.get(
        name
    )
    if metric:
        assert_same(
            P.pairwise_kernels(X, Y, metric=metric, **kw),
            SP.pairwise_kernels(X, Y, metric=metric, **kw),
            rtol=1e-9,
            atol=1e-12,
        )
    assert_same(
        P.pairwise_kernels(X, Y, metric="rbf", filter_params=True, gamma=0.1, degree=3),
        SP.pairwise_kernels(X, Y, metric="rbf", filter_params=True, gamma=0.1, degree=3),
        rtol=1e-9,
    )


def test_callable_precomputed_paired(SP):
    rng = np.random.RandomState(0)
    X = rng.rand(15, 4)
    Y = rng.rand(7, 4)

    def l_half(x, y):
        return np.sum(np.abs(x - y) ** 0.5) ** 2

    assert_same(
        pairwise_distances(X, Y, metric=l_half), SP.pairwise_distances(X, Y, metric=l_half)
    )
    assert_same(pairwise_distances(X, metric=l_half), SP.pairwise_distances(X, metric=l_half))
    D = pairwise_distances(X)
    assert pairwise_distances(D, metric="precomputed") is D
    with pytest.raises(ValueError, match="non-negative values"):
        pairwise_distances(-D, metric="precomputed")
    for metric in ("euclidean", "manhattan", "cosine"):
        assert_same(
            P.paired_distances(X[:7], Y, metric=metric),
            SP.paired_distances(X[:7], Y, metric=metric),
            rtol=1e-12,
        )
    with pytest.raises(ValueError, match="'metric' parameter of pairwise_distances must be"):
        pairwise_distances(X, metric="bogus")


def test_keywords_of_named_metrics(XY, SP):
    X, Y = XY
    for kw in ({"squared": True}, {"Y_norm_squared": (Y**2).sum(axis=1)}):
        ref = SP.pairwise_distances(X, Y, metric="euclidean", **kw)
        np.testing.assert_allclose(
            pairwise_distances(X, Y, metric="euclidean", **kw), ref, 1e-12, 1e-9 * ref.max()
        )
    D = pairwise_distances(X, metric="euclidean", squared=True, n_jobs=2)
    assert np.all(np.diag(D) == 0)
    B = (X > np.median(X)).astype(np.float64)
    with pytest.warns(UserWarning, match="converted to boolean"):
        ours = pairwise_distances(B[:20], metric="jaccard")
    np.testing.assert_allclose(ours, SP.pairwise_distances(B[:20] > 0, metric="jaccard"))


def test_n_jobs_threads(XY):
    X, Y = XY
    for metric in ("euclidean", "manhattan"):
        np.testing.assert_allclose(
            pairwise_distances(X, Y, metric=metric, n_jobs=2),
            pairwise_distances(X, Y, metric=metric),
            rtol=1e-12,
        )
    D = pairwise_distances(X, metric="euclidean", n_jobs=2)
    assert np.all(np.diag(D) == 0)


def test_parallel_kernel_variant(cdist):
    # a block big enough for the prange variant of the numba kernel
    rng = np.random.RandomState(0)
    X, Y = rng.rand(400, 20), rng.rand(300, 20)
    np.testing.assert_allclose(
        pairwise_distances(X, Y, metric="manhattan"), cdist(X, Y, "cityblock"), rtol=1e-12
    )


def test_chunked_matches_and_reduce(XY):
    X, Y = XY
    full = pairwise_distances(X, Y)
    chunks = list(pairwise_distances_chunked(X, Y, working_memory=0.05))
    assert len(chunks) > 1
    assert_same(np.vstack(chunks), full)
    diag = np.vstack(list(pairwise_distances_chunked(X, working_memory=0.05)))
    assert np.all(np.diag(diag) == 0)

    def reduce_func(D_chunk, start):
        return D_chunk.argmin(axis=1), D_chunk.min(axis=1)

    parts = list(pairwise_distances_chunked(X, Y, reduce_func=reduce_func, working_memory=0.05))
    assert_same(np.concatenate([p[0] for p in parts]), full.argmin(axis=1))
    with pytest.raises(ValueError, match="Expected same length as input"):
        next(pairwise_distances_chunked(X, Y, reduce_func=lambda D, s: D[:1]))
    with pytest.raises(TypeError, match="Expected sequence"):
        next(pairwise_distances_chunked(X, Y, reduce_func=lambda D, s: 1.0))


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_chunked_memory_bound(metric):
    rng = np.random.RandomState(0)
    n = 3000
    X = rng.rand(n, 4)
    budget = 1  # MiB; the full matrix would be 69 MiB

    def reduce_func(D_chunk, start):
        return D_chunk.min(axis=1)

    with config_context(working_memory=budget):
        tracemalloc.start()
        total = 0
        for out in pairwise_distances_chunked(X, reduce_func=reduce_func, metric=metric):
            total += out.shape[0]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert total == n
    # a chunk, its -2 X.Y^T product done in place, plus small per-row arrays
    assert peak / 2**20 < budget * 2 + 1, peak / 2**20


def test_nan_euclidean_and_scipy_params(SP):
    rng = np.random.RandomState(0)
    X = rng.rand(40, 5)
    X[rng.rand(40, 5) < 0.3] = np.nan
    Y = rng.rand(10, 5)
    Y[0] = np.nan
    for kw in ({}, {"squared": True}):
        np.testing.assert_allclose(
            P.nan_euclidean_distances(X, Y, **kw), SP.nan_euclidean_distances(X, Y, **kw)
        )
        np.testing.assert_allclose(
            pairwise_distances(X, metric="nan_euclidean", **kw),
            SP.pairwise_distances(X, metric="nan_euclidean", **kw),
        )
    Xf = rng.rand(30, 4)
    for metric in ("seuclidean", "mahalanobis"):
        np.testing.assert_allclose(
            pairwise_distances(Xf, metric=metric), SP.pairwise_distances(Xf, metric=metric)
        )
        with pytest.raises(ValueError, match="parameter is required"):
            pairwise_distances(Xf, Xf[:3], metric=metric)
