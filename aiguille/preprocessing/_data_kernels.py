"""numba kernels of the scalers: one-pass-per-statistic column moments and center/scale.

Serial and ``nogil`` (thread-based ``Parallel`` may run several at once); they take
C-contiguous 2-D arrays and accumulate in float64 by blocks of rows, so the rounding
error grows with the number of blocks, not the number of rows.
"""

import numpy as np
from numba import njit

_BLOCK = 256


@njit(cache=True, nogil=True)
def mean_var(X, with_var):
    """Per-column mean, variance (corrected two-pass) and count of non-NaN values.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), C-contiguous float32 or float64
    with_var : bool

    Returns
    -------
    mean : ndarray of shape (n_features,), float64
    var : ndarray of shape (n_features,), float64 (zeros when ``with_var`` is False)
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
    mean = np.empty(d)
    for j in range(d):
        mean[j] = total[j] / count[j] if count[j] > 0 else np.nan
    var = np.zeros(d)
    if not with_var:
        return mean, var, count
    corr = np.zeros(d)
    m2 = np.zeros(d)
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
    for j in range(d):
        if count[j] > 0:
            var[j] = (m2[j] - corr[j] * corr[j] / count[j]) / count[j]
        else:
            var[j] = np.nan
    return mean, var, count


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
