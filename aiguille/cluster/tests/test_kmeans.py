"""KMeans / MiniBatchKMeans / kmeans_plusplus against scikit-learn on the same data."""

import numpy as np
import pytest
import scipy.sparse as sp

from aiguille.cluster import KMeans, MiniBatchKMeans, k_means, kmeans_plusplus
from aiguille.datasets import load_digits
from aiguille.exceptions import NotFittedError
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data.astype(np.float64)


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(42)
    centers = rng.uniform(-6, 6, size=(12, 8))
    y = rng.randint(0, 12, 3000)
    return centers[y] + 1.5 * rng.randn(3000, 8)


@pytest.mark.parametrize("algorithm", ["lloyd", "elkan"])
@pytest.mark.parametrize("data", ["digits", "noisy"])
def test_explicit_init_tol0_equals_sklearn(algorithm, data, request):
    sk = require("sklearn.cluster")
    X = request.getfixturevalue(data)
    init = X[np.random.RandomState(0).choice(X.shape[0], 10, replace=False)]
    ours = KMeans(10, init=init, n_init=1, tol=0, max_iter=300, algorithm=algorithm).fit(X)
    ref = sk.KMeans(10, init=init, n_init=1, tol=0, max_iter=300, algorithm=algorithm).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("data", ["digits", "noisy"])
def test_kmeans_plusplus_same_seeds_as_sklearn(data, request):
    sk = require("sklearn.cluster")
    X = request.getfixturevalue(data)
    for seed in (0, 1, 7):
        c1, i1 = kmeans_plusplus(X, 16, random_state=seed)
        c2, i2 = sk.kmeans_plusplus(X, 16, random_state=seed)
        np.testing.assert_array_equal(i1, i2)
        np.testing.assert_array_equal(c1, c2)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
def test_kmeans_plusplus_many_centres_same_as_sklearn(dtype, weighted):
    # many centres over well-separated blobs, float32 and weights: the same draws
    sk = require("sklearn.cluster")
    X = _blobs_for_bounds(21000, 10, 60, seed=6).astype(dtype)
    w = np.random.RandomState(4).uniform(0.5, 2.0, X.shape[0]) if weighted else None
    c1, i1 = kmeans_plusplus(X, 80, sample_weight=w, random_state=3)
    c2, i2 = sk.kmeans_plusplus(X, 80, sample_weight=w, random_state=3)
    np.testing.assert_array_equal(i1, i2)
    np.testing.assert_array_equal(c1, c2)


def test_kmeans_plusplus_duplicate_rows_same_as_sklearn():
    # rows at distance 0 from a chosen centre (closest == 0) and exact ties
    sk = require("sklearn.cluster")
    base = _blobs_for_bounds(2000, 5, 8, seed=7)
    X = np.repeat(base, 11, axis=0)
    c1, i1 = kmeans_plusplus(X, 40, random_state=0)
    c2, i2 = sk.kmeans_plusplus(X, 40, random_state=0)
    np.testing.assert_array_equal(i1, i2)


@pytest.mark.parametrize("data", ["digits", "noisy"])
def test_kmeanspp_fit_same_model_and_inertia(data, request):
    sk = require("sklearn.cluster")
    X = request.getfixturevalue(data)
    ours = KMeans(10, n_init=3, random_state=0).fit(X)
    ref = sk.KMeans(10, n_init=3, random_state=0).fit(X)
    # same random draws: same model; in any case inertia within 1% of scikit-learn's
    assert ours.inertia_ <= ref.inertia_ * 1.01
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_


def test_sample_weight_and_sparse(noisy):
    sk = require("sklearn.cluster")
    X = noisy[:600]
    w = np.random.RandomState(3).uniform(0.5, 2, X.shape[0])
    ours = KMeans(5, n_init=2, random_state=1).fit(X, sample_weight=w)
    ref = sk.KMeans(5, n_init=2, random_state=1).fit(X, sample_weight=w)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    Xs = sp.csr_matrix(np.where(np.abs(X) > 2, X, 0))
    ours = KMeans(5, n_init=1, random_state=0).fit(Xs)
    ref = sk.KMeans(5, n_init=1, random_state=0).fit(Xs)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-7)
    np.testing.assert_array_equal(ours.predict(Xs), ref.predict(Xs))


