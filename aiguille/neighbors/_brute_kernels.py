"""Numba kernels of the brute-force neighbour search.

Metric codes (the registry is ``aiguille.neighbors._brute.METRIC_CODES``): 0 squared
euclidean, 1 manhattan, 2 chebyshev, 3 minkowski (sum of ``|d|**p``), 4 cosine distance.
Distances here are *reduced*: squared for euclidean, ``p``-th power for minkowski.
The kernels are serial and release the GIL: the driver runs them in threads, one chunk
of query rows per thread, each beside a single-threaded BLAS product.
"""

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _heap_push(vals, inds, v, j):
    """Max-heap of (value, index), root = the worst kept; replace the root by (v, j)."""
    k = vals.shape[0]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= k:
            break
        right = left + 1
        if right >= k:
            c = left
        elif vals[left] > vals[right] or (vals[left] == vals[right] and inds[left] > inds[right]):
            c = left
        else:
            c = right
        if vals[c] > v or (vals[c] == v and inds[c] > j):
            vals[i] = vals[c]
            inds[i] = inds[c]
            i = c
        else:
            break
    vals[i] = v
    inds[i] = j


@njit(cache=True, nogil=True, inline="always")
def _heap_sort(vals, inds):
    """Sort a max-heap in place into ascending (value, index) order."""
    k = vals.shape[0]
    for end in range(k - 1, 0, -1):
        v = vals[end]
        j = inds[end]
        vals[end] = vals[0]
        inds[end] = inds[0]
        # sift (v, j) down from the root within [0, end)
        i = 0
        while True:
            left = 2 * i + 1
            if left >= end:
                break
            right = left + 1
            if right >= end:
                c = left
            elif vals[left] > vals[right] or (
                vals[left] == vals[right] and inds[left] > inds[right]
            ):
                c = left
            else:
                c = right
            if vals[c] > v or (vals[c] == v and inds[c] > j):
                vals[i] = vals[c]
                inds[i] = inds[c]
                i = c
            else:
                break
        vals[i] = v
        inds[i] = j


@njit(cache=True, nogil=True, inline="always")
def _heap_reset(vals, inds, m):
    for t in range(vals.shape[0]):
        vals[t] = np.inf
        inds[t] = m


@njit(cache=True, nogil=True, inline="always")
def _row_topk(row, alpha, yadd, vals, inds):
    """Max-heap of the k smallest ``alpha * row[j] + yadd[j]`` (ties: lowest j); returns
    the k-th smallest."""
    _heap_reset(vals, inds, row.shape[0])
    worst = np.inf
    for j in range(row.shape[0]):
        v = alpha * row[j] + yadd[j]
        if v < worst:
            _heap_push(vals, inds, v, j)
            worst = vals[0]
    return worst


@njit(cache=True, nogil=True)
def topk_rows(G, alpha, yadd, out_val, out_ind):
    """k smallest of ``alpha * G[i, j] + yadd[j]`` per row, sorted by (value, index).

    ``G`` (n, m) is a BLAS product (alpha=-2, yadd=squared norms: euclidean ranking) or
    a distance chunk (alpha=1, yadd=0). Ties keep the lowest index. ``out_val``/``out_ind``
    have shape (n, k), float64 / intp.
    """
    for i in range(G.shape[0]):
        _row_topk(G[i], alpha, yadd, out_val[i], out_ind[i])
        _heap_sort(out_val[i], out_ind[i])


@njit(cache=True, nogil=True)
def topk_screened(G, yadd, err, X, Y, row0, max_candidates, out_val, out_ind):
    """Exact k nearest (squared euclidean) rows of ``Y`` for the query rows
    ``row0 + i`` of ``X``, screened by a float32 product ``G = X32 @ Y32.T``.

    The screened value ``yadd[j] - 2 G[i, j]`` is within ``err[i]`` of the exact
    ``||y_j||^2 - 2 x_i.y_j``, so every true k nearest has a screened value within
    ``2 err[i]`` of the k-th smallest screened value. Those candidates (a handful on real
    data) get their exact reduced distance (``_reduced``, in float64); the k smallest,
    sorted by (distance, index), are written. A row with more than ``max_candidates``
    candidates (near-duplicate data) gets ``out_ind[i, 0] = -1``: the caller computes it
    in float64 instead.
    """
    n, m = G.shape
    cand = np.empty(m, dtype=np.intp)
    for i in range(n):
        vals = out_val[i]
        inds = out_ind[i]
        row = G[i]
        limit = _row_topk(row, -2.0, yadd, vals, inds) + 2.0 * err[i]
        nc = 0
        for j in range(m):
            if -2.0 * row[j] + yadd[j] <= limit:
                if nc == max_candidates:
                    nc = -1
                    break
                cand[nc] = j
                nc += 1
        if nc < 0:
            inds[0] = -1
            continue
        _heap_reset(vals, inds, m)
        worst = np.inf
        for c in range(nc):
            j = cand[c]
            v = _reduced(X, row0 + i, Y, j, 0, 2.0)
            if v < worst:
                _heap_push(vals, inds, v, j)
                worst = vals[0]
        _heap_sort(vals, inds)


