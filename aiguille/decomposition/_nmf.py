"""Non-negative matrix factorisation: coordinate descent (Fast HALS) and multiplicative updates.

``X ~= W H`` with ``W >= 0`` and ``H >= 0``. The coordinate-descent sweeps over the rows of
W (or of H^T) run in a numba kernel (compiled on first use); the Gram products around them
(``H H^T``, ``X H^T``) and every multiplicative update are BLAS products, or sparse
products when X is sparse. Initialisation, update order and random draws are
scikit-learn's, so the same ``random_state`` gives the same factors.
"""

import time
import warnings
from math import sqrt
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.extmath import randomized_svd, safe_sparse_dot, squared_norm
from ..utils.validation import (
    check_array,
    check_is_fitted,
    check_non_negative,
    check_random_state,
    issparse,
    validate_data,
)

__all__ = ["NMF", "non_negative_factorization"]

EPSILON = np.finfo(np.float32).eps

# One registry for the string losses: name -> beta of the beta-divergence.
_BETA_LOSSES = {"frobenius": 2, "kullback-leibler": 1, "itakura-saito": 0}


def _beta_loss_to_float(beta_loss):
    return _BETA_LOSSES[beta_loss] if isinstance(beta_loss, str) else beta_loss


def _kernels():
    """The numba kernels (``_nmf_kernels``), imported on first use: importing stays cheap."""
    from . import _nmf_kernels

    return _nmf_kernels


# -- losses and helpers --------------------------------------------------------------------


def _norm(x):
    return sqrt(squared_norm(x))


def _canonical_csr(X):
    """X as CSR with sorted indices and no stored zeros (``.data`` follows ``nonzero()``)."""
    X = X.tocsr(copy=True) if X.format != "csr" else X.copy()
    X.eliminate_zeros()
    X.sort_indices()
    return X


