"""Input validation: ``check_array``, ``check_X_y``, ``validate_data``, ``check_is_fitted``.

Error messages follow scikit-learn's wording exactly, since users and scikit-learn's
estimator checks rely on them. scipy is not imported here: an input can only be a scipy
sparse matrix if scipy.sparse is already loaded.
"""

import numbers
import os
import sys
import warnings
from inspect import isclass, signature

import numpy as np

from .._config import get_config
from ..exceptions import DataConversionWarning, _interop_class, _not_fitted_error_class

__all__ = [
    "check_array",
    "check_consistent_length",
    "check_is_fitted",
    "check_non_negative",
    "check_random_state",
    "check_X_y",
    "column_or_1d",
    "has_fit_parameter",
    "validate_data",
]

FLOAT_DTYPES = (np.float64, np.float32, np.float16)


def issparse(x):
    """True for a scipy sparse matrix or array (without importing scipy)."""
    sp = sys.modules.get("scipy.sparse")
    return sp is not None and sp.issparse(x)


def _is_pandas_df(x):
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(x, pd.DataFrame)


def _is_pandas_series(x):
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(x, pd.Series)


def _estimator_name(estimator):
    if estimator is None:
        return None
    return estimator if isinstance(estimator, str) else type(estimator).__name__


def _num_samples(x):
    """Number of samples in an array-like."""
    if hasattr(x, "fit") and callable(x.fit):
        raise TypeError(f"Expected sequence or array-like, got estimator {x}")
    if not hasattr(x, "__len__") and not hasattr(x, "shape"):
        if hasattr(x, "__array__"):
            x = np.asarray(x)
        else:
            raise TypeError(f"Expected sequence or array-like, got {type(x)}")
    if hasattr(x, "shape") and x.shape is not None:
        if len(x.shape) == 0:
            raise TypeError(
                f"Input should have at least 1 dimension i.e. satisfy `len(x.shape) > 0`, "
                f"got scalar {x!r} instead."
            )
        if isinstance(x.shape[0], numbers.Integral):
            return x.shape[0]
    try:
        return len(x)
    except TypeError as err:
        raise TypeError(f"Expected sequence or array-like, got {type(x)}") from err


def check_consistent_length(*arrays):
    """Check that all non-None arrays have the same first dimension."""
    lengths = [_num_samples(X) for X in arrays if X is not None]
    if len(set(lengths)) > 1:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"{[int(n) for n in lengths]!r}"
        )


# past this many elements, the sum that checks finiteness is split between threads (numpy
# releases the GIL in reductions): 800 MB in 29 ms instead of 47 on two cores
_THREADED_SUM_MIN = 1 << 23


def _quiet_sum(X):
    with np.errstate(over="ignore", invalid="ignore"):  # per thread
        return np.sum(X)


def _finite_sum(X):
    """``np.sum(X)`` without overflow warnings, over threads for a large contiguous X
    (memory-bound: one core does not reach the memory's bandwidth)."""
    if X.size < _THREADED_SUM_MIN or not (X.flags.c_contiguous or X.flags.f_contiguous):
        return _quiet_sum(X)
    try:
        n_parts = min(len(os.sched_getaffinity(0)), 8)
    except AttributeError:
        n_parts = min(os.cpu_count() or 1, 8)
    if n_parts < 2:
        return _quiet_sum(X)
    from concurrent.futures import ThreadPoolExecutor

    flat = X.ravel(order="K")
    bounds = np.linspace(0, flat.shape[0], n_parts + 1).astype(np.int64)
    with ThreadPoolExecutor(n_parts - 1, thread_name_prefix="aiguille-check") as pool:
        futures = [pool.submit(_quiet_sum, flat[a:b]) for a, b in zip(bounds[1:-1], bounds[2:])]
        parts = [_quiet_sum(flat[: bounds[1]])] + [f.result() for f in futures]
    return _quiet_sum(np.array(parts))


