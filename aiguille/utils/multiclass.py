"""Target types: ``type_of_target``, ``unique_labels``, ``check_classification_targets``."""

import numpy as np

from .validation import _is_pandas_df, _is_pandas_series, issparse

__all__ = ["check_classification_targets", "type_of_target", "unique_labels"]


def _as_array(y):
    if _is_pandas_series(y) or _is_pandas_df(y):
        y = y.to_numpy()
    if issparse(y):
        return y
    try:
        return np.asarray(y)
    except ValueError:
        return np.asarray(y, dtype=object)


def _unique_sorted(y):
    """``np.unique(y)`` for a 1-d array; integer labels in a small range are counted
    (``np.bincount``, a few milliseconds for a million labels) instead of sorted or hashed.
    """
    y = np.asarray(y)
    if y.ndim == 1 and y.size > 4096 and y.dtype.kind in "iu":
        lo = int(y.min())
        span = int(y.max()) - lo
        if span < 4 * y.size:
            shifted = y - y.dtype.type(lo) if lo else y
            present = np.flatnonzero(np.bincount(shifted.astype(np.intp, copy=False)))
            return (present + lo).astype(y.dtype, copy=False)
    return np.unique(y)


def type_of_target(y, input_name=""):
    """The type of a target: "binary", "multiclass", "continuous", "multilabel-indicator",
    "multiclass-multioutput", "continuous-multioutput" or "unknown".

    Examples
    --------
    >>> from aiguille.utils.multiclass import type_of_target
    >>> type_of_target([0, 1, 1])
    'binary'
    >>> type_of_target([0.5, 1.5])
    'continuous'
    >>> type_of_target(["a", "b", "c"])
    'multiclass'
    """
    if isinstance(y, str):
        raise ValueError(f"Expected array-like (array or non-string sequence), got {y!r}")
    y = _as_array(y)
    if issparse(y):
        if y.ndim == 2 and y.shape[1] > 1:
            data = y.data
            if data.size == 0 or (
                np.unique(data).size == 1
                and (data.dtype.kind in "biu" or np.all(data == data.astype(int)))
            ):
                return "multilabel-indicator"
        y = y.toarray()
    if y.ndim > 2 or (
        y.dtype == object
        and len(y)
        and not isinstance(y.flat[0], str)
        and hasattr(y.flat[0], "__len__")
    ):
        return "unknown"
    if y.ndim == 2 and y.shape[1] == 0:
        return "unknown"
    if y.ndim == 2 and y.shape[1] > 1 and y.dtype.kind in "biuf":
        vals = np.unique(y)
        if vals.size <= 2 and np.all(np.isin(vals, [0, 1])):
            return "multilabel-indicator"
    suffix = "-multioutput" if y.ndim == 2 and y.shape[1] > 1 else ""
    if y.dtype.kind == "f":
        data = y
        if np.any(data != np.round(data)) or not np.all(np.isfinite(data)):
            if not np.all(np.isfinite(data)):
                from .validation import _assert_all_finite

                _assert_all_finite(data, input_name=input_name)
            return "continuous" + suffix
    first_row_or_val = y[[0], :] if y.ndim == 2 else y[0] if len(y) else None
    if (
        y.dtype == object
        and first_row_or_val is not None
        and not isinstance(
            y.flat[0], str | int | np.integer | float | np.floating | bool | np.bool_
        )
    ):
        return "unknown"
    if y.dtype == object:
        n_unique = np.unique(y.astype(str)).size if y.size else 0
    else:
        n_unique = _unique_sorted(y.ravel()).size
    if (n_unique > 2) or (y.ndim == 2 and y.shape[1] > 1):
        return "multiclass" + suffix
    return "binary"


def unique_labels(*ys):
    """Sorted unique labels of one or more targets (all of one kind).

    Examples
    --------
    >>> from aiguille.utils.multiclass import unique_labels
    >>> unique_labels([3, 5, 5, 5, 7, 7])
    array([3, 5, 7])
    """
    if not ys:
        raise ValueError("No argument has been passed.")
    types = {type_of_target(y) for y in ys}
    if types == {"binary", "multiclass"}:
        types = {"multiclass"}
    if len(types) > 1:
        raise ValueError(f"Mix type of y not allowed, got types {types}")
    label_type = types.pop()
    if label_type == "multilabel-indicator":
        n = {_as_array(y).shape[1] for y in ys}
        if len(n) > 1:
            raise ValueError("Multi-label binary indicator input with different numbers of labels")
        return np.arange(n.pop())
    arrays = [np.ravel(_as_array(y)) for y in ys]
    labels = set()
    for a in arrays:
        labels.update(a.tolist())
    if len({isinstance(label, str) for label in labels}) > 1:
        raise ValueError("Mix of label input types (string and number)")
    return np.array(sorted(labels))


def check_classification_targets(y):
    """Raise "Unknown label type: ..." unless y is a classification target."""
    y_type = type_of_target(y, input_name="y")
    if y_type not in (
        "binary",
        "multiclass",
        "multiclass-multioutput",
        "multilabel-indicator",
        "multilabel-sequences",
    ):
        raise ValueError(
            f"Unknown label type: {y_type}. Maybe you are trying to fit a classifier, which "
            "expects discrete classes on a regression target with continuous values."
        )
