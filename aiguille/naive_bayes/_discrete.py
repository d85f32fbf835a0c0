"""Discrete naive Bayes: multinomial, complement, Bernoulli and categorical.

Counts are accumulated as ``Y^T X`` (one-hot class matrix times data, a BLAS or sparse
product); sparse CSR input is used as is.
"""

import warnings
from numbers import Integral, Real

import numpy as np

from ..utils._chunking import gen_even_slices, map_threads
from ..utils._param_validation import Interval
from ..utils.extmath import blas_threads, safe_sparse_dot
from ..utils.validation import (
    _assert_all_finite,
    _check_n_features,
    _check_sample_weight,
    check_non_negative,
    issparse,
    validate_data,
)
from ._base import _BaseNB, _check_partial_fit_classes, _class_indices

# from this many entries of dense X, MultinomialNB and ComplementNB check it while summing
_FUSED_MIN_SIZE = 1 << 16


def _binarize(X, threshold):
    if issparse(X):
        X = X.copy()
        X.data = (X.data > threshold).astype(X.dtype)
        X.eliminate_zeros()
        return X
    return (X > threshold).astype(X.dtype if X.dtype.kind == "f" else np.float64)


def _one_hot(yidx, n_classes):
    Y = np.zeros((yidx.shape[0], n_classes), dtype=np.float64)
    Y[np.arange(yidx.shape[0]), yidx] = 1.0
    return Y