def _special_sparse_dot(W, H, X):
    """``W @ H``, only where the canonical CSR X is non-zero (same pattern as X)."""
    if not issparse(X):
        return np.dot(W, H)
    ii = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    jj = X.indices
    n_vals = ii.shape[0]
    n_components = W.shape[1]
    dot_vals = np.empty(n_vals, dtype=np.result_type(W, H))
    batch = max(n_components, n_vals // max(n_components, 1))
    Ht = H.T
    for start in range(0, n_vals, batch):
        sl = slice(start, start + batch)
        dot_vals[sl] = np.multiply(W[ii[sl], :], Ht[jj[sl], :]).sum(axis=1)
    out = X.copy()
    out.data = dot_vals
    return out


def _beta_divergence(X, W, H, beta, square_root=False):
    """Beta-divergence between X and ``W @ H`` (half the squared Frobenius norm for 2).

    With ``square_root=True``, ``sqrt(2 * divergence)``: the Frobenius norm for beta=2.
    X may be sparse (canonical CSR for beta != 2); ``W @ H`` is then formed only where
    X is non-zero.
    """
    beta = _beta_loss_to_float(beta)
    if not issparse(X):
        X = np.atleast_2d(X)
    W = np.atleast_2d(W)
    H = np.atleast_2d(H)

    if beta == 2:
        if issparse(X):
            norm_X = np.dot(X.data, X.data)
            norm_WH = np.dot(np.linalg.multi_dot([W.T, W, H]).ravel(), H.ravel())
            cross_prod = np.dot((X @ H.T).ravel(), W.ravel())
            res = (norm_X + norm_WH - 2.0 * cross_prod) / 2.0
        else:
            res = squared_norm(X - np.dot(W, H)) / 2.0
        return np.sqrt(res * 2) if square_root else res

    if issparse(X):
        WH_data = _special_sparse_dot(W, H, X).data
        X_data = X.data
    else:
        WH = np.dot(W, H)
        WH_data = WH.ravel()
        X_data = X.ravel()

    # zeros of X do not count (0 ** -1 is taken as 0, not infinity)
    indices = X_data > EPSILON
    WH_data = WH_data[indices]
    X_data = X_data[indices]
    WH_data[WH_data < EPSILON] = EPSILON

    if beta == 1:
        sum_WH = np.dot(np.sum(W, axis=0), np.sum(H, axis=1))
        div = X_data / WH_data
        res = np.dot(X_data, np.log(div))
        res += sum_WH - X_data.sum()
    elif beta == 0:
        div = X_data / WH_data
        res = np.sum(div) - np.prod(X.shape) - np.sum(np.log(div))
    else:
        if issparse(X):
            sum_WH_beta = 0
            for i in range(X.shape[1]):
                sum_WH_beta += np.sum(np.dot(W, H[:, i]) ** beta)
        else:
            sum_WH_beta = np.sum(WH**beta)
        sum_X_WH = np.dot(X_data, WH_data ** (beta - 1))
        res = (X_data**beta).sum() - beta * sum_X_WH
        res += sum_WH_beta * (beta - 1)
        res /= beta * (beta - 1)

    if square_root:
        res = max(res, 0)  # rounding can make it slightly negative
        return np.sqrt(2 * res)
    return res


def _check_init(A, shape, whom):
    A = check_array(A)
    if shape[0] != "auto" and A.shape[0] != shape[0]:
        raise ValueError(
            f"Array with wrong first dimension passed to {whom}. Expected {shape[0]}, "
            f"but got {A.shape[0]}."
        )
    if shape[1] != "auto" and A.shape[1] != shape[1]:
        raise ValueError(
            f"Array with wrong second dimension passed to {whom}. Expected {shape[1]}, "
            f"but got {A.shape[1]}."
        )
    check_non_negative(A, whom)
    if np.max(A) == 0:
        raise ValueError(f"Array passed to {whom} is full of zeros.")
    return A


# -- initialisation ------------------------------------------------------------------------


def _initialize_nmf(X, n_components, init=None, eps=1e-6, random_state=None):
    """Initial W and H: scikit-learn's "random", "nndsvd", "nndsvda" or "nndsvdar".

    NNDSVD is Boutsidis and Gallopoulos (2008): the positive or negative part of each
    leading singular pair, whichever has the larger norm product. ``random_state`` is
    turned into a generator here (a fresh one for an int seed), as scikit-learn does.
    """
    check_non_negative(X, "NMF initialization")
    n_samples, n_features = X.shape
    if init is not None and init != "random" and n_components > min(n_samples, n_features):
        raise ValueError(
            f"init = '{init}' can only be used when n_components <= min(n_samples, n_features)"
        )
    if init is None:
        init = "nndsvda" if n_components <= min(n_samples, n_features) else "random"

    if init == "random":
        avg = np.sqrt(X.mean() / n_components)
        rng = check_random_state(random_state)
        H = avg * rng.standard_normal(size=(n_components, n_features)).astype(X.dtype, copy=False)
        W = avg * rng.standard_normal(size=(n_samples, n_components)).astype(X.dtype, copy=False)
        np.abs(H, out=H)
        np.abs(W, out=W)
        return W, H

    U, S, V = randomized_svd(X, n_components, random_state=random_state)
    W = np.zeros_like(U)
    H = np.zeros_like(V)
    # the leading singular pair of a non-negative matrix is non-negative
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0, :] = np.sqrt(S[0]) * np.abs(V[0, :])
    for j in range(1, n_components):
        x, y = U[:, j], V[j, :]
        x_p, y_p = np.maximum(x, 0), np.maximum(y, 0)
        x_n, y_n = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        x_p_nrm, y_p_nrm = _norm(x_p), _norm(y_p)
        x_n_nrm, y_n_nrm = _norm(x_n), _norm(y_n)
        m_p, m_n = x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm
        if m_p > m_n:
            u, v, sigma = x_p / x_p_nrm, y_p / y_p_nrm, m_p
        else:
            u, v, sigma = x_n / x_n_nrm, y_n / y_n_nrm, m_n
        lbd = np.sqrt(S[j] * sigma)
        W[:, j] = lbd * u
        H[j, :] = lbd * v
    W[W < eps] = 0
    H[H < eps] = 0

    if init == "nndsvda":
        avg = X.mean()
        W[W == 0] = avg
        H[H == 0] = avg
    elif init == "nndsvdar":
        rng = check_random_state(random_state)
        avg = X.mean()
        W[W == 0] = abs(avg * rng.standard_normal(size=len(W[W == 0])) / 100)
        H[H == 0] = abs(avg * rng.standard_normal(size=len(H[H == 0])) / 100)
    return W, H


# -- coordinate descent --------------------------------------------------------------------


