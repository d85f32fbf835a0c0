"""numba kernels of the scalers: column sums, column deviations, and center/scale.

Serial and ``nogil``: the Python driver runs them on row blocks in a few threads (numba's
own ``prange`` is not used, so several threads may call them at once whatever threading
layer numba has). They take C-contiguous 2-D arrays and accumulate in float64 by blocks of
rows, so the rounding error grows with the number of blocks, not the number of rows.
"""

import numpy as np
from numba import njit

_BLOCK = 256


@njit(cache=True, nogil=True)
def col_sums(X):
    """Per-column sum (float64) and count of the non-NaN values of X.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), C-contiguous float32 or float64

    Returns
    -------
    total : ndarray of shape (n_features,), float64
    count : ndarray of shape (n_features,), int64
    """
    n, d = X.shape
    total = np.zeros(d)
    part = np.zeros(d)
    count = np.zeros(d, dtype=np.int64)
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        part[:] = 0.0
        for i in range(start, stop):
            for j in range(d):
                v = X[i, j]
                if v == v:
                    part[j] += v
                    count[j] += 1
        for j in range(d):
            total[j] += part[j]
    return total, count


@njit(cache=True, nogil=True)
def col_deviations(X, mean):
    """Per-column sums of ``x - mean`` and ``(x - mean) ** 2`` over the non-NaN values.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), C-contiguous float32 or float64
    mean : ndarray of shape (n_features,), float64

    Returns
    -------
    corr, m2 : ndarray of shape (n_features,), float64
    """
    n, d = X.shape
    corr = np.zeros(d)
    m2 = np.zeros(d)
    part = np.zeros(d)
    part2 = np.zeros(d)
    for start in range(0, n, _BLOCK):
        stop = min(n, start + _BLOCK)
        part[:] = 0.0
        part2[:] = 0.0
        for i in range(start, stop):
            for j in range(d):
                v = X[i, j]
                if v == v:
                    t = v - mean[j]
                    part[j] += t
                    part2[j] += t * t
        for j in range(d):
            corr[j] += part[j]
            m2[j] += part2[j]
    return corr, m2


@njit(cache=True, nogil=True)
def center_scale(X, center, scale, out):
    """``out = (X - center) / scale`` row by row, rounding to ``out``'s dtype after each
    operation like numpy's in-place ``X -= center; X /= scale``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), C-contiguous
    center, scale : ndarray of shape (n_features,), float64
    out : ndarray of shape (n_samples, n_features), same dtype as X (may be X)
    """
    n, d = X.shape
    for i in range(n):
        for j in range(d):
            out[i, j] = X[i, j] - center[j]
            out[i, j] = out[i, j] / scale[j]
    return out
