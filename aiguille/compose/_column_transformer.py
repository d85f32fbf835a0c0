"""ColumnTransformer: apply different transformers to different columns, side by side."""

import numbers
from collections import Counter
from itertools import chain, islice

import numpy as np

from ..base import TransformerMixin, clone
from ..pipeline import (
    _add_prefix_for_feature_names_out,
    _BaseComposition,
    _double_underscore,
    _fit_transform_one,
    _is_drop,
    _is_passthrough,
    _run,
    _safe_set_output,
    _transform_one,
)
from ..utils._bunch import Bunch
from ..utils._indexing import _safe_indexing
from ..utils._param_validation import HasMethods, Interval, StrOptions
from ..utils._set_output import _output_config
from ..utils._tags import get_tags
from ..utils.validation import (
    _check_feature_names,
    _check_feature_names_in,
    _check_n_features,
    _get_feature_names,
    _is_pandas_df,
    _num_samples,
    check_array,
    check_is_fitted,
    issparse,
)

__all__ = ["ColumnTransformer", "make_column_selector", "make_column_transformer"]

_ERR_MSG_1DCOLUMN = (
    "1D data passed to a transformer that expects 2D data. Try to specify the column "
    "selection as a list of one item instead of a scalar."
)


def _determine_key_type(key):
    """'int', 'str', 'bool' or None for a column selection."""
    err_msg = (
        "No valid specification of the columns. Only a scalar, list or slice of all integers "
        "or all strings, or boolean mask is allowed"
    )
    dtype_to_str = {int: "int", str: "str", bool: "bool", np.bool_: "bool"}
    array_dtype_to_str = {"i": "int", "u": "int", "b": "bool", "O": "str", "U": "str", "S": "str"}
    if key is None:
        return None
    if isinstance(key, tuple(dtype_to_str.keys())):
        try:
            return dtype_to_str[type(key)]
        except KeyError as e:
            raise ValueError(err_msg) from e
    if isinstance(key, numbers.Integral):
        return "int"
    if isinstance(key, slice):
        start_type = _determine_key_type(key.start)
        stop_type = _determine_key_type(key.stop)
        if start_type is not None and stop_type is not None and start_type != stop_type:
            raise ValueError(err_msg)
        return start_type if start_type is not None else stop_type
    if isinstance(key, list | tuple | set):
        unique_key = set(key)
        types = {_determine_key_type(elt) for elt in unique_key}
        if not types:
            return None
        if len(types) > 1:
            raise ValueError(err_msg)
        return types.pop()
    if hasattr(key, "dtype"):
        try:
            return array_dtype_to_str[key.dtype.kind]
        except KeyError as e:
            raise ValueError(err_msg) from e
    raise ValueError(err_msg)


def _get_column_indices(X, key):
    """Integer indices of the columns of X selected by ``key``."""
    n_columns = X.shape[1]
    key_dtype = _determine_key_type(key)
    if isinstance(key, list | tuple) and not key:
        return []
    if key_dtype in ("bool", "int"):
        try:
            idx = np.arange(n_columns)[key]
        except IndexError as e:
            raise ValueError(
                f"all features must be in [0, {n_columns - 1}] or [-{n_columns}, 0]"
            ) from e
        return np.atleast_1d(idx).tolist()
    if key_dtype == "str":
        try:
            all_columns = X.columns
        except AttributeError as e:
            raise ValueError(
                "Specifying the columns using strings is only supported for dataframes."
            ) from e
        if isinstance(key, str):
            columns = [key]
        elif isinstance(key, slice):
            start, stop = key.start, key.stop
            if start is not None:
                start = all_columns.get_loc(start)
            stop = n_columns + 1 if stop is None else all_columns.get_loc(stop) + 1
            return list(islice(range(n_columns), start, stop))
        else:
            columns = list(key)
        try:
            column_indices = []
            for col in columns:
                col_idx = all_columns.get_loc(col)
                if not isinstance(col_idx, numbers.Integral):
                    raise ValueError(f"Selected columns, {columns}, are not unique in dataframe")
                column_indices.append(col_idx)
        except KeyError as e:
            raise ValueError("A given column is not a column of the dataframe") from e
        return column_indices
    raise ValueError(
        "No valid specification of the columns. Only a scalar, list or slice of all integers "
        "or all strings, or boolean mask is allowed"
    )


