"""aiguille.neighbors against scikit-learn (digits, faces and noisy generated data) and
against slow, obvious numpy searches."""

import pickle
import tracemalloc
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from aiguille import config_context
from aiguille.neighbors import (
    BallTree,
    KDTree,
    KNeighborsClassifier,
    KNeighborsRegressor,
    KNeighborsTransformer,
    NearestNeighbors,
    RadiusNeighborsClassifier,
    RadiusNeighborsRegressor,
    kneighbors_graph,
    radius_neighbors_graph,
)
from aiguille.utils._testing import require

ALGORITHMS = ["brute", "kd_tree", "ball_tree"]
TREE_METRICS = [
    ("euclidean", {}),
    ("manhattan", {}),
    ("chebyshev", {}),
    ("minkowski", {"p": 3}),
]


@pytest.fixture(scope="module")
def digits():
    from aiguille.datasets import load_digits

    d = load_digits()
    rng = np.random.RandomState(0)
    idx = rng.permutation(len(d.target))
    X, y = d.data[idx], d.target[idx]
    return X[:1200], y[:1200], X[1200:], y[1200:]


@pytest.fixture(scope="module")
def noisy():
    """Continuous data (no distance ties), 5 features, noisy labels and targets."""
    rng = np.random.RandomState(42)
    X = rng.normal(size=(700, 5))
    y = (X[:, 0] + 0.8 * X[:, 1] + 0.7 * rng.normal(size=700) > 0).astype(int) + (X[:, 2] > 1)
    t = X @ rng.normal(size=5) + 0.3 * rng.normal(size=700)
    return X[:500], y[:500], t[:500], X[500:], y[500:], t[500:]


def _brute_numpy(Q, X, metric, p=2):
    diff = np.abs(Q[:, None, :] - X[None, :, :])
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(-1))
    if metric == "manhattan":
        return diff.sum(-1)
    if metric == "chebyshev":
        return diff.max(-1)
    if metric == "minkowski":
        return (diff**p).sum(-1) ** (1 / p)
    if metric == "cosine":
        qn = Q / np.linalg.norm(Q, axis=1, keepdims=True)
        xn = X / np.linalg.norm(X, axis=1, keepdims=True)
        return 1 - qn @ xn.T
    raise ValueError(metric)


def assert_same_neighbors(d1, i1, d2, i2, tol=1e-10):
    """Same distances (to tol) and the same indices, ties aside."""
    assert d1.shape == d2.shape and i1.shape == i2.shape
    assert_allclose(d1, d2, rtol=tol, atol=tol)
    for r in range(d1.shape[0]):
        kth = d2[r, -1]
        assert set(i1[r][d1[r] < kth - 1e-9]) == set(i2[r][d2[r] < kth - 1e-9])
        gaps = np.diff(d2[r])
        unique = np.ones(len(gaps) + 1, bool)
        unique[1:] &= gaps > 1e-9
        unique[:-1] &= gaps > 1e-9
        unique[-1] = False
        assert_array_equal(i1[r][unique], i2[r][unique])


