"""SimpleImputer (mean, median, most frequent, constant or callable) and MissingIndicator."""

import numbers
import warnings
from collections import Counter

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils._missing import _is_scalar_nan
from ..utils._param_validation import StrOptions
from ..utils.validation import (
    FLOAT_DTYPES,
    _check_feature_names_in,
    _check_n_features,
    check_is_fitted,
    issparse,
    validate_data,
)

__all__ = ["MissingIndicator", "SimpleImputer"]


def _is_pandas_na(x):
    import sys

    pd = sys.modules.get("pandas")
    return pd is not None and x is pd.NA


def _get_dense_mask(X, value_to_mask):
    if _is_pandas_na(value_to_mask):
        import pandas

        return np.asarray(pandas.isna(X))
    if _is_scalar_nan(value_to_mask):
        if X.dtype.kind == "f":
            return np.isnan(X)
        if X.dtype.kind in "iu":
            return np.zeros(X.shape, dtype=bool)
        return X != X
    return X == value_to_mask


def _get_mask(X, value_to_mask):
    """Boolean mask (sparse for sparse X) of the entries equal to ``value_to_mask``."""
    if not issparse(X):
        return _get_dense_mask(X, value_to_mask)
    import scipy.sparse as sp

    Xt = _get_dense_mask(X.data, value_to_mask)
    ctor = sp.csr_matrix if X.format == "csr" else sp.csc_matrix
    return ctor((Xt, X.indices.copy(), X.indptr.copy()), shape=X.shape, dtype=bool)


def _check_inputs_dtype(X, missing_values):
    if _is_pandas_na(missing_values):
        return
    if X.dtype.kind in ("f", "i", "u") and not isinstance(missing_values, numbers.Real):
        raise ValueError(
            "'X' and 'missing_values' types are expected to be both numerical. Got "
            f"X.dtype={X.dtype} and  type(missing_values)={type(missing_values)}."
        )


def _most_frequent(array, extra_value, n_repeat):
    """Most frequent value of ``array`` plus ``n_repeat`` copies of ``extra_value``;
    ties go to the smallest value."""
    if array.size > 0:
        if array.dtype == object:
            counter = Counter(array)
            most_frequent_count = counter.most_common(1)[0][1]
            most_frequent_value = min(v for v, c in counter.items() if c == most_frequent_count)
        else:
            values, counts = np.unique(array, return_counts=True)
            k = int(np.argmax(counts))
            most_frequent_value, most_frequent_count = values[k], counts[k]
    else:
        most_frequent_value = 0
        most_frequent_count = 0
    if most_frequent_count == 0 and n_repeat == 0:
        return np.nan
    if most_frequent_count < n_repeat:
        return extra_value
    if most_frequent_count > n_repeat:
        return most_frequent_value
    return min(most_frequent_value, extra_value)


class _BaseImputer(TransformerMixin, BaseEstimator):
    def _fit_indicator(self, X):
        if self.add_indicator:
            self.indicator_ = MissingIndicator(
                missing_values=self.missing_values, error_on_new=False
            )
            self.indicator_._fit(X, precomputed=True)
        else:
            self.indicator_ = None

    def _transform_indicator(self, X):
        if self.add_indicator:
            return self.indicator_.transform(X)
        return None

    def _concatenate_indicator(self, X_imputed, X_indicator):
        if not self.add_indicator:
            return X_imputed
        if issparse(X_imputed):
            import scipy.sparse as sp

            return sp.hstack((X_imputed, X_indicator), format=X_imputed.format)
        if issparse(X_indicator):
            X_indicator = X_indicator.toarray()
        return np.hstack((X_imputed, X_indicator))

    def _concatenate_indicator_feature_names_out(self, names, input_features):
        if not self.add_indicator:
            return names
        indicator_names = self.indicator_.get_feature_names_out(input_features)
        return np.concatenate([names, indicator_names])

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.allow_nan = _is_scalar_nan(self.missing_values)
        return tags


