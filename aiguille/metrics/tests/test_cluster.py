"""Clustering metrics against scikit-learn's: label agreement on random label pairs,
internal scores on digits and on generated blobs; the silhouette's memory bound."""

import tracemalloc

import numpy as np
import pytest

import aiguille.metrics as M
from aiguille import config_context
from aiguille.datasets import make_blobs
from aiguille.metrics import cluster as MC
from aiguille.utils._testing import require

from ._helpers import assert_same

SUPERVISED = [
    "adjusted_rand_score",
    "rand_score",
    "normalized_mutual_info_score",
    "adjusted_mutual_info_score",
    "mutual_info_score",
    "v_measure_score",
    "homogeneity_score",
    "completeness_score",
    "homogeneity_completeness_v_measure",
    "fowlkes_mallows_score",
]


@pytest.fixture(scope="module")
def S():
    return require("sklearn.metrics")


def _label_pairs():
    rng = np.random.RandomState(0)
    pairs = []
    for n, k1, k2 in [(50, 2, 3), (300, 10, 10), (1000, 7, 25), (200, 1, 5)]:
        pairs.append((rng.randint(0, k1, n), rng.randint(0, k2, n)))
    a = rng.randint(0, 6, 400)
    pairs.append((a, np.where(rng.rand(400) < 0.8, a, rng.randint(0, 6, 400))))
    pairs.append((np.array(list("aabbccdd") * 10), np.array(list("abababab") * 10)))
    return pairs


@pytest.mark.parametrize("name", SUPERVISED)
def test_supervised_match(S, name):
    for labels_true, labels_pred in _label_pairs():
        assert_same(
            getattr(M, name)(labels_true, labels_pred),
            getattr(S, name)(labels_true, labels_pred),
            rtol=1e-10,
            atol=1e-15,
            what=name,
        )


@pytest.mark.parametrize("average_method", ["min", "geometric", "arithmetic", "max"])
def test_mi_average_methods(S, average_method):
    for a, b in _label_pairs():
        for name in ("normalized_mutual_info_score", "adjusted_mutual_info_score"):
            assert_same(
                getattr(M, name)(a, b, average_method=average_method),
                getattr(S, name)(a, b, average_method=average_method),
                rtol=1e-10,
                atol=1e-15,
            )


def test_contingency_and_pairs(S):
    from sklearn.metrics import cluster as SC

    for a, b in _label_pairs():
        assert_same(MC.contingency_matrix(a, b), SC.contingency_matrix(a, b))
        assert_same(MC.contingency_matrix(a, b, eps=0.5), SC.contingency_matrix(a, b, eps=0.5))
        sp_ours = MC.contingency_matrix(a, b, sparse=True)
        assert_same(sp_ours.toarray(), SC.contingency_matrix(a, b, sparse=True).toarray())
        assert_same(MC.pair_confusion_matrix(a, b), SC.pair_confusion_matrix(a, b))
        c = SC.contingency_matrix(a, b)
        assert_same(
            M.mutual_info_score(None, None, contingency=c),
            S.mutual_info_score(None, None, contingency=c),
        )
    with pytest.raises(ValueError, match="Cannot set 'eps' when sparse=True"):
        MC.contingency_matrix([0, 1], [0, 1], eps=1e-10, sparse=True)


def test_supervised_edge_cases(S):
    for name in SUPERVISED:
        for a, b in [([], []), ([0, 0, 0], [1, 1, 1]), ([0, 1, 2], [0, 0, 0]), ([0], [0])]:
            try:
                ref = getattr(S, name)(a, b)
            except ValueError:  # scikit-learn's mutual_info_score([], []): math domain error
                with pytest.raises(ValueError):
                    getattr(M, name)(a, b)
                continue
            assert_same(getattr(M, name)(a, b), ref, what=f"{name} {a} {b}")
    with pytest.raises(ValueError, match="labels_true must be 1D"):
        M.adjusted_rand_score([[0, 1]], [0, 1])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        M.adjusted_rand_score([0, 1, 1], [0, 1])
    with pytest.warns(UserWarning, match="Clustering metrics expects discrete values"):
        M.adjusted_rand_score([0.5, 1.5, 2.5], [0, 1, 1])


@pytest.fixture(scope="module", params=["digits", "blobs"])
def cluster_data(request, digits):
    if request.param == "digits":
        X, y = digits
        rng = np.random.RandomState(0)
        labels = np.where(rng.rand(len(y)) < 0.2, rng.randint(0, 10, len(y)), y)
        return X, labels
    X, y = make_blobs(600, 6, centers=5, cluster_std=3.0, random_state=0)
    return X, y


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine"])
def test_silhouette(S, cluster_data, metric):
    X, labels = cluster_data
    assert_same(
        M.silhouette_samples(X, labels, metric=metric),
        S.silhouette_samples(X, labels, metric=metric),
        rtol=1e-9,
        atol=1e-12,
    )
    assert_same(
        M.silhouette_score(X, labels, metric=metric, sample_size=300, random_state=1),
        S.silhouette_score(X, labels, metric=metric, sample_size=300, random_state=1),
        rtol=1e-9,
    )


def test_silhouette_precomputed_strings_sparse(S, cluster_data):
    X, labels = cluster_data
    D = S.pairwise_distances(X)
    names = np.array([f"k{i}" for i in range(10)])[labels]
    assert_same(
        M.silhouette_score(D, names, metric="precomputed"),
        S.silhouette_score(D, names, metric="precomputed"),
        rtol=1e-10,
    )
    sp = require("scipy.sparse")
    Xs = sp.csr_matrix(np.where(X > np.median(X), X, 0))
    assert_same(M.silhouette_score(Xs, labels), S.silhouette_score(Xs, labels), rtol=1e-9)
    D[0, 0] = 1.0
    with pytest.raises(ValueError, match="non-zero elements on the diagonal"):
        M.silhouette_samples(D, labels, metric="precomputed")
    with pytest.raises(ValueError, match="Number of labels is 1"):
        M.silhouette_score(X, np.zeros(len(X)))


def test_silhouette_memory_is_bounded():
    rng = np.random.RandomState(0)
    n = 3000
    X = rng.randn(n, 8)
    labels = rng.randint(0, 4, n)
    full_mib = n * n * 8 / 2**20  # 69 MiB for the full matrix
    with config_context(working_memory=2):
        tracemalloc.start()
        M.silhouette_score(X, labels)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak / 2**20 < 2 * 2.5 + 1, peak / 2**20
    assert peak / 2**20 < full_mib / 5


@pytest.mark.parametrize("name", ["calinski_harabasz_score", "davies_bouldin_score"])
def test_internal_scores(S, cluster_data, name):
    X, labels = cluster_data
    assert_same(getattr(M, name)(X, labels), getattr(S, name)(X, labels), rtol=1e-10)
    X_same = np.ones((6, 2))
    assert_same(
        getattr(M, name)(X_same, [0, 0, 1, 1, 2, 2]), getattr(S, name)(X_same, [0, 0, 1, 1, 2, 2])
    )
    with pytest.raises(ValueError, match="Number of labels is 6"):
        getattr(M, name)(X_same, [0, 1, 2, 3, 4, 5])
