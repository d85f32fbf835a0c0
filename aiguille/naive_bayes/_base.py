"""Shared prediction logic of the naive Bayes classifiers and label helpers."""

import numpy as np

from ..base import BaseEstimator, ClassifierMixin
from ..utils.validation import check_is_fitted, column_or_1d


def _logsumexp_rows(a):
    a_max = np.max(a, axis=1, keepdims=True)
    a_max = np.where(np.isfinite(a_max), a_max, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(a - a_max), axis=1)) + a_max[:, 0]


def _class_indices(y, classes):
    """Index of each label of y in the sorted ``classes``; raises if a label is unknown."""
    from ..utils.multiclass import check_classification_targets

    y = column_or_1d(y, warn=True)
    check_classification_targets(y)
    unique_y = np.unique(y)
    known = np.isin(unique_y, classes)
    if not np.all(known):
        raise ValueError(
            f"The target label(s) {unique_y[~known]} in y do not exist in the initial "
            f"classes {classes}"
        )
    return np.searchsorted(classes, y).astype(np.int64)


def _check_partial_fit_classes(estimator, classes):
    """First call of ``partial_fit``: ``classes`` is required; later calls: must agree.

    Returns the classes to use (sorted, unique) and whether this is the first call.
    Does not modify the estimator.
    """
    fitted = getattr(estimator, "classes_", None)
    if fitted is None and classes is None:
        raise ValueError("classes must be passed on the first call to partial_fit.")
    if classes is not None:
        classes = np.asarray(classes)
        if fitted is not None:
            if not np.array_equal(fitted, np.unique(classes)):
                raise ValueError(
                    f"`classes={classes!r}` is not the same as on last call to partial_fit, "
                    f"was: {fitted!r}"
                )
            return fitted, False
        return np.unique(classes), True
    return fitted, False


class _BaseNB(ClassifierMixin, BaseEstimator):
    """Prediction from ``_joint_log_likelihood`` for every naive Bayes classifier."""

    def predict_joint_log_proba(self, X):
        """Joint log-probability ``log P(x, c)`` of each sample and class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        check_is_fitted(self)
        X = self._check_X(X)
        return self._joint_log_likelihood(X)

    def predict(self, X):
        """Predict the class of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        C : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._check_X(X)
        jll = self._joint_log_likelihood(X)
        return self.classes_[np.argmax(jll, axis=1)]

    def predict_log_proba(self, X):
        """Log-probability of each class for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = self._check_X(X)
        jll = self._joint_log_likelihood(X)
        return jll - _logsumexp_rows(jll)[:, None]

    def predict_proba(self, X):
        """Probability of each class for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
        """
        return np.exp(self.predict_log_proba(X))