def _update_coordinate_descent(X, W, Ht, l1_reg, l2_reg, shuffle, rng, sweep):
    """One sweep over W for fixed Ht (call with ``X.T, Ht, W`` to update Ht)."""
    n_components = Ht.shape[1]
    HHt = np.dot(Ht.T, Ht)
    XHt = np.ascontiguousarray(safe_sparse_dot(X, Ht))
    if l2_reg != 0.0:
        HHt.flat[:: n_components + 1] += l2_reg
    if l1_reg != 0.0:
        XHt -= l1_reg
    if shuffle:
        permutation = rng.permutation(n_components)
    else:
        permutation = np.arange(n_components)
    permutation = np.asarray(permutation, dtype=np.intp)
    return sweep(W, HHt, XHt, permutation)


def _fit_coordinate_descent(
    X,
    W,
    H,
    tol=1e-4,
    max_iter=200,
    l1_reg_W=0,
    l1_reg_H=0,
    l2_reg_W=0,
    l2_reg_H=0,
    update_H=True,
    verbose=0,
    shuffle=False,
    random_state=None,
):
    """Alternating cyclic coordinate descent (Fast HALS, Cichocki and Phan 2009).

    Stops when the summed projected gradient falls below ``tol`` times its value at the
    first iteration. Returns ``W, H, n_iter``.
    """
    W = np.ascontiguousarray(W)
    Ht = np.ascontiguousarray(H.T)
    if issparse(X) and X.format == "csc":
        X = X.tocsr()
    rng = check_random_state(random_state)
    sweep = _kernels().cd_sweep
    XT = X.T

    violation_init = 0.0
    for n_iter in range(1, max_iter + 1):
        violation = _update_coordinate_descent(X, W, Ht, l1_reg_W, l2_reg_W, shuffle, rng, sweep)
        if update_H:
            violation += _update_coordinate_descent(
                XT, Ht, W, l1_reg_H, l2_reg_H, shuffle, rng, sweep
            )
        if n_iter == 1:
            violation_init = violation
        if violation_init == 0:
            break
        if verbose:
            print("violation:", violation / violation_init)
        if violation / violation_init <= tol:
            if verbose:
                print("Converged at iteration", n_iter + 1)
            break
    return W, Ht.T, n_iter


# -- multiplicative updates ----------------------------------------------------------------


def _weighted_ratio(X, W, H, beta_loss):
    """``X * (W H) ** (beta - 2)`` (dense, or sparse on X's pattern) and, for dense X,
    the clipped copy of ``W H`` the denominator needs."""
    WH_safe_X = _special_sparse_dot(W, H, X)
    WH = None
    if issparse(X):
        WH_safe_X_data = WH_safe_X.data
        X_data = X.data
    else:
        WH_safe_X_data = WH_safe_X
        X_data = X
        WH = WH_safe_X.copy()
        if beta_loss - 1.0 < 0:
            WH[WH < EPSILON] = EPSILON
    if beta_loss - 2.0 < 0:
        WH_safe_X_data[WH_safe_X_data < EPSILON] = EPSILON
    if beta_loss == 1:
        np.divide(X_data, WH_safe_X_data, out=WH_safe_X_data)
    elif beta_loss == 0:
        WH_safe_X_data **= -1
        WH_safe_X_data **= 2
        WH_safe_X_data *= X_data
    else:
        WH_safe_X_data **= beta_loss - 2
        WH_safe_X_data *= X_data
    return WH_safe_X, WH


def _multiplicative_update_w(
    X, W, H, beta_loss, l1_reg_W, l2_reg_W, gamma, H_sum=None, HHt=None, XHt=None, update_H=True
):
    """One multiplicative update of W (Lee and Seung; Fevotte and Idier for beta != 2)."""
    if beta_loss == 2:
        if XHt is None:
            XHt = safe_sparse_dot(X, H.T)
        numerator = XHt if update_H else XHt.copy()
        if HHt is None:
            HHt = np.dot(H, H.T)
        denominator = np.dot(W, HHt)
    else:
        WH_safe_X, WH = _weighted_ratio(X, W, H, beta_loss)
        numerator = safe_sparse_dot(WH_safe_X, H.T)
        if beta_loss == 1:
            if H_sum is None:
                H_sum = np.sum(H, axis=1)
            denominator = H_sum[np.newaxis, :]
        else:
            if issparse(X):
                # row by row: never forms the dense W H
                WHHt = np.empty(W.shape)
                for i in range(X.shape[0]):
                    WHi = np.dot(W[i, :], H)
                    if beta_loss - 1 < 0:
                        WHi[WHi < EPSILON] = EPSILON
                    WHi **= beta_loss - 1
                    WHHt[i, :] = np.dot(WHi, H.T)
            else:
                WH **= beta_loss - 1
                WHHt = np.dot(WH, H.T)
            denominator = WHHt

    if l1_reg_W > 0:
        denominator += l1_reg_W
    if l2_reg_W > 0:
        denominator = denominator + l2_reg_W * W
    denominator[denominator == 0] = EPSILON

    numerator /= denominator
    delta_W = numerator
    if gamma != 1:
        delta_W **= gamma
    W *= delta_W
    return W, H_sum, HHt, XHt


