"""numba kernels for k-means: k-means++ steps, Lloyd assignment, Elkan iterations, inertia.

Dense inputs only (C-contiguous float32/float64). The distance products come from BLAS
(numpy, threaded) on row chunks; the kernels here fuse what follows (argmin, weighted sums,
k-means++ potentials) into one pass over the chunk. Elkan's kernels are parallel over rows
(``prange``), with per-block partial sums reduced in block order.
"""

import math

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _block_bounds(n, n_blocks, b):
    size = (n + n_blocks - 1) // n_blocks
    start = min(b * size, n)
    end = min(start + size, n)
    return start, end


@njit(cache=True, nogil=True)
def kmeanspp_chunk(dots, start, x_sq, c_sq, sample_weight, closest, out_dist, pot):
    """Rows ``start:start+dots.shape[1]`` of one k-means++ step.

    dots : (n_trials, rows) = candidates @ X_chunk.T (from BLAS: a short, wide product is
    the fast orientation). out_dist[t, i] gets min(closest[i], max(||x_i||^2 - 2 x_i.c_t +
    ||c_t||^2, 0)); pot[t] accumulates the weighted sums.
    """
    n_trials, rows = dots.shape
    for t in range(n_trials):
        acc = 0.0
        for i in range(rows):
            ii = start + i
            d = -2.0 * dots[t, i] + c_sq[t] + x_sq[ii]
            if d < 0.0:
                d = 0.0
            if closest[ii] < d:
                d = closest[ii]
            out_dist[t, ii] = d
            acc += d * sample_weight[ii]
        pot[t] += acc


@njit(cache=True, nogil=True)
def assign_chunk(
    X, start, dots, c_sq, sample_weight, labels, sums, weight_in_clusters, update_centers
):
    """Labels of rows ``start:start+len(dots)`` (argmin of ||c||^2 - 2 x.c, first wins)
    and, if update_centers, their weighted sums per cluster."""
    k = dots.shape[1]
    n_features = X.shape[1]
    for i in range(dots.shape[0]):
        ii = start + i
        best = c_sq[0] - 2 * dots[i, 0]
        lab = 0
        for j in range(1, k):
            d = c_sq[j] - 2 * dots[i, j]
            if d < best:
                best = d
                lab = j
        labels[ii] = lab
        if update_centers:
            w = sample_weight[ii]
            weight_in_clusters[lab] += w
            for f in range(n_features):
                sums[lab, f] += X[ii, f] * w


@njit(cache=True, nogil=True)
def inertia_dense(X, sample_weight, centers, labels):
    """Sum of weighted squared distances of the samples to their centre."""
    n, n_features = X.shape
    acc = 0.0
    for i in range(n):
        lab = labels[i]
        s = 0.0
        for f in range(n_features):
            t = X[i, f] - centers[lab, f]
            s += t * t
        acc += s * sample_weight[i]
    return acc


@njit(cache=True, nogil=True)
def _dist(X, i, C, j):
    s = 0.0
    for f in range(X.shape[1]):
        t = X[i, f] - C[j, f]
        s += t * t
    return math.sqrt(s)


@njit(cache=True, nogil=True, parallel=True)
def elkan_init_bounds(X, centers, center_half_distances, labels, upper_bounds, lower_bounds):
    n = X.shape[0]
    k = centers.shape[0]
    for i in prange(n):
        best = 0
        min_dist = _dist(X, i, centers, 0)
        lower_bounds[i, 0] = min_dist
        for j in range(1, k):
            if min_dist > center_half_distances[best, j]:
                d = _dist(X, i, centers, j)
                lower_bounds[i, j] = d
                if d < min_dist:
                    min_dist = d
                    best = j
        labels[i] = best
        upper_bounds[i] = min_dist


