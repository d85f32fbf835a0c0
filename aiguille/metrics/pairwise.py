"""Pairwise distances, similarities and kernels.

Dense euclidean work goes through BLAS with the norms trick ``|x|^2 - 2 x.y + |y|^2``
(float32 input is accumulated in float64 blocks, as scikit-learn does for precision);
manhattan, chebyshev and minkowski use numba kernels (a ``prange`` variant for big blocks);
other scipy metrics fall back to ``scipy.spatial.distance.cdist``.
``pairwise_distances_chunked`` yields row blocks so that at most ``working_memory`` MiB of
distances exist at a time.
"""

import itertools
from functools import partial
from numbers import Integral, Real

import numpy as np

from .._config import get_config
from ..utils._chunking import gen_batches, gen_even_slices, get_chunk_n_rows
from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.extmath import blas_single_thread, blas_threads, row_norms, safe_sparse_dot
from ..utils.validation import _num_samples, check_array, check_non_negative, issparse

__all__ = [
    "check_paired_arrays",
    "check_pairwise_arrays",
    "cosine_distances",
    "cosine_similarity",
    "euclidean_distances",
    "laplacian_kernel",
    "linear_kernel",
    "manhattan_distances",
    "nan_euclidean_distances",
    "paired_cosine_distances",
    "paired_distances",
    "paired_euclidean_distances",
    "paired_manhattan_distances",
    "pairwise_distances",
    "pairwise_distances_chunked",
    "pairwise_kernels",
    "polynomial_kernel",
    "rbf_kernel",
    "sigmoid_kernel",
]

# Element-count of one block above which the numba kernels use their prange variant.
_PARALLEL_WORK = 2_000_000


def _return_float_dtype(X, Y):
    if not issparse(X) and not isinstance(X, np.ndarray):
        X = np.asarray(X)
    if Y is None:
        Y_dtype = X.dtype
    elif not issparse(Y) and not isinstance(Y, np.ndarray):
        Y = np.asarray(Y)
        Y_dtype = Y.dtype
    else:
        Y_dtype = Y.dtype
    if X.dtype == Y_dtype == np.float32:
        dtype = np.float32
    else:
        dtype = float
    return X, Y, dtype


def check_pairwise_arrays(
    X,
    Y,
    *,
    precomputed=False,
    dtype="infer_float",
    accept_sparse="csr",
    ensure_all_finite=True,
    ensure_2d=True,
    copy=False,
):
    """Validate X and Y for a pairwise computation (``Y=None`` means ``Y = X``).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features) or None
    precomputed : bool, default=False
        X is a distance matrix to Y's samples.
    dtype : str, type, list of types or None, default="infer_float"
        "infer_float": float32 when both are float32, float64 otherwise.
    accept_sparse : str, bool or list of str, default="csr"
    ensure_all_finite : bool or "allow-nan", default=True
    ensure_2d : bool, default=True
    copy : bool, default=False

    Returns
    -------
    safe_X : {ndarray, sparse matrix} of shape (n_samples_X, n_features)
    safe_Y : {ndarray, sparse matrix} of shape (n_samples_Y, n_features)
        The same object as safe_X when Y was None or X.
    """
    X, Y, dtype_float = _return_float_dtype(X, Y)
    estimator = "check_pairwise_arrays"
    if dtype == "infer_float":
        dtype = dtype_float
    kw = dict(
        accept_sparse=accept_sparse,
        dtype=dtype,
        copy=copy,
        ensure_all_finite=ensure_all_finite,
        estimator=estimator,
        ensure_2d=ensure_2d,
    )
    if Y is X or Y is None:
        X = Y = check_array(X, **kw)
    else:
        X = check_array(X, **kw)
        Y = check_array(Y, **kw)
    if precomputed:
        if X.shape[1] != Y.shape[0]:
            raise ValueError(
                "Precomputed metric requires shape (n_queries, n_indexed). Got "
                f"({X.shape[0]}, {X.shape[1]}) for {Y.shape[0]} indexed."
            )
    elif ensure_2d and X.shape[1] != Y.shape[1]:
        raise ValueError(
            "Incompatible dimension for X and Y matrices: X.shape[1] == "
            f"{X.shape[1]} while Y.shape[1] == {Y.shape[1]}"
        )
    return X, Y


def check_paired_arrays(X, Y):
    """Validate X and Y for a paired computation: same shape.

    Returns
    -------
    safe_X, safe_Y : {ndarray, sparse matrix}
    """
    X, Y = check_pairwise_arrays(X, Y)
    if X.shape != Y.shape:
        raise ValueError(
            "X and Y should be of same shape. They were respectively "
            f"{X.shape!r} and {Y.shape!r} long."
        )
    return X, Y


