"""Principal component analysis."""

import copy
from math import lgamma, log
from numbers import Integral, Real

import numpy as np

from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import blas_single_thread, blas_threads, gram, randomized_svd, svd_flip
from ..utils.validation import check_is_fitted, check_random_state, issparse, validate_data
from ._base import _BasePCA, _centered_total_variance, _CenteredOperator

__all__ = ["PCA"]


def _assess_dimension(spectrum, rank, n_samples):
    """Log-likelihood of a rank under Minka's Gaussian model (NIPS 2000)."""
    n_features = spectrum.shape[0]
    if not 1 <= rank < n_features:
        raise ValueError("the tested rank should be in [1, n_features - 1]")
    eps = 1e-15
    if spectrum[rank - 1] < eps:
        return -np.inf
    pu = -rank * log(2.0)
    for i in range(1, rank + 1):
        pu += lgamma((n_features - i + 1) / 2.0) - log(np.pi) * (n_features - i + 1) / 2.0
    pl = -np.sum(np.log(spectrum[:rank])) * n_samples / 2.0
    v = max(eps, np.sum(spectrum[rank:]) / (n_features - rank))
    pv = -log(v) * n_samples * (n_features - rank) / 2.0
    m = n_features * rank - rank * (rank + 1.0) / 2.0
    pp = log(2.0 * np.pi) * (m + rank) / 2.0
    spectrum_ = spectrum.copy()
    spectrum_[rank:n_features] = v
    i = np.arange(rank)[:, None]
    j = np.arange(spectrum.shape[0])[None, :]
    mask = j > i
    diff = (spectrum[:rank, None] - spectrum[None, :]) * (
        1.0 / spectrum_[None, :] - 1.0 / spectrum_[:rank, None]
    )
    pa = np.sum(np.log(diff[mask])) + mask.sum() * log(n_samples)
    return pu + pl + pv + pp - pa / 2.0 - rank * log(n_samples) / 2.0


def _infer_dimension(spectrum, n_samples):
    """The rank in [1, n_features - 1] that maximises Minka's likelihood."""
    ll = np.empty_like(spectrum)
    ll[0] = -np.inf
    for rank in range(1, spectrum.shape[0]):
        ll[rank] = _assess_dimension(spectrum, rank, n_samples)
    return int(np.argmax(ll))


def _householder_r(block, lapack_funcs=None):
    """R factor of the Householder QR of the Fortran-ordered ``block``, factorised in place.

    Fortran order is the layout LAPACK needs, so f2py makes no second copy. ``geqrf``
    gets a workspace of the size LAPACK asks for: the f2py default (3 * n_features)
    forces a block size of 3, i.e. an almost unblocked, BLAS-2 factorisation, 4 to 5
    times slower.
    """
    from scipy import linalg

    if lapack_funcs is None:
        lapack_funcs = linalg.get_lapack_funcs(("geqrf", "geqrf_lwork"), (block,))
    geqrf, geqrf_lwork = lapack_funcs
    n_rows, n_features = block.shape
    work, info = geqrf_lwork(n_rows, n_features)
    qr, _, _, info = geqrf(block, lwork=int(work), overwrite_a=True)
    if info != 0:  # pragma: no cover - LAPACK argument error
        raise RuntimeError(f"LAPACK geqrf failed with info={info}")
    return np.triu(qr[:n_features])


def _centred_block_r(X, mean, start, stop, lapack_funcs):
    """R factor of the Householder QR of ``X[start:stop] - mean``: the block is centred
    straight into the Fortran-ordered buffer that LAPACK factorises."""
    block = np.empty((stop - start, X.shape[1]), dtype=X.dtype, order="F")
    np.subtract(X[start:stop], mean, out=block)
    return _householder_r(block, lapack_funcs)


def _svd_s_vt(A):
    """Singular values and right singular vectors of A (Fortran-ordered, overwritten).

    For tall A, the SVD of the triangular factor of A's QR: the same S and Vt as gesdd
    on A (which takes this path itself for tall input), without the left factor that
    gesdd also forms (three quarters of its cost on 2,000 x 200).
    """
    from scipy import linalg

    if A.shape[0] >= 2 * A.shape[1]:
        A = _householder_r(A)
    _, S, Vt = linalg.svd(A, full_matrices=False, overwrite_a=True, check_finite=False)
    return S, Vt