# -- kneighbors against scikit-learn --------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("metric,params", TREE_METRICS)
def test_kneighbors_noisy_matches_sklearn(noisy, algorithm, metric, params):
    sk = require("sklearn.neighbors")
    X, _, _, Xq, _, _ = noisy
    kw = dict(n_neighbors=6, algorithm=algorithm, metric=metric, metric_params=params or None)
    ours = NearestNeighbors(**kw).fit(X)
    ref = sk.NearestNeighbors(**kw).fit(X)
    d1, i1 = ours.kneighbors(Xq)
    d2, i2 = ref.kneighbors(Xq)
    assert_array_equal(i1, i2)  # continuous data: no ties
    assert_allclose(d1, d2, rtol=1e-10, atol=1e-12)
    # X=None: each point excluded from its own neighbours
    d1, i1 = ours.kneighbors(None, 4)
    d2, i2 = ref.kneighbors(None, 4)
    assert_array_equal(i1, i2)
    assert_allclose(d1, d2, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_kneighbors_digits_matches_sklearn(digits, algorithm):
    sk = require("sklearn.neighbors")
    X, _, Xq, _ = digits
    ours = NearestNeighbors(n_neighbors=7, algorithm=algorithm).fit(X)
    ref = sk.NearestNeighbors(n_neighbors=7, algorithm=algorithm).fit(X)
    assert_same_neighbors(*ours.kneighbors(Xq), *ref.kneighbors(Xq))
    assert_same_neighbors(*ours.kneighbors(), *ref.kneighbors())


@pytest.mark.parametrize("metric", ["manhattan", "cosine", "chebyshev"])
def test_brute_metrics_digits(digits, metric):
    sk = require("sklearn.neighbors")
    X, _, Xq, _ = digits
    ours = NearestNeighbors(n_neighbors=5, algorithm="brute", metric=metric).fit(X)
    ref = sk.NearestNeighbors(n_neighbors=5, algorithm="brute", metric=metric).fit(X)
    assert_same_neighbors(*ours.kneighbors(Xq[:200]), *ref.kneighbors(Xq[:200]))


def test_faces_brute_matches_sklearn():
    sk = require("sklearn.neighbors")
    from aiguille.datasets import load_olivetti_faces

    X = load_olivetti_faces().data.astype(np.float64)
    ours = NearestNeighbors(n_neighbors=3, algorithm="brute").fit(X[:300])
    ref = sk.NearestNeighbors(n_neighbors=3, algorithm="brute").fit(X[:300])
    d1, i1 = ours.kneighbors(X[300:])
    d2, i2 = ref.kneighbors(X[300:])
    assert_same_neighbors(d1, i1, d2, i2)
    # the distances are exact, not norms-trick values
    exact = np.sqrt(((X[300:, None, :] - X[None, :300, :]) ** 2).sum(-1))
    assert_allclose(d1, np.take_along_axis(exact, i1, 1), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("k", [1, 5])
def test_float32_screen_exact_on_near_ties(k):
    # float64 data with many features is ranked by a float32 product, then the candidates
    # within its error bound get exact distances. Rows 1e-3 apart (squared distances
    # ~1e-4 apart, below the float32 product's error of ~1e-3 here) are still told apart;
    # 120 near copies of one row (too many candidates) take the float64 path.
    rng = np.random.RandomState(3)
    base = rng.normal(size=(40, 96))
    X = np.vstack(
        [
            base[rng.randint(0, 40, 300)] + 1e-3 * rng.normal(size=(300, 96)),
            base[:1] + 1e-3 * rng.normal(size=(120, 96)),
            rng.normal(size=(200, 96)),
        ]
    )
    Q = np.vstack([base + 1e-3 * rng.normal(size=(40, 96)), rng.normal(size=(20, 96))])
    d, i = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X).kneighbors(Q)
    exact = _brute_numpy(Q, X, "euclidean")
    want = np.argsort(exact, axis=1, kind="stable")[:, :k]
    assert_array_equal(i, want)
    assert_allclose(d, np.take_along_axis(exact, want, 1), rtol=1e-12)


def test_weighted_minkowski_and_sqeuclidean(noisy):
    sk = require("sklearn.neighbors")
    X, _, _, Xq, _, _ = noisy
    w = np.linspace(0.5, 2, X.shape[1])
    kw = dict(n_neighbors=4, algorithm="brute", metric="minkowski", metric_params={"w": w})
    d1, i1 = NearestNeighbors(p=3, **kw).fit(X).kneighbors(Xq)
    d2, i2 = sk.NearestNeighbors(p=3, **kw).fit(X).kneighbors(Xq)
    assert_array_equal(i1, i2)
    assert_allclose(d1, d2, rtol=1e-10)
    kw = dict(n_neighbors=4, algorithm="brute", metric="sqeuclidean")
    d1, i1 = NearestNeighbors(**kw).fit(X).kneighbors(Xq)
    d2, i2 = sk.NearestNeighbors(**kw).fit(X).kneighbors(Xq)
    assert_array_equal(i1, i2)
    assert_allclose(d1, d2, rtol=1e-10)


def test_callable_metric(noisy):
    sk = require("sklearn.neighbors")
    X, _, _, Xq, _, _ = noisy

    def l1(a, b):
        return np.abs(a - b).sum()

    d1, i1 = NearestNeighbors(n_neighbors=3, metric=l1).fit(X[:100]).kneighbors(Xq[:20])
    d2, i2 = sk.NearestNeighbors(n_neighbors=3, metric=l1).fit(X[:100]).kneighbors(Xq[:20])
    assert_array_equal(i1, i2)
    assert_allclose(d1, d2, rtol=1e-12)


def test_precomputed_matches_features(noisy):
    X, _, _, Xq, _, _ = noisy
    D = _brute_numpy(X, X, "euclidean")
    Dq = _brute_numpy(Xq, X, "euclidean")
    nn = NearestNeighbors(n_neighbors=5, metric="precomputed").fit(D)
    d1, i1 = nn.kneighbors(Dq)
    d2, i2 = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(Xq)
    assert_array_equal(i1, i2)
    assert_allclose(d1, d2, rtol=1e-10)
    assert_array_equal(nn.kneighbors()[1], NearestNeighbors(n_neighbors=5).fit(X).kneighbors()[1])
    r1 = nn.radius_neighbors(Dq, 1.0, sort_results=True)[1]
    r2 = NearestNeighbors().fit(X).radius_neighbors(Xq, 1.0, sort_results=True)[1]
    for a, b in zip(r1, r2, strict=True):
        assert_array_equal(a, b)


def test_float32_input(noisy):
    X, _, _, Xq, _, _ = noisy
    X32, Xq32 = X.astype(np.float32), Xq.astype(np.float32)
    d1, i1 = NearestNeighbors(n_neighbors=3, algorithm="brute").fit(X32).kneighbors(Xq32)
    exact = _brute_numpy(Xq32.astype(np.float64), X32.astype(np.float64), "euclidean")
    assert_array_equal(i1, np.argsort(exact, axis=1, kind="stable")[:, :3])
    assert_allclose(d1, np.take_along_axis(exact, i1, 1), rtol=1e-12)


# -- radius neighbours ---------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_radius_neighbors_matches_sklearn(noisy, algorithm):
    sk = require("sklearn.neighbors")
    X, _, _, Xq, _, _ = noisy
    ours = NearestNeighbors(radius=1.1, algorithm=algorithm).fit(X)
    ref = sk.NearestNeighbors(radius=1.1, algorithm=algorithm).fit(X)
    d1, i1 = ours.radius_neighbors(Xq, sort_results=True)
    d2, i2 = ref.radius_neighbors(Xq, sort_results=True)
    for a, b, c, d in zip(d1, d2, i1, i2, strict=True):
        assert_array_equal(c, d)
        assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    for a, b in zip(
        ours.radius_neighbors(None, 0.9)[1], ref.radius_neighbors(None, 0.9)[1], strict=True
    ):
        assert set(a) == set(b)
    g1 = ours.radius_neighbors_graph(Xq, mode="distance")
    g2 = ref.radius_neighbors_graph(Xq, mode="distance")
    g1.sort_indices()
    g2.sort_indices()
    assert_array_equal(g1.indptr, g2.indptr)
    assert_array_equal(g1.indices, g2.indices)
    assert_allclose(g1.data, g2.data, rtol=1e-10)


def test_radius_manhattan_brute(digits):
    sk = require("sklearn.neighbors")
    X, _, Xq, _ = digits
    i1 = NearestNeighbors(radius=150, metric="manhattan", algorithm="brute").fit(X)
    i2 = sk.NearestNeighbors(radius=150, metric="manhattan", algorithm="brute").fit(X)
    for a, b in zip(
        i1.radius_neighbors(Xq[:100], return_distance=False),
        i2.radius_neighbors(Xq[:100], return_distance=False),
        strict=True,
    ):
        assert_array_equal(np.sort(a), np.sort(b))


# -- graphs ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["connectivity", "distance"])
def test_graphs_match_sklearn(noisy, mode):
    sk = require("sklearn.neighbors")
    X = noisy[0]
    for include_self in (False, True):
        g1 = kneighbors_graph(X, 4, mode=mode, include_self=include_self)
        g2 = sk.kneighbors_graph(X, 4, mode=mode, include_self=include_self)
        assert g1.format == "csr"
        assert_allclose(g1.toarray(), g2.toarray(), rtol=1e-10, atol=1e-12)
        g1 = radius_neighbors_graph(X, 0.8, mode=mode, include_self=include_self)
        g2 = sk.radius_neighbors_graph(X, 0.8, mode=mode, include_self=include_self)
        assert_allclose(g1.toarray(), g2.toarray(), rtol=1e-10, atol=1e-12)
    t1 = KNeighborsTransformer(n_neighbors=3, mode=mode).fit_transform(X)
    t2 = sk.KNeighborsTransformer(n_neighbors=3, mode=mode).fit_transform(X)
    assert_allclose(t1.toarray(), t2.toarray(), rtol=1e-10, atol=1e-12)


# -- classifiers and regressors --------------------------------------------------------


def _inverse_square(d):
    return 1.0 / (d**2 + 1e-3)


@pytest.mark.parametrize("weights", ["uniform", "distance", _inverse_square])
@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
def test_classifier_noisy_matches_sklearn(noisy, weights, algorithm):
    sk = require("sklearn.neighbors")
    X, y, _, Xq, yq, _ = noisy
    ours = KNeighborsClassifier(7, weights=weights, algorithm=algorithm).fit(X, y)
    ref = sk.KNeighborsClassifier(7, weights=weights, algorithm=algorithm).fit(X, y)
    assert_array_equal(ours.predict(Xq), ref.predict(Xq))
    assert_allclose(ours.predict_proba(Xq), ref.predict_proba(Xq), rtol=1e-10, atol=1e-12)
    assert_array_equal(ours.predict(None), ref.predict(None))
    assert ours.score(Xq, yq) == ref.score(Xq, yq)


def test_classifier_digits_and_strings(digits):
    sk = require("sklearn.neighbors")
    X, y, Xq, yq = digits
    names = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
        dtype=object,
    )
    ours = KNeighborsClassifier(3, algorithm="brute").fit(X, names[y])
    ref = sk.KNeighborsClassifier(3, algorithm="brute").fit(X, names[y])
    p1, p2 = ours.predict(Xq), ref.predict(Xq)
    assert (p1 == p2).mean() > 0.995  # distance ties may pick a different neighbour
    assert_array_equal(ours.classes_, ref.classes_)
    assert ours.score(Xq, names[yq]) > 0.97


