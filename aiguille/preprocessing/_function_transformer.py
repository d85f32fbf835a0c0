"""FunctionTransformer: a transformer from any function (stateless)."""

import warnings

import numpy as np

from ..base import BaseEstimator, TransformerMixin
from ..utils._available_if import available_if
from ..utils._param_validation import StrOptions
from ..utils._set_output import _output_config, _wrap_data
from ..utils.validation import (
    _check_feature_names,
    _check_feature_names_in,
    _check_n_features,
    _is_pandas_df,
    check_array,
    issparse,
    validate_data,
)

__all__ = ["FunctionTransformer"]


def _identity(X):
    return X


def _allclose_dense_sparse(x, y, rtol=1e-7, atol=1e-9):
    if issparse(x) and issparse(y):
        x, y = x.tocsr(), y.tocsr()
        x.sum_duplicates()
        y.sum_duplicates()
        return (
            np.array_equal(x.indices, y.indices)
            and np.array_equal(x.indptr, y.indptr)
            and np.allclose(x.data, y.data, rtol=rtol, atol=atol)
        )
    if not issparse(x) and not issparse(y):
        return np.allclose(np.asarray(x), np.asarray(y), rtol=rtol, atol=atol)
    raise ValueError("Can only compare two sparse matrices, not a sparse matrix and an array.")


class FunctionTransformer(TransformerMixin, BaseEstimator):
    """Apply a function (and optionally its inverse) to the data.

    Parameters
    ----------
    func : callable, default=None
        Function applied in ``transform``; None is the identity.
    inverse_func : callable, default=None
        Function applied in ``inverse_transform``; None is the identity.
    validate : bool, default=False
        Check (and convert) X with ``check_array`` before calling ``func``.
    accept_sparse : bool, default=False
        Accept sparse X when ``validate=True``.
    check_inverse : bool, default=True
        Warn at fit if ``inverse_func(func(X))`` is not X on a subsample.
    feature_names_out : callable, "one-to-one" or None, default=None
        How ``get_feature_names_out`` names the output (it only exists when set).
    kw_args : dict, default=None
        Keyword arguments of ``func``.
    inv_kw_args : dict, default=None
        Keyword arguments of ``inverse_func``.

    Attributes
    ----------
    n_features_in_ : int
        Number of features seen during fit (when X has a shape).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.preprocessing import FunctionTransformer
    >>> FunctionTransformer(np.log1p).transform(np.array([[0.0, 1.0], [2.0, 3.0]]))
    array([[0.        , 0.69314718],
           [1.09861229, 1.38629436]])
    """

    _parameter_constraints = {
        "func": [callable, None],
        "inverse_func": [callable, None],
        "validate": ["boolean"],
        "accept_sparse": ["boolean"],
        "check_inverse": ["boolean"],
        "feature_names_out": [callable, StrOptions({"one-to-one"}), None],
        "kw_args": [dict, None],
        "inv_kw_args": [dict, None],
    }

    def __init__(
        self,
        func=None,
        inverse_func=None,
        *,
        validate=False,
        accept_sparse=False,
        check_inverse=True,
        feature_names_out=None,
        kw_args=None,
        inv_kw_args=None,
    ):
        self.func = func
        self.inverse_func = inverse_func
        self.validate = validate
        self.accept_sparse = accept_sparse
        self.check_inverse = check_inverse
        self.feature_names_out = feature_names_out
        self.kw_args = kw_args
        self.inv_kw_args = inv_kw_args

    def _check_input(self, X, *, reset):
        if self.validate:
            return validate_data(self, X, accept_sparse=self.accept_sparse, reset=reset)
        if reset:
            _check_n_features(self, X, reset=reset)
            _check_feature_names(self, X, reset=reset)
        return X

    def _check_inverse_transform(self, X):
        idx = slice(None, None, max(1, X.shape[0] // 100))
        X_sel = X.iloc[idx] if hasattr(X, "iloc") else X[idx]
        X_round_trip = self.inverse_transform(self.transform(X_sel))
        if hasattr(X, "dtype"):
            dtypes = [X.dtype]
        elif hasattr(X, "dtypes"):
            dtypes = X.dtypes
        else:
            dtypes = [np.asarray(X).dtype]
        if not all(np.issubdtype(d, np.number) for d in dtypes):
            raise ValueError(
                "'check_inverse' is only supported when all the elements in `X` is numerical."
            )
        if not _allclose_dense_sparse(X_sel, X_round_trip):
            warnings.warn(
                "The provided functions are not strictly inverse of each other. If you are "
                "sure you want to proceed regardless, set 'check_inverse=False'.",
                UserWarning,
            )

    def fit(self, X, y=None):
        """Check X (with ``validate=True``) and the inverse function (``check_inverse``).

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
        X = self._check_input(X, reset=True)
        if self.check_inverse and not (self.func is None or self.inverse_func is None):
            self._check_inverse_transform(X)
        return self

    def transform(self, X):
        """Apply ``func`` to X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_out : array-like of shape (n_samples, n_features_out)
        """
        X = self._check_input(X, reset=False)
        out = self._transform(X, func=self.func, kw_args=self.kw_args)
        if _output_config(self) == "pandas":
            if _is_pandas_df(out) and self.feature_names_out is None:
                return out
            if self.feature_names_out is None:
                warnings.warn(
                    "When `set_output` is configured to be 'pandas', `func` should return "
                    "a pandas DataFrame to follow the `set_output` API  or "
                    "`feature_names_out` should be defined.",
                    UserWarning,
                )
                return out
            return _wrap_data(self, "transform", out, X)
        return out

    transform._aiguille_output_wrapped = True

    def inverse_transform(self, X):
        """Apply ``inverse_func`` to X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_original : array-like of shape (n_samples, n_features)
        """
        if self.validate:
            X = check_array(X, accept_sparse=self.accept_sparse)
        return self._transform(X, func=self.inverse_func, kw_args=self.inv_kw_args)

    @available_if(lambda self: self.feature_names_out is not None)
    def get_feature_names_out(self, input_features=None):
        """Output feature names (only when ``feature_names_out`` is set).

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        if hasattr(self, "n_features_in_") or input_features is not None:
            input_features = _check_feature_names_in(self, input_features)
        if self.feature_names_out == "one-to-one":
            names_out = input_features
        elif callable(self.feature_names_out):
            names_out = self.feature_names_out(self, input_features)
        else:
            raise ValueError(
                f"feature_names_out={self.feature_names_out!r} is invalid. It must either be "
                "'one-to-one' or a callable with two arguments: the function transformer and "
                "an array-like of input feature names. The callable must return an "
                "array-like of output feature names."
            )
        return np.asarray(names_out, dtype=object)

    def _transform(self, X, func=None, kw_args=None):
        if func is None:
            func = _identity
        return func(X, **(kw_args if kw_args else {}))

    def __sklearn_is_fitted__(self):
        return True

    def set_output(self, *, transform=None):
        """Choose the output container of ``transform``: "default", "pandas" or None.

        Returns
        -------
        self : estimator instance
        """
        if transform is None:
            return self
        if not hasattr(self, "_sklearn_output_config"):
            self._sklearn_output_config = {}
        self._sklearn_output_config["transform"] = transform
        return self

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.no_validation = not self.validate
        tags.requires_fit = False
        tags.input_tags.sparse = not self.validate or self.accept_sparse
        return tags