def _check_norms(norms, n, name, shape, as_row):
    norms = check_array(norms, ensure_2d=False)
    original_shape = norms.shape
    if as_row:
        if norms.shape == (n,):
            norms = norms.reshape(1, -1)
        if norms.shape == (n, 1):
            norms = norms.T
        ok = norms.shape == (1, n)
    else:
        if norms.shape == (n,):
            norms = norms.reshape(-1, 1)
        if norms.shape == (1, n):
            norms = norms.T
        ok = norms.shape == (n, 1)
    if not ok:
        raise ValueError(
            f"Incompatible dimensions for {name} of shape {shape} and {name}_norm_squared "
            f"of shape {original_shape}."
        )
    return norms


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "Y_norm_squared": ["array-like", None],
        "squared": ["boolean"],
        "X_norm_squared": ["array-like", None],
    }
)
def euclidean_distances(X, Y=None, *, Y_norm_squared=None, squared=False, X_norm_squared=None):
    """Euclidean distances between the rows of X and the rows of Y.

    Computed as ``sqrt(|x|^2 - 2 x.y + |y|^2)`` with one BLAS product, clipped at 0; the
    diagonal is exactly 0 when Y is X. float32 input is computed in float64 blocks and
    returned as float32.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
        None means X.
    Y_norm_squared : array-like of shape (n_samples_Y,) or (n_samples_Y, 1) or (1, n_samples_Y)
        Precomputed ``(Y**2).sum(axis=1)``.
    squared : bool, default=False
        Return squared distances.
    X_norm_squared : array-like of shape (n_samples_X,) or (n_samples_X, 1) or (1, n_samples_X)
        Precomputed ``(X**2).sum(axis=1)``.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import euclidean_distances
    >>> euclidean_distances([[0, 1], [1, 1]], [[0, 0]])
    array([[1.        ],
           [1.41421356]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    if X_norm_squared is not None:
        X_norm_squared = _check_norms(X_norm_squared, X.shape[0], "X", X.shape, as_row=False)
    if Y_norm_squared is not None:
        Y_norm_squared = _check_norms(Y_norm_squared, Y.shape[0], "Y", Y.shape, as_row=True)
    return _euclidean_distances(X, Y, X_norm_squared, Y_norm_squared, squared)


def _euclidean_distances(X, Y, X_norm_squared=None, Y_norm_squared=None, squared=False):
    """Validated-input euclidean distances (the norms trick, in float64 for float32)."""
    if X_norm_squared is not None and X_norm_squared.dtype != np.float32:
        XX = X_norm_squared.reshape(-1, 1)
    elif X.dtype != np.float32:
        XX = row_norms(X, squared=True)[:, np.newaxis]
    else:
        XX = None
    if Y is X:
        YY = None if XX is None else XX.T
    elif Y_norm_squared is not None and Y_norm_squared.dtype != np.float32:
        YY = Y_norm_squared.reshape(1, -1)
    elif Y.dtype != np.float32:
        YY = row_norms(Y, squared=True)[np.newaxis, :]
    else:
        YY = None

    if X.dtype == np.float32 or Y.dtype == np.float32:
        distances = _euclidean_distances_upcast(X, XX, Y, YY)
    elif not issparse(X) and not issparse(Y):
        distances = _dense_euclidean(X, Y, XX.ravel(), YY.ravel(), squared)
        if X is Y:
            np.fill_diagonal(distances, 0)
        return distances
    else:
        distances = safe_sparse_dot(X, Y.T, dense_output=True)
        distances *= -2
        distances += XX
        distances += YY
    np.maximum(distances, 0, out=distances)
    if X is Y:
        np.fill_diagonal(distances, 0)
    return distances if squared else np.sqrt(distances, out=distances)


# rows of X per block: its product with Y and the finishing pass stay in cache together
_EUCLIDEAN_BLOCK_BYTES = 4 << 20
# below this many output entries, one block on the calling thread
_EUCLIDEAN_THREADED_MIN = 1 << 22


def _dense_euclidean(X, Y, XX, YY, squared):
    """The norms trick on dense float64 X, Y in row blocks of X: each block's BLAS product
    ``X_b Y^T`` is finished (-2, the norms, clip at 0, root) by one numba pass while it is
    in cache, where numpy's five whole-array passes read and write the n x m result five
    times. Blocks are shared between the BLAS threads (one BLAS thread each)."""
    from ._pairwise_kernels import finish_euclidean

    n_x, n_y = X.shape[0], Y.shape[0]
    out = np.empty((n_x, n_y))
    rows = max(8, _EUCLIDEAN_BLOCK_BYTES // (8 * max(n_y, 1)))
    blocks = [(s, min(s + rows, n_x)) for s in range(0, n_x, rows)]
    YT = Y.T

    def work(block):
        a, b = block
        np.dot(X[a:b], YT, out=out[a:b])
        finish_euclidean(out[a:b], XX[a:b], YY, squared)

    n_threads = min(blas_threads(), len(blocks), 8) if n_x * n_y >= _EUCLIDEAN_THREADED_MIN else 1
    if n_threads <= 1:
        for block in blocks:
            work(block)
        return out
    from concurrent.futures import ThreadPoolExecutor

    with blas_single_thread(), ThreadPoolExecutor(n_threads) as pool:
        list(pool.map(work, blocks))
    return out


def _euclidean_distances_upcast(X, XX=None, Y=None, YY=None, batch_size=None):
    """float32 distances computed block by block in float64 (scikit-learn's block sizes)."""
    from ._pairwise_kernels import finish_euclidean

    n_samples_X = X.shape[0]
    n_samples_Y = Y.shape[0]
    n_features = X.shape[1]
    distances = np.empty((n_samples_X, n_samples_Y), dtype=np.float32)
    if batch_size is None:
        x_density = X.nnz / np.prod(X.shape) if issparse(X) else 1
        y_density = Y.nnz / np.prod(Y.shape) if issparse(Y) else 1
        maxmem = max(
            (
                (x_density * n_samples_X + y_density * n_samples_Y) * n_features
                + (x_density * n_samples_X * y_density * n_samples_Y)
            )
            / 10,
            10 * 2**17,
        )
        tmp = (x_density + y_density) * n_features
        batch_size = (-tmp + np.sqrt(tmp**2 + 4 * maxmem)) / 2
        batch_size = max(int(batch_size), 1)
    # Y's float64 blocks are reused across X blocks when they fit in working memory.
    y_slices = list(gen_batches(n_samples_Y, batch_size))
    cache_y = (
        not issparse(Y)
        and Y.shape[0] * Y.shape[1] * 8 <= get_config()["working_memory"] * 2**20
        and len(list(gen_batches(n_samples_X, batch_size))) > 1
    )
    y_blocks = {}
    for i, x_slice in enumerate(gen_batches(n_samples_X, batch_size)):
        X_chunk = X[x_slice].astype(np.float64)
        XX_chunk = row_norms(X_chunk, squared=True)[:, np.newaxis] if XX is None else XX[x_slice]
        for j, y_slice in enumerate(y_slices):
            if X is Y and j < i:
                d = distances[y_slice, x_slice].T
            else:
                if j in y_blocks:
                    Y_chunk, YY_chunk = y_blocks[j]
                else:
                    Y_chunk = Y[y_slice].astype(np.float64)
                    if YY is None:
                        YY_chunk = row_norms(Y_chunk, squared=True)[np.newaxis, :]
                    else:
                        YY_chunk = YY[:, y_slice]
                    if cache_y:
                        y_blocks[j] = (Y_chunk, YY_chunk)
                d = safe_sparse_dot(X_chunk, Y_chunk.T, dense_output=True)
                # d *= -2; d += XX_chunk; d += YY_chunk (and the clip at 0) in one pass
                finish_euclidean(d, XX_chunk.ravel(), YY_chunk.ravel(), True)
            distances[x_slice, y_slice] = d.astype(np.float32, copy=False)
    return distances


def nan_euclidean_distances(X, Y=None, *, squared=False, missing_values=np.nan, copy=True):
    """Euclidean distances ignoring missing coordinates, scaled up by the present fraction.

    ``dist(x, y) = sqrt(n_features / n_present * sum over present coordinates of
    (x_i - y_i)^2)``; NaN when no coordinate is present in both rows.

    Parameters
    ----------
    X : array-like of shape (n_samples_X, n_features)
    Y : array-like of shape (n_samples_Y, n_features), default=None
    squared : bool, default=False
    missing_values : np.nan, float or int, default=np.nan
    copy : bool, default=True
        Copy X and Y before filling the missing values with 0.

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics.pairwise import nan_euclidean_distances
    >>> nan_euclidean_distances([[3, np.nan]], [[1, 0]])
    array([[2.82842712]])
    """
    nan_missing = isinstance(missing_values, float) and np.isnan(missing_values)
    ensure_all_finite = "allow-nan" if nan_missing else True
    X, Y = check_pairwise_arrays(
        X, Y, accept_sparse=False, ensure_all_finite=ensure_all_finite, copy=copy
    )

    def mask(A):
        return np.isnan(A) if nan_missing else A == missing_values

    missing_X = mask(X)
    missing_Y = missing_X if Y is X else mask(Y)
    X[missing_X] = 0
    Y[missing_Y] = 0
    distances = _euclidean_distances(X, Y, squared=True)
    XX = X * X
    YY = Y * Y
    distances -= np.dot(XX, missing_Y.T)
    distances -= np.dot(missing_X, YY.T)
    np.clip(distances, 0, None, out=distances)
    if X is Y:
        np.fill_diagonal(distances, 0.0)
    present_X = 1 - missing_X
    present_Y = present_X if Y is X else ~missing_Y
    present_count = np.dot(present_X, present_Y.T)
    distances[present_count == 0] = np.nan
    np.maximum(1, present_count, out=present_count)
    distances /= present_count
    distances *= X.shape[1]
    if not squared:
        np.sqrt(distances, out=distances)
    return distances


def _numba_distances(X, Y, code, p=2.0):
    """Dense distances by the numba kernel (float64), serial or prange by block size."""
    from ._pairwise_kernels import distances_parallel, distances_serial

    X = np.ascontiguousarray(X, dtype=np.float64)
    YT = np.ascontiguousarray(np.asarray(Y, dtype=np.float64).T)
    out = np.empty((X.shape[0], YT.shape[1]), dtype=np.float64)
    work = X.shape[0] * YT.shape[1] * max(X.shape[1], 1)
    kernel = distances_parallel if work >= _PARALLEL_WORK and X.shape[0] > 1 else distances_serial
    kernel(X, YT, code, float(p), out)
    return out


def _dense_rows(X, Y, func):
    """Apply a dense-only distance function to sparse input, X in row blocks."""
    Yd = Y.toarray() if issparse(Y) else Y
    if not issparse(X):
        return func(X, Yd)
    out = np.empty((X.shape[0], Y.shape[0]), dtype=np.float64)
    row_bytes = 8 * (X.shape[1] + Y.shape[0])
    for sl in gen_batches(X.shape[0], get_chunk_n_rows(row_bytes, max_n_rows=X.shape[0])):
        out[sl] = func(X[sl].toarray(), Yd)
    return out


@validate_params(
    {"X": ["array-like", "sparse matrix"], "Y": ["array-like", "sparse matrix", None]}
)
def manhattan_distances(X, Y=None):
    """L1 (cityblock) distances between the rows of X and the rows of Y.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)
        float64, like scikit-learn's.

    Examples
    --------
    >>> from aiguille.metrics.pairwise import manhattan_distances
    >>> manhattan_distances([[1, 2], [3, 4]], [[1, 2], [0, 3]])
    array([[0., 2.],
           [4., 4.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    same = X is Y
    if issparse(X) or issparse(Y):
        return _dense_rows(X, Y, lambda a, b: _numba_distances(a, b, 0))
    return _numba_distances(X, X if same else Y, 0)


def _chebyshev(X, Y):
    if issparse(X) or issparse(Y):
        return _dense_rows(X, Y, lambda a, b: _numba_distances(a, b, 1))
    return _numba_distances(X, Y, 1)


def _minkowski(X, Y, p=2, w=None):
    if w is not None:
        from scipy.spatial.distance import cdist

        return cdist(_dense(X), _dense(Y), "minkowski", p=p, w=w)
    if p == 1:
        code = 0
    elif np.isinf(p):
        code = 1
    elif float(p).is_integer() and p <= 16:
        code = 3
    else:
        code = 2
    if issparse(X) or issparse(Y):
        return _dense_rows(X, Y, lambda a, b: _numba_distances(a, b, code, p))
    return _numba_distances(X, Y, code, p)


def _dense(X):
    return X.toarray() if issparse(X) else X


def _normalize_rows(X):
    """Rows scaled to unit L2 norm (rows of norm 0 are left as they are)."""
    norms = row_norms(X)
    norms[norms == 0.0] = 1.0
    if issparse(X):
        import scipy.sparse as sp

        return sp.diags(1.0 / norms) @ X
    return X / norms[:, np.newaxis]


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "dense_output": ["boolean"],
    }
)
def cosine_similarity(X, Y=None, dense_output=True):
    """Cosine similarity ``<x, y> / (|x| |y|)`` between the rows of X and Y.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    dense_output : bool, default=True
        Return a dense array even for sparse input.

    Returns
    -------
    similarities : {ndarray, sparse matrix} of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import cosine_similarity
    >>> cosine_similarity([[1, 0], [1, 1]], [[1, 0]])
    array([[1.        ],
           [0.70710678]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    X_normalized = _normalize_rows(X)
    if X is Y:
        Y_normalized = X_normalized
    else:
        Y_normalized = _normalize_rows(Y)
    return safe_sparse_dot(X_normalized, Y_normalized.T, dense_output=dense_output)


@validate_params(
    {"X": ["array-like", "sparse matrix"], "Y": ["array-like", "sparse matrix", None]}
)
def cosine_distances(X, Y=None):
    """Cosine distances ``1 - cosine_similarity``, clipped to [0, 2].

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None

    Returns
    -------
    distances : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import cosine_distances
    >>> cosine_distances([[1, 0], [0, 1]])
    array([[0., 1.],
           [1., 0.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    S = cosine_similarity(X, Y)
    S *= -1
    S += 1
    np.clip(S, 0, 2, out=S)
    if X is Y:
        S[np.diag_indices_from(S)] = 0.0
    return S


# ----------------------------------------------------------------------------------- kernels


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "dense_output": ["boolean"],
    }
)
def linear_kernel(X, Y=None, dense_output=True):
    """Linear kernel ``X @ Y.T``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    dense_output : bool, default=True

    Returns
    -------
    kernel : {ndarray, sparse matrix} of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import linear_kernel
    >>> linear_kernel([[1, 2]], [[3, 4]])
    array([[11.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    return safe_sparse_dot(X, Y.T, dense_output=dense_output)


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "degree": [Interval(Real, 1, None, closed="left")],
        "gamma": [Interval(Real, 0, None, closed="left"), None],
        "coef0": [Interval(Real, None, None, closed="neither")],
    }
)
def polynomial_kernel(X, Y=None, degree=3, gamma=None, coef0=1):
    """Polynomial kernel ``(gamma <x, y> + coef0) ** degree``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    degree : float, default=3
    gamma : float, default=None
        ``1 / n_features`` when None.
    coef0 : float, default=1

    Returns
    -------
    kernel : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import polynomial_kernel
    >>> polynomial_kernel([[1.0, 0.0]], [[1.0, 1.0]], degree=2, gamma=1, coef0=1)
    array([[4.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    if gamma is None:
        gamma = 1.0 / X.shape[1]
    K = safe_sparse_dot(X, Y.T, dense_output=True)
    K *= gamma
    K += coef0
    K **= degree
    return K


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "gamma": [Interval(Real, 0, None, closed="left"), None],
        "coef0": [Interval(Real, None, None, closed="neither")],
    }
)
def sigmoid_kernel(X, Y=None, gamma=None, coef0=1):
    """Sigmoid kernel ``tanh(gamma <x, y> + coef0)``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``1 / n_features`` when None.
    coef0 : float, default=1

    Returns
    -------
    kernel : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import sigmoid_kernel
    >>> sigmoid_kernel([[0.0, 0.0]], [[1.0, 1.0]], coef0=0)
    array([[0.]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    if gamma is None:
        gamma = 1.0 / X.shape[1]
    K = safe_sparse_dot(X, Y.T, dense_output=True)
    K *= gamma
    K += coef0
    np.tanh(K, K)
    return K


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "gamma": [Interval(Real, 0, None, closed="left"), None],
    }
)
def rbf_kernel(X, Y=None, gamma=None):
    """RBF (Gaussian) kernel ``exp(-gamma |x - y|^2)``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``1 / n_features`` when None.

    Returns
    -------
    kernel : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import rbf_kernel
    >>> rbf_kernel([[0.0, 0.0]], [[1.0, 1.0]], gamma=0.5).round(6)
    array([[0.367879]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    if gamma is None:
        gamma = 1.0 / X.shape[1]
    K = _euclidean_distances(X, Y, squared=True)
    K *= -gamma
    np.exp(K, K)
    return K


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "gamma": [Interval(Real, 0, None, closed="neither"), None],
    }
)
def laplacian_kernel(X, Y=None, gamma=None):
    """Laplacian kernel ``exp(-gamma |x - y|_1)``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features)
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    gamma : float, default=None
        ``1 / n_features`` when None.

    Returns
    -------
    kernel : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import laplacian_kernel
    >>> laplacian_kernel([[0.0, 0.0]], [[1.0, 1.0]], gamma=0.5).round(6)
    array([[0.367879]])
    """
    X, Y = check_pairwise_arrays(X, Y)
    if gamma is None:
        gamma = 1.0 / X.shape[1]
    K = -gamma * manhattan_distances(X, Y)
    np.exp(K, K)
    return K


# ------------------------------------------------------------------------------ registries

PAIRWISE_DISTANCE_FUNCTIONS = {
    "cityblock": manhattan_distances,
    "cosine": cosine_distances,
    "euclidean": euclidean_distances,
    "l2": euclidean_distances,
    "l1": manhattan_distances,
    "manhattan": manhattan_distances,
    "nan_euclidean": nan_euclidean_distances,
    "precomputed": None,
}

# metric name -> function(X, Y, **kwds) on validated arrays (Y may be X).
_NATIVE = {
    "cityblock": lambda X, Y: manhattan_distances(X, Y),
    "l1": lambda X, Y: manhattan_distances(X, Y),
    "manhattan": lambda X, Y: manhattan_distances(X, Y),
    "euclidean": lambda X, Y: _euclidean_distances(X, Y),
    "l2": lambda X, Y: _euclidean_distances(X, Y),
    "sqeuclidean": lambda X, Y: _euclidean_distances(X, Y, squared=True),
    "cosine": lambda X, Y: cosine_distances(X, Y),
    "chebyshev": _chebyshev,
    "minkowski": _minkowski,
}

_SCIPY_METRICS = [
    "braycurtis",
    "canberra",
    "chebyshev",
    "correlation",
    "dice",
    "hamming",
    "jaccard",
    "mahalanobis",
    "matching",
    "minkowski",
    "rogerstanimoto",
    "russellrao",
    "seuclidean",
    "sokalsneath",
    "sqeuclidean",
    "yule",
]
_VALID_METRICS = sorted(
    {"euclidean", "l2", "l1", "manhattan", "cityblock", "cosine", "nan_euclidean", "haversine"}
    | set(_SCIPY_METRICS)
)
_BOOLEAN_METRICS = {
    "dice",
    "jaccard",
    "rogerstanimoto",
    "russellrao",
    "sokalsneath",
    "yule",
}


def _pairwise_callable(X, Y, metric, ensure_all_finite=True, **kwds):
    """Apply a callable metric to every pair of rows (slow, general)."""
    X, Y = check_pairwise_arrays(
        X, Y, dtype=None, ensure_all_finite=ensure_all_finite, ensure_2d=False
    )
    if X is Y:
        out = np.zeros((X.shape[0], Y.shape[0]), dtype="float")
        for i, j in itertools.combinations(range(X.shape[0]), 2):
            x = X[[i], :] if issparse(X) else X[i]
            y = Y[[j], :] if issparse(Y) else Y[j]
            out[i, j] = metric(x, y, **kwds)
        out = out + out.T
        for i in range(X.shape[0]):
            x = X[[i], :] if issparse(X) else X[i]
            out[i, i] = metric(x, x, **kwds)
    else:
        out = np.empty((X.shape[0], Y.shape[0]), dtype="float")
        for i, j in itertools.product(range(X.shape[0]), range(Y.shape[0])):
            x = X[[i], :] if issparse(X) else X[i]
            y = Y[[j], :] if issparse(Y) else Y[j]
            out[i, j] = metric(x, y, **kwds)
    return out


def _precompute_metric_params(X, Y, metric=None, **kwds):
    """V of seuclidean and VI of mahalanobis from the whole X, so that chunks agree."""
    if metric == "seuclidean" and "V" not in kwds:
        if X is Y:
            return {"V": np.var(X, axis=0, ddof=1)}
        raise ValueError(
            "The 'V' parameter is required for the seuclidean metric when Y is passed."
        )
    if metric == "mahalanobis" and "VI" not in kwds:
        if X is Y:
            return {"VI": np.linalg.inv(np.cov(X.T)).T}
        raise ValueError(
            "The 'VI' parameter is required for the mahalanobis metric when Y is passed."
        )
    return {}


def _effective_n_jobs(n_jobs):
    if n_jobs is None or n_jobs == 1:
        return 1
    from ..parallel import cpu_count

    return max(cpu_count() + 1 + n_jobs, 1) if n_jobs < 0 else int(n_jobs)


def _parallel_pairwise(X, Y, func, n_jobs, **kwds):
    """Split Y's rows into ``n_jobs`` slices computed in threads (kernels release the GIL)."""
    if Y is None:
        Y = X
    n_jobs = _effective_n_jobs(n_jobs)
    if n_jobs == 1:
        return func(X, Y, **kwds)
    from ..parallel import Parallel, delayed

    parts = Parallel(n_jobs=n_jobs, backend="threads")(
        delayed(func)(X, Y[s], **kwds) for s in gen_even_slices(_num_samples(Y), n_jobs)
    )
    out = np.hstack(parts)
    if X is Y and func in (_NATIVE["euclidean"], _NATIVE["sqeuclidean"], euclidean_distances):
        np.fill_diagonal(out, 0)  # slices of Y are not X: restore the exact zeros
    return out


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "metric": [StrOptions(set(_VALID_METRICS) | {"precomputed"}), callable],
        "n_jobs": [Integral, None],
        "ensure_all_finite": ["boolean", StrOptions({"allow-nan"})],
    }
)
def pairwise_distances(
    X, Y=None, metric="euclidean", *, n_jobs=None, ensure_all_finite=True, **kwds
):
    """Distance matrix between the rows of X and the rows of Y (or of X).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features) or \
            (n_samples_X, n_samples_X) when ``metric="precomputed"``
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    metric : str or callable, default="euclidean"
        "euclidean"/"l2", "sqeuclidean", "manhattan"/"cityblock"/"l1", "cosine",
        "minkowski" (``p=``), "chebyshev" natively; other scipy metric names through
        ``scipy.spatial.distance.cdist``; "precomputed"; or a callable of two rows.
    n_jobs : int, default=None
        Threads over slices of Y (the kernels release the GIL).
    ensure_all_finite : bool or "allow-nan", default=True
    **kwds : optional keyword parameters
        Passed to the metric (``p`` for minkowski, ...).

    Returns
    -------
    D : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics import pairwise_distances
    >>> pairwise_distances([[0, 0], [3, 4]], metric="manhattan")
    array([[0., 7.],
           [7., 0.]])
    """
    if metric == "precomputed":
        X, _ = check_pairwise_arrays(X, Y, precomputed=True, ensure_all_finite=ensure_all_finite)
        whom = "`pairwise_distances`. Precomputed distance  need to have non-negative values."
        check_non_negative(X, whom=whom)
        return X
    if callable(metric):
        func = partial(_pairwise_callable, metric=metric, ensure_all_finite=ensure_all_finite)
        return _parallel_pairwise(X, Y, func, n_jobs, **kwds)
    if (
        metric in _NATIVE
        and (metric != "minkowski" or set(kwds) <= {"p", "w"})
        and (metric == "minkowski" or not kwds)
    ):
        X, Y = check_pairwise_arrays(X, Y, ensure_all_finite=ensure_all_finite)
        return _parallel_pairwise(X, Y, _NATIVE[metric], n_jobs, **kwds)
    if metric == "nan_euclidean" or (kwds and PAIRWISE_DISTANCE_FUNCTIONS.get(metric) is not None):
        # e.g. metric="euclidean", squared=True: the public function takes the keywords
        finite = "allow-nan" if metric == "nan_euclidean" else ensure_all_finite
        X, Y = check_pairwise_arrays(X, Y, ensure_all_finite=finite)
        return _parallel_pairwise(X, Y, PAIRWISE_DISTANCE_FUNCTIONS[metric], n_jobs, **kwds)
    if metric == "haversine":
        raise ValueError(
            f"metric={metric!r} is not implemented in aiguille yet; use scikit-learn's "
            "pairwise_distances for it."
        )
    from scipy.spatial.distance import cdist, pdist, squareform

    dtype = bool if metric in _BOOLEAN_METRICS else float
    if dtype is bool and (
        np.asarray(X).dtype != bool or (Y is not None and np.asarray(Y).dtype != bool)
    ):
        import warnings

        from ..exceptions import DataConversionWarning, _interop_class

        warnings.warn(
            f"Data was converted to boolean for metric {metric}",
            _interop_class(DataConversionWarning),
        )
    if issparse(X) or issparse(Y):
        raise TypeError("scipy distance metrics do not support sparse matrices.")
    X, Y = check_pairwise_arrays(X, Y, dtype=dtype, ensure_all_finite=ensure_all_finite)
    kwds.update(_precompute_metric_params(X, Y, metric=metric, **kwds))
    if _effective_n_jobs(n_jobs) == 1 and X is Y:
        return squareform(pdist(X, metric, **kwds))
    return _parallel_pairwise(X, Y, partial(cdist, metric=metric, **kwds), n_jobs)


def _check_chunk_size(reduced, chunk_size):
    if reduced is None:
        return
    is_tuple = isinstance(reduced, tuple)
    if not is_tuple:
        reduced = (reduced,)
    if any(isinstance(r, tuple) or not hasattr(r, "__iter__") for r in reduced):
        raise TypeError(
            f"reduce_func returned {reduced if is_tuple else reduced[0]!r}. Expected "
            f"sequence(s) of length {chunk_size}."
        )
    if any(_num_samples(r) != chunk_size for r in reduced):
        actual_size = tuple(_num_samples(r) for r in reduced)
        raise ValueError(
            f"reduce_func returned object of length {actual_size if is_tuple else actual_size[0]}"
            f". Expected same length as input: {chunk_size}."
        )


def pairwise_distances_chunked(
    X,
    Y=None,
    *,
    reduce_func=None,
    metric="euclidean",
    n_jobs=None,
    working_memory=None,
    **kwds,
):
    """Generate the distance matrix in blocks of rows, each reduced by ``reduce_func``.

    Each block holds at most ``working_memory`` MiB of distances (at least one row).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features) or \
            (n_samples_X, n_samples_X) when ``metric="precomputed"``
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    reduce_func : callable, default=None
        ``reduce_func(D_chunk, start)`` -> array, list of arrays, or tuple of arrays of
        ``D_chunk``'s number of rows. None yields the raw blocks.
    metric : str or callable, default="euclidean"
    n_jobs : int, default=None
    working_memory : float, default=None
        MiB; ``get_config()["working_memory"]`` when None.
    **kwds : optional keyword parameters
        Passed to the metric.

    Yields
    ------
    D_chunk : {ndarray, sparse matrix}
        A block of rows of the distance matrix, or its reduction.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.metrics import pairwise_distances_chunked
    >>> X = np.random.RandomState(0).rand(5, 3)
    >>> chunks = list(pairwise_distances_chunked(X, working_memory=0))
    >>> len(chunks), chunks[0].shape
    (5, (1, 5))
    """
    n_samples_X = _num_samples(X)
    X_is_Y = Y is None or Y is X
    if metric == "precomputed":
        slices = (slice(0, n_samples_X),)
    else:
        if Y is None:
            Y = X
        # Validate once here so that chunks do not re-validate (and copy) the whole X.
        if not callable(metric):
            X, Y = check_pairwise_arrays(
                X, Y, dtype=bool if metric in _BOOLEAN_METRICS else "infer_float"
            )
        chunk_n_rows = get_chunk_n_rows(
            row_bytes=8 * _num_samples(Y),
            max_n_rows=n_samples_X,
            working_memory=working_memory,
        )
        slices = gen_batches(n_samples_X, chunk_n_rows)
    for sl in slices:
        if sl.start == 0 and sl.stop == n_samples_X:
            X_chunk = X
        else:
            X_chunk = X[sl]
        D_chunk = pairwise_distances(X_chunk, Y, metric=metric, n_jobs=n_jobs, **kwds)
        if X_is_Y and metric in ("euclidean", "l2", "sqeuclidean"):
            # The norms trick does not give exact zeros on the diagonal of a block.
            D_chunk.flat[sl.start :: n_samples_X + 1] = 0
        if reduce_func is not None:
            chunk_size = D_chunk.shape[0]
            D_chunk = reduce_func(D_chunk, sl.start)
            _check_chunk_size(D_chunk, chunk_size)
        yield D_chunk


# ------------------------------------------------------------------------------- paired


def paired_euclidean_distances(X, Y):
    """Euclidean distance between each row of X and the same row of Y.

    Returns
    -------
    distances : ndarray of shape (n_samples,)
    """
    X, Y = check_paired_arrays(X, Y)
    return row_norms(X - Y)


def paired_manhattan_distances(X, Y):
    """L1 distance between each row of X and the same row of Y.

    Returns
    -------
    distances : ndarray of shape (n_samples,)
    """
    X, Y = check_paired_arrays(X, Y)
    diff = X - Y
    if issparse(diff):
        diff.data = np.abs(diff.data)
        return np.squeeze(np.array(diff.sum(axis=1)))
    return np.abs(diff).sum(axis=-1)


def paired_cosine_distances(X, Y):
    """Cosine distance ``0.5 * |x/|x| - y/|y||^2`` between paired rows.

    Returns
    -------
    distances : ndarray of shape (n_samples,)
    """
    X, Y = check_paired_arrays(X, Y)
    return 0.5 * row_norms(_normalize_rows(X) - _normalize_rows(Y), squared=True)


PAIRED_DISTANCES = {
    "cosine": paired_cosine_distances,
    "euclidean": paired_euclidean_distances,
    "l2": paired_euclidean_distances,
    "l1": paired_manhattan_distances,
    "manhattan": paired_manhattan_distances,
    "cityblock": paired_manhattan_distances,
}


def paired_distances(X, Y, *, metric="euclidean", **kwds):
    """Distances between the paired rows of X and Y.

    Parameters
    ----------
    X, Y : {array-like, sparse matrix} of shape (n_samples, n_features)
    metric : str or callable, default="euclidean"
        "euclidean"/"l2", "manhattan"/"l1"/"cityblock", "cosine" or a callable of two rows.
    **kwds : dict
        Passed to a callable metric.

    Returns
    -------
    distances : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import paired_distances
    >>> paired_distances([[0, 1], [1, 1]], [[0, 1], [2, 1]])
    array([0., 1.])
    """
    if metric in PAIRED_DISTANCES:
        return PAIRED_DISTANCES[metric](X, Y)
    if callable(metric):
        X, Y = check_paired_arrays(X, Y)
        distances = np.zeros(len(X))
        for i in range(len(distances)):
            distances[i] = metric(X[i], Y[i], **kwds)
        return distances
    raise ValueError(f"Unknown distance {metric}")


# ------------------------------------------------------------------------- kernel registry

PAIRWISE_KERNEL_FUNCTIONS = {
    "cosine": cosine_similarity,
    "laplacian": laplacian_kernel,
    "linear": linear_kernel,
    "poly": polynomial_kernel,
    "polynomial": polynomial_kernel,
    "rbf": rbf_kernel,
    "sigmoid": sigmoid_kernel,
}

KERNEL_PARAMS = {
    "cosine": (),
    "laplacian": frozenset(["gamma"]),
    "linear": (),
    "poly": frozenset(["gamma", "degree", "coef0"]),
    "polynomial": frozenset(["gamma", "degree", "coef0"]),
    "rbf": frozenset(["gamma"]),
    "sigmoid": frozenset(["gamma", "coef0"]),
}


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "Y": ["array-like", "sparse matrix", None],
        "metric": [StrOptions(set(PAIRWISE_KERNEL_FUNCTIONS) | {"precomputed"}), callable],
        "filter_params": ["boolean"],
        "n_jobs": [Integral, None],
    }
)
def pairwise_kernels(X, Y=None, metric="linear", *, filter_params=False, n_jobs=None, **kwds):
    """Kernel matrix between the rows of X and the rows of Y (or of X).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples_X, n_features) or \
            (n_samples_X, n_samples_Y) when ``metric="precomputed"``
    Y : {array-like, sparse matrix} of shape (n_samples_Y, n_features), default=None
    metric : str or callable, default="linear"
        "linear", "poly"/"polynomial", "rbf", "sigmoid", "laplacian", "cosine",
        "precomputed", or a callable of two rows.
    filter_params : bool, default=False
        Drop keyword arguments the kernel does not take.
    n_jobs : int, default=None
    **kwds : optional keyword parameters
        Passed to the kernel (``gamma``, ``degree``, ``coef0``).

    Returns
    -------
    K : ndarray of shape (n_samples_X, n_samples_Y)

    Examples
    --------
    >>> from aiguille.metrics.pairwise import pairwise_kernels
    >>> pairwise_kernels([[1.0, 2.0]], [[3.0, 4.0]], metric="linear")
    array([[11.]])
    """
    if metric == "precomputed":
        X, _ = check_pairwise_arrays(X, Y, precomputed=True)
        return X
    if metric in PAIRWISE_KERNEL_FUNCTIONS:
        if filter_params:
            kwds = {k: kwds[k] for k in kwds if k in KERNEL_PARAMS[metric]}
        func = PAIRWISE_KERNEL_FUNCTIONS[metric]
    else:
        func = partial(_pairwise_callable, metric=metric, **kwds)
        kwds = {}
    return _parallel_pairwise(X, Y, func, n_jobs, **kwds)