def _assert_all_finite(X, *, allow_nan=False, estimator_name=None, input_name=""):
    if X.dtype.kind not in "fc":
        return
    # Fast path: the sum is finite iff every element is finite (no NaN, no inf).
    total = _finite_sum(X)
    if np.isfinite(total):
        return
    has_nan = bool(np.isnan(X).any())
    has_inf = bool(np.isinf(X).any())
    if allow_nan and not has_inf:
        return
    if has_inf or (not has_nan):
        if not has_inf and not has_nan:
            return  # overflow of the sum only
        type_err = f"infinity or a value too large for {X.dtype!r}"
    else:
        type_err = "NaN"
    if allow_nan and not has_inf:
        return
    pad = f"{input_name} " if input_name else ""
    msg = f"Input {pad}contains {type_err}."
    if estimator_name and input_name == "X" and type_err == "NaN":
        msg += (
            f"\n{estimator_name} does not accept missing values encoded as NaN natively. "
            "Impute the missing values first, for example with "
            "aiguille.impute.SimpleImputer in a Pipeline, or drop the samples with missing "
            "values."
        )
    raise ValueError(msg)


def assert_all_finite(X, *, allow_nan=False, input_name=""):
    """Raise a ValueError if X contains NaN (unless allowed) or infinity."""
    X = X.data if issparse(X) else np.asarray(X)
    _assert_all_finite(X, allow_nan=allow_nan, input_name=input_name)


def _pandas_to_numpy(array, dtype):
    """Convert a DataFrame or Series, mapping pandas' missing values to NaN."""
    pd = sys.modules["pandas"]
    frame = array if isinstance(array, pd.DataFrame) else array.to_frame()
    dtypes = list(frame.dtypes)
    all_numeric = all(
        pd.api.types.is_numeric_dtype(d)
        and not pd.api.types.is_bool_dtype(d)
        or pd.api.types.is_bool_dtype(d)
        for d in dtypes
    )
    if all_numeric and dtype is None or (all_numeric and dtype == "numeric"):
        has_ext = any(pd.api.types.is_extension_array_dtype(d) for d in dtypes)
        if has_ext:
            out = frame.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            out = frame.to_numpy()
    elif all_numeric:
        out = frame.to_numpy(dtype=dtype, na_value=np.nan)
    else:
        out = frame.to_numpy(dtype=object)
    if not isinstance(array, pd.DataFrame):
        out = out.ravel()
    return out


def _get_feature_names(X):
    """Column names of a DataFrame as an object array, or None."""
    if not _is_pandas_df(X) and not hasattr(X, "__dataframe__") or not hasattr(X, "columns"):
        return None
    feature_names = np.asarray(X.columns, dtype=object)
    if len(feature_names) == 0:
        return None
    types = sorted({t.__qualname__ for t in (type(v) for v in feature_names)})
    if len(types) > 1 and "str" in types:
        raise TypeError(
            "Feature names are only supported if all input features have string names, "
            f"but your input has {types} as feature name / column name types. "
            "If you want feature names to be stored and validated, you must convert them "
            "all to strings, by using X.columns = X.columns.astype(str) for example. "
            "Otherwise you can remove feature / column names from your input data, or "
            "convert them all to a non-string data type."
        )
    if len(types) == 1 and types[0] == "str":
        return feature_names
    return None


