"""Lasso and elastic net by coordinate descent, their regularization paths and CV versions.

The coordinate descent itself is a numba kernel (``_cd_kernels``) that mirrors
scikit-learn's ``enet_coordinate_descent``: duality-gap stopping rule with ``tol`` scaled
by ``||y||^2``, gap-safe screening, cyclic or random selection, positivity, a Gram
variant (``precompute``) and a sparse CSC variant that centers implicitly.
"""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import RegressorMixin
from ..exceptions import ConvergenceWarning
from ..utils._chunking import gen_even_slices, map_threads
from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import blas_threads, gram, safe_sparse_dot
from ..utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    column_or_1d,
    issparse,
    validate_data,
)
from ._base import LinearModel, _preprocess_data

__all__ = [
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "enet_path",
    "lasso_path",
]

_RAND_R_MAX = 2147483647

_MESSAGE_CONV = (
    "Objective did not converge. You might want to increase the number of iterations, "
    "check the scale of the features or consider increasing regularisation."
)
_MESSAGE_RIDGE = (
    "Linear regression models with a zero l1 penalization strength are more efficiently "
    "fitted using one of the solvers implemented in aiguille.linear_model.Ridge/RidgeCV "
    "instead."
)


def _alpha_grid(
    X,
    y,
    Xy=None,
    l1_ratio=1.0,
    fit_intercept=True,
    eps=1e-3,
    n_alphas=100,
    sample_weight=None,
    *,
    positive=False,
):
    """Geometric grid from ``alpha_max = max|X^T y| / (n * l1_ratio)`` down to ``eps`` times it."""
    if l1_ratio == 0:
        raise ValueError(
            "Automatic alpha grid generation is not supported for l1_ratio=0. Please supply "
            "a grid by providing your estimator with the appropriate `alphas=` argument."
        )
    if Xy is not None:
        Xyw = Xy
    else:
        if fit_intercept:
            y = y - np.average(y, axis=0, weights=sample_weight)
            if issparse(X):
                if sample_weight is None:
                    X_mean = np.asarray(X.mean(axis=0)).ravel()
                else:
                    X_mean = np.asarray(X.T @ sample_weight).ravel() / np.sum(sample_weight)
            else:
                X_mean = np.average(X, axis=0, weights=sample_weight)
        if sample_weight is None:
            yw = y
        elif y.ndim > 1:
            yw = y * sample_weight.reshape(-1, 1)
        else:
            yw = y * sample_weight
        Xyw = np.asarray(safe_sparse_dot(X.T, yw, dense_output=True))
        if fit_intercept:
            if y.ndim > 1:
                Xyw = Xyw - X_mean[:, None] * np.sum(yw, axis=0)
            else:
                Xyw = Xyw - X_mean * np.sum(yw, axis=0)
    if Xyw.ndim == 1:
        Xyw = Xyw[:, np.newaxis]
    n_samples = sample_weight.sum() if sample_weight is not None else X.shape[0]
    if not positive:
        alpha_max = np.sqrt(np.max(np.sum(Xyw**2, axis=1))) / (n_samples * l1_ratio)
    else:
        alpha_max = max(0, np.max(Xyw)) / (n_samples * l1_ratio)
    if alpha_max <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def _pre_fit(X, y, Xy, precompute, fit_intercept, copy, check_gram=True, sample_weight=None):
    """Center/rescale the data and compute the Gram matrix and ``X^T y`` when asked."""
    n_samples, n_features = X.shape
    if issparse(X):
        copy = False
        precompute = False
        rescale_with_sw = False
    else:
        rescale_with_sw = True
    X, y, X_offset, y_offset, X_scale, _ = _preprocess_data(
        X,
        y,
        fit_intercept=fit_intercept,
        copy=copy,
        sample_weight=sample_weight,
        check_input=False,
        rescale_with_sw=rescale_with_sw,
    )
    if hasattr(precompute, "__array__"):
        if fit_intercept and not np.allclose(X_offset, np.zeros(n_features)):
            warnings.warn(
                "Gram matrix was provided but X was centered to fit intercept: "
                "recomputing Gram matrix.",
                UserWarning,
            )
            precompute = "auto"
            Xy = None
        elif check_gram:
            _check_precomputed_gram_matrix(X, precompute, X_offset, X_scale)
    if isinstance(precompute, str) and precompute == "auto":
        precompute = n_samples > n_features
    if precompute is True:  # dense X here (precompute is off for sparse X)
        precompute = np.ascontiguousarray(gram(X), dtype=X.dtype)
    if not hasattr(precompute, "__array__"):
        Xy = None
    if hasattr(precompute, "__array__") and Xy is None:
        common_dtype = np.result_type(X.dtype, y.dtype)
        if y.ndim == 1:
            Xy = np.empty(n_features, dtype=common_dtype, order="C")
            np.dot(X.T, y, out=Xy)
        else:
            Xy = np.empty((n_features, y.shape[1]), dtype=common_dtype, order="F")
            np.dot(y.T, X, out=Xy.T)
    return X, y, X_offset, y_offset, X_scale, precompute, Xy


