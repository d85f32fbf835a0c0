"""K-means clustering: KMeans (Lloyd and Elkan), MiniBatchKMeans, k-means++ seeding.

The algorithms are scikit-learn's, step for step (same random calls, same convergence
tests, same empty-cluster relocation), so that the same ``random_state`` gives the same
model. Dense data goes through numba kernels (``_kmeans_kernels``) that compute distances
with chunked BLAS (``X_chunk @ C.T``) inside a ``prange`` over row blocks; sparse CSR data
goes through scipy.
"""

import contextlib
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
)
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.extmath import blas_single_thread, row_norms
from ..utils.validation import (
    _check_sample_weight,
    check_array,
    check_is_fitted,
    check_random_state,
    issparse,
    validate_data,
)

__all__ = ["KMeans", "MiniBatchKMeans", "k_means", "kmeans_plusplus"]


def _kernels():
    from . import _kmeans_kernels

    return _kmeans_kernels


def _n_blocks():
    import numba

    return int(numba.get_num_threads())


# Few clusters or few features: distances in a numba kernel (a BLAS product is inefficient
# when narrow, and with few features it mostly writes the (rows, k) block to memory);
# otherwise BLAS products on row chunks. Few rows: no parallel region.
_DIRECT_MAX_K = 32
_DIRECT_MAX_FEATURES = 16
_DIRECT_MIN_ROWS = 20_000


def _chunk_rows(n_clusters, n_samples):
    """Rows per BLAS product: a (rows, k) block of ~4 MiB, at least 256 rows."""
    rows = (4 * 1024 * 1024) // (8 * max(n_clusters, 1))
    return int(max(1, min(n_samples, max(256, rows))))


