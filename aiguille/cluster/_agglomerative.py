"""Hierarchical clustering: AgglomerativeClustering, FeatureAgglomeration, ward_tree.

Unstructured trees follow scipy's ``hierarchy.linkage`` (as scikit-learn does), computed
by numba kernels for Euclidean and Manhattan distances; trees over a ``connectivity``
graph are built by numba kernels (``_hierarchical_kernels``) that follow scikit-learn's
heap-based merging, tie order included. Either way the trees are identical.
"""

import heapq
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin
from ..utils._param_validation import HasMethods, Interval, StrOptions, validate_params
from ..utils.validation import check_array, check_is_fitted, issparse, validate_data

__all__ = [
    "AgglomerativeClustering",
    "FeatureAgglomeration",
    "linkage_tree",
    "ward_tree",
]

_VALID_METRICS = [
    "euclidean",
    "l2",
    "l1",
    "manhattan",
    "cityblock",
    "braycurtis",
    "canberra",
    "chebyshev",
    "correlation",
    "cosine",
    "dice",
    "hamming",
    "jaccard",
    "mahalanobis",
    "matching",
    "minkowski",
    "rogerstanimoto",
    "russellrao",
    "seuclidean",
    "sokalsneath",
    "sqeuclidean",
    "yule",
    "wminkowski",
    "nan_euclidean",
    "haversine",
]


def _kernels():
    from . import _hierarchical_kernels

    return _hierarchical_kernels


# the full distance matrix of the unstructured linkages: up to this size (beyond it,
# scipy's condensed half, half the memory)
_SQUARE_MAX_BYTES = 1 << 30
_NN_CHAIN_METHODS = {"ward": 0, "complete": 1, "average": 2}


def _unstructured_linkage(X, method, metric):
    """scipy's ``hierarchy.linkage(X, method, metric)`` for raw observations: the same
    merges, distances and labels, from numba kernels (the distances on the BLAS
    threads' cores, the nearest-neighbour chain on rows of a full distance matrix).
    Other metrics, non-finite or tiny input, or a matrix over ``_SQUARE_MAX_BYTES``
    go to scipy."""
    n = X.shape[0]
    if (
        method not in _NN_CHAIN_METHODS
        or metric not in ("euclidean", "cityblock")
        or n < 2
        or n * n * 8 > _SQUARE_MAX_BYTES
        or not np.isfinite(X).all()
    ):
        from scipy.cluster import hierarchy

        return hierarchy.linkage(X, method=method, metric=metric)
    from ..utils._chunking import map_threads
    from ..utils.extmath import blas_threads

    k = _kernels()
    XT = np.ascontiguousarray(np.asarray(X, dtype=np.float64).T)
    D = np.empty((n, n))
    # row ranges of about equal numbers of pairs (row i has n - i - 1)
    n_threads = min(blas_threads(), 8) if n >= 512 else 1
    pairs_before = np.cumsum(np.arange(n - 1, -1, -1))
    cuts = np.searchsorted(pairs_before, np.linspace(0, pairs_before[-1], n_threads + 1))
    bounds = [0, *cuts[1:-1].tolist(), n]
    manhattan = metric == "cityblock"
    ranges = list(zip(bounds[:-1], bounds[1:]))
    map_threads(lambda r: k.pairwise_upper(XT, manhattan, D, *r), ranges)
    # the lower rows hold the most entries: the same ranges, in reverse order
    map_threads(lambda r: k.mirror_upper(D, *r), [(n - b, n - a) for a, b in ranges])
    Z = k.nn_chain(D, _NN_CHAIN_METHODS[method])
    Z = Z[np.argsort(Z[:, 2], kind="mergesort")]
    k.label_merges(Z, n)
    return Z


def _fix_connected_components(X, graph, n_connected_components, component_labels, metric):
    """Join the components by their closest pair of points (scikit-learn's rule)."""
    from scipy.spatial.distance import cdist

    graph = graph.tolil()
    for i in range(n_connected_components):
        idx_i = np.flatnonzero(component_labels == i)
        Xi = X[idx_i]
        for j in range(i):
            idx_j = np.flatnonzero(component_labels == j)
            Xj = X[idx_j]
            if metric == "precomputed":
                D = X[np.ix_(idx_i, idx_j)]
            else:
                m = {"l2": "euclidean", "l1": "cityblock", "manhattan": "cityblock"}.get(
                    metric, metric
                )
                D = cdist(Xi, Xj, metric=m) if not callable(m) else m(Xi, Xj)
            ii, jj = np.unravel_index(D.argmin(axis=None), D.shape)
            graph[idx_i[ii], idx_j[jj]] = 1
            graph[idx_j[jj], idx_i[ii]] = 1
    return graph