def test_multioutput(noisy):
    sk = require("sklearn.neighbors")
    X, y, t, Xq, _, _ = noisy
    Y = np.column_stack([y, (X[:, 3] > 0).astype(int)])
    ours = KNeighborsClassifier(5, weights="distance").fit(X, Y)
    ref = sk.KNeighborsClassifier(5, weights="distance").fit(X, Y)
    assert_array_equal(ours.predict(Xq), ref.predict(Xq))
    for a, b in zip(ours.predict_proba(Xq), ref.predict_proba(Xq), strict=True):
        assert_allclose(a, b, rtol=1e-10)
    T = np.column_stack([t, -2 * t])
    for w in ("uniform", "distance"):
        assert_allclose(
            KNeighborsRegressor(4, weights=w).fit(X, T).predict(Xq),
            sk.KNeighborsRegressor(4, weights=w).fit(X, T).predict(Xq),
            rtol=1e-10,
        )


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressors_match_sklearn(noisy, weights):
    sk = require("sklearn.neighbors")
    X, _, t, Xq, _, tq = noisy
    for algorithm in ("brute", "ball_tree"):
        ours = KNeighborsRegressor(6, weights=weights, algorithm=algorithm).fit(X, t)
        ref = sk.KNeighborsRegressor(6, weights=weights, algorithm=algorithm).fit(X, t)
        assert_allclose(ours.predict(Xq), ref.predict(Xq), rtol=1e-10)
        assert_allclose(ours.score(Xq, tq), ref.score(Xq, tq), rtol=1e-10)
    ours = RadiusNeighborsRegressor(radius=1.2, weights=weights).fit(X, t)
    ref = sk.RadiusNeighborsRegressor(radius=1.2, weights=weights).fit(X, t)
    assert_allclose(ours.predict(Xq), ref.predict(Xq), rtol=1e-10)


