"""Shared machinery of the neighbours estimators: fitting, ``kneighbors``,
``radius_neighbors`` and their graphs, weights."""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator
from ..utils._param_validation import Interval, StrOptions
from ..utils.multiclass import check_classification_targets
from ..utils.validation import (
    _num_samples,
    check_array,
    check_is_fitted,
    issparse,
    validate_data,
)
from ._binary_tree import TREE_METRICS
from ._brute import METRIC_CODES

VALID_METRICS = {
    "ball_tree": sorted(TREE_METRICS),
    "kd_tree": sorted(TREE_METRICS),
    "brute": sorted({*METRIC_CODES, "precomputed"}),
}
_ALL_METRICS = set(VALID_METRICS["brute"]) | set(TREE_METRICS)
# sparse input: brute force only (CSR products and merges of sorted rows)
VALID_METRICS_SPARSE = {"ball_tree": [], "kd_tree": [], "brute": sorted(METRIC_CODES)}


def _check_sparse_metric(metric, effective_metric):
    if callable(metric) or metric == "precomputed":
        name = "a callable" if callable(metric) else "'precomputed'"
        raise ValueError(
            f"Sparse input is not supported with metric {name} in aiguille: pass a dense "
            "array (X.toarray()) or use a named metric such as 'euclidean'."
        )


def _get_weights(dist, weights):
    """Weights of the neighbours from their distances ("uniform" -> None)."""
    if weights in (None, "uniform"):
        return None
    if weights == "distance":
        if dist.dtype is np.dtype(object):
            for i, point_dist in enumerate(dist):
                if hasattr(point_dist, "__contains__") and 0.0 in point_dist:
                    dist[i] = point_dist == 0.0
                else:
                    dist[i] = 1.0 / point_dist
        else:
            with np.errstate(divide="ignore"):
                dist = 1.0 / dist
            inf_mask = np.isinf(dist)
            inf_row = np.any(inf_mask, axis=1)
            dist[inf_row] = inf_mask[inf_row]
        return dist
    return weights(dist)


def _check_zero_weights(weights):
    if weights is not None and weights.dtype != object and np.any(np.all(weights == 0, axis=1)):
        raise ValueError(
            "All neighbors of some sample is getting zero weights. "
            "Please modify 'weights' to avoid this case if you are "
            "using a user-defined function."
        )


def _check_precomputed(X):
    X = check_array(X, dtype=[np.float64, np.float32])
    if np.any(X < 0):
        raise ValueError("Negative values in data passed to precomputed distance matrix.")
    return X


def _to_object_array(seq):
    out = np.empty(len(seq), dtype=object)
    out[:] = seq
    return out