class _BaseDiscreteNB(_BaseNB):
    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fit_prior": ["boolean"],
        "class_prior": ["array-like", None],
        "force_alpha": ["boolean"],
    }

    def __init__(self, alpha=1.0, fit_prior=True, class_prior=None, force_alpha=True):
        self.alpha = alpha
        self.fit_prior = fit_prior
        self.class_prior = class_prior
        self.force_alpha = force_alpha

    # MultinomialNB, ComplementNB: X must be finite and non-negative; on large dense X
    # both checks ride on the pass that sums the features per class
    _fused_counts = False

    def _check_X(self, X):
        return validate_data(self, X, accept_sparse="csr", reset=False)

    def _check_X_y(self, X, y, reset=True):
        if not self._fused_counts:
            return validate_data(self, X, y, accept_sparse="csr", reset=reset)
        X, y = validate_data(self, X, y, accept_sparse="csr", reset=reset, ensure_all_finite=False)
        if not self._fuses(X):
            self._assert_finite(X)
        return X, y

    def _fuses(self, X):
        return (
            self._fused_counts
            and not issparse(X)
            and X.dtype.kind in "fiu"
            and X.flags.c_contiguous
            and X.size >= _FUSED_MIN_SIZE
        )

    def _check_counts_input(self, X):
        """Hook: raise on input the counts cannot take (before anything is modified)."""

    def _assert_finite(self, X):
        _assert_all_finite(
            X.data if issparse(X) else X, input_name="X", estimator_name=type(self).__name__
        )

    def _counts_input(self, X, yidx, n_classes, sample_weight):
        """X checked for the counts (before anything is modified), and ``(Y, sums)`` for
        ``_count``: the weighted one-hot classes, or on large dense X, the per-class sums
        themselves, from the pass that also checks X."""
        if self._fuses(X):
            return None, self._checked_sums(X, yidx, n_classes, sample_weight)
        self._check_counts_input(X)
        return self._weighted_Y(X, yidx, n_classes, sample_weight), None

    def _checked_sums(self, X, yidx, n_classes, sample_weight):
        """``(X^T Y)^T`` and ``Y.sum(axis=0)`` for the weighted one-hot Y of ``yidx``, by
        one numba pass over X (row ranges split between threads) that also finds X's
        smallest entry: X is then checked for non-finite values (they show in the sums)
        and negative ones, with the messages of the separate checks."""
        from . import _discrete_kernels as K

        sw = np.empty(0)
        if sample_weight is not None:
            sw = _check_sample_weight(sample_weight, X, dtype=np.float64)
        slices = list(gen_even_slices(X.shape[0], min(blas_threads(), 8)))
        parts = [(np.zeros((n_classes, X.shape[1])), np.zeros(n_classes)) for _ in slices]

        def work(t):
            sums, class_w = parts[t]
            sl = slices[t]
            return K.class_sums_and_min(X, yidx, sw, sums, class_w, sl.start, sl.stop)

        mins = map_threads(work, range(len(slices)))
        sums = sum(p[0] for p in parts[1:]) + parts[0][0]
        class_w = sum(p[1] for p in parts[1:]) + parts[0][1]
        if not np.isfinite(sums).all():
            self._assert_finite(X)  # raises, unless the sums only overflowed
        if min(mins) < 0:
            self._check_counts_input(X)  # raises the estimator's own message
        return sums, class_w

    def _update_class_log_prior(self, class_prior=None):
        n_classes = len(self.classes_)
        if class_prior is not None:
            if len(class_prior) != n_classes:
                raise ValueError("Number of priors must match number of classes.")
            self.class_log_prior_ = np.log(class_prior)
        elif self.fit_prior:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                log_class_count = np.log(self.class_count_)
            self.class_log_prior_ = log_class_count - np.log(self.class_count_.sum())
        else:
            self.class_log_prior_ = np.full(n_classes, -np.log(n_classes))

    def _check_alpha(self, n_features):
        alpha = np.asarray(self.alpha) if not isinstance(self.alpha, Real) else self.alpha
        alpha_min = np.min(alpha)
        if isinstance(alpha, np.ndarray):
            if not alpha.shape[0] == n_features:
                raise ValueError(
                    "When alpha is an array, it should contains `n_features`. "
                    f"Got {alpha.shape[0]} elements instead of {n_features}."
                )
            if alpha_min < 0:
                raise ValueError("All values in alpha must be greater than 0.")
        alpha_lower_bound = 1e-10
        if alpha_min < alpha_lower_bound and not self.force_alpha:
            warnings.warn(
                "alpha too small will result in numeric errors, setting alpha = "
                f"{alpha_lower_bound:.1e}. Use `force_alpha=True` to keep alpha unchanged."
            )
            return np.maximum(alpha, alpha_lower_bound)
        return alpha

    def _weighted_Y(self, X, yidx, n_classes, sample_weight):
        Y = _one_hot(yidx, n_classes)
        if sample_weight is not None:
            # float64 weights whatever X's type, as scikit-learn's for float64 weights
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
            Y *= sample_weight[:, None]
        return Y

    def fit(self, X, y, sample_weight=None):
        """Fit the naive Bayes classifier.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
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
        X, y = self._check_X_y(X, y)
        from ..utils.multiclass import check_classification_targets

        check_classification_targets(y)
        classes = np.unique(y)
        yidx = _class_indices(y, classes)
        n_features = X.shape[1]
        Y, sums = self._counts_input(X, yidx, len(classes), sample_weight)
        alpha = self._check_alpha(n_features)
        self.classes_ = classes
        self._init_counters(len(classes), n_features)
        self._count(X, Y, sums)
        self._update_feature_log_prob(alpha)
        self._update_class_log_prior(class_prior=self.class_prior)
        return self

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Incremental fit on a batch of samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
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
        classes_, first_call = _check_partial_fit_classes(self, classes)
        X, y = self._check_X_y(X, y, reset=first_call)
        yidx = _class_indices(y, classes_)
        n_features = X.shape[1]
        Y, sums = self._counts_input(X, yidx, len(classes_), sample_weight)
        alpha = self._check_alpha(n_features)
        if first_call:
            self.classes_ = classes_
            self._init_counters(len(classes_), n_features)
        self._count(X, Y, sums)
        self._update_feature_log_prob(alpha)
        self._update_class_log_prior(class_prior=self.class_prior)
        return self

    def _init_counters(self, n_classes, n_features):
        self.class_count_ = np.zeros(n_classes, dtype=np.float64)
        self.feature_count_ = np.zeros((n_classes, n_features), dtype=np.float64)

    def _count(self, X, Y, sums=None):
        # (X^T Y)^T rather than Y^T X: OpenBLAS runs the latter (few rows, a long inner
        # dimension) up to 30 times slower.
        if sums is None:
            sums = np.asarray(safe_sparse_dot(X.T, Y, dense_output=True)).T, Y.sum(axis=0)
        self.feature_count_ += sums[0]
        self.class_count_ += sums[1]

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.classifier_tags.poor_score = True
        return tags


class MultinomialNB(_BaseDiscreteNB):
    """Naive Bayes for multinomial models (counts, e.g. word counts).

    Parameters
    ----------
    alpha : float or array-like of shape (n_features,), default=1.0
        Additive (Laplace/Lidstone) smoothing parameter.
    force_alpha : bool, default=True
        Keep alpha as given even if tiny (otherwise raised to 1e-10).
    fit_prior : bool, default=True
        Learn class prior probabilities (otherwise uniform).
    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        Smoothed empirical log probability of each class.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    feature_count_ : ndarray of shape (n_classes, n_features)
        (Weighted) sum of each feature per class.
    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        Empirical log probability of features given a class.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.naive_bayes import MultinomialNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> y = np.array([1, 2, 3, 4, 5, 6])
    >>> clf = MultinomialNB().fit(X, y)
    >>> clf.predict(X[2:3])
    array([3])
    """

    def __init__(self, *, alpha=1.0, force_alpha=True, fit_prior=True, class_prior=None):
        super().__init__(
            alpha=alpha, fit_prior=fit_prior, class_prior=class_prior, force_alpha=force_alpha
        )

    _fused_counts = True

    def _check_counts_input(self, X):
        check_non_negative(X, "MultinomialNB (input X)")

    def _update_feature_log_prob(self, alpha):
        smoothed_fc = self.feature_count_ + alpha
        smoothed_cc = smoothed_fc.sum(axis=1)
        self.feature_log_prob_ = np.log(smoothed_fc) - np.log(smoothed_cc.reshape(-1, 1))

    def _joint_log_likelihood(self, X):
        return (
            np.asarray(safe_sparse_dot(X, self.feature_log_prob_.T, dense_output=True))
            + self.class_log_prior_
        )

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.positive_only = True
        return tags


class ComplementNB(_BaseDiscreteNB):
    """Complement naive Bayes (Rennie et al. 2003), suited to imbalanced text data.

    Parameters
    ----------
    alpha : float or array-like of shape (n_features,), default=1.0
        Additive smoothing parameter.
    force_alpha : bool, default=True
        Keep alpha as given even if tiny.
    fit_prior : bool, default=True
        Only used in the edge case of a single class in the training set.
    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes (single-class edge case only).
    norm : bool, default=False
        Second normalization of the weights.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        Smoothed empirical log probability of each class.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    feature_all_ : ndarray of shape (n_features,)
        (Weighted) sum of each feature over all classes.
    feature_count_ : ndarray of shape (n_classes, n_features)
        (Weighted) sum of each feature per class.
    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        Empirical weights for class complements.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.naive_bayes import ComplementNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> y = np.array([1, 2, 3, 4, 5, 6])
    >>> clf = ComplementNB().fit(X, y)
    >>> clf.predict(X[2:3])
    array([3])
    """

    _parameter_constraints: dict = {
        **_BaseDiscreteNB._parameter_constraints,
        "norm": ["boolean"],
    }

    def __init__(
        self, *, alpha=1.0, force_alpha=True, fit_prior=True, class_prior=None, norm=False
    ):
        super().__init__(
            alpha=alpha, force_alpha=force_alpha, fit_prior=fit_prior, class_prior=class_prior
        )
        self.norm = norm

    _fused_counts = True

    def _check_counts_input(self, X):
        check_non_negative(X, "ComplementNB (input X)")

    def _count(self, X, Y, sums=None):
        super()._count(X, Y, sums)
        self.feature_all_ = self.feature_count_.sum(axis=0)

    def _update_feature_log_prob(self, alpha):
        comp_count = self.feature_all_ + alpha - self.feature_count_
        logged = np.log(comp_count / comp_count.sum(axis=1, keepdims=True))
        if self.norm:
            self.feature_log_prob_ = logged / logged.sum(axis=1, keepdims=True)
        else:
            self.feature_log_prob_ = -logged

    def _joint_log_likelihood(self, X):
        jll = np.asarray(safe_sparse_dot(X, self.feature_log_prob_.T, dense_output=True))
        if len(self.classes_) == 1:
            jll += self.class_log_prior_
        return jll

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.positive_only = True
        return tags


class BernoulliNB(_BaseDiscreteNB):
    """Naive Bayes for multivariate Bernoulli models (binary / boolean features).

    Parameters
    ----------
    alpha : float or array-like of shape (n_features,), default=1.0
        Additive smoothing parameter.
    force_alpha : bool, default=True
        Keep alpha as given even if tiny.
    binarize : float or None, default=0.0
        Threshold for binarizing the features (None: input already binary).
    fit_prior : bool, default=True
        Learn class prior probabilities (otherwise uniform).
    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        Log probability of each class (smoothed).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    feature_count_ : ndarray of shape (n_classes, n_features)
        (Weighted) number of samples per (class, feature) with the feature on.
    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        Empirical log probability of features given a class, ``P(x_i|y)``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.naive_bayes import BernoulliNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> Y = np.array([1, 2, 3, 4, 4, 5])
    >>> clf = BernoulliNB().fit(X, Y)
    >>> clf.predict(X[2:3])
    array([3])
    """

    _parameter_constraints: dict = {
        **_BaseDiscreteNB._parameter_constraints,
        "binarize": [None, Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self, *, alpha=1.0, force_alpha=True, binarize=0.0, fit_prior=True, class_prior=None
    ):
        super().__init__(
            alpha=alpha, fit_prior=fit_prior, class_prior=class_prior, force_alpha=force_alpha
        )
        self.binarize = binarize

    def _check_X(self, X):
        X = super()._check_X(X)
        if self.binarize is not None:
            X = _binarize(X, self.binarize)
        return X

    def _check_X_y(self, X, y, reset=True):
        X, y = super()._check_X_y(X, y, reset=reset)
        if self.binarize is not None:
            X = _binarize(X, self.binarize)
        return X, y

    def _update_feature_log_prob(self, alpha):
        smoothed_fc = self.feature_count_ + alpha
        smoothed_cc = self.class_count_ + alpha * 2
        self.feature_log_prob_ = np.log(smoothed_fc) - np.log(smoothed_cc.reshape(-1, 1))

    def _joint_log_likelihood(self, X):
        n_features = self.feature_log_prob_.shape[1]
        n_features_X = X.shape[1]
        if n_features_X != n_features:
            raise ValueError(
                f"Expected input with {n_features} features, got {n_features_X} instead"
            )
        neg_prob = np.log(1 - np.exp(self.feature_log_prob_))
        jll = np.asarray(
            safe_sparse_dot(X, (self.feature_log_prob_ - neg_prob).T, dense_output=True)
        )
        jll += self.class_log_prior_ + neg_prob.sum(axis=1)
        return jll


class CategoricalNB(_BaseDiscreteNB):
    """Naive Bayes for categorical features (each feature a category index 0, 1, ...).

    Parameters
    ----------
    alpha : float, default=1.0
        Additive smoothing parameter.
    force_alpha : bool, default=True
        Keep alpha as given even if tiny.
    fit_prior : bool, default=True
        Learn class prior probabilities (otherwise uniform).
    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes.
    min_categories : int or array-like of shape (n_features,), default=None
        Minimum number of categories per feature.

    Attributes
    ----------
    category_count_ : list of arrays of shape (n_features,)
        For each feature, an array of shape (n_classes, n_categories) of (weighted) counts.
    class_count_ : ndarray of shape (n_classes,)
        (Weighted) number of samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        Smoothed empirical log probability of each class.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    feature_log_prob_ : list of arrays of shape (n_features,)
        For each feature, an array of shape (n_classes, n_categories) of log probabilities.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.
    n_categories_ : ndarray of shape (n_features,), dtype=np.int64
        Number of categories of each feature.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.naive_bayes import CategoricalNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> y = np.array([1, 2, 3, 4, 5, 6])
    >>> clf = CategoricalNB().fit(X, y)
    >>> clf.predict(X[2:3])
    array([3])
    """

    _parameter_constraints: dict = {
        **_BaseDiscreteNB._parameter_constraints,
        "min_categories": [None, "array-like", Interval(Integral, 1, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self, *, alpha=1.0, force_alpha=True, fit_prior=True, class_prior=None, min_categories=None
    ):
        super().__init__(
            alpha=alpha, force_alpha=force_alpha, fit_prior=fit_prior, class_prior=class_prior
        )
        self.min_categories = min_categories

    def _check_X(self, X):
        X = validate_data(self, X, dtype="int", accept_sparse=False, reset=False)
        check_non_negative(X, "CategoricalNB (input X)")
        return X

    def _check_X_y(self, X, y, reset=True):
        X, y = validate_data(self, X, y, dtype="int", accept_sparse=False, reset=reset)
        check_non_negative(X, "CategoricalNB (input X)")
        return X, y

    def _init_counters(self, n_classes, n_features):
        self.class_count_ = np.zeros(n_classes, dtype=np.float64)
        self.category_count_ = [np.zeros((n_classes, 0)) for _ in range(n_features)]

    @staticmethod
    def _validate_n_categories(X, min_categories):
        n_categories_X = X.max(axis=0) + 1
        min_categories_ = np.array(min_categories)
        if min_categories is not None:
            if not np.issubdtype(min_categories_.dtype, np.signedinteger):
                raise ValueError(
                    "'min_categories' should have integral type. Got "
                    f"{min_categories_.dtype} instead."
                )
            n_categories_ = np.maximum(n_categories_X, min_categories_, dtype=np.int64)
            if n_categories_.shape != n_categories_X.shape:
                raise ValueError(
                    f"'min_categories' should have shape ({X.shape[1]},) when an array-like "
                    f"is provided. Got {min_categories_.shape} instead."
                )
            return n_categories_
        return n_categories_X

    def _count(self, X, Y, sums=None):
        self.class_count_ += Y.sum(axis=0)
        self.n_categories_ = self._validate_n_categories(X, self.min_categories)
        n_classes = self.class_count_.shape[0]
        for i in range(self.n_features_in_):
            cat_count = self.category_count_[i]
            diff = self.n_categories_[i] - cat_count.shape[1]
            if diff > 0:
                cat_count = np.pad(cat_count, [(0, 0), (0, diff)], "constant")
            X_feature = X[:, i]
            for j in range(n_classes):
                mask = Y[:, j] != 0
                counts = np.bincount(X_feature[mask], weights=Y[mask, j])
                idx = np.nonzero(counts)[0]
                cat_count[j, idx] += counts[idx]
            self.category_count_[i] = cat_count

    def _update_feature_log_prob(self, alpha):
        feature_log_prob = []
        for i in range(self.n_features_in_):
            smoothed_cat_count = self.category_count_[i] + alpha
            smoothed_class_count = smoothed_cat_count.sum(axis=1)
            feature_log_prob.append(
                np.log(smoothed_cat_count) - np.log(smoothed_class_count.reshape(-1, 1))
            )
        self.feature_log_prob_ = feature_log_prob

    def _joint_log_likelihood(self, X):
        _check_n_features(self, X, reset=False)
        jll = np.zeros((X.shape[0], self.class_count_.shape[0]))
        for i in range(self.n_features_in_):
            jll += self.feature_log_prob_[i][:, X[:, i]].T
        return jll + self.class_log_prior_

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.categorical = True
        tags.input_tags.sparse = False
        tags.input_tags.positive_only = True
        return tags