def _check_precomputed_gram_matrix(X, precompute, X_offset, X_scale, rtol=None, atol=1e-5):
    n_features = X.shape[1]
    f1 = n_features // 2
    f2 = min(f1 + 1, n_features - 1)
    v1 = (X[:, f1] - X_offset[f1]) * X_scale[f1]
    v2 = (X[:, f2] - X_offset[f2]) * X_scale[f2]
    expected = np.dot(v1, v2)
    actual = precompute[f1, f2]
    if rtol is None:
        rtol = max(1e-4 if dt == np.float32 else 1e-7 for dt in [precompute.dtype, expected.dtype])
    if not np.isclose(expected, actual, rtol=rtol, atol=atol):
        raise ValueError(
            "Gram matrix passed in via 'precompute' parameter did not pass validation when a "
            "single element was checked - please check that it was computed properly. For "
            f"element ({f1},{f2}) we computed {expected} but the user-supplied value was "
            f"{actual}."
        )


# from this size of X, the centred transposed copy is split between threads
_CENTER_THREADED_MIN_BYTES = 8 << 20


def _center_fortran(X, y, sample_weight=None):
    """Centered, sqrt-weighted Fortran copy of X (one blocked pass) and centered y.

    Equivalent to ``_preprocess_data(np.asfortranarray(X), y, fit_intercept=True,
    sample_weight=sample_weight)`` without the intermediate copy.
    """
    from ._base import _weighted_mean

    n_samples, n_features = X.shape
    dtype = X.dtype
    X_offset = np.asarray(_weighted_mean(X, sample_weight), dtype=dtype)
    y_offset = np.asarray(_weighted_mean(y, sample_weight), dtype=dtype)
    sw_sqrt = None if sample_weight is None else np.sqrt(sample_weight).astype(dtype)
    out = np.empty((n_features, n_samples), dtype=dtype)  # out.T is Fortran-ordered
    if X.flags.c_contiguous:
        from . import _cd_kernels as K

        w = np.empty(0, dtype=dtype) if sw_sqrt is None else sw_sqrt
        n_threads = min(blas_threads(), 8) if X.nbytes >= _CENTER_THREADED_MIN_BYTES else 1
        map_threads(
            lambda sl: K.center_transpose_rows(X, X_offset, w, out, sl.start, sl.stop),
            gen_even_slices(n_samples, n_threads),
        )
    else:
        block = 256
        for start in range(0, n_samples, block):
            sl = slice(start, min(start + block, n_samples))
            np.subtract(X[sl].T, X_offset[:, None], out=out[:, sl])
            if sw_sqrt is not None:
                out[:, sl] *= sw_sqrt[sl]
    yc = np.array(y, dtype=dtype, copy=True)
    yc -= y_offset
    if sw_sqrt is not None:
        yc *= sw_sqrt if yc.ndim == 1 else sw_sqrt[:, None]
    if y.ndim == 1:
        y_offset = dtype.type(y_offset)
    return out.T, yc, X_offset, y_offset


def _warn_not_converged(gap, tol, alpha):
    message = _MESSAGE_CONV + f" Duality gap: {gap:.6e}, tolerance: {tol:.3e}"
    if alpha < np.finfo(np.float64).eps:
        message += "\n" + _MESSAGE_RIDGE
    warnings.warn(message, ConvergenceWarning, stacklevel=3)


