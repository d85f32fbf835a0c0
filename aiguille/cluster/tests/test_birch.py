"""Birch against scikit-learn: identical subclusters, partial_fit, global step."""

import numpy as np
import pytest

from aiguille.cluster import AgglomerativeClustering, Birch, KMeans
from aiguille.datasets import load_digits
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data.astype(np.float64)


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(0)
    centers = rng.uniform(-20, 20, size=(30, 6))
    y = rng.randint(0, 30, 4000)
    return centers[y] + rng.randn(4000, 6)


@pytest.mark.parametrize(
    "data, threshold, bf", [("digits", 15.0, 50), ("digits", 25.0, 8), ("noisy", 1.5, 10)]
)
def test_identical_subclusters(data, threshold, bf, request):
    sk = require("sklearn.cluster")
    X = request.getfixturevalue(data)
    ours = Birch(threshold=threshold, branching_factor=bf, n_clusters=None).fit(X)
    ref = sk.Birch(threshold=threshold, branching_factor=bf, n_clusters=None).fit(X)
    np.testing.assert_array_equal(ours.subcluster_centers_, ref.subcluster_centers_)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


def test_partial_fit_equals_fit(noisy):
    one = Birch(threshold=1.5, branching_factor=10, n_clusters=30).fit(noisy)
    parts = Birch(threshold=1.5, branching_factor=10, n_clusters=30)
    for chunk in np.array_split(noisy, 7):
        parts.partial_fit(chunk)
    np.testing.assert_array_equal(one.subcluster_centers_, parts.subcluster_centers_)
    np.testing.assert_array_equal(one.subcluster_labels_, parts.subcluster_labels_)
    np.testing.assert_array_equal(one.predict(noisy), parts.predict(noisy))


def test_global_step_variants(noisy):
    sk = require("sklearn.cluster")
    ours = Birch(threshold=1.5, n_clusters=30).fit(noisy)
    ref = sk.Birch(threshold=1.5, n_clusters=30).fit(noisy)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.predict(noisy[:100]), ref.predict(noisy[:100]))
    np.testing.assert_allclose(ours.transform(noisy[:50]), ref.transform(noisy[:50]), atol=1e-8)
    est = Birch(threshold=1.5, n_clusters=KMeans(30, random_state=0, n_init=1)).fit(noisy)
    assert len(np.unique(est.labels_)) == 30
    est = Birch(threshold=1.5, n_clusters=AgglomerativeClustering(5)).fit(noisy)
    assert len(np.unique(est.labels_)) == 5
    only = Birch(threshold=1.5, n_clusters=30).partial_fit(noisy).partial_fit()
    np.testing.assert_array_equal(only.subcluster_labels_, ours.subcluster_labels_)


def test_float32_and_sparse(noisy):
    import scipy.sparse as sp

    X32 = noisy[:500].astype(np.float32)
    est = Birch(threshold=1.5, n_clusters=None).fit(X32)
    assert est.subcluster_centers_.dtype == np.float32
    dense = Birch(threshold=1.5, n_clusters=None).fit(noisy[:500])
    sparse = Birch(threshold=1.5, n_clusters=None).fit(sp.csr_matrix(noisy[:500]))
    np.testing.assert_array_equal(dense.subcluster_centers_, sparse.subcluster_centers_)


def test_bad_input(noisy):
    with pytest.raises(ValueError, match="The 'threshold' parameter of Birch must be"):
        Birch(threshold=0).fit(noisy)
    with pytest.warns(Warning, match="Number of subclusters found"):
        Birch(threshold=100.0, n_clusters=50).fit(noisy[:100])
    est = Birch(threshold=1.5).fit(noisy)
    with pytest.raises(ValueError, match="X has 2 features, but Birch is expecting 6"):
        est.predict(noisy[:, :2])