def _fix_connectivity(X, connectivity, affinity):
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n_samples = X.shape[0]
    if connectivity.shape[0] != n_samples or connectivity.shape[1] != n_samples:
        raise ValueError(
            f"Wrong shape for connectivity matrix: {connectivity.shape} when X is {X.shape}"
        )
    connectivity = connectivity + connectivity.T
    if not sparse.issparse(connectivity):
        connectivity = sparse.lil_array(connectivity)
    if connectivity.format != "lil":
        connectivity = connectivity.tolil()
    n_connected_components, labels = connected_components(connectivity)
    if n_connected_components > 1:
        warnings.warn(
            "the number of connected components of the "
            f"connectivity matrix is {n_connected_components} > 1. Completing it to avoid "
            "stopping the tree early.",
            stacklevel=2,
        )
        connectivity = _fix_connected_components(
            X, connectivity, n_connected_components, labels, affinity
        )
    return connectivity, n_connected_components


def _csr_sorted(connectivity):
    G = connectivity.tocsr().astype(np.float64)
    G.sort_indices()
    return G


@validate_params(
    {
        "X": ["array-like"],
        "connectivity": ["array-like", "sparse matrix", None],
        "n_clusters": [Interval(Integral, 1, None, closed="left"), None],
        "return_distance": ["boolean"],
    }
)
def ward_tree(X, *, connectivity=None, n_clusters=None, return_distance=False):
    """Ward clustering tree, optionally constrained by a connectivity graph.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Feature matrix.
    connectivity : {array-like, sparse matrix} of shape (n_samples, n_samples), default=None
        Neighbours of each sample; merges only join neighbouring clusters. None: the
        unstructured tree (scipy).
    n_clusters : int, default=None
        Stop early at this many clusters (structured trees only).
    return_distance : bool, default=False
        Also return the merge distances.

    Returns
    -------
    children : ndarray of shape (n_nodes - n_samples, 2)
        Children of each non-leaf node.
    n_connected_components : int
        Connected components of the graph.
    n_leaves : int
        Number of leaves.
    parents : ndarray of shape (n_nodes,) or None
        Parent of each node (None for unstructured trees).
    distances : ndarray of shape (n_nodes - n_samples,)
        Only with ``return_distance``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import ward_tree
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> children, n_comp, n_leaves, parents = ward_tree(X)
    >>> children
    array([[0, 1],
           [3, 5],
           [2, 6],
           [4, 7],
           [8, 9]])
    """
    X = np.asarray(X)
    if X.ndim == 1:
        X = np.reshape(X, (-1, 1))
    n_samples, n_features = X.shape
    if connectivity is None:
        if n_clusters is not None:
            warnings.warn(
                "Partial build of the tree is implemented only for structured clustering "
                "(i.e. with explicit connectivity). The algorithm will build the full tree "
                "and only retain the lower branches required for the specified number of "
                "clusters",
                stacklevel=2,
            )
        out = _unstructured_linkage(X, "ward", "euclidean")
        children_ = out[:, :2].astype(np.intp)
        if return_distance:
            return children_, 1, n_samples, None, out[:, 2]
        return children_, 1, n_samples, None

    connectivity, n_connected_components = _fix_connectivity(X, connectivity, "euclidean")
    if n_clusters is None:
        n_nodes = 2 * n_samples - 1
    else:
        if n_clusters > n_samples:
            raise ValueError(
                f"Cannot provide more clusters than samples. {n_clusters} n_clusters was "
                f"asked, and there are {n_samples} samples."
            )
        n_nodes = 2 * n_samples - n_clusters
    G = _csr_sorted(connectivity)
    children, parent, inertia = _kernels().ward_structured(
        np.ascontiguousarray(X, dtype=np.float64),
        G.indptr.astype(np.int64),
        G.indices.astype(np.int64),
        n_nodes,
    )
    children = np.ascontiguousarray(children[:, ::-1]).astype(np.intp)
    parent = parent.astype(np.intp)
    if return_distance:
        return children, n_connected_components, n_samples, parent, np.sqrt(2.0 * inertia)
    return children, n_connected_components, n_samples, parent


