"""Multi-task lasso and elastic net: block coordinate descent with an L1/L2 (group) penalty.

The model minimises, over ``W`` of shape (n_tasks, n_features),
``1/(2 n) ||Y - X W^T||_F^2 + alpha l1_ratio ||W||_21 + alpha (1 - l1_ratio)/2 ||W||_F^2``
where ``||W||_21 = sum_j ||W[:, j]||_2``: a feature is used by every task or by none.

The solver is a numba kernel that follows scikit-learn's
``enet_coordinate_descent_multi_task`` (``_cd_fast.pyx``): a pass over the active features
with the group soft-thresholding step ``W[:, j] = tmp max(1 - alpha/||tmp||, 0)/(||X_j||^2
+ beta)``, the duality gap computed when the largest update is small relative to the
largest coefficient (or at the last iteration), stop when ``gap <= tol ||Y||_F^2``, and
gap-safe screening of features. The kernel functions are plain Python at import time and
are compiled (``@njit(cache=True, nogil=True)``) on first use, so that importing
``aiguille.linear_model`` loads no numba.
"""

import math
import numbers
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import RegressorMixin
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, StrOptions
from ..utils.validation import (
    _check_sample_weight,
    check_consistent_length,
    check_is_fitted,
    check_random_state,
    issparse,
    validate_data,
)
from ._base import LinearModel, _preprocess_data

__all__ = ["MultiTaskElasticNet", "MultiTaskLasso"]

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


# -- the kernel (compiled lazily by _kernel()) ----------------------------------------------


def _mt_rand_int(end, state):
    # Park-Miller LCG on a one-element state array (as the single-task kernels).
    s = (state[0] * 48271) % 2147483647
    state[0] = s
    return s % end


def _mt_dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def _mt_axpy(a, x, y):
    for i in range(x.shape[0]):
        y[i] += a * x[i]


def _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms):
    """Duality gap of the multi-task elastic net and ``max_j ||XtA[j]||``.

    ``W`` (n_tasks, n_features), ``XT`` (n_features, n_samples), ``YT`` and ``RT``
    (n_tasks, n_samples); fills ``XtA = X^T R - beta W^T`` (n_features, n_tasks) and its row
    norms.
    """
    n_tasks, n_features = W.shape
    w_l2_norm2 = 0.0
    if beta > 0:
        for t in range(n_tasks):
            w_l2_norm2 += _mt_dot(W[t], W[t])
    R_norm2 = 0.0
    Ry = 0.0
    for t in range(n_tasks):
        R_norm2 += _mt_dot(RT[t], RT[t])
        Ry += _mt_dot(RT[t], YT[t])
    if alpha == 0:
        dual_norm = 0.0
        for j in range(n_features):
            for t in range(n_tasks):
                XtA[j, t] = _mt_dot(XT[j], RT[t])
                dual_norm += XtA[j, t] * XtA[j, t]
        if beta == 0:
            return dual_norm, dual_norm
        gap = R_norm2 + 0.5 * beta * w_l2_norm2 - Ry + 1.0 / (2 * beta) * dual_norm
        return gap, dual_norm
    dual_norm = 0.0
    w_l21 = 0.0
    for j in range(n_features):
        s = 0.0
        wn = 0.0
        for t in range(n_tasks):
            v = _mt_dot(XT[j], RT[t]) - beta * W[t, j]
            XtA[j, t] = v
            s += v * v
            wn += W[t, j] * W[t, j]
        XtA_row_norms[j] = math.sqrt(s)
        if XtA_row_norms[j] > dual_norm:
            dual_norm = XtA_row_norms[j]
        w_l21 += math.sqrt(wn)
    primal = 0.5 * (R_norm2 + beta * w_l2_norm2) + alpha * w_l21
    scale = alpha / dual_norm if dual_norm > alpha else 1.0
    dual = -0.5 * scale * scale * (R_norm2 + beta * w_l2_norm2) + scale * Ry
    return primal - dual, dual_norm


