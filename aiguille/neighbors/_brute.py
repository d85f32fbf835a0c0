"""Brute-force neighbour search: chunked BLAS distances and a numba top-k selection.

No full (n_queries, n_samples) matrix is ever held: query rows are processed in chunks
sized by ``get_config()["working_memory"]``. For the euclidean and cosine metrics the
chunk is a BLAS product ``X_chunk @ Y.T`` (the norms trick) used only for *ranking*; the
distances returned are recomputed exactly for the selected neighbours.
"""

import os
import threading

import numpy as np

from .._config import get_config
from ..utils._chunking import get_chunk_n_rows

# One registry per string option: metric name -> kernel code (see _brute_kernels).
METRIC_CODES = {
    "euclidean": 0,
    "l2": 0,
    "sqeuclidean": 0,
    "manhattan": 1,
    "cityblock": 1,
    "l1": 1,
    "chebyshev": 2,
    "infinity": 2,
    "minkowski": 3,
    "p": 3,
    "cosine": 4,
}
# metrics whose ranking comes from a BLAS product
_GEMM_METRICS = {0, 4}


def _kernels():
    from . import _brute_kernels

    return _brute_kernels


def resolve_metric(metric, params):
    """(code, p, scale) for a named metric and its parameters.

    ``scale`` (a feature weight vector or None) implements weighted minkowski by
    rescaling the features by ``w ** (1 / p)``.
    """
    params = dict(params or {})
    code = METRIC_CODES[metric]
    p = float(params.get("p", 2.0)) if code == 3 else 2.0
    w = params.get("w", None)
    scale = None
    if code == 3:
        if w is None and p == 1:
            code = 1
        elif w is None and p == 2:
            code = 0
        elif w is None and np.isinf(p):
            code = 2
        elif w is not None:
            w = np.asarray(w, dtype=np.float64)
            scale = w ** (1.0 / p)
    return code, p, scale


def finish_distances(red, metric, code, p):
    """Reduced distances -> distances, in place when possible."""
    if code == 0 and metric != "sqeuclidean":
        np.sqrt(red, out=red)
    elif code == 3 and p != 1:
        np.power(red, 1.0 / p, out=red)
    return red


def _work_dtype(X, Y):
    return np.float32 if X.dtype == np.float32 and Y.dtype == np.float32 else np.float64


def _prepare(X, Y, code, scale, dtype):
    X = np.ascontiguousarray(X, dtype=dtype)
    Y = np.ascontiguousarray(Y, dtype=dtype)
    if scale is not None:
        X = np.ascontiguousarray(X * scale.astype(dtype))
        Y = np.ascontiguousarray(Y * scale.astype(dtype))
    return X, Y


def _as_csr(A, dtype, scale):
    """CSR in canonical form (sorted, no duplicates), never modifying the caller's A."""
    import scipy.sparse as sp

    A = sp.csr_matrix(A, dtype=dtype, copy=True)
    if scale is not None:
        A = sp.csr_matrix(A.multiply(scale.astype(dtype)[None, :]))
    A.sum_duplicates()  # also sorts the indices
    return A


def _sq_row_norms(A):
    if hasattr(A, "multiply"):
        return np.asarray(A.multiply(A).sum(axis=1), dtype=np.float64).ravel()
    return np.einsum("ij,ij->i", A, A, dtype=np.float64)


def _callable_chunk(Xc, Y, metric, params):
    out = np.empty((Xc.shape[0], Y.shape[0]), dtype=np.float64)
    for i in range(Xc.shape[0]):
        for j in range(Y.shape[0]):
            out[i, j] = metric(Xc[i], Y[j], **params)
    return out