@njit(cache=True, nogil=True, parallel=True)
def elkan_iter(
    X,
    sample_weight,
    centers_old,
    centers_new,
    weight_in_clusters,
    center_half_distances,
    distance_next_center,
    upper_bounds,
    lower_bounds,
    labels,
    n_blocks,
    update_centers,
):
    """One Elkan step (scikit-learn's bounds); raw weighted sums into ``centers_new``."""
    n, n_features = X.shape
    k = centers_old.shape[0]
    part_sums = np.zeros((n_blocks, k, n_features), dtype=X.dtype)
    part_w = np.zeros((n_blocks, k), dtype=X.dtype)
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        for i in range(start, end):
            upper_bound = upper_bounds[i]
            bounds_tight = False
            label = labels[i]
            if not distance_next_center[label] >= upper_bound:
                for j in range(k):
                    if (
                        j != label
                        and upper_bound > lower_bounds[i, j]
                        and upper_bound > center_half_distances[label, j]
                    ):
                        if not bounds_tight:
                            upper_bound = _dist(X, i, centers_old, label)
                            lower_bounds[i, label] = upper_bound
                            bounds_tight = True
                        if (
                            upper_bound > lower_bounds[i, j]
                            or upper_bound > center_half_distances[label, j]
                        ):
                            d = _dist(X, i, centers_old, j)
                            lower_bounds[i, j] = d
                            if d < upper_bound:
                                label = j
                                upper_bound = d
                labels[i] = label
                upper_bounds[i] = upper_bound
            if update_centers:
                w = sample_weight[i]
                part_w[b, label] += w
                for f in range(n_features):
                    part_sums[b, label, f] += X[i, f] * w
    if update_centers:
        centers_new[:] = 0
        weight_in_clusters[:] = 0
        for b in range(n_blocks):
            for j in range(k):
                weight_in_clusters[j] += part_w[b, j]
                for f in range(n_features):
                    centers_new[j, f] += part_sums[b, j, f]


@njit(cache=True, nogil=True, parallel=True)
def elkan_shift_bounds(upper_bounds, lower_bounds, labels, center_shift):
    n, k = lower_bounds.shape
    for i in prange(n):
        upper_bounds[i] += center_shift[labels[i]]
        for j in range(k):
            v = lower_bounds[i, j] - center_shift[j]
            lower_bounds[i, j] = v if v > 0 else 0


@njit(cache=True, nogil=True)
def minibatch_update(X, sample_weight, centers_old, centers_new, weight_sums, labels):
    """scikit-learn's per-centre mini-batch update (counts-weighted running mean)."""
    n, n_features = X.shape
    k = centers_old.shape[0]
    # group sample indices by label
    counts = np.zeros(k + 1, dtype=np.int64)
    for i in range(n):
        counts[labels[i] + 1] += 1
    for j in range(k):
        counts[j + 1] += counts[j]
    order = np.empty(n, dtype=np.int64)
    pos = counts[:k].copy()
    for i in range(n):
        lab = labels[i]
        order[pos[lab]] = i
        pos[lab] += 1
    for j in range(k):
        wsum = 0.0
        for p in range(counts[j], counts[j + 1]):
            wsum += sample_weight[order[p]]
        if wsum > 0:
            for f in range(n_features):
                centers_new[j, f] = centers_old[j, f] * weight_sums[j]
            for p in range(counts[j], counts[j + 1]):
                i = order[p]
                w = sample_weight[i]
                for f in range(n_features):
                    centers_new[j, f] += X[i, f] * w
            weight_sums[j] += wsum
            alpha = 1.0 / weight_sums[j]
            for f in range(n_features):
                centers_new[j, f] *= alpha
        else:
            for f in range(n_features):
                centers_new[j, f] = centers_old[j, f]


@njit(cache=True, nogil=True, parallel=True)
def assign_direct(X, sample_weight, centers_t, c_sq, labels, part_sums, part_w, update_centers):
    """Labels and per-block weighted sums for few clusters, without BLAS.

    For small k a BLAS product is inefficient (a narrow matrix); here each row's k dot
    products are accumulated feature by feature across the k clusters (vectorised over k),
    and the argmin and the weighted sums follow in the same pass. Rows are split into one
    block per entry of ``part_w`` (threads), each with its own partial sums.
    """
    n, n_features = X.shape
    k = centers_t.shape[1]
    n_blocks = part_w.shape[0]
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        acc = np.empty(k, dtype=X.dtype)
        for i in range(start, end):
            for j in range(k):
                acc[j] = 0
            for f in range(n_features):
                xf = X[i, f]
                for j in range(k):
                    acc[j] += xf * centers_t[f, j]
            best = c_sq[0] - 2 * acc[0]
            lab = 0
            for j in range(1, k):
                d = c_sq[j] - 2 * acc[j]
                if d < best:
                    best = d
                    lab = j
            labels[i] = lab
            if update_centers:
                w = sample_weight[i]
                part_w[b, lab] += w
                for f in range(n_features):
                    part_sums[b, lab, f] += X[i, f] * w