def _mt_screen(W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded):
    """Gap-safe screening (Ndiaye et al. 2017, eq. 2.2); returns the number of active features."""
    n_tasks, n_features = W.shape
    n_active = 0
    for j in range(n_features):
        if excluded[j]:
            continue
        Xj_theta = XtA_row_norms[j] / max(alpha, dual_norm)
        d_j = (1 - Xj_theta) / math.sqrt(norm2[j] + beta)
        if d_j <= math.sqrt(2 * gap) / alpha:
            active[n_active] = j
            n_active += 1
        else:
            for t in range(n_tasks):
                if W[t, j] != 0:
                    _mt_axpy(W[t, j], XT[j], RT[t])
                    W[t, j] = 0
            excluded[j] = 1
    return n_active


def _enet_cd_multi_task(W, alpha, beta, XT, YT, max_iter, tol, seed, random, do_screening):
    """Block coordinate descent on ``W`` in place; returns (gap, tol_scaled, n_iter, converged)."""
    n_tasks, n_features = W.shape
    norm2 = np.empty(n_features, dtype=XT.dtype)
    for j in range(n_features):
        norm2[j] = _mt_dot(XT[j], XT[j])
    RT = YT.copy()
    for j in range(n_features):
        for t in range(n_tasks):
            if W[t, j] != 0:
                _mt_axpy(-W[t, j], XT[j], RT[t])
    XtA = np.empty((n_features, n_tasks), dtype=XT.dtype)
    XtA_row_norms = np.zeros(n_features, dtype=XT.dtype)
    tmp = np.empty(n_tasks, dtype=XT.dtype)
    w_j = np.empty(n_tasks, dtype=XT.dtype)
    state = np.array([max(seed, 1)], dtype=np.int64)
    if alpha == 0:
        do_screening = False
    active = np.arange(n_features)
    excluded = np.zeros(n_features, dtype=np.uint8)
    n_active = n_features
    d_w_tol = tol
    y_norm2 = 0.0
    for t in range(n_tasks):
        y_norm2 += _mt_dot(YT[t], YT[t])
    tol = tol * y_norm2
    gap, dual_norm = _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms)
    if gap <= tol:
        return gap, tol, 0, True
    if do_screening:
        for j in range(n_features):
            if norm2[j] == 0:
                for t in range(n_tasks):
                    W[t, j] = 0
                excluded[j] = 1
        n_active = _mt_screen(
            W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded
        )
    n_iter = 0
    converged = False
    for n_iter in range(max_iter):
        w_max = 0.0
        d_w_max = 0.0
        for f_iter in range(n_active):
            jj = _mt_rand_int(n_active, state) if random else f_iter
            j = active[jj] if do_screening else jj
            if norm2[j] == 0.0:
                continue
            for t in range(n_tasks):
                w_j[t] = W[t, j]
            nn = 0.0
            for t in range(n_tasks):
                tmp[t] = _mt_dot(XT[j], RT[t]) + w_j[t] * norm2[j]
                nn += tmp[t] * tmp[t]
            nn = math.sqrt(nn)
            shrink = max(1.0 - alpha / nn, 0.0) / (norm2[j] + beta) if nn > 0 else 0.0
            d_w_j = 0.0
            W_j_abs_max = 0.0
            for t in range(n_tasks):
                new = tmp[t] * shrink
                W[t, j] = new
                if new != w_j[t]:
                    _mt_axpy(w_j[t] - new, XT[j], RT[t])
                d = abs(new - w_j[t])
                if d > d_w_j:
                    d_w_j = d
                if abs(new) > W_j_abs_max:
                    W_j_abs_max = abs(new)
            if d_w_j > d_w_max:
                d_w_max = d_w_j
            if W_j_abs_max > w_max:
                w_max = W_j_abs_max
        if w_max == 0.0 or d_w_max / w_max <= d_w_tol or n_iter == max_iter - 1:
            gap, dual_norm = _mt_gap(W, alpha, beta, XT, YT, RT, XtA, XtA_row_norms)
            if gap <= tol:
                converged = True
                break
            if do_screening:
                n_active = _mt_screen(
                    W, alpha, beta, XT, RT, norm2, XtA_row_norms, dual_norm, gap, active, excluded
                )
    return gap, tol, n_iter + 1, converged


_KERNEL_NAMES = ("_mt_rand_int", "_mt_dot", "_mt_axpy", "_mt_gap", "_mt_screen")
_COMPILED = []


