"""numba kernel for one affinity-propagation iteration (responsibilities, availabilities).

Same operations, in the same order per element, as scikit-learn's numpy iteration, fused
into two passes over the (n, n) matrices and spread over the rows (R) and column blocks (A).
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True, parallel=True)
def ap_iteration(S, R, A, damping, n_blocks):
    n = S.shape[0]
    one_m = 1.0 - damping
    # responsibilities, row by row
    for i in prange(n):
        best = -np.inf
        arg = 0
        for k in range(n):
            v = A[i, k] + S[i, k]
            if v > best:
                best = v
                arg = k
        second = -np.inf
        for k in range(n):
            if k != arg:
                v = A[i, k] + S[i, k]
                if v > second:
                    second = v
        for k in range(n):
            if k == arg:
                t = S[i, k] - second
            else:
                t = S[i, k] - best
            R[i, k] = R[i, k] * damping + t * one_m
    # availabilities: column sums of max(R, 0) (diagonal: R[k, k]), rows in order
    colsum = np.zeros(n)
    size = (n + n_blocks - 1) // n_blocks
    for b in prange(n_blocks):
        k0 = b * size
        k1 = min(n, k0 + size)
        for i in range(n):
            for k in range(k0, k1):
                r = R[i, k]
                if i == k:
                    colsum[k] += r
                elif r > 0:
                    colsum[k] += r
                else:
                    colsum[k] += 0.0
    for i in prange(n):
        for k in range(n):
            r = R[i, k]
            if i == k:
                t = r - colsum[k]
            else:
                t = (r if r > 0 else 0.0) - colsum[k]
                if t < 0:
                    t = 0.0
            A[i, k] = A[i, k] * damping - t * one_m