def _paired_distances(A, B, metric):
    if metric in ("euclidean", "l2"):
        return np.sqrt(((A - B) ** 2).sum(axis=1))
    if metric in ("manhattan", "l1", "cityblock"):
        return np.abs(A - B).sum(axis=1)
    if metric == "cosine":
        An = A / np.maximum(np.linalg.norm(A, axis=1), np.finfo(float).tiny)[:, None]
        Bn = B / np.maximum(np.linalg.norm(B, axis=1), np.finfo(float).tiny)[:, None]
        return 0.5 * ((An - Bn) ** 2).sum(axis=1)
    if callable(metric):
        return np.array([metric(a, b) for a, b in zip(A, B)], dtype=np.float64)
    from scipy.spatial.distance import cdist

    return np.array([cdist(a[None], b[None], metric=metric)[0, 0] for a, b in zip(A, B)])


def linkage_tree(
    X,
    connectivity=None,
    n_clusters=None,
    linkage="complete",
    affinity="euclidean",
    return_distance=False,
):
    """Complete, average or single linkage tree, optionally over a connectivity graph.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Feature matrix (or distances with ``affinity="precomputed"``).
    connectivity : sparse matrix of shape (n_samples, n_samples), default=None
        Neighbours of each sample.
    n_clusters : int, default=None
        Stop early at this many clusters (structured trees only).
    linkage : {"complete", "average", "single"}, default="complete"
        Linkage criterion.
    affinity : str or callable, default="euclidean"
        Metric.
    return_distance : bool, default=False
        Also return the merge distances.

    Returns
    -------
    children : ndarray of shape (n_nodes - n_samples, 2)
    n_connected_components : int
    n_leaves : int
    parents : ndarray of shape (n_nodes,) or None
    distances : ndarray of shape (n_nodes - n_samples,)
        Only with ``return_distance``.
    """
    X = np.asarray(X)
    if X.ndim == 1:
        X = np.reshape(X, (-1, 1))
    n_samples, n_features = X.shape
    if linkage not in ("complete", "average", "single"):
        raise ValueError(
            "Unknown linkage option, linkage should be one of "
            f"dict_keys(['complete', 'average', 'single']), but {linkage} was given"
        )
    if affinity == "cosine" and np.any(~np.any(X, axis=1)):
        raise ValueError("Cosine affinity cannot be used when X contains zero vectors")
    if connectivity is None:
        if n_clusters is not None:
            warnings.warn(
                "Partial build of the tree is implemented only for structured clustering "
                "(i.e. with explicit connectivity). The algorithm will build the full tree "
                "and only retain the lower branches required for the specified number of "
                "clusters",
                stacklevel=2,
            )
        if affinity == "precomputed":
            if X.shape[0] != X.shape[1]:
                raise ValueError(
                    f"Distance matrix should be square, got matrix of shape {X.shape}"
                )
            i, j = np.triu_indices(X.shape[0], k=1)
            X = X[i, j]
        elif affinity == "l2":
            affinity = "euclidean"
        elif affinity in ("l1", "manhattan"):
            affinity = "cityblock"
        elif callable(affinity):
            X = affinity(X)
            i, j = np.triu_indices(X.shape[0], k=1)
            X = X[i, j]
        if linkage == "single" and affinity in ("euclidean", "cityblock"):
            k = _kernels()
            mst = k.mst_linkage_core(
                np.ascontiguousarray(X, dtype=np.float64), affinity == "cityblock"
            )
            mst = mst[np.argsort(mst.T[2], kind="mergesort"), :]
            out = k.single_linkage_label(np.ascontiguousarray(mst))
        else:
            out = _unstructured_linkage(X, linkage, affinity)
        children_ = out[:, :2].astype(int, copy=False)
        if return_distance:
            return children_, 1, n_samples, None, out[:, 2]
        return children_, 1, n_samples, None

    connectivity, n_connected_components = _fix_connectivity(X, connectivity, affinity)
    connectivity = connectivity.tocoo()
    mask = connectivity.row != connectivity.col
    row, col = connectivity.row[mask], connectivity.col[mask]
    if affinity == "precomputed":
        dist = X[row, col].astype(np.float64, copy=False)
    else:
        dist = _paired_distances(X[row], X[col], affinity)
    from scipy import sparse

    G = sparse.csr_matrix((dist, (row, col)), shape=(n_samples, n_samples))
    G.sort_indices()
    if n_clusters is None:
        n_nodes = 2 * n_samples - 1
    else:
        n_nodes = 2 * n_samples - n_clusters
    k = _kernels()
    if linkage == "single":
        from scipy.sparse.csgraph import minimum_spanning_tree

        eps = np.finfo(np.float64).eps
        G.data[G.data == 0] = eps
        mst = minimum_spanning_tree(G).tocoo()
        mst.data[mst.data == eps] = 0
        mst_array = np.vstack([mst.row, mst.col, mst.data]).T
        mst_array = mst_array[np.argsort(mst_array.T[2], kind="mergesort"), :]
        slt = k.single_linkage_label(np.ascontiguousarray(mst_array))
        children_ = slt[:, :2].astype(int)
        parent = np.arange(n_nodes, dtype=np.intp)
        for i, (left, right) in enumerate(children_, n_samples):
            if n_clusters is not None and i >= n_nodes:
                break
            if left < n_nodes:
                parent[left] = i
            if right < n_nodes:
                parent[right] = i
        if return_distance:
            return children_, n_connected_components, n_samples, parent, slt[:, 2]
        return children_, n_connected_components, n_samples, parent
    children, parent, distances = k.linkage_structured(
        G.indptr.astype(np.int64),
        G.indices.astype(np.int64),
        G.data.astype(np.float64),
        n_samples,
        n_nodes,
        linkage == "average",
    )
    children = np.ascontiguousarray(children[:, ::-1]).astype(np.intp)
    parent = parent.astype(np.intp)
    if return_distance:
        return children, n_connected_components, n_samples, parent, distances
    return children, n_connected_components, n_samples, parent


