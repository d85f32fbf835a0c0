"""Agglomerative clustering against scikit-learn: identical trees with and without a graph."""

import numpy as np
import pytest

from aiguille.cluster import AgglomerativeClustering, FeatureAgglomeration, ward_tree
from aiguille.datasets import load_digits
from aiguille.feature_extraction.image import grid_to_graph
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data[:400].astype(np.float64)


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(1)
    return np.r_[rng.randn(150, 4), rng.randn(150, 4) + 3.0]


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
@pytest.mark.parametrize("data", ["digits", "noisy"])
def test_unstructured_trees_identical(linkage, data, request):
    sk = require("sklearn.cluster")
    X = request.getfixturevalue(data)
    ours = AgglomerativeClustering(6, linkage=linkage, compute_distances=True).fit(X)
    ref = sk.AgglomerativeClustering(6, linkage=linkage, compute_distances=True).fit(X)
    np.testing.assert_array_equal(ours.children_, ref.children_)
    np.testing.assert_allclose(ours.distances_, ref.distances_, rtol=1e-10)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
@pytest.mark.parametrize("full", [True, False])
def test_structured_trees_identical(linkage, full):
    sk = require("sklearn.cluster")
    rng = np.random.RandomState(0)
    img = rng.rand(24, 24) + np.linspace(0, 2, 24)[:, None]
    X = img.reshape(-1, 1)
    conn = grid_to_graph(24, 24)
    kw = dict(linkage=linkage, connectivity=conn, compute_full_tree=full, compute_distances=True)
    ours = AgglomerativeClustering(20, **kw).fit(X)
    ref = sk.AgglomerativeClustering(20, **kw).fit(X)
    np.testing.assert_array_equal(ours.children_, ref.children_)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_allclose(ours.distances_, ref.distances_, rtol=1e-10)
    assert ours.n_connected_components_ == ref.n_connected_components_ == 1


def test_ward_digits_image_connectivity():
    sk = require("sklearn.cluster")
    X = load_digits().data[:200].T.astype(np.float64)  # 64 pixels as samples
    conn = grid_to_graph(8, 8)
    ours = ward_tree(X, connectivity=conn, return_distance=True)
    ref = sk.ward_tree(X, connectivity=conn, return_distance=True)
    np.testing.assert_array_equal(ours[0], ref[0])
    np.testing.assert_array_equal(ours[3], ref[3])
    np.testing.assert_allclose(ours[4], ref[4], rtol=1e-10)


def test_disconnected_graph_and_threshold(noisy):
    sk = require("sklearn.cluster")
    from scipy import sparse

    conn = sparse.eye(noisy.shape[0], k=1) + sparse.eye(noisy.shape[0], k=-1)
    conn = sparse.lil_matrix(conn)
    conn[149, 150] = conn[150, 149] = 0
    with pytest.warns(UserWarning, match="connected components"):
        ours = AgglomerativeClustering(None, distance_threshold=3.0, connectivity=conn).fit(noisy)
    with pytest.warns(UserWarning):
        ref = sk.AgglomerativeClustering(None, distance_threshold=3.0, connectivity=conn).fit(
            noisy
        )
    assert ours.n_clusters_ == ref.n_clusters_
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_connected_components_ == 2


def test_feature_agglomeration(digits):
    sk = require("sklearn.cluster")
    conn = grid_to_graph(8, 8)
    ours = FeatureAgglomeration(12, connectivity=conn).fit(digits)
    ref = sk.FeatureAgglomeration(12, connectivity=conn).fit(digits)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_allclose(ours.transform(digits), ref.transform(digits))
    Xt = ours.transform(digits)
    np.testing.assert_allclose(ours.inverse_transform(Xt), ref.inverse_transform(Xt))
    ours = FeatureAgglomeration(5, pooling_func=np.max).fit(digits)
    assert ours.transform(digits).shape == (digits.shape[0], 5)


def test_memory_caches_tree(tmp_path, noisy):
    calls = []

    class CountingMemory:
        def cache(self, func):
            def wrapped(*a, **k):
                calls.append(1)
                return func(*a, **k)

            return wrapped

    est = AgglomerativeClustering(3, memory=CountingMemory()).fit(noisy)
    assert calls and len(np.unique(est.labels_)) == 3
    est = AgglomerativeClustering(3, memory=str(tmp_path)).fit(noisy)
    again = AgglomerativeClustering(3, memory=str(tmp_path)).fit(noisy)
    np.testing.assert_array_equal(est.children_, again.children_)


def test_bad_input(noisy):
    with pytest.raises(ValueError, match="Exactly one of n_clusters and distance_threshold"):
        AgglomerativeClustering(n_clusters=3, distance_threshold=1.0).fit(noisy)
    with pytest.raises(ValueError, match="Ward can only work with euclidean"):
        AgglomerativeClustering(metric="manhattan").fit(noisy)
    with pytest.raises(ValueError, match="Cannot extract more clusters than samples"):
        AgglomerativeClustering(n_clusters=400).fit(noisy)


@pytest.mark.parametrize(
    "method, metric",
    [("ward", "euclidean")]
    + [(m, d) for m in ("complete", "average") for d in ("euclidean", "cityblock")],
)
@pytest.mark.parametrize("data", ["digits600", "noisy"])
def test_unstructured_linkage_equals_scipy(monkeypatch, method, metric, data):
    # the numba linkage gives scipy's linkage matrix bitwise: distances (summed in
    # feature order), chain scans with ties (integer digits), updates, sort, labels;
    # digits600 splits the distance rows between three threads
    from scipy.cluster import hierarchy

    from aiguille.cluster import _agglomerative

    monkeypatch.setattr("aiguille.utils.extmath.blas_threads", lambda: 3)
    rng = np.random.RandomState(2)
    X = {
        "digits600": load_digits().data[:600].astype(np.float64),
        "noisy": np.r_[rng.randn(150, 4), rng.randn(150, 4) + 3.0],
    }[data]
    ours = _agglomerative._unstructured_linkage(X, method, metric)
    ref = hierarchy.linkage(X, method=method, metric=metric)
    np.testing.assert_array_equal(ours, ref)


def test_unstructured_linkage_falls_back_to_scipy():
    from aiguille.cluster import _agglomerative

    X = np.random.RandomState(3).rand(40, 3)
    X[5, 1] = np.nan
    with pytest.raises(ValueError, match="finite"):
        _agglomerative._unstructured_linkage(X, "ward", "euclidean")
    X[5, 1] = 0.5
    from scipy.cluster import hierarchy

    np.testing.assert_array_equal(
        _agglomerative._unstructured_linkage(X, "average", "cosine"),
        hierarchy.linkage(X, method="average", metric="cosine"),
    )
