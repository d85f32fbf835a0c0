"""Scalers and normalizers: StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler,
Normalizer, Binarizer, and the functions ``scale``, ``normalize``, ``minmax_scale``,
``maxabs_scale``, ``robust_scale``, ``binarize``.

Statistics are computed in float64 (float32 input keeps float32 output); NaNs are
ignored when fitting and kept when transforming, as in scikit-learn.
"""

from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from ..utils._param_validation import Options, StrOptions, validate_params
from ..utils.validation import (
    FLOAT_DTYPES,
    _check_sample_weight,
    check_array,
    check_is_fitted,
    issparse,
    validate_data,
)

__all__ = [
    "Binarizer",
    "MaxAbsScaler",
    "MinMaxScaler",
    "Normalizer",
    "RobustScaler",
    "StandardScaler",
    "binarize",
    "maxabs_scale",
    "minmax_scale",
    "normalize",
    "robust_scale",
    "scale",
]

# Dense arrays with at least this many elements go through the numba kernels.
_KERNEL_MIN_SIZE = 200_000


# -- helpers ------------------------------------------------------------------------------


def _handle_zeros_in_scale(scale, copy=True, constant_mask=None):
    """Set scales of (near) constant features to 1, so that dividing by them is harmless."""
    if np.isscalar(scale):
        if scale == 0.0:
            scale = 1.0
        return scale
    if isinstance(scale, np.ndarray):
        if constant_mask is None:
            constant_mask = scale < 10 * np.finfo(scale.dtype).eps
        if copy:
            scale = scale.copy()
        scale[constant_mask] = 1.0
    return scale


def _is_constant_feature(var, mean, n_samples):
    """Features whose variance is below the rounding error of the mean computation."""
    eps = np.finfo(np.float64).eps
    upper_bound = n_samples * eps * var + (n_samples * mean * eps) ** 2
    return var <= upper_bound


def _shares_input(X, X_in):
    """Whether the validated dense X may share memory with the user's input X_in."""
    if isinstance(X_in, list | tuple):
        return False
    if isinstance(X_in, np.ndarray):
        return np.may_share_memory(X, X_in)
    return True  # DataFrames and array-likes may hand out views of their data


def _writeable(X, X_in, copy):
    """X ready to be modified in place: a copy unless validation already made one."""
    if issparse(X):
        if copy and (X is X_in or (issparse(X_in) and X.data is X_in.data)):
            return X.copy()
        if not X.data.flags.writeable:
            return X.copy()
        return X
    if (copy and _shares_input(X, X_in)) or not X.flags.writeable:
        return np.array(X, copy=True)
    return X


def _sparse_cols_rows(X):
    """Column and row index of every stored value of a CSR or CSC matrix."""
    counts = np.diff(X.indptr)
    major = np.repeat(np.arange(len(counts)), counts)
    if X.format == "csr":
        return X.indices, major
    return major, X.indices