def check_array(
    array,
    accept_sparse=False,
    *,
    accept_large_sparse=True,
    dtype="numeric",
    order=None,
    copy=False,
    ensure_all_finite=True,
    ensure_non_negative=False,
    ensure_2d=True,
    allow_nd=False,
    ensure_min_samples=1,
    ensure_min_features=1,
    estimator=None,
    input_name="",
):
    """Validate an array, list, DataFrame or sparse matrix and convert it to numpy.

    Parameters
    ----------
    array : object
        Input to check and convert.
    accept_sparse : str, bool or list of str, default=False
        Sparse formats allowed ("csr", "csc", ...); False raises on sparse input.
    accept_large_sparse : bool, default=True
        Accept sparse matrices with 64-bit indices.
    dtype : "numeric", type, list of types or None, default="numeric"
        "numeric" keeps numeric dtypes and converts object arrays to float64; a list keeps
        a dtype in the list and converts others to the first.
    order : {"C", "F"} or None
        Memory layout to enforce.
    copy : bool, default=False
        Force a copy.
    ensure_all_finite : bool or "allow-nan", default=True
        Raise on NaN and infinity ("allow-nan": on infinity only).
    ensure_non_negative : bool, default=False
        Raise on negative values.
    ensure_2d : bool, default=True
        Raise on 1-D input.
    allow_nd : bool, default=False
        Allow more than 2 dimensions.
    ensure_min_samples, ensure_min_features : int, default=1
    estimator : str or estimator instance, default=None
        Named in error messages.
    input_name : str, default=""
        Named in error messages ("X", "y").

    Returns
    -------
    array_converted : ndarray or sparse matrix

    Examples
    --------
    >>> from aiguille.utils.validation import check_array
    >>> check_array([[1, 2], [3, 4]]).dtype
    dtype('int64')
    """
    estimator_name = _estimator_name(estimator)
    context = f" by {estimator_name}" if estimator_name is not None else ""
    array_orig = array
    if isinstance(array, np.matrix):
        raise TypeError(
            "np.matrix is not supported. Please convert to a numpy array with np.asarray."
        )

    dtype_numeric = isinstance(dtype, str) and dtype == "numeric"
    dtype_orig = getattr(array, "dtype", None)
    if not hasattr(dtype_orig, "kind"):
        dtype_orig = None
    if dtype_numeric:
        dtype = None
    if isinstance(dtype, list | tuple):
        if dtype_orig is not None and dtype_orig in dtype:
            dtype = None
        else:
            dtype = dtype[0]

    if ensure_all_finite not in (True, False, "allow-nan"):
        raise ValueError(
            f'ensure_all_finite should be a bool or "allow-nan". Got {ensure_all_finite!r} instead'
        )
    if get_config()["assume_finite"]:
        ensure_all_finite = False
    allow_nan = ensure_all_finite == "allow-nan"

    if issparse(array):
        array = _check_sparse(
            array,
            accept_sparse,
            dtype,
            copy,
            ensure_all_finite,
            allow_nan,
            accept_large_sparse,
            estimator_name,
            input_name,
        )
        n = array.shape
        if ensure_2d and array.ndim != 2:
            raise ValueError(f"Expected 2D input, got input with shape {n}.")
    else:
        if _is_pandas_df(array) or _is_pandas_series(array):
            pd_dtype = np.float64 if dtype_numeric else dtype
            array = _pandas_to_numpy(array, None if dtype_numeric else pd_dtype)
            if dtype_numeric and array.dtype.kind == "b":
                pass
        with warnings.catch_warnings():
            try:
                warnings.simplefilter("error", np.exceptions.ComplexWarning)
                if dtype is not None and np.dtype(dtype).kind in "iu":
                    # Refuse to silently cast NaN/inf or fractions to integers.
                    arr = np.asarray(array)
                    if arr.dtype.kind == "f":
                        _assert_all_finite(arr, input_name=input_name)
                    array = np.asarray(arr, dtype=dtype, order=order)
                else:
                    array = np.asarray(array, order=order, dtype=dtype)
            except np.exceptions.ComplexWarning as err:
                raise ValueError(f"Complex data not supported\n{array}\n") from err
        if array.dtype.kind == "c":
            raise ValueError(f"Complex data not supported\n{array}\n")

        if ensure_2d:
            if array.ndim == 0:
                raise ValueError(
                    f"Expected 2D array, got scalar array instead:\narray={array}.\n"
                    "Reshape your data either using array.reshape(-1, 1) if your data has a "
                    "single feature or array.reshape(1, -1) if it contains a single sample."
                )
            if array.ndim == 1:
                raise ValueError(
                    f"Expected 2D array, got 1D array instead:\narray={array}.\n"
                    "Reshape your data either using array.reshape(-1, 1) if your data has a "
                    "single feature or array.reshape(1, -1) if it contains a single sample."
                )
        if dtype_numeric and array.dtype.kind in "USV":
            raise ValueError(
                "dtype='numeric' is not compatible with arrays of bytes/strings. "
                "Convert your data to numeric values explicitly instead."
            )
        if dtype_numeric and array.dtype.kind == "O":
            try:
                array = array.astype(np.float64)
            except (ValueError, TypeError) as err:
                raise type(err)(
                    f"Unable to convert array of bytes/strings into decimal numbers with "
                    f"dtype='numeric': {err}. Encode text columns first, for example with "
                    "aiguille.preprocessing.OneHotEncoder in a ColumnTransformer."
                ) from err
        if not allow_nd and array.ndim >= 3:
            raise ValueError(
                f"Found array with dim {array.ndim}. {estimator_name or 'Estimator'} expected "
                "<= 2."
            )
        if ensure_all_finite:
            _assert_all_finite(
                array, allow_nan=allow_nan, estimator_name=estimator_name, input_name=input_name
            )
        # Copy only if the conversion above did not already copy (e.g. to order="F").
        if copy and (array is array_orig or np.may_share_memory(array, array_orig)):
            array = np.array(array, order=order, copy=True)

    if ensure_min_samples > 0 and array.ndim >= 1:
        n_samples = _num_samples(array)
        if n_samples < ensure_min_samples:
            raise ValueError(
                f"Found array with {n_samples} sample(s) (shape={array.shape}) while a "
                f"minimum of {ensure_min_samples} is required{context}."
            )
    if ensure_min_features > 0 and array.ndim == 2:
        n_features = array.shape[1]
        if n_features < ensure_min_features:
            raise ValueError(
                f"Found array with {n_features} feature(s) (shape={array.shape}) while a "
                f"minimum of {ensure_min_features} is required{context}."
            )
    if ensure_non_negative:
        check_non_negative(array, f"{estimator_name or 'check_array'}")
    return array


