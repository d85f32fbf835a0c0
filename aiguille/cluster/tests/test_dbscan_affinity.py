"""DBSCAN and AffinityPropagation against scikit-learn: same labels."""

import numpy as np
import pytest

from aiguille.cluster import DBSCAN, AffinityPropagation, affinity_propagation, dbscan
from aiguille.datasets import load_digits
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data.astype(np.float64)


@pytest.fixture(scope="module")
def noisy():
    rng = np.random.RandomState(0)
    blobs = np.r_[rng.randn(300, 2) * 0.4, rng.randn(300, 2) * 0.4 + 3, rng.randn(100, 2) * 3]
    return blobs


@pytest.mark.parametrize("eps, min_samples", [(18.0, 5), (22.0, 10)])
def test_dbscan_digits(digits, eps, min_samples):
    sk = require("sklearn.cluster")
    ours = DBSCAN(eps=eps, min_samples=min_samples).fit(digits)
    ref = sk.DBSCAN(eps=eps, min_samples=min_samples).fit(digits)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.core_sample_indices_, ref.core_sample_indices_)
    np.testing.assert_array_equal(ours.components_, ref.components_)


def test_dbscan_noisy_weights_metrics_precomputed(noisy):
    sk = require("sklearn.cluster")
    w = np.random.RandomState(1).randint(1, 4, noisy.shape[0]).astype(float)
    ours = DBSCAN(eps=0.3, min_samples=8).fit(noisy, sample_weight=w)
    ref = sk.DBSCAN(eps=0.3, min_samples=8).fit(noisy, sample_weight=w)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    D = np.sqrt(((noisy[:, None] - noisy[None]) ** 2).sum(-1))
    ours = DBSCAN(eps=0.3, min_samples=5, metric="precomputed").fit(D)
    ref = sk.DBSCAN(eps=0.3, min_samples=5, metric="precomputed").fit(D)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    core, labels = dbscan(noisy, eps=0.3, min_samples=5)
    np.testing.assert_array_equal(labels, ref.labels_)
    ours = DBSCAN(eps=0.4, min_samples=5, metric="manhattan").fit(noisy)
    ref = sk.DBSCAN(eps=0.4, min_samples=5, metric="manhattan").fit(noisy)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


def test_affinity_propagation_same_labels(digits, noisy):
    sk = require("sklearn.cluster")
    ours = AffinityPropagation(random_state=0).fit(noisy[:400])
    ref = sk.AffinityPropagation(random_state=0).fit(noisy[:400])
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.cluster_centers_indices_, ref.cluster_centers_indices_)
    assert ours.n_iter_ == ref.n_iter_
    X = digits[:300]
    ours = AffinityPropagation(damping=0.9, random_state=0).fit(X)
    ref = sk.AffinityPropagation(damping=0.9, random_state=0).fit(X)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(ours.predict(digits[300:400]), ref.predict(digits[300:400]))
    S = -((X[:, None] - X[None]) ** 2).sum(-1)
    c1, l1 = affinity_propagation(S.copy(), damping=0.9, random_state=0)
    np.testing.assert_array_equal(l1, ref.labels_)


def test_bad_input(noisy):
    with pytest.raises(ValueError, match="The 'eps' parameter of DBSCAN must be"):
        DBSCAN(eps=-1).fit(noisy)
    with pytest.raises(ValueError, match="The 'damping' parameter of AffinityPropagation"):
        AffinityPropagation(damping=0.2).fit(noisy)
    with pytest.raises(ValueError, match="must be a square array"):
        AffinityPropagation(affinity="precomputed").fit(noisy)