def _kernel():
    """The compiled kernel; the first call jits the helpers, then the kernel (numba's cache)."""
    if not _COMPILED:
        from numba import njit

        g = globals()
        for name in _KERNEL_NAMES:
            g[name] = njit(cache=True, nogil=True)(g[name])
        _COMPILED.append(njit(cache=True, nogil=True)(_enet_cd_multi_task))
    return _COMPILED[0]


# -- estimators ------------------------------------------------------------------------------


class MultiTaskElasticNet(RegressorMixin, LinearModel):
    """Multi-task elastic net: a shared L1/L2 (row-sparse) penalty plus an L2 penalty.

    Minimises ``1/(2 n) ||Y - X W^T||_F^2 + alpha l1_ratio ||W||_21
    + 0.5 alpha (1 - l1_ratio) ||W||_F^2`` with ``||W||_21 = sum_j ||W[:, j]||_2``, by block
    coordinate descent (scikit-learn's algorithm and stopping rule).

    Parameters
    ----------
    alpha : float, default=1.0
        Strength of the penalty.
    l1_ratio : float, default=0.5
        Mix of L1/L2 (1) and L2 (0) penalties, in [0, 1].
    fit_intercept : bool, default=True
        Fit an intercept per task (X and Y are centred).
    copy_X : bool, default=True
        Copy X before centring it (else it may be overwritten).
    max_iter : int, default=1000
        Maximum passes over the features.
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||Y||_F^2``.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    random_state : int, RandomState instance or None, default=None
        Seeds the random feature order (``selection="random"``).
    selection : {"cyclic", "random"}, default="cyclic"
        Feature order of each pass.

    Attributes
    ----------
    coef_ : ndarray of shape (n_tasks, n_features)
        Coefficients (a column is zero for every task or for none); of shape
        (n_features,) after a fit on a 1-D y.
    intercept_ : ndarray of shape (n_tasks,) or float
        Intercepts.
    n_iter_ : int
        Passes run.
    dual_gap_ : float
        Duality gap at the end (divided by ``n_samples``).
    eps_ : float
        The tolerance scaled by ``||Y||_F^2``.
    sparse_coef_ : sparse matrix of shape (n_tasks, n_features)
        ``coef_`` as a sparse matrix.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.linear_model import MultiTaskElasticNet
    >>> clf = MultiTaskElasticNet(alpha=0.1)
    >>> clf.fit([[0, 0], [1, 1], [2, 2]], [[0, 0], [1, 1], [2, 2]])
    MultiTaskElasticNet(alpha=0.1)
    >>> print(clf.coef_)
    [[0.45663524 0.45612256]
     [0.45663524 0.45612256]]
    >>> print(clf.intercept_)
    [0.0872422 0.0872422]
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.selection = selection

    def fit(self, X, y, sample_weight=None):
        """Fit the model by block coordinate descent.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Data (a sparse X is densified).
        y : ndarray of shape (n_samples, n_tasks)
            Targets, cast to X's dtype. A 1-D y is fitted as a single task (``coef_`` of
            shape (n_features,)); scikit-learn refuses it.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Sample weights, rescaled internally to sum to ``n_samples``.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X_copied = self.copy_X and self.fit_intercept
        X, y = validate_data(
            self,
            X,
            y,
            validate_separately=(
                dict(
                    accept_sparse="csc",
                    dtype=[np.float64, np.float32],
                    order="F",
                    accept_large_sparse=False,
                    copy=X_copied,
                ),
                dict(copy=False, dtype=[np.float64, np.float32], ensure_2d=False, order="F"),
            ),
        )
        check_consistent_length(X, y)
        # scikit-learn refuses a 1-D y ("For mono-task outputs, use ElasticNet"); we fit it
        # as one task (the group penalty is then the plain L1 one), with a 1-D ``coef_`` as
        # ElasticNet's, so that the model drops into code written for any regressor.
        single_task = y.ndim == 1
        if single_task:
            y = y.reshape(-1, 1)
        if issparse(X):
            X = np.asfortranarray(X.toarray())
        y = y.astype(X.dtype, copy=False)
        n_samples, n_features = X.shape
        n_tasks = y.shape[1]
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
            sample_weight = sample_weight * (n_samples / np.sum(sample_weight))
        X, y, X_offset, y_offset, X_scale, _ = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=False,
            sample_weight=sample_weight,
            check_input=False,
        )
        if not self.warm_start or not hasattr(self, "coef_"):
            W = np.zeros((n_tasks, n_features), dtype=X.dtype)
        else:
            W = np.array(np.atleast_2d(self.coef_), dtype=X.dtype, order="C")
            if W.shape != (n_tasks, n_features):
                raise ValueError(
                    f"Initial coef_ of shape {W.shape} does not match the data: expected "
                    f"{(n_tasks, n_features)}."
                )
        XT = np.ascontiguousarray(X.T)
        YT = np.ascontiguousarray(y.T)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(0, _RAND_R_MAX))
        l1_reg = self.alpha * self.l1_ratio * n_samples
        l2_reg = self.alpha * (1.0 - self.l1_ratio) * n_samples
        gap, eps, n_iter, converged = _kernel()(
            W,
            float(l1_reg),
            float(l2_reg),
            XT,
            YT,
            int(self.max_iter),
            float(self.tol),
            seed,
            self.selection == "random",
            True,
        )
        if not converged:
            message = _MESSAGE_CONV + f" Duality gap: {gap:.6e}, tolerance: {eps:.3e}"
            if l1_reg < np.finfo(np.float64).eps:
                message += "\n" + _MESSAGE_RIDGE
            warnings.warn(message, ConvergenceWarning, stacklevel=2)
        self.coef_ = W[0] if single_task else W
        self.dual_gap_ = gap / n_samples
        self.eps_ = eps
        self.n_iter_ = int(n_iter)
        self._set_intercept(X_offset, y_offset, X_scale)
        if single_task and self.fit_intercept:
            self.intercept_ = self.intercept_[0]
        return self

    @property
    def sparse_coef_(self):
        """Sparse representation of the fitted ``coef_``."""
        import scipy.sparse as sp

        return sp.csr_matrix(self.coef_)

    def _decision_function(self, X):
        check_is_fitted(self)
        return super()._decision_function(X)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        return tags