def _check_sparse(
    X,
    accept_sparse,
    dtype,
    copy,
    ensure_all_finite,
    allow_nan,
    accept_large_sparse,
    estimator_name,
    input_name,
):
    if accept_sparse is False or accept_sparse is None:
        pad = f"{input_name} " if input_name else ""
        raise TypeError(
            f"Sparse data was passed for {pad or 'X '}".rstrip() + ", but dense data is "
            "required. Use '.toarray()' to convert to a dense numpy array."
        )
    if isinstance(accept_sparse, str):
        accept_sparse = [accept_sparse]
    if isinstance(accept_sparse, list | tuple) and len(accept_sparse) == 0:
        raise ValueError(
            "When providing 'accept_sparse' as a tuple or list, it must contain at least one "
            "string value."
        )
    changed = False
    if accept_sparse is not True and X.format not in accept_sparse:
        X = X.asformat(accept_sparse[0])
        changed = True
    if not accept_large_sparse:
        for attr in ("indices", "indptr", "row", "col"):
            idx = getattr(X, attr, None)
            if idx is not None and idx.dtype == np.int64 and idx.size and idx.max() > 2**31:
                raise ValueError(
                    "Only sparse matrices with 32-bit integer indices are accepted. Got int64 "
                    "indices. Please do report a minimal reproducer on the issue tracker."
                )
    if dtype is not None and X.dtype != dtype:
        X = X.astype(dtype)
        changed = True
    elif copy and not changed:
        X = X.copy()
    if ensure_all_finite:
        data = X.data if hasattr(X, "data") else X.tocoo().data
        _assert_all_finite(
            np.asarray(data),
            allow_nan=allow_nan,
            estimator_name=estimator_name,
            input_name=input_name,
        )
    return X


def column_or_1d(y, *, dtype=None, warn=False, input_name="y"):
    """Ravel a column vector (n, 1) or a 1-D array; raise for anything else."""
    if _is_pandas_series(y) or _is_pandas_df(y):
        y = _pandas_to_numpy(y, dtype)
    y = np.asarray(y, dtype=dtype)
    shape = np.shape(y)
    if len(shape) == 1:
        return np.ravel(y)
    if len(shape) == 2 and shape[1] == 1:
        if warn:
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected. Please change the "
                "shape of y to (n_samples, ), for example using ravel().",
                _interop_class(DataConversionWarning),
                stacklevel=2,
            )
        return np.ravel(y)
    raise ValueError(f"y should be a 1d array, got an array of shape {shape} instead.")