def _tall_r(X, mean):
    """R of the QR of the centred tall X (``n_samples >= 2 * n_features``), exactly.

    With several BLAS threads, X is split into row blocks, one per thread; each block is
    centred and factorised on its own thread with a single-threaded BLAS, and the block
    R factors are merged pairwise with ``tpqrt`` (QR of a triangle stacked on a
    triangle). This is the TSQR factorisation (Demmel et al., 2012): it is backward
    stable like one Householder QR, and it keeps every core busy, where one ``geqrf``
    with a threaded BLAS leaves cores waiting during its BLAS-2 panel steps.
    """
    from scipy import linalg

    n_samples, n_features = X.shape
    lapack_funcs = linalg.get_lapack_funcs(("geqrf", "geqrf_lwork"), (X,))
    n_blocks = 1
    if n_samples * n_features * n_features >= 5e7:
        n_blocks = min(blas_threads(), n_samples // (2 * n_features))
    if n_blocks <= 1:
        return _centred_block_r(X, mean, 0, n_samples, lapack_funcs)

    from concurrent.futures import ThreadPoolExecutor

    bounds = np.linspace(0, n_samples, n_blocks + 1).astype(int)
    with blas_single_thread():
        with ThreadPoolExecutor(max_workers=n_blocks - 1) as pool:
            futures = [
                pool.submit(_centred_block_r, X, mean, bounds[i], bounds[i + 1], lapack_funcs)
                for i in range(1, n_blocks)
            ]
            R = _centred_block_r(X, mean, bounds[0], bounds[1], lapack_funcs)
            others = [f.result() for f in futures]
    (tpqrt,) = linalg.get_lapack_funcs(("tpqrt",), (R,))
    R = np.asfortranarray(R)
    for R_other in others:
        R, _, _, info = tpqrt(
            n_features,
            min(64, n_features),
            R,
            np.asfortranarray(R_other),
            overwrite_a=True,
            overwrite_b=True,
        )
        if info != 0:  # pragma: no cover - LAPACK argument error
            raise RuntimeError(f"LAPACK tpqrt failed with info={info}")
    return np.triu(R)


_GESVDX = {}


def _lapacke_gesvdx(dtype):
    """LAPACKE's ``?gesvdx`` from the OpenBLAS that scipy's wheels ship, or None.

    scipy does not wrap ``gesvdx`` (the SVD driver that computes a subset of the singular
    triplets), but its bundled ``libscipy_openblas`` exports LAPACKE with 32-bit integers
    under the ``scipy_`` prefix; the 64-bit-integer builds export a ``64_`` suffix, so
    asking for the exact unsuffixed name never picks one of them. Anything else (another
    LAPACK, a missing symbol) returns None and the caller uses gesdd.
    """
    key = np.dtype(dtype).char
    if key in _GESVDX:
        return _GESVDX[key]
    func = None
    try:
        import ctypes

        from ..utils.extmath import _threadpool_controller

        name = {"d": "scipy_LAPACKE_dgesvdx", "f": "scipy_LAPACKE_sgesvdx"}[key]
        real = {"d": ctypes.c_double, "f": ctypes.c_float}[key]
        for lib in _threadpool_controller().lib_controllers:
            if lib.internal_api != "openblas":
                continue
            handle = ctypes.CDLL(lib.filepath)
            if not hasattr(handle, name):
                continue
            func = getattr(handle, name)
            i, p, c = ctypes.c_int, ctypes.c_void_p, ctypes.c_char
            func.argtypes = [i, c, c, c, i, i, p, i, real, real, i, i, ctypes.POINTER(i)]
            func.argtypes += [p, p, i, p, i, p]
            func.restype = i
            break
    except Exception:  # pragma: no cover - no ctypes, no threadpoolctl, odd library
        func = None
    _GESVDX[key] = func
    return func


def _top_svd_vt(R, k):
    """The k largest singular values of the square R and their right singular vectors.

    One ``gesvdx`` call (bidiagonalisation, then bisection and inverse iteration for the
    k wanted triplets of the bidiagonal, then back-transformation of k vectors only):
    exact to machine precision like gesdd, at about the cost of gesdd without vectors.
    Returns None when ``gesvdx`` is not available or fails.
    """
    import ctypes

    func = _lapacke_gesvdx(R.dtype)
    if func is None:
        return None
    d = R.shape[0]
    A = np.array(R, order="F", copy=True)
    S = np.empty(d, dtype=R.dtype)
    Vt = np.empty((d, k), dtype=R.dtype).T  # Fortran-ordered k x d
    U = np.empty(1, dtype=R.dtype)
    superb = np.empty(12 * d, dtype=np.intc)
    ns = ctypes.c_int(0)
    info = func(
        102,  # LAPACK_COL_MAJOR
        b"N",
        b"V",
        b"I",
        d,
        d,
        A.ctypes.data,
        d,
        0.0,
        0.0,
        1,
        k,
        ctypes.byref(ns),
        S.ctypes.data,
        U.ctypes.data,
        1,
        Vt.ctypes.data,
        k,
        superb.ctypes.data,
    )
    if info != 0 or ns.value != k:
        return None
    return S[:k], np.ascontiguousarray(Vt)


def _exact_svd_vt(X, mean, n_top=None):
    """Singular values and right singular vectors of ``X - mean``, exact to machine precision.

    For tall data, Householder QR (R only) followed by the SVD of the small triangular
    factor R gives the same S and Vt as an SVD of the centred X (LAPACK's own gesdd takes
    this path for tall input) while skipping the n x d left factor that PCA's fit does not
    need. Otherwise gesdd runs on the transposed centred data (Fortran-ordered as it
    is, so no layout copy): its left singular vectors are our right ones. X is not
    modified.

    Returns ``(S, Vt, tail_ss)``. With ``n_top`` (an int, small next to n_features), tall
    data may get only the ``n_top`` leading triplets of R (``gesvdx``); then ``tail_ss``
    is the sum of the other squared singular values, computed as the squared norm of
    ``R (I - V V^T)`` (no cancellation against the leading ones). Otherwise every
    singular value is returned and ``tail_ss`` is None.
    """
    from scipy import linalg

    n, d = X.shape
    if n >= 2 * d:
        R = _tall_r(X, mean)
        if n_top is not None and 1 <= n_top <= d // 4:
            top = _top_svd_vt(R, n_top)
            if top is not None:
                S, Vt = top
                residual = R - (R @ Vt.T) @ Vt
                return S, Vt, float(np.einsum("ij,ij->", residual, residual))
        _, S, Vt = linalg.svd(R, full_matrices=False, overwrite_a=True, check_finite=False)
        return S, Vt, None
    Xc = X - mean
    U, S, _ = linalg.svd(Xc.T, full_matrices=False, overwrite_a=True, check_finite=False)
    return S, np.ascontiguousarray(U.T), None


def _use_gram_range_finder(X, n_random, n_iter, normalizer):
    """Whether the randomized solver should run its power iterations on ``Xc^T Xc``.

    The direct method multiplies X by a thin matrix ``2 * n_iter + 2`` times (about
    ``2 n d l (2 n_iter + 2)`` flops, in thin products that run well below BLAS peak);
    the Gram route forms the d x d matrix once (``2 n d^2`` flops in one square product
    at BLAS peak), after which every iteration costs ``O(d^2 l)``. Only dense float64 tall
    data with a moderate number of features qualifies (float32 data would lose accuracy
    in the Gram matrix), and only with a normalizer ("none" is kept literally).
    """
    if issparse(X) or X.dtype != np.float64 or normalizer == "none":
        return False
    n_samples, n_features = X.shape
    if n_samples < n_features or n_features > 4096 or n_iter < 1:
        return False
    return n_features <= 2 * n_random * (2 * n_iter + 2)


def _centred_gram(X, mean):
    """``(X - mean)^T (X - mean)`` accumulated over row chunks (bounded extra memory)."""
    from ..utils._chunking import gen_batches, get_chunk_n_rows

    n_samples, n_features = X.shape
    rows = get_chunk_n_rows(n_features * X.itemsize, max_n_rows=n_samples)
    G = None
    for sl in gen_batches(n_samples, rows):
        block = X[sl] - mean
        if G is None:
            G = block.T @ block  # numpy runs A^T A as one symmetric product
        else:
            G += block.T @ block
    return G


def _randomized_gram_svd(X, mean, n_components, n_oversamples, n_iter, random_state):
    """Top singular values and right singular vectors of ``X - mean`` by randomized SVD.

    The same algorithm as :func:`~aiguille.utils.extmath.randomized_svd` (Halko et al.,
    same random draws, same number of power iterations and of oversamples), run on the
    right side: with ``G = Xc^T Xc``, the power iterations ``Z <- orth(G Z)`` span the
    same subspace as the direct ``Q <- orth(Xc^T orth(Xc Q))``, and the final
    Rayleigh-Ritz step projects on ``range(Xc Z)`` exactly as the direct method's
    ``Q = orth(Xc Z)``, ``B = Q^T Xc``: with ``Z^T G Z = W diag(lam) W^T``, the matrix
    ``Q = Xc Z W diag(lam)^-1/2`` is orthonormal and ``Q^T Xc = diag(lam)^-1/2 W^T Z^T G``
    needs no pass over X. Returns None when ``Z^T G Z`` is too ill-conditioned for this
    (the caller then runs the direct method), else ``(S, Vt, total_ss)`` where
    ``total_ss`` is the trace of G (the centred sum of squares). ``mean=None`` takes X
    as it is, uncentred (truncated SVD).
    """
    from scipy import linalg

    n_features = X.shape[1]
    n_random = n_components + n_oversamples
    omega = random_state.normal(size=(n_features, n_random))
    G = gram(X) if mean is None else _centred_gram(X, mean)
    # The rest works on d x l matrices: a few milliseconds each on one core, where a
    # threaded BLAS mostly waits for its threads (badly so when the machine is busy).
    with blas_single_thread():
        Z = omega
        for _ in range(n_iter):
            Z, _ = linalg.qr(G @ Z, mode="economic", check_finite=False)
        GZ = G @ Z
        M = Z.T @ GZ
        M += M.T
        M *= 0.5
        lam, W = linalg.eigh(M, check_finite=False)
        if not lam[-1] > 0.0 or lam[0] <= 1e-8 * lam[-1]:
            return None
        B = (W / np.sqrt(lam)).T @ GZ.T
        _, S, Vt = linalg.svd(B, full_matrices=False, check_finite=False)
    return S[:n_components], Vt[:n_components], float(np.trace(G))


class PCA(_BasePCA):
    """Principal component analysis: a linear projection on the directions of largest
    variance, from an SVD of the centred data.

    Parameters
    ----------
    n_components : int, float, "mle" or None, default=None
        Number of components; a float in (0, 1) keeps enough components to explain that
        share of the variance; "mle" uses Minka's estimate; None keeps ``min(n, d)``.
    copy : bool, default=True
        If False, X may be overwritten by centring (full solver).
    whiten : bool, default=False
        Scale the projections to unit variance.
    svd_solver : {"auto", "full", "covariance_eigh", "arpack", "randomized"}, default="auto"
        "full": exact SVD (QR then SVD of R for tall data); "covariance_eigh": eigen-
        decomposition of the covariance matrix, one pass over X (fast for n >> d);
        "randomized": Halko et al.'s randomized SVD on implicitly centred data (no copy);
        "arpack": scipy's ``svds``. "auto" follows scikit-learn's policy.
    tol : float, default=0.0
        Tolerance of arpack.
    iterated_power : int or "auto", default="auto"
        Power iterations of the randomized solver.
    n_oversamples : int, default=10
        Extra random vectors of the randomized solver.
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        Principal axes, with scikit-learn's sign convention (``svd_flip`` on the rows).
    explained_variance_ : ndarray of shape (n_components,)
    explained_variance_ratio_ : ndarray of shape (n_components,)
    singular_values_ : ndarray of shape (n_components,)
    mean_ : ndarray of shape (n_features,)
    n_components_ : int
    n_samples_ : int
    noise_variance_ : float
        Estimated noise covariance of the probabilistic PCA model.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Defined when X has string feature names.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import PCA
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> pca = PCA(n_components=2).fit(X)
    >>> pca.explained_variance_ratio_.round(4)
    array([0.9924, 0.0076])
    """

    _parameter_constraints = {
        "n_components": [
            Interval(Integral, 0, None, closed="left"),
            Interval(Real, 0, 1, closed="neither"),
            StrOptions({"mle"}),
            None,
        ],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions({"auto", "covariance_eigh", "full", "arpack", "randomized"})],
        "tol": [Interval(Real, 0, None, closed="left")],
        "iterated_power": [StrOptions({"auto"}), Interval(Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_components=None,
        *,
        copy=True,
        whiten=False,
        svd_solver="auto",
        tol=0.0,
        iterated_power="auto",
        n_oversamples=10,
        power_iteration_normalizer="auto",
        random_state=None,
    ):
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = self.svd_solver in ("auto", "arpack", "covariance_eigh")
        return tags

    def fit(self, X, y=None):
        """Fit the model on X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : ignored

        Returns
        -------
        self : PCA
        """
        self._validate_params()
        self._fit(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit on X and return its projection.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        self._validate_params()
        X = self._fit(X)
        return self._transform(X)

    def _fit(self, X):
        if issparse(X) and self.svd_solver not in ("auto", "arpack", "covariance_eigh"):
            raise TypeError(
                'PCA only support sparse inputs with the "arpack" and "covariance_eigh" '
                f'solvers, while "{self.svd_solver}" was passed. See TruncatedSVD for a '
                "possible alternative."
            )
        X = validate_data(
            self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"), copy=False
        )
        solver = self.svd_solver
        if solver == "auto" and issparse(X):
            solver = "arpack"
        n_samples, n_features = X.shape
        if self.n_components is None:
            n_components = min(X.shape) - (1 if solver == "arpack" else 0)
        else:
            n_components = self.n_components
        if solver == "auto":
            if n_features <= 1_000 and n_samples >= 10 * n_features:
                solver = "covariance_eigh"
            elif max(X.shape) <= 500 or n_components == "mle":
                solver = "full"
            elif 1 <= n_components < 0.8 * min(X.shape):
                solver = "randomized"
            else:
                solver = "full"
        self._fit_svd_solver = solver
        if solver in ("full", "covariance_eigh"):
            self._fit_full(X, n_components, solver)
        else:
            self._fit_truncated(X, n_components, solver)
        return X

    def _fit_full(self, X, n_components, solver):
        n_samples, n_features = X.shape
        if n_components == "mle":
            if n_samples < n_features:
                raise ValueError("n_components='mle' is only supported if n_samples >= n_features")
        elif not 0 <= n_components <= min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components} must be between 0 and "
                f"min(n_samples, n_features)={min(n_samples, n_features)} with "
                f"svd_solver={solver!r}"
            )
        self.mean_ = np.asarray(X.mean(axis=0)).ravel()
        if solver == "full":
            if issparse(X):
                raise TypeError("svd_solver='full' does not support sparse input.")
            # X is left untouched (copy=False allows, not requires, overwriting it):
            # the centred data goes straight into the buffers LAPACK factorises.
            n_top = n_components if isinstance(n_components, Integral) else None
            S, Vt, tail_ss = _exact_svd_vt(X, self.mean_, n_top)
            explained_variance = S**2 / (n_samples - 1)
            if tail_ss is not None:  # only the n_components leading triplets
                _, Vt = svd_flip(None, Vt, u_based_decision=False)
                total_var = (np.sum(S**2) + tail_ss) / (n_samples - 1)
                self.noise_variance_ = float(
                    tail_ss / (n_samples - 1) / (min(n_features, n_samples) - n_components)
                )
                self.n_samples_ = n_samples
                self.n_components_ = int(n_components)
                self.components_ = Vt
                self.explained_variance_ = explained_variance
                self.explained_variance_ratio_ = explained_variance / total_var
                self.singular_values_ = S.copy()
                return
        else:  # covariance_eigh: one pass over X; centre the small Gram matrix instead
            C = np.asarray((X.T @ X).toarray()) if issparse(X) else gram(X)
            C -= n_samples * np.outer(self.mean_, self.mean_)
            C /= n_samples - 1
            eigenvals, eigenvecs = np.linalg.eigh(C)
            eigenvals = eigenvals[::-1].copy()
            eigenvecs = eigenvecs[:, ::-1]
            eigenvals[eigenvals < 0.0] = 0.0
            explained_variance = eigenvals
            S = np.sqrt(eigenvals * (n_samples - 1))
            Vt = np.ascontiguousarray(eigenvecs.T)
        _, Vt = svd_flip(None, Vt, u_based_decision=False)
        total_var = np.sum(explained_variance)
        ratio = explained_variance / total_var
        if n_components == "mle":
            n_components = _infer_dimension(explained_variance, n_samples)
        elif 0 < n_components < 1.0:
            n_components = int(np.searchsorted(np.cumsum(ratio), n_components, side="right") + 1)
        if n_components < min(n_features, n_samples):
            self.noise_variance_ = float(np.mean(explained_variance[n_components:]))
        else:
            self.noise_variance_ = 0.0
        self.n_samples_ = n_samples
        self.n_components_ = int(n_components)
        self.components_ = Vt[:n_components].copy()
        self.explained_variance_ = explained_variance[:n_components].copy()
        self.explained_variance_ratio_ = ratio[:n_components].copy()
        self.singular_values_ = S[:n_components].copy()

    def _fit_truncated(self, X, n_components, solver):
        n_samples, n_features = X.shape
        if isinstance(n_components, str):
            raise ValueError(
                f"n_components={n_components!r} cannot be a string with svd_solver='{solver}'"
            )
        if not 1 <= n_components <= min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components!r} must be between 1 and min(n_samples, "
                f"n_features)={min(n_samples, n_features)!r} with svd_solver='{solver}'"
            )
        if solver == "arpack" and n_components == min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components!r} must be strictly less than min(n_samples, "
                f"n_features)={min(n_samples, n_features)!r} with svd_solver='{solver}'"
            )
        random_state = check_random_state(self.random_state)
        self.mean_ = np.asarray(X.mean(axis=0)).ravel().astype(X.dtype, copy=False)
        # Centre implicitly: never writes an n x d copy, and works for sparse X.
        Xc = _CenteredOperator(X, self.mean_)
        total_ss = None
        if solver == "arpack":
            from scipy.sparse.linalg import LinearOperator, svds

            op = LinearOperator(
                X.shape,
                dtype=X.dtype,
                matvec=lambda v: Xc @ v,
                rmatvec=lambda v: Xc.T @ v,
                matmat=lambda V: Xc @ V,
                rmatmat=lambda V: Xc.T @ V,
            )
            v0 = random_state.uniform(-1, 1, size=min(X.shape))
            U, S, Vt = svds(op, k=n_components, tol=self.tol, v0=v0)
            S = S[::-1]
            U, Vt = svd_flip(U[:, ::-1], Vt[::-1], u_based_decision=False)
        else:
            n_iter = self.iterated_power
            if n_iter == "auto":  # randomized_svd's rule
                n_iter = 7 if n_components < 0.1 * min(X.shape) else 4
            gram = None
            if _use_gram_range_finder(
                X, n_components + self.n_oversamples, n_iter, self.power_iteration_normalizer
            ):
                # on a fallback the direct method must draw the same random numbers
                rng_state = copy.deepcopy(random_state)
                gram = _randomized_gram_svd(
                    X, self.mean_, n_components, self.n_oversamples, n_iter, random_state
                )
                if gram is None:
                    random_state = rng_state
            if gram is not None:
                S, Vt, total_ss = gram
                _, Vt = svd_flip(None, Vt, u_based_decision=False)
            else:
                U, S, Vt = randomized_svd(
                    Xc,
                    n_components=n_components,
                    n_oversamples=self.n_oversamples,
                    n_iter=n_iter,
                    power_iteration_normalizer=self.power_iteration_normalizer,
                    flip_sign=False,
                    random_state=random_state,
                )
                U, Vt = svd_flip(U, Vt, u_based_decision=False)
        if total_ss is not None:
            total_var = total_ss / (n_samples - 1)
        else:
            total_var = _centered_total_variance(X, self.mean_)
        self.n_samples_ = n_samples
        self.components_ = np.ascontiguousarray(Vt)
        self.n_components_ = n_components
        self.explained_variance_ = S**2 / (n_samples - 1)
        self.explained_variance_ratio_ = self.explained_variance_ / total_var
        self.singular_values_ = S.copy()
        if n_components < min(n_features, n_samples):
            self.noise_variance_ = float(
                (total_var - np.sum(self.explained_variance_))
                / (min(n_features, n_samples) - n_components)
            )
        else:
            self.noise_variance_ = 0.0

    def score_samples(self, X):
        """Log-likelihood of each sample under the probabilistic PCA model.

        Returns
        -------
        ll : ndarray of shape (n_samples,)
        """
        from ..utils.extmath import fast_logdet

        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        Xr = X - self.mean_
        precision = self.get_precision()
        log_like = -0.5 * np.sum(Xr * (Xr @ precision), axis=1)
        log_like -= 0.5 * (X.shape[1] * log(2.0 * np.pi) - fast_logdet(precision))
        return log_like

    def score(self, X, y=None):
        """Average log-likelihood of the samples."""
        return float(np.mean(self.score_samples(X)))