def _complete_linkage(*args, **kwargs):
    kwargs["linkage"] = "complete"
    return linkage_tree(*args, **kwargs)


def _average_linkage(*args, **kwargs):
    kwargs["linkage"] = "average"
    return linkage_tree(*args, **kwargs)


def _single_linkage(*args, **kwargs):
    kwargs["linkage"] = "single"
    return linkage_tree(*args, **kwargs)


_TREE_BUILDERS = {
    "ward": ward_tree,
    "complete": _complete_linkage,
    "average": _average_linkage,
    "single": _single_linkage,
}


def _hc_cut(n_clusters, children, n_leaves):
    """Labels of the leaves when the tree is cut into ``n_clusters`` clusters."""
    if n_clusters > n_leaves:
        raise ValueError(
            "Cannot extract more clusters than samples: "
            f"{n_clusters} clusters were given for a tree with {n_leaves} leaves."
        )
    nodes = [-(max(children[-1]) + 1)]
    for _ in range(n_clusters - 1):
        these_children = children[-nodes[0] - n_leaves]
        heapq.heappush(nodes, -these_children[0])
        heapq.heappushpop(nodes, -these_children[1])
    n_nodes = n_leaves + len(children)
    node_label = np.full(n_nodes, -1, dtype=np.intp)
    for i, node in enumerate(nodes):
        node_label[-node] = i
    for node in range(n_nodes - 1, n_leaves - 1, -1):
        lab = node_label[node]
        if lab >= 0:
            c = children[node - n_leaves]
            node_label[c[0]] = lab
            node_label[c[1]] = lab
    return node_label[:n_leaves].copy()


def _hc_get_heads(parents):
    parents = np.asarray(parents).copy()
    for node0 in range(parents.size - 1, -1, -1):
        node = node0
        parent = parents[node]
        while parent != node:
            parents[node0] = parent
            node = parent
            parent = parents[node]
    return parents


def _check_memory(memory):
    if memory is None:
        return None
    if isinstance(memory, str):
        try:
            from ..memory import Memory
        except ImportError:  # pragma: no cover - the memory package lands separately
            return None
        return Memory(memory, verbose=0) if _accepts_verbose(Memory) else Memory(memory)
    return memory


def _accepts_verbose(cls):
    import inspect

    try:
        return "verbose" in inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return False


class AgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Agglomerative (bottom-up hierarchical) clustering.

    Parameters
    ----------
    n_clusters : int or None, default=2
        Number of clusters; None when ``distance_threshold`` is set.
    metric : str or callable, default="euclidean"
        Metric for the linkage ("euclidean", "l1", "l2", "manhattan", "cosine",
        "precomputed", ...). Ward needs "euclidean".
    memory : str or object with a ``cache`` method, default=None
        Caches the tree: a folder path (an aiguille ``Memory`` is made) or a Memory.
    connectivity : {array-like, sparse matrix} or callable, default=None
        Connectivity graph (n_samples, n_samples), or a callable making it from X.
    compute_full_tree : "auto" or bool, default="auto"
        Build the whole tree instead of stopping at ``n_clusters``.
    linkage : {"ward", "complete", "average", "single"}, default="ward"
        Linkage criterion.
    distance_threshold : float, default=None
        Merge distance above which clusters are not merged (then ``n_clusters`` is None).
    compute_distances : bool, default=False
        Store the merge distances in ``distances_``.

    Attributes
    ----------
    n_clusters_ : int
        Number of clusters found.
    labels_ : ndarray of shape (n_samples,)
        Cluster of each sample.
    n_leaves_ : int
        Leaves of the tree.
    n_connected_components_ : int
        Connected components of the graph.
    children_ : ndarray of shape (n_samples - 1, 2)
        Children of each non-leaf node (``i < n_samples`` are samples).
    distances_ : ndarray of shape (n_nodes - 1,)
        Merge distances (with ``distance_threshold`` or ``compute_distances``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.cluster import AgglomerativeClustering
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> AgglomerativeClustering().fit(X).labels_
    array([1, 1, 1, 0, 0, 0])
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left"), None],
        "metric": [StrOptions(set(_VALID_METRICS) | {"precomputed"}), callable],
        "memory": [str, HasMethods("cache"), None],
        "connectivity": ["array-like", "sparse matrix", callable, None],
        "compute_full_tree": [StrOptions({"auto"}), "boolean"],
        "linkage": [StrOptions(set(_TREE_BUILDERS))],
        "distance_threshold": [Interval(Real, 0, None, closed="left"), None],
        "compute_distances": ["boolean"],
    }

    def __init__(
        self,
        n_clusters=2,
        *,
        metric="euclidean",
        memory=None,
        connectivity=None,
        compute_full_tree="auto",
        linkage="ward",
        distance_threshold=None,
        compute_distances=False,
    ):
        self.n_clusters = n_clusters
        self.distance_threshold = distance_threshold
        self.memory = memory
        self.connectivity = connectivity
        self.compute_full_tree = compute_full_tree
        self.linkage = linkage
        self.metric = metric
        self.compute_distances = compute_distances

    def fit(self, X, y=None):
        """Fit the hierarchical clustering on X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples)
            Samples, or distances with ``metric="precomputed"``.
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X = validate_data(self, X, ensure_min_samples=2)
        return self._fit(X)

    def _fit(self, X):
        memory = _check_memory(self.memory)
        if not ((self.n_clusters is None) ^ (self.distance_threshold is None)):
            raise ValueError(
                "Exactly one of n_clusters and distance_threshold has to be set, and the "
                "other needs to be None."
            )
        if self.distance_threshold is not None and not self.compute_full_tree:
            raise ValueError("compute_full_tree must be True if distance_threshold is set.")
        if self.linkage == "ward" and self.metric not in ("euclidean", "l2"):
            raise ValueError(
                f"{self.metric} was provided as metric. Ward can only work with euclidean "
                "distances (i.e. 'euclidean' and 'l2')."
            )
        tree_builder = _TREE_BUILDERS[self.linkage]
        connectivity = self.connectivity
        if self.connectivity is not None:
            if callable(self.connectivity):
                connectivity = self.connectivity(X)
            connectivity = check_array(connectivity, accept_sparse=["csr", "coo", "lil"])
        n_samples = len(X)
        compute_full_tree = self.compute_full_tree
        if self.connectivity is None:
            compute_full_tree = True
        if compute_full_tree == "auto":
            if self.distance_threshold is not None:
                compute_full_tree = True
            else:
                compute_full_tree = self.n_clusters < max(100, 0.02 * n_samples)
        n_clusters = None if compute_full_tree else self.n_clusters
        kwargs = {}
        if self.linkage != "ward":
            kwargs["linkage"] = self.linkage
            kwargs["affinity"] = self.metric
        return_distance = (self.distance_threshold is not None) or self.compute_distances
        builder = tree_builder if memory is None else memory.cache(tree_builder)
        out = builder(
            X,
            connectivity=connectivity,
            n_clusters=n_clusters,
            return_distance=return_distance,
            **kwargs,
        )
        self.children_, self.n_connected_components_, self.n_leaves_, parents = out[:4]
        if return_distance:
            self.distances_ = out[-1]
        if self.distance_threshold is not None:
            self.n_clusters_ = np.count_nonzero(self.distances_ >= self.distance_threshold) + 1
        else:
            self.n_clusters_ = self.n_clusters
        if compute_full_tree:
            self.labels_ = _hc_cut(self.n_clusters_, self.children_, self.n_leaves_)
        else:
            labels = _hc_get_heads(parents)[:n_samples]
            self.labels_ = np.searchsorted(np.unique(labels), labels)
        return self

    def fit_predict(self, X, y=None):
        """Fit and return the cluster of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return self.fit(X).labels_


