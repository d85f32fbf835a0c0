"""DBSCAN: density-based clustering with chunked BLAS radius searches."""

from numbers import Integral, Real

import numpy as np

from .._config import get_config
from ..base import BaseEstimator, ClusterMixin
from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import row_norms
from ..utils.validation import _check_sample_weight, issparse, validate_data

__all__ = ["DBSCAN", "dbscan"]


# Low dimensions: a k-d tree finds the pairs in about n log n (scikit-learn's "auto"
# picks a tree there too); higher dimensions: chunked BLAS distances.
_TREE_MAX_FEATURES = 15


def _radius_graph_kdtree(X, eps):
    """CSR (indptr, indices) of the pairs at Euclidean distance <= eps, from scipy's cKDTree."""
    from scipy.spatial import cKDTree

    X = np.ascontiguousarray(X, dtype=np.float64)
    n = X.shape[0]
    pairs = cKDTree(X).query_pairs(r=float(eps), output_type="ndarray")
    diag = np.arange(n)
    rows = np.concatenate([pairs[:, 0], pairs[:, 1], diag])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0], diag])
    order = np.lexsort((cols, rows))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, cols[order].astype(np.int64)


def _radius_graph_euclidean(X, eps):
    """CSR (indptr, indices) of the pairs at Euclidean distance <= eps (self included).

    Candidates come from ``||x||^2 - 2 x.y + ||y||^2`` on row chunks sized by the
    working memory; pairs close to the boundary are rechecked with exact differences, as a
    tree search would compute them.
    """
    from ._dbscan_kernels import exact_within

    n = X.shape[0]
    sparse_input = issparse(X)
    Xd = X.astype(np.float64) if sparse_input else np.ascontiguousarray(X, dtype=np.float64)
    XdT = Xd.T.tocsr() if sparse_input else Xd.T
    x_sq = row_norms(Xd, squared=True)
    eps_sq = float(eps) ** 2
    budget = get_config()["working_memory"] * 2**20
    chunk = int(max(1, min(n, budget // max(8 * n * 3, 1))))
    scale = x_sq.max() if n else 0.0
    slack = 1e-9 * (scale + eps_sq) + 1e-300
    counts = np.zeros(n, dtype=np.int64)
    parts = []
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        D = Xd[s:e] @ XdT
        D = D.toarray() if issparse(D) else D
        D *= -2
        D += x_sq[s:e, None]
        D += x_sq[None, :]
        r, c = np.nonzero(D <= eps_sq + slack)
        unsure = D[r, c] > eps_sq - slack
        if unsure.any():
            keep = np.empty(int(unsure.sum()), dtype=np.bool_)
            rr = (r[unsure] + s).astype(np.int64)
            cc = c[unsure].astype(np.int64)
            if sparse_input:
                diff = Xd[rr] - Xd[cc]
                keep[:] = np.asarray(diff.multiply(diff).sum(axis=1)).ravel() <= eps_sq
            else:
                exact_within(Xd, rr, cc, eps_sq, keep)
            ok = np.ones(r.shape[0], dtype=np.bool_)
            ok[np.flatnonzero(unsure)[~keep]] = False
            r, c = r[ok], c[ok]
        counts[s:e] = np.bincount(r, minlength=e - s)
        parts.append(c.astype(np.int64))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return indptr, indices


def _neighborhoods(estimator, X):
    """Radius neighbourhoods as CSR arrays (indptr, indices)."""
    metric = estimator.metric
    if metric == "precomputed":
        if issparse(X):
            G = X.tocsr(copy=True)
            G.setdiag(G.diagonal())  # the diagonal is stored: each sample is its neighbour
            G.sort_indices()
            keep = G.data <= estimator.eps
            rows = np.repeat(np.arange(G.shape[0]), np.diff(G.indptr))[keep]
            indptr = np.zeros(G.shape[0] + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=G.shape[0]), out=indptr[1:])
            return indptr, G.indices[keep].astype(np.int64)
        X = np.asarray(X)
        indptr = np.zeros(X.shape[0] + 1, dtype=np.int64)
        rows, cols = np.nonzero(X <= estimator.eps)
        np.cumsum(np.bincount(rows, minlength=X.shape[0]), out=indptr[1:])
        return indptr, cols.astype(np.int64)
    if metric in ("euclidean", "l2") and estimator.metric_params is None:
        if not issparse(X) and X.shape[1] <= _TREE_MAX_FEATURES:
            return _radius_graph_kdtree(X, estimator.eps)
        return _radius_graph_euclidean(X, estimator.eps)
    from ..neighbors import NearestNeighbors

    nn = NearestNeighbors(
        radius=estimator.eps,
        algorithm=estimator.algorithm,
        leaf_size=estimator.leaf_size,
        metric=metric,
        metric_params=estimator.metric_params,
        p=estimator.p,
        n_jobs=estimator.n_jobs,
    ).fit(X)
    neigh = nn.radius_neighbors(X, return_distance=False)
    counts = np.array([len(a) for a in neigh], dtype=np.int64)
    indptr = np.zeros(len(neigh) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = (
        np.concatenate([np.asarray(a, dtype=np.int64) for a in neigh])
        if len(neigh)
        else np.empty(0, dtype=np.int64)
    )
    return indptr, indices


class DBSCAN(ClusterMixin, BaseEstimator):
    """Density-Based Spatial Clustering of Applications with Noise.

    Core samples have at least ``min_samples`` (weighted) neighbours within ``eps``;
    clusters are the connected groups of core samples plus their border neighbours.

    Parameters
    ----------
    eps : float, default=0.5
        Neighbourhood radius.
    min_samples : int, default=5
        Neighbours (the sample itself included) a core sample needs.
    metric : str or callable, default="euclidean"
        Distance; "precomputed" takes a distance matrix (dense or sparse).
    metric_params : dict, default=None
        Extra arguments of the metric.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        Neighbour search for non-Euclidean metrics (Euclidean uses chunked BLAS).
    leaf_size : int, default=30
        Leaf size of the trees.
    p : float, default=None
        Minkowski power.
    n_jobs : int, default=None
        Parallel jobs of the neighbour search.

    Attributes
    ----------
    core_sample_indices_ : ndarray of shape (n_core_samples,)
        Indices of the core samples.
    components_ : ndarray of shape (n_core_samples, n_features)
        Copies of the core samples.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each sample; -1 is noise.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.cluster import DBSCAN
    >>> import numpy as np
    >>> X = np.array([[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]])
    >>> DBSCAN(eps=3, min_samples=2).fit(X).labels_
    array([ 0,  0,  0,  1,  1, -1])
    """

    _parameter_constraints: dict = {
        "eps": [Interval(Real, 0.0, None, closed="neither")],
        "min_samples": [Interval(Integral, 1, None, closed="left")],
        "metric": [
            StrOptions(
                {
                    "euclidean",
                    "l2",
                    "l1",
                    "manhattan",
                    "cityblock",
                    "chebyshev",
                    "minkowski",
                    "cosine",
                    "precomputed",
                    "haversine",
                    "hamming",
                    "canberra",
                    "braycurtis",
                    "seuclidean",
                    "mahalanobis",
                    "sqeuclidean",
                    "correlation",
                    "infinity",
                    "p",
                    "jaccard",
                }
            ),
            callable,
        ],
        "metric_params": [dict, None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0.0, None, closed="left"), None],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        eps=0.5,
        *,
        min_samples=5,
        metric="euclidean",
        metric_params=None,
        algorithm="auto",
        leaf_size=30,
        p=None,
        n_jobs=None,
    ):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric
        self.metric_params = metric_params
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.n_jobs = n_jobs

    def fit(self, X, y=None, sample_weight=None):
        """Cluster X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features) or \
(n_samples, n_samples)
            Samples, or distances with ``metric="precomputed"``.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in its neighbours' counts.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X = validate_data(self, X, accept_sparse="csr")
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        indptr, indices = _neighborhoods(self, X)
        if sample_weight is None:
            n_neighbors = np.diff(indptr)
        else:
            rows = np.repeat(np.arange(X.shape[0]), np.diff(indptr))
            n_neighbors = np.bincount(rows, weights=sample_weight[indices], minlength=X.shape[0])
        labels = np.full(X.shape[0], -1, dtype=np.intp)
        core_samples = np.asarray(n_neighbors >= self.min_samples, dtype=np.uint8)
        from ._dbscan_kernels import dbscan_inner

        lab64 = labels.astype(np.int64)
        dbscan_inner(core_samples, indptr, indices, lab64)
        labels[:] = lab64
        self.core_sample_indices_ = np.where(core_samples)[0]
        self.labels_ = labels
        if len(self.core_sample_indices_):
            self.components_ = X[self.core_sample_indices_].copy()
        else:
            self.components_ = np.empty((0, X.shape[1]))
        return self

    def fit_predict(self, X, y=None, sample_weight=None):
        """Cluster X and return the labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            -1 marks noise.
        """
        self.fit(X, sample_weight=sample_weight)
        return self.labels_

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.sparse = True
        return tags


def dbscan(
    X,
    eps=0.5,
    *,
    min_samples=5,
    metric="minkowski",
    metric_params=None,
    algorithm="auto",
    leaf_size=30,
    p=2,
    sample_weight=None,
    n_jobs=None,
):
    """Functional interface to :class:`DBSCAN`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    eps, min_samples, metric, metric_params, algorithm, leaf_size, p, n_jobs
        As in :class:`DBSCAN`.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    core_samples : ndarray of shape (n_core_samples,)
    labels : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from aiguille.cluster import dbscan
    >>> core, labels = dbscan([[1, 2], [2, 2], [2, 3], [8, 7], [8, 8], [25, 80]], eps=3,
    ...                       min_samples=2)
    >>> labels
    array([ 0,  0,  0,  1,  1, -1])
    """
    if metric == "minkowski" and (p is None or p == 2):
        metric, p = "euclidean", None
    est = DBSCAN(
        eps=eps,
        min_samples=min_samples,
        metric=metric,
        metric_params=metric_params,
        algorithm=algorithm,
        leaf_size=leaf_size,
        p=p,
        n_jobs=n_jobs,
    )
    est.fit(X, sample_weight=sample_weight)
    return est.core_sample_indices_, est.labels_
