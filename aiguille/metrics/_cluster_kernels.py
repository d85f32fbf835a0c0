"""numba kernel of the expected mutual information (adjusted_mutual_info_score)."""

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def expected_mutual_information(a, b, n_samples):
    """Expected mutual information of two labelings with row sums ``a`` and column sums ``b``.

    a, b : int64 arrays of cluster sizes; n_samples : their common total. ``log(k!)`` for
    every k in [0, n_samples] is tabulated once, so the inner loop is additions only.
    """
    n_rows = a.shape[0]
    n_cols = b.shape[0]
    N = n_samples
    log_fact = np.empty(N + 1)
    for k in range(N + 1):
        log_fact[k] = math.lgamma(k + 1.0)
    log_N = math.log(N)
    emi = 0.0
    for i in range(n_rows):
        ai = a[i]
        log_a = math.log(ai)
        base_a = log_fact[ai] + log_fact[N - ai] - log_fact[N]
        for j in range(n_cols):
            bj = b[j]
            log_b = math.log(bj)
            base = base_a + log_fact[bj] + log_fact[N - bj]
            start = max(1, ai + bj - N)
            end = min(ai, bj) + 1
            for nij in range(start, end):
                term1 = nij / N
                term2 = log_N + math.log(nij) - log_a - log_b
                gln = (
                    base
                    - log_fact[nij]
                    - log_fact[ai - nij]
                    - log_fact[bj - nij]
                    - log_fact[N - ai - bj + nij]
                )
                emi += term1 * term2 * math.exp(gln)
    return emi