class _ChunkRanker:
    """Gives, for a chunk of query rows, the matrix ranked by ``topk_rows``.

    The ranking value of (i, j) is ``alpha * M[i, j] + yadd[j]`` (+ a per-row constant
    that does not change the order).
    """

    def __init__(self, X, Y, metric, params, precomputed=False):
        self.metric = metric
        self.precomputed = precomputed
        self.callable = callable(metric)
        self.sparse = False
        self.screen = False  # float32 screening (see _setup_screen)
        if precomputed:
            self.X = np.ascontiguousarray(X, dtype=np.float64)
            self.Y = None
            self.code, self.p = -1, 2.0
            self.alpha, self.yadd = 1.0, np.zeros(X.shape[1])
            return
        if self.callable:
            self.params = dict(params or {})
            self.X, self.Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
            self.code, self.p = -1, 2.0
            self.alpha, self.yadd = 1.0, np.zeros(Y.shape[0])
            return
        code, p, scale = resolve_metric(metric, params)
        self.code, self.p = code, p
        dtype = _work_dtype(X, Y)
        # sparse queries or fitted data: both sides CSR (as scikit-learn does)
        self.sparse = hasattr(X, "tocsr") or hasattr(Y, "tocsr")
        if self.sparse:
            self.X, self.Y = _as_csr(X, dtype, scale), _as_csr(Y, dtype, scale)
        else:
            self.X, self.Y = _prepare(X, Y, code, scale, dtype)
        self.dtype = dtype
        if code == 0:
            self.alpha = -2.0
            self.yadd = _sq_row_norms(self.Y)
            self.G_left, self.G_right = self.X, self.Y
            self._setup_screen()
        elif code == 4:
            xn = np.sqrt(_sq_row_norms(self.X))
            yn = np.sqrt(_sq_row_norms(self.Y))
            xn[xn == 0] = 1.0
            yn[yn == 0] = 1.0
            if self.sparse:
                import scipy.sparse as sp

                self.G_left = sp.csr_matrix(self.X.multiply(1.0 / xn[:, None]), dtype=dtype)
                self.G_right = sp.csr_matrix(self.Y.multiply(1.0 / yn[:, None]), dtype=dtype)
            else:
                self.G_left = np.ascontiguousarray(self.X / xn[:, None].astype(dtype))
                self.G_right = np.ascontiguousarray(self.Y / yn[:, None].astype(dtype))
            self.alpha, self.yadd = -1.0, np.zeros(self.Y.shape[0])
        else:
            self.alpha, self.yadd = 1.0, np.zeros(self.Y.shape[0])
        if self.sparse and code in _GEMM_METRICS:
            self.G_right_T = self.G_right.T.tocsr()

    def _setup_screen(self):
        """Float32 screening for float64 euclidean data with many features.

        The ranking product runs in float32 (twice the GEMM speed), with a rigorous bound
        on its error: ``|fl32(x.y) - x.y| <= gamma ||x|| ||y||``, ``gamma = (d + 2) u``
        (``u = 2**-24``: the roundings of the inputs and a worst-case sum of d terms).
        The candidates it cannot separate get exact float64 distances
        (``_brute_kernels.topk_screened``), so the neighbours are the float64 ones.
        """
        X, Y = self.X, self.Y
        d = X.shape[1]
        if self.sparse or self.dtype != np.float64 or d < 64 or not X.size or not Y.size:
            return
        top = max(float(X.max()), -float(X.min()), float(Y.max()), -float(Y.min()))
        if not np.isfinite(top) or top > 1e30:
            return  # float32 would overflow
        self.screen = True
        self.X32 = X.astype(np.float32)
        self.Y32 = Y.astype(np.float32)
        gamma = (d + 2) * 2.0**-24
        y_max = float(np.sqrt(self.yadd.max()))
        x_norm = np.sqrt(_sq_row_norms(X))
        # + the rounding of the float64 sums, and an absolute term for float32 subnormals
        self.screen_err = (
            2.0 * gamma * x_norm * y_max * (1 + 1e-6)
            + 1e-12 * float(self.yadd.max())
            + 4.0 * d * 2.0**-149
        )

    def x_sq(self, sl):
        """Squared norms of the query rows ``sl`` (float64)."""
        return _sq_row_norms(self.X[sl])

    @property
    def n_rows(self):
        return self.X.shape[0]

    @property
    def n_cols(self):
        return self.X.shape[1] if self.precomputed else self.Y.shape[0]

    def exact(self):
        """True when the chunk values are the reduced distances themselves."""
        return self.precomputed or self.callable or self.code not in _GEMM_METRICS

    def chunk(self, sl, buf):
        """The matrix for rows ``sl``; ``buf`` is scratch space of at least that size."""
        if self.precomputed:
            return self.X[sl]
        if self.callable:
            return _callable_chunk(self.X[sl], self.Y, self.metric, self.params)
        n = sl.stop - sl.start
        out = buf[:n]
        if self.sparse and self.code in _GEMM_METRICS:
            (self.G_left[sl] @ self.G_right_T).toarray(out=out)
        elif self.sparse:
            X, Y = self.X, self.Y
            _kernels().pairwise_chunk_csr(
                *(X.data, X.indices, X.indptr, sl.start, sl.stop),
                *(Y.data, Y.indices, Y.indptr, self.code, self.p, out),
            )
        elif self.code in _GEMM_METRICS:
            np.matmul(self.G_left[sl], self.G_right.T, out=out)
        else:
            _kernels().pairwise_chunk(self.X[sl], self.Y, self.code, self.p, out)
        return out

    def new_buffer(self, n_rows):
        if self.precomputed or self.callable:
            return None
        if self.screen:
            return np.empty((n_rows, self.Y.shape[0]), dtype=np.float32)
        dtype = self.dtype if self.code in _GEMM_METRICS else np.float64
        return np.empty((n_rows, self.Y.shape[0]), dtype=dtype)

    def exact_reduced(self, rows, cols):
        """Exact reduced distances for the pairs (global query row, train index)."""
        out = np.empty(rows.shape[0], dtype=np.float64)
        if rows.shape[0]:
            rows = np.ascontiguousarray(rows, dtype=np.intp)
            cols = np.ascontiguousarray(cols, dtype=np.intp)
            if self.sparse:
                X, Y = self.X, self.Y
                _kernels().pair_distances_csr(
                    *(X.data, X.indices, X.indptr, Y.data, Y.indices, Y.indptr),
                    *(rows, cols, self.code, self.p, out),
                )
            else:
                _kernels().pair_distances(self.X, self.Y, rows, cols, self.code, self.p, out)
        return out

    def to_distances(self, red):
        if self.precomputed or self.callable:
            return red
        return finish_distances(red, self.metric, self.code, self.p)