class FeatureAgglomeration(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, AgglomerativeClustering
):
    """Agglomerate similar features (a hierarchical clustering of the columns of X).

    Parameters
    ----------
    n_clusters : int or None, default=2
        Number of feature clusters.
    metric : str or callable, default="euclidean"
        Metric between features.
    memory : str or object with a ``cache`` method, default=None
        Caches the tree.
    connectivity : {array-like, sparse matrix} or callable, default=None
        Connectivity graph between features (n_features, n_features).
    compute_full_tree : "auto" or bool, default="auto"
        Build the whole tree.
    linkage : {"ward", "complete", "average", "single"}, default="ward"
        Linkage criterion.
    pooling_func : callable, default=np.mean
        Combines the values of a feature cluster (called with ``axis=1``).
    distance_threshold : float, default=None
        Merge distance above which clusters are not merged.
    compute_distances : bool, default=False
        Store the merge distances.

    Attributes
    ----------
    n_clusters_ : int
        Number of feature clusters.
    labels_ : ndarray of shape (n_features,)
        Cluster of each feature.
    n_leaves_ : int
        Leaves of the tree.
    n_connected_components_ : int
        Connected components of the graph.
    children_ : ndarray of shape (n_features - 1, 2)
        Children of each non-leaf node.
    distances_ : ndarray of shape (n_nodes - 1,)
        Merge distances (with ``distance_threshold`` or ``compute_distances``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import FeatureAgglomeration
    >>> rng = np.random.RandomState(0)
    >>> X = rng.rand(20, 6)
    >>> agglo = FeatureAgglomeration(n_clusters=3).fit(X)
    >>> agglo.transform(X).shape
    (20, 3)
    """

    _parameter_constraints: dict = {
        **AgglomerativeClustering._parameter_constraints,
        "pooling_func": [callable],
    }

    def __init__(
        self,
        n_clusters=2,
        *,
        metric="euclidean",
        memory=None,
        connectivity=None,
        compute_full_tree="auto",
        linkage="ward",
        pooling_func=np.mean,
        distance_threshold=None,
        compute_distances=False,
    ):
        super().__init__(
            n_clusters=n_clusters,
            memory=memory,
            connectivity=connectivity,
            compute_full_tree=compute_full_tree,
            linkage=linkage,
            metric=metric,
            distance_threshold=distance_threshold,
            compute_distances=compute_distances,
        )
        self.pooling_func = pooling_func

    def fit(self, X, y=None):
        """Fit the hierarchical clustering of the features of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X = validate_data(self, X, ensure_min_features=2)
        super()._fit(X.T)
        self._n_features_out = self.n_clusters_
        return self

    @property
    def fit_predict(self):
        """Not available for feature agglomeration."""
        raise AttributeError

    def transform(self, X):
        """Pool the features of each cluster with ``pooling_func``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        Y : ndarray of shape (n_samples, n_clusters_)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        if self.pooling_func == np.mean and not issparse(X):
            size = np.bincount(self.labels_)
            n_samples = X.shape[0]
            nX = np.array([np.bincount(self.labels_, X[i, :]) / size for i in range(n_samples)])
        else:
            nX = [
                self.pooling_func(X[:, self.labels_ == lab], axis=1)
                for lab in np.unique(self.labels_)
            ]
            nX = np.array(nX).T
        return nX

    def inverse_transform(self, X):
        """Expand pooled values back to the features (each gets its cluster's value).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_clusters_) or (n_clusters_,)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features) or (n_features,)
        """
        check_is_fitted(self)
        unil, inverse = np.unique(self.labels_, return_inverse=True)
        return np.asarray(X)[..., inverse]

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags
