"""numba kernels of the dense distances that have no BLAS form: manhattan, chebyshev, minkowski.

One function body, compiled twice: serial, and with ``prange`` over the rows of X for big
blocks. Inputs are C-contiguous float64 arrays, Y given transposed (``YT``, shape
(n_features, n_samples_Y)) so that the innermost loop runs over contiguous columns of one
output row: it vectorises (SIMD) while each distance is still summed feature by feature, in
the same order as ``scipy.spatial.distance.cdist``, so results agree with it to the last bit
for manhattan and chebyshev. Columns are processed in tiles that stay in cache. ``code``
picks the metric: 0 manhattan, 1 chebyshev, 2 minkowski with exponent ``p``, 3 minkowski
with an integer exponent ``p`` (powers by multiplication).
"""

import numpy as np
from numba import njit, prange


def _distances_body(X, YT, code, p, out):
    n_x = X.shape[0]
    n_f = X.shape[1]
    n_y = YT.shape[1]
    inv_p = 1.0 / p
    ip = int(p)
    for i in prange(n_x):
        for j0 in range(0, n_y, 256):  # tiles of 256 columns stay in cache
            j1 = min(j0 + 256, n_y)
            row = out[i, j0:j1]
            row[:] = 0.0
            if code == 0:
                for k in range(n_f):
                    x = X[i, k]
                    yk = YT[k, j0:j1]
                    for j in range(j1 - j0):
                        row[j] += abs(x - yk[j])
            elif code == 1:
                for k in range(n_f):
                    x = X[i, k]
                    yk = YT[k, j0:j1]
                    for j in range(j1 - j0):
                        row[j] = np.maximum(row[j], np.abs(x - yk[j]))  # vectorises
            elif code == 3:
                for k in range(n_f):
                    x = X[i, k]
                    yk = YT[k, j0:j1]
                    if ip == 2:
                        for j in range(j1 - j0):
                            d = x - yk[j]
                            row[j] += d * d
                    elif ip == 3:
                        for j in range(j1 - j0):
                            d = abs(x - yk[j])
                            row[j] += d * d * d
                    elif ip == 4:
                        for j in range(j1 - j0):
                            d = x - yk[j]
                            d = d * d
                            row[j] += d * d
                    else:
                        for j in range(j1 - j0):
                            row[j] += abs(x - yk[j]) ** ip  # integer power: multiplications
                if ip == 2:
                    for j in range(j1 - j0):
                        row[j] = np.sqrt(row[j])
                else:
                    for j in range(j1 - j0):
                        row[j] = row[j] ** inv_p
            else:
                for k in range(n_f):
                    x = X[i, k]
                    yk = YT[k, j0:j1]
                    for j in range(j1 - j0):
                        row[j] += abs(x - yk[j]) ** p
                for j in range(j1 - j0):
                    row[j] = row[j] ** inv_p
    return out


distances_serial = njit(cache=True, nogil=True)(_distances_body)
distances_parallel = njit(cache=True, nogil=True, parallel=True)(_distances_body)


@njit(cache=True, nogil=True)
def finish_euclidean(D, XX, YY, squared):
    """``D <- sqrt(max(-2 D + XX + YY, 0))`` (no root when ``squared``) in one pass, the
    operations in the order of ``D *= -2; D += XX; D += YY; np.maximum(D, 0, out=D)``, so
    the result is the same to the last bit (NaN included)."""
    for i in range(D.shape[0]):
        row = D[i]
        xx = XX[i]
        for j in range(row.shape[0]):
            v = -2.0 * row[j]
            v += xx
            v += YY[j]
            if v < 0.0:
                v = 0.0
            row[j] = v if squared else np.sqrt(v)
