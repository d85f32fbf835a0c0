"""BIRCH clustering on an array-based CF-tree (numba), with scikit-learn's merge/split rules."""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
)
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import HasMethods, Interval
from ..utils.extmath import row_norms
from ..utils.validation import check_is_fitted, issparse, validate_data

__all__ = ["Birch"]


class _CFTree:
    """The CF-tree's arrays (see ``_birch_kernels``), grown geometrically on demand."""

    def __init__(self, n_features, branching_factor, dtype):
        self.d = n_features
        self.B = branching_factor
        self.dtype = np.dtype(dtype)
        self.meta = np.zeros(5, dtype=np.int64)
        self._alloc_subs(256)
        self._alloc_nodes(32)
        self.path_node = np.zeros(16, dtype=np.int64)
        self.path_idx = np.zeros(16, dtype=np.int64)
        # slot 0 of the subclusters is the kernel's scratch for the incoming sample
        self.meta[2] = 1
        # node 0: the root, a leaf, first in the leaf list
        self.meta[1] = 1
        self.nd_leaf[0] = 1
        self.nd_prev[0] = -1
        self.nd_next[0] = -1
        self.meta[0] = 0
        self.meta[3] = 0

    def _alloc_subs(self, cap, old=None):
        d, dt = self.d, self.dtype

        def grow(name, shape, dtype):
            new = np.zeros(shape, dtype=dtype)
            if old is not None:
                cur = getattr(self, name)
                new[: cur.shape[0]] = cur
            setattr(self, name, new)

        grow("sc_n", (cap,), np.int64)
        grow("sc_ls", (cap, d), dt)
        grow("sc_ss", (cap,), dt)
        grow("sc_cent", (cap, d), dt)
        grow("sc_sqn", (cap,), dt)
        grow("sc_child", (cap,), np.int64)

    def _alloc_nodes(self, cap, old=None):
        d, dt, B = self.d, self.dtype, self.B

        def grow(name, shape, dtype):
            new = np.zeros(shape, dtype=dtype)
            if old is not None:
                cur = getattr(self, name)
                new[: cur.shape[0]] = cur
            setattr(self, name, new)

        grow("nd_leaf", (cap,), np.int64)
        grow("nd_count", (cap,), np.int64)
        grow("nd_sub", (cap, B + 1), np.int64)
        grow("nd_cent", (cap, B + 1, d), dt)
        grow("nd_sqn", (cap, B + 1), dt)
        grow("nd_prev", (cap,), np.int64)
        grow("nd_next", (cap,), np.int64)

    def insert(self, X, threshold):
        from ._birch_kernels import birch_insert

        X = np.ascontiguousarray(X, dtype=self.dtype)
        start, n = 0, X.shape[0]
        thr_sq = float(threshold) ** 2
        while start < n:
            self._reserve()
            nxt = birch_insert(
                X,
                start,
                thr_sq,
                self.meta,
                self.sc_n,
                self.sc_ls,
                self.sc_ss,
                self.sc_cent,
                self.sc_sqn,
                self.sc_child,
                self.nd_leaf,
                self.nd_count,
                self.nd_sub,
                self.nd_cent,
                self.nd_sqn,
                self.nd_prev,
                self.nd_next,
                self.path_node,
                self.path_idx,
            )
            if nxt < 0:  # deeper than the path buffer
                start = -1 - nxt
                depth = 2 * self.path_node.shape[0]
                self.path_node = np.zeros(depth, dtype=np.int64)
                self.path_idx = np.zeros(depth, dtype=np.int64)
                continue
            if self.meta[4] > 0:
                self._reserve()
                self._finish_split(X[nxt - 1], int(self.meta[4]))
                self.meta[4] = 0
            start = nxt

    def _reserve(self):
        margin = 2 * self.path_node.shape[0] + 8
        if self.meta[1] + margin > self.nd_leaf.shape[0]:
            self._alloc_nodes(2 * self.nd_leaf.shape[0] + margin, old=True)
        if self.meta[2] + margin > self.sc_n.shape[0]:
            self._alloc_subs(2 * self.sc_n.shape[0] + margin, old=True)

    # -- the rare path, in numpy with scikit-learn's arithmetic ---------------------------
    def _new_node(self, is_leaf):
        node = int(self.meta[1])
        self.meta[1] += 1
        self.nd_leaf[node] = is_leaf
        self.nd_count[node] = 0
        self.nd_prev[node] = -1
        self.nd_next[node] = -1
        return node

    def _new_sub(self):
        s = int(self.meta[2])
        self.meta[2] += 1
        self.sc_n[s] = 0
        self.sc_ls[s] = 0
        self.sc_ss[s] = 0
        self.sc_child[s] = -1
        return s

    def _append(self, node, s):
        c = int(self.nd_count[node])
        self.nd_sub[node, c] = s
        self.nd_cent[node, c] = self.sc_cent[s]
        self.nd_sqn[node, c] = self.sc_sqn[s]
        self.nd_count[node] = c + 1

    def _update(self, s, n, ls, ss):
        """``_CFSubcluster.update`` with numpy's arithmetic."""
        first = self.sc_n[s] == 0
        self.sc_n[s] += n
        self.sc_ls[s] = ls.copy() if first else self.sc_ls[s] + ls
        self.sc_ss[s] = ss if first else self.sc_ss[s] + ss
        cent = self.sc_ls[s] / self.sc_n[s]
        self.sc_cent[s] = cent
        self.sc_sqn[s] = np.dot(cent, cent)

    def _split(self, node):
        """``_split_node``: the distance matrix computed exactly as scikit-learn does."""
        is_leaf = int(self.nd_leaf[node])
        s1, s2 = self._new_sub(), self._new_sub()
        n1, n2 = self._new_node(is_leaf), self._new_node(is_leaf)
        self.sc_child[s1], self.sc_child[s2] = n1, n2
        if is_leaf:
            prev, nxt = int(self.nd_prev[node]), int(self.nd_next[node])
            if prev >= 0:
                self.nd_next[prev] = n1
            else:
                self.meta[3] = n1
            self.nd_prev[n1], self.nd_next[n1] = prev, n2
            self.nd_prev[n2], self.nd_next[n2] = n1, nxt
            if nxt >= 0:
                self.nd_prev[nxt] = n2
        m = int(self.nd_count[node])
        C = self.nd_cent[node, :m]
        XX = np.einsum("ij,ij->i", C, C)[:, None]
        dist = -2 * (C @ C.T)
        dist += XX
        dist += XX.T
        np.maximum(dist, 0, out=dist)
        np.fill_diagonal(dist, 0)
        r, c = np.unravel_index(dist.argmax(), (m, m))
        node1_closer = dist[r] < dist[c]
        node1_closer[r] = True
        for idx in range(m):
            s = int(self.nd_sub[node, idx])
            target, new = (n1, s1) if node1_closer[idx] else (n2, s2)
            self._append(target, s)
            self._update(new, self.sc_n[s], self.sc_ls[s], self.sc_ss[s])
        return s1, s2

    def _finish_split(self, x, depth):
        """Finish inserting ``x`` after its leaf overflowed (``insert_cf_subcluster``)."""
        B = self.B
        x = np.asarray(x)
        xss = np.dot(x, x)
        split = True
        for lev in range(depth - 2, -1, -1):
            node, j = int(self.path_node[lev]), int(self.path_idx[lev])
            s = int(self.nd_sub[node, j])
            if not split:
                self._update(s, 1, x, xss)
                self.nd_cent[node, j] = self.sc_cent[s]
                self.nd_sqn[node, j] = self.sc_sqn[s]
            else:
                s1, s2 = self._split(int(self.sc_child[s]))
                self.nd_sub[node, j] = s1
                self.nd_cent[node, j] = self.sc_cent[s1]
                self.nd_sqn[node, j] = self.sc_sqn[s1]
                self._append(node, s2)
                split = self.nd_count[node] > B
        if split:
            root = int(self.meta[0])
            s1, s2 = self._split(root)
            new_root = self._new_node(0)
            self._append(new_root, s1)
            self._append(new_root, s2)
            self.meta[0] = new_root

    def leaves(self):
        out = []
        node = int(self.meta[3])
        while node >= 0:
            out.append(node)
            node = int(self.nd_next[node])
        return out

    def leaf_centroids(self):
        parts = [self.nd_cent[leaf, : self.nd_count[leaf]] for leaf in self.leaves()]
        if not parts:
            return np.empty((0, self.d), dtype=self.dtype)
        return np.ascontiguousarray(np.concatenate(parts))

    def leaf_subclusters(self):
        """Ids of the leaf subclusters in leaf order."""
        ids = [self.nd_sub[leaf, : self.nd_count[leaf]] for leaf in self.leaves()]
        return np.concatenate(ids) if ids else np.empty(0, dtype=np.int64)