def _assign(X, sample_weight, centers, labels, sums=None, weight_in_clusters=None):
    """Labels (and, with ``sums``, the weighted sums per cluster) of dense X.

    Distances are ``||c||^2 - 2 X_chunk @ C.T`` with the product from BLAS on row chunks
    (scikit-learn's arithmetic); one kernel pass per chunk takes the argmin and accumulates.
    """
    n, k = X.shape[0], centers.shape[0]
    c_sq = row_norms(centers, squared=True)
    update = sums is not None
    if (k <= _DIRECT_MAX_K or X.shape[1] <= _DIRECT_MAX_FEATURES) and n >= _DIRECT_MIN_ROWS:
        n_blocks = _n_blocks()
        part_sums = np.zeros((n_blocks, k, X.shape[1]) if update else (1, 1, 1), dtype=X.dtype)
        part_w = np.zeros((n_blocks, k), dtype=X.dtype)
        _kernels().assign_direct(
            X,
            sample_weight,
            _padded(centers),
            c_sq,
            labels,
            part_sums,
            part_w,
            update,
        )
        if update:
            sums[:] = part_sums.sum(axis=0)
            weight_in_clusters[:] = part_w.sum(axis=0)
        return labels
    kernel = _kernels().assign_chunk
    CT = centers.T
    chunk = _chunk_rows(k, n)
    if update:
        sums[:] = 0
        weight_in_clusters[:] = 0
    else:
        sums = np.empty((1, 1), dtype=X.dtype)
        weight_in_clusters = np.empty(1, dtype=X.dtype)

    def work(t, n_threads):
        # thread t takes every n_threads-th chunk: a BLAS product, then the serial kernel
        buf = np.empty((chunk, k), dtype=X.dtype)
        for s in range(t * chunk, n, n_threads * chunk):
            e = min(n, s + chunk)
            dots = np.matmul(X[s:e], CT, out=buf[: e - s])
            kernel(X, s, dots, c_sq, sample_weight, labels, sums, weight_in_clusters, update)

    n_threads = min(_n_blocks(), -(-n // chunk))
    if update or n < _DIRECT_MIN_ROWS or n_threads == 1:
        work(0, 1)  # one thread (the sums are accumulated in place)
        return labels
    # labels only, many rows (predict): row chunks in threads with BLAS on one thread each,
    # as the bounded Lloyd steps do (BLAS and numba threads never spin against each other)
    from concurrent.futures import ThreadPoolExecutor

    with blas_single_thread(), ThreadPoolExecutor(n_threads) as pool:
        for f in [pool.submit(work, t, n_threads) for t in range(n_threads)]:
            f.result()
    return labels


def _padded(centers):
    """The centres with zero rows up to a multiple of 4 (the numba kernels' ``_dots``
    take four centres per pass over a row)."""
    k = centers.shape[0]
    out = np.zeros((-(-k // 4) * 4, centers.shape[1]), dtype=centers.dtype)
    out[:k] = centers
    return out


def _blas_context():
    """Context for the BLAS products of the Lloyd/assignment steps.

    They run at BLAS's own thread count: the kernels that follow each product are serial,
    so there is no second level of parallelism to oversubscribe the cores.
    """
    return contextlib.nullcontext()


def _is_arraylike_not_scalar(x):
    return (hasattr(x, "__len__") or hasattr(x, "shape") or hasattr(x, "__array__")) and not (
        isinstance(x, str) or np.isscalar(x)
    )


def _tolerance(X, tol):
    """Tolerance scaled by the mean variance of the features (as scikit-learn)."""
    if tol == 0:
        return 0
    if issparse(X):
        mean = np.asarray(X.mean(axis=0)).ravel()
        mean_sq = np.asarray(X.multiply(X).mean(axis=0)).ravel()
        variances = mean_sq - mean**2
        return np.mean(variances) * tol
    if X.dtype != np.float64:
        return np.mean(np.var(X, axis=0)) * tol
    # the mean of the features' variances is the mean squared distance to the mean row:
    # summed over row chunks (np.var would hold a centred copy of X, and is 5x slower)
    mean = X.mean(axis=0)
    total = 0.0
    step = max(1, (1 << 18) // max(1, X.shape[1]))
    for start in range(0, X.shape[0], step):
        diff = X[start : start + step] - mean
        total += float(np.einsum("ij,ij->", diff, diff))
    return total / X.size * tol


# --------------------------------------------------------------------------------------
# k-means++
# --------------------------------------------------------------------------------------
def _sq_dist_rows_sparse(X, rows, x_squared_norms):
    """Squared distances of X[rows] to all samples of sparse X, shape (len(rows), n)."""
    C = X[rows]
    c_sq = np.asarray(C.multiply(C).sum(axis=1)).ravel()
    D = np.asarray((C @ X.T).toarray())
    D *= -2
    D += c_sq[:, None]
    D += x_squared_norms[None, :]
    np.maximum(D, 0, out=D)
    return D


def _kmeans_plusplus(
    X, n_clusters, x_squared_norms, sample_weight, random_state, n_local_trials=None
):
    """Greedy k-means++ with scikit-learn's sequence of random draws."""
    n_samples, n_features = X.shape
    centers = np.empty((n_clusters, n_features), dtype=X.dtype)
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))

    center_id = random_state.choice(n_samples, p=sample_weight / sample_weight.sum())
    indices = np.full(n_clusters, -1, dtype=int)
    sparse = issparse(X)
    centers[0] = X[[center_id]].toarray() if sparse else X[center_id]
    indices[0] = center_id

    if sparse:
        closest_dist_sq = _sq_dist_rows_sparse(X, [center_id], x_squared_norms)[0]
        current_pot = closest_dist_sq @ sample_weight
    else:
        kernel = _kernels().kmeanspp_step
        x_sq = np.ascontiguousarray(x_squared_norms, dtype=X.dtype)
        out_dist = np.empty((n_local_trials, n_samples), dtype=X.dtype)
        n_blocks = _n_blocks() if n_samples >= _DIRECT_MIN_ROWS else 1
        pot_parts = np.zeros((n_blocks, n_local_trials), dtype=np.float64)

        def trial(cand, closest, n_trials):
            c_sq = row_norms(cand, squared=True)
            cand = _padded(cand)
            parts = pot_parts[:, :n_trials]
            kernel(X, x_sq, cand, c_sq, sample_weight, closest, out_dist, parts)
            return parts.sum(axis=0)

        inf = np.full(n_samples, np.inf, dtype=X.dtype)
        pot0 = trial(centers[:1], inf, 1)
        closest_dist_sq = out_dist[0].copy()
        current_pot = pot0[0]

    for c in range(1, n_clusters):
        rand_vals = random_state.uniform(size=n_local_trials) * current_pot
        candidate_ids = np.searchsorted(np.cumsum(sample_weight * closest_dist_sq), rand_vals)
        np.clip(candidate_ids, None, closest_dist_sq.size - 1, out=candidate_ids)
        if sparse:
            dist = _sq_dist_rows_sparse(X, candidate_ids, x_squared_norms)
            np.minimum(closest_dist_sq, dist, out=dist)
            candidates_pot = dist @ sample_weight
        else:
            candidates_pot = trial(X[candidate_ids], closest_dist_sq, n_local_trials)
            dist = out_dist
        best = int(np.argmin(candidates_pot))
        current_pot = candidates_pot[best]
        closest_dist_sq = dist[best].copy()
        best_candidate = candidate_ids[best]
        centers[c] = X[[best_candidate]].toarray() if sparse else X[best_candidate]
        indices[c] = best_candidate
    return centers, indices


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "sample_weight": ["array-like", None],
        "x_squared_norms": ["array-like", None],
        "random_state": ["random_state"],
        "n_local_trials": [Interval(Integral, 1, None, closed="left"), None],
    }
)
def kmeans_plusplus(
    X,
    n_clusters,
    *,
    sample_weight=None,
    x_squared_norms=None,
    random_state=None,
    n_local_trials=None,
):
    """Pick ``n_clusters`` seeds from X with greedy k-means++.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        The data to pick seeds from.
    n_clusters : int
        The number of centroids to initialize.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the observations (None: all equal).
    x_squared_norms : array-like of shape (n_samples,), default=None
        Squared Euclidean norm of each sample; computed when None.
    random_state : int, RandomState instance or None, default=None
        Random number generation for the seeding (scikit-learn's sequence of draws).
    n_local_trials : int, default=None
        Seeding trials for each centre after the first; None means ``2 + int(log(k))``.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
        The initial centres.
    indices : ndarray of shape (n_clusters,)
        Their row indices in X.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import kmeans_plusplus
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> centers, indices = kmeans_plusplus(X, n_clusters=2, random_state=0)
    >>> centers
    array([[10,  2],
           [ 1,  0]])
    >>> indices
    array([3, 2])
    """
    X_in = X
    X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32], order="C")
    sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
    if X.shape[0] < n_clusters:
        raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={n_clusters}.")
    if x_squared_norms is None:
        x_squared_norms = row_norms(X, squared=True)
    else:
        x_squared_norms = check_array(x_squared_norms, dtype=X.dtype, ensure_2d=False)
    if x_squared_norms.shape[0] != X.shape[0]:
        raise ValueError(
            f"The length of x_squared_norms {x_squared_norms.shape[0]} should "
            f"be equal to the length of n_samples {X.shape[0]}."
        )
    random_state = check_random_state(random_state)
    centers, indices = _kmeans_plusplus(
        X, n_clusters, x_squared_norms, sample_weight, random_state, n_local_trials
    )
    if not issparse(X_in):
        X_arr = np.asarray(X_in)
        if X_arr.dtype.kind in "iub":  # scikit-learn returns rows of the input as given
            centers = X_arr[indices]
    return centers, indices


# --------------------------------------------------------------------------------------
# Lloyd / Elkan drivers
# --------------------------------------------------------------------------------------
def _finish_centers(X, sample_weight, centers_old, centers_new, weight_in_clusters, labels):
    """Relocate empty clusters, average sums, return centre shifts (scikit-learn's rules)."""
    empty = np.where(np.equal(weight_in_clusters, 0))[0].astype(np.int32)
    n_empty = empty.shape[0]
    if n_empty:
        if issparse(X):
            c_sq = row_norms(centers_old, squared=True)
            dots = np.asarray(X.multiply(centers_old[labels]).sum(axis=1)).ravel()
            distances = row_norms(X, squared=True) - 2 * dots + c_sq[labels]
            np.maximum(distances, 0, out=distances)
        else:
            distances = ((X - centers_old[labels]) ** 2).sum(axis=1)
        if np.max(distances) != 0:
            far = np.argpartition(distances, -n_empty)[: -n_empty - 1 : -1].astype(np.int32)
            for idx in range(n_empty):
                new_id = empty[idx]
                far_idx = far[idx]
                w = sample_weight[far_idx]
                old_id = labels[far_idx]
                row = X[[far_idx]].toarray()[0] if issparse(X) else X[far_idx]
                centers_new[old_id] -= row * w
                centers_new[new_id] = row * w
                weight_in_clusters[new_id] = w
                weight_in_clusters[old_id] -= w
    argmax_w = np.argmax(weight_in_clusters)
    pos = weight_in_clusters > 0
    centers_new[pos] *= (1.0 / weight_in_clusters[pos])[:, None].astype(centers_new.dtype)
    if not pos.all():
        centers_new[~pos] = centers_new[argmax_w]
    return np.sqrt(((centers_new - centers_old) ** 2).sum(axis=1))


