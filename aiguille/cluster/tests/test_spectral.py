"""SpectralClustering against scikit-learn: with the same random_state, the same labels."""

import pickle
import warnings

import numpy as np
import pytest
from scipy import sparse

from aiguille.cluster import SpectralClustering, spectral_clustering
from aiguille.datasets import load_digits, make_circles, make_moons
from aiguille.metrics import adjusted_rand_score
from aiguille.utils._testing import require


@pytest.fixture(scope="module")
def digits():
    return load_digits().data[:200].astype(np.float64)


@pytest.fixture(scope="module")
def moons():
    return make_moons(200, noise=0.08, random_state=0)[0]


def _both(sk, X, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the k-NN graph of the digits is not connected
        ours = SpectralClustering(**kw).fit(X)
        ref = sk.SpectralClustering(**kw).fit(X)
    return ours, ref


@pytest.mark.parametrize(
    "kw",
    [
        dict(affinity="nearest_neighbors", random_state=0),
        dict(affinity="nearest_neighbors", assign_labels="discretize", random_state=1),
        dict(affinity="rbf", gamma=1e-3, assign_labels="cluster_qr", random_state=0),
        dict(affinity="nearest_neighbors", eigen_solver="lobpcg", n_init=3, random_state=2),
    ],
)
def test_digits_same_labels(digits, kw):
    sk = require("sklearn.cluster")
    ours, ref = _both(sk, digits, n_clusters=10, **kw)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    A, B = ours.affinity_matrix_, ref.affinity_matrix_
    A = A.toarray() if sparse.issparse(A) else A
    B = B.toarray() if sparse.issparse(B) else B
    np.testing.assert_allclose(A, B, rtol=1e-12, atol=1e-14)
    assert ours.n_features_in_ == 64


def test_noisy_moons_and_circles(moons):
    sk = require("sklearn.cluster")
    for kw in (
        dict(affinity="nearest_neighbors", n_neighbors=8),
        dict(affinity="rbf", gamma=20.0, assign_labels="discretize"),
    ):
        ours, ref = _both(sk, moons, n_clusters=2, random_state=0, **kw)
        np.testing.assert_array_equal(ours.labels_, ref.labels_)
    Xc = make_circles(200, noise=0.05, factor=0.5, random_state=0)[0]
    ours, ref = _both(sk, Xc, n_clusters=2, affinity="rbf", gamma=30.0, random_state=3)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    y = np.hypot(Xc[:, 0], Xc[:, 1]) > 0.75
    assert adjusted_rand_score(y, ours.labels_) == 1.0


def test_precomputed_callable_and_function(moons):
    sk = require("sklearn.cluster")
    D = np.sqrt(((moons[:, None] - moons[None]) ** 2).sum(-1))
    A = np.exp(-20.0 * D**2)
    ours, ref = _both(sk, A, n_clusters=2, affinity="precomputed", random_state=0)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    np.testing.assert_array_equal(
        spectral_clustering(A, n_clusters=2, random_state=0), ref.labels_
    )
    ours, ref = _both(
        sk,
        D,
        n_clusters=2,
        affinity="precomputed_nearest_neighbors",
        n_neighbors=8,
        random_state=0,
    )
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    # a sparse graph of the 12 nearest (stored distances only)
    idx = np.argsort(D, axis=1, kind="stable")[:, :12]
    G = sparse.csr_matrix(
        (np.take_along_axis(D, idx, 1).ravel(), idx.ravel(), np.arange(0, D.size + 1, 12)[:201])
    )
    ours, ref = _both(
        sk,
        G,
        n_clusters=2,
        affinity="precomputed_nearest_neighbors",
        n_neighbors=8,
        random_state=0,
    )
    np.testing.assert_array_equal(ours.labels_, ref.labels_)

    def kern(x, y):
        return np.exp(-20.0 * np.sum((x - y) ** 2))

    ours = SpectralClustering(n_clusters=2, affinity=kern, random_state=0).fit(moons[:60])
    ref = sk.SpectralClustering(n_clusters=2, affinity=kern, random_state=0).fit(moons[:60])
    np.testing.assert_array_equal(ours.labels_, ref.labels_)


def test_sparse_input_equals_dense(moons):
    kw = dict(n_clusters=2, affinity="nearest_neighbors", random_state=0)
    dense = SpectralClustering(**kw).fit(moons)
    sp = SpectralClustering(**kw).fit(sparse.csr_matrix(moons))
    assert adjusted_rand_score(dense.labels_, sp.labels_) == 1.0


def test_bad_input_and_intact_model(moons):
    est = SpectralClustering(n_clusters=2, random_state=0).fit(moons)
    before = pickle.dumps(est)
    with pytest.raises(ValueError, match="The 'n_clusters' parameter of SpectralClustering"):
        est.set_params(n_clusters=0).fit(moons)
    est.set_params(n_clusters=2)
    with pytest.raises(ValueError, match="The 'affinity' parameter of SpectralClustering"):
        SpectralClustering(affinity="euclid").fit(moons)
    with pytest.raises(ValueError, match="pyamg"):
        SpectralClustering(n_clusters=2, eigen_solver="amg").fit(moons)
    with pytest.raises(ValueError, match="Input X contains NaN"):
        bad = moons.copy()
        bad[0, 0] = np.nan
        est.fit(bad)
    with pytest.raises(ValueError, match="minimum of 2 is required"):
        est.fit(moons[:1])
    with pytest.raises(ValueError, match="must be a square matrix"):
        SpectralClustering(affinity="precomputed").fit(moons)
    with pytest.raises(ValueError, match="Negative values"):
        SpectralClustering(affinity="precomputed_nearest_neighbors").fit(-np.eye(20))
    assert pickle.dumps(est) == before
    with pytest.warns(UserWarning, match="API has changed"):
        SpectralClustering(n_clusters=2, random_state=0).fit(moons[:8] @ moons[:8].T)
