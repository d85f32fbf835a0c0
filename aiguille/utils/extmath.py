"""Linear-algebra helpers: row norms, sparse-aware products, randomized SVD, sign flips."""

import threading
from contextlib import contextmanager

import numpy as np

from .validation import check_random_state, issparse

__all__ = [
    "blas_single_thread",
    "blas_threads",
    "fast_logdet",
    "gram",
    "randomized_range_finder",
    "randomized_svd",
    "row_norms",
    "safe_sparse_dot",
    "softmax",
    "squared_norm",
    "stable_cumsum",
    "svd_flip",
]


def row_norms(X, squared=False):
    """Euclidean norm of each row of X (dense or sparse), without forming ``X * X``'s copy
    for dense input beyond one row block at a time (einsum)."""
    if issparse(X):
        X = X.tocsr()
        norms = (
            np.add.reduceat(np.append(X.data**2, 0), np.minimum(X.indptr[:-1], X.data.size))
            if X.nnz
            else np.zeros(X.shape[0], dtype=X.dtype)
        )
        norms[np.diff(X.indptr) == 0] = 0
        norms = np.asarray(norms, dtype=X.dtype)
    else:
        norms = np.einsum("ij,ij->i", X, X)
    return norms if squared else np.sqrt(norms)


_CONTROLLER = []


def _threadpool_controller():
    """The process's threadpoolctl controller, made once: making one scans the loaded
    libraries (~3 ms), which repeated on every call would cost small fits dearly."""
    if not _CONTROLLER:
        import scipy.linalg  # noqa: F401  (loads scipy's BLAS, so that it is listed too)
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]


def blas_threads():
    """Threads the BLAS libraries are set to use (1 when unknown)."""
    try:
        libs = _threadpool_controller().lib_controllers
        counts = [c.num_threads for c in libs if c.user_api == "blas"]
    except Exception:  # pragma: no cover - threadpoolctl missing or broken
        return 1
    return max(counts, default=1)


_BLAS_LIMIT_LOCK = threading.Lock()
_BLAS_LIMIT = {"depth": 0, "limiter": None}


@contextmanager
def blas_single_thread():
    """Context in which the BLAS libraries run on one thread (the caller's own threads
    split the work: two levels of threads would compete for the cores).

    The BLAS thread count is process-wide, and these contexts overlap when threads use
    them at once (fits in a thread pool): the first to enter sets one thread, the last
    to leave restores the original count. (threadpoolctl's limiter alone restores
    what it saw on entry: one thread, if another context was open then.)
    """
    with _BLAS_LIMIT_LOCK:
        if _BLAS_LIMIT["depth"] == 0:
            _BLAS_LIMIT["limiter"] = _threadpool_controller().limit(limits=1, user_api="blas")
        _BLAS_LIMIT["depth"] += 1
    try:
        yield
    finally:
        with _BLAS_LIMIT_LOCK:
            _BLAS_LIMIT["depth"] -= 1
            if _BLAS_LIMIT["depth"] == 0:
                limiter, _BLAS_LIMIT["limiter"] = _BLAS_LIMIT["limiter"], None
                limiter.restore_original_limits()


# below this size of X, one threaded BLAS call is as fast or faster (2 cores, OpenBLAS:
# 100,000 x 200: 171 against 185 ms split; 200,000 x 50: 38 against 46; 400-500 MB: even;
# 400,000 x 200: 632 against 594; 1,000,000 x 100: 592 against 456)
_GRAM_SPLIT_MIN_BYTES = 384 << 20