def test_radius_regressor_empty_neighbourhood_warns(noisy):
    X, _, t, _, _, _ = noisy
    est = RadiusNeighborsRegressor(radius=0.1).fit(X, t)
    with pytest.warns(UserWarning, match="no neighbors within specified radius"):
        pred = est.predict([[50.0] * 5])
    assert np.isnan(pred).all()


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_radius_classifier_matches_sklearn(noisy, weights):
    sk = require("sklearn.neighbors")
    X, y, _, Xq, _, _ = noisy
    Xq = np.vstack([Xq, [[30.0] * 5]])  # an outlier
    for outlier_label in ("most_frequent", 2, -1):
        ours = RadiusNeighborsClassifier(1.3, weights=weights, outlier_label=outlier_label)
        ref = sk.RadiusNeighborsClassifier(1.3, weights=weights, outlier_label=outlier_label)
        ours.fit(X, y)
        ref.fit(X, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_array_equal(ours.predict(Xq), ref.predict(Xq))
            assert_allclose(ours.predict_proba(Xq), ref.predict_proba(Xq), rtol=1e-10)
    with pytest.raises(ValueError, match="No neighbors found for test samples"):
        RadiusNeighborsClassifier(1.3).fit(X, y).predict(Xq)


# -- trees against a slow numpy search -------------------------------------------------


@pytest.mark.parametrize("Tree", [KDTree, BallTree])
@pytest.mark.parametrize("metric,params", TREE_METRICS)
def test_trees_against_numpy(Tree, metric, params):
    rng = np.random.RandomState(1)
    X = rng.random_sample((600, 3))
    Q = rng.random_sample((80, 3))
    D = _brute_numpy(Q, X, metric, **params)
    order = np.argsort(D, axis=1, kind="stable")[:, :5]
    tree = Tree(X, leaf_size=7, metric=metric, **params)
    dist, ind = tree.query(Q, k=5)
    assert_array_equal(ind, order)
    assert_allclose(dist, np.take_along_axis(D, order, 1), rtol=1e-12)
    assert_array_equal(tree.query(Q, k=5, return_distance=False), order)
    ind, dist = tree.query_radius(Q, 0.2, return_distance=True, sort_results=True)
    counts = tree.query_radius(Q, 0.2, count_only=True)
    for q in range(len(Q)):
        expect = np.flatnonzero(D[q] <= 0.2)
        expect = expect[np.argsort(D[q, expect], kind="stable")]
        assert_array_equal(ind[q], expect)
        assert_allclose(dist[q], D[q, expect], rtol=1e-12)
        assert counts[q] == len(expect)
    # per-query radii, pickling
    r = np.linspace(0.05, 0.3, len(Q))
    ind = tree.query_radius(Q, r)
    for q in range(len(Q)):
        assert set(ind[q]) == set(np.flatnonzero(D[q] <= r[q]))
    tree2 = pickle.loads(pickle.dumps(tree))
    assert_array_equal(tree2.query(Q, k=2)[1], order[:, :2])


@pytest.mark.parametrize("Tree", [KDTree, BallTree])
def test_tree_query_radius_many_queries(Tree):
    # enough queries for the threaded blocks; neighbour lists grow past the first buffer
    rng = np.random.RandomState(2)
    X = rng.random_sample((3000, 3))
    Q = rng.random_sample((2500, 3))
    D = _brute_numpy(Q, X, "euclidean")
    tree = Tree(X, leaf_size=20)
    ind = tree.query_radius(Q, 0.15)
    ind_d, dist = tree.query_radius(Q, 0.15, return_distance=True)
    counts = tree.query_radius(Q, 0.15, count_only=True)
    assert_array_equal(counts, (D <= 0.15).sum(1))
    assert counts.sum() > 4096
    for q in range(0, len(Q), 7):
        expect = np.flatnonzero(D[q] <= 0.15)
        assert_array_equal(np.sort(ind[q]), expect)
        order = np.argsort(ind_d[q])
        assert_array_equal(ind_d[q][order], expect)
        assert_allclose(dist[q][order], D[q, expect], rtol=1e-12)


def test_tree_duplicates_and_tiny_leaves():
    X = np.repeat(np.arange(10.0)[:, None], 5, axis=0)
    X = np.hstack([X, np.zeros_like(X)])
    for Tree in (KDTree, BallTree):
        tree = Tree(X, leaf_size=1)
        dist, ind = tree.query(X[:3], k=5)
        assert_allclose(dist, 0)
        assert_array_equal(ind, np.tile(np.arange(5), (3, 1)))
        assert tree.node_data["is_leaf"].any()


# -- memory bound ----------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_kneighbors_memory_bound():
    rng = np.random.RandomState(0)
    X = rng.random_sample((20000, 20))
    nn = NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X)
    nn.kneighbors(X[:100])  # compile outside the measurement
    tracemalloc.start()
    try:
        dist, ind = nn.kneighbors(X)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # a full distance matrix would be 3.2 GB; the result itself is 1.6 MB
    assert peak < 64 * 2**20, peak
    assert_array_equal(ind[:, 0], np.arange(20000))
    with config_context(working_memory=4):
        tracemalloc.start()
        try:
            nn.kneighbors(X[:3000])
            _, peak_small = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak_small < 8 * 2**20