def _multiplicative_update_h(X, W, H, beta_loss, l1_reg_H, l2_reg_H, gamma):
    """One multiplicative update of H."""
    if beta_loss == 2:
        numerator = safe_sparse_dot(W.T, X)
        denominator = np.linalg.multi_dot([W.T, W, H])
    else:
        WH_safe_X, WH = _weighted_ratio(X, W, H, beta_loss)
        numerator = safe_sparse_dot(W.T, WH_safe_X)
        if beta_loss == 1:
            W_sum = np.sum(W, axis=0)
            W_sum[W_sum == 0] = 1.0
            denominator = W_sum[:, np.newaxis]
        else:
            if issparse(X):
                # column by column: never forms the dense W H
                WtWH = np.empty(H.shape)
                for i in range(X.shape[1]):
                    WHi = np.dot(W, H[:, i])
                    if beta_loss - 1 < 0:
                        WHi[WHi < EPSILON] = EPSILON
                    WHi **= beta_loss - 1
                    WtWH[:, i] = np.dot(W.T, WHi)
            else:
                WH **= beta_loss - 1
                WtWH = np.dot(W.T, WH)
            denominator = WtWH

    if l1_reg_H > 0:
        denominator += l1_reg_H
    if l2_reg_H > 0:
        denominator = denominator + l2_reg_H * H
    denominator[denominator == 0] = EPSILON

    delta_H = numerator
    delta_H /= denominator
    if gamma != 1:
        delta_H **= gamma
    H *= delta_H
    return H


def _fit_multiplicative_update(
    X,
    W,
    H,
    beta_loss="frobenius",
    max_iter=200,
    tol=1e-4,
    l1_reg_W=0,
    l1_reg_H=0,
    l2_reg_W=0,
    l2_reg_H=0,
    update_H=True,
    verbose=0,
):
    """Alternating multiplicative updates of W and H for a beta-divergence.

    The loss is checked every 10 iterations; the fit stops when it decreased by less than
    ``tol`` times its initial value. Returns ``W, H, n_iter``.
    """
    start_time = time.time()
    beta_loss = _beta_loss_to_float(beta_loss)
    if issparse(X) and beta_loss != 2:
        X = _canonical_csr(X)  # .data must follow the pattern of the products on it
    # exponent of the majorisation-minimisation step (Fevotte and Idier, 2011)
    if beta_loss < 1:
        gamma = 1.0 / (2.0 - beta_loss)
    elif beta_loss > 2:
        gamma = 1.0 / (beta_loss - 1.0)
    else:
        gamma = 1.0

    error_at_init = _beta_divergence(X, W, H, beta_loss, square_root=True)
    previous_error = error_at_init
    H_sum, HHt, XHt = None, None, None
    for n_iter in range(1, max_iter + 1):
        W, H_sum, HHt, XHt = _multiplicative_update_w(
            X, W, H, beta_loss, l1_reg_W, l2_reg_W, gamma, H_sum, HHt, XHt, update_H
        )
        if beta_loss < 1:
            W[W < np.finfo(np.float64).eps] = 0.0
        if update_H:
            H = _multiplicative_update_h(X, W, H, beta_loss, l1_reg_H, l2_reg_H, gamma)
            H_sum, HHt, XHt = None, None, None
            if beta_loss <= 1:
                H[H < np.finfo(np.float64).eps] = 0.0
        if tol > 0 and n_iter % 10 == 0:
            error = _beta_divergence(X, W, H, beta_loss, square_root=True)
            if verbose:
                elapsed = time.time() - start_time
                print(f"Epoch {n_iter:02d} reached after {elapsed:.3f} seconds, error: {error:f}")
            if (previous_error - error) / error_at_init < tol:
                break
            previous_error = error
    if verbose and (tol == 0 or n_iter % 10 != 0):
        print(f"Epoch {n_iter:02d} reached after {time.time() - start_time:.3f} seconds.")
    return W, H, n_iter