def _chunk_rows(ranker, extra_bytes_per_row=0, max_rows=None):
    # the chunk itself takes 3/4 of the working memory, its temporaries the rest
    # (a sparse product is first a sparse matrix: up to 12 more bytes per entry)
    sparse_product = ranker.sparse and ranker.code in _GEMM_METRICS
    row_bytes = ranker.n_cols * (20 if sparse_product else 8) + extra_bytes_per_row
    working_memory = 0.75 * get_config()["working_memory"]
    return get_chunk_n_rows(
        row_bytes, max_n_rows=max_rows or ranker.n_rows, working_memory=working_memory
    )


def _n_threads(n_jobs):
    if n_jobs is not None and n_jobs > 0:
        return int(n_jobs)
    try:
        n_cpu = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        n_cpu = os.cpu_count() or 1
    if n_jobs is not None and n_jobs < -1:
        return max(1, n_cpu + 1 + n_jobs)
    return n_cpu


def _run_chunks(slices, n_threads, work, new_state):
    """``work(sl, state)`` for every slice; in ``n_threads`` threads, each with its own
    ``state`` (scratch buffers) and single-threaded BLAS, taking slices as it goes.

    Threads over whole chunks rather than a multi-threaded BLAS call per chunk: no
    barrier inside each product, so a busy machine slows one thread, not all.
    """
    if n_threads <= 1 or len(slices) <= 1:
        state = new_state()
        for sl in slices:
            work(sl, state)
        return
    from concurrent.futures import ThreadPoolExecutor

    from ..utils.extmath import blas_single_thread

    lock = threading.Lock()
    it = iter(slices)

    def worker():
        state = new_state()
        while True:
            with lock:
                sl = next(it, None)
            if sl is None:
                return
            work(sl, state)

    with blas_single_thread():
        with ThreadPoolExecutor(n_threads) as ex:
            futures = [ex.submit(worker) for _ in range(min(n_threads, len(slices)))]
            for f in futures:
                f.result()