def gram(X, Y=None):
    """``X.T @ X`` (and ``X.T @ Y``) of a tall dense X, at the BLAS's full speed.

    A threaded BLAS splits ``X.T @ X`` over its small output and, on a very tall X (from
    a few hundred MB), leaves cores waiting (OpenBLAS, 1,000,000 x 100 on 2 cores: 0.65 s;
    on smaller X it is as fast or faster, and is called as is). Here X is split into
    one row range per BLAS thread; each range is multiplied on its own thread with a
    single-threaded BLAS, chunk by chunk (``X.T @ Y`` on each chunk while it is in cache,
    no second pass over X), and the partial products are summed in range order: 0.37 s.

    Returns ``G`` of shape (n_features, n_features), and with Y, ``(G, X.T @ Y)``.
    """
    n, d = X.shape
    n_threads = 1
    if X.nbytes >= _GRAM_SPLIT_MIN_BYTES:
        n_threads = min(blas_threads(), max(1, n // 4096))
    if n_threads <= 1:
        G = X.T @ X
        return G if Y is None else (G, X.T @ Y)
    from concurrent.futures import ThreadPoolExecutor

    # ~2 MiB of X per chunk: it stays in the cache for its products
    chunk = max(256, (2 << 20) // max(1, d * X.itemsize))
    bounds = np.linspace(0, n, n_threads + 1).astype(int)
    errstate = np.geterr()  # the caller's, for the worker threads too

    def work(t):
        lo, hi = bounds[t], bounds[t + 1]
        G = XY = 0
        with np.errstate(**errstate):
            for s in range(lo, hi, chunk):
                e = min(s + chunk, hi)
                G = G + X[s:e].T @ X[s:e]
                if Y is not None:
                    XY = XY + X[s:e].T @ Y[s:e]
        return G, XY

    with blas_single_thread(), ThreadPoolExecutor(n_threads) as pool:
        parts = list(pool.map(work, range(n_threads)))
    G = sum(g for g, _ in parts)
    return G if Y is None else (G, sum(xy for _, xy in parts))


def squared_norm(x):
    """Squared Euclidean (Frobenius) norm of x."""
    x = np.ravel(x, order="K")
    return float(np.dot(x, x))


def safe_sparse_dot(a, b, *, dense_output=False):
    """``a @ b`` that works when either side is a scipy sparse matrix."""
    if a.ndim > 2 or b.ndim > 2:
        ret = np.dot(a, b)
    else:
        ret = a @ b
    if dense_output and issparse(ret):
        return ret.toarray()
    return ret


def svd_flip(u, v, u_based_decision=True):
    """Deterministic signs for an SVD: the largest-magnitude entry of each singular vector
    (of ``u``'s columns, or ``v``'s rows) is made positive, as in scikit-learn."""
    if u_based_decision:
        max_abs = np.argmax(np.abs(u), axis=0)
        signs = np.sign(u[max_abs, range(u.shape[1])])
        signs[signs == 0] = 1
        u = u * signs
        if v is not None:
            v = v * signs[:, np.newaxis]
    else:
        max_abs = np.argmax(np.abs(v), axis=1)
        signs = np.sign(v[range(v.shape[0]), max_abs])
        signs[signs == 0] = 1
        if u is not None:
            u = u * signs
        v = v * signs[:, np.newaxis]
    return u, v


def _cholesky_basis(Y):
    """``Y R^-1``, R the Cholesky factor of ``Y^T Y``: a basis of ``range(Y)`` (columns
    orthonormal up to about ``eps cond(Y)^2``) in two thin BLAS-3 products, several times
    cheaper than LU or Householder QR on a tall Y. None when Y is too ill-conditioned
    for it (a pivot of R below ``100 sqrt(eps)`` times the largest).
    """
    from scipy import linalg

    R = Y.T @ Y
    try:
        R = linalg.cholesky(R, lower=False, check_finite=False)
    except linalg.LinAlgError:
        return None
    pivots = np.abs(np.diag(R))
    if not pivots.min() > 100 * np.sqrt(np.finfo(R.dtype).eps) * pivots.max():
        return None
    return linalg.solve_triangular(R, Y.T, trans="T", check_finite=False).T


def _orthonormal_basis(Y):
    """Q with orthonormal columns spanning ``range(Y)``: Cholesky QR twice (the second
    pass brings the columns to orthonormality at rounding level, Yamamoto et al., 2015)
    where Y is well-conditioned enough, else Householder QR."""
    from scipy import linalg

    Q = _cholesky_basis(Y)
    if Q is not None:
        Q = _cholesky_basis(Q)
    if Q is None:
        Q, _ = linalg.qr(Y, mode="economic", check_finite=False)
    return Q


def _lu_basis(Y):
    from scipy import linalg

    return linalg.lu(Y, permute_l=True, check_finite=False)[0]


def randomized_range_finder(
    A, *, size, n_iter, power_iteration_normalizer="auto", random_state=None
):
    """An orthonormal basis Q whose range approximates that of A (Halko et al., 2011).

    Every normalizer spans the same subspaces (in exact arithmetic); they differ in how
    well they keep the columns apart between the products. "auto" runs none for up to
    two iterations, else a Cholesky QR (``_cholesky_basis``) with LU where Y is too
    ill-conditioned for it; "LU" and "QR" are taken literally, as scikit-learn's.
    """
    from scipy import linalg

    random_state = check_random_state(random_state)
    dtype = A.dtype if A.dtype in (np.float32, np.float64) else np.float64
    Q = random_state.normal(size=(A.shape[1], size)).astype(dtype, copy=False)
    normalize = {
        "auto": (lambda Y: Y) if n_iter <= 2 else _cholesky_basis,
        "none": lambda Y: Y,
        "LU": _lu_basis,
        "QR": lambda Y: linalg.qr(Y, mode="economic", check_finite=False)[0],
    }[power_iteration_normalizer]
    # The normalizations work on thin matrices (a few ms each), where a threaded BLAS
    # mostly waits for its threads: 1.7x slower on 2 cores for 100,000 x 30.
    for _ in range(n_iter):
        for M in (A, A.T):
            Y = safe_sparse_dot(M, Q)
            with blas_single_thread():
                Q = normalize(Y)
                if Q is None:
                    Q = _lu_basis(Y)
    Y = safe_sparse_dot(A, Q)
    with blas_single_thread():
        return _orthonormal_basis(Y)


def randomized_svd(
    M,
    n_components,
    *,
    n_oversamples=10,
    n_iter="auto",
    power_iteration_normalizer="auto",
    transpose="auto",
    flip_sign=True,
    random_state=None,
    svd_lapack_driver="gesdd",
):
    """Truncated SVD by random projection (Halko, Martinsson and Tropp, 2011).

    Returns
    -------
    U : ndarray of shape (n_samples, n_components)
    S : ndarray of shape (n_components,)
    Vt : ndarray of shape (n_components, n_features)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.utils.extmath import randomized_svd
    >>> A = np.random.RandomState(0).normal(size=(50, 20))
    >>> U, S, Vt = randomized_svd(A, 3, random_state=0)
    >>> np.allclose(S, np.linalg.svd(A, compute_uv=False)[:3], rtol=0.05)
    True
    """
    from scipy import linalg

    n_random = n_components + n_oversamples
    n_samples, n_features = M.shape
    if n_iter == "auto":
        n_iter = 7 if n_components < 0.1 * min(M.shape) else 4
    if transpose == "auto":
        transpose = n_samples < n_features
    if transpose:
        M = M.T
    Q = randomized_range_finder(
        M,
        size=n_random,
        n_iter=n_iter,
        power_iteration_normalizer=power_iteration_normalizer,
        random_state=random_state,
    )
    B = safe_sparse_dot(Q.T, M)
    Uhat, s, Vt = linalg.svd(
        B, full_matrices=False, lapack_driver=svd_lapack_driver, check_finite=False
    )
    U = Q @ Uhat
    if flip_sign:
        if not transpose:
            U, Vt = svd_flip(U, Vt)
        else:
            U, Vt = svd_flip(U, Vt, u_based_decision=False)
    if transpose:
        return Vt[:n_components, :].T, s[:n_components], U[:, :n_components].T
    return U[:, :n_components], s[:n_components], Vt[:n_components, :]


def softmax(X, copy=True):
    """Row-wise softmax, computed stably."""
    if copy:
        X = np.copy(X)
    X -= X.max(axis=1, keepdims=True)
    np.exp(X, out=X)
    X /= X.sum(axis=1, keepdims=True)
    return X


def stable_cumsum(arr, axis=None):
    """Cumulative sum in float64."""
    return np.cumsum(arr, axis=axis, dtype=np.float64)


def fast_logdet(A):
    """log(det(A)) of a symmetric matrix; -inf when the determinant is not positive."""
    sign, ld = np.linalg.slogdet(A)
    if not sign > 0:
        return -np.inf
    return ld


def _incremental_mean_and_var(X, last_mean, last_variance, last_sample_count, sample_weight=None):
    """Update per-column mean and variance with a new batch (Chan, Golub and LeVeque).

    NaN entries are ignored (counted per column). Sums accumulate in float64.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    last_mean, last_variance : ndarray of shape (n_features,) or float
        ``last_variance=None`` skips the variance.
    last_sample_count : ndarray of shape (n_features,)
    sample_weight : ndarray of shape (n_samples,), default=None

    Returns
    -------
    updated_mean, updated_variance, updated_sample_count : ndarray of shape (n_features,)
    """
    last_sum = last_mean * last_sample_count
    nan_mask = np.isnan(X)
    has_nan = bool(nan_mask.any())
    X0 = np.where(nan_mask, 0, X) if has_nan else X
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
        new_sum = sample_weight @ X0.astype(np.float64, copy=False)
        new_count = sample_weight @ (~nan_mask).astype(np.float64)
    else:
        new_sum = X0.sum(axis=0, dtype=np.float64)
        new_count = X.shape[0] - (nan_mask.sum(axis=0) if has_nan else 0)
        new_count = np.broadcast_to(np.asarray(new_count, dtype=np.float64), new_sum.shape)
    updated_count = last_sample_count + new_count
    with np.errstate(divide="ignore", invalid="ignore"):
        updated_mean = (last_sum + new_sum) / updated_count
    if last_variance is None:
        return updated_mean, None, updated_count
    with np.errstate(divide="ignore", invalid="ignore"):
        T = new_sum / new_count
        temp = X0.astype(np.float64, copy=False) - T
        if has_nan:
            temp[nan_mask] = 0
        if sample_weight is not None:
            correction = sample_weight @ temp
            temp **= 2
            new_unnormalized = sample_weight @ temp
        else:
            correction = temp.sum(axis=0)
            temp **= 2
            new_unnormalized = temp.sum(axis=0)
        new_unnormalized = new_unnormalized - correction**2 / new_count
        last_unnormalized = last_variance * last_sample_count
        last_over_new = last_sample_count / new_count
        updated_unnormalized = (
            last_unnormalized
            + new_unnormalized
            + last_over_new / updated_count * (last_sum / last_over_new - new_sum) ** 2
        )
    zeros = np.broadcast_to(last_sample_count == 0, updated_unnormalized.shape)
    updated_unnormalized = np.where(zeros, new_unnormalized, updated_unnormalized)
    with np.errstate(divide="ignore", invalid="ignore"):
        updated_variance = updated_unnormalized / updated_count
    return updated_mean, updated_variance, updated_count
