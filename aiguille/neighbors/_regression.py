"""Nearest-neighbours regression: :class:`KNeighborsRegressor`,
:class:`RadiusNeighborsRegressor`."""

import warnings

import numpy as np

from ..base import RegressorMixin
from ..utils._param_validation import StrOptions
from ..utils.validation import check_is_fitted
from ._base import (
    KNeighborsMixin,
    NeighborsBase,
    RadiusNeighborsMixin,
    _check_zero_weights,
    _get_weights,
)


class KNeighborsRegressor(KNeighborsMixin, RegressorMixin, NeighborsBase):
    """Regression by the (weighted) mean of the targets of the k nearest neighbours.

    Parameters
    ----------
    n_neighbors : int, default=5
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
    leaf_size : int, default=30
    p : float, default=2
    metric : str or callable, default="minkowski"
    metric_params : dict, default=None
    n_jobs : int, default=None
        Accepted for compatibility; the searches use numba's threads.

    Attributes
    ----------
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    n_samples_fit_ : int

    Examples
    --------
    >>> from aiguille.neighbors import KNeighborsRegressor
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> KNeighborsRegressor(n_neighbors=2).fit(X, y).predict([[1.5]])
    array([0.5])
    """

    _parameter_constraints = {
        **NeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
    }
    _parameter_constraints.pop("radius")
    radius = None

    def __init__(
        self,
        n_neighbors=5,
        *,
        weights="uniform",
        algorithm="auto",
        leaf_size=30,
        p=2,
        metric="minkowski",
        metric_params=None,
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    @classmethod
    def _test_instances(cls):
        return [cls(n_neighbors=2), cls(metric="precomputed")]

    def _expected_failed_checks(self):
        if self.metric == "precomputed":
            return {
                "check_n_features_in_after_fitting": "FIXME",
                "check_dataframe_column_names_consistency": "FIXME",
            }
        return {}

    def fit(self, X, y):
        """Fit the regressor from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self : KNeighborsRegressor
        """
        return self._fit(X, y)

    def predict(self, X):
        """Predict the target of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None
            None predicts each indexed point from its neighbours, itself excluded.

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        check_is_fitted(self, "_fit_method")
        if self.weights == "uniform":
            neigh_ind = self.kneighbors(X, return_distance=False)
            weights = None
        else:
            neigh_dist, neigh_ind = self.kneighbors(X)
            weights = _get_weights(neigh_dist, self.weights)
            _check_zero_weights(weights)
        _y = self._y.reshape(-1, 1) if self._y.ndim == 1 else self._y
        if weights is None:
            y_pred = np.mean(_y[neigh_ind], axis=1)
        else:
            y_pred = np.empty((neigh_ind.shape[0], _y.shape[1]), dtype=np.float64)
            denom = np.sum(weights, axis=1)
            for j in range(_y.shape[1]):
                num = np.sum(_y[neigh_ind, j] * weights, axis=1)
                y_pred[:, j] = num / denom
        return y_pred.ravel() if self._y.ndim == 1 else y_pred


class RadiusNeighborsRegressor(RadiusNeighborsMixin, RegressorMixin, NeighborsBase):
    """Regression by the (weighted) mean of the targets of the neighbours within a radius.

    Parameters
    ----------
    radius : float, default=1.0
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
    leaf_size : int, default=30
    p : float, default=2
    metric : str or callable, default="minkowski"
    metric_params : dict, default=None
    n_jobs : int, default=None

    Attributes
    ----------
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    n_samples_fit_ : int

    Examples
    --------
    >>> from aiguille.neighbors import RadiusNeighborsRegressor
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> RadiusNeighborsRegressor(radius=1.0).fit(X, y).predict([[1.5]])
    array([0.5])
    """

    _parameter_constraints = {
        **NeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
    }
    _parameter_constraints.pop("n_neighbors")
    n_neighbors = None

    def __init__(
        self,
        radius=1.0,
        *,
        weights="uniform",
        algorithm="auto",
        leaf_size=30,
        p=2,
        metric="minkowski",
        metric_params=None,
        n_jobs=None,
    ):
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X, y):
        """Fit the regressor from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self : RadiusNeighborsRegressor
        """
        return self._fit(X, y)

    def predict(self, X):
        """Predict the target of ``X`` (NaN, with a warning, where no neighbour is in range).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        check_is_fitted(self, "_fit_method")
        neigh_dist, neigh_ind = self.radius_neighbors(X)
        weights = _get_weights(neigh_dist, self.weights)
        _y = self._y.reshape(-1, 1) if self._y.ndim == 1 else self._y
        empty_obs = np.full_like(_y[0], np.nan, dtype=np.float64)
        if weights is None:
            y_pred = np.array(
                [np.mean(_y[ind, :], axis=0) if len(ind) else empty_obs for ind in neigh_ind]
            )
        else:
            y_pred = np.array(
                [
                    np.average(_y[ind, :], axis=0, weights=weights[i]) if len(ind) else empty_obs
                    for i, ind in enumerate(neigh_ind)
                ]
            )
        if np.any(np.isnan(y_pred)):
            warnings.warn(
                "One or more samples have no neighbors within specified radius; predicting NaN.",
                stacklevel=2,
            )
        return y_pred.ravel() if self._y.ndim == 1 else y_pred