@njit(cache=True, nogil=True)
def _shift_maxima(shift):
    """Largest centre shift, its index, and the second largest."""
    m1 = 0.0
    a1 = -1
    m2 = 0.0
    for j in range(shift.shape[0]):
        v = shift[j]
        if v > m1:
            m2 = m1
            m1 = v
            a1 = j
        elif v > m2:
            m2 = v
    return m1, a1, m2


@njit(cache=True, nogil=True)
def _max_norm(c_sq):
    c_max = 0.0
    for j in range(c_sq.shape[0]):
        if c_sq[j] > c_max:
            c_max = c_sq[j]
    return math.sqrt(c_max)


@njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def _shifted_bounds_separate(
    X, i, centers, labels, upper, lower, shift, x_sq, m1, a1, m2, m_coef, c_max
):
    """Hamerly's test for row i after the centres moved by ``shift``: moves the bounds,
    and if they no longer separate, tightens the upper bound to the exact distance to the
    assigned centre. True if the label is certain (with a margin for the rounding of the
    distances that plain Lloyd compares)."""
    lab = labels[i]
    u = upper[i] + shift[lab]
    lo = lower[i] - (m2 if lab == a1 else m1)
    lower[i] = lo
    margin = m_coef * (math.sqrt(x_sq[i]) + c_max)
    if u + margin < lo:
        upper[i] = u
        return True
    s = 0.0
    for f in range(X.shape[1]):
        t = X[i, f] - centers[lab, f]
        s += t * t
    u = math.sqrt(s)
    upper[i] = u
    return u + margin < lo


@njit(cache=True, nogil=True, parallel=True, fastmath={"reassoc", "contract"})
def assign_bounded(X, centers, c_sq, x_sq, labels, upper, lower, shift, first, m_coef):
    """Lloyd assignment for few clusters with Hamerly's bounds (distances in numba).

    ``upper[i]`` bounds the distance to the assigned centre and ``lower[i]`` the distance
    to any other; after the centres moved by ``shift``, a sample whose bounds still
    separate (with a margin for rounding) keeps its label without computing all distances:
    the labels are those of plain Lloyd. Other samples (and all when ``first``) get the k
    distances, the argmin of ``||c||^2 - 2 x.c`` (first wins) and exact bounds.
    """
    n, n_features = X.shape
    k = centers.shape[0]
    n_blocks = max(1, min(n, 256))
    m1, a1, m2 = _shift_maxima(shift)
    c_max = _max_norm(c_sq)
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        acc = np.empty(k, dtype=X.dtype)
        for i in range(start, end):
            if not first and _shifted_bounds_separate(
                X, i, centers, labels, upper, lower, shift, x_sq, m1, a1, m2, m_coef, c_max
            ):
                continue
            for j in range(k):
                a = 0.0
                for f in range(n_features):
                    a += X[i, f] * centers[j, f]
                acc[j] = a
            best = c_sq[0] - 2 * acc[0]
            second = np.inf
            lab = 0
            for j in range(1, k):
                d = c_sq[j] - 2 * acc[j]
                if d < best:
                    second = best
                    best = d
                    lab = j
                elif d < second:
                    second = d
            labels[i] = lab
            upper[i] = math.sqrt(max(best + x_sq[i], 0.0))
            lower[i] = math.sqrt(max(second + x_sq[i], 0.0))


@njit(cache=True, nogil=True, parallel=True)
def bounds_mark(X, centers, c_sq, x_sq, labels, upper, lower, shift, m_coef, marks):
    """Hamerly's test for every row (many clusters): marks[i] = 1 where the distances must
    be computed (their BLAS product and :func:`assign_rows` follow), 0 where the label is
    certain."""
    n = X.shape[0]
    m1, a1, m2 = _shift_maxima(shift)
    c_max = _max_norm(c_sq)
    for i in prange(n):
        if _shifted_bounds_separate(
            X, i, centers, labels, upper, lower, shift, x_sq, m1, a1, m2, m_coef, c_max
        ):
            marks[i] = 0
        else:
            marks[i] = 1


