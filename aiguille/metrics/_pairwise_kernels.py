"""numba kernels of the dense distances that have no BLAS form: manhattan, chebyshev, minkowski.

One function body, compiled twice: serial, and with ``prange`` over the rows of X for big
blocks. Inputs are C-contiguous float64 arrays; ``code`` picks the metric (0 manhattan,
1 chebyshev, 2 minkowski with exponent ``p``).
"""

from numba import njit, prange


def _distances_body(X, Y, code, p, out):
    n_x = X.shape[0]
    n_y = Y.shape[0]
    n_f = X.shape[1]
    inv_p = 1.0 / p
    for i in prange(n_x):
        for j in range(n_y):
            acc = 0.0
            if code == 0:
                for k in range(n_f):
                    acc += abs(X[i, k] - Y[j, k])
            elif code == 1:
                for k in range(n_f):
                    d = abs(X[i, k] - Y[j, k])
                    if d > acc:
                        acc = d
            else:
                for k in range(n_f):
                    acc += abs(X[i, k] - Y[j, k]) ** p
                acc = acc**inv_p
            out[i, j] = acc
    return out


distances_serial = njit(cache=True, nogil=True)(_distances_body)
distances_parallel = njit(cache=True, nogil=True, parallel=True)(_distances_body)
