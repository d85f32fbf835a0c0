"""Shared helpers of the metrics: target checks, weighted averages, label encoding."""

import numpy as np

from ..utils.multiclass import type_of_target
from ..utils.validation import (
    _num_samples,
    check_array,
    check_consistent_length,
    column_or_1d,
    issparse,
)

__all__ = []


def _check_sample_weight_1d(sample_weight, n_samples):
    """A 1-D float array of ``n_samples`` weights (no copy when possible)."""
    sample_weight = np.asarray(sample_weight)
    if sample_weight.ndim == 0:
        return np.full(n_samples, sample_weight, dtype=np.float64)
    if sample_weight.ndim != 1:
        raise ValueError(
            f"Sample weights must be 1D array or scalar, got {sample_weight.ndim}D array "
            f"with shape {sample_weight.shape}"
        )
    if sample_weight.shape[0] != n_samples:
        raise ValueError(f"sample_weight.shape == {sample_weight.shape}, expected {(n_samples,)}!")
    if sample_weight.dtype.kind not in "biuf":
        sample_weight = sample_weight.astype(np.float64)
    return sample_weight


def _float_dtype(*arrays):
    """float32 when every floating input is float32, float64 otherwise."""
    dts = [a.dtype for a in arrays if a is not None and hasattr(a, "dtype")]
    if (
        dts
        and all(d == np.float32 for d in dts if d.kind == "f")
        and any(d == np.float32 for d in dts)
    ):
        return np.float32
    return np.float64


def _average(a, weights=None, normalize=True):
    """scikit-learn's ``_average``: mean (or sum) of ``a``, optionally weighted."""
    a = np.asarray(a)
    if weights is None:
        a = a.astype(_float_dtype(a) if a.dtype.kind == "f" else np.float64, copy=False)
        return np.mean(a) if normalize else np.sum(a)
    weights = np.asarray(weights)
    dt = _float_dtype(a, weights)
    a = a.astype(dt, copy=False)
    weights = weights.astype(dt, copy=False)
    total = np.sum(a * weights)
    if not normalize:
        return total
    scale = np.sum(weights)
    if scale == 0:
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return total / scale


def _nanaverage(a, weights=None):
    """Weighted average ignoring NaN entries (scikit-learn's ``_nanaverage``)."""
    a = np.asarray(a)
    if a.shape[0] == 0:
        return np.nan
    mask = np.isnan(a)
    if np.all(mask):
        return np.nan
    if weights is None:
        return np.nanmean(a)
    weights = np.asarray(weights)
    a, weights = a[~mask], weights[~mask]
    try:
        return _average(a, weights=weights)
    except ZeroDivisionError:
        return _average(a)


def _unique(y):
    """Sorted unique values; object arrays of strings are handled like strings."""
    y = np.asarray(y)
    if y.dtype == object:
        try:
            return np.unique(y)
        except TypeError as err:
            raise ValueError("Mix of label input types (string and number)") from err
    return np.unique(y)


def _union_labels(*ys):
    """Sorted union of the labels of 1-D targets; refuses strings mixed with numbers."""
    parts = [_unique(y) for y in ys]
    kinds = set()
    for p in parts:
        if p.size == 0:
            continue
        if p.dtype.kind in "USO":
            is_str = [isinstance(v, str) for v in (p.tolist() if p.dtype == object else p[:1])]
            if p.dtype == object and 0 < sum(is_str) < len(is_str):
                raise ValueError("Mix of label input types (string and number)")
            kinds.add(bool(is_str[0]) if is_str else False)
        else:
            kinds.add(False)
    if len(kinds) > 1:
        raise ValueError("Mix of label input types (string and number)")
    parts = [p for p in parts if p.size] or parts[:1]
    if len(parts) == 1:
        return parts[0]
    merged = np.concatenate(parts) if len({p.dtype.kind for p in parts}) == 1 else None
    if merged is None:
        merged = np.concatenate([p.astype(object) for p in parts])
    return _unique(merged)


def _encode(y, classes):
    """Indices of ``y``'s values in the sorted array ``classes`` (all must be present)."""
    y = np.asarray(y)
    n = len(classes)
    if (
        n
        and classes.dtype.kind in "iu"
        and y.dtype.kind in "iu"
        and classes[0] == 0
        and classes[-1] == n - 1
    ):
        # classes are 0..n-1: the labels are their own indices
        if y.size == 0 or (y.min() >= 0 and y.max() < n):
            return y.astype(np.intp, copy=False)
    idx = np.searchsorted(classes, y)
    idx = np.clip(idx, 0, max(len(classes) - 1, 0))
    if len(classes) == 0 or np.any(classes[idx] != y):
        diff = sorted(set(np.asarray(y).tolist()) - set(np.asarray(classes).tolist()))
        raise ValueError(f"y contains previously unseen labels: {diff}")
    return idx


def _to_dense(y):
    if issparse(y):
        return y.toarray()
    return np.asarray(y)


def _check_targets(y_true, y_pred, sample_weight=None):
    """Check that y_true and y_pred are the same kind of classification target.

    Returns
    -------
    y_type : {"binary", "multiclass", "multilabel-indicator"}
    labels : ndarray
        Sorted union of the labels present.
    y_true, y_pred : ndarray
        1-D for binary/multiclass, dense 2-D indicators for multilabel.
    sample_weight : ndarray or None
    """
    check_consistent_length(y_true, y_pred, sample_weight)
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    for array in (y_true, y_pred):
        if _num_samples(array) < 1:
            raise ValueError(
                "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
                "of 1 sample is required."
            )
    if sample_weight is not None:
        sample_weight = _check_sample_weight_1d(sample_weight, _num_samples(y_true))

    y_type = {type_true, type_pred}
    if y_type == {"binary", "multiclass"}:
        y_type = {"multiclass"}
    if len(y_type) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {type_true} and {type_pred} targets"
        )
    y_type = y_type.pop()
    if y_type not in ("binary", "multiclass", "multilabel-indicator"):
        raise ValueError(f"{y_type} is not supported")

    if y_type in ("binary", "multiclass"):
        if issparse(y_true) or issparse(y_pred):
            raise TypeError("Sparse input is only supported when targets are of multilabel type")
        y_true = column_or_1d(y_true, input_name="y_true")
        y_pred = column_or_1d(y_pred, input_name="y_pred")
        labels = _union_labels(y_true, y_pred)
        if y_type == "binary" and labels.shape[0] > 2:
            y_type = "multiclass"
    else:
        y_true = _to_dense(y_true)
        y_pred = _to_dense(y_pred)
        if y_true.shape[1] != y_pred.shape[1]:
            raise ValueError("Multi-label binary indicator input with different numbers of labels")
        labels = np.arange(y_true.shape[1])
    return y_type, labels, y_true, y_pred, sample_weight


def _check_reg_targets(y_true, y_pred, sample_weight, multioutput, dtype="numeric"):
    """Check regression targets; returns (y_type, y_true, y_pred, sample_weight, multioutput)."""
    check_consistent_length(y_true, y_pred, sample_weight)
    y_true = check_array(y_true, ensure_2d=False, dtype=dtype)
    y_pred = check_array(y_pred, ensure_2d=False, dtype=dtype)
    if sample_weight is not None:
        sample_weight = _check_sample_weight_1d(sample_weight, y_true.shape[0])
        fdt = dtype if dtype in (np.float32, np.float64) else np.float64
        sample_weight = sample_weight.astype(fdt, copy=False)
    if y_true.ndim == 1:
        y_true = y_true.reshape((-1, 1))
    if y_pred.ndim == 1:
        y_pred = y_pred.reshape((-1, 1))
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true and y_pred have different number of output ({y_true.shape[1]}!="
            f"{y_pred.shape[1]})"
        )
    n_outputs = y_true.shape[1]
    allowed = ("raw_values", "uniform_average", "variance_weighted")
    if isinstance(multioutput, str):
        if multioutput not in allowed:
            raise ValueError(
                f"Allowed 'multioutput' string values are {allowed}. You provided "
                f"multioutput={multioutput!r}"
            )
    elif multioutput is not None:
        multioutput = check_array(multioutput, ensure_2d=False)
        if n_outputs == 1:
            raise ValueError("Custom weights are useful only in multi-output cases.")
        elif n_outputs != multioutput.shape[0]:
            raise ValueError(
                f"There must be equally many custom weights ({multioutput.shape[0]}) as "
                f"outputs ({n_outputs})."
            )
    y_type = "continuous" if n_outputs == 1 else "continuous-multioutput"
    return y_type, y_true, y_pred, sample_weight, multioutput


def _check_pos_label_consistency(pos_label, y_true):
    """The positive label: ``pos_label``, or 1 when y_true's classes are {0,1} or {-1,1}."""
    classes = _unique(y_true)
    if pos_label is None and (
        classes.dtype.kind in "OUS"
        or not (
            np.array_equal(classes, [0, 1])
            or np.array_equal(classes, [-1, 1])
            or np.array_equal(classes, [0])
            or np.array_equal(classes, [-1])
            or np.array_equal(classes, [1])
        )
    ):
        classes_repr = ", ".join([repr(c) for c in classes.tolist()])
        raise ValueError(
            f"y_true takes value in {{{classes_repr}}} and pos_label is not "
            "specified: either make y_true take value in {0, 1} or "
            "{-1, 1} or pass pos_label explicitly."
        )
    elif pos_label is None:
        pos_label = 1
    return pos_label
