"""numba kernel of the discrete naive Bayes counts: the per-class feature sums of dense X
and its smallest entry in one pass."""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def class_sums_and_min(X, yidx, sw, sums, class_w, start, stop):
    """For the rows ``start <= i < stop``: ``sums[yidx[i]] += sw[i] * X[i]`` and
    ``class_w[yidx[i]] += sw[i]`` (``sw`` empty: weights of one, ``sums[c] += X[i]``).
    Returns the smallest entry of those rows (+inf for none; NaN entries are skipped
    here, and show as NaN in ``sums``).
    """
    n_features = X.shape[1]
    weighted = sw.shape[0] > 0
    mins = np.full(n_features, np.inf)
    for i in range(start, stop):
        row = X[i]
        c = yidx[i]
        acc = sums[c]
        if weighted:
            w = sw[i]
            class_w[c] += w
            for j in range(n_features):
                v = row[j]
                mins[j] = min(mins[j], v)
                acc[j] += w * v
        else:
            class_w[c] += 1.0
            for j in range(n_features):
                v = row[j]
                mins[j] = min(mins[j], v)
                acc[j] += v
    return mins.min() if n_features else np.inf
