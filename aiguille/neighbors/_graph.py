"""Neighbour graphs: :func:`kneighbors_graph`, :func:`radius_neighbors_graph` and
:class:`KNeighborsTransformer`."""

from ..base import ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils._param_validation import StrOptions
from ..utils.validation import check_is_fitted
from ._base import KNeighborsMixin, NeighborsBase, RadiusNeighborsMixin
from ._unsupervised import NearestNeighbors


def _check_params(X, metric, p, metric_params):
    if not isinstance(X, NeighborsBase):
        return
    est_params = X.get_params()
    for name, value in (("metric", metric), ("p", p), ("metric_params", metric_params)):
        if est_params[name] != value and not (name == "p" and metric != "minkowski"):
            raise ValueError(
                f"Got {name}: {value}, while the estimator has {est_params[name]} for the "
                "same parameter."
            )


def _query_include_self(X, include_self, mode):
    if include_self == "auto":
        include_self = mode == "connectivity"
    return X._fit_X if include_self else None


def kneighbors_graph(
    X,
    n_neighbors,
    *,
    mode="connectivity",
    metric="minkowski",
    p=2,
    metric_params=None,
    include_self=False,
    n_jobs=None,
):
    """The graph of the k nearest neighbours of the points of ``X``, as a CSR matrix.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or a fitted NearestNeighbors
    n_neighbors : int
    mode : {"connectivity", "distance"}, default="connectivity"
    metric : str, default="minkowski"
    p : float, default=2
    metric_params : dict, default=None
    include_self : bool or "auto", default=False
        Whether each point is its own first neighbour.
    n_jobs : int, default=None

    Returns
    -------
    A : sparse matrix of shape (n_samples, n_samples)

    Examples
    --------
    >>> from aiguille.neighbors import kneighbors_graph
    >>> A = kneighbors_graph([[0], [3], [1]], 2, include_self=True)
    >>> A.toarray()
    array([[1., 0., 1.],
           [0., 1., 1.],
           [1., 0., 1.]])
    """
    if not isinstance(X, KNeighborsMixin):
        X = NearestNeighbors(
            n_neighbors=n_neighbors,
            metric=metric,
            p=p,
            metric_params=metric_params,
            n_jobs=n_jobs,
        ).fit(X)
    else:
        _check_params(X, metric, p, metric_params)
    query = _query_include_self(X, include_self, mode)
    return X.kneighbors_graph(X=query, n_neighbors=n_neighbors, mode=mode)


def radius_neighbors_graph(
    X,
    radius,
    *,
    mode="connectivity",
    metric="minkowski",
    p=2,
    metric_params=None,
    include_self=False,
    n_jobs=None,
):
    """The graph of the neighbours within ``radius`` of the points of ``X``, as CSR.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or a fitted NearestNeighbors
    radius : float
    mode : {"connectivity", "distance"}, default="connectivity"
    metric : str, default="minkowski"
    p : float, default=2
    metric_params : dict, default=None
    include_self : bool or "auto", default=False
    n_jobs : int, default=None

    Returns
    -------
    A : sparse matrix of shape (n_samples, n_samples)

    Examples
    --------
    >>> from aiguille.neighbors import radius_neighbors_graph
    >>> A = radius_neighbors_graph([[0], [3], [1]], 1.5, include_self=True)
    >>> A.toarray()
    array([[1., 0., 1.],
           [0., 1., 0.],
           [1., 0., 1.]])
    """
    if not isinstance(X, RadiusNeighborsMixin):
        X = NearestNeighbors(
            radius=radius,
            metric=metric,
            p=p,
            metric_params=metric_params,
            n_jobs=n_jobs,
        ).fit(X)
    else:
        _check_params(X, metric, p, metric_params)
    query = _query_include_self(X, include_self, mode)
    return X.radius_neighbors_graph(query, radius, mode)


class KNeighborsTransformer(
    ClassNamePrefixFeaturesOutMixin, KNeighborsMixin, TransformerMixin, NeighborsBase
):
    """Transform data into the sparse graph of its k nearest neighbours.

    With ``mode="distance"`` each row holds ``n_neighbors + 1`` entries (the point
    itself at distance 0 included), as scikit-learn's, for estimators that take a
    precomputed sparse graph.

    Parameters
    ----------
    mode : {"distance", "connectivity"}, default="distance"
    n_neighbors : int, default=5
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
    leaf_size : int, default=30
    metric : str or callable, default="minkowski"
    p : float, default=2
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
    >>> import numpy as np
    >>> from aiguille.neighbors import KNeighborsTransformer
    >>> X = np.random.RandomState(0).random_sample((20, 3))
    >>> KNeighborsTransformer(n_neighbors=4).fit_transform(X).shape
    (20, 20)
    """

    _parameter_constraints = {
        **NeighborsBase._parameter_constraints,
        "mode": [StrOptions({"distance", "connectivity"})],
    }
    _parameter_constraints.pop("radius")
    radius = None

    def __init__(
        self,
        *,
        mode="distance",
        n_neighbors=5,
        algorithm="auto",
        leaf_size=30,
        metric="minkowski",
        p=2,
        metric_params=None,
        n_jobs=None,
    ):
        self.mode = mode
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def _expected_failed_checks(self):
        return {"check_methods_sample_order_invariance": "check is not applicable."}

    def fit(self, X, y=None):
        """Index the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        self : KNeighborsTransformer
        """
        self._fit(X)
        self._n_features_out = self.n_samples_fit_
        return self

    def transform(self, X):
        """The graph of the neighbours of ``X`` among the fitted points.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)

        Returns
        -------
        Xt : sparse matrix of shape (n_queries, n_samples_fit)
            CSR.
        """
        check_is_fitted(self)
        add_one = self.mode == "distance"
        return self.kneighbors_graph(X, mode=self.mode, n_neighbors=self.n_neighbors + add_one)

    def fit_transform(self, X, y=None):
        """Fit, then transform ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        Xt : sparse matrix of shape (n_samples, n_samples)
        """
        return self.fit(X).transform(X)
