"""Shared driver of :class:`KDTree` and :class:`BallTree` (numba build and queries)."""

import numpy as np

from ..utils.validation import check_array

# One registry per string option: the metrics the trees support -> kernel code.
TREE_METRICS = {
    "euclidean": 0,
    "l2": 0,
    "minkowski": 3,
    "p": 3,
    "manhattan": 1,
    "cityblock": 1,
    "l1": 1,
    "chebyshev": 2,
    "infinity": 2,
}


def _kernels():
    from . import _tree_kernels

    return _tree_kernels


def _to_dist(red, code, p):
    if code == 0:
        return np.sqrt(red, out=red)
    if code == 3:
        return np.power(red, 1.0 / p, out=red)
    return red


def _to_red(d, code, p):
    d = np.asarray(d, dtype=np.float64)
    if code == 0:
        return d * d
    if code == 3:
        return d**p
    return d.copy()


class _BinaryTree:
    _kind = 0
    valid_metrics = sorted(TREE_METRICS)

    def __init__(self, X, leaf_size=40, metric="minkowski", **kwargs):
        data = check_array(X, dtype=[np.float64, np.float32], order="C")
        if data.dtype != np.float64:
            data = data.astype(np.float64)
        if leaf_size < 1:
            raise ValueError("leaf_size must be greater than or equal to 1")
        if metric not in TREE_METRICS:
            raise ValueError(
                f"metric {metric!r} is not valid for {type(self).__name__}; valid metrics: "
                f"{self.valid_metrics}"
            )
        p = float(kwargs.get("p", 2))
        code = TREE_METRICS[metric]
        if code == 3:
            if kwargs.get("w") is not None:
                raise ValueError(
                    f"weighted minkowski is not supported by aiguille's {type(self).__name__}"
                )
            if p < 1:
                raise ValueError("p must be greater than or equal to 1 for a tree")
            if p == 1:
                code = 1
            elif p == 2:
                code = 0
            elif np.isinf(p):
                code = 2
        self.data = data
        self.leaf_size = leaf_size
        self.metric = metric
        self._code, self._p = code, p
        n, d = data.shape
        n_levels = int(np.log2(max(1.0, (n - 1) / leaf_size)) + 1)
        n_nodes = 2**n_levels - 1
        self.idx_array = np.arange(n, dtype=np.intp)
        self._node_start = np.zeros(n_nodes, dtype=np.intp)
        self._node_end = np.zeros(n_nodes, dtype=np.intp)
        self._node_leaf = np.zeros(n_nodes, dtype=np.intp)
        if self._kind == 0:
            self._lo = np.empty((n_nodes, d))
            self._hi = np.empty((n_nodes, d))
            self._centroids = np.empty((0, d))
            self._radii = np.empty(0)
        else:
            self._lo = np.empty((0, d))
            self._hi = np.empty((0, d))
            self._centroids = np.empty((n_nodes, d))
            self._radii = np.empty(n_nodes)
        self._data_sorted = self.data.copy()
        _kernels().build(
            self._data_sorted,
            self.idx_array,
            self._node_start,
            self._node_end,
            self._node_leaf,
            self._kind,
            code,
            p,
            self._lo,
            self._hi,
            self._centroids,
            self._radii,
        )

    # -- public attributes in scikit-learn's shape ---------------------------------------
    @property
    def node_data(self):
        """Structured array (idx_start, idx_end, is_leaf, radius) of the nodes."""
        dt = np.dtype(
            [("idx_start", np.intp), ("idx_end", np.intp), ("is_leaf", np.intp), ("radius", float)]
        )
        out = np.zeros(self._node_start.shape[0], dtype=dt)
        out["idx_start"] = self._node_start
        out["idx_end"] = self._node_end
        out["is_leaf"] = self._node_leaf == 1
        if self._kind == 1:
            out["radius"] = self._radii
        return out

    @property
    def node_bounds(self):
        """KD-tree: (2, n_nodes, n_features) lower and upper corners; ball tree: the
        (1, n_nodes, n_features) centroids."""
        if self._kind == 0:
            return np.stack([self._lo, self._hi])
        return self._centroids[None]

    def get_arrays(self):
        """(data, idx_array, node_data, node_bounds)."""
        return self.data, self.idx_array, self.node_data, self.node_bounds

    def _args(self):
        return (
            self._data_sorted,
            self.idx_array,
            self._node_start,
            self._node_end,
            self._node_leaf,
            self._kind,
            self._code,
            self._p,
            self._lo,
            self._hi,
            self._centroids,
            self._radii,
        )

    def _check_query(self, X):
        X = check_array(X, dtype=[np.float64, np.float32], order="C")
        if X.shape[1] != self.data.shape[1]:
            raise ValueError("query data dimension must match training data dimension")
        return np.ascontiguousarray(X, dtype=np.float64)

    def query(
        self, X, k=1, return_distance=True, dualtree=False, breadth_first=False, sort_results=True
    ):
        """The ``k`` nearest neighbours of each row of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
        k : int, default=1
        return_distance : bool, default=True
        dualtree, breadth_first : bool, default=False
            Accepted for compatibility; the search is always single-tree depth-first.
        sort_results : bool, default=True
            Results are always sorted by distance (ties by index).

        Returns
        -------
        dist : ndarray of shape (n_queries, k)
            Only when ``return_distance``.
        ind : ndarray of shape (n_queries, k)
        """
        X = self._check_query(X)
        if k > self.data.shape[0]:
            raise ValueError("k must be less than or equal to the number of training points")
        n = X.shape[0]
        val = np.empty((n, k))
        ind = np.empty((n, k), dtype=np.intp)
        _kernels().query_knn(*self._args(), X, val, ind)
        if return_distance:
            return _to_dist(val, self._code, self._p), ind
        return ind

    def query_radius(self, X, r, return_distance=False, count_only=False, sort_results=False):
        """Neighbours of each row of ``X`` within distance ``r`` (inclusive).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
        r : float or array-like of shape (n_queries,)
        return_distance : bool, default=False
        count_only : bool, default=False
        sort_results : bool, default=False
            Sort each query's neighbours by distance (needs ``return_distance``).

        Returns
        -------
        count : ndarray of shape (n_queries,)
            When ``count_only``.
        ind : ndarray of shape (n_queries,) of int arrays
        dist : ndarray of shape (n_queries,) of float arrays
            When ``return_distance``: the method returns ``(ind, dist)``.
        """
        if count_only and return_distance:
            raise ValueError("count_only and return_distance cannot both be true")
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True")
        X = self._check_query(X)
        n = X.shape[0]
        r = np.asarray(r, dtype=np.float64) * np.ones(n)
        red_r = _to_red(r, self._code, self._p)
        kern = _kernels()
        counts = np.zeros(n, dtype=np.intp)
        empty_i = np.empty(0, dtype=np.intp)
        empty_f = np.empty(0)
        kern.query_radius(
            *self._args(), X, red_r, empty_i, empty_i, empty_f, counts, return_distance
        )
        if count_only:
            return counts
        offsets = np.zeros(n, dtype=np.intp)
        np.cumsum(counts[:-1], out=offsets[1:])
        total = int(counts.sum())
        flat_ind = np.empty(total, dtype=np.intp)
        flat_val = np.empty(total)
        if n:
            kern.query_radius(
                *self._args(), X, red_r, offsets, flat_ind, flat_val, counts, return_distance
            )
        splits = offsets[1:]
        ind = np.empty(n, dtype=object)
        ind[:] = np.split(flat_ind, splits) if n else []
        if not return_distance:
            return ind
        dist = np.empty(n, dtype=object)
        dist[:] = np.split(_to_dist(flat_val, self._code, self._p), splits) if n else []
        if sort_results:
            for i in range(n):
                order = np.lexsort((ind[i], dist[i]))
                ind[i] = ind[i][order]
                dist[i] = dist[i][order]
        return ind, dist

    def __getstate__(self):
        return self.__dict__.copy()

    def __setstate__(self, state):
        self.__dict__.update(state)