# -- bad input -------------------------------------------------------------------------


def test_errors(noisy):
    X, y, _, Xq, _, _ = noisy
    nn = NearestNeighbors(n_neighbors=3).fit(X[:10])
    with pytest.raises(ValueError, match="Expected n_neighbors <= n_samples_fit"):
        nn.kneighbors(Xq, 11)
    with pytest.raises(ValueError, match="Expected n_neighbors < n_samples_fit"):
        nn.kneighbors(None, 10)
    with pytest.raises(ValueError, match="Expected n_neighbors > 0"):
        nn.kneighbors(Xq, 0)
    with pytest.raises(TypeError, match="does not take .*float.* value"):
        nn.kneighbors(Xq, 2.5)
    with pytest.raises(ValueError, match="return_distance must be True"):
        nn.radius_neighbors(Xq, return_distance=False, sort_results=True)
    with pytest.raises(ValueError, match="Metric 'cosine' not valid"):
        NearestNeighbors(algorithm="kd_tree", metric="cosine").fit(X)
    with pytest.raises(ValueError, match="The 'algorithm' parameter of NearestNeighbors"):
        NearestNeighbors(algorithm="fast").fit(X)
    with pytest.raises(ValueError, match="Precomputed matrix must be square"):
        NearestNeighbors(metric="precomputed").fit(np.abs(X))
    with pytest.raises(ValueError, match="Negative values in data passed to precomputed"):
        NearestNeighbors(metric="precomputed").fit(-np.ones((4, 4)))
    with pytest.raises(ValueError, match="Unsupported mode"):
        nn.kneighbors_graph(Xq, mode="weird")
    with pytest.raises(ValueError, match="X has 4 features, but NearestNeighbors is expecting"):
        nn.kneighbors(Xq[:, :4])
    with pytest.raises(ValueError, match="All neighbors of some sample is getting zero"):
        KNeighborsClassifier(weights=lambda d: 0 * d).fit(X, y).predict(Xq)


def test_auto_algorithm_choice(noisy):
    X = noisy[0]
    assert NearestNeighbors().fit(X)._fit_method == "kd_tree"
    assert NearestNeighbors(n_neighbors=300).fit(X)._fit_method == "brute"
    assert NearestNeighbors(metric="cosine").fit(X)._fit_method == "brute"
    assert NearestNeighbors().fit(np.hstack([X] * 4))._fit_method == "brute"


# -- sparse input ------------------------------------------------------------------------------
def _assert_same_neighbours(ind, dist, ref_ind):
    """Same neighbours, except which of several equidistant ones at the k-th distance."""
    for q in range(len(ind)):
        strict = dist[q] < dist[q, -1] - 1e-9
        assert set(ind[q][strict]) == set(ref_ind[q][strict])


@pytest.mark.parametrize("metric", ["euclidean", "cosine", "manhattan"])
def test_sparse_input_against_sklearn(digits, noisy, metric):
    sp = require("scipy.sparse")
    skn = require("sklearn.neighbors")
    Xd, yd, Qd, _ = digits  # mostly zeros: naturally sparse
    rng = np.random.RandomState(0)
    Xn = noisy[0] * (rng.random_sample(noisy[0].shape) < 0.5)
    Qn = noisy[3] * (rng.random_sample(noisy[3].shape) < 0.5)
    for X, y, Q in ((Xd, yd, Qd[:150]), (Xn, noisy[1], Qn)):
        Xs, Qs = sp.csr_matrix(X), sp.csr_matrix(Q)
        ours = KNeighborsClassifier(5, metric=metric).fit(Xs, y)
        ref = skn.KNeighborsClassifier(5, metric=metric).fit(Xs, y)
        dist, ind = ours.kneighbors(Qs)
        ref_dist, ref_ind = ref.kneighbors(Qs)
        assert_allclose(dist, ref_dist, rtol=1e-10, atol=1e-12)
        _assert_same_neighbours(ind, dist, ref_ind)
        assert_array_equal(ours.predict(Qs), ours.predict(Q))  # sparse equals dense
        radius = float(np.median(ref_dist))
        ours_nn = NearestNeighbors(radius=radius, metric=metric).fit(Xs)
        ref_nn = skn.NearestNeighbors(radius=radius, metric=metric).fit(Xs)
        ours_r = ours_nn.radius_neighbors(Qs, return_distance=False)
        ref_r = ref_nn.radius_neighbors(Qs, return_distance=False)
        for a, b in zip(ours_r, ref_r, strict=True):
            assert set(a) == set(b)


