"""Regression metrics: R^2, (root) mean squared error, absolute errors, explained variance.

Same signatures, defaults, return types, warnings and error messages as scikit-learn 1.9.
"""

import warnings

import numpy as np

from ..exceptions import UndefinedMetricWarning
from ..utils._param_validation import StrOptions, validate_params
from ..utils.validation import _num_samples
from ._base import _average, _check_reg_targets

__all__ = [
    "explained_variance_score",
    "max_error",
    "mean_squared_log_error",
    "root_mean_squared_log_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "median_absolute_error",
    "r2_score",
    "root_mean_squared_error",
]

_MULTIOUTPUT = [StrOptions({"raw_values", "uniform_average"}), "array-like"]
_PARAMS = {
    "y_true": ["array-like"],
    "y_pred": ["array-like"],
    "sample_weight": ["array-like", None],
    "multioutput": _MULTIOUTPUT,
}


def _float_dtype_of(*arrays):
    dts = [np.asarray(a).dtype for a in arrays if a is not None]
    if dts and all(d == np.float32 for d in dts):
        return np.float32
    return np.float64


def _check_float_targets(y_true, y_pred, sample_weight, multioutput):
    dtype = _float_dtype_of(y_true, y_pred, sample_weight)
    return _check_reg_targets(y_true, y_pred, sample_weight, multioutput, dtype=dtype)


def _column_average(values, weights):
    """Per-column weighted mean of a 2-D array."""
    if weights is None:
        return np.mean(values, axis=0)
    weights = weights.astype(values.dtype, copy=False)
    scale = np.sum(weights)
    if scale == 0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return weights @ values / scale


def _finish(output_errors, multioutput):
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return output_errors
        if multioutput == "uniform_average":
            multioutput = None
    return float(_average(output_errors, weights=multioutput))


@validate_params(_PARAMS)
def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean absolute error.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
        How to combine the outputs; "raw_values" returns one error per output.

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import mean_absolute_error
    >>> mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    errors = _column_average(np.abs(y_pred - y_true), sample_weight)
    return _finish(errors, multioutput)


@validate_params(_PARAMS)
def mean_absolute_percentage_error(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"
):
    """Mean absolute percentage error ``|y_true - y_pred| / max(|y_true|, eps)`` (not in %).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import mean_absolute_percentage_error
    >>> round(mean_absolute_percentage_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.3274
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    epsilon = np.asarray(np.finfo(np.float64).eps, dtype=y_true.dtype)
    mape = np.abs(y_pred - y_true) / np.maximum(np.abs(y_true), epsilon)
    return _finish(_column_average(mape, sample_weight), multioutput)


@validate_params(_PARAMS)
def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean squared error.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import mean_squared_error
    >>> mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    errors = _column_average((y_true - y_pred) ** 2, sample_weight)
    return _finish(errors, multioutput)


@validate_params(_PARAMS)
def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Root mean squared error (per output, then averaged).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import root_mean_squared_error
    >>> round(root_mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.6124
    """
    errors = np.sqrt(
        mean_squared_error(y_true, y_pred, sample_weight=sample_weight, multioutput="raw_values")
    )
    if not isinstance(multioutput, str):
        _check_float_targets(y_true, y_pred, sample_weight, multioutput)
    return _finish(errors, multioutput)