def check_X_y(
    X,
    y,
    accept_sparse=False,
    *,
    accept_large_sparse=True,
    dtype="numeric",
    order=None,
    copy=False,
    ensure_all_finite=True,
    ensure_2d=True,
    allow_nd=False,
    multi_output=False,
    ensure_min_samples=1,
    ensure_min_features=1,
    y_numeric=False,
    estimator=None,
):
    """Validate X and y together (consistent lengths); see :func:`check_array`.

    Returns
    -------
    X_converted, y_converted : ndarray
    """
    if y is None:
        name = _estimator_name(estimator) or "estimator"
        raise ValueError(f"{name} requires y to be passed, but the target y is None")
    X = check_array(
        X,
        accept_sparse=accept_sparse,
        accept_large_sparse=accept_large_sparse,
        dtype=dtype,
        order=order,
        copy=copy,
        ensure_all_finite=ensure_all_finite,
        ensure_2d=ensure_2d,
        allow_nd=allow_nd,
        ensure_min_samples=ensure_min_samples,
        ensure_min_features=ensure_min_features,
        estimator=estimator,
        input_name="X",
    )
    y = _check_y(y, multi_output=multi_output, y_numeric=y_numeric, estimator=estimator)
    check_consistent_length(X, y)
    return X, y


def _check_y(y, multi_output=False, y_numeric=False, estimator=None):
    if multi_output:
        y = check_array(
            y,
            accept_sparse="csr",
            ensure_all_finite=True,
            ensure_2d=False,
            dtype=None,
            input_name="y",
            estimator=estimator,
        )
    else:
        estimator_name = _estimator_name(estimator)
        y = column_or_1d(y, warn=True)
        _assert_all_finite(y, input_name="y", estimator_name=estimator_name)
        if y.ndim == 1 and y.shape[0] == 0:
            pass
    if y_numeric and hasattr(y, "dtype") and y.dtype.kind == "O":
        y = y.astype(np.float64)
    return y


def check_random_state(seed):
    """Turn ``seed`` into a ``numpy.random.RandomState`` (a ``Generator`` passes through).

    Parameters
    ----------
    seed : None, int, RandomState or Generator

    Examples
    --------
    >>> from aiguille.utils.validation import check_random_state
    >>> check_random_state(0).randint(10)
    5
    """
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        return np.random.RandomState(seed)
    if isinstance(seed, np.random.RandomState | np.random.Generator):
        return seed
    raise ValueError(f"{seed!r} cannot be used to seed a numpy.random.RandomState instance")


def check_is_fitted(estimator, attributes=None, *, msg=None, all_or_any=all):
    """Raise ``NotFittedError`` unless ``estimator`` has been fitted.

    An estimator is fitted when it has an attribute ending with ``_`` that is not a
    dunder (or when its ``__sklearn_is_fitted__`` says so).

    Examples
    --------
    >>> from aiguille.utils.validation import check_is_fitted
    >>> from aiguille.preprocessing import StandardScaler
    >>> check_is_fitted(StandardScaler().fit([[1.0], [2.0]]))
    """
    if isclass(estimator):
        raise TypeError(f"{estimator} is a class, not an instance.")
    if msg is None:
        msg = (
            "This %(name)s instance is not fitted yet. Call 'fit' with appropriate arguments "
            "before using this estimator."
        )
    if not hasattr(estimator, "fit"):
        raise TypeError(f"{estimator} is not an estimator instance.")
    if not _is_fitted(estimator, attributes, all_or_any):
        raise _not_fitted_error_class()(msg % {"name": type(estimator).__name__})


def _is_fitted(estimator, attributes=None, all_or_any=all):
    if attributes is not None:
        if not isinstance(attributes, list | tuple):
            attributes = [attributes]
        return all_or_any([hasattr(estimator, attr) for attr in attributes])
    if hasattr(estimator, "__sklearn_is_fitted__"):
        return estimator.__sklearn_is_fitted__()
    return any(v.endswith("_") and not v.startswith("__") for v in vars(estimator))