def enet_path(
    X,
    y,
    *,
    l1_ratio=0.5,
    eps=1e-3,
    n_alphas="deprecated",
    alphas="warn",
    precompute="auto",
    Xy=None,
    copy_X=True,
    coef_init=None,
    verbose=False,
    return_n_iter=False,
    positive=False,
    check_input=True,
    **params,
):
    """Compute the elastic net path with coordinate descent (warm starts along the path).

    The objective is ``1 / (2 n) ||y - Xw||^2 + alpha l1_ratio ||w||_1
    + 0.5 alpha (1 - l1_ratio) ||w||^2``. No intercept is fitted (center the data).

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data.
    y : ndarray of shape (n_samples,)
        Target values.
    l1_ratio : float, default=0.5
        Mix of l1 and l2 penalties, in (0, 1].
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default="deprecated"
        Deprecated: number of alphas (use ``alphas=int``).
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the alphas themselves.
    precompute : "auto", bool or array-like of shape (n_features, n_features)
        Use a precomputed Gram matrix.
    Xy : array-like of shape (n_features,), default=None
        Precomputed ``X^T y`` (with a Gram matrix).
    copy_X : bool, default=True
        If True, X is copied; else it may be overwritten.
    coef_init : ndarray of shape (n_features,), default=None
        Initial coefficients.
    verbose : bool or int, default=False
        Verbosity.
    return_n_iter : bool, default=False
        Also return the number of iterations per alpha.
    positive : bool, default=False
        Force non-negative coefficients.
    check_input : bool, default=True
        Validate X and y.
    **params : kwargs
        ``tol``, ``max_iter``, ``random_state``, ``selection``, ``sample_weight``,
        ``X_offset``, ``X_scale``, ``do_screening``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas along the path (decreasing).
    coefs : ndarray of shape (n_features, n_alphas)
        Coefficients along the path.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gaps at the end of each optimization.
    n_iters : list of int
        Iterations per alpha (only if ``return_n_iter``).

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import enet_path
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(50, 3)
    >>> y = X @ np.array([1.0, 0.0, -2.0])
    >>> alphas, coefs, gaps = enet_path(X, y, alphas=5)
    >>> coefs.shape
    (3, 5)
    """
    if n_alphas == "deprecated":
        _alphas = 100
    else:
        warnings.warn(
            "'n_alphas' was deprecated in 1.9 and will be removed in 1.11. 'alphas' now "
            "accepts an integer value which removes the need to pass 'n_alphas'. The default "
            "value of 'alphas' will change from None to 100 in 1.11. Pass an explicit value "
            "to 'alphas' and leave 'n_alphas' to its default value to silence this warning.",
            FutureWarning,
        )
        _alphas = n_alphas
    if isinstance(alphas, str) and alphas == "warn":
        pass
    elif alphas is None:
        warnings.warn(
            "'alphas=None' is deprecated and will be removed in 1.11, at which point the "
            "default value will be set to 100. Set 'alphas=100' to silence this warning.",
            FutureWarning,
        )
    else:
        _alphas = alphas
    X_offset_param = params.pop("X_offset", None)
    X_scale_param = params.pop("X_scale", None)
    sample_weight = params.pop("sample_weight", None)
    tol = params.pop("tol", 1e-4)
    max_iter = params.pop("max_iter", 1000)
    random_state = params.pop("random_state", None)
    selection = params.pop("selection", "cyclic")
    do_screening = params.pop("do_screening", True)
    if len(params) > 0:
        raise ValueError("Unexpected parameters in params", params.keys())

    if check_input:
        X = check_array(
            X, accept_sparse="csc", dtype=[np.float64, np.float32], order="F", copy=copy_X
        )
        y = check_array(
            y, accept_sparse="csc", dtype=X.dtype.type, order="F", copy=False, ensure_2d=False
        )
        if Xy is not None:
            Xy = check_array(Xy, dtype=X.dtype.type, order="C", copy=False, ensure_2d=False)
    n_samples, n_features = X.shape
    if y.ndim != 1:
        raise ValueError(
            "enet_path supports a single target (y of shape (n_samples,)); fit one path per "
            "target."
        )
    X_is_sparse = issparse(X)
    if X_is_sparse:
        import scipy.sparse as sp

        if X.format != "csc":
            X = sp.csc_matrix(X)
        if X_offset_param is not None:
            X_sparse_scaling = np.asarray(X_offset_param / X_scale_param, dtype=X.dtype)
        else:
            X_sparse_scaling = np.zeros(n_features, dtype=X.dtype)
    if check_input or precompute is not False:
        X, y, _, _, _, precompute, Xy = _pre_fit(
            X, y, Xy, precompute, fit_intercept=False, copy=False, check_gram=check_input
        )
    if isinstance(_alphas, Integral):
        alphas = _alpha_grid(
            X,
            y,
            Xy=Xy,
            l1_ratio=l1_ratio,
            fit_intercept=False,
            positive=positive,
            eps=eps,
            n_alphas=_alphas,
        )
    elif len(_alphas) > 1:
        alphas = np.sort(_alphas)[::-1]
    else:
        alphas = np.asarray(_alphas, dtype=float)
    n_alphas = len(alphas)
    dual_gaps = np.empty(n_alphas)
    n_iters = []
    rng = check_random_state(random_state)
    if selection not in ["random", "cyclic"]:
        raise ValueError("selection should be either random or cyclic.")
    random = selection == "random"
    coefs = np.empty((n_features, n_alphas), dtype=X.dtype)
    if coef_init is None:
        coef_ = np.zeros(n_features, dtype=X.dtype)
    else:
        coef_ = np.array(coef_init, dtype=X.dtype).ravel()

    from . import _cd_kernels as K

    dtype = X.dtype
    if X_is_sparse:
        data = np.ascontiguousarray(X.data, dtype=dtype)
        indices = np.ascontiguousarray(X.indices, dtype=np.int64)
        indptr = np.ascontiguousarray(X.indptr, dtype=np.int64)
        no_sw = sample_weight is None
        sw = np.ones(1, dtype=dtype) if no_sw else np.ascontiguousarray(sample_weight, dtype=dtype)
        yc = np.ascontiguousarray(y, dtype=dtype)
    elif isinstance(precompute, np.ndarray):
        if check_input:
            precompute = check_array(precompute, dtype=X.dtype.type, order="C")
        Q = np.ascontiguousarray(precompute, dtype=dtype)
        q = np.ascontiguousarray(Xy, dtype=dtype).ravel()
        y_norm2 = float(np.dot(y, y))
    elif precompute is False:
        XT = np.asfortranarray(X).T  # C-contiguous (n_features, n_samples), no copy if F
        yc = np.ascontiguousarray(y, dtype=dtype)
    else:
        raise ValueError(
            f"Precompute should be one of True, False, 'auto' or array-like. Got {precompute!r}"
        )
    for i, alpha in enumerate(alphas):
        l1_reg = dtype.type(alpha * l1_ratio * n_samples)
        l2_reg = dtype.type(alpha * (1.0 - l1_ratio) * n_samples)
        seed = int(rng.randint(0, _RAND_R_MAX))
        tol_ = dtype.type(tol)
        if X_is_sparse:
            gap, tol_s, n_iter, conv = K.enet_cd_sparse(
                coef_,
                l1_reg,
                l2_reg,
                data,
                indices,
                indptr,
                yc,
                sw,
                no_sw,
                X_sparse_scaling,
                max_iter,
                tol_,
                seed,
                random,
                positive,
                do_screening,
            )
        elif isinstance(precompute, np.ndarray):
            gap, tol_s, n_iter, conv = K.enet_cd_gram(
                coef_,
                l1_reg,
                l2_reg,
                Q,
                q,
                dtype.type(y_norm2),
                max_iter,
                tol_,
                seed,
                random,
                positive,
                do_screening,
            )
        else:
            gap, tol_s, n_iter, conv = K.enet_cd_dense(
                coef_,
                l1_reg,
                l2_reg,
                XT,
                yc,
                max_iter,
                tol_,
                seed,
                random,
                positive,
                do_screening,
            )
        if not conv and n_iter > 0:
            _warn_not_converged(gap, tol_s, l1_reg)
        coefs[:, i] = coef_
        dual_gaps[i] = gap / n_samples
        n_iters.append(int(n_iter))
        if verbose:
            if verbose > 1:
                print(f"Path: {i:03d} out of {n_alphas:03d}")
    if return_n_iter:
        return alphas, coefs, dual_gaps, n_iters
    return alphas, coefs, dual_gaps