class MultiTaskLasso(MultiTaskElasticNet):
    """Multi-task lasso: a shared L1/L2 (row-sparse) penalty.

    Minimises ``1/(2 n) ||Y - X W^T||_F^2 + alpha ||W||_21`` with
    ``||W||_21 = sum_j ||W[:, j]||_2``: each feature is selected for all tasks or for none.

    Parameters
    ----------
    alpha : float, default=1.0
        Strength of the L1/L2 penalty.
    fit_intercept : bool, default=True
        Fit an intercept per task.
    copy_X : bool, default=True
        Copy X before centring it.
    max_iter : int, default=1000
        Maximum passes over the features.
    tol : float, default=1e-4
        Stop when the duality gap is below ``tol * ||Y||_F^2``.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    random_state : int, RandomState instance or None, default=None
        Seeds the random feature order (``selection="random"``).
    selection : {"cyclic", "random"}, default="cyclic"
        Feature order of each pass.

    Attributes
    ----------
    coef_ : ndarray of shape (n_tasks, n_features)
        Coefficients.
    intercept_ : ndarray of shape (n_tasks,)
        Intercepts.
    n_iter_ : int
        Passes run.
    dual_gap_ : float
        Duality gap at the end (divided by ``n_samples``).
    eps_ : float
        The tolerance scaled by ``||Y||_F^2``.
    sparse_coef_ : sparse matrix of shape (n_tasks, n_features)
        ``coef_`` as a sparse matrix.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.linear_model import MultiTaskLasso
    >>> clf = MultiTaskLasso(alpha=0.1)
    >>> clf.fit([[0, 1], [1, 2], [2, 4]], [[0, 0], [1, 1], [2, 3]])
    MultiTaskLasso(alpha=0.1)
    >>> print(clf.coef_)
    [[0.         0.60809415]
     [0.         0.94592424]]
    >>> print(clf.intercept_)
    [-0.41888636 -0.87382323]
    """

    _parameter_constraints: dict = {**MultiTaskElasticNet._parameter_constraints}
    _parameter_constraints.pop("l1_ratio")

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.l1_ratio = 1.0
        self.random_state = random_state
        self.selection = selection
