"""numba kernels for k-means: k-means++ seeding, Lloyd and Elkan iterations, inertia.

Dense inputs only (C-contiguous float32/float64). Parallel kernels split the rows into one
block per thread (``prange``); each block keeps its own partial sums, reduced in block order
afterwards, so the result depends on the number of threads only through rounding.
"""

import math
import types

import numpy as np
from numba import njit, prange


def _renamed(fn, name):
    """A copy of ``fn`` under another name: compiled again (serial), cached separately."""
    g = types.FunctionType(fn.__code__, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    g.__qualname__ = name
    return g


@njit(cache=True, nogil=True)
def _block_bounds(n, n_blocks, b):
    size = (n + n_blocks - 1) // n_blocks
    start = min(b * size, n)
    end = min(start + size, n)
    return start, end


def _kmeanspp_trial(X, x_sq, sample_weight, cand, closest, n_blocks, chunk, out_dist, out_pot):
    """Distances of ``cand`` rows to every sample, min'ed with ``closest``.

    out_dist : (n_trials, n_samples) gets min(closest, ||x - c||^2 clipped at 0);
    out_pot : (n_blocks, n_trials) gets the weighted sum of each row per block.
    """
    n = X.shape[0]
    n_trials = cand.shape[0]
    cand_t = np.ascontiguousarray(cand.T)
    c_sq = np.zeros(n_trials, dtype=X.dtype)
    for t in range(n_trials):
        s = 0.0
        for f in range(X.shape[1]):
            s += cand[t, f] * cand[t, f]
        c_sq[t] = s
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        pot = np.zeros(n_trials, dtype=np.float64)
        for s0 in range(start, end, chunk):
            e0 = min(s0 + chunk, end)
            dots = np.dot(X[s0:e0], cand_t)
            for i in range(e0 - s0):
                ii = s0 + i
                for t in range(n_trials):
                    d = -2.0 * dots[i, t] + c_sq[t] + x_sq[ii]
                    if d < 0.0:
                        d = 0.0
                    if closest[ii] < d:
                        d = closest[ii]
                    out_dist[t, ii] = d
                    pot[t] += d * sample_weight[ii]
        for t in range(n_trials):
            out_pot[b, t] = pot[t]


def _lloyd_iter(
    X,
    sample_weight,
    centers,
    centers_new,
    weight_in_clusters,
    labels,
    n_blocks,
    chunk,
    update_centers,
):
    """One Lloyd step: labels of every sample, and (if update_centers) weighted sums.

    ``centers_new`` and ``weight_in_clusters`` receive the raw weighted sums (not averaged).
    Distances follow scikit-learn's arithmetic: ||c||^2 - 2 x.c, argmin with first-wins ties.
    """
    n, n_features = X.shape
    k = centers.shape[0]
    centers_t = np.ascontiguousarray(centers.T)
    c_sq = np.zeros(k, dtype=X.dtype)
    for j in range(k):
        s = 0.0
        for f in range(n_features):
            s += centers[j, f] * centers[j, f]
        c_sq[j] = s
    part_sums = np.zeros((n_blocks, k, n_features), dtype=X.dtype)
    part_w = np.zeros((n_blocks, k), dtype=X.dtype)
    for b in prange(n_blocks):
        start, end = _block_bounds(n, n_blocks, b)
        for s0 in range(start, end, chunk):
            e0 = min(s0 + chunk, end)
            dots = np.dot(X[s0:e0], centers_t)
            for i in range(e0 - s0):
                ii = s0 + i
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
                    part_w[b, lab] += w
                    for f in range(n_features):
                        part_sums[b, lab, f] += X[ii, f] * w
    if update_centers:
        centers_new[:] = 0
        weight_in_clusters[:] = 0
        for b in range(n_blocks):
            for j in range(k):
                weight_in_clusters[j] += part_w[b, j]
                for f in range(n_features):
                    centers_new[j, f] += part_sums[b, j, f]


@njit(cache=True, nogil=True)
def finish_centers(
    X, sample_weight, centers_old, centers_new, weight_in_clusters, labels, center_shift
):
    """Relocate empty clusters, average the sums, compute the centre shifts (as sklearn)."""
    k, n_features = centers_new.shape
    n_empty = 0
    for j in range(k):
        if weight_in_clusters[j] == 0:
            n_empty += 1
    if n_empty > 0:
        n = X.shape[0]
        dist = np.empty(n, dtype=X.dtype)
        for i in range(n):
            s = 0.0
            lab = labels[i]
            for f in range(n_features):
                t = X[i, f] - centers_old[lab, f]
                s += t * t
            dist[i] = s
        if dist.max() > 0:
            far = np.argsort(-dist, kind="mergesort")[:n_empty]
            idx = 0
            for j in range(k):
                if weight_in_clusters[j] == 0:
                    far_idx = far[idx]
                    idx += 1
                    w = sample_weight[far_idx]
                    old = labels[far_idx]
                    for f in range(n_features):
                        centers_new[old, f] -= X[far_idx, f] * w
                        centers_new[j, f] = X[far_idx, f] * w
                    weight_in_clusters[j] = w
                    weight_in_clusters[old] -= w
    argmax_w = np.argmax(weight_in_clusters)
    for j in range(k):
        if weight_in_clusters[j] > 0:
            alpha = 1.0 / weight_in_clusters[j]
            for f in range(n_features):
                centers_new[j, f] *= alpha
    for j in range(k):
        if not weight_in_clusters[j] > 0:
            for f in range(n_features):
                centers_new[j, f] = centers_new[argmax_w, f]
    for j in range(k):
        s = 0.0
        for f in range(n_features):
            t = centers_new[j, f] - centers_old[j, f]
            s += t * t
        center_shift[j] = math.sqrt(s)


def _inertia_dense(X, sample_weight, centers, labels, n_blocks):
    """Sum of weighted squared distances of the samples to their centre."""
    n, n_features = X.shape
    part = np.zeros(n_blocks, dtype=np.float64)
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
        part[b] = acc
    return part.sum()


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


kmeanspp_trial = njit(cache=True, nogil=True, parallel=True)(_kmeanspp_trial)
kmeanspp_trial_serial = njit(cache=True, nogil=True)(
    _renamed(_kmeanspp_trial, "kmeanspp_trial_serial")
)


lloyd_iter = njit(cache=True, nogil=True, parallel=True)(_lloyd_iter)
lloyd_iter_serial = njit(cache=True, nogil=True)(_renamed(_lloyd_iter, "lloyd_iter_serial"))


inertia_dense = njit(cache=True, nogil=True, parallel=True)(_inertia_dense)
inertia_dense_serial = njit(cache=True, nogil=True)(
    _renamed(_inertia_dense, "inertia_dense_serial")
)