def _labels_sparse(X, centers, chunk=4096):
    c_sq = row_norms(centers, squared=True)
    labels = np.empty(X.shape[0], dtype=np.int32)
    Ct = np.ascontiguousarray(centers.T)
    for s in range(0, X.shape[0], chunk):
        D = np.asarray(X[s : s + chunk] @ Ct)
        D *= -2
        D += c_sq
        labels[s : s + chunk] = np.argmin(D, axis=1)
    return labels


def _sums_sparse(X, sample_weight, labels, n_clusters):
    import scipy.sparse as sp

    n = X.shape[0]
    M = sp.csr_matrix((sample_weight, (labels, np.arange(n))), shape=(n_clusters, n))
    sums = np.asarray((M @ X).toarray(), dtype=X.dtype)
    w = np.bincount(labels, weights=sample_weight, minlength=n_clusters).astype(X.dtype)
    return sums, w


def _inertia(X, sample_weight, centers, labels):
    if issparse(X):
        c_sq = row_norms(centers, squared=True)
        dots = np.asarray(X.multiply(centers[labels]).sum(axis=1)).ravel()
        d = row_norms(X, squared=True) - 2 * dots + c_sq[labels]
        np.maximum(d, 0, out=d)
        return float(d @ sample_weight)
    if X.shape[0] < _DIRECT_MIN_ROWS:  # e.g. MiniBatchKMeans' batches
        return float(_kernels().inertia_serial(X, sample_weight, centers, labels))
    parts = np.zeros(_n_blocks(), dtype=np.float64)
    _kernels().inertia_parts(X, sample_weight, centers, labels, parts)
    return float(parts.sum())


def _labels_inertia(X, sample_weight, centers, return_inertia=True):
    """Closest centre of each sample (and the inertia)."""
    centers = np.ascontiguousarray(centers, dtype=X.dtype)
    if issparse(X):
        labels = _labels_sparse(X, centers)
    else:
        labels = np.empty(X.shape[0], dtype=np.int32)
        if X.shape[0]:
            _assign(X, sample_weight, centers, labels)
    if return_inertia:
        return labels, _inertia(X, sample_weight, centers, labels)
    return labels


# Bounded Lloyd (dense data, many rows): each row keeps an upper bound on the distance to
# its centre and lower bounds on the distances to the others (one per centre for few
# clusters, as Elkan's; one per group of centres for many, as Yinyang's). A row whose
# bounds still separate after the centres moved keeps its label without computing the
# distances to the other centres. The margin (relative to ||x|| + max ||c||) covers the
# rounding of the distances that plain Lloyd compares, so the labels are plain Lloyd's.
# The weighted sums per cluster are updated for the rows whose label changed only, and
# recomputed from scratch every _EXACT_SUMS_EVERY steps; the weights are exact each step.
_EXACT_SUMS_EVERY = 10
_BOUNDS_MAX_BYTES = 256 * 1024 * 1024