def test_float32_kept_and_methods(noisy):
    X32 = noisy[:500].astype(np.float32)
    km = KMeans(4, random_state=0).fit(X32)
    assert km.cluster_centers_.dtype == np.float32
    assert km.transform(X32).dtype == np.float32
    D = km.fit_transform(X32)
    assert D.shape == (500, 4)
    np.testing.assert_array_equal(np.argmin(D, axis=1), km.labels_)
    assert km.score(X32) == pytest.approx(-km.inertia_, rel=1e-4)
    centers, labels, inertia, n_iter = k_means(noisy[:500], 4, random_state=0, return_n_iter=True)
    assert centers.shape == (4, 8) and n_iter >= 1


def test_minibatch_same_as_sklearn(digits):
    sk = require("sklearn.cluster")
    ours = MiniBatchKMeans(10, batch_size=256, random_state=0, n_init=1).fit(digits)
    ref = sk.MiniBatchKMeans(10, batch_size=256, random_state=0, n_init=1).fit(digits)
    assert ours.n_steps_ == ref.n_steps_
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-7, atol=1e-7)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


def test_minibatch_partial_fit_same_as_sklearn(noisy):
    sk = require("sklearn.cluster")
    ours = MiniBatchKMeans(6, random_state=0, n_init=1)
    ref = sk.MiniBatchKMeans(6, random_state=0, n_init=1)
    for chunk in np.array_split(noisy, 5):
        ours.partial_fit(chunk)
        ref.partial_fit(chunk)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-7, atol=1e-7)
    assert ours.n_steps_ == ref.n_steps_ == 5


def test_minibatch_quality(noisy):
    mb = MiniBatchKMeans(12, batch_size=512, random_state=0, n_init=3).fit(noisy)
    full = KMeans(12, n_init=3, random_state=0).fit(noisy)
    assert mb.inertia_ <= full.inertia_ * 1.1


def test_bad_input(noisy):
    with pytest.raises(ValueError, match="n_samples=5 should be >= n_clusters=8"):
        KMeans(8).fit(noisy[:5])
    with pytest.raises(ValueError, match="n_samples=5 should be >= n_clusters=8"):
        MiniBatchKMeans(8).fit(noisy[:5])
    with pytest.raises(ValueError, match="The 'tol' parameter of KMeans must be"):
        KMeans(tol=-1).fit(noisy)
    with pytest.raises(ValueError, match="does not match the number of clusters"):
        KMeans(3, init=noisy[:2]).fit(noisy)
    with pytest.raises(NotFittedError):
        KMeans().predict(noisy)
    km = KMeans(3, random_state=0).fit(noisy)
    before = km.cluster_centers_.copy()
    with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 8"):
        km.predict(noisy[:, :3])
    bad = noisy[:10].copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        km.predict(bad)
    np.testing.assert_array_equal(km.cluster_centers_, before)


@pytest.mark.parametrize("init_seed", [0, 1])
def test_bounded_lloyd_path_equals_sklearn(init_seed):
    # >= 20,000 rows and few clusters: distances in numba with Elkan-style bounds
    sk = require("sklearn.cluster")
    rng = np.random.RandomState(5)
    centers = rng.uniform(-5, 5, size=(6, 4))
    X = centers[rng.randint(0, 6, 25000)] + 1.2 * rng.randn(25000, 4)
    init = X[np.random.RandomState(init_seed).choice(X.shape[0], 6, replace=False)]
    ours = KMeans(6, init=init, n_init=1, tol=0, max_iter=300).fit(X)
    ref = sk.KMeans(6, init=init, n_init=1, tol=0, max_iter=300).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    np.testing.assert_array_equal(ours.predict(X[:1000]), ref.predict(X[:1000]))


def _blobs_for_bounds(n, d, n_centers, seed):
    rng = np.random.RandomState(seed)
    centers = rng.uniform(-5, 5, size=(n_centers, d))
    return centers[rng.randint(0, n_centers, n)] + 1.5 * rng.randn(n, d)