@njit(cache=True, nogil=True, parallel=True)
def assign_rows(rows, dots, c_sq, x_sq, labels, upper, lower):
    """Labels (argmin of ``||c||^2 - 2 x.c``, first wins) and exact Hamerly bounds of the
    rows ``rows``, whose products with the centres are ``dots`` (from BLAS)."""
    k = dots.shape[1]
    for r in prange(rows.shape[0]):
        i = rows[r]
        best = c_sq[0] - 2 * dots[r, 0]
        second = np.inf
        lab = 0
        for j in range(1, k):
            d = c_sq[j] - 2 * dots[r, j]
            if d < best:
                second = best
                best = d
                lab = j
            elif d < second:
                second = d
        labels[i] = lab
        upper[i] = math.sqrt(max(best + x_sq[i], 0.0))
        lower[i] = math.sqrt(max(second + x_sq[i], 0.0))


@njit(cache=True, nogil=True, parallel=True)
def weighted_sums(X, sample_weight, labels, part_sums, part_w):
    """Weighted sums per cluster, one partial per block (the caller sums them in order)."""
    n, n_features = X.shape
    n_blocks = part_w.shape[0]
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        for j in range(part_w.shape[1]):
            part_w[b, j] = 0
            for f in range(n_features):
                part_sums[b, j, f] = 0
        for i in range(start, end):
            lab = labels[i]
            w = sample_weight[i]
            part_w[b, lab] += w
            for f in range(n_features):
                part_sums[b, lab, f] += X[i, f] * w


@njit(cache=True, nogil=True)
def delta_sums(X, sample_weight, labels, labels_old, sums):
    """Moves the weighted rows whose label changed from their old cluster's sums to the
    new one's. Returns how many rows changed."""
    n, n_features = X.shape
    changed = 0
    for i in range(n):
        new = labels[i]
        old = labels_old[i]
        if new != old:
            changed += 1
            w = sample_weight[i]
            for f in range(n_features):
                v = X[i, f] * w
                sums[old, f] -= v
                sums[new, f] += v
    return changed


@njit(cache=True, nogil=True, parallel=True)
def inertia_parts(X, sample_weight, centers, labels, parts):
    """Weighted squared distances to the assigned centres, one partial sum per block."""
    n, n_features = X.shape
    n_blocks = parts.shape[0]
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        acc = 0.0
        for i in range(start, end):
            lab = labels[i]
            s = 0.0
            for f in range(n_features):
                t = X[i, f] - centers[lab, f]
                s += t * t
            acc += s * sample_weight[i]
        parts[b] = acc


@njit(cache=True, nogil=True, parallel=True, fastmath={"reassoc", "contract"})
def kmeanspp_step(X, x_sq, cand, c_sq, sample_weight, closest, out_dist, pot_parts):
    """One k-means++ step over all rows, without BLAS: a product with a handful of
    candidates is memory-bound and BLAS does it poorly; here each row is read once.

    cand : (n_trials, n_features). out_dist[t, i] gets min(closest[i], max(||x_i||^2 -
    2 x_i.c_t + ||c_t||^2, 0)) (scikit-learn's arithmetic; the dot products are summed in
    any order, as BLAS does); pot_parts[b, t] gets the weighted sum over the rows of block b
    (the caller sums the blocks in order).
    """
    n, n_features = X.shape
    n_trials = cand.shape[0]
    n_blocks = pot_parts.shape[0]
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        pot = np.zeros(n_trials, dtype=np.float64)
        for i in range(start, end):
            w = sample_weight[i]
            ci = closest[i]
            xs = x_sq[i]
            for t in range(n_trials):
                a = 0.0
                for f in range(n_features):
                    a += X[i, f] * cand[t, f]
                d = -2.0 * a + c_sq[t] + xs
                if d < 0.0:
                    d = 0.0
                if ci < d:
                    d = ci
                out_dist[t, i] = d
                pot[t] += d * w
        for t in range(n_trials):
            pot_parts[b, t] = pot[t]