def _sparse_mean_var(X, weights=None):
    """Per-column weighted mean, variance and sum of weights of a sparse matrix (NaN-aware).

    Mirrors scikit-learn's corrected two-pass algorithm on the stored values.
    """
    n_samples, n_features = X.shape
    cols, rows = _sparse_cols_rows(X)
    data = np.asarray(X.data, dtype=np.float64)
    if weights is None:
        weights = np.ones(n_samples, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    w = weights[rows]
    nan = np.isnan(data)
    ok = ~nan
    sum_weights = np.full(n_features, weights.sum(), dtype=np.float64)
    sum_weights -= np.bincount(cols[nan], weights=w[nan], minlength=n_features)
    counts = n_samples - np.bincount(cols[nan], minlength=n_features)
    counts_nz = np.bincount(cols[ok], minlength=n_features)
    sum_weights_nz = np.bincount(cols[ok], weights=w[ok], minlength=n_features)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.bincount(cols[ok], weights=data[ok] * w[ok], minlength=n_features)
        means /= sum_weights
        diff = data[ok] - means[cols[ok]]
        correction = np.bincount(cols[ok], weights=diff * w[ok], minlength=n_features)
        variances = np.bincount(cols[ok], weights=diff * diff * w[ok], minlength=n_features)
        has_zeros = counts != counts_nz
        correction[has_zeros] -= (sum_weights - sum_weights_nz)[has_zeros] * means[has_zeros]
        correction = correction**2 / sum_weights
        variances[has_zeros] += (sum_weights - sum_weights_nz)[has_zeros] * means[has_zeros] ** 2
        variances = (variances - correction) / sum_weights
    return means, variances, sum_weights


def _combine_mean_var(last_mean, last_var, last_n, new_mean, new_var, new_n):
    """Chan, Golub and LeVeque's pairwise update of (mean, variance, count) per feature."""
    last_n = np.asarray(last_n, dtype=np.float64)
    new_n = np.asarray(new_n, dtype=np.float64)
    total = last_n + new_n
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = new_mean - last_mean
        mean = last_mean + delta * (new_n / total)
        m2 = last_var * last_n + new_var * new_n + delta**2 * (last_n * new_n / total)
        var = m2 / total
    first = last_n == 0
    mean = np.where(first, new_mean, mean)
    var = np.where(first, new_var, var)
    empty = new_n == 0
    mean = np.where(empty & ~first, last_mean, mean)
    var = np.where(empty & ~first, last_var, var)
    return mean, var


def _dense_mean_var(X, sample_weight=None, with_var=True):
    """Per-feature mean, variance (corrected two-pass) and count of X, ignoring NaNs.

    Sums accumulate in float64 whatever the dtype of X. Returns (mean, var or None, count).
    """
    n_samples, n_features = X.shape
    if sample_weight is None and X.size >= _KERNEL_MIN_SIZE and X.flags.c_contiguous:
        return _kernel_mean_var(X, with_var)
    nan_mask = np.isnan(X)
    any_nan = bool(nan_mask.any())
    Xz = np.where(nan_mask, 0, X) if any_nan else X
    if sample_weight is not None:
        sw = np.asarray(sample_weight, dtype=np.float64)
        new_sum = sw @ np.asarray(Xz, dtype=np.float64)
        count = sw @ (~nan_mask) if any_nan else np.full(n_features, sw.sum())
    else:
        new_sum = np.sum(Xz, axis=0, dtype=np.float64)
        count = n_samples - nan_mask.sum(axis=0) if any_nan else np.full(n_features, n_samples)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = new_sum / count
        if not with_var:
            return mean, None, count
        temp = np.asarray(X, dtype=np.float64) - mean
        if any_nan:
            temp[nan_mask] = 0.0
        if sample_weight is not None:
            correction = sw @ temp
            temp **= 2
            m2 = sw @ temp
        else:
            correction = temp.sum(axis=0)
            temp **= 2
            m2 = temp.sum(axis=0)
        m2 -= correction**2 / count
        var = m2 / count
    return mean, var, count


def _n_threads(n_rows):
    import os

    return max(1, min(os.cpu_count() or 1, 8, n_rows // 50_000))


def _threaded_rows(func, X, *args):
    """Run ``func(rows_slice, X, *args)`` on row blocks, in threads (the kernels release
    the GIL). Returns the list of results, in row order."""
    from ..utils._chunking import gen_even_slices, map_threads

    slices = list(gen_even_slices(X.shape[0], _n_threads(X.shape[0]))) or [slice(0, 0)]
    return map_threads(lambda sl: func(sl, X, *args), slices)


def _sums_rows(sl, X):
    from ._data_kernels import col_sums

    return col_sums(X[sl])


def _deviations_rows(sl, X, mean):
    from ._data_kernels import col_deviations

    return col_deviations(X[sl], mean)


def _center_scale_rows(sl, X, out, center, scale):
    from ._data_kernels import center_scale

    center_scale(X[sl], center, scale, out[sl])


def _kernel_mean_var(X, with_var):
    """Two-pass (corrected) column moments of a large C-contiguous X with the kernels."""
    parts = _threaded_rows(_sums_rows, X)
    total = np.sum([p[0] for p in parts], axis=0)
    count = np.sum([p[1] for p in parts], axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count
        if not with_var:
            return mean, None, count
        parts = _threaded_rows(_deviations_rows, X, mean)
        corr = np.sum([p[0] for p in parts], axis=0)
        m2 = np.sum([p[1] for p in parts], axis=0)
        var = (m2 - corr * corr / count) / count
    return mean, var, count


def _column_scale(X, factors):
    """Multiply the columns of a CSR/CSC matrix by ``factors`` in place."""
    if X.format == "csr":
        X.data *= np.asarray(factors, dtype=X.dtype).take(X.indices, mode="clip")
    else:
        X.data *= np.repeat(np.asarray(factors, dtype=X.dtype), np.diff(X.indptr))


def _sparse_min_max(X):
    """NaN-ignoring per-column minimum and maximum of a sparse matrix (zeros included)."""
    n_samples, n_features = X.shape
    cols, _ = _sparse_cols_rows(X)
    data = X.data
    ok = ~np.isnan(data)
    mins = np.full(n_features, np.inf)
    maxs = np.full(n_features, -np.inf)
    np.minimum.at(mins, cols[ok], data[ok])
    np.maximum.at(maxs, cols[ok], data[ok])
    nnz = np.bincount(cols, minlength=n_features)
    has_zero = nnz < n_samples
    mins[has_zero] = np.minimum(mins[has_zero], 0)
    maxs[has_zero] = np.maximum(maxs[has_zero], 0)
    all_nan = ~has_zero & (np.bincount(cols[ok], minlength=n_features) == 0)
    mins[all_nan] = np.nan
    maxs[all_nan] = np.nan
    return mins.astype(X.dtype), maxs.astype(X.dtype)


def _nan_reduce(func, X):
    """``np.nanmin``-style reduction over rows without the all-NaN RuntimeWarning."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return func(X, axis=0)


# -- StandardScaler -----------------------------------------------------------------------


class StandardScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Standardize features by removing the mean and scaling to unit variance.

    ``z = (x - mean_) / scale_``; statistics are learned in ``fit`` or incrementally with
    ``partial_fit`` (Chan, Golub and LeVeque's update), ignoring NaNs.

    Parameters
    ----------
    copy : bool, default=True
        If False, try to scale in place (a copy is made when the input is not a writeable
        float array).
    with_mean : bool, default=True
        Center the data. Must be False for sparse input.
    with_std : bool, default=True
        Scale the data to unit variance.

    Attributes
    ----------
    scale_ : ndarray of shape (n_features,) or None
        Per-feature scale (``sqrt(var_)``, 1 for constant features); None if
        ``with_std=False``.
    mean_ : ndarray of shape (n_features,) or None
        Per-feature mean; None if ``with_mean=False`` and ``with_std=False``.
    var_ : ndarray of shape (n_features,) or None
        Per-feature variance; None if ``with_std=False``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).
    n_samples_seen_ : int or ndarray of shape (n_features,)
        Samples (sum of weights with ``sample_weight``) seen per feature; an int when it is
        the same for every feature.

    Examples
    --------
    >>> from aiguille.preprocessing import StandardScaler
    >>> X = [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
    >>> scaler = StandardScaler().fit(X)
    >>> scaler.mean_
    array([0.5, 0.5])
    >>> scaler.transform([[2.0, 2.0]])
    array([[3., 3.]])
    """

    _parameter_constraints = {
        "copy": ["boolean"],
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std
        self.copy = copy

    def _reset(self):
        for attr in ("scale_", "n_samples_seen_", "mean_", "var_"):
            if hasattr(self, attr):
                delattr(self, attr)

    def fit(self, X, y=None, sample_weight=None):
        """Compute the mean and standard deviation of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y, sample_weight)

    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the mean and standard deviation with one more batch of samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        first_call = not hasattr(self, "n_samples_seen_")
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
            reset=first_call,
        )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if issparse(X) and self.with_mean:
            raise ValueError(
                "Cannot center sparse matrices: pass `with_mean=False` "
                "instead. See docstring for motivation and alternatives."
            )
        self._partial_fit(X, sample_weight, first_call)
        return self

    def _partial_fit(self, X, sample_weight, first_call):
        n_features = X.shape[1]
        count_dtype = np.int64 if sample_weight is None else X.dtype
        if first_call:
            last_n = np.zeros(n_features, dtype=count_dtype)
        else:
            last_n = np.broadcast_to(self.n_samples_seen_, (n_features,)).astype(
                np.result_type(count_dtype, np.asarray(self.n_samples_seen_).dtype)
            )
        need_stats = self.with_mean or self.with_std
        if issparse(X):
            if self.with_std:
                new_mean, new_var, new_n = _sparse_mean_var(X, sample_weight)
            else:
                new_mean = new_var = None
                w = np.ones(X.shape[0]) if sample_weight is None else sample_weight
                cols, rows = _sparse_cols_rows(X)
                nan = np.isnan(X.data)
                new_n = w.sum() - np.bincount(
                    cols[nan], weights=w[rows[nan]], minlength=n_features
                )
        elif need_stats:
            new_mean, new_var, new_n = _dense_mean_var(X, sample_weight, with_var=self.with_std)
        else:
            new_mean = new_var = None
            if sample_weight is None:
                new_n = X.shape[0] - np.isnan(X).sum(axis=0)
            else:
                new_n = sample_weight @ (~np.isnan(X))
        if new_mean is None:
            mean = var = None
        elif first_call:
            mean, var = new_mean, new_var
        else:
            last_mean = self.mean_ if self.mean_ is not None else 0.0
            last_var = self.var_ if new_var is not None else np.zeros(n_features)
            mean, var = _combine_mean_var(
                last_mean, last_var, last_n, new_mean, new_var if new_var is not None else 0, new_n
            )
            if new_var is None:
                var = None
        n_seen = (last_n + new_n).astype(count_dtype if first_call else last_n.dtype)
        if sample_weight is None:
            n_seen = n_seen.astype(np.int64)
        if n_seen.max() == n_seen.min():
            n_seen = n_seen[0]
        self.mean_ = None if mean is None else np.asarray(mean, dtype=np.float64)
        self.var_ = None if var is None else np.asarray(var, dtype=np.float64)
        self.n_samples_seen_ = n_seen
        if self.with_std:
            constant_mask = _is_constant_feature(self.var_, self.mean_, self.n_samples_seen_)
            self.scale_ = _handle_zeros_in_scale(
                np.sqrt(self.var_), copy=False, constant_mask=constant_mask
            )
        else:
            self.scale_ = None

    def transform(self, X, copy=None):
        """Standardize X: ``(X - mean_) / scale_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to scale.
        copy : bool, default=None
            Copy the input (default: the ``copy`` parameter).

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Transformed array, of the input's float dtype.
        """
        check_is_fitted(self)
        copy = copy if copy is not None else self.copy
        X_in = X
        X = validate_data(
            self,
            X,
            reset=False,
            accept_sparse="csr",
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
        if issparse(X) and self.with_mean:
            raise ValueError(
                "Cannot center sparse matrices: pass `with_mean=False` "
                "instead. See docstring for motivation and alternatives."
            )
        return self._transform(X, X_in, copy)

    def _transform(self, X, X_in, copy):
        if issparse(X):
            X = _writeable(X, X_in, copy)
            if self.scale_ is not None:
                _column_scale(X, 1 / self.scale_)
            return X
        center = self.mean_ if self.with_mean else None
        scale = self.scale_ if self.with_std else None
        if center is None and scale is None:
            return _writeable(X, X_in, copy)
        shares = _shares_input(X, X_in)
        if X.size >= _KERNEL_MIN_SIZE and X.flags.c_contiguous:
            d = X.shape[1]
            center = np.zeros(d) if center is None else np.ascontiguousarray(center, np.float64)
            scale = np.ones(d) if scale is None else np.ascontiguousarray(scale, np.float64)
            in_place = (not shares or not copy) and X.flags.writeable
            out = X if in_place else np.empty_like(X)
            _threaded_rows(_center_scale_rows, X, out, center, scale)
            return out
        X = _writeable(X, X_in, copy)
        if center is not None:
            X -= center
        if scale is not None:
            X /= scale
        return X

    def inverse_transform(self, X, copy=None):
        """Undo the scaling: ``X * scale_ + mean_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Scaled data.
        copy : bool, default=None
            Copy the input (default: the ``copy`` parameter).

        Returns
        -------
        X_original : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        copy = copy if copy is not None else self.copy
        X_in = X
        X = check_array(
            X,
            accept_sparse="csr",
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
        X = _writeable(X, X_in, copy)
        if issparse(X):
            if self.with_mean:
                raise ValueError(
                    "Cannot uncenter sparse matrices: pass `with_mean=False` "
                    "instead See docstring for motivation and alternatives."
                )
            if self.scale_ is not None:
                _column_scale(X, self.scale_)
            return X
        if self.with_std:
            X *= self.scale_
        if self.with_mean:
            X += self.mean_
        return X

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = not self.with_mean
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# -- MinMaxScaler -------------------------------------------------------------------------


class MinMaxScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale each feature to a given range: ``X * scale_ + min_``.

    Parameters
    ----------
    feature_range : tuple (min, max), default=(0, 1)
        Desired range of the transformed data.
    copy : bool, default=True
        If False, try to scale in place.
    clip : bool, default=False
        Clip transformed values of held-out data to ``feature_range``.

    Attributes
    ----------
    min_ : ndarray of shape (n_features,)
        Per-feature offset, ``min - data_min_ * scale_``.
    scale_ : ndarray of shape (n_features,)
        Per-feature relative scaling.
    data_min_ : ndarray of shape (n_features,)
        Per-feature minimum seen in the data (NaNs ignored).
    data_max_ : ndarray of shape (n_features,)
        Per-feature maximum seen in the data.
    data_range_ : ndarray of shape (n_features,)
        ``data_max_ - data_min_``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).
    n_samples_seen_ : int
        Number of samples seen.

    Examples
    --------
    >>> from aiguille.preprocessing import MinMaxScaler
    >>> MinMaxScaler().fit_transform([[-1.0, 2.0], [-0.5, 6.0], [0.0, 10.0], [1.0, 18.0]])
    array([[0.  , 0.  ],
           [0.25, 0.25],
           [0.5 , 0.5 ],
           [1.  , 1.  ]])
    """

    _parameter_constraints = {
        "feature_range": [tuple],
        "copy": ["boolean"],
        "clip": ["boolean"],
    }

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def _reset(self):
        for attr in ("scale_", "min_", "n_samples_seen_", "data_min_", "data_max_", "data_range_"):
            if hasattr(self, attr):
                delattr(self, attr)

    def fit(self, X, y=None):
        """Compute the per-feature minimum and maximum.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y)

    def partial_fit(self, X, y=None):
        """Update the per-feature minimum and maximum with a batch of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A batch of training data.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        feature_range = self.feature_range
        if feature_range[0] >= feature_range[1]:
            raise ValueError(
                "Minimum of desired feature range must be smaller than maximum. "
                f"Got {feature_range}."
            )
        if issparse(X):
            raise TypeError(
                "MinMaxScaler does not support sparse input. Consider using MaxAbsScaler instead."
            )
        first_pass = not hasattr(self, "n_samples_seen_")
        X = validate_data(
            self, X, reset=first_pass, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )
        data_min = _nan_reduce(np.nanmin, X)
        data_max = _nan_reduce(np.nanmax, X)
        if first_pass:
            self.n_samples_seen_ = X.shape[0]
        else:
            data_min = np.minimum(self.data_min_, data_min)
            data_max = np.maximum(self.data_max_, data_max)
            self.n_samples_seen_ += X.shape[0]
        data_range = data_max - data_min
        self.scale_ = (feature_range[1] - feature_range[0]) / _handle_zeros_in_scale(
            data_range, copy=True
        )
        self.min_ = feature_range[0] - data_min * self.scale_
        self.data_min_ = data_min
        self.data_max_ = data_max
        self.data_range_ = data_range
        return self

    def transform(self, X):
        """Scale X to ``feature_range``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to scale.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = validate_data(self, X, reset=False, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan")
        X = _writeable(X, X_in, self.copy)
        X *= self.scale_
        X += self.min_
        if self.clip:
            np.clip(X, self.feature_range[0], self.feature_range[1], out=X)
        return X

    def inverse_transform(self, X):
        """Undo the scaling of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = check_array(X, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan")
        X = _writeable(X, X_in, self.copy)
        X -= self.min_
        X /= self.scale_
        return X

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# -- MaxAbsScaler -------------------------------------------------------------------------


class MaxAbsScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale each feature by its maximum absolute value (keeps sparsity).

    Parameters
    ----------
    copy : bool, default=True
        If False, try to scale in place.

    Attributes
    ----------
    scale_ : ndarray of shape (n_features,)
        Per-feature scaling (``max_abs_``, 1 where it is 0).
    max_abs_ : ndarray of shape (n_features,)
        Per-feature maximum absolute value.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).
    n_samples_seen_ : int
        Number of samples seen.

    Examples
    --------
    >>> from aiguille.preprocessing import MaxAbsScaler
    >>> MaxAbsScaler().fit_transform([[1.0, -1.0, 2.0], [2.0, 0.0, 0.0], [0.0, 1.0, -1.0]])
    array([[ 0.5, -1. ,  1. ],
           [ 1. ,  0. ,  0. ],
           [ 0. ,  1. , -0.5]])
    """

    _parameter_constraints = {"copy": ["boolean"]}

    def __init__(self, *, copy=True):
        self.copy = copy

    def _reset(self):
        for attr in ("scale_", "n_samples_seen_", "max_abs_"):
            if hasattr(self, attr):
                delattr(self, attr)

    def fit(self, X, y=None):
        """Compute the per-feature maximum absolute value.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y)

    def partial_fit(self, X, y=None):
        """Update the per-feature maximum absolute value with a batch of samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        first_pass = not hasattr(self, "n_samples_seen_")
        X = validate_data(
            self,
            X,
            reset=first_pass,
            accept_sparse=("csr", "csc"),
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
        if issparse(X):
            mins, maxs = _sparse_min_max(X)
            max_abs = np.maximum(np.abs(mins), np.abs(maxs))
        else:
            max_abs = _nan_reduce(np.nanmax, np.abs(X))
        if first_pass:
            self.n_samples_seen_ = X.shape[0]
        else:
            max_abs = np.maximum(self.max_abs_, max_abs)
            self.n_samples_seen_ += X.shape[0]
        self.max_abs_ = max_abs
        self.scale_ = _handle_zeros_in_scale(max_abs, copy=True)
        return self

    def transform(self, X):
        """Scale X by the maximum absolute values.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to scale.

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            reset=False,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )
        X = _writeable(X, X_in, self.copy)
        if issparse(X):
            _column_scale(X, 1.0 / self.scale_)
        else:
            X /= self.scale_
        return X

    def inverse_transform(self, X):
        """Undo the scaling of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = check_array(
            X, accept_sparse=("csr", "csc"), dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )
        X = _writeable(X, X_in, self.copy)
        if issparse(X):
            _column_scale(X, self.scale_)
        else:
            X *= self.scale_
        return X

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# -- RobustScaler -------------------------------------------------------------------------


class RobustScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Scale features with statistics robust to outliers: median and quantile range.

    Parameters
    ----------
    with_centering : bool, default=True
        Subtract the median (not allowed for sparse input).
    with_scaling : bool, default=True
        Divide by the interquantile range.
    quantile_range : tuple (q_min, q_max), 0.0 < q_min < q_max < 100.0, default=(25.0, 75.0)
        Quantile range used to compute ``scale_``.
    copy : bool, default=True
        If False, try to scale in place.
    unit_variance : bool, default=False
        Scale so that normally distributed features have a variance of 1.

    Attributes
    ----------
    center_ : ndarray of shape (n_features,)
        Per-feature median.
    scale_ : ndarray of shape (n_features,)
        Per-feature interquantile range (1 where it is 0).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> from aiguille.preprocessing import RobustScaler
    >>> RobustScaler().fit_transform([[1.0, -2.0], [-2.0, 1.0], [4.0, 1.0]])
    array([[ 0., -2.],
           [-1.,  0.],
           [ 1.,  0.]])
    """

    _parameter_constraints = {
        "with_centering": ["boolean"],
        "with_scaling": ["boolean"],
        "quantile_range": [tuple],
        "copy": ["boolean"],
        "unit_variance": ["boolean"],
    }

    def __init__(
        self,
        *,
        with_centering=True,
        with_scaling=True,
        quantile_range=(25.0, 75.0),
        copy=True,
        unit_variance=False,
    ):
        self.with_centering = with_centering
        self.with_scaling = with_scaling
        self.quantile_range = quantile_range
        self.unit_variance = unit_variance
        self.copy = copy

    def fit(self, X, y=None):
        """Compute the median and quantiles of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        X = validate_data(
            self, X, accept_sparse="csc", dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )
        q_min, q_max = self.quantile_range
        if not 0 <= q_min <= q_max <= 100:
            raise ValueError(f"Invalid quantile range: {self.quantile_range}")
        if self.with_centering:
            if issparse(X):
                raise ValueError(
                    "Cannot center sparse matrices: use `with_centering=False` "
                    "instead. See docstring for motivation and alternatives."
                )
            center = _nan_reduce(np.nanmedian, X)
        else:
            center = None
        if self.with_scaling:
            quantiles = []
            for j in range(X.shape[1]):
                if issparse(X):
                    nnz = X.data[X.indptr[j] : X.indptr[j + 1]]
                    col = np.zeros(X.shape[0], dtype=X.dtype)
                    col[: len(nnz)] = nnz
                else:
                    col = X[:, j]
                with np.errstate(all="ignore"):
                    quantiles.append(_nan_percentile(col, [q_min, q_max]))
            quantiles = np.transpose(quantiles)
            scale = quantiles[1] - quantiles[0]
            scale = _handle_zeros_in_scale(scale, copy=False)
            if self.unit_variance:
                from scipy import stats

                adjust = stats.norm.ppf(q_max / 100.0) - stats.norm.ppf(q_min / 100.0)
                scale = scale / adjust
        else:
            scale = None
        self.center_ = center
        self.scale_ = scale
        return self

    def transform(self, X):
        """Center and scale X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to scale.

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=FLOAT_DTYPES,
            reset=False,
            ensure_all_finite="allow-nan",
        )
        X = _writeable(X, X_in, self.copy)
        if issparse(X):
            if self.with_scaling:
                _column_scale(X, 1.0 / self.scale_)
        else:
            if self.with_centering:
                X -= self.center_
            if self.with_scaling:
                X /= self.scale_
        return X

    def inverse_transform(self, X):
        """Undo the centering and scaling.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X_in = X
        X = check_array(
            X, accept_sparse=("csr", "csc"), dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
        )
        X = _writeable(X, X_in, self.copy)
        if issparse(X):
            if self.with_scaling:
                _column_scale(X, self.scale_)
        else:
            if self.with_scaling:
                X *= self.scale_
            if self.with_centering:
                X += self.center_
        return X

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = not self.with_centering
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _nan_percentile(col, q):
    col = col[~np.isnan(col)]
    if col.size == 0:
        return np.full(len(q), np.nan)
    return np.percentile(col, q)


# -- Normalizer ---------------------------------------------------------------------------


def _row_norms_sparse(X, norm):
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    if norm == "l1":
        return np.bincount(rows, weights=np.abs(X.data), minlength=X.shape[0])
    if norm == "l2":
        return np.sqrt(np.bincount(rows, weights=X.data * X.data, minlength=X.shape[0]))
    norms = np.zeros(X.shape[0])
    np.maximum.at(norms, rows, np.abs(X.data))
    return norms


def normalize(X, norm="l2", *, axis=1, copy=True, return_norm=False):
    """Scale samples (``axis=1``) or features (``axis=0``) to unit norm.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Data to normalize.
    norm : {"l1", "l2", "max"}, default="l2"
        Norm of each non-zero sample (or feature).
    axis : {0, 1}, default=1
        1 normalizes each sample, 0 each feature.
    copy : bool, default=True
        If False, normalize in place when possible.
    return_norm : bool, default=False
        Also return the computed norms.

    Returns
    -------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Normalized input.
    norms : ndarray of shape (n_samples,) or (n_features,)
        The norms, if ``return_norm=True``.

    Examples
    --------
    >>> from aiguille.preprocessing import normalize
    >>> normalize([[3.0, 4.0], [1.0, 0.0]])
    array([[0.6, 0.8],
           [1. , 0. ]])
    """
    return _normalize(X, norm=norm, axis=axis, copy=copy, return_norm=return_norm)


normalize = validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "norm": [StrOptions({"l1", "l2", "max"})],
        "axis": [Options(Integral, {0, 1})],
        "copy": ["boolean"],
        "return_norm": ["boolean"],
    }
)(normalize)


def _normalize(X, norm="l2", axis=1, copy=True, return_norm=False):
    sparse_format = "csc" if axis == 0 else "csr"
    X_in = X
    X = check_array(
        X, accept_sparse=sparse_format, estimator="the normalize function", dtype=FLOAT_DTYPES
    )
    X = _writeable(X, X_in, copy)
    if axis == 0:
        X = X.T
    if issparse(X):
        if return_norm and norm in ("l1", "l2"):
            raise NotImplementedError(
                "return_norm=True is not implemented for sparse matrices with norm 'l1' or "
                "norm 'l2'"
            )
        norms = _row_norms_sparse(X, norm)
        per_value = np.repeat(norms, np.diff(X.indptr))
        mask = per_value != 0
        X.data[mask] /= per_value[mask]
    else:
        if norm == "l1":
            norms = np.abs(X).sum(axis=1)
        elif norm == "l2":
            norms = np.sqrt(np.einsum("ij,ij->i", X, X))
        else:
            norms = np.max(np.abs(X), axis=1)
        norms = _handle_zeros_in_scale(norms, copy=False)
        X /= norms[:, np.newaxis]
    if axis == 0:
        X = X.T
    if return_norm:
        return X, norms
    return X


class Normalizer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Normalize each sample (row) to unit norm; stateless.

    Parameters
    ----------
    norm : {"l1", "l2", "max"}, default="l2"
        Norm of each non-zero sample.
    copy : bool, default=True
        If False, normalize in place when possible.

    Attributes
    ----------
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> from aiguille.preprocessing import Normalizer
    >>> Normalizer(norm="l1").fit_transform([[1.0, 3.0], [2.0, 2.0]])
    array([[0.25, 0.75],
           [0.5 , 0.5 ]])
    """

    _parameter_constraints = {
        "norm": [StrOptions({"l1", "l2", "max"})],
        "copy": ["boolean"],
    }

    def __init__(self, norm="l2", *, copy=True):
        self.norm = norm
        self.copy = copy

    def fit(self, X, y=None):
        """Check X and record its number of features.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        self._validate_params()
        validate_data(self, X, accept_sparse="csr")
        return self

    def transform(self, X, copy=None):
        """Scale each non-zero row of X to unit norm.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        copy : bool, default=None
            Copy the input (default: the ``copy`` parameter).

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        copy = copy if copy is not None else self.copy
        X_in = X
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        X = _writeable(X, X_in, copy) if not issparse(X) or copy else X
        return _normalize(X, norm=self.norm, axis=1, copy=False)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.requires_fit = False
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# -- Binarizer ----------------------------------------------------------------------------


def binarize(X, *, threshold=0.0, copy=True):
    """Set values above ``threshold`` to 1 and the others to 0.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    threshold : float, default=0.0
        Values below or equal to it become 0 (must be >= 0 for sparse input).
    copy : bool, default=True
        If False, binarize in place when possible.

    Returns
    -------
    X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)

    Examples
    --------
    >>> from aiguille.preprocessing import binarize
    >>> binarize([[0.5, -1.0], [2.0, 0.0]])
    array([[1., 0.],
           [1., 0.]])
    """
    X_in = X
    X = check_array(X, accept_sparse=["csr", "csc"])
    X = _writeable(X, X_in, copy)
    if issparse(X):
        if threshold < 0:
            raise ValueError("Cannot binarize a sparse matrix with threshold < 0")
        cond = X.data > threshold
        not_cond = np.logical_not(cond)
        X.data[cond] = 1
        X.data[not_cond] = 0
        X.eliminate_zeros()
    else:
        cond = X > threshold
        not_cond = np.logical_not(cond)
        X[cond] = 1
        X[not_cond] = 0
    return X


class Binarizer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Binarize data (set feature values to 0 or 1) according to a threshold; stateless.

    Parameters
    ----------
    threshold : float, default=0.0
        Values less than or equal to it become 0, the others 1.
    copy : bool, default=True
        If False, binarize in place when possible.

    Attributes
    ----------
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> from aiguille.preprocessing import Binarizer
    >>> Binarizer().fit_transform([[1.0, -1.0], [0.0, 2.0]])
    array([[1., 0.],
           [0., 1.]])
    """

    _parameter_constraints = {"threshold": [Real], "copy": ["boolean"]}

    def __init__(self, *, threshold=0.0, copy=True):
        self.threshold = threshold
        self.copy = copy

    def fit(self, X, y=None):
        """Check X and record its number of features.

        Returns
        -------
        self : object
        """
        self._validate_params()
        validate_data(self, X, accept_sparse="csr")
        return self

    def transform(self, X, copy=None):
        """Binarize each element of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        copy : bool, default=None
            Copy the input (default: the ``copy`` parameter).

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
        """
        copy = copy if copy is not None else self.copy
        X_in = X
        X = validate_data(self, X, accept_sparse=["csr", "csc"], reset=False)
        X = _writeable(X, X_in, copy)
        return binarize(X, threshold=self.threshold, copy=False)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.requires_fit = False
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# -- function versions of the scalers -----------------------------------------------------


def scale(X, *, axis=0, with_mean=True, with_std=True, copy=True):
    """Standardize a dataset along an axis (center to the mean, scale to unit variance).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    axis : {0, 1}, default=0
        0 standardizes each feature, 1 each sample.
    with_mean : bool, default=True
        Center (not allowed for sparse input).
    with_std : bool, default=True
        Scale to unit variance.
    copy : bool, default=True
        If False, scale in place when possible.

    Returns
    -------
    X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)

    Examples
    --------
    >>> from aiguille.preprocessing import scale
    >>> scale([[1.0, 10.0], [3.0, 30.0]])
    array([[-1., -1.],
           [ 1.,  1.]])
    """
    X_in = X
    X = check_array(
        X,
        accept_sparse="csc",
        ensure_2d=False,
        estimator="the scale function",
        dtype=FLOAT_DTYPES,
        ensure_all_finite="allow-nan",
    )
    X = _writeable(X, X_in, copy)
    if issparse(X):
        if with_mean:
            raise ValueError(
                "Cannot center sparse matrices: pass `with_mean=False` instead"
                " See docstring for motivation and alternatives."
            )
        if axis != 0:
            raise ValueError(f"Can only scale sparse matrix on axis=0,  got axis={axis}")
        if with_std:
            _, var, _ = _sparse_mean_var(X)
            var = _handle_zeros_in_scale(var, copy=False)
            _column_scale(X, 1 / np.sqrt(var))
        return X
    Xr = np.rollaxis(X, axis) if X.ndim > 1 else X
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean_ = np.nanmean(X, axis)
        if with_std:
            scale_ = _handle_zeros_in_scale(np.nanstd(X, axis), copy=False)
    if with_mean:
        Xr -= mean_
        mean_1 = np.nanmean(Xr, axis=0)
        if not np.allclose(mean_1, 0):
            Xr -= mean_1
    if with_std:
        Xr /= scale_
        if with_mean:
            mean_2 = np.nanmean(Xr, axis=0)
            if not np.allclose(mean_2, 0):
                Xr -= mean_2
    return X


def minmax_scale(X, feature_range=(0, 1), *, axis=0, copy=True):
    """Scale each feature (``axis=0``) or sample (``axis=1``) to ``feature_range``.

    Examples
    --------
    >>> from aiguille.preprocessing import minmax_scale
    >>> minmax_scale([[1.0], [3.0]])
    array([[0.],
           [1.]])
    """
    X = check_array(
        X, copy=False, ensure_2d=False, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan"
    )
    original_ndim = X.ndim
    if original_ndim == 1:
        X = X.reshape(X.shape[0], 1)
    s = MinMaxScaler(feature_range=feature_range, copy=copy)
    X = s.fit_transform(X) if axis == 0 else s.fit_transform(X.T).T
    return X.ravel() if original_ndim == 1 else X


def maxabs_scale(X, *, axis=0, copy=True):
    """Scale each feature (``axis=0``) or sample (``axis=1``) by its maximum absolute value.

    Examples
    --------
    >>> from aiguille.preprocessing import maxabs_scale
    >>> maxabs_scale([[1.0], [-4.0]])
    array([[ 0.25],
           [-1.  ]])
    """
    X = check_array(
        X,
        accept_sparse=("csr", "csc"),
        ensure_2d=False,
        dtype=FLOAT_DTYPES,
        ensure_all_finite="allow-nan",
    )
    original_ndim = X.ndim
    if original_ndim == 1:
        X = X.reshape(X.shape[0], 1)
    s = MaxAbsScaler(copy=copy)
    X = s.fit_transform(X) if axis == 0 else s.fit_transform(X.T).T
    return X.ravel() if original_ndim == 1 else X


def robust_scale(
    X,
    *,
    axis=0,
    with_centering=True,
    with_scaling=True,
    quantile_range=(25.0, 75.0),
    copy=True,
    unit_variance=False,
):
    """Center to the median and scale by the quantile range, along an axis.

    Examples
    --------
    >>> from aiguille.preprocessing import robust_scale
    >>> robust_scale([[1.0], [2.0], [3.0]])
    array([[-1.],
           [ 0.],
           [ 1.]])
    """
    X = check_array(
        X,
        accept_sparse=("csr", "csc"),
        ensure_2d=False,
        dtype=FLOAT_DTYPES,
        ensure_all_finite="allow-nan",
    )
    original_ndim = X.ndim
    if original_ndim == 1:
        X = X.reshape(X.shape[0], 1)
    s = RobustScaler(
        with_centering=with_centering,
        with_scaling=with_scaling,
        quantile_range=quantile_range,
        unit_variance=unit_variance,
        copy=copy,
    )
    X = s.fit_transform(X) if axis == 0 else s.fit_transform(X.T).T
    return X.ravel() if original_ndim == 1 else X