def _center_groups(centers, n_groups):
    """Groups of nearby centres (a few k-means steps on the centres), for Yinyang's bounds."""
    k = centers.shape[0]
    seeds = centers[np.linspace(0, k - 1, n_groups).astype(np.intp)].astype(np.float64)
    for _ in range(5):
        d = ((centers[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2)
        group = np.argmin(d, axis=1)
        for g in range(n_groups):
            members = group == g
            if members.any():
                seeds[g] = centers[members].mean(axis=0)
    return group.astype(np.int32)


def _bounded_state(X, x_squared_norms, n_clusters):
    n, d = X.shape
    if x_squared_norms is None:
        x_squared_norms = row_norms(X, squared=True)
    direct = n_clusters <= _DIRECT_MAX_K
    # few clusters: a bound per centre (Elkan's); many: a bound per group of centres
    n_groups = n_clusters if direct else max(1, min(32, n_clusters // 10))
    if n * n_groups * 8 > max(X.nbytes, _BOUNDS_MAX_BYTES):
        return None  # the bounds would take far more memory than X: plain Lloyd
    st = {
        "direct": direct,
        "x_sq": np.ascontiguousarray(x_squared_norms, dtype=np.float64),
        "x_norm": np.sqrt(np.asarray(x_squared_norms, dtype=np.float64)),
        "upper": np.zeros(n),
        "lower": np.zeros((n, n_groups)),
        "shift": np.zeros(n_clusters),
        "m_coef": 1e-6 if X.dtype == np.float64 else 1e-2,
        "first": True,
        "step": 0,
        # sums in float64 also for float32 data: they are updated, not recomputed, each step
        "sums": np.zeros((n_clusters, d)),
        # delta_sums' blocks: weights per cluster, and the rows that changed cluster
        "block_w": np.zeros((max(1, min(n // 4096, 64)), n_clusters)),
        "changed": np.empty(n, dtype=np.int64),
        "part_sums": np.zeros((_n_blocks(), n_clusters, d)),
        "part_w": np.zeros((_n_blocks(), n_clusters)),
    }
    if not direct:
        # threads over row chunks, each with BLAS on one thread (see _kmeans_single_lloyd)
        n_threads = _n_blocks()
        chunk = min(512, _chunk_rows(n_clusters, n))
        st["n_groups"] = n_groups
        st["marks"] = np.empty(n, dtype=np.uint8)
        st["dots"] = np.empty((n_threads, chunk, n_clusters), dtype=X.dtype)
        st["gather"] = np.empty((n_threads, chunk, d), dtype=X.dtype)
    return st


def _bounded_assign(X, centers, labels, st):
    """Labels of plain Lloyd for ``centers`` (the previous centres moved by st["shift"])."""
    K = _kernels()
    c_sq = row_norms(centers, squared=True)
    first = st["first"]
    st["first"] = False
    args = (st["x_sq"], labels, st["upper"], st["lower"])
    if st["direct"]:
        x_sq, x_norm, m_coef = st["x_sq"], st["x_norm"], st["m_coef"]
        upper, lower, shift = st["upper"], st["lower"], st["shift"]
        K.assign_bounded(
            X, _padded(centers), c_sq, x_sq, x_norm, labels, upper, lower, shift, first, m_coef
        )
        return
    n = X.shape[0]
    if first:
        group = _center_groups(centers, st["n_groups"])
        st["group"] = group
        # the centres in group order, each group's columns contiguous (see assign_rows)
        st["order"] = np.argsort(group, kind="stable").astype(np.intp)
        st["group_start"] = np.searchsorted(group[st["order"]], np.arange(st["n_groups"] + 1))
        rows = None
        n_rows = n
    else:
        group_shift = np.zeros(st["n_groups"])
        np.maximum.at(group_shift, st["group"], st["shift"])
        marks = st["marks"]
        K.bounds_mark(X, centers, c_sq, *args, st["shift"], group_shift, st["m_coef"], marks)
        rows = np.flatnonzero(marks)
        n_rows = rows.shape[0]
    order, group_start = st["order"], st["group_start"]
    CT = centers[order].T
    c_sq_grouped = c_sq[order]
    chunk = st["dots"].shape[1]

    def work(t, n_threads):
        # thread t takes every n_threads-th chunk: BLAS on one thread, then the serial kernel
        dots_buf, gather = st["dots"][t], st["gather"][t]
        for s in range(t * chunk, n_rows, n_threads * chunk):
            e = min(n_rows, s + chunk)
            if rows is None:
                r = np.arange(s, e)
                Xc = X[s:e]
            else:
                r = rows[s:e]
                Xc = np.take(X, r, axis=0, out=gather[: e - s])
            dots = np.matmul(Xc, CT, out=dots_buf[: e - s])
            K.assign_rows(r, dots, c_sq_grouped, *args, order, group_start)

    n_threads = min(st["dots"].shape[0], max(1, -(-n_rows // chunk)))
    if n_threads == 1:
        work(0, 1)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(n_threads) as pool:
        for f in [pool.submit(work, t, n_threads) for t in range(n_threads)]:
            f.result()


def _bounded_lloyd_step(
    X, sample_weight, centers, centers_new, weight_in_clusters, labels, labels_old, st
):
    K = _kernels()
    exact = st["first"] or st["step"] % _EXACT_SUMS_EVERY == 0
    st["step"] += 1
    _bounded_assign(X, centers, labels, st)
    sums = st["sums"]
    # weights exactly (a cluster is empty when its weight is exactly 0, as in scikit-learn)
    if exact:
        part_sums, part_w = st["part_sums"], st["part_w"]
        K.weighted_sums(X, sample_weight, labels, part_sums, part_w)
        np.sum(part_sums, axis=0, out=sums)
        weight_in_clusters[:] = np.bincount(labels, weights=sample_weight, minlength=len(sums))
    else:
        block_w = st["block_w"]
        K.delta_sums(X, sample_weight, labels, labels_old, sums, block_w, st["changed"])
        weight_in_clusters[:] = block_w.sum(axis=0)
    centers_new[:] = sums
    shift = _finish_centers(X, sample_weight, centers, centers_new, weight_in_clusters, labels)
    st["shift"] = shift.astype(np.float64)
    return shift


def _lloyd_step(X, sample_weight, centers, centers_new, weight_in_clusters, labels):
    if issparse(X):
        labels[:] = _labels_sparse(X, centers)
        sums, w = _sums_sparse(X, sample_weight, labels, centers.shape[0])
        centers_new[:] = sums
        weight_in_clusters[:] = w
    else:
        _assign(X, sample_weight, centers, labels, centers_new, weight_in_clusters)
    return _finish_centers(X, sample_weight, centers, centers_new, weight_in_clusters, labels)


def _kmeans_single_lloyd(
    X,
    sample_weight,
    centers_init,
    max_iter=300,
    verbose=False,
    tol=1e-4,
    x_squared_norms=None,
):
    n_clusters = centers_init.shape[0]
    centers = np.array(centers_init, dtype=X.dtype, order="C")
    centers_new = np.zeros_like(centers)
    labels = np.full(X.shape[0], -1, dtype=np.int32)
    labels_old = labels.copy()
    weight_in_clusters = np.zeros(n_clusters, dtype=X.dtype)
    st = None
    if not issparse(X) and X.shape[0] >= _DIRECT_MIN_ROWS:
        st = _bounded_state(X, x_squared_norms, n_clusters)
    # BLAS on one thread where our threads split the rows (no second level of threads)
    one_blas_thread = st is not None and not st["direct"]
    with blas_single_thread() if one_blas_thread else contextlib.nullcontext():
        return _lloyd_loop(
            X,
            sample_weight,
            centers,
            centers_new,
            labels,
            labels_old,
            weight_in_clusters,
            st,
            max_iter,
            verbose,
            tol,
        )


def _lloyd_loop(
    X,
    sample_weight,
    centers,
    centers_new,
    labels,
    labels_old,
    weight_in_clusters,
    st,
    max_iter,
    verbose,
    tol,
):
    strict_convergence = False
    for i in range(max_iter):
        if st is None:
            center_shift = _lloyd_step(
                X, sample_weight, centers, centers_new, weight_in_clusters, labels
            )
        else:
            center_shift = _bounded_lloyd_step(
                X, sample_weight, centers, centers_new, weight_in_clusters, labels, labels_old, st
            )
        if verbose:
            print(f"Iteration {i}, inertia {_inertia(X, sample_weight, centers, labels)}.")
        centers, centers_new = centers_new, centers
        if np.array_equal(labels, labels_old):
            if verbose:
                print(f"Converged at iteration {i}: strict convergence.")
            strict_convergence = True
            break
        center_shift_tot = (center_shift**2).sum()
        if center_shift_tot <= tol:
            if verbose:
                print(
                    f"Converged at iteration {i}: center shift {center_shift_tot} "
                    f"within tolerance {tol}."
                )
            break
        labels_old[:] = labels
    if not strict_convergence:
        if st is None:
            labels = _labels_inertia(X, sample_weight, centers, return_inertia=False)
        else:  # the last step's shifts move the bounds to the final centres
            _bounded_assign(X, centers, labels, st)
    inertia = _inertia(X, sample_weight, centers, labels)
    return labels, inertia, centers, i + 1


def _half_distances(centers):
    diff = centers[:, None, :] - centers[None, :, :]
    d = np.sqrt((diff * diff).sum(axis=2)) / 2
    return np.ascontiguousarray(d, dtype=centers.dtype)


def _kmeans_single_elkan(X, sample_weight, centers_init, max_iter=300, verbose=False, tol=1e-4):
    if issparse(X):  # same iterates in exact arithmetic; bounds are dense-only here
        return _kmeans_single_lloyd(X, sample_weight, centers_init, max_iter, verbose, tol)
    k = _kernels()
    n_blocks = _n_blocks()
    n_samples = X.shape[0]
    n_clusters = centers_init.shape[0]
    centers = np.array(centers_init, dtype=X.dtype, order="C")
    centers_new = np.zeros_like(centers)
    weight_in_clusters = np.zeros(n_clusters, dtype=X.dtype)
    labels = np.full(n_samples, -1, dtype=np.int32)
    labels_old = labels.copy()
    chd = _half_distances(centers)
    dnc = np.ascontiguousarray(np.partition(chd, kth=1, axis=0)[1])
    upper = np.zeros(n_samples, dtype=X.dtype)
    lower = np.zeros((n_samples, n_clusters), dtype=X.dtype)
    k.elkan_init_bounds(X, centers, chd, labels, upper, lower)
    strict_convergence = False
    for i in range(max_iter):
        k.elkan_iter(
            X,
            sample_weight,
            centers,
            centers_new,
            weight_in_clusters,
            chd,
            dnc,
            upper,
            lower,
            labels,
            n_blocks,
            True,
        )
        center_shift = _finish_centers(
            X, sample_weight, centers, centers_new, weight_in_clusters, labels
        ).astype(X.dtype)
        k.elkan_shift_bounds(upper, lower, labels, center_shift)
        chd = _half_distances(centers_new)
        dnc = np.ascontiguousarray(np.partition(chd, kth=1, axis=0)[1])
        if verbose:
            print(f"Iteration {i}, inertia {_inertia(X, sample_weight, centers, labels)}")
        centers, centers_new = centers_new, centers
        if np.array_equal(labels, labels_old):
            if verbose:
                print(f"Converged at iteration {i}: strict convergence.")
            strict_convergence = True
            break
        center_shift_tot = (center_shift**2).sum()
        if center_shift_tot <= tol:
            if verbose:
                print(
                    f"Converged at iteration {i}: center shift {center_shift_tot} "
                    f"within tolerance {tol}."
                )
            break
        labels_old[:] = labels
    if not strict_convergence:
        k.elkan_iter(
            X,
            sample_weight,
            centers,
            centers,
            weight_in_clusters,
            chd,
            dnc,
            upper,
            lower,
            labels,
            n_blocks,
            False,
        )
    inertia = _inertia(X, sample_weight, centers, labels)
    return labels, inertia, centers, i + 1


def _is_same_clustering(labels1, labels2, n_clusters):
    mapping = np.full(n_clusters, -1, dtype=np.int64)
    first = np.unique(labels1, return_index=True)[1]
    mapping[labels1[first]] = labels2[first]
    return bool(np.array_equal(mapping[labels1], labels2))


# --------------------------------------------------------------------------------------
# Estimators
# --------------------------------------------------------------------------------------
class _BaseKMeans(ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator):
    """Shared parts of KMeans and MiniBatchKMeans."""

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    def _check_params_vs_input(self, X, default_n_init=None, tolerance=True):
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")
        if tolerance:  # else the caller sets self._tol (KMeans, from the centred rows)
            self._tol = _tolerance(X, self.tol)
        if self.n_init == "auto":
            if isinstance(self.init, str) and self.init == "k-means++":
                self._n_init = 1
            elif isinstance(self.init, str) and self.init == "random":
                self._n_init = default_n_init
            elif callable(self.init):
                self._n_init = default_n_init
            else:
                self._n_init = 1
        else:
            self._n_init = self.n_init
        if _is_arraylike_not_scalar(self.init) and self._n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only"
                f" one init in {self.__class__.__name__} instead of "
                f"n_init={self._n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._n_init = 1

    def _validate_center_shape(self, X, centers, n_centroids=None):
        if n_centroids is None:
            n_centroids = self.n_clusters
        if centers.shape[0] != n_centroids:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not "
                f"match the number of clusters {n_centroids}."
            )
        if centers.shape[1] != X.shape[1]:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not "
                f"match the number of features of the data {X.shape[1]}."
            )

    def _check_test_data(self, X):
        return validate_data(
            self,
            X,
            accept_sparse="csr",
            reset=False,
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=False,
        )

    def _init_centroids(
        self,
        X,
        x_squared_norms,
        init,
        random_state,
        sample_weight,
        init_size=None,
        n_centroids=None,
    ):
        n_samples = X.shape[0]
        n_clusters = self.n_clusters if n_centroids is None else n_centroids
        if init_size is not None and init_size < n_samples:
            init_indices = random_state.randint(0, n_samples, init_size)
            X = X[init_indices]
            x_squared_norms = x_squared_norms[init_indices]
            n_samples = X.shape[0]
            sample_weight = sample_weight[init_indices]
        if isinstance(init, str) and init == "k-means++":
            centers, _ = _kmeans_plusplus(
                X, n_clusters, x_squared_norms, sample_weight, random_state
            )
        elif isinstance(init, str) and init == "random":
            seeds = random_state.choice(
                n_samples, size=n_clusters, replace=False, p=sample_weight / sample_weight.sum()
            )
            centers = X[seeds]
        elif _is_arraylike_not_scalar(self.init):
            centers = init
        elif callable(init):
            centers = init(X, n_clusters, random_state=random_state)
            centers = check_array(centers, dtype=X.dtype, copy=False, order="C")
            self._validate_center_shape(X, centers, n_centroids=n_clusters)
        if issparse(centers):
            centers = centers.toarray()
        return np.ascontiguousarray(centers, dtype=X.dtype)

    def fit_predict(self, X, y=None, sample_weight=None):
        """Compute the clustering and return the cluster index of each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the observations.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def predict(self, X):
        """Index of the closest cluster centre for each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        sw = np.ones(X.shape[0], dtype=X.dtype)
        with _blas_context():
            return _labels_inertia(X, sw, self.cluster_centers_, return_inertia=False)

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then return the distances of X to the cluster centres.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
        """
        return self.fit(X, sample_weight=sample_weight)._transform(X)

    def transform(self, X):
        """Euclidean distances of X to each cluster centre.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        return self._transform(X)

    def _transform(self, X):
        X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
        C = np.asarray(self.cluster_centers_, dtype=X.dtype)
        x_sq = row_norms(X, squared=True)
        D = np.asarray(X @ C.T)
        D *= -2
        D += x_sq[:, None]
        D += row_norms(C, squared=True)[None, :]
        np.maximum(D, 0, out=D)
        return np.sqrt(D, out=D)

    def score(self, X, y=None, sample_weight=None):
        """Opposite of the k-means objective (inertia) of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        with _blas_context():
            _, inertia = _labels_inertia(X, sample_weight, self.cluster_centers_)
        return -inertia

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _expected_failed_checks(self):
        # scikit-learn expects the same of its KMeans and MiniBatchKMeans
        reason = "sample_weight is not equivalent to removing/repeating samples."
        return {
            "check_sample_weight_equivalence_on_dense_data": reason,
            "check_sample_weight_equivalence_on_sparse_data": reason,
        }


class KMeans(_BaseKMeans):
    """K-means clustering (Lloyd or Elkan), with greedy k-means++ seeding.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters (and centres).
    init : {"k-means++", "random"}, callable or array-like of shape (n_clusters, n_features), \
default="k-means++"
        Initialisation: greedy k-means++, random rows, ``init(X, n_clusters, random_state)``,
        or explicit centres.
    n_init : "auto" or int, default="auto"
        Number of initialisations; the run with the lowest inertia is kept. "auto": 1 for
        "k-means++" or an array, 10 for "random" or a callable.
    max_iter : int, default=300
        Maximum iterations of one run.
    tol : float, default=1e-4
        Tolerance on the squared centre shift, relative to the mean variance of the features.
    verbose : int, default=0
        Print progress.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation (scikit-learn's sequence of draws).
    copy_x : bool, default=True
        If False, dense X is centred in place during fit and restored afterwards.
    algorithm : {"lloyd", "elkan"}, default="lloyd"
        "lloyd": assignment with chunked BLAS distances; "elkan": triangle-inequality bounds.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Cluster centres.
    labels_ : ndarray of shape (n_samples,)
        Label of each training sample.
    inertia_ : float
        Sum of (weighted) squared distances of the samples to their closest centre.
    n_iter_ : int
        Iterations of the kept run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import KMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> km = KMeans(n_clusters=2, random_state=0, n_init="auto").fit(X)
    >>> km.labels_
    array([1, 1, 1, 0, 0, 0], dtype=int32)
    >>> km.predict([[0, 0], [12, 3]])
    array([1, 0], dtype=int32)
    >>> km.cluster_centers_
    array([[10.,  2.],
           [ 1.,  2.]])
    """

    _parameter_constraints: dict = {
        **_BaseKMeans._parameter_constraints,
        "copy_x": ["boolean"],
        "algorithm": [StrOptions({"lloyd", "elkan"})],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        n_init="auto",
        max_iter=300,
        tol=1e-4,
        verbose=0,
        random_state=None,
        copy_x=True,
        algorithm="lloyd",
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.n_init = n_init
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    def _check_params_vs_input(self, X):
        super()._check_params_vs_input(X, default_n_init=10, tolerance=issparse(X))
        self._algorithm = self.algorithm
        if self._algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn(
                "algorithm='elkan' doesn't make sense for a single cluster. "
                "Using 'lloyd' instead.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._algorithm = "lloyd"

    def fit(self, X, y=None, sample_weight=None):
        """Compute k-means clustering.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training samples (CSR for sparse).
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the observations (not used by an explicit or callable init).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X_in = X
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            copy=self.copy_x and issparse(X),
            accept_large_sparse=False,
        )
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        init = self.init
        init_is_array_like = _is_arraylike_not_scalar(init)
        if init_is_array_like:
            init = check_array(init, dtype=X.dtype, copy=True, order="C")
            self._validate_center_shape(X, init)
        with _blas_context():
            if not issparse(X):
                X_mean = X.mean(axis=0)
                if self.copy_x and np.may_share_memory(X, X_in):
                    X = np.subtract(X, X_mean, dtype=X.dtype)  # the centred copy, one pass
                else:  # in place: X_in itself (copy_x=False), or already a converted copy
                    X -= X_mean
                if init_is_array_like:
                    init -= X_mean
            try:
                x_squared_norms = row_norms(X, squared=True)
                if not issparse(X):
                    # the mean of the features' variances (scikit-learn's tolerance scale)
                    # is the mean squared norm of the centred rows over the features
                    total = float(np.sum(x_squared_norms, dtype=np.float64))
                    self._tol = self.tol * total / X.size if self.tol else 0
                if self._algorithm == "elkan":
                    kmeans_single = _kmeans_single_elkan
                else:

                    def kmeans_single(*args, **kwargs):
                        return _kmeans_single_lloyd(
                            *args, x_squared_norms=x_squared_norms, **kwargs
                        )

                best_inertia, best_labels = None, None
                for _ in range(self._n_init):
                    centers_init = self._init_centroids(
                        X,
                        x_squared_norms=x_squared_norms,
                        init=init,
                        random_state=random_state,
                        sample_weight=sample_weight,
                    )
                    if self.verbose:
                        print("Initialization complete")
                    labels, inertia, centers, n_iter_ = kmeans_single(
                        X,
                        sample_weight,
                        centers_init,
                        max_iter=self.max_iter,
                        verbose=self.verbose,
                        tol=self._tol,
                    )
                    if best_inertia is None or (
                        inertia < best_inertia
                        and not _is_same_clustering(labels, best_labels, self.n_clusters)
                    ):
                        best_labels = labels
                        best_centers = centers
                        best_inertia = inertia
                        best_n_iter = n_iter_
            finally:
                if not issparse(X) and not self.copy_x:
                    X += X_mean
            if not issparse(X):
                best_centers = best_centers + X_mean
        distinct_clusters = np.count_nonzero(np.bincount(best_labels, minlength=self.n_clusters))
        if distinct_clusters < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({distinct_clusters}) found smaller than "
                f"n_clusters ({self.n_clusters}). Possibly due to duplicate points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.cluster_centers_ = best_centers
        self._n_features_out = self.cluster_centers_.shape[0]
        self.labels_ = best_labels
        self.inertia_ = best_inertia
        self.n_iter_ = best_n_iter
        return self


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "sample_weight": ["array-like", None],
        "return_n_iter": ["boolean"],
    }
)
def k_means(
    X,
    n_clusters,
    *,
    sample_weight=None,
    init="k-means++",
    n_init="auto",
    max_iter=300,
    verbose=False,
    tol=1e-4,
    random_state=None,
    copy_x=True,
    algorithm="lloyd",
    return_n_iter=False,
):
    """Functional interface to :class:`KMeans`.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : array-like of shape (n_samples,), default=None
    init, n_init, max_iter, verbose, tol, random_state, copy_x, algorithm
        As in :class:`KMeans`.
    return_n_iter : bool, default=False
        Also return the number of iterations.

    Returns
    -------
    centroid : ndarray of shape (n_clusters, n_features)
    label : ndarray of shape (n_samples,)
    inertia : float
    best_n_iter : int
        Only when ``return_n_iter`` is True.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import k_means
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> centers, labels, inertia = k_means(X, n_clusters=2, random_state=0)
    >>> float(inertia)
    16.0
    """
    est = KMeans(
        n_clusters=n_clusters,
        init=init,
        n_init=n_init,
        max_iter=max_iter,
        verbose=verbose,
        tol=tol,
        random_state=random_state,
        copy_x=copy_x,
        algorithm=algorithm,
    ).fit(X, sample_weight=sample_weight)
    if return_n_iter:
        return est.cluster_centers_, est.labels_, est.inertia_, est.n_iter_
    return est.cluster_centers_, est.labels_, est.inertia_


def _mini_batch_step(
    X,
    sample_weight,
    centers,
    centers_new,
    weight_sums,
    random_state,
    random_reassign=False,
    reassignment_ratio=0.01,
    verbose=False,
):
    labels, inertia = _labels_inertia(X, sample_weight, centers)
    if issparse(X):
        sums, w = _sums_sparse(X, sample_weight, labels, centers.shape[0])
        has = w > 0
        new = centers.copy()
        new[has] = (centers[has] * weight_sums[has, None] + sums[has]) / (
            weight_sums[has] + w[has]
        )[:, None]
        weight_sums += w
        centers_new[:] = new
    else:
        _kernels().minibatch_update(X, sample_weight, centers, centers_new, weight_sums, labels)
    if random_reassign and reassignment_ratio > 0:
        to_reassign = weight_sums < reassignment_ratio * weight_sums.max()
        if to_reassign.sum() > 0.5 * X.shape[0]:
            indices_dont_reassign = np.argsort(weight_sums)[int(0.5 * X.shape[0]) :]
            to_reassign[indices_dont_reassign] = False
        n_reassigns = to_reassign.sum()
        if n_reassigns:
            new_centers = random_state.choice(X.shape[0], replace=False, size=n_reassigns)
            if verbose:
                print(f"[MiniBatchKMeans] Reassigning {n_reassigns} cluster centers.")
            rows = X[new_centers]
            centers_new[to_reassign] = rows.toarray() if issparse(rows) else rows
        weight_sums[to_reassign] = np.min(weight_sums[~to_reassign])
    return inertia


class MiniBatchKMeans(_BaseKMeans):
    """Mini-batch k-means: k-means on random mini-batches with per-centre counts.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters.
    init : {"k-means++", "random"}, callable or array-like of shape (n_clusters, n_features), \
default="k-means++"
        Initialisation method (run on ``init_size`` random samples).
    max_iter : int, default=100
        Maximum passes over the data.
    batch_size : int, default=1024
        Size of the mini-batches.
    verbose : int, default=0
        Print progress.
    compute_labels : bool, default=True
        Compute the labels and inertia of the whole training set at the end of fit.
    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation, the batches and the reassignments.
    tol : float, default=0.0
        Early stopping on the squared centre change (relative to the feature variance).
    max_no_improvement : int or None, default=10
        Stop after this many batches without improvement of the smoothed inertia.
    init_size : int, default=None
        Samples used for the initialisation (default ``3 * batch_size``, at least
        ``3 * n_clusters``).
    n_init : "auto" or int, default="auto"
        Initialisations tried (the best on a validation set is kept).
    reassignment_ratio : float, default=0.01
        Centres whose count falls under this fraction of the largest are reassigned.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Cluster centres.
    labels_ : ndarray of shape (n_samples,)
        Labels of the training samples (if ``compute_labels``).
    inertia_ : float
        Inertia of the training set (if ``compute_labels``; else a smoothed estimate).
    n_iter_ : int
        Passes over the data.
    n_steps_ : int
        Mini-batches processed.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import MiniBatchKMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 0], [4, 4],
    ...               [4, 5], [0, 1], [2, 2], [3, 2], [5, 5], [1, -1]])
    >>> km = MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6, max_iter=10).fit(X)
    >>> km.cluster_centers_
    array([[3.20967742, 3.56451613],
           [1.32758621, 0.77586207]])
    >>> km.predict([[0, 0], [4, 4]])
    array([1, 0], dtype=int32)
    """

    _parameter_constraints: dict = {
        **_BaseKMeans._parameter_constraints,
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "compute_labels": ["boolean"],
        "max_no_improvement": [Interval(Integral, 0, None, closed="left"), None],
        "init_size": [Interval(Integral, 1, None, closed="left"), None],
        "reassignment_ratio": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        max_iter=100,
        batch_size=1024,
        verbose=0,
        compute_labels=True,
        random_state=None,
        tol=0.0,
        max_no_improvement=10,
        init_size=None,
        n_init="auto",
        reassignment_ratio=0.01,
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.verbose = verbose
        self.random_state = random_state
        self.tol = tol
        self.n_init = n_init
        self.max_no_improvement = max_no_improvement
        self.batch_size = batch_size
        self.compute_labels = compute_labels
        self.init_size = init_size
        self.reassignment_ratio = reassignment_ratio

    def _check_params_vs_input(self, X):
        super()._check_params_vs_input(X, default_n_init=3)
        self._batch_size = min(self.batch_size, X.shape[0])
        self._init_size = self.init_size
        if self._init_size is None:
            self._init_size = 3 * self._batch_size
            if self._init_size < self.n_clusters:
                self._init_size = 3 * self.n_clusters
        elif self._init_size < self.n_clusters:
            warnings.warn(
                f"init_size={self._init_size} should be larger than "
                f"n_clusters={self.n_clusters}. Setting it to min(3*n_clusters, n_samples)",
                RuntimeWarning,
                stacklevel=3,
            )
            self._init_size = 3 * self.n_clusters
        self._init_size = min(self._init_size, X.shape[0])

    def _mini_batch_convergence(
        self, step, n_steps, n_samples, centers_squared_diff, batch_inertia
    ):
        batch_inertia /= self._batch_size
        step = step + 1
        if step == 1:
            if self.verbose:
                print(f"Minibatch step {step}/{n_steps}: mean batch inertia: {batch_inertia}")
            return False
        if self._ewa_inertia is None:
            self._ewa_inertia = batch_inertia
        else:
            alpha = min(self._batch_size * 2.0 / (n_samples + 1), 1)
            self._ewa_inertia = self._ewa_inertia * (1 - alpha) + batch_inertia * alpha
        if self.verbose:
            print(
                f"Minibatch step {step}/{n_steps}: mean batch inertia: "
                f"{batch_inertia}, ewa inertia: {self._ewa_inertia}"
            )
        if self._tol > 0.0 and centers_squared_diff <= self._tol:
            if self.verbose:
                print(f"Converged (small centers change) at step {step}/{n_steps}")
            return True
        if self._ewa_inertia_min is None or self._ewa_inertia < self._ewa_inertia_min:
            self._no_improvement = 0
            self._ewa_inertia_min = self._ewa_inertia
        else:
            self._no_improvement += 1
        if self.max_no_improvement is not None and self._no_improvement >= self.max_no_improvement:
            if self.verbose:
                print(f"Converged (lack of improvement in inertia) at step {step}/{n_steps}")
            return True
        return False

    def _random_reassign(self):
        self._n_since_last_reassign += self._batch_size
        if (self._counts == 0).any() or self._n_since_last_reassign >= (10 * self.n_clusters):
            self._n_since_last_reassign = 0
            return True
        return False

    def fit(self, X, y=None, sample_weight=None):
        """Compute the centres on mini-batches of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training samples.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the observations (batches are drawn proportionally to them).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=False,
        )
        self._check_params_vs_input(X)
        random_state = check_random_state(self.random_state)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        n_samples, n_features = X.shape
        init = self.init
        if _is_arraylike_not_scalar(init):
            init = check_array(init, dtype=X.dtype, copy=True, order="C")
            self._validate_center_shape(X, init)
        with _blas_context():
            x_squared_norms = row_norms(X, squared=True)
            validation_indices = random_state.randint(0, n_samples, self._init_size)
            X_valid = X[validation_indices]
            sample_weight_valid = sample_weight[validation_indices]
            best_inertia = None
            for init_idx in range(self._n_init):
                if self.verbose:
                    print(f"Init {init_idx + 1}/{self._n_init} with method {init}")
                cluster_centers = self._init_centroids(
                    X,
                    x_squared_norms=x_squared_norms,
                    init=init,
                    random_state=random_state,
                    init_size=self._init_size,
                    sample_weight=sample_weight,
                )
                _, inertia = _labels_inertia(X_valid, sample_weight_valid, cluster_centers)
                if self.verbose:
                    print(f"Inertia for init {init_idx + 1}/{self._n_init}: {inertia}")
                if best_inertia is None or inertia < best_inertia:
                    init_centers = cluster_centers
                    best_inertia = inertia
            centers = np.array(init_centers, dtype=X.dtype, order="C")
            centers_new = np.empty_like(centers)
            self._counts = np.zeros(self.n_clusters, dtype=X.dtype)
            self._ewa_inertia = None
            self._ewa_inertia_min = None
            self._no_improvement = 0
            self._n_since_last_reassign = 0
            sum_of_weights = np.sum(sample_weight)
            n_steps = (self.max_iter * n_samples) // self._batch_size
            # RandomState.choice(n, size, p=p, replace=True) draws random_sample(size) and
            # searches the normalised cdf: build the cdf once, same draws as scikit-learn.
            p = sample_weight / sum_of_weights
            cdf = p.cumsum()
            cdf /= cdf[-1]
            unit_sample_weight = np.ones_like(sample_weight, shape=(self._batch_size,))
            i = -1
            for i in range(n_steps):
                u = random_state.random_sample(self._batch_size)
                minibatch_indices = cdf.searchsorted(u, side="right")
                batch_inertia = _mini_batch_step(
                    X[minibatch_indices],
                    unit_sample_weight,
                    centers,
                    centers_new,
                    self._counts,
                    random_state,
                    random_reassign=self._random_reassign(),
                    reassignment_ratio=self.reassignment_ratio,
                    verbose=self.verbose,
                )
                if self._tol > 0.0:
                    centers_squared_diff = np.sum((centers_new - centers) ** 2)
                else:
                    centers_squared_diff = 0
                centers, centers_new = centers_new, centers
                if self._mini_batch_convergence(
                    i, n_steps, n_samples, centers_squared_diff, batch_inertia
                ):
                    break
            self.cluster_centers_ = centers
            self._n_features_out = self.cluster_centers_.shape[0]
            self.n_steps_ = i + 1
            self.n_iter_ = int(np.ceil(((i + 1) * self._batch_size) / n_samples))
            if self.compute_labels:
                self.labels_, self.inertia_ = _labels_inertia(X, sample_weight, centers)
            else:
                self.inertia_ = self._ewa_inertia * sum_of_weights
        return self

    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the centres with one mini-batch.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The mini-batch.
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
            Updated estimator.
        """
        has_centers = hasattr(self, "cluster_centers_")
        if not has_centers:
            self._validate_params()
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=False,
            reset=not has_centers,
        )
        self._random_state = getattr(self, "_random_state", None) or check_random_state(
            self.random_state
        )
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        self.n_steps_ = getattr(self, "n_steps_", 0)
        with _blas_context():
            if not has_centers:
                self._check_params_vs_input(X)
                init = self.init
                if _is_arraylike_not_scalar(init):
                    init = check_array(init, dtype=X.dtype, copy=True, order="C")
                    self._validate_center_shape(X, init)
                x_squared_norms = row_norms(X, squared=True)
                centers = self._init_centroids(
                    X,
                    x_squared_norms=x_squared_norms,
                    init=init,
                    random_state=self._random_state,
                    init_size=self._init_size,
                    sample_weight=sample_weight,
                )
                counts = np.zeros(self.n_clusters, dtype=X.dtype)
                self._n_since_last_reassign = 0
            else:
                centers = np.array(self.cluster_centers_, dtype=X.dtype, order="C")
                counts = self._counts.astype(X.dtype, copy=True)
            new = centers.copy()
            self._counts = counts
            _mini_batch_step(
                X,
                sample_weight,
                centers,
                new,
                self._counts,
                self._random_state,
                random_reassign=self._random_reassign(),
                reassignment_ratio=self.reassignment_ratio,
                verbose=self.verbose,
            )
            self.cluster_centers_ = new
            if self.compute_labels:
                self.labels_, self.inertia_ = _labels_inertia(X, sample_weight, new)
        self.n_steps_ += 1
        self._n_features_out = self.cluster_centers_.shape[0]
        return self
