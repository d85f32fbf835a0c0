"""Numba kernel: per-class weighted means and variances in two passes over X."""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def class_mean_var(X, yidx, sw, n_classes):
    """Weighted count, mean and (biased) variance of every feature within every class.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), C-contiguous
    yidx : ndarray of shape (n_samples,), int64 class index of each row
    sw : ndarray of shape (n_samples,), weights (ones when unweighted)
    n_classes : int

    Returns
    -------
    count : ndarray of shape (n_classes,)
    mean, var : ndarray of shape (n_classes, n_features)
    """
    n_samples, n_features = X.shape
    count = np.zeros(n_classes, dtype=np.float64)
    s = np.zeros((n_classes, n_features), dtype=np.float64)
    for i in range(n_samples):
        c = yidx[i]
        w = sw[i]
        count[c] += w
        for j in range(n_features):
            s[c, j] += w * X[i, j]
    mean = np.zeros((n_classes, n_features), dtype=np.float64)
    for c in range(n_classes):
        if count[c] > 0:
            for j in range(n_features):
                mean[c, j] = s[c, j] / count[c]
    ss = np.zeros((n_classes, n_features), dtype=np.float64)
    for i in range(n_samples):
        c = yidx[i]
        w = sw[i]
        for j in range(n_features):
            d = X[i, j] - mean[c, j]
            ss[c, j] += w * d * d
    var = np.zeros((n_classes, n_features), dtype=np.float64)
    for c in range(n_classes):
        if count[c] > 0:
            for j in range(n_features):
                var[c, j] = ss[c, j] / count[c]
    return count, mean, var