@pytest.mark.parametrize("metric,params", TREE_METRICS + [("cosine", {})])
def test_sparse_equals_dense(noisy, metric, params):
    sp = require("scipy.sparse")
    rng = np.random.RandomState(1)
    X = noisy[0] * (rng.random_sample(noisy[0].shape) < 0.4)
    Q = noisy[3] * (rng.random_sample(noisy[3].shape) < 0.4)
    dense = NearestNeighbors(n_neighbors=4, metric=metric, algorithm="brute", **params).fit(X)
    sparse = NearestNeighbors(n_neighbors=4, metric=metric, **params).fit(sp.csr_matrix(X))
    d0, i0 = dense.kneighbors(Q)
    for queries in (sp.csr_matrix(Q), Q, sp.csr_matrix(Q, dtype=np.float32)):
        d1, i1 = sparse.kneighbors(queries)
        if queries.dtype == np.float32:  # queries rounded to float32, then float64 work
            assert_allclose(d1, d0, rtol=1e-5, atol=1e-6)
        else:  # summation order differs: a few ulps (cosine near 0: absolute)
            assert_allclose(d1, d0, rtol=1e-12, atol=1e-15)
            _assert_same_neighbours(i1, d1, i0)
    d1, i1 = dense.kneighbors(sp.csr_matrix(Q))  # dense fit, sparse queries
    assert_allclose(d1, d0, rtol=1e-12, atol=1e-15)
    _assert_same_neighbours(i1, d1, i0)


def test_sparse_input_errors(noisy):
    sp = require("scipy.sparse")
    X, y = noisy[0], noisy[1]
    Xs = sp.csr_matrix(X)
    with pytest.warns(UserWarning, match="cannot use tree with sparse input"):
        est = KNeighborsClassifier(3, algorithm="kd_tree").fit(Xs, y)
    assert_array_equal(est.predict(Xs), KNeighborsClassifier(3).fit(X, y).predict(X))
    fitted = KNeighborsClassifier(3, algorithm="kd_tree").fit(X, y)
    with pytest.raises(ValueError, match="kd_tree does not work with sparse matrices"):
        fitted.predict(Xs)
    with pytest.raises(ValueError, match="Sparse input is not supported with metric a callable"):
        NearestNeighbors(metric=lambda a, b: 0.0).fit(Xs)