def lasso_path(
    X,
    y,
    *,
    eps=1e-3,
    n_alphas="deprecated",
    alphas="warn",
    precompute="auto",
    Xy=None,
    copy_X=True,
    coef_init=None,
    verbose=False,
    return_n_iter=False,
    positive=False,
    **params,
):
    """Compute the Lasso path with coordinate descent: :func:`enet_path` with ``l1_ratio=1``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Training data.
    y : ndarray of shape (n_samples,)
        Target values.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default="deprecated"
        Deprecated: number of alphas.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the alphas themselves.
    precompute : "auto", bool or array-like of shape (n_features, n_features)
        Use a precomputed Gram matrix.
    Xy : array-like of shape (n_features,), default=None
        Precomputed ``X^T y``.
    copy_X : bool, default=True
        If True, X is copied.
    coef_init : ndarray of shape (n_features,), default=None
        Initial coefficients.
    verbose : bool or int, default=False
        Verbosity.
    return_n_iter : bool, default=False
        Also return the number of iterations.
    positive : bool, default=False
        Force non-negative coefficients.
    **params : kwargs
        Passed to :func:`enet_path`.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : list of int
        Only if ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import lasso_path
    >>> X = np.array([[1, 2, 3.1], [2.3, 5.4, 4.3]]).T
    >>> y = np.array([1, 2, 3.1])
    >>> _, coef_path, _ = lasso_path(X, y, alphas=[5.0, 1.0, 0.5])
    >>> coef_path.round(4)
    array([[0.    , 0.    , 0.4687],
           [0.2159, 0.4426, 0.2369]])
    """
    return enet_path(
        X,
        y,
        l1_ratio=1.0,
        eps=eps,
        n_alphas=n_alphas,
        alphas=alphas,
        precompute=precompute,
        Xy=Xy,
        copy_X=copy_X,
        coef_init=coef_init,
        verbose=verbose,
        positive=positive,
        return_n_iter=return_n_iter,
        **params,
    )