class Birch(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """BIRCH: Balanced Iterative Reducing and Clustering using Hierarchies.

    Builds a CF (clustering feature) tree in one pass over the data; the leaf subcluster
    centres are then grouped by a global clustering step. The tree is kept in flat arrays
    updated by a numba kernel, with scikit-learn's merge and split rules, so the same
    threshold gives the same subclusters as scikit-learn.

    Parameters
    ----------
    threshold : float, default=0.5
        A sample joins the closest subcluster if the merged subcluster's radius stays
        within the threshold; otherwise it starts a new subcluster.
    branching_factor : int, default=50
        Maximum number of subclusters per node; a fuller node is split in two.
    n_clusters : int, estimator or None, default=3
        Global step: an int runs :class:`AgglomerativeClustering` with that many clusters
        on the subcluster centres; an estimator is fitted on them; None keeps the
        subclusters as clusters.
    compute_labels : bool, default=True
        Compute ``labels_`` for the training data.

    Attributes
    ----------
    root_ : _CFTree
        The CF-tree (flat arrays).
    subcluster_centers_ : ndarray of shape (n_subclusters, n_features)
        Centroids of the leaf subclusters.
    subcluster_labels_ : ndarray of shape (n_subclusters,)
        Global cluster of each subcluster.
    labels_ : ndarray of shape (n_samples,)
        Labels of the training data (if ``compute_labels``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.cluster import Birch
    >>> X = [[0, 1], [0.3, 1], [-0.3, 1], [0, -1], [0.3, -1], [-0.3, -1]]
    >>> brc = Birch(n_clusters=None).fit(X)
    >>> brc.predict(X)
    array([0, 0, 0, 1, 1, 1])
    """

    _parameter_constraints: dict = {
        "threshold": [Interval(Real, 0.0, None, closed="neither")],
        "branching_factor": [Interval(Integral, 1, None, closed="neither")],
        "n_clusters": [
            None,
            HasMethods(["fit_predict"]),
            Interval(Integral, 1, None, closed="left"),
        ],
        "compute_labels": ["boolean"],
    }

    def __init__(self, *, threshold=0.5, branching_factor=50, n_clusters=3, compute_labels=True):
        self.threshold = threshold
        self.branching_factor = branching_factor
        self.n_clusters = n_clusters
        self.compute_labels = compute_labels

    def fit(self, X, y=None):
        """Build the CF-tree of X and run the global clustering.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        return self._fit(X, partial=False)

    def _fit(self, X, partial):
        has_root = getattr(self, "root_", None) is not None
        first_call = not (partial and has_root)
        X = validate_data(
            self, X, accept_sparse="csr", reset=first_call, dtype=[np.float64, np.float32]
        )
        n_samples, n_features = X.shape
        tree = _CFTree(n_features, self.branching_factor, X.dtype) if first_call else self.root_
        if issparse(X):
            step = 1024
            for s in range(0, n_samples, step):
                tree.insert(X[s : s + step].toarray(), self.threshold)
        else:
            tree.insert(X, self.threshold)
        self.root_ = tree
        self.subcluster_centers_ = tree.leaf_centroids()
        self._n_features_out = self.subcluster_centers_.shape[0]
        self._global_clustering(X)
        return self

    def partial_fit(self, X=None, y=None):
        """Add X to the CF-tree (or, with X None, only redo the global clustering).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features), default=None
            Input data.
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        if X is None:
            self._global_clustering()
            return self
        return self._fit(X, partial=True)

    def predict(self, X):
        """Label of the closest subcluster's global cluster for each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse="csr", reset=False, dtype=[np.float64, np.float32]
        )
        return self._predict(X)

    def _predict(self, X):
        from ._kmeans import _blas_context, _labels_inertia

        C = self.subcluster_centers_
        if issparse(X):
            X = X.astype(C.dtype)
        else:
            X = np.ascontiguousarray(X, dtype=C.dtype)
        sw = np.ones(X.shape[0], dtype=X.dtype)
        with _blas_context():
            argmin = _labels_inertia(X, sw, C, return_inertia=False)
        return self.subcluster_labels_[argmin]

    def transform(self, X):
        """Euclidean distances of X to each subcluster centre.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_trans : ndarray of shape (n_samples, n_subclusters)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse="csr", reset=False, dtype=[np.float64, np.float32]
        )
        C = self.subcluster_centers_.astype(X.dtype, copy=False)
        D = np.asarray(X @ C.T)
        D *= -2
        D += row_norms(X, squared=True)[:, None]
        D += row_norms(C, squared=True)[None, :]
        np.maximum(D, 0, out=D)
        return np.sqrt(D, out=D)

    def _global_clustering(self, X=None):
        clusterer = self.n_clusters
        centroids = self.subcluster_centers_
        compute_labels = (X is not None) and self.compute_labels
        not_enough_centroids = False
        if isinstance(clusterer, Integral):
            from ._agglomerative import AgglomerativeClustering

            clusterer = AgglomerativeClustering(n_clusters=self.n_clusters)
            if len(centroids) < self.n_clusters:
                not_enough_centroids = True
        self._subcluster_norms = row_norms(self.subcluster_centers_, squared=True)
        if clusterer is None or not_enough_centroids:
            self.subcluster_labels_ = np.arange(len(centroids))
            if not_enough_centroids:
                warnings.warn(
                    f"Number of subclusters found ({len(centroids)}) by BIRCH is less "
                    f"than ({self.n_clusters}). Decrease the threshold.",
                    ConvergenceWarning,
                    stacklevel=3,
                )
        else:
            self.subcluster_labels_ = clusterer.fit_predict(self.subcluster_centers_)
        if compute_labels:
            self.labels_ = self._predict(X)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags
