"""Numba kernels of the KD-tree and the ball tree (one kernel serves both: ``kind``).

Layout (scikit-learn's): node ``i`` has children ``2i+1`` and ``2i+2``; node ``i`` owns
``idx_array[node_start[i]:node_end[i]]``; ``node_leaf[i]`` is 1 for a leaf, 0 for an
inner node, -1 for an unused slot. kind 0 = KD-tree (``lo``/``hi`` bounding boxes),
kind 1 = ball tree (``centroids`` and ``radii``).
Metric codes: 0 euclidean, 1 manhattan, 2 chebyshev, 3 minkowski; distances are reduced
(squared, or ``p``-th power) except ball radii, which are true distances.
"""

import math

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True, inline="always")
def _rdist(X, i, Y, j, code, p):
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
    else:
        for f in range(d):
            acc += abs(np.float64(X[i, f]) - np.float64(Y[j, f])) ** p
    return acc


@njit(cache=True, nogil=True, inline="always")
def _dist(X, i, Y, j, code, p):
    """``_rdist`` with the euclidean case first and branch-free (the common one)."""
    if code == 0:
        acc = 0.0
        for f in range(X.shape[1]):
            z = np.float64(X[i, f]) - Y[j, f]
            acc += z * z
        return acc
    return _rdist(X, i, Y, j, code, p)


@njit(cache=True, nogil=True, inline="always")
def _r2d(r, code, p):
    if code == 0:
        return math.sqrt(r)
    if code == 3:
        return r ** (1.0 / p)
    return r


@njit(cache=True, nogil=True, inline="always")
def _d2r(d, code, p):
    if code == 0:
        return d * d
    if code == 3:
        return d**p
    return d


@njit(cache=True, nogil=True, inline="always")
def _swap(ws, idx, a, b):
    idx[a], idx[b] = idx[b], idx[a]
    for f in range(ws.shape[1]):
        ws[a, f], ws[b, f] = ws[b, f], ws[a, f]


@njit(cache=True, nogil=True)
def _select(ws, idx, lo, hi, nth, dim):
    """Partial sort of rows ``lo:hi`` of ``ws`` (and of ``idx`` with them) so that row
    ``nth`` holds its order statistic along ``dim`` (quickselect, median-of-three)."""
    left = lo
    right = hi - 1
    while right > left:
        mid = (left + right) // 2
        a = ws[left, dim]
        b = ws[mid, dim]
        c = ws[right, dim]
        if (a <= b <= c) or (c <= b <= a):
            piv = mid
        elif (b <= a <= c) or (c <= a <= b):
            piv = left
        else:
            piv = right
        pv = ws[piv, dim]
        _swap(ws, idx, piv, right)
        store = left
        for t in range(left, right):
            if ws[t, dim] < pv:
                _swap(ws, idx, store, t)
                store += 1
        _swap(ws, idx, store, right)
        if store == nth:
            return
        if store < nth:
            left = store + 1
        else:
            right = store - 1