class ElasticNet(RegressorMixin, LinearModel):
    """Linear regression with combined L1 and L2 priors as regularizer.

    Minimizes ``1 / (2 n_samples) ||y - Xw||^2_2 + alpha l1_ratio ||w||_1
    + 0.5 alpha (1 - l1_ratio) ||w||^2_2`` by coordinate descent.

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty terms.
    l1_ratio : float, default=0.5
        Mixing parameter: 0 is an L2 penalty, 1 an L1 penalty.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    precompute : bool or array-like of shape (n_features, n_features), default=False
        Use a precomputed Gram matrix (True computes it).
    max_iter : int, default=1000
        Maximum number of passes over the features.
    copy_X : bool, default=True
        If True, X is copied; else it may be overwritten.
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||y||^2``.
    warm_start : bool, default=False
        Start from the previous solution.
    positive : bool, default=False
        Force non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed of the random feature selection (``selection="random"``).
    selection : {"cyclic", "random"}, default="cyclic"
        Order in which coefficients are updated.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Parameter vector.
    sparse_coef_ : sparse matrix of shape (n_features,) or (n_targets, n_features)
        Sparse representation of ``coef_``.
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    n_iter_ : int or list of int
        Iterations of the coordinate descent (per target).
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the end of the optimization (per target).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import ElasticNet
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 2)
    >>> y = X @ np.array([30.0, 20.0]) + rng.randn(100)
    >>> regr = ElasticNet(random_state=0).fit(X, y)
    >>> regr.coef_.round(1)
    array([19.9, 12.9])
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    path = staticmethod(enet_path)

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        precompute=False,
        max_iter=1000,
        copy_X=True,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit the model with coordinate descent.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Data (sparse X is used as CSC without densifying).
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Target, cast to X's dtype.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Sample weights, rescaled internally to sum to ``n_samples``.
        check_input : bool, default=True
            Validate the input.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        if self.alpha == 0:
            warnings.warn(
                "With alpha=0, this algorithm does not converge well. You are advised to use "
                "the LinearRegression estimator",
                stacklevel=2,
            )
        X_copied = False
        # Fused path (dense X, intercept, no user Gram): validate without copying, then
        # build the centered (and sqrt-weighted) Fortran copy in one blocked pass instead
        # of a Fortran copy followed by in-place centering.
        fused = (
            check_input
            and self.fit_intercept
            and not issparse(X)
            and not hasattr(self.precompute, "__array__")
        )
        if check_input:
            X_copied = self.copy_X and self.fit_intercept and not fused
            X, y = validate_data(
                self,
                X,
                y,
                accept_sparse="csc",
                order=None if fused else "F",
                dtype=[np.float64, np.float32],
                accept_large_sparse=False,
                copy=X_copied,
                multi_output=True,
                y_numeric=True,
            )
            y = check_array(y, order="F", copy=False, dtype=X.dtype.type, ensure_2d=False)
            fused = fused and not issparse(X)
        n_samples, n_features = X.shape
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            if check_input:
                sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
            sample_weight = sample_weight * (n_samples / np.sum(sample_weight))
        if fused:
            X, y, X_offset, y_offset = _center_fortran(X, y, sample_weight)
            X_scale = np.ones(n_features, dtype=X.dtype)
            X, y, _, _, _, precompute, Xy = _pre_fit(
                X,
                y,
                None,
                self.precompute,
                fit_intercept=False,
                copy=False,
                check_gram=False,
                sample_weight=None,
            )
        else:
            should_copy = self.copy_X and not X_copied
            X, y, X_offset, y_offset, X_scale, precompute, Xy = _pre_fit(
                X,
                y,
                None,
                self.precompute,
                fit_intercept=self.fit_intercept,
                copy=should_copy,
                check_gram=check_input,
                sample_weight=sample_weight,
            )
        if not issparse(X):
            X = np.asfortranarray(X)
        if y.ndim == 1:
            y = y[:, np.newaxis]
        if Xy is not None and Xy.ndim == 1:
            Xy = Xy[:, np.newaxis]
        n_targets = y.shape[1]
        if not self.warm_start or not hasattr(self, "coef_"):
            coef_ = np.zeros((n_targets, n_features), dtype=X.dtype, order="F")
        else:
            coef_ = np.array(self.coef_, dtype=X.dtype)
            if coef_.ndim == 1:
                coef_ = coef_[np.newaxis, :]
        dual_gaps_ = np.zeros(n_targets, dtype=X.dtype)
        n_iter = []
        for k in range(n_targets):
            this_Xy = Xy[:, k] if Xy is not None else None
            _, this_coef, this_dual_gap, this_iter = self.path(
                X,
                np.ascontiguousarray(y[:, k]),
                l1_ratio=self.l1_ratio,
                eps=None,
                alphas=[self.alpha],
                precompute=precompute,
                Xy=this_Xy,
                copy_X=True,
                coef_init=coef_[k],
                verbose=False,
                return_n_iter=True,
                positive=self.positive,
                check_input=False,
                tol=self.tol,
                X_offset=X_offset,
                X_scale=X_scale,
                max_iter=self.max_iter,
                random_state=self.random_state,
                selection=self.selection,
                sample_weight=sample_weight,
            )
            coef_[k] = this_coef[:, 0]
            dual_gaps_[k] = this_dual_gap[0]
            n_iter.append(this_iter[0])
        if n_targets == 1:
            self.n_iter_ = n_iter[0]
            self.coef_ = coef_[0]
            self.dual_gap_ = dual_gaps_[0]
        else:
            self.n_iter_ = n_iter
            self.coef_ = coef_
            self.dual_gap_ = dual_gaps_
        self._set_intercept(X_offset, y_offset, X_scale)
        if not all(np.isfinite(w).all() for w in [self.coef_, self.intercept_]):
            raise ValueError(
                "Coordinate descent iterations resulted in non-finite parameter values. The "
                "input data may contain large values and need to be preprocessed."
            )
        return self

    @property
    def sparse_coef_(self):
        """Sparse representation of the fitted ``coef_``."""
        import scipy.sparse as sp

        return sp.csr_matrix(np.atleast_2d(self.coef_))

    def _decision_function(self, X):
        check_is_fitted(self)
        return super()._decision_function(X)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags


class Lasso(ElasticNet):
    """Linear model trained with an L1 prior as regularizer (the Lasso).

    Minimizes ``1 / (2 n_samples) ||y - Xw||^2_2 + alpha ||w||_1`` by coordinate descent
    (an :class:`ElasticNet` with ``l1_ratio=1``).

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the L1 term.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    precompute : bool or array-like of shape (n_features, n_features), default=False
        Use a precomputed Gram matrix.
    copy_X : bool, default=True
        If True, X is copied; else it may be overwritten.
    max_iter : int, default=1000
        Maximum number of passes over the features.
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||y||^2``.
    warm_start : bool, default=False
        Start from the previous solution.
    positive : bool, default=False
        Force non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed of the random feature selection.
    selection : {"cyclic", "random"}, default="cyclic"
        Order in which coefficients are updated.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Parameter vector.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the end of the optimization.
    sparse_coef_ : sparse matrix of shape (n_features, 1) or (n_targets, n_features)
        Sparse representation of ``coef_``.
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    n_iter_ : int or list of int
        Iterations of the coordinate descent.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.linear_model import Lasso
    >>> clf = Lasso(alpha=0.1).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 2])
    >>> clf.coef_.round(2)
    array([0.85, 0.  ])
    >>> float(round(clf.intercept_, 2))
    0.15
    """

    _parameter_constraints: dict = {**ElasticNet._parameter_constraints}
    _parameter_constraints.pop("l1_ratio")

    path = staticmethod(enet_path)

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        precompute=False,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        super().__init__(
            alpha=alpha,
            l1_ratio=1.0,
            fit_intercept=fit_intercept,
            precompute=precompute,
            copy_X=copy_X,
            max_iter=max_iter,
            tol=tol,
            warm_start=warm_start,
            positive=positive,
            random_state=random_state,
            selection=selection,
        )


# ---------------------------------------------------------------------------------------
# Cross-validation along the path
# ---------------------------------------------------------------------------------------


def _path_residuals(
    X,
    y,
    sample_weight,
    train,
    test,
    fit_intercept,
    path,
    path_params,
    alphas=None,
    l1_ratio=1,
    X_order=None,
    dtype=None,
):
    """Mean squared error on the test fold of every alpha along a path fitted on train."""
    X_train = X[train]
    y_train = y[train]
    X_test = X[test]
    y_test = y[test]
    if sample_weight is None:
        sw_train, sw_test = None, None
    else:
        sw_train = sample_weight[train]
        sw_test = sample_weight[test]
        sw_train = sw_train * (X_train.shape[0] / np.sum(sw_train))
    precompute = path_params["precompute"]
    X_train, y_train, X_offset, y_offset, X_scale, precompute, Xy = _pre_fit(
        X_train,
        y_train,
        None,
        precompute,
        fit_intercept=fit_intercept,
        copy=False,
        sample_weight=sw_train,
    )
    path_params = path_params.copy()
    path_params["Xy"] = Xy
    path_params["X_offset"] = X_offset
    path_params["X_scale"] = X_scale
    path_params["precompute"] = precompute
    path_params["copy_X"] = False
    path_params["alphas"] = alphas
    path_params["sample_weight"] = sw_train
    if "l1_ratio" in path_params:
        path_params["l1_ratio"] = l1_ratio
    X_train = check_array(X_train, accept_sparse="csc", dtype=dtype, order=X_order)
    alphas, coefs, _ = path(X_train, y_train, **path_params)
    del X_train, y_train
    coefs = coefs[np.newaxis, :, :]
    y_offset = np.atleast_1d(y_offset)
    y_test = y_test[:, np.newaxis]
    intercepts = y_offset[:, np.newaxis] - np.dot(X_offset, coefs)
    X_test_coefs = np.asarray(safe_sparse_dot(X_test, coefs[0], dense_output=True))[:, None, :]
    residues = X_test_coefs - y_test[:, :, np.newaxis]
    residues += intercepts
    if sample_weight is None:
        this_mse = (residues**2).mean(axis=0)
    else:
        this_mse = np.average(residues**2, weights=sw_test, axis=0)
    return this_mse.mean(axis=0)


class _LinearModelCV(LinearModel):
    """Shared fit of LassoCV / ElasticNetCV: CV along the path, then refit at the best alpha."""

    _parameter_constraints: dict = {
        "eps": [Interval(Real, 0, None, closed="neither")],
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "precompute": [StrOptions({"auto"}), "array-like", "boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "copy_X": ["boolean"],
        "cv": ["cv_object"],
        "verbose": ["verbose"],
        "n_jobs": [Integral, None],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the model along a grid of alphas, choosing the best one by cross-validation.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Sample weights for fitting and for the weighted MSE of each fold.
        **params : dict
            Passed to the CV splitter's ``split``.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        from ..model_selection import check_cv
        from ..parallel import Parallel, delayed

        self._validate_params()
        copy_X = self.copy_X and self.fit_intercept
        check_y_params = dict(copy=False, dtype=[np.float64, np.float32], ensure_2d=False)
        check_X_params = dict(
            accept_sparse="csc",
            dtype=[np.float64, np.float32],
            copy=False,
            accept_large_sparse=False,
        )
        X, y = validate_data(self, X, y, validate_separately=(check_X_params, check_y_params))
        copy_X = False  # folds are copies (fancy indexing): X itself is never modified
        check_consistent_length(X, y)
        if y.ndim > 1 and y.shape[1] > 1:
            raise ValueError(f"For multi-task outputs, use MultiTask{self.__class__.__name__}")
        y = column_or_1d(y, warn=True).astype(X.dtype, copy=False)
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if issparse(X) and X.format != "csc":
            X = X.tocsc()
        model = self._get_estimator()
        path_params = self.get_params()
        path_params.pop("fit_intercept", None)
        if "l1_ratio" in path_params:
            l1_ratios = np.atleast_1d(path_params["l1_ratio"])
            path_params["l1_ratio"] = l1_ratios[0]
        else:
            l1_ratios = [1]
        path_params.pop("cv", None)
        path_params.pop("n_jobs", None)
        n_l1_ratio = len(l1_ratios)
        if isinstance(self.alphas, Integral):
            alphas = [
                _alpha_grid(
                    X,
                    y,
                    l1_ratio=l1_ratio,
                    fit_intercept=self.fit_intercept,
                    positive=self.positive,
                    eps=self.eps,
                    n_alphas=self.alphas,
                    sample_weight=sample_weight,
                )
                for l1_ratio in l1_ratios
            ]
        else:
            for index, alpha in enumerate(self.alphas):
                if not isinstance(alpha, Real) or isinstance(alpha, bool):
                    raise TypeError(
                        f"alphas[{index}] must be an instance of float, not "
                        f"{type(alpha).__name__}."
                    )
                if alpha < 0:
                    raise ValueError(f"alphas[{index}] == {alpha}, must be >= 0.0.")
            alphas = np.tile(np.sort(self.alphas)[::-1], (n_l1_ratio, 1))
        path_params["copy_X"] = copy_X
        path_params.pop("eps", None)
        path_params.pop("verbose", None)
        path_params.pop("warm_start", None)
        cv = check_cv(self.cv)
        folds = list(cv.split(X, y, **params))
        jobs = (
            delayed(_path_residuals)(
                X,
                y,
                sample_weight,
                train,
                test,
                self.fit_intercept,
                self.path,
                path_params,
                alphas=this_alphas,
                l1_ratio=this_l1_ratio,
                X_order="F",
                dtype=X.dtype.type,
            )
            for this_l1_ratio, this_alphas in zip(l1_ratios, alphas)
            for train, test in folds
        )
        mse_paths = Parallel(n_jobs=self.n_jobs, prefer="threads")(jobs)
        mse_paths = np.reshape(mse_paths, (n_l1_ratio, len(folds), -1))
        mean_mse = np.mean(mse_paths, axis=1)
        self.mse_path_ = np.squeeze(np.moveaxis(mse_paths, 2, 1))
        best_mse = np.inf
        for l1_ratio, l1_alphas, mse_alphas in zip(l1_ratios, alphas, mean_mse):
            i_best_alpha = np.argmin(mse_alphas)
            this_best_mse = mse_alphas[i_best_alpha]
            if this_best_mse < best_mse:
                best_alpha = l1_alphas[i_best_alpha]
                best_l1_ratio = l1_ratio
                best_mse = this_best_mse
        self.l1_ratio_ = best_l1_ratio
        self.alpha_ = best_alpha
        if isinstance(self.alphas, Integral):
            self.alphas_ = np.asarray(alphas)
            if n_l1_ratio == 1:
                self.alphas_ = self.alphas_[0]
        else:
            self.alphas_ = np.asarray(alphas[0])
        common_params = {
            name: value for name, value in self.get_params().items() if name in model.get_params()
        }
        model.set_params(**common_params)
        model.alpha = best_alpha
        model.l1_ratio = best_l1_ratio
        model.copy_X = True
        if isinstance(self.precompute, str) and self.precompute == "auto":
            model.precompute = False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "feature names" from refit
            if sample_weight is None:
                model.fit(X, y)
            else:
                model.fit(X, y, sample_weight=sample_weight)
        if not hasattr(self, "l1_ratio"):
            del self.l1_ratio_
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.dual_gap_ = model.dual_gap_
        self.n_iter_ = model.n_iter_
        return self

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        return tags


class LassoCV(RegressorMixin, _LinearModelCV):
    """Lasso with the regularization chosen by cross-validation along the path.

    Parameters
    ----------
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the grid, or the alphas themselves.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    precompute : "auto", bool or array-like of shape (n_features, n_features), default="auto"
        Use a precomputed Gram matrix during cross-validation.
    max_iter : int, default=1000
        Maximum number of iterations.
    tol : float, default=1e-4
        Tolerance of the duality gap.
    copy_X : bool, default=True
        If True, X is never modified.
    cv : int, cross-validation generator or iterable, default=None
        Splitting strategy (None: 5-fold).
    verbose : bool or int, default=False
        Verbosity.
    n_jobs : int, default=None
        Folds run in parallel through :class:`aiguille.parallel.Parallel` (threads: the
        kernels release the GIL).
    positive : bool, default=False
        Force non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed of the random feature selection.
    selection : {"cyclic", "random"}, default="cyclic"
        Order in which coefficients are updated.

    Attributes
    ----------
    alpha_ : float
        The chosen alpha.
    coef_ : ndarray of shape (n_features,)
        Parameter vector.
    intercept_ : float
        Independent term.
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        Test MSE of each fold along the path.
    alphas_ : ndarray of shape (n_alphas,)
        The grid of alphas.
    dual_gap_ : float
        Duality gap of the final fit.
    n_iter_ : int
        Iterations of the final fit.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import LassoCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 5)
    >>> y = X @ np.array([1.0, 0.0, 2.0, 0.0, 0.0]) + 0.1 * rng.randn(100)
    >>> reg = LassoCV(cv=5).fit(X, y)
    >>> bool(reg.score(X, y) > 0.99)
    True
    """

    path = staticmethod(lasso_path)

    def __init__(
        self,
        *,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        copy_X=True,
        cv=None,
        verbose=False,
        n_jobs=None,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _get_estimator(self):
        return Lasso()


class ElasticNetCV(RegressorMixin, _LinearModelCV):
    """Elastic net with alpha and l1_ratio chosen by cross-validation along the path.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        l1_ratio value(s) to try.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the grid, or the alphas themselves.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    precompute : "auto", bool or array-like of shape (n_features, n_features), default="auto"
        Use a precomputed Gram matrix during cross-validation.
    max_iter : int, default=1000
        Maximum number of iterations.
    tol : float, default=1e-4
        Tolerance of the duality gap.
    cv : int, cross-validation generator or iterable, default=None
        Splitting strategy (None: 5-fold).
    copy_X : bool, default=True
        If True, X is never modified.
    verbose : bool or int, default=0
        Verbosity.
    n_jobs : int, default=None
        Folds run in parallel through :class:`aiguille.parallel.Parallel`.
    positive : bool, default=False
        Force non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Seed of the random feature selection.
    selection : {"cyclic", "random"}, default="cyclic"
        Order in which coefficients are updated.

    Attributes
    ----------
    alpha_ : float
        The chosen alpha.
    l1_ratio_ : float
        The chosen l1_ratio.
    coef_ : ndarray of shape (n_features,)
        Parameter vector.
    intercept_ : float
        Independent term.
    mse_path_ : ndarray of shape (n_l1_ratio, n_alphas, n_folds)
        Test MSE of each fold along the path (squeezed).
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid(s) of alphas.
    dual_gap_ : float
        Duality gap of the final fit.
    n_iter_ : int
        Iterations of the final fit.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import ElasticNetCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 5)
    >>> y = X @ np.array([1.0, 0.0, 2.0, 0.0, 0.0]) + 0.1 * rng.randn(100)
    >>> reg = ElasticNetCV(l1_ratio=[0.5, 1.0], cv=3).fit(X, y)
    >>> bool(reg.score(X, y) > 0.99)
    True
    """

    _parameter_constraints: dict = {
        **_LinearModelCV._parameter_constraints,
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), "array-like"],
    }

    path = staticmethod(enet_path)

    def __init__(
        self,
        *,
        l1_ratio=0.5,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        cv=None,
        copy_X=True,
        verbose=0,
        n_jobs=None,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def _get_estimator(self):
        return ElasticNet()
