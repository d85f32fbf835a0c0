"""numba kernels for DBSCAN: radius-neighbour lists and the cluster expansion."""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def dbscan_inner(is_core, indptr, indices, labels):
    """scikit-learn's ``dbscan_inner``: depth-first expansion from core samples."""
    label_num = 0
    n = labels.shape[0]
    stack = np.empty(max(indices.shape[0], 1) + n, dtype=np.int64)
    for i0 in range(n):
        if labels[i0] != -1 or not is_core[i0]:
            continue
        top = 0
        i = i0
        while True:
            if labels[i] == -1:
                labels[i] = label_num
                if is_core[i]:
                    for p in range(indptr[i], indptr[i + 1]):
                        v = indices[p]
                        if labels[v] == -1:
                            if top >= stack.shape[0]:
                                bigger = np.empty(2 * stack.shape[0], dtype=np.int64)
                                bigger[:top] = stack[:top]
                                stack = bigger
                            stack[top] = v
                            top += 1
            if top == 0:
                break
            top -= 1
            i = stack[top]
        label_num += 1


@njit(cache=True, nogil=True)
def exact_within(X, rows, cols, eps_sq, keep):
    """keep[p] = ||X[rows[p]] - X[cols[p]]||^2 <= eps_sq (summed feature by feature)."""
    d = X.shape[1]
    for p in range(rows.shape[0]):
        i = rows[p]
        j = cols[p]
        s = 0.0
        for f in range(d):
            t = X[i, f] - X[j, f]
            s += t * t
        keep[p] = s <= eps_sq