def check_non_negative(X, whom):
    """Raise a ValueError if X has a negative value."""
    if issparse(X):
        X_min = X.data.min() if X.nnz else 0
    else:
        X_min = np.min(X) if np.size(X) else 0
    if X_min < 0:
        raise ValueError(f"Negative values in data passed to {whom}.")


def has_fit_parameter(estimator, parameter):
    """True if ``estimator.fit`` accepts the named parameter."""
    return parameter in signature(estimator.fit).parameters


def _check_sample_weight(
    sample_weight,
    X,
    *,
    dtype=None,
    ensure_non_negative=False,
    copy=False,
    allow_all_zero_weights=False,
):
    """Validate sample weights: None gives ones; a scalar is broadcast; shape must match X;
    all-zero weights are refused unless ``allow_all_zero_weights``.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)
    """
    n_samples = _num_samples(X)
    xdtype = getattr(X, "dtype", None)
    if dtype is None:
        dtype = xdtype if xdtype in (np.float32, np.float64) else np.float64
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    if isinstance(sample_weight, numbers.Number):
        sample_weight = np.full(n_samples, sample_weight, dtype=dtype)
    sample_weight = check_array(
        sample_weight,
        accept_sparse=False,
        ensure_2d=False,
        dtype=[np.float64, np.float32],
        order="C",
        copy=copy,
        input_name="sample_weight",
    ).astype(dtype, copy=False)
    if sample_weight.ndim != 1:
        raise ValueError(
            f"Sample weights must be 1D array or scalar, got {sample_weight.ndim}D array "
            f"of shape {sample_weight.shape}."
        )
    if sample_weight.shape != (n_samples,):
        raise ValueError(f"sample_weight.shape == {sample_weight.shape}, expected {(n_samples,)}!")
    if not allow_all_zero_weights and n_samples and not np.any(sample_weight):
        raise ValueError("Sample weights must contain at least one non-zero number.")
    if ensure_non_negative:
        check_non_negative(sample_weight, "`sample_weight`")
    return sample_weight


def _check_feature_names(estimator, X, *, reset):
    """Record ``feature_names_in_`` at fit; check the names at predict."""
    if reset:
        names = _get_feature_names(X)
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            delattr(estimator, "feature_names_in_")
        return
    fitted = getattr(estimator, "feature_names_in_", None)
    X_names = _get_feature_names(X)
    if fitted is None and X_names is None:
        return
    name = type(estimator).__name__
    if X_names is not None and fitted is None:
        warnings.warn(
            f"X has feature names, but {name} was fitted without feature names",
            UserWarning,
            stacklevel=3,
        )
        return
    if X_names is None and fitted is not None:
        warnings.warn(
            f"X does not have valid feature names, but {name} was fitted with feature names",
            UserWarning,
            stacklevel=3,
        )
        return
    if len(fitted) != len(X_names) or np.any(fitted != X_names):
        message = "The feature names should match those that were passed during fit.\n"
        fitted_set, X_set = set(fitted), set(X_names)
        unexpected = sorted(X_set - fitted_set)
        missing = sorted(fitted_set - X_set)

        def add_names(names):
            shown = names[:5]
            out = "".join(f"- {n}\n" for n in shown)
            if len(names) > 5:
                out += "- ...\n"
            return out

        if unexpected:
            message += "Feature names unseen at fit time:\n" + add_names(unexpected)
        if missing:
            message += "Feature names seen at fit time, yet now missing:\n" + add_names(missing)
        if not missing and not unexpected:
            message += "Feature names must be in the same order as they were in fit.\n"
        raise ValueError(message)


def _check_n_features(estimator, X, *, reset):
    try:
        n_features = _num_features(X)
    except TypeError as e:
        if not reset and hasattr(estimator, "n_features_in_"):
            raise ValueError(
                "X does not contain any features, but "
                f"{type(estimator).__name__} is expecting {estimator.n_features_in_} features"
            ) from e
        return
    if reset:
        estimator.n_features_in_ = n_features
        return
    if not hasattr(estimator, "n_features_in_"):
        return
    if n_features != estimator.n_features_in_:
        raise ValueError(
            f"X has {n_features} features, but {type(estimator).__name__} is expecting "
            f"{estimator.n_features_in_} features as input."
        )


