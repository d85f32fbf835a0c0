"""Nearest-neighbours classification: :class:`KNeighborsClassifier`,
:class:`RadiusNeighborsClassifier`."""

import warnings
from numbers import Integral

import numpy as np

from ..base import ClassifierMixin
from ..utils._param_validation import StrOptions
from ..utils.validation import check_is_fitted
from ._base import (
    KNeighborsMixin,
    NeighborsBase,
    RadiusNeighborsMixin,
    _check_zero_weights,
    _get_weights,
    _n_queries,
)


def _class_votes(y_col, neigh_ind, weights, n_classes):
    """(n_queries, n_classes) summed weights of the neighbours' classes."""
    n = neigh_ind.shape[0]
    votes = np.zeros((n, n_classes))
    rows = np.arange(n)
    labels = y_col[neigh_ind]
    for t in range(neigh_ind.shape[1]):
        if weights is None:
            votes[rows, labels[:, t]] += 1.0
        else:
            votes[rows, labels[:, t]] += weights[:, t]
    return votes


class KNeighborsClassifier(KNeighborsMixin, ClassifierMixin, NeighborsBase):
    """Classifier implementing the k-nearest neighbours vote.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours that vote.
    weights : {"uniform", "distance"}, callable or None, default="uniform"
        "uniform": equal votes; "distance": votes weighted by the inverse distance; a
        callable maps an array of distances to an array of weights of the same shape.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        "brute" is chunked BLAS + a parallel top-k selection; "auto" picks a tree for
        at most 15 features, as scikit-learn does.
    leaf_size : int, default=30
        Leaf size of the trees.
    p : float, default=2
        Power of the minkowski metric (1: manhattan, 2: euclidean).
    metric : str or callable, default="minkowski"
        "euclidean", "manhattan" ("cityblock", "l1"), "chebyshev", "minkowski",
        "cosine", "sqeuclidean", "precomputed" or a callable (brute force only).
    metric_params : dict, default=None
        Extra metric parameters ("p", "w" weights of minkowski).
    n_jobs : int, default=None
        Accepted for compatibility; the searches use numba's threads.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
        Class labels (one array per output for multi-output y).
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
    outputs_2d_ : bool
        True when y was 2-D at fit.

    Examples
    --------
    >>> from aiguille.neighbors import KNeighborsClassifier
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> neigh = KNeighborsClassifier(n_neighbors=3).fit(X, y)
    >>> neigh.predict([[1.1]])
    array([0])
    >>> neigh.predict_proba([[0.9]]).round(3)
    array([[0.667, 0.333]])
    """

    _parameter_constraints = {**NeighborsBase._parameter_constraints}
    _parameter_constraints.pop("radius")
    _parameter_constraints["weights"] = [StrOptions({"uniform", "distance"}), callable, None]

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

    radius = None

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

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.classifier_tags.multi_label = True
        return tags

    def fit(self, X, y):
        """Fit the classifier from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), or (n_samples, n_samples) \
                if metric == "precomputed"
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self : KNeighborsClassifier
        """
        return self._fit(X, y)

    def _votes(self, X):
        if self.weights == "uniform":
            neigh_ind = self.kneighbors(X, return_distance=False)
            weights = None
        else:
            neigh_dist, neigh_ind = self.kneighbors(X)
            weights = _get_weights(neigh_dist, self.weights)
            _check_zero_weights(weights)
        _y = self._y.reshape(-1, 1) if not self.outputs_2d_ else self._y
        classes = [self.classes_] if not self.outputs_2d_ else self.classes_
        return [
            _class_votes(_y[:, k], neigh_ind, weights, len(c)) for k, c in enumerate(classes)
        ], classes

    def predict(self, X):
        """Predict the class labels of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None
            None predicts each indexed point from its neighbours, itself excluded.

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        check_is_fitted(self, "_fit_method")
        votes, classes = self._votes(X)
        y_pred = np.empty((votes[0].shape[0], len(classes)), dtype=classes[0].dtype)
        for k, (v, c) in enumerate(zip(votes, classes, strict=True)):
            y_pred[:, k] = c.take(np.argmax(v, axis=1))
        return y_pred if self.outputs_2d_ else y_pred.ravel()

    def predict_proba(self, X):
        """Class probabilities of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None

        Returns
        -------
        p : ndarray of shape (n_queries, n_classes), or a list of n_outputs such arrays
            Classes in the order of ``classes_``.
        """
        check_is_fitted(self, "_fit_method")
        votes, _ = self._votes(X)
        for v in votes:
            v /= v.sum(axis=1)[:, None]
        return votes if self.outputs_2d_ else votes[0]


class RadiusNeighborsClassifier(RadiusNeighborsMixin, ClassifierMixin, NeighborsBase):
    """Classifier implementing a vote among the neighbours within a radius.

    Parameters
    ----------
    radius : float, default=1.0
        Range of the neighbourhood.
    weights : {"uniform", "distance"}, callable or None, default="uniform"
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
    leaf_size : int, default=30
    p : float, default=2
    metric : str or callable, default="minkowski"
    outlier_label : {manual label, "most_frequent"} or None, default=None
        Label of samples with no neighbour in range; None raises an error for them.
    metric_params : dict, default=None
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
    effective_metric_ : str or callable
    effective_metric_params_ : dict
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    n_samples_fit_ : int
    outlier_label_ : int or array-like of shape (n_class,)
        The label given to outliers, per output.
    outputs_2d_ : bool

    Examples
    --------
    >>> from aiguille.neighbors import RadiusNeighborsClassifier
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> neigh = RadiusNeighborsClassifier(radius=1.0).fit(X, y)
    >>> neigh.predict([[1.5]])
    array([0])
    """

    _parameter_constraints = {
        **NeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
        "outlier_label": [Integral, str, "array-like", None],
    }
    _parameter_constraints.pop("n_neighbors")

    def __init__(
        self,
        radius=1.0,
        *,
        weights="uniform",
        algorithm="auto",
        leaf_size=30,
        p=2,
        metric="minkowski",
        outlier_label=None,
        metric_params=None,
        n_jobs=None,
    ):
        self.radius = radius
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.outlier_label = outlier_label
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    n_neighbors = None

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.classifier_tags.multi_label = True
        return tags

    def fit(self, X, y):
        """Fit the classifier from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)

        Returns
        -------
        self : RadiusNeighborsClassifier
        """
        self._fit(X, y)
        classes_ = self.classes_ if self.outputs_2d_ else [self.classes_]
        _y = self._y if self.outputs_2d_ else self._y.reshape(-1, 1)
        if self.outlier_label is None:
            outlier_label_ = None
        elif isinstance(self.outlier_label, str) and self.outlier_label == "most_frequent":
            outlier_label_ = [c[np.bincount(_y[:, k]).argmax()] for k, c in enumerate(classes_)]
        else:
            if not isinstance(self.outlier_label, str) and hasattr(self.outlier_label, "__len__"):
                if len(self.outlier_label) != len(classes_):
                    raise ValueError(
                        f"The length of outlier_label: {self.outlier_label} is inconsistent "
                        f"with the output length: {len(classes_)}"
                    )
                outlier_label_ = self.outlier_label
            else:
                outlier_label_ = [self.outlier_label] * len(classes_)
            for c, label in zip(classes_, outlier_label_, strict=True):
                if not isinstance(label, str) and hasattr(label, "__len__"):
                    raise TypeError(
                        f"The outlier_label of classes {c} is supposed to be a scalar, got "
                        f"{label}."
                    )
                if np.append(c, label).dtype != c.dtype:
                    raise TypeError(
                        f"The dtype of outlier_label {label} is inconsistent with classes "
                        f"{c} in y."
                    )
        self.outlier_label_ = outlier_label_
        return self

    def predict(self, X):
        """Predict the class labels of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
        """
        probs = self.predict_proba(X)
        classes_ = self.classes_
        if not self.outputs_2d_:
            probs = [probs]
            classes_ = [self.classes_]
        y_pred = np.empty((probs[0].shape[0], len(classes_)), dtype=classes_[0].dtype)
        for k, prob in enumerate(probs):
            y_pred[:, k] = classes_[k].take(prob.argmax(axis=1))
            zero = (prob == 0).all(axis=1)
            if zero.any():
                y_pred[np.flatnonzero(zero), k] = self.outlier_label_[k]
        return y_pred if self.outputs_2d_ else y_pred.ravel()

    def predict_proba(self, X):
        """Class probabilities of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None

        Returns
        -------
        p : ndarray of shape (n_queries, n_classes), or a list of n_outputs such arrays
            Outliers get probability 1 for ``outlier_label_`` (0 everywhere if it is
            not a training class).
        """
        check_is_fitted(self, "_fit_method")
        n_queries = _n_queries(self, X)
        neigh_dist, neigh_ind = self.radius_neighbors(X)
        outlier_mask = np.array([len(nind) == 0 for nind in neigh_ind], dtype=bool)
        outliers = np.flatnonzero(outlier_mask)
        inliers = np.flatnonzero(~outlier_mask)
        classes_ = self.classes_ if self.outputs_2d_ else [self.classes_]
        _y = self._y if self.outputs_2d_ else self._y.reshape(-1, 1)
        if self.outlier_label_ is None and outliers.size > 0:
            raise ValueError(
                f"No neighbors found for test samples {outliers!r}, "
                "you can try using larger radius, "
                "giving a label for outliers, "
                "or considering removing them from your dataset."
            )
        weights = _get_weights(neigh_dist, self.weights)
        if weights is not None:
            weights = weights[inliers]
        probabilities = []
        for k, classes_k in enumerate(classes_):
            proba_k = np.zeros((n_queries, classes_k.size))
            for i, q in enumerate(inliers):
                labels = _y[neigh_ind[q], k]
                w = None if weights is None else weights[i]
                proba_k[q] = np.bincount(labels, w, minlength=classes_k.size)
            if outliers.size > 0:
                label_index = np.flatnonzero(classes_k == self.outlier_label_[k])
                if label_index.size == 1:
                    proba_k[outliers, label_index[0]] = 1.0
                else:
                    warnings.warn(
                        f"Outlier label {self.outlier_label_[k]} is not in training "
                        "classes. All class probabilities of outliers will be assigned "
                        "with 0.",
                        stacklevel=2,
                    )
            normalizer = proba_k.sum(axis=1)[:, None]
            normalizer[normalizer == 0.0] = 1.0
            proba_k /= normalizer
            probabilities.append(proba_k)
        return probabilities if self.outputs_2d_ else probabilities[0]