def _assert_same_lloyd(X, init, sample_weight=None):
    sk = require("sklearn.cluster")
    k = init.shape[0]
    ours = KMeans(k, init=init, n_init=1, tol=0, max_iter=300).fit(X, sample_weight=sample_weight)
    ref = sk.KMeans(k, init=init, n_init=1, tol=0, max_iter=300).fit(
        X, sample_weight=sample_weight
    )
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.inertia_ == pytest.approx(ref.inertia_, rel=1e-9)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, rtol=1e-9, atol=1e-9)
    return ours


@pytest.mark.parametrize("weighted", [False, True])
def test_bounded_lloyd_many_clusters_equals_sklearn(weighted):
    # >= 20,000 rows, k > 32 and > 16 features: bounds with BLAS products of gathered rows,
    # sums updated for the rows that changed cluster
    X = _blobs_for_bounds(21000, 20, 30, seed=3)
    w = np.random.RandomState(1).uniform(0.5, 2.0, X.shape[0]) if weighted else None
    init = X[np.random.RandomState(0).choice(X.shape[0], 48, replace=False)]
    ours = _assert_same_lloyd(X, init, w)
    assert ours.n_iter_ > 10  # past a recomputation of the sums from scratch


def test_bounded_lloyd_few_clusters_weighted_equals_sklearn():
    X = _blobs_for_bounds(22000, 6, 10, seed=4)
    w = np.random.RandomState(2).uniform(0.5, 2.0, X.shape[0])
    init = X[np.random.RandomState(1).choice(X.shape[0], 12, replace=False)]
    _assert_same_lloyd(X, init, w)


@pytest.mark.parametrize("n_features", [6, 20])
def test_bounded_lloyd_relocates_empty_clusters_as_sklearn(n_features):
    # centres far from all data lose every sample on the first step and are relocated
    X = _blobs_for_bounds(20500, n_features, 12, seed=5)
    k = 40
    init = X[np.random.RandomState(3).choice(X.shape[0], k, replace=False)].copy()
    init[:3] += 1000.0
    _assert_same_lloyd(X, init)


def test_bounded_lloyd_many_clusters_tied_centres_as_sklearn():
    # duplicated initial centres tie on every row: the first centre (in the centres' order,
    # not the group order of the Yinyang path) takes the rows, the other is relocated
    X = _blobs_for_bounds(20000, 12, 30, seed=8)
    init = X[np.random.RandomState(5).choice(X.shape[0], 50, replace=False)].copy()
    init[41] = init[7]
    init[13] = init[2]
    _assert_same_lloyd(X, init)


def test_bounded_lloyd_few_clusters_tied_centres_as_sklearn():
    # few clusters (centres padded to a multiple of 4 in the kernel): a duplicated centre
    # ties on every row, the first one takes them and the other is relocated
    X = _blobs_for_bounds(20000, 9, 10, seed=9)
    init = X[np.random.RandomState(6).choice(X.shape[0], 7, replace=False)].copy()
    init[5] = init[1]
    _assert_same_lloyd(X, init)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_tolerance_scale_equals_sklearn(dtype):
    # dense X: the tolerance comes from the centred rows' norms, not a separate np.var pass
    sk = require("sklearn.cluster")
    X = (_blobs_for_bounds(3000, 7, 5, seed=2) + 40.0).astype(dtype)
    X_before = X.copy()
    ours = KMeans(5, tol=1e-3, n_init=1, random_state=0).fit(X)
    ref = sk.KMeans(5, tol=1e-3, n_init=1, random_state=0).fit(X)
    assert ours._tol == pytest.approx(ref._tol, rel=1e-12 if dtype == np.float64 else 1e-5)
    assert ours.n_iter_ == ref.n_iter_
    np.testing.assert_array_equal(X, X_before)  # copy_x=True: X untouched
    KMeans(5, tol=1e-3, n_init=1, random_state=0, copy_x=False).fit(X)
    np.testing.assert_allclose(X, X_before, rtol=1e-6)  # centred in place, then restored