def brute_kneighbors(
    X, Y, k, metric, params=None, return_distance=True, precomputed=False, n_jobs=None
):
    """k nearest rows of ``Y`` for each row of ``X``, by brute force in chunks.

    Returns ``(dist, ind)`` (dist None when not ``return_distance``), sorted by distance,
    ties by index.
    """
    kern = _kernels()
    ranker = _ChunkRanker(X, Y, metric, params, precomputed=precomputed)
    n = ranker.n_rows
    ind = np.empty((n, k), dtype=np.intp)
    val = np.empty((n, k), dtype=np.float64)
    n_threads = _n_threads(n_jobs)
    work_size = float(n) * ranker.n_cols * (1 if precomputed else max(ranker.X.shape[1], 1))
    if work_size < 2e7:
        n_threads = 1
    # the budget is shared by the threads; at least one chunk per thread
    chunk = max(1, _chunk_rows(ranker, extra_bytes_per_row=64 * k) // n_threads)
    chunk = min(chunk, -(-n // n_threads))
    slices = [slice(s, min(s + chunk, n)) for s in range(0, n, chunk)]
    recompute = return_distance and not ranker.exact()

    def exact_order(rows, ii):
        # exact values may reorder near-ties: sort by (distance, index)
        red = ranker.exact_reduced(np.repeat(rows, k), ii.ravel()).reshape(ii.shape)
        order = np.lexsort((ii, red), axis=-1)
        return np.take_along_axis(red, order, axis=1), np.take_along_axis(ii, order, axis=1)

    def work(sl, buf):
        if ranker.screen:
            n_sl = sl.stop - sl.start
            G = np.matmul(ranker.X32[sl], ranker.Y32.T, out=buf[:n_sl])
            kern.topk_screened(
                G, ranker.yadd, ranker.screen_err[sl], ranker.X, ranker.Y, sl.start,
                max(64, 16 * k), val[sl], ind[sl],
            )  # fmt: skip
            bad = np.flatnonzero(ind[sl][:, 0] < 0)
            if bad.size:  # too many near-ties: these rows in float64
                rows = sl.start + bad
                M = ranker.X[rows] @ ranker.Y.T
                v, ii = np.empty((rows.size, k)), np.empty((rows.size, k), dtype=np.intp)
                kern.topk_rows(M, ranker.alpha, ranker.yadd, v, ii)
                val[rows], ind[rows] = exact_order(rows, ii)
            return
        M = ranker.chunk(sl, buf)
        kern.topk_rows(M, ranker.alpha, ranker.yadd, val[sl], ind[sl])
        if recompute:
            rows = np.arange(sl.start, sl.stop, dtype=np.intp)
            val[sl], ind[sl] = exact_order(rows, ind[sl])

    _run_chunks(slices, n_threads, work, lambda: ranker.new_buffer(chunk))
    if not return_distance:
        return None, ind
    return ranker.to_distances(val), ind


def brute_radius_neighbors(
    X, Y, radius, metric, params=None, return_distance=True, sort_results=False, precomputed=False
):
    """Rows of ``Y`` within ``radius`` of each row of ``X`` (``<= radius``).

    Returns ``(dist, ind)`` as object arrays of per-query arrays (dist None when not
    ``return_distance``). Unsorted results are in increasing index order.
    """
    ranker = _ChunkRanker(X, Y, metric, params, precomputed=precomputed)
    n = ranker.n_rows
    red_radius = radius
    if not (ranker.precomputed or ranker.callable):
        if ranker.code == 0:
            red_radius = radius * radius
        elif ranker.code == 3:
            red_radius = radius**ranker.p
    chunk = _chunk_rows(ranker, extra_bytes_per_row=ranker.n_cols)
    buf = ranker.new_buffer(min(chunk, n))
    all_ind, all_red = [], []
    for start in range(0, n, chunk):
        sl = slice(start, min(start + chunk, n))
        M = ranker.chunk(sl, buf)
        if ranker.exact():
            rows, cols = np.nonzero(M <= red_radius)
            red = M[rows, cols].astype(np.float64, copy=False)
            rows = rows + start
        else:
            # the chunk is scratch space: turn it into approximate distances in place
            if ranker.code == 0:
                xn = ranker.x_sq(sl)
                M *= -2.0
                M += ranker.yadd
                M += xn[:, None]
                rel = 1e-6 if M.dtype == np.float64 else 1e-3
                slack = rel * (xn + ranker.yadd.max()) + 1e-12
                mask = M <= (red_radius + slack)[:, None]
            else:  # cosine: 1 - M
                M *= -1.0
                M += 1.0
                mask = M <= red_radius + (1e-6 if M.dtype == np.float64 else 1e-3)
            rows, cols = np.nonzero(mask)
            rows = rows + start
            red = ranker.exact_reduced(rows, cols)
            keep = red <= red_radius
            rows, cols, red = rows[keep], cols[keep], red[keep]
        counts = np.bincount(rows - start, minlength=sl.stop - sl.start)
        splits = np.cumsum(counts)[:-1]
        all_ind.extend(np.split(cols.astype(np.intp, copy=False), splits))
        all_red.extend(np.split(red, splits))
    neigh_ind = np.empty(n, dtype=object)
    neigh_ind[:] = all_ind
    if not return_distance:
        return None, neigh_ind
    neigh_dist = np.empty(n, dtype=object)
    neigh_dist[:] = [ranker.to_distances(r) for r in all_red]
    if sort_results:
        for i in range(n):
            order = np.argsort(neigh_dist[i], kind="stable")
            neigh_ind[i] = neigh_ind[i][order]
            neigh_dist[i] = neigh_dist[i][order]
    return neigh_dist, neigh_ind