# -- the estimator -------------------------------------------------------------------------


class NMF(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Non-negative matrix factorisation: ``X ~= W H`` with W and H non-negative.

    Minimises ``0.5 ||X - W H||_loss^2`` plus elementwise L1 and L2 penalties on W and H
    (scaled by ``n_features`` for W and ``n_samples`` for H), alternating between W and
    H. ``fit_transform`` returns W; ``components_`` is H; ``transform`` solves for W with
    H fixed.

    Parameters
    ----------
    n_components : int, "auto" or None, default="auto"
        Number of components. None: all features. "auto": from the shape of a custom W
        or H, else all features.
    init : {"random", "nndsvd", "nndsvda", "nndsvdar", "custom"} or None, default=None
        Initialisation. None: "nndsvda" if ``n_components <= min(n_samples,
        n_features)``, else "random". "random": ``|N(0, 1)| * sqrt(X.mean() /
        n_components)``; "nndsvd": non-negative double SVD (sparse); "nndsvda": its
        zeros set to ``X.mean()``; "nndsvdar": its zeros set to small random values;
        "custom": the W and H passed to ``fit_transform``.
    solver : {"cd", "mu"}, default="cd"
        "cd": coordinate descent (Fast HALS); "mu": multiplicative updates.
    beta_loss : float or {"frobenius", "kullback-leibler", "itakura-saito"}, \
            default="frobenius"
        Beta-divergence to minimise (2, 1 and 0 for the names). Only "mu" handles other
        losses than "frobenius"; for ``beta_loss <= 0``, X may not contain zeros.
    tol : float, default=1e-4
        Tolerance of the stopping condition.
    max_iter : int, default=200
        Maximum number of iterations.
    random_state : int, RandomState instance or None, default=None
        Used by the "random", "nndsvd*" initialisations (the randomized SVD) and by
        ``shuffle``. An int seeds each of these uses afresh, as in scikit-learn.
    alpha_W : float, default=0.0
        Regularisation strength of W.
    alpha_H : float or "same", default="same"
        Regularisation strength of H ("same": ``alpha_W``).
    l1_ratio : float, default=0.0
        Mix of L1 (1.0) and L2 (0.0) penalty.
    verbose : int, default=0
        Print progress.
    shuffle : bool, default=False
        Randomise the order of the coordinates in the "cd" solver.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        The factor H.
    n_components_ : int
    reconstruction_err_ : float
        Frobenius norm (or ``sqrt(2 * beta-divergence)``) between X and ``W H``.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import NMF
    >>> X = np.array([[1, 1], [2, 1], [3, 1.2], [4, 1], [5, 0.8], [6, 1]])
    >>> model = NMF(n_components=2, init="random", random_state=0)
    >>> W = model.fit_transform(X)
    >>> W.shape, model.components_.shape
    ((6, 2), (2, 2))
    >>> bool(np.all(W >= 0) and np.all(model.components_ >= 0))
    True
    """

    _parameter_constraints = {
        "n_components": [
            Interval(Integral, 1, None, closed="left"),
            None,
            StrOptions({"auto"}),
        ],
        "init": [StrOptions({"random", "nndsvd", "nndsvda", "nndsvdar", "custom"}), None],
        "solver": [StrOptions({"mu", "cd"})],
        "beta_loss": [StrOptions({"frobenius", "kullback-leibler", "itakura-saito"}), Real],
        "tol": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "alpha_W": [Interval(Real, 0, None, closed="left")],
        "alpha_H": [Interval(Real, 0, None, closed="left"), StrOptions({"same"})],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "verbose": ["verbose"],
        "shuffle": ["boolean"],
    }

    def __init__(
        self,
        n_components="auto",
        *,
        init=None,
        solver="cd",
        beta_loss="frobenius",
        tol=1e-4,
        max_iter=200,
        random_state=None,
        alpha_W=0.0,
        alpha_H="same",
        l1_ratio=0.0,
        verbose=0,
        shuffle=False,
    ):
        self.n_components = n_components
        self.init = init
        self.solver = solver
        self.beta_loss = beta_loss
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state
        self.alpha_W = alpha_W
        self.alpha_H = alpha_H
        self.l1_ratio = l1_ratio
        self.verbose = verbose
        self.shuffle = shuffle

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.positive_only = True
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    # -- settings -----------------------------------------------------------------------

    def _resolved_beta_loss(self):
        """The loss as a float, after checking that the solver handles it."""
        if self.solver != "mu" and self.beta_loss not in (2, "frobenius"):
            raise ValueError(
                f"Invalid beta_loss parameter: solver {self.solver!r} does not handle "
                f"beta_loss = {self.beta_loss!r}"
            )
        return _beta_loss_to_float(self.beta_loss)

    def _regularization(self, X):
        n_samples, n_features = X.shape
        alpha_W = self.alpha_W
        alpha_H = self.alpha_W if self.alpha_H == "same" else self.alpha_H
        return (
            n_features * alpha_W * self.l1_ratio,
            n_samples * alpha_H * self.l1_ratio,
            n_features * alpha_W * (1.0 - self.l1_ratio),
            n_samples * alpha_H * (1.0 - self.l1_ratio),
        )

    def _initial_w_h(self, X, W, H, update_H):
        """Checked custom W and H, or an initialisation; and the number of components."""
        n_samples, n_features = X.shape
        n_components = X.shape[1] if self.n_components is None else self.n_components
        if self.init == "custom" and update_H:
            H = _check_init(H, (n_components, n_features), "NMF (input H)")
            W = _check_init(W, (n_samples, n_components), "NMF (input W)")
            if n_components == "auto":
                n_components = H.shape[0]
            if H.dtype != X.dtype or W.dtype != X.dtype:
                raise TypeError(
                    "H and W should have the same dtype as X. Got "
                    f"H.dtype = {H.dtype} and W.dtype = {W.dtype}."
                )
            W, H = W.copy(), H.copy()  # updated in place
        elif not update_H:
            if W is not None:
                warnings.warn(
                    "When update_H=False, the provided initial W is not used.",
                    RuntimeWarning,
                    stacklevel=3,
                )
            H = _check_init(H, (n_components, n_features), "NMF (input H)")
            if n_components == "auto":
                n_components = H.shape[0]
            if H.dtype != X.dtype:
                raise TypeError(f"H should have the same dtype as X. Got H.dtype = {H.dtype}.")
            if self.solver == "mu":  # multiplicative updates cannot leave zero
                avg = np.sqrt(X.mean() / n_components)
                W = np.full((n_samples, n_components), avg, dtype=X.dtype)
            else:
                W = np.zeros((n_samples, n_components), dtype=X.dtype)
        else:
            if W is not None or H is not None:
                warnings.warn(
                    "When init!='custom', provided W or H are ignored. Set "
                    " init='custom' to use them as initialization.",
                    RuntimeWarning,
                    stacklevel=3,
                )
            if n_components == "auto":
                n_components = X.shape[1]
            W, H = _initialize_nmf(X, n_components, init=self.init, random_state=self.random_state)
        return W, H

    # -- fitting ------------------------------------------------------------------------

    def _fit_transform(self, X, W=None, H=None, update_H=True):
        """Solve for W (and H when ``update_H``); X is validated. Returns W, H, n_iter."""
        beta_loss = self._resolved_beta_loss()
        if self.solver == "mu" and self.init == "nndsvd":
            warnings.warn(
                "The multiplicative update ('mu') solver cannot update zeros present in "
                "the initialization, and so leads to poorer results when used jointly "
                "with init='nndsvd'. You may try init='nndsvda' or init='nndsvdar' "
                "instead.",
                UserWarning,
                stacklevel=3,
            )
        if X.min() == 0 and beta_loss <= 0:
            raise ValueError(
                "When beta_loss <= 0 and X contains zeros, the solver may diverge. Please "
                "add small values to X, or use a positive beta_loss."
            )
        if update_H:
            check_non_negative(X, "NMF initialization")
        W, H = self._initial_w_h(X, W, H, update_H)
        l1_reg_W, l1_reg_H, l2_reg_W, l2_reg_H = self._regularization(X)
        if self.solver == "cd":
            W, H, n_iter = _fit_coordinate_descent(
                X,
                W,
                H,
                self.tol,
                self.max_iter,
                l1_reg_W,
                l1_reg_H,
                l2_reg_W,
                l2_reg_H,
                update_H=update_H,
                verbose=self.verbose,
                shuffle=self.shuffle,
                random_state=self.random_state,
            )
        else:
            W, H, n_iter = _fit_multiplicative_update(
                X,
                W,
                H,
                beta_loss,
                self.max_iter,
                self.tol,
                l1_reg_W,
                l1_reg_H,
                l2_reg_W,
                l2_reg_H,
                update_H,
                self.verbose,
            )
        if n_iter == self.max_iter and self.tol > 0:
            warnings.warn(
                f"Maximum number of iterations {self.max_iter} reached. Increase it to "
                "improve convergence.",
                ConvergenceWarning,
                stacklevel=3,
            )
        return W, H, n_iter

    def fit(self, X, y=None, **params):
        """Learn the factorisation of X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Non-negative data.
        y : Ignored
        **params
            ``W`` and ``H`` for ``init="custom"``.

        Returns
        -------
        self : NMF
        """
        self.fit_transform(X, **params)
        return self

    def fit_transform(self, X, y=None, W=None, H=None):
        """Learn the factorisation of X and return W.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Non-negative data.
        y : Ignored
        W : array-like of shape (n_samples, n_components), default=None
            Initial W for ``init="custom"``.
        H : array-like of shape (n_components, n_features), default=None
            Initial H for ``init="custom"``.

        Returns
        -------
        W : ndarray of shape (n_samples, n_components)
        """
        self._validate_params()
        X = validate_data(self, X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32])
        W, H, n_iter = self._fit_transform(X, W=W, H=H)
        beta_loss = _beta_loss_to_float(self.beta_loss)
        Xe = _canonical_csr(X) if issparse(X) and beta_loss != 2 else X
        self.reconstruction_err_ = _beta_divergence(Xe, W, H, beta_loss, square_root=True)
        self.n_components_ = H.shape[0]
        self.components_ = H
        self.n_iter_ = n_iter
        return W

    def transform(self, X):
        """Solve for W with the learned H fixed.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Non-negative data.

        Returns
        -------
        W : ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32], reset=False
        )
        check_non_negative(X, "X in NMF")
        W, _, _ = self._fit_transform(X, H=self.components_, update_H=False)
        return W

    def inverse_transform(self, X):
        """Map W back to the data space: ``W @ components_``.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_components)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = check_array(X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32])
        return np.asarray(safe_sparse_dot(X, self.components_))

    @property
    def _n_features_out(self):
        return self.components_.shape[0]

    @classmethod
    def _test_instances(cls):
        return [cls(max_iter=500)]


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "W": ["array-like", None],
        "H": ["array-like", None],
        "update_H": ["boolean"],
    }
)
def non_negative_factorization(
    X,
    W=None,
    H=None,
    n_components="auto",
    *,
    init=None,
    update_H=True,
    solver="cd",
    beta_loss="frobenius",
    tol=1e-4,
    max_iter=200,
    alpha_W=0.0,
    alpha_H="same",
    l1_ratio=0.0,
    random_state=None,
    verbose=0,
    shuffle=False,
):
    """Non-negative matrix factorisation of X, as a function (see :class:`NMF`).

    With ``update_H=False``, H is fixed and only W is solved for.

    Returns
    -------
    W : ndarray of shape (n_samples, n_components)
    H : ndarray of shape (n_components, n_features)
    n_iter : int

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import non_negative_factorization
    >>> X = np.array([[1, 1], [2, 1], [3, 1.2], [4, 1], [5, 0.8], [6, 1]])
    >>> W, H, n_iter = non_negative_factorization(
    ...     X, n_components=2, init="random", random_state=0)
    >>> W.shape, H.shape
    ((6, 2), (2, 2))
    """
    est = NMF(
        n_components=n_components,
        init=init,
        solver=solver,
        beta_loss=beta_loss,
        tol=tol,
        max_iter=max_iter,
        random_state=random_state,
        alpha_W=alpha_W,
        alpha_H=alpha_H,
        l1_ratio=l1_ratio,
        verbose=verbose,
        shuffle=shuffle,
    )
    est._validate_params()
    X = check_array(X, accept_sparse=("csr", "csc"), dtype=[np.float64, np.float32])
    if not update_H:
        check_non_negative(X, "NMF (input X)")
    return est._fit_transform(X, W=W, H=H, update_H=update_H)
