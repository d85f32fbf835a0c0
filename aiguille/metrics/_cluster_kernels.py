"""numba kernel of the expected mutual information (adjusted_mutual_info_score)."""

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def expected_mutual_information(a, b, n_samples):
    """Expected mutual information of two labelings with row sums ``a`` and column sums ``b``.

    a, b : int64 arrays of cluster sizes; n_samples : their common total.
    """
    n_rows = a.shape[0]
    n_cols = b.shape[0]
    max_ab = 0
    for i in range(n_rows):
        max_ab = max(max_ab, a[i])
    for j in range(n_cols):
        max_ab = max(max_ab, b[j])
    nijs = np.arange(0, max_ab + 1).astype(np.float64)
    nijs[0] = 1.0
    N = float(n_samples)
    log_N = math.log(N)
    gln_N1 = math.lgamma(N + 1.0)
    emi = 0.0
    for i in range(n_rows):
        ai = a[i]
        log_a = math.log(ai)
        gln_a = math.lgamma(ai + 1.0)
        gln_Na = math.lgamma(N - ai + 1.0)
        for j in range(n_cols):
            bj = b[j]
            log_b = math.log(bj)
            gln_b = math.lgamma(bj + 1.0)
            gln_Nb = math.lgamma(N - bj + 1.0)
            start = max(1, ai + bj - n_samples)
            end = min(ai, bj) + 1
            for nij in range(start, end):
                fn = nijs[nij]
                term1 = fn / N
                term2 = log_N + math.log(fn) - log_a - log_b
                gln = (
                    gln_a
                    + gln_b
                    + gln_Na
                    + gln_Nb
                    - (math.lgamma(fn + 1.0) + gln_N1)
                    - math.lgamma(ai - nij + 1.0)
                    - math.lgamma(bj - nij + 1.0)
                    - math.lgamma(N - ai - bj + nij + 1.0)
                )
                emi += term1 * term2 * math.exp(gln)
    return emi
