"""Index rows or columns of arrays, lists, DataFrames and sparse matrices alike."""

import numpy as np

from .validation import _is_pandas_df, _is_pandas_series, issparse

__all__ = ["_safe_indexing", "resample", "shuffle"]


def _safe_indexing(X, indices, *, axis=0):
    """Rows (axis=0) or columns (axis=1) of X at ``indices`` (ints, bools, slice, names).

    Examples
    --------
    >>> from aiguille.utils._indexing import _safe_indexing
    >>> _safe_indexing([10, 20, 30], [2, 0])
    [30, 10]
    """
    if indices is None:
        return X
    if axis not in (0, 1):
        raise ValueError(f"'axis' should be either 0 or 1. Got {axis} instead.")
    if _is_pandas_df(X) or _is_pandas_series(X):
        if axis == 0:
            if isinstance(indices, slice):
                return X.iloc[indices]
            idx = np.asarray(indices)
            if idx.dtype == bool:
                return X[idx]
            return X.take(idx, axis=0)
        key = indices
        if isinstance(key, str) or (
            hasattr(key, "__iter__")
            and not isinstance(key, slice)
            and len(list(key))
            and isinstance(list(key)[0], str)
        ):
            return X.loc[:, key]
        if isinstance(key, int | np.integer):
            return X.iloc[:, key]
        return X.iloc[:, key]
    if hasattr(X, "shape") and not isinstance(X, list | tuple):
        if axis == 0:
            if isinstance(indices, slice):
                return X[indices]
            idx = np.asarray(indices)
            if issparse(X) and idx.dtype == bool:
                idx = np.flatnonzero(idx)
            return X[idx] if idx.size or not issparse(X) else X[idx.astype(int)]
        if issparse(X):
            return X[:, indices]
        return X[:, indices]
    # Python list or tuple
    if axis == 1:
        arr = np.asarray(X)
        return arr[:, indices]
    if isinstance(indices, slice):
        return X[indices]
    idx = np.asarray(indices)
    if idx.dtype == bool:
        idx = np.flatnonzero(idx)
    return [X[i] for i in idx]


def shuffle(*arrays, random_state=None, n_samples=None):
    """Shuffle arrays consistently (same permutation of rows for each)."""
    from .validation import _num_samples, check_random_state

    rng = check_random_state(random_state)
    n = _num_samples(arrays[0])
    idx = rng.permutation(n)[: n_samples or n]
    out = [_safe_indexing(a, idx) for a in arrays]
    return out[0] if len(out) == 1 else out


def resample(*arrays, replace=True, n_samples=None, random_state=None):
    """Bootstrap (``replace=True``) or subsample arrays consistently."""
    from .validation import _num_samples, check_random_state

    rng = check_random_state(random_state)
    n = _num_samples(arrays[0])
    m = n if n_samples is None else n_samples
    idx = rng.randint(0, n, size=m) if replace else rng.permutation(n)[:m]
    out = [_safe_indexing(a, idx) for a in arrays]
    return out[0] if len(out) == 1 else out