def _num_features(X):
    if not hasattr(X, "__len__") and not hasattr(X, "shape") and hasattr(X, "__array__"):
        X = np.asarray(X)
    if hasattr(X, "shape"):
        if len(X.shape) < 2:
            raise TypeError("Not enough dimensions")
        return X.shape[1]
    first = X[0]
    if isinstance(first, str | bytes | dict):
        raise TypeError("Cannot infer number of features from a list of strings or dicts")
    return len(first)


def validate_data(
    estimator,
    /,
    X="no_validation",
    y="no_validation",
    reset=True,
    validate_separately=False,
    skip_check_array=False,
    **check_params,
):
    """Validate input data and set or check ``n_features_in_`` and ``feature_names_in_``.

    Parameters
    ----------
    estimator : estimator instance
    X : array-like or "no_validation"
    y : array-like, None or "no_validation"
        None with a required target raises "requires y to be passed".
    reset : bool, default=True
        True in ``fit`` (record the features); False in ``predict``/``transform`` (check).
    validate_separately : False or (dict, dict)
        Separate ``check_array`` parameters for X and y.
    skip_check_array : bool, default=False
        Only record or check the features.
    **check_params
        Passed to :func:`check_array` or :func:`check_X_y`.

    Returns
    -------
    out : ndarray or (ndarray, ndarray)
    """
    _check_feature_names(estimator, X, reset=reset)
    from ._tags import get_tags

    tags = get_tags(estimator)
    if y is None and tags.target_tags.required:
        raise ValueError(
            f"{type(estimator).__name__} requires y to be passed, but the target y is None."
        )
    no_val_X = isinstance(X, str) and X == "no_validation"
    no_val_y = y is None or (isinstance(y, str) and y == "no_validation")
    if no_val_X and no_val_y:
        raise ValueError("Validation should be done on X, y or both.")
    default_params = {"ensure_2d": True, "estimator": estimator}
    check_params = {**default_params, **check_params}
    if skip_check_array:
        out = X if no_val_y else (X, y) if not no_val_X else y
    elif not no_val_X and no_val_y:
        out = X = check_array(X, input_name="X", **check_params)
    elif no_val_X and not no_val_y:
        out = _check_y(y, **{k: v for k, v in check_params.items() if k == "estimator"})
    else:
        if validate_separately:
            check_X_params, check_y_params = validate_separately
            if "estimator" not in check_X_params:
                check_X_params = {**default_params, **check_X_params}
            X = check_array(X, input_name="X", **check_X_params)
            if "estimator" not in check_y_params:
                check_y_params = {**default_params, **check_y_params}
            y = check_array(y, input_name="y", **check_y_params)
        else:
            X, y = check_X_y(X, y, **check_params)
        out = X, y
    if not no_val_X and check_params.get("ensure_2d", True):
        _check_n_features(estimator, X, reset=reset)
    return out


def _check_feature_names_in(estimator, input_features=None, *, generate_names=True):
    """Input feature names: given, recorded at fit, or ``x0, x1, ...``."""
    feature_names_in_ = getattr(estimator, "feature_names_in_", None)
    n_features_in_ = getattr(estimator, "n_features_in_", None)
    if input_features is not None:
        input_features = np.asarray(input_features, dtype=object)
        if feature_names_in_ is not None and not np.array_equal(feature_names_in_, input_features):
            raise ValueError("input_features is not equal to feature_names_in_")
        if n_features_in_ is not None and len(input_features) != n_features_in_:
            raise ValueError(
                "input_features should have length equal to number of features "
                f"({n_features_in_}), got {len(input_features)}"
            )
        return input_features
    if feature_names_in_ is not None:
        return feature_names_in_
    if not generate_names:
        return None
    if n_features_in_ is None:
        raise ValueError("Unable to generate feature names without n_features_in_")
    return np.asarray([f"x{i}" for i in range(n_features_in_)], dtype=object)