class NeighborsBase(BaseEstimator):
    """Base class of the neighbours estimators."""

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(Integral, 1, None, closed="left"), None],
        "radius": [Interval(Real, 0, None, closed="both"), None],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "p": [Interval(Real, 0, None, closed="right"), None],
        "metric": [StrOptions(_ALL_METRICS), callable],
        "metric_params": [dict, None],
        "n_jobs": [Integral, None],
    }

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.target_tags.multi_output = True
        tags.input_tags.pairwise = self.metric == "precomputed"
        tags.input_tags.positive_only = tags.input_tags.pairwise
        tags.input_tags.sparse = not tags.input_tags.pairwise and not callable(self.metric)
        return tags

    def _check_algorithm_metric(self):
        if self.algorithm == "auto":
            if self.metric == "precomputed":
                alg_check = "brute"
            elif callable(self.metric) or self.metric in VALID_METRICS["ball_tree"]:
                alg_check = "ball_tree"
            else:
                alg_check = "brute"
        else:
            alg_check = self.algorithm
        if callable(self.metric):
            if self.algorithm in ("kd_tree", "ball_tree"):
                raise ValueError(
                    f"{self.algorithm} does not support callable metric '{self.metric}' in "
                    "aiguille: use algorithm='brute'."
                )
        elif self.metric not in VALID_METRICS[alg_check]:
            raise ValueError(
                f"Metric '{self.metric}' not valid. Use "
                f"sorted(aiguille.neighbors.VALID_METRICS['{alg_check}']) "
                "to get valid options. "
                "Metric can also be a callable function."
            )
        if self.metric_params is not None and "p" in self.metric_params:
            if self.p is not None:
                warnings.warn(
                    "Parameter p is found in metric_params. "
                    "The corresponding parameter from __init__ is ignored.",
                    SyntaxWarning,
                    stacklevel=3,
                )

    def _fit(self, X, y=None):
        self._validate_params()
        if self._aiguille_tags().target_tags.required:
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse="csr",
                multi_output=True,
                order="C",
                dtype=[np.float64, np.float32],
            )
            if self._estimator_type == "classifier":
                if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
                    if y.ndim != 1:
                        from ..exceptions import DataConversionWarning, _interop_class

                        warnings.warn(
                            "A column-vector y was passed when a 1d array was expected. "
                            "Please change the shape of y to (n_samples,), for example "
                            "using ravel().",
                            _interop_class(DataConversionWarning),
                            stacklevel=3,
                        )
                    self.outputs_2d_ = False
                    y = y.reshape((-1, 1))
                else:
                    self.outputs_2d_ = True
                check_classification_targets(y)
                classes = []
                self._y = np.empty(y.shape, dtype=np.intp)
                for k in range(self._y.shape[1]):
                    c, self._y[:, k] = np.unique(y[:, k], return_inverse=True)
                    classes.append(c)
                if not self.outputs_2d_:
                    self.classes_ = classes[0]
                    self._y = self._y.ravel()
                else:
                    self.classes_ = classes
            else:
                self._y = y
        else:
            X = validate_data(
                self, X, accept_sparse="csr", order="C", dtype=[np.float64, np.float32]
            )

        self._check_algorithm_metric()
        params = {} if self.metric_params is None else dict(self.metric_params)
        effective_p = params.get("p", self.p)
        if self.metric in ("minkowski", "p"):
            params["p"] = effective_p
        metric = self.metric
        if metric in ("minkowski", "p"):
            p = params.pop("p", 2)
            w = params.pop("w", None)
            if p == 1 and w is None:
                metric = "manhattan"
            elif p == 2 and w is None:
                metric = "euclidean"
            elif p == np.inf and w is None:
                metric = "chebyshev"
            else:
                metric = "minkowski"
                params["p"] = p
                params["w"] = w
        self.effective_metric_ = metric
        self.effective_metric_params_ = params

        if self.metric == "precomputed":
            X = _check_precomputed(X)
            if X.shape[0] != X.shape[1]:
                raise ValueError(
                    f"Precomputed matrix must be square. Input is a {X.shape[0]}x{X.shape[1]} "
                    "matrix."
                )
            self.n_features_in_ = X.shape[1]

        method = self.algorithm
        if issparse(X):
            _check_sparse_metric(self.metric, metric)
            if method not in ("auto", "brute"):
                warnings.warn("cannot use tree with sparse input: using brute force", stacklevel=3)
            method = "brute"
        if method == "auto":
            if (
                self.metric == "precomputed"
                or X.shape[1] > 15
                or (self.n_neighbors is not None and self.n_neighbors >= X.shape[0] // 2)
            ):
                method = "brute"
            elif metric == "minkowski" and (params["p"] < 1 or params.get("w") is not None):
                method = "brute"
            elif callable(metric):
                method = "brute"
            elif metric in TREE_METRICS:
                method = "kd_tree"
            else:
                method = "brute"
        if metric == "minkowski" and params["p"] < 1:
            if method == "brute":
                warnings.warn(
                    "Mind that for 0 < p < 1, Minkowski metrics are not distance"
                    " metrics. Continuing the execution with `algorithm='brute'`.",
                    stacklevel=3,
                )
            else:
                raise ValueError(
                    f'algorithm="{method}" does not support 0 < p < 1 for '
                    "the Minkowski metric. To resolve this problem either "
                    'set p >= 1 or algorithm="brute".'
                )
        if method in ("kd_tree", "ball_tree") and params.get("w") is not None:
            raise ValueError(
                f"algorithm='{method}' is not valid for metric='minkowski' with a weight "
                "parameter 'w' in aiguille: use algorithm='brute' instead."
            )
        self._fit_method = method
        self._fit_X = X
        self.n_samples_fit_ = X.shape[0]
        if method == "kd_tree":
            from ._kd_tree import KDTree

            self._tree = KDTree(X, self.leaf_size, metric=metric, **params)
        elif method == "ball_tree":
            from ._ball_tree import BallTree

            self._tree = BallTree(X, self.leaf_size, metric=metric, **params)
        else:
            self._tree = None
        return self

    def _check_query(self, X):
        if self.metric == "precomputed":
            X = _check_precomputed(X)
            if X.shape[1] != self.n_samples_fit_:
                raise ValueError(
                    f"Precomputed metric requires shape (n_queries, n_indexed). Got "
                    f"({X.shape[0]}, {X.shape[1]}) for {self.n_samples_fit_} indexed."
                )
            return X
        X = validate_data(
            self, X, reset=False, accept_sparse="csr", order="C", dtype=[np.float64, np.float32]
        )
        if issparse(X):
            if self._fit_method != "brute":
                raise ValueError(
                    f"{self._fit_method} does not work with sparse matrices. Densify the data, "
                    "or set algorithm='brute'."
                )
            _check_sparse_metric(self.metric, self.effective_metric_)
        return X


class KNeighborsMixin:
    """``kneighbors`` and ``kneighbors_graph``."""

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the k nearest neighbours of points.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or (n_queries, n_indexed) \
                if metric == "precomputed", default=None
            The query points. If None, the neighbours of each indexed point, the point
            itself excluded.
        n_neighbors : int, default=None
            Number of neighbours; the constructor's value when None.
        return_distance : bool, default=True
            Whether to return the distances.

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries, n_neighbors)
            Distances to the neighbours, only when ``return_distance``.
        neigh_ind : ndarray of shape (n_queries, n_neighbors)
            Indices of the neighbours in the fitted data, nearest first.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        elif n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
        elif not isinstance(n_neighbors, numbers.Integral):
            raise TypeError(
                f"n_neighbors does not take {type(n_neighbors)} value, enter integer value"
            )
        query_is_train = X is None
        if query_is_train:
            X = self._fit_X
            n_neighbors += 1
        else:
            X = self._check_query(X)
        n_samples_fit = self.n_samples_fit_
        if n_neighbors > n_samples_fit:
            if query_is_train:
                n_neighbors -= 1
                inequality_str = "n_neighbors < n_samples_fit"
            else:
                inequality_str = "n_neighbors <= n_samples_fit"
            raise ValueError(
                f"Expected {inequality_str}, but n_neighbors = {n_neighbors}, "
                f"n_samples_fit = {n_samples_fit}, n_samples = {X.shape[0]}"
            )
        dist, ind = self._kneighbors(X, n_neighbors, return_distance)
        if query_is_train:
            n_queries = X.shape[0]
            sample_mask = ind != np.arange(n_queries)[:, None]
            dup_gr_nbrs = np.all(sample_mask, axis=1)
            sample_mask[:, 0][dup_gr_nbrs] = False
            ind = np.reshape(ind[sample_mask], (n_queries, n_neighbors - 1))
            if return_distance:
                dist = np.reshape(dist[sample_mask], (n_queries, n_neighbors - 1))
        return (dist, ind) if return_distance else ind

    def _kneighbors(self, X, n_neighbors, return_distance):
        if self._fit_method == "brute":
            from ._brute import brute_kneighbors

            return brute_kneighbors(
                X,
                self._fit_X,
                n_neighbors,
                self.effective_metric_,
                self.effective_metric_params_,
                return_distance=return_distance,
                precomputed=self.metric == "precomputed",
                n_jobs=self.n_jobs,
            )
        dist, ind = self._tree.query(X, n_neighbors, return_distance=True)
        return (dist if return_distance else None), ind

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """The (weighted) graph of the k nearest neighbours, as a CSR matrix.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            The query points; None for the indexed points, each point excluded.
        n_neighbors : int, default=None
        mode : {"connectivity", "distance"}, default="connectivity"
            Ones, or the distances, as the stored values.

        Returns
        -------
        A : sparse matrix of shape (n_queries, n_samples_fit)
            CSR; ``A[i, j]`` is the weight of the edge from ``i`` to ``j``.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        if mode == "connectivity":
            A_ind = self.kneighbors(X, n_neighbors, return_distance=False)
            A_data = np.ones(A_ind.shape[0] * n_neighbors)
        elif mode == "distance":
            A_data, A_ind = self.kneighbors(X, n_neighbors, return_distance=True)
            A_data = np.ravel(A_data)
        else:
            raise ValueError(
                'Unsupported mode, must be one of "connectivity", '
                f'or "distance" but got "{mode}" instead'
            )
        from scipy.sparse import csr_matrix

        n_queries = A_ind.shape[0]
        n_nonzero = n_queries * n_neighbors
        A_indptr = np.arange(0, n_nonzero + 1, n_neighbors)
        return csr_matrix(
            (A_data, A_ind.ravel(), A_indptr), shape=(n_queries, self.n_samples_fit_)
        )


class RadiusNeighborsMixin:
    """``radius_neighbors`` and ``radius_neighbors_graph``."""

    def radius_neighbors(self, X=None, radius=None, return_distance=True, sort_results=False):
        """Find the neighbours within a radius of points (distance ``<= radius``).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            The query points; None for the indexed points, each point excluded.
        radius : float, default=None
            The constructor's value when None.
        return_distance : bool, default=True
        sort_results : bool, default=False
            Sort each query's neighbours by distance (needs ``return_distance``);
            otherwise brute force returns them in index order.

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries,) of arrays
            Only when ``return_distance``.
        neigh_ind : ndarray of shape (n_queries,) of arrays
        """
        check_is_fitted(self)
        if sort_results and not return_distance:
            raise ValueError("return_distance must be True if sort_results is True.")
        query_is_train = X is None
        if query_is_train:
            X = self._fit_X
        else:
            X = self._check_query(X)
        if radius is None:
            radius = self.radius
        if self._fit_method == "brute":
            from ._brute import brute_radius_neighbors

            dist, ind = brute_radius_neighbors(
                X,
                self._fit_X,
                radius,
                self.effective_metric_,
                self.effective_metric_params_,
                return_distance=return_distance,
                sort_results=sort_results,
                precomputed=self.metric == "precomputed",
            )
        else:
            res = self._tree.query_radius(
                X, radius, return_distance=return_distance, sort_results=sort_results
            )
            ind, dist = res if return_distance else (res, None)
            if not sort_results:
                # index order, like the brute force
                for i in range(len(ind)):
                    order = np.argsort(ind[i], kind="stable")
                    ind[i] = ind[i][order]
                    if return_distance:
                        dist[i] = dist[i][order]
        if query_is_train:
            for i, ind_neighbor in enumerate(ind):
                mask = ind_neighbor != i
                ind[i] = ind_neighbor[mask]
                if return_distance:
                    dist[i] = dist[i][mask]
        return (dist, ind) if return_distance else ind

    def radius_neighbors_graph(self, X=None, radius=None, mode="connectivity", sort_results=False):
        """The (weighted) graph of the neighbours within a radius, as a CSR matrix.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
        radius : float, default=None
        mode : {"connectivity", "distance"}, default="connectivity"
        sort_results : bool, default=False
            Sort each row's entries by distance (``mode="distance"`` only).

        Returns
        -------
        A : sparse matrix of shape (n_queries, n_samples_fit)
        """
        check_is_fitted(self)
        if radius is None:
            radius = self.radius
        if mode == "connectivity":
            A_ind = self.radius_neighbors(X, radius, return_distance=False)
            A_data = None
        elif mode == "distance":
            dist, A_ind = self.radius_neighbors(
                X, radius, return_distance=True, sort_results=sort_results
            )
            A_data = np.concatenate(list(dist)) if len(dist) else np.empty(0)
        else:
            raise ValueError(
                'Unsupported mode, must be one of "connectivity", '
                f'or "distance" but got "{mode}" instead'
            )
        from scipy.sparse import csr_matrix

        n_queries = A_ind.shape[0]
        n_neighbors = np.array([len(a) for a in A_ind])
        A_ind = np.concatenate(list(A_ind)) if n_queries else np.empty(0, dtype=np.intp)
        if A_data is None:
            A_data = np.ones(len(A_ind))
        A_indptr = np.concatenate((np.zeros(1, dtype=int), np.cumsum(n_neighbors)))
        return csr_matrix((A_data, A_ind, A_indptr), shape=(n_queries, self.n_samples_fit_))


def _n_queries(est, X):
    return _num_samples(est._fit_X if X is None else X)