def _is_empty_column_selection(column):
    if hasattr(column, "dtype") and np.issubdtype(column.dtype, np.bool_):
        return not column.any()
    if hasattr(column, "__len__"):
        return len(column) == 0 or (
            all(isinstance(col, bool | np.bool_) for col in column) and not any(column)
        )
    return False


def _check_X(X):
    """Keep arrays, DataFrames and sparse matrices; turn lists into an object array."""
    if _is_pandas_df(X) or hasattr(X, "__dataframe__") or issparse(X):
        return X
    if hasattr(X, "__array__") and hasattr(X, "shape"):
        if len(X.shape) == 1:
            check_array(X)  # "Expected 2D array, got 1D array instead ..."
        return X
    return check_array(X, ensure_all_finite="allow-nan", dtype=object)


class ColumnTransformer(TransformerMixin, _BaseComposition):
    """Apply transformers to columns of an array or DataFrame and concatenate the results.

    Parameters
    ----------
    transformers : list of (name, transformer, columns) tuples
        ``transformer`` is an estimator, ``"drop"`` or ``"passthrough"``; ``columns`` is
        an int, str, list of them, slice, boolean mask, or a callable (such as
        :func:`make_column_selector`) returning one of those from X.
    remainder : {"drop", "passthrough"} or estimator, default="drop"
        What happens to the columns no transformer selected.
    sparse_threshold : float, default=0.3
        If the stacked output has density below this (and some output is sparse), return
        a sparse matrix.
    n_jobs : int, default=None
        Number of transformers fitted in parallel (``aiguille.parallel``).
    transformer_weights : dict, default=None
        Multiplicative weight of each transformer's output, by name.
    verbose : bool, default=False
        Print the time spent fitting each transformer.
    verbose_feature_names_out : bool or str, default=True
        Prefix output names with the transformer's name (True), keep them (False, they
        must be unique), or format them with a string such as
        ``"{transformer_name}__{feature_name}"``.

    Attributes
    ----------
    transformers_ : list
        The fitted transformers as (name, fitted_transformer, columns), the remainder last
        when it has columns.
    named_transformers_ : Bunch
        The fitted transformers by name.
    sparse_output_ : bool
        Whether the output of ``transform`` is sparse.
    output_indices_ : dict
        Slice of the output columns of each transformer, by name.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit (only when X has string column names).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.compose import ColumnTransformer
    >>> from aiguille.preprocessing import Normalizer
    >>> ct = ColumnTransformer(
    ...     [
    ...         ("norm1", Normalizer(norm="l1"), [0, 1]),
    ...         ("norm2", Normalizer(norm="l1"), slice(2, 4)),
    ...     ]
    ... )
    >>> X = np.array([[0.0, 1.0, 2.0, 2.0], [1.0, 1.0, 0.0, 1.0]])
    >>> ct.fit_transform(X)
    array([[0. , 1. , 0.5, 0.5],
           [0.5, 0.5, 0. , 1. ]])
    """

    _parameter_constraints = {
        "transformers": [list],
        "remainder": [
            StrOptions({"drop", "passthrough"}),
            HasMethods(["fit", "transform"]),
            HasMethods(["fit_transform", "transform"]),
        ],
        "sparse_threshold": [Interval(numbers.Real, 0, 1, closed="both")],
        "n_jobs": [None, int],
        "transformer_weights": [dict, None],
        "verbose": ["verbose"],
        "verbose_feature_names_out": ["boolean", str, callable],
    }

    def __init__(
        self,
        transformers,
        *,
        remainder="drop",
        sparse_threshold=0.3,
        n_jobs=None,
        transformer_weights=None,
        verbose=False,
        verbose_feature_names_out=True,
    ):
        self.transformers = transformers
        self.remainder = remainder
        self.sparse_threshold = sparse_threshold
        self.n_jobs = n_jobs
        self.transformer_weights = transformer_weights
        self.verbose = verbose
        self.verbose_feature_names_out = verbose_feature_names_out

    @classmethod
    def _test_instances(cls):
        from ..preprocessing import StandardScaler

        return [cls([("trans1", StandardScaler(), [0, 1])])]

    def _expected_failed_checks(self):
        # The failures scikit-learn expects of its own ColumnTransformer: input checks are
        # left to the inner transformers, which only see the selected columns.
        reason = "input checks are left to the inner transformers, as in scikit-learn"
        return {
            name: reason
            for name in (
                "check_estimators_empty_data_messages",
                "check_estimators_nan_inf",
                "check_estimator_sparse_array",
                "check_estimator_sparse_matrix",
                "check_complex_data",
                "check_fit2d_1feature",
            )
        }

    # -- parameters ----------------------------------------------------------------------
    @property
    def _transformers(self):
        try:
            return [(name, trans) for name, trans, _ in self.transformers]
        except (TypeError, ValueError):
            return self.transformers

    @_transformers.setter
    def _transformers(self, value):
        try:
            self.transformers = [
                (name, trans, col)
                for ((name, trans), (_, _, col)) in zip(value, self.transformers)
            ]
        except (TypeError, ValueError):
            self.transformers = value

    def get_params(self, deep=True):
        """Parameters of the column transformer and, with ``deep``, of its transformers.

        Returns
        -------
        params : dict
        """
        return self._get_params("_transformers", deep=deep)

    def set_params(self, **kwargs):
        """Set parameters, replace transformers by name, or set ``name__param``.

        Returns
        -------
        self : ColumnTransformer
        """
        self._set_params("_transformers", **kwargs)
        return self

    def set_output(self, *, transform=None):
        """Set the output container of the column transformer and all its transformers.

        Returns
        -------
        self : ColumnTransformer
        """
        super().set_output(transform=transform)
        transformers = (
            trans
            for _, trans, _ in chain(self.transformers, getattr(self, "transformers_", []))
            if not (isinstance(trans, str) and trans in ("passthrough", "drop"))
        )
        for trans in transformers:
            _safe_set_output(trans, transform=transform)
        if not (isinstance(self.remainder, str) and self.remainder in ("passthrough", "drop")):
            _safe_set_output(self.remainder, transform=transform)
        return self

    # -- validation ----------------------------------------------------------------------
    def _validate_transformers(self):
        if not self.transformers:
            return
        names, transformers, _ = zip(*self.transformers)
        self._validate_names(names)
        for t in transformers:
            if isinstance(t, str) and t in ("drop", "passthrough"):
                continue
            if not (hasattr(t, "fit") or hasattr(t, "fit_transform")) or not hasattr(
                t, "transform"
            ):
                raise TypeError(
                    "All estimators should implement fit and transform, or can be 'drop' or "
                    f"'passthrough' specifiers. '{t}' (type {type(t)}) doesn't."
                )

    def _validate_column_callables(self, X):
        all_columns = []
        transformer_to_input_indices = {}
        for name, _, columns in self.transformers:
            if callable(columns):
                columns = columns(X)
            all_columns.append(columns)
            transformer_to_input_indices[name] = _get_column_indices(X, columns)
        self._columns = all_columns
        self._transformer_to_input_indices = transformer_to_input_indices

    def _get_remainder_cols(self, indices):
        try:
            dtypes = {_determine_key_type(c) for (*_, c) in self.transformers}
            dtype = next(iter(dtypes)) if len(dtypes) == 1 else "int"
        except ValueError:
            dtype = "int"
        if dtype == "str":
            return list(self.feature_names_in_[indices])
        if dtype == "bool":
            return [i in indices for i in range(self.n_features_in_)]
        return indices

    def _validate_remainder(self, X):
        cols = set(chain(*self._transformer_to_input_indices.values()))
        remaining = sorted(set(range(self.n_features_in_)) - cols)
        self._transformer_to_input_indices["remainder"] = remaining
        self._remainder = ("remainder", self.remainder, self._get_remainder_cols(remaining))

    # -- iteration -----------------------------------------------------------------------
    def _iter(self, fitted, column_as_labels, skip_drop, skip_empty_columns):
        if fitted:
            transformers = self.transformers_
        else:
            transformers = [
                (name, trans, column)
                for (name, trans, _), column in zip(self.transformers, self._columns)
            ]
            if self._remainder[2]:
                transformers = chain(transformers, [self._remainder])
        get_weight = (self.transformer_weights or {}).get
        for name, trans, columns in transformers:
            if skip_drop and _is_drop(trans):
                continue
            if skip_empty_columns and _is_empty_column_selection(columns):
                continue
            if column_as_labels:
                columns_is_scalar = np.isscalar(columns)
                indices = self._transformer_to_input_indices[name]
                columns = self.feature_names_in_[indices]
                if columns_is_scalar:
                    columns = columns[0]
            yield name, trans, columns, get_weight(name)

    def _log_message(self, name, idx, total):
        if not self.verbose:
            return None
        return f"({idx} of {total}) Processing {name}"

    def _call_func_on_transformers(self, X, y, func, column_as_labels):
        from ..preprocessing import FunctionTransformer

        fitted = func is not _fit_transform_one
        transformers = list(
            self._iter(
                fitted=fitted,
                column_as_labels=column_as_labels,
                skip_drop=True,
                skip_empty_columns=True,
            )
        )
        calls = []
        for idx, (name, trans, columns, weight) in enumerate(transformers, start=1):
            if not fitted:
                if _is_passthrough(trans):
                    trans = FunctionTransformer(
                        accept_sparse=True, check_inverse=False, feature_names_out="one-to-one"
                    ).set_output(transform=_output_config(self))
                kwargs = {
                    "message_clsname": "ColumnTransformer",
                    "message": self._log_message(name, idx, len(transformers)),
                }
                args = (clone(trans), _safe_indexing(X, columns, axis=1), y, weight)
            else:
                kwargs = {}
                args = (trans, _safe_indexing(X, columns, axis=1), y, weight)
            calls.append((args, kwargs))
        try:
            return _run(self.n_jobs, func, calls)
        except ValueError as e:
            if "Expected 2D array, got 1D array instead" in str(e):
                raise ValueError(_ERR_MSG_1DCOLUMN) from e
            raise

    def _update_fitted_transformers(self, transformers):
        fitted = iter(transformers)
        transformers_ = []
        for name, old, column, _ in self._iter(
            fitted=False, column_as_labels=False, skip_drop=False, skip_empty_columns=False
        ):
            if _is_drop(old):
                trans = "drop"
            elif _is_empty_column_selection(column):
                trans = old
            else:
                trans = next(fitted)
            transformers_.append((name, trans, column))
        self.transformers_ = transformers_

    def _validate_output(self, result):
        names = [
            name
            for name, _, _, _ in self._iter(
                fitted=True, column_as_labels=False, skip_drop=True, skip_empty_columns=True
            )
        ]
        for Xs, name in zip(result, names):
            if getattr(Xs, "ndim", 0) != 2 and not hasattr(Xs, "__dataframe__"):
                raise ValueError(
                    f"The output of the '{name}' transformer should be 2D (numpy array, "
                    "scipy sparse array, dataframe)."
                )

    def _record_output_indices(self, Xs):
        idx = 0
        self.output_indices_ = {}
        for transformer_idx, (name, _, _, _) in enumerate(
            self._iter(
                fitted=True, column_as_labels=False, skip_drop=True, skip_empty_columns=True
            )
        ):
            n_columns = Xs[transformer_idx].shape[1]
            self.output_indices_[name] = slice(idx, idx + n_columns)
            idx += n_columns
        for name in [t[0] for t in self.transformers] + ["remainder"]:
            if name not in self.output_indices_:
                self.output_indices_[name] = slice(0, 0)

    # -- fit / transform -----------------------------------------------------------------
    def fit(self, X, y=None, **params):
        """Fit every transformer on its columns.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : ColumnTransformer
        """
        self.fit_transform(X, y=y, **params)
        return self

    def fit_transform(self, X, y=None, **params):
        """Fit every transformer and concatenate their outputs.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None

        Returns
        -------
        X_t : {ndarray, sparse matrix} of shape (n_samples, sum_n_components)
        """
        self._validate_params()
        if params:
            raise ValueError(
                "ColumnTransformer.fit does not accept fit parameters without metadata "
                f"routing; got {sorted(params)}."
            )
        _check_feature_names(self, X, reset=True)
        X = _check_X(X)
        _check_n_features(self, X, reset=True)
        self._validate_transformers()
        n_samples = _num_samples(X)
        self._validate_column_callables(X)
        self._validate_remainder(X)
        result = self._call_func_on_transformers(X, y, _fit_transform_one, False)
        if not result:
            self._update_fitted_transformers([])
            self.sparse_output_ = False
            self._record_output_indices([])
            return np.zeros((n_samples, 0))
        Xs, transformers = zip(*result)
        if any(issparse(X) for X in Xs):
            nnz = sum(X.nnz if issparse(X) else X.size for X in Xs)
            total = sum(X.shape[0] * X.shape[1] if issparse(X) else X.size for X in Xs)
            density = nnz / total if total else 1.0
            self.sparse_output_ = density < self.sparse_threshold
        else:
            self.sparse_output_ = False
        self._update_fitted_transformers(transformers)
        self._validate_output(Xs)
        self._record_output_indices(Xs)
        return self._hstack(list(Xs), n_samples=n_samples)

    def transform(self, X, **params):
        """Transform X with every fitted transformer and concatenate the outputs.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            A DataFrame may have extra or reordered columns: they are selected by name.

        Returns
        -------
        X_t : {ndarray, sparse matrix} of shape (n_samples, sum_n_components)
        """
        check_is_fitted(self)
        X = _check_X(X)
        fit_df_and_transform_df = hasattr(self, "feature_names_in_") and _is_pandas_df(X)
        n_samples = _num_samples(X)
        column_names = _get_feature_names(X)
        if fit_df_and_transform_df:
            named = self.named_transformers_
            non_dropped = [
                ind
                for name, ind in self._transformer_to_input_indices.items()
                if name in named and not _is_drop(named[name])
            ]
            all_names = {self.feature_names_in_[i] for i in set(chain(*non_dropped))}
            diff = all_names - set(column_names if column_names is not None else [])
            if diff:
                raise ValueError(f"columns are missing: {diff}")
        else:
            _check_n_features(self, X, reset=False)
            _check_feature_names(self, X, reset=False)
        Xs = self._call_func_on_transformers(X, None, _transform_one, fit_df_and_transform_df)
        self._validate_output(Xs)
        if not Xs:
            return np.zeros((n_samples, 0))
        return self._hstack(list(Xs), n_samples=n_samples)

    def _hstack(self, Xs, n_samples):
        if self.sparse_output_:
            import scipy.sparse as sp

            try:
                converted = [
                    check_array(X, accept_sparse=True, ensure_all_finite=False) for X in Xs
                ]
            except ValueError as e:
                raise ValueError(
                    "For a sparse output, all columns should be a numeric or convertible to "
                    "a numeric."
                ) from e
            return sp.hstack(converted).tocsr()
        Xs = [f.toarray() if issparse(f) else f for f in Xs]
        if _output_config(self) == "pandas" and all(_is_pandas_df(X) for X in Xs):
            import pandas as pd

            names = [
                t[0]
                for t in self._iter(
                    fitted=True, column_as_labels=False, skip_drop=True, skip_empty_columns=True
                )
            ]
            outs = [X.columns for X in Xs if X.shape[1] != 0]
            if self.verbose_feature_names_out:
                names_out = self._add_prefix_for_feature_names_out(
                    list(zip([n for n, X in zip(names, Xs) if X.shape[1]], outs))
                )
            else:
                names_out = list(chain.from_iterable(outs))
                dup = sorted(n for n, c in Counter(names_out).items() if c > 1)
                if dup:
                    raise ValueError(
                        "Duplicated feature names found before concatenating the outputs of "
                        f"the transformers: {dup}.\nEither make sure that the transformers "
                        "do not generate columns with conflicting names or set "
                        "verbose_feature_names_out=True to automatically prefix to the "
                        "output feature names with the name of the transformer to prevent "
                        "any conflicting names."
                    )
            renamed, i = [], 0
            for X in Xs:
                if X.shape[1] == 0:
                    continue
                X = X.copy(deep=False)
                X.columns = list(names_out[i : i + X.shape[1]])
                i += X.shape[1]
                renamed.append(X)
            output = pd.concat(renamed, axis=1)
            if output.shape[0] != n_samples:
                raise ValueError(
                    "Concatenating DataFrames from the transformer's output lead to an "
                    "inconsistent number of samples. The output may have Pandas Indexes that "
                    "do not match, or that transformers are returning number of samples which "
                    "are not the same as the number input samples."
                )
            return output
        return np.hstack(Xs)

    # -- names ---------------------------------------------------------------------------
    @property
    def named_transformers_(self):
        """The fitted transformers by name."""
        return Bunch(**{name: trans for name, trans, _ in self.transformers_})

    def _add_prefix_for_feature_names_out(self, transformer_with_feature_names_out):
        fmt = self.verbose_feature_names_out
        if callable(fmt):
            combine = fmt
        elif isinstance(fmt, str):

            def combine(transformer_name, feature_name):
                return fmt.format(transformer_name=transformer_name, feature_name=feature_name)

        elif fmt is True:
            combine = _double_underscore
        else:
            combine = None
        return _add_prefix_for_feature_names_out(combine, transformer_with_feature_names_out)

    def get_feature_names_out(self, input_features=None):
        """Output feature names of all transformers (prefixed with their names).

        Parameters
        ----------
        input_features : array-like of str, default=None

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self)
        input_features = _check_feature_names_in(self, input_features)
        out = []
        for name, trans, *_ in self._iter(
            fitted=True, column_as_labels=False, skip_empty_columns=True, skip_drop=True
        ):
            names = input_features[self._transformer_to_input_indices[name]]
            if not hasattr(trans, "get_feature_names_out"):
                raise AttributeError(
                    f"Transformer {name} (type {type(trans).__name__}) does not provide "
                    "get_feature_names_out."
                )
            names_out = trans.get_feature_names_out(names)
            if names_out is not None:
                out.append((name, names_out))
        if not out:
            return np.array([], dtype=object)
        return self._add_prefix_for_feature_names_out(out)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "transformers_")

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        try:
            tags.input_tags.sparse = all(
                get_tags(trans).input_tags.sparse
                for _, trans, _ in self.transformers
                if not (isinstance(trans, str) and trans in {"passthrough", "drop"})
            )
            tags.input_tags.allow_nan = all(
                get_tags(trans).input_tags.allow_nan
                for _, trans, _ in self.transformers
                if not (isinstance(trans, str) and trans in {"passthrough", "drop"})
            )
            tags.input_tags.string = True
        except Exception:
            pass
        return tags


def _get_transformer_list(estimators):
    from ..pipeline import _name_estimators

    transformers, columns = zip(*estimators)
    names, _ = zip(*_name_estimators(transformers))
    return list(zip(names, transformers, columns))


def make_column_transformer(
    *transformers,
    remainder="drop",
    sparse_threshold=0.3,
    n_jobs=None,
    verbose=False,
    verbose_feature_names_out=True,
):
    """A ColumnTransformer from (transformer, columns) tuples, named after their classes.

    Parameters
    ----------
    *transformers : tuples (transformer, columns)
    remainder : {"drop", "passthrough"} or estimator, default="drop"
    sparse_threshold : float, default=0.3
    n_jobs : int, default=None
    verbose : bool, default=False
    verbose_feature_names_out : bool or str, default=True

    Returns
    -------
    ct : ColumnTransformer

    Examples
    --------
    >>> from aiguille.compose import make_column_transformer
    >>> from aiguille.preprocessing import OneHotEncoder, StandardScaler
    >>> ct = make_column_transformer((StandardScaler(), [0]), (OneHotEncoder(), [1]))
    >>> [name for name, _, _ in ct.transformers]
    ['standardscaler', 'onehotencoder']
    """
    return ColumnTransformer(
        _get_transformer_list(transformers),
        n_jobs=n_jobs,
        remainder=remainder,
        sparse_threshold=sparse_threshold,
        verbose=verbose,
        verbose_feature_names_out=verbose_feature_names_out,
    )


class make_column_selector:
    """Callable selecting DataFrame columns by name pattern and/or dtype.

    Parameters
    ----------
    pattern : str, default=None
        Keep columns whose name matches this regular expression (``re.search``).
    dtype_include : column dtype or list of column dtypes, default=None
        Keep columns of these dtypes (``DataFrame.select_dtypes``).
    dtype_exclude : column dtype or list of column dtypes, default=None
        Drop columns of these dtypes.

    Examples
    --------
    >>> import pandas as pd
    >>> from aiguille.compose import make_column_selector
    >>> X = pd.DataFrame({"city": ["a", "b"], "rating": [5.0, 3.0], "n": [1, 2]})
    >>> make_column_selector(dtype_include="number")(X)
    ['rating', 'n']
    >>> make_column_selector(pattern="^c")(X)
    ['city']
    """

    def __init__(self, pattern=None, *, dtype_include=None, dtype_exclude=None):
        self.pattern = pattern
        self.dtype_include = dtype_include
        self.dtype_exclude = dtype_exclude

    def __call__(self, df):
        """The names of the selected columns of ``df``."""
        if not hasattr(df, "iloc"):
            raise ValueError("make_column_selector can only be applied to pandas dataframes")
        df_row = df.iloc[:1]
        if self.dtype_include is not None or self.dtype_exclude is not None:
            df_row = df_row.select_dtypes(include=self.dtype_include, exclude=self.dtype_exclude)
        cols = df_row.columns
        if self.pattern is not None:
            cols = cols[cols.str.contains(self.pattern, regex=True)]
        return cols.tolist()

    def __repr__(self):
        return (
            f"make_column_selector(pattern={self.pattern!r}, "
            f"dtype_include={self.dtype_include!r}, dtype_exclude={self.dtype_exclude!r})"
        )
