"""Gaussian naive Bayes with exact incremental (``partial_fit``) mean and variance updates."""

from numbers import Real

import numpy as np

from ..utils._param_validation import Interval
from ..utils.validation import _check_sample_weight, validate_data
from ._base import _BaseNB, _check_partial_fit_classes, _class_indices


class GaussianNB(_BaseNB):
    """Gaussian naive Bayes.

    Each feature is modelled, within each class, by a normal distribution whose mean and
    variance are estimated from the data (weighted by ``sample_weight``); ``partial_fit``
    updates them exactly (Chan, Golub and LeVeque's pairwise update). Per-class sums come
    from one compiled pass over X (no per-class copies).

    Parameters
    ----------
    priors : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes; by default the class frequencies.
    var_smoothing : float, default=1e-9
        Portion of the largest feature variance added to all variances for stability.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of training samples per class.
    class_prior_ : ndarray of shape (n_classes,)
        Probability of each class.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    epsilon_ : float
        Absolute additive value to variances.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.
    var_ : ndarray of shape (n_classes, n_features)
        Variance of each feature per class.
    theta_ : ndarray of shape (n_classes, n_features)
        Mean of each feature per class.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.naive_bayes import GaussianNB
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> Y = np.array([1, 1, 1, 2, 2, 2])
    >>> clf = GaussianNB().fit(X, Y)
    >>> clf.predict([[-0.8, -1]])
    array([1])
    >>> clf_pf = GaussianNB().partial_fit(X, Y, np.unique(Y))
    >>> clf_pf.predict([[-0.8, -1]])
    array([1])
    """

    _parameter_constraints: dict = {
        "priors": ["array-like", None],
        "var_smoothing": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def fit(self, X, y, sample_weight=None):
        """Fit Gaussian naive Bayes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training vectors.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights applied to individual samples.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        y = validate_data(self, y=y)
        return self._partial_fit(X, y, np.unique(y), _refit=True, sample_weight=sample_weight)

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Incremental fit on a batch of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training vectors.
        y : array-like of shape (n_samples,)
            Target values.
        classes : array-like of shape (n_classes,), default=None
            All the classes that can appear in y; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights applied to individual samples.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        return self._partial_fit(X, y, classes, _refit=False, sample_weight=sample_weight)

    def _check_X(self, X):
        return validate_data(self, X, reset=False)

    @staticmethod
    def _update_mean_variance(n_past, mu, var, n_new, new_mu, new_var):
        """Combine past (count, mean, var) with the statistics of a new batch."""
        if n_past == 0:
            return new_mu, new_var
        n_total = float(n_past + n_new)
        total_mu = (n_new * new_mu + n_past * mu) / n_total
        old_ssd = n_past * var
        new_ssd = n_new * new_var
        total_ssd = old_ssd + new_ssd + (n_new * n_past / n_total) * (mu - new_mu) ** 2
        return total_mu, total_ssd / n_total

    def _partial_fit(self, X, y, classes=None, _refit=False, sample_weight=None):
        from ._gaussian_kernels import class_mean_var

        # Validate everything before touching the model: bad input leaves it unchanged.
        if _refit:
            classes_, first_call = np.unique(classes), True
        else:
            classes_, first_call = _check_partial_fit_classes(self, classes)
        X, y = validate_data(self, X, y, reset=first_call, dtype=[np.float64, np.float32])
        float_dtype = X.dtype
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=float_dtype)
        if not first_call and X.shape[1] != self.theta_.shape[1]:
            raise ValueError(
                f"Number of features {X.shape[1]} does not match previous data "
                f"{self.theta_.shape[1]}."
            )
        yidx = _class_indices(y, classes_)
        n_classes = classes_.shape[0]
        n_features = X.shape[1]
        if first_call and self.priors is not None:
            priors = np.asarray(self.priors, dtype=float_dtype)
            if priors.shape[0] != n_classes:
                raise ValueError("Number of priors must match number of classes.")
            if not np.isclose(priors.sum(), 1.0):
                raise ValueError("The sum of the priors should be 1.")
            if (priors < 0).any():
                raise ValueError("Priors must be non-negative.")
        epsilon = self.var_smoothing * np.max(np.var(X, axis=0))

        sw = np.ones(X.shape[0]) if sample_weight is None else sample_weight.astype(np.float64)
        count, mean, var = class_mean_var(np.ascontiguousarray(X), yidx, sw, n_classes)

        if first_call:
            self.classes_ = classes_
            theta = np.zeros((n_classes, n_features), dtype=np.float64)
            var_ = np.zeros((n_classes, n_features), dtype=np.float64)
            class_count = np.zeros(n_classes, dtype=np.float64)
            if self.priors is not None:
                self.class_prior_ = priors
            else:
                self.class_prior_ = np.zeros(n_classes, dtype=float_dtype)
        else:
            theta = self.theta_.astype(np.float64)
            var_ = self.var_.astype(np.float64) - self.epsilon_
            class_count = self.class_count_.astype(np.float64)
        for i in range(n_classes):
            if count[i] == 0 or np.isclose(count[i], 0.0):
                continue
            theta[i], var_[i] = self._update_mean_variance(
                class_count[i], theta[i], var_[i], count[i], mean[i], var[i]
            )
            class_count[i] += count[i]
        self.epsilon_ = epsilon
        self.theta_ = theta.astype(float_dtype, copy=False)
        self.var_ = (var_ + epsilon).astype(float_dtype, copy=False)
        self.class_count_ = class_count.astype(float_dtype, copy=False)
        if self.priors is None:
            self.class_prior_ = self.class_count_ / np.sum(self.class_count_)
        return self

    def _joint_log_likelihood(self, X):
        # sum_j (x_j - theta_cj)^2 / var_cj expanded into two matrix products, after
        # shifting X by the overall mean so that the expansion does not cancel.
        shift = np.mean(self.theta_, axis=0)
        Xs = X - shift
        theta = self.theta_ - shift
        inv_var = 1.0 / self.var_
        quad = (Xs * Xs) @ inv_var.T - 2.0 * (Xs @ (theta * inv_var).T)
        quad += np.sum(theta * theta * inv_var, axis=1)
        n_ij = -0.5 * np.sum(np.log(2.0 * np.pi * self.var_), axis=1)
        with np.errstate(divide="ignore"):
            log_prior = np.log(self.class_prior_)
        return log_prior + n_ij - 0.5 * quad