class SimpleImputer(_BaseImputer):
    """Replace missing values by a per-column statistic or a constant.

    Parameters
    ----------
    missing_values : int, float, str, np.nan, None or pandas.NA, default=np.nan
        The placeholder of missing values.
    strategy : {"mean", "median", "most_frequent", "constant"} or callable, default="mean"
        The statistic of the non-missing values of each column (a callable takes a 1-D
        array and returns a scalar), or ``fill_value``.
    fill_value : str or number, default=None
        Replacement with ``strategy="constant"`` (default 0 for numbers, "missing_value"
        for strings and objects).
    copy : bool, default=True
        If False, impute in place when possible.
    add_indicator : bool, default=False
        Append a :class:`MissingIndicator` output.
    keep_empty_features : bool, default=False
        Keep columns with no observed value (imputed with 0, or ``fill_value``); else they
        are dropped at transform.

    Attributes
    ----------
    statistics_ : ndarray of shape (n_features,)
        The imputation value of each feature (NaN for empty features).
    indicator_ : MissingIndicator or None
        The indicator of missing values (with ``add_indicator=True``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.impute import SimpleImputer
    >>> imp = SimpleImputer(strategy="mean").fit([[7, 2, 3], [4, np.nan, 6], [10, 5, 9]])
    >>> imp.statistics_
    array([7. , 3.5, 6. ])
    >>> imp.transform([[np.nan, 2, 3], [4, np.nan, 6]])
    array([[7. , 2. , 3. ],
           [4. , 3.5, 6. ]])
    """

    _parameter_constraints = {
        "missing_values": [numbers.Real, numbers.Integral, str, None, "nan", "missing_values"],
        "add_indicator": ["boolean"],
        "keep_empty_features": ["boolean"],
        "strategy": [StrOptions({"mean", "median", "most_frequent", "constant"}), callable],
        "fill_value": "no_validation",
        "copy": ["boolean"],
    }

    def __init__(
        self,
        *,
        missing_values=np.nan,
        strategy="mean",
        fill_value=None,
        copy=True,
        add_indicator=False,
        keep_empty_features=False,
    ):
        self.missing_values = missing_values
        self.add_indicator = add_indicator
        self.keep_empty_features = keep_empty_features
        self.strategy = strategy
        self.fill_value = fill_value
        self.copy = copy

    def _validate_input(self, X, in_fit):
        if self.strategy in ("most_frequent", "constant") or callable(self.strategy):
            if isinstance(X, list) and any(isinstance(e, str) for row in X for e in row):
                dtype = object
            else:
                dtype = None
        else:
            dtype = FLOAT_DTYPES
        if not in_fit and self._fit_dtype.kind == "O":
            dtype = self._fit_dtype
        if _is_pandas_na(self.missing_values) or _is_scalar_nan(self.missing_values):
            ensure_all_finite = "allow-nan"
        else:
            ensure_all_finite = True
        X_in = X
        try:
            X = validate_data(
                self,
                X,
                reset=in_fit,
                accept_sparse="csc",
                dtype=dtype,
                ensure_all_finite=ensure_all_finite,
            )
        except ValueError as ve:
            if "could not convert" in str(ve):
                raise ValueError(
                    f"Cannot use {self.strategy} strategy with non-numeric data:\n{ve}"
                ) from None
            raise
        if in_fit:
            self._fit_dtype = X.dtype
        _check_inputs_dtype(X, self.missing_values)
        if X.dtype.kind not in ("i", "u", "f", "O"):
            raise ValueError(
                f"SimpleImputer does not support data with dtype {X.dtype}. Please provide "
                "either a numeric array (with a floating point or integer dtype) or "
                "categorical data represented either as an array with integer dtype or an "
                "array of string values with an object dtype."
            )
        if issparse(X) and self.missing_values == 0:
            raise ValueError(
                "Imputation not possible when missing_values == 0 and input is sparse. "
                "Provide a dense array instead."
            )
        if self.strategy == "constant":
            if in_fit and self.fill_value is not None:
                fill_value_dtype = type(self.fill_value)
                err_msg = (
                    f"fill_value={self.fill_value!r} (of type {fill_value_dtype!r}) cannot be "
                    f"cast to the input data that is {X.dtype!r}. If fill_value is a Python "
                    "scalar, instead pass  a numpy scalar (e.g. fill_value=np.uint8(0) if your "
                    "data is of type np.uint8). Make sure that both dtypes are of the same kind."
                )
            elif not in_fit:
                fill_value_dtype = self._fill_dtype
                err_msg = (
                    f"The dtype of the filling value (i.e. {fill_value_dtype!r}) cannot be cast "
                    f"to the input data that is {X.dtype!r}. Make sure that the dtypes of the "
                    "input data are of the same kind between fit and transform."
                )
            else:
                fill_value_dtype = X.dtype
            if not np.can_cast(fill_value_dtype, X.dtype, casting="same_kind"):
                raise ValueError(err_msg)
        if not in_fit:
            X = _own(X, X_in, self.copy)
        return X

    def fit(self, X, y=None):
        """Compute the imputation value of each feature.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted imputer.
        """
        self._validate_params()
        X = self._validate_input(X, in_fit=True)
        if self.fill_value is None:
            fill_value = 0 if X.dtype.kind in ("i", "u", "f") else "missing_value"
        else:
            fill_value = self.fill_value
        self._fill_dtype = X.dtype
        if issparse(X):
            self.statistics_ = self._sparse_fit(X, fill_value)
        else:
            self.statistics_ = self._dense_fit(X, fill_value)
        return self

    def _column_statistic(self, column, n_zeros=0):
        """Statistic of one column's observed values (plus ``n_zeros`` implicit zeros)."""
        strategy = self.strategy
        if column.size + n_zeros == 0:
            return 0 if self.keep_empty_features else np.nan
        if strategy == "mean":
            return column.sum(dtype=np.float64) / (column.size + n_zeros)
        if strategy == "median":
            if n_zeros:
                column = np.concatenate([column, np.zeros(n_zeros, dtype=column.dtype)])
            return np.median(column)
        if strategy == "most_frequent":
            return _most_frequent(column, 0, n_zeros)
        return strategy(column)

    def _dense_fit(self, X, fill_value):
        missing_mask = _get_mask(X, self.missing_values)
        self._fit_indicator(missing_mask)
        if self.strategy == "constant":
            statistics = np.full(X.shape[1], fill_value, dtype=np.object_)
            if not self.keep_empty_features:
                statistics[missing_mask.all(axis=0)] = np.nan
            return statistics
        if self.strategy == "mean" and X.dtype.kind == "f":
            with np.errstate(invalid="ignore", divide="ignore"):
                count = X.shape[0] - missing_mask.sum(axis=0)
                sums = np.where(missing_mask, 0, X).sum(axis=0, dtype=np.float64)
                mean = sums / count
            mean[count == 0] = 0 if self.keep_empty_features else np.nan
            return mean
        if X.dtype.kind == "O" and self.strategy == "most_frequent":
            out = np.empty(X.shape[1], dtype=object)
        else:
            out = np.empty(X.shape[1])
        for j in range(X.shape[1]):
            out[j] = self._column_statistic(X[~missing_mask[:, j], j])
        return out

    def _sparse_fit(self, X, fill_value):
        missing_mask = _get_mask(X, self.missing_values)
        mask_data = missing_mask.data
        n_implicit_zeros = X.shape[0] - np.diff(X.indptr)
        statistics = np.empty(X.shape[1])
        if self.strategy == "constant":
            statistics.fill(fill_value)
            if not self.keep_empty_features:
                for i in range(X.shape[1]):
                    if mask_data[X.indptr[i] : X.indptr[i + 1]].all():
                        statistics[i] = np.nan
        else:
            for i in range(X.shape[1]):
                column = X.data[X.indptr[i] : X.indptr[i + 1]]
                column = column[~mask_data[X.indptr[i] : X.indptr[i + 1]]]
                zeros = column == 0
                column = column[~zeros]
                n_zeros = int(n_implicit_zeros[i] + zeros.sum())
                statistics[i] = self._column_statistic(column, n_zeros)
        self._fit_indicator(missing_mask)
        return statistics

    def transform(self, X):
        """Impute the missing values of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_imputed : {ndarray, sparse matrix} of shape (n_samples, n_features_out)
            Features with no observed value in fit are dropped (unless
            ``keep_empty_features`` or ``strategy="constant"``).
        """
        check_is_fitted(self)
        X = self._validate_input(X, in_fit=False)
        statistics = self.statistics_
        missing_mask = _get_mask(X, self.missing_values)
        if self.keep_empty_features:
            valid_statistics = statistics.astype(self._fill_dtype, copy=False)
            valid_idx = None
        else:
            invalid_mask = _get_mask(statistics, np.nan)
            valid_statistics = statistics[~invalid_mask].astype(self._fill_dtype, copy=False)
            valid_idx = np.flatnonzero(~invalid_mask)
            if invalid_mask.any():
                invalid_features = np.arange(X.shape[1])[invalid_mask]
                if hasattr(self, "feature_names_in_"):
                    invalid_features = self.feature_names_in_[invalid_features]
                warnings.warn(
                    f"Skipping features without any observed values: {invalid_features}. At "
                    "least one non-missing value is needed for imputation with "
                    f"strategy='{self.strategy}'."
                )
                X = X[:, valid_idx]
        if issparse(X):
            mask = (
                missing_mask.data if valid_idx is None else _get_mask(X.data, self.missing_values)
            )
            cols = np.repeat(np.arange(len(X.indptr) - 1), np.diff(X.indptr))[mask]
            X.data[mask] = valid_statistics[cols].astype(X.dtype, copy=False)
        else:
            mask = missing_mask if valid_idx is None else missing_mask[:, valid_idx]
            if mask.any():
                rows, cols = np.nonzero(mask)
                X[rows, cols] = valid_statistics[cols].astype(X.dtype, copy=False)
        X_indicator = self._transform_indicator(missing_mask)
        return self._concatenate_indicator(X, X_indicator)

    def inverse_transform(self, X):
        """Put the missing values back, using the indicator (``add_indicator=True``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features + n_indicator_features)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        if not self.add_indicator:
            raise ValueError(
                "'inverse_transform' works only when 'SimpleImputer' is instantiated with "
                f"'add_indicator=True'. Got 'add_indicator={self.add_indicator}' instead."
            )
        n_features_missing = len(self.indicator_.features_)
        non_empty_feature_count = X.shape[1] - n_features_missing
        array_imputed = np.array(X[:, :non_empty_feature_count], copy=True)
        missing_mask = X[:, non_empty_feature_count:].astype(bool)
        n_features_original = len(self.statistics_)
        shape_original = (X.shape[0], n_features_original)
        X_original = np.zeros(shape_original)
        X_original[:, self.indicator_.features_] = missing_mask
        full_mask = X_original.astype(bool)
        imputed_idx, original_idx = 0, 0
        while imputed_idx < len(array_imputed.T):
            if not np.all(X_original[:, original_idx]):
                X_original[:, original_idx] = array_imputed.T[imputed_idx]
                imputed_idx += 1
                original_idx += 1
            else:
                original_idx += 1
        X_original[full_mask] = self.missing_values
        return X_original

    def get_feature_names_out(self, input_features=None):
        """Output feature names: kept input features, then the indicator's.

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        input_features = _check_feature_names_in(self, input_features)
        non_missing_mask = np.logical_not(_get_mask(self.statistics_, np.nan))
        names = input_features[non_missing_mask]
        return self._concatenate_indicator_feature_names_out(names, input_features)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.input_tags.string = True
        return tags


def _own(X, X_in, copy):
    """X safe to modify: a copy when it still shares memory with the input."""
    if issparse(X):
        if copy and (X is X_in or (issparse(X_in) and X.data is X_in.data)):
            return X.copy()
        return X
    from ..preprocessing._data import _shares_input

    if copy and _shares_input(X, X_in):
        return X.copy()
    if not X.flags.writeable:
        return X.copy()
    return X


class MissingIndicator(TransformerMixin, BaseEstimator):
    """Binary indicators of missing values.

    Parameters
    ----------
    missing_values : int, float, str, np.nan or None, default=np.nan
        The placeholder of missing values.
    features : {"missing-only", "all"}, default="missing-only"
        Indicate only the features with missing values in fit, or all features.
    sparse : bool or "auto", default="auto"
        Sparse (CSC) output; "auto" follows the input.
    error_on_new : bool, default=True
        Raise at transform if a feature has missing values it had none of in fit (only
        with ``features="missing-only"``).

    Attributes
    ----------
    features_ : ndarray of shape (n_missing_features,) or (n_features,)
        Indices of the features in the output.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.impute import MissingIndicator
    >>> X = np.array([[np.nan, 1, 3], [4, 0, np.nan], [8, 1, 0]])
    >>> MissingIndicator().fit_transform(X)
    array([[ True, False],
           [False,  True],
           [False, False]])
    """

    _parameter_constraints = {
        "missing_values": [numbers.Real, numbers.Integral, str, None, "nan", "missing_values"],
        "features": [StrOptions({"missing-only", "all"})],
        "sparse": ["boolean", StrOptions({"auto"})],
        "error_on_new": ["boolean"],
    }

    def __init__(
        self, *, missing_values=np.nan, features="missing-only", sparse="auto", error_on_new=True
    ):
        self.missing_values = missing_values
        self.features = features
        self.sparse = sparse
        self.error_on_new = error_on_new

    def _get_missing_features_info(self, X):
        import scipy.sparse as sp

        imputer_mask = X if self._precomputed else _get_mask(X, self.missing_values)
        if issparse(X):
            imputer_mask.eliminate_zeros()
            if self.features == "missing-only":
                n_missing = np.asarray(imputer_mask.sum(axis=0)).ravel()
            if self.sparse is False:
                imputer_mask = imputer_mask.toarray()
            elif imputer_mask.format == "csr":
                imputer_mask = imputer_mask.tocsc()
        else:
            if self.features == "missing-only":
                n_missing = imputer_mask.sum(axis=0)
            if self.sparse is True:
                imputer_mask = sp.csc_matrix(imputer_mask)
        if self.features == "all":
            features_indices = np.arange(X.shape[1])
        else:
            features_indices = np.flatnonzero(n_missing)
        return imputer_mask, features_indices

    def _validate_input(self, X, in_fit):
        ensure_all_finite = "allow-nan" if _is_scalar_nan(self.missing_values) else True
        X = validate_data(
            self,
            X,
            reset=in_fit,
            accept_sparse=("csc", "csr"),
            dtype=None,
            ensure_all_finite=ensure_all_finite,
        )
        _check_inputs_dtype(X, self.missing_values)
        if X.dtype.kind not in ("i", "u", "f", "O"):
            raise ValueError(
                f"MissingIndicator does not support data with dtype {X.dtype}. Please "
                "provide either a numeric array (with a floating point or integer dtype) or "
                "categorical data represented either as an array with integer dtype or an "
                "array of string values with an object dtype."
            )
        if issparse(X) and self.missing_values == 0:
            raise ValueError(
                "Sparse input with missing_values=0 is not supported. Provide a dense array "
                "instead."
            )
        return X

    def _fit(self, X, y=None, precomputed=False):
        if precomputed and not (hasattr(X, "dtype") and X.dtype.kind == "b"):
            raise ValueError("precomputed is True but the input data is not a mask")
        self._precomputed = bool(precomputed)
        if precomputed:
            _check_n_features(self, X, reset=True)
        else:
            X = self._validate_input(X, in_fit=True)
        imputer_mask, self.features_ = self._get_missing_features_info(X)
        return imputer_mask

    def fit(self, X, y=None):
        """Find the features with missing values.

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
        self._fit(X, y)
        return self

    def transform(self, X):
        """Missing-value indicators of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        Xt : {ndarray, sparse matrix} of shape (n_samples, n_features_out), bool
        """
        check_is_fitted(self)
        if not self._precomputed:
            X = self._validate_input(X, in_fit=False)
        elif not (hasattr(X, "dtype") and X.dtype.kind == "b"):
            raise ValueError("precomputed is True but the input data is not a mask")
        imputer_mask, features = self._get_missing_features_info(X)
        if self.features == "missing-only":
            new = np.setdiff1d(features, self.features_)
            if self.error_on_new and new.size > 0:
                raise ValueError(
                    f"The features {new} have missing values in transform but have no "
                    "missing values in fit."
                )
            if self.features_.size < self.n_features_in_:
                imputer_mask = imputer_mask[:, self.features_]
        return imputer_mask

    def fit_transform(self, X, y=None):
        """Fit, then return the indicators of X.

        Returns
        -------
        Xt : {ndarray, sparse matrix} of shape (n_samples, n_features_out), bool
        """
        self._validate_params()
        imputer_mask = self._fit(X, y)
        if self.features_.size < self.n_features_in_:
            imputer_mask = imputer_mask[:, self.features_]
        return imputer_mask

    def get_feature_names_out(self, input_features=None):
        """Output feature names, ``missingindicator_<feature>``.

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self, "n_features_in_")
        input_features = _check_feature_names_in(self, input_features)
        prefix = self.__class__.__name__.lower()
        return np.asarray(
            [f"{prefix}_{name}" for name in input_features[self.features_]], dtype=object
        )

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = []
        return tags