@njit(cache=True, nogil=True)
def build(ws, idx, node_start, node_end, node_leaf, kind, code, p, lo, hi, centroids, radii):
    """Build the tree in place (arrays sized by the caller).

    ``ws`` starts as a copy of the data and ends in tree order (``ws[t]`` is the point
    ``idx[t]``): every pass reads contiguous rows."""
    n_nodes = node_start.shape[0]
    d = ws.shape[1]
    node_leaf[:] = -1
    node_start[0] = 0
    node_end[0] = ws.shape[0]
    node_leaf[0] = 0
    spread_lo = np.empty(d)
    spread_hi = np.empty(d)
    total = np.empty(d)
    for i in range(n_nodes):
        if node_leaf[i] == -1:
            continue
        s = node_start[i]
        e = node_end[i]
        # one pass: the bounding box (KD bounds and the split dimension), the sum
        for f in range(d):
            spread_lo[f] = np.inf
            spread_hi[f] = -np.inf
            total[f] = 0.0
        for t in range(s, e):
            for f in range(d):
                v = ws[t, f]
                total[f] += v
                if v < spread_lo[f]:
                    spread_lo[f] = v
                if v > spread_hi[f]:
                    spread_hi[f] = v
        if kind == 0:
            for f in range(d):
                lo[i, f] = spread_lo[f]
                hi[i, f] = spread_hi[f]
        else:
            for f in range(d):
                centroids[i, f] = total[f] / (e - s)
            cen = centroids[i]
            rad = 0.0
            if code == 0:
                for t in range(s, e):
                    rr = 0.0
                    for f in range(d):
                        z = ws[t, f] - cen[f]
                        rr += z * z
                    rad = max(rad, rr)
            else:
                for t in range(s, e):
                    rad = max(rad, _rdist(centroids, i, ws, t, code, p))
            radii[i] = _r2d(rad, code, p)
        left = 2 * i + 1
        if left >= n_nodes or e - s < 2:
            node_leaf[i] = 1
            continue
        node_leaf[i] = 0
        # split along the dimension of largest spread, at the median
        best = -1.0
        dim = 0
        for f in range(d):
            if spread_hi[f] - spread_lo[f] > best:
                best = spread_hi[f] - spread_lo[f]
                dim = f
        mid = s + (e - s) // 2
        _select(ws, idx, s, e, mid, dim)
        node_start[left] = s
        node_end[left] = mid
        node_leaf[left] = 0
        node_start[left + 1] = mid
        node_end[left + 1] = e
        node_leaf[left + 1] = 0


@njit(cache=True, nogil=True, inline="always")
def _min_rdist(x, q, node, kind, code, p, lo, hi, centroids, radii):
    d = x.shape[1]
    if kind == 0:
        acc = 0.0
        for f in range(d):
            v = np.float64(x[q, f])
            a = lo[node, f] - v
            b = v - hi[node, f]
            t = a if a > b else b
            if t < 0.0:
                t = 0.0
            if code == 0:
                acc += t * t
            elif code == 1:
                acc += t
            elif code == 2:
                if t > acc:
                    acc = t
            else:
                acc += t**p
        return acc
    dist = _r2d(_dist(x, q, centroids, node, code, p), code, p) - radii[node]
    if dist < 0.0:
        dist = 0.0
    return _d2r(dist, code, p)


@njit(cache=True, nogil=True, inline="always")
def _max_rdist(x, q, node, kind, code, p, lo, hi, centroids, radii):
    d = x.shape[1]
    if kind == 0:
        acc = 0.0
        for f in range(d):
            v = np.float64(x[q, f])
            a = abs(v - lo[node, f])
            b = abs(v - hi[node, f])
            t = a if a > b else b
            if code == 0:
                acc += t * t
            elif code == 1:
                acc += t
            elif code == 2:
                if t > acc:
                    acc = t
            else:
                acc += t**p
        return acc
    dist = _r2d(_dist(x, q, centroids, node, code, p), code, p) + radii[node]
    return _d2r(dist, code, p)


@njit(cache=True, nogil=True, inline="always")
def _heap_push(vals, inds, v, j):
    k = vals.shape[0]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= k:
            break
        right = left + 1
        if (
            right >= k
            or vals[left] > vals[right]
            or (vals[left] == vals[right] and inds[left] > inds[right])
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
def _heap_sort(vals, inds):
    k = vals.shape[0]
    for end in range(k - 1, 0, -1):
        v = vals[end]
        j = inds[end]
        vals[end] = vals[0]
        inds[end] = inds[0]
        i = 0
        while True:
            left = 2 * i + 1
            if left >= end:
                break
            right = left + 1
            if (
                right >= end
                or vals[left] > vals[right]
                or (vals[left] == vals[right] and inds[left] > inds[right])
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


@njit(cache=True, nogil=True, parallel=True)
def query_knn(
    data,
    idx,
    node_start,
    node_end,
    node_leaf,
    kind,
    code,
    p,
    lo,
    hi,
    centroids,
    radii,
    x,
    out_val,
    out_ind,
):
    """k nearest neighbours (reduced distances) of each row of ``x``, depth first.

    ``data`` is in tree order (``data[t]`` is the point ``idx[t]``): leaves are scanned
    contiguously."""
    n_q = x.shape[0]
    k = out_val.shape[1]
    n_nodes = node_start.shape[0]
    depth = 1
    while (1 << depth) - 1 < n_nodes:
        depth += 1
    for q in prange(n_q):
        vals = out_val[q]
        inds = out_ind[q]
        for t in range(k):
            vals[t] = np.inf
            inds[t] = data.shape[0]
        stack_node = np.empty(2 * depth + 4, dtype=np.intp)
        stack_d = np.empty(2 * depth + 4, dtype=np.float64)
        top = 0
        stack_node[0] = 0
        stack_d[0] = _min_rdist(x, q, 0, kind, code, p, lo, hi, centroids, radii)
        top = 1
        while top > 0:
            top -= 1
            node = stack_node[top]
            dn = stack_d[top]
            if dn > vals[0]:
                continue
            if node_leaf[node] == 1:
                for t in range(node_start[node], node_end[node]):
                    r = _dist(x, q, data, t, code, p)
                    if r < vals[0]:
                        _heap_push(vals, inds, r, idx[t])
                    elif r == vals[0] and idx[t] < inds[0]:
                        _heap_push(vals, inds, r, idx[t])
            else:
                c1 = 2 * node + 1
                c2 = c1 + 1
                d1 = _min_rdist(x, q, c1, kind, code, p, lo, hi, centroids, radii)
                d2 = _min_rdist(x, q, c2, kind, code, p, lo, hi, centroids, radii)
                if d1 <= d2:
                    stack_node[top] = c2
                    stack_d[top] = d2
                    stack_node[top + 1] = c1
                    stack_d[top + 1] = d1
                else:
                    stack_node[top] = c1
                    stack_d[top] = d1
                    stack_node[top + 1] = c2
                    stack_d[top + 1] = d2
                top += 2
        _heap_sort(vals, inds)


@njit(cache=True, nogil=True, parallel=True)
def query_radius(
    data,
    idx,
    node_start,
    node_end,
    node_leaf,
    kind,
    code,
    p,
    lo,
    hi,
    centroids,
    radii,
    x,
    red_r,
    offsets,
    out_ind,
    out_val,
    counts,
    need_dist,
):
    """Neighbours within reduced radius ``red_r[q]``; counts only when ``offsets`` is
    empty, else writes them from ``offsets[q]`` in ``out_ind``/``out_val`` (the
    distances only when ``need_dist``). ``data`` is in tree order."""
    n_q = x.shape[0]
    n_nodes = node_start.shape[0]
    fill = offsets.shape[0] > 0
    depth = 1
    while (1 << depth) - 1 < n_nodes:
        depth += 1
    for q in prange(n_q):
        rq = red_r[q]
        stack = np.empty(2 * depth + 4, dtype=np.intp)
        stack[0] = 0
        top = 1
        c = 0
        pos = offsets[q] if fill else 0
        while top > 0:
            top -= 1
            node = stack[top]
            if _min_rdist(x, q, node, kind, code, p, lo, hi, centroids, radii) > rq:
                continue
            if not (fill and need_dist) and (
                _max_rdist(x, q, node, kind, code, p, lo, hi, centroids, radii) <= rq
            ):
                # the whole node is inside: no distance to compute
                for t in range(node_start[node], node_end[node]):
                    if fill:
                        out_ind[pos + c] = idx[t]
                    c += 1
                continue
            if node_leaf[node] == 1:
                for t in range(node_start[node], node_end[node]):
                    r = _dist(x, q, data, t, code, p)
                    if r <= rq:
                        if fill:
                            out_ind[pos + c] = idx[t]
                            out_val[pos + c] = r
                        c += 1
            else:
                stack[top] = 2 * node + 2
                stack[top + 1] = 2 * node + 1
                top += 2
        counts[q] = c
