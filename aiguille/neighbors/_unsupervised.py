"""Unsupervised neighbour searches: :class:`NearestNeighbors`."""

from ._base import KNeighborsMixin, NeighborsBase, RadiusNeighborsMixin


class NearestNeighbors(KNeighborsMixin, RadiusNeighborsMixin, NeighborsBase):
    """Unsupervised learner for neighbour searches (k nearest, or within a radius).

    Parameters
    ----------
    n_neighbors : int, default=5
        Default number of neighbours of :meth:`kneighbors`.
    radius : float, default=1.0
        Default range of :meth:`radius_neighbors`.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        "brute": chunked BLAS distances and a parallel numba top-k selection, never a
        full distance matrix; "kd_tree"/"ball_tree": numba trees; "auto" picks a tree
        for at most 15 features, as scikit-learn does.
    leaf_size : int, default=30
        Leaf size of the trees.
    metric : str or callable, default="minkowski"
        "euclidean", "manhattan" ("cityblock", "l1"), "chebyshev", "minkowski",
        "cosine", "sqeuclidean", "precomputed" or a callable (brute force only).
    p : float, default=2
        Power of the minkowski metric.
    metric_params : dict, default=None
        Extra metric parameters ("p", and "w" feature weights of minkowski).
    n_jobs : int, default=None
        Accepted for compatibility; the searches use numba's threads.

    Attributes
    ----------
    effective_metric_ : str or callable
        The metric used ("minkowski" with p=2 becomes "euclidean").
    effective_metric_params_ : dict
        Its parameters.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen in fit, when they are all strings.
    n_samples_fit_ : int
        Number of samples in the fitted data.

    Examples
    --------
    >>> from aiguille.neighbors import NearestNeighbors
    >>> samples = [[0, 0, 2], [1, 0, 0], [0, 0, 1]]
    >>> neigh = NearestNeighbors(n_neighbors=2, radius=0.4).fit(samples)
    >>> neigh.kneighbors([[0, 0, 1.3]], 2, return_distance=False)
    array([[2, 0]])
    >>> neigh.radius_neighbors([[0, 0, 1.3]], 0.4, return_distance=False)[0]
    array([2])
    """

    def __init__(
        self,
        *,
        n_neighbors=5,
        radius=1.0,
        algorithm="auto",
        leaf_size=30,
        metric="minkowski",
        p=2,
        metric_params=None,
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.radius = radius
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.metric = metric
        self.p = p
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        """Index the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or (n_samples, n_samples) \
                if metric == "precomputed"
        y : Ignored

        Returns
        -------
        self : NearestNeighbors
        """
        return self._fit(X)