@njit(cache=True, nogil=True, inline="always")
def _reduced(X, i, Y, j, code, p):
    d = X.shape[1]
    acc = 0.0
    if code == 0:
        for f in range(d):
            t = np.float64(X[i, f]) - np.float64(Y[j, f])
            acc += t * t
    elif code == 1:
        for f in range(d):
            acc += abs(np.float64(X[i, f]) - np.float64(Y[j, f]))
    elif code == 2:
        for f in range(d):
            t = abs(np.float64(X[i, f]) - np.float64(Y[j, f]))
            if t > acc:
                acc = t
    elif code == 3:
        for f in range(d):
            acc += abs(np.float64(X[i, f]) - np.float64(Y[j, f])) ** p
    else:
        nx = 0.0
        ny = 0.0
        for f in range(d):
            a = np.float64(X[i, f])
            b = np.float64(Y[j, f])
            acc += a * b
            nx += a * a
            ny += b * b
        if nx == 0.0 or ny == 0.0:
            acc = 1.0
        else:
            acc = 1.0 - acc / (math.sqrt(nx) * math.sqrt(ny))
        if acc < 0.0:
            acc = 0.0
        elif acc > 2.0:
            acc = 2.0
    return acc


@njit(cache=True, nogil=True)
def pair_distances(X, Y, rows, cols, code, p, out):
    """Exact reduced distance between ``X[rows[t]]`` and ``Y[cols[t]]`` for every t."""
    for t in range(rows.shape[0]):
        out[t] = _reduced(X, rows[t], Y, cols[t], code, p)


@njit(cache=True, nogil=True)
def pairwise_chunk(X, Y, code, p, out):
    """Reduced distances of every row of ``X`` to every row of ``Y`` into ``out``."""
    for i in range(X.shape[0]):
        for j in range(Y.shape[0]):
            out[i, j] = _reduced(X, i, Y, j, code, p)


@njit(cache=True, nogil=True, inline="always")
def _accumulate(acc, t, code, p):
    """Add one coordinate difference ``t`` to a reduced-distance accumulator."""
    if code == 0:
        return acc + t * t
    if code == 1:
        return acc + abs(t)
    if code == 2:
        return max(acc, abs(t))
    return acc + abs(t) ** p


@njit(cache=True, nogil=True, inline="always")
def _reduced_csr(xd, xi, xs, xe, yd, yi, ys, ye, code, p):
    """:func:`_reduced` for two CSR rows with sorted indices (one merge of the two)."""
    if code == 4:
        dot = 0.0
        nx = 0.0
        ny = 0.0
        a = xs
        b = ys
        while a < xe and b < ye:
            if xi[a] == yi[b]:
                dot += np.float64(xd[a]) * np.float64(yd[b])
                a += 1
                b += 1
            elif xi[a] < yi[b]:
                a += 1
            else:
                b += 1
        for a in range(xs, xe):
            nx += np.float64(xd[a]) * np.float64(xd[a])
        for b in range(ys, ye):
            ny += np.float64(yd[b]) * np.float64(yd[b])
        if nx == 0.0 or ny == 0.0:
            return 1.0
        return min(max(1.0 - dot / (math.sqrt(nx) * math.sqrt(ny)), 0.0), 2.0)
    acc = 0.0
    a = xs
    b = ys
    while a < xe or b < ye:
        if b >= ye or (a < xe and xi[a] < yi[b]):
            t = np.float64(xd[a])
            a += 1
        elif a >= xe or yi[b] < xi[a]:
            t = -np.float64(yd[b])
            b += 1
        else:
            t = np.float64(xd[a]) - np.float64(yd[b])
            a += 1
            b += 1
        acc = _accumulate(acc, t, code, p)
    return acc


@njit(cache=True, nogil=True)
def pair_distances_csr(xd, xi, xp, yd, yi, yp, rows, cols, code, p, out):
    """:func:`pair_distances` for CSR ``X`` and ``Y`` (sorted indices)."""
    for t in range(rows.shape[0]):
        i = rows[t]
        j = cols[t]
        out[t] = _reduced_csr(xd, xi, xp[i], xp[i + 1], yd, yi, yp[j], yp[j + 1], code, p)


@njit(cache=True, nogil=True)
def pairwise_chunk_csr(xd, xi, xp, start, stop, yd, yi, yp, code, p, out):
    """:func:`pairwise_chunk` for CSR rows ``start:stop`` of X against every row of Y."""
    n_y = yp.shape[0] - 1
    for i in range(start, stop):
        for j in range(n_y):
            out[i - start, j] = _reduced_csr(
                xd, xi, xp[i], xp[i + 1], yd, yi, yp[j], yp[j + 1], code, p
            )