def _weighted_median(array, sample_weight):
    """Per-column weighted median of a 2-D array, averaging at exact half (sklearn's rule)."""
    n_rows, n_cols = array.shape
    sample_weight = np.asarray(sample_weight, dtype=np.float64)
    out = np.empty(n_cols, dtype=array.dtype)
    eps = np.finfo(np.float64).eps
    for j in range(n_cols):
        col = array[:, j]
        order = np.argsort(col)
        w = sample_weight[order]
        cdf = np.cumsum(w)
        target = 0.5 * cdf[-1]
        if target == 0:
            target = np.nextafter(target, target + 1)
        i = int(np.clip(np.searchsorted(cdf, target), 0, n_rows - 1))
        above = cdf[i] - target
        if above > eps:
            out[j] = col[order[i]]
            continue
        i1 = min(i + 1, n_rows - 1)
        if w[i1] == 0:
            nxt = int(np.searchsorted(cdf, cdf[i], side="right"))
            i1 = i if nxt > n_rows - 1 else nxt
        out[j] = (col[order[i]] + col[order[i1]]) / 2
    return out


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "multioutput": _MULTIOUTPUT,
        "sample_weight": ["array-like", None],
    }
)
def median_absolute_error(y_true, y_pred, *, multioutput="uniform_average", sample_weight=None):
    """Median absolute error (weighted median when ``sample_weight`` is given).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import median_absolute_error
    >>> median_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_reg_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    abs_err = np.abs(y_pred - y_true)
    if sample_weight is None:
        errors = np.median(abs_err, axis=0)
    else:
        errors = _weighted_median(abs_err, sample_weight)
    return _finish(errors, multioutput)


def _assemble_explained(numerator, denominator, n_outputs, multioutput, force_finite):
    dtype = numerator.dtype
    nonzero_denominator = denominator != 0
    if not force_finite:
        with np.errstate(divide="ignore", invalid="ignore"):
            output_scores = 1 - (numerator / denominator)
    else:
        nonzero_numerator = numerator != 0
        output_scores = np.ones([n_outputs], dtype=dtype)
        valid = nonzero_denominator & nonzero_numerator
        output_scores[valid] = 1 - (numerator[valid] / denominator[valid])
        output_scores[nonzero_numerator & ~nonzero_denominator] = 0.0
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return output_scores
        if multioutput == "uniform_average":
            avg_weights = None
        else:  # variance_weighted
            avg_weights = denominator
            if not np.any(nonzero_denominator):
                avg_weights = None
    else:
        avg_weights = multioutput
    result = _average(output_scores, weights=avg_weights)
    if np.size(result) == 1:
        return float(result)
    return result


_R2_PARAMS = {
    "y_true": ["array-like"],
    "y_pred": ["array-like"],
    "sample_weight": ["array-like", None],
    "multioutput": [
        StrOptions({"raw_values", "uniform_average", "variance_weighted"}),
        "array-like",
        None,
    ],
    "force_finite": ["boolean"],
}


@validate_params(_R2_PARAMS)
def explained_variance_score(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average", force_finite=True
):
    """Explained variance ``1 - Var(y_true - y_pred) / Var(y_true)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average", "variance_weighted"} or array-like
    force_finite : bool, default=True
        Replace NaN (perfect constant target) by 1.0 and -inf by 0.0.

    Returns
    -------
    score : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import explained_variance_score
    >>> round(explained_variance_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.9572
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    diff = y_true - y_pred
    y_diff_avg = _column_average(diff, sample_weight)
    numerator = _column_average((diff - y_diff_avg) ** 2, sample_weight)
    y_true_avg = _column_average(y_true, sample_weight)
    denominator = _column_average((y_true - y_true_avg) ** 2, sample_weight)
    return _assemble_explained(numerator, denominator, y_true.shape[1], multioutput, force_finite)


@validate_params(_R2_PARAMS)
def r2_score(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average", force_finite=True
):
    """R^2, the coefficient of determination (1.0 is perfect; can be negative).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average", "variance_weighted"}, array-like or None
    force_finite : bool, default=True
        Replace NaN (perfect constant target) by 1.0 and -inf by 0.0.

    Returns
    -------
    z : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import r2_score
    >>> round(r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 4)
    0.9486
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    if _num_samples(y_pred) < 2:
        warnings.warn(
            "R^2 score is not well-defined with less than two samples.", UndefinedMetricWarning
        )
        return float("nan")
    if sample_weight is not None:
        weight = sample_weight.astype(y_true.dtype, copy=False)[:, None]
    else:
        weight = 1.0
    numerator = np.sum(weight * (y_true - y_pred) ** 2, axis=0)
    denominator = np.sum(weight * (y_true - _column_average(y_true, sample_weight)) ** 2, axis=0)
    return _assemble_explained(numerator, denominator, y_true.shape[1], multioutput, force_finite)


@validate_params(_PARAMS)
def mean_squared_log_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Mean squared logarithmic error ``mean((log1p(y_true) - log1p(y_pred)) ** 2)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Values greater than -1.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import mean_squared_log_error
    >>> round(mean_squared_log_error([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 4)
    0.0397
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    if np.any(y_true <= -1) or np.any(y_pred <= -1):
        raise ValueError(
            "Mean Squared Logarithmic Error cannot be used when targets contain values less "
            "than or equal to -1."
        )
    return mean_squared_error(
        np.log1p(y_true), np.log1p(y_pred), sample_weight=sample_weight, multioutput=multioutput
    )


@validate_params(_PARAMS)
def root_mean_squared_log_error(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"
):
    """Root mean squared logarithmic error.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Values greater than -1.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
    sample_weight : array-like of shape (n_samples,), default=None
    multioutput : {"raw_values", "uniform_average"} or array-like of shape (n_outputs,)

    Returns
    -------
    loss : float or ndarray of shape (n_outputs,)

    Examples
    --------
    >>> from aiguille.metrics import root_mean_squared_log_error
    >>> round(root_mean_squared_log_error([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 4)
    0.1993
    """
    _, y_true, y_pred, sample_weight, multioutput = _check_float_targets(
        y_true, y_pred, sample_weight, multioutput
    )
    if np.any(y_true <= -1) or np.any(y_pred <= -1):
        raise ValueError(
            "Root Mean Squared Logarithmic Error cannot be used when targets contain values "
            "less than or equal to -1."
        )
    return root_mean_squared_error(
        np.log1p(y_true), np.log1p(y_pred), sample_weight=sample_weight, multioutput=multioutput
    )


@validate_params({"y_true": ["array-like"], "y_pred": ["array-like"]})
def max_error(y_true, y_pred):
    """Maximum absolute residual (single output only).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    y_pred : array-like of shape (n_samples,)

    Returns
    -------
    max_error : float

    Examples
    --------
    >>> from aiguille.metrics import max_error
    >>> max_error([3, 2, 7, 1], [4, 2, 7, 1])
    1.0
    """
    y_type, y_true, y_pred, _, _ = _check_reg_targets(y_true, y_pred, None, None)
    if y_type == "continuous-multioutput":
        raise ValueError("Multioutput not supported in max_error")
    return float(np.max(np.abs(y_true - y_pred)))
