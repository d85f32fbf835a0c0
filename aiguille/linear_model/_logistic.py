"""Logistic regression: ``LogisticRegression`` and ``LogisticRegressionCV``.

The objective is scikit-learn's: ``C * sum_i sw_i loss_i + penalty(w)`` with the binomial
loss for two classes and the multinomial loss (softmax, stable log-sum-exp) for more.
Solvers:

- ``lbfgs``: scipy's L-BFGS-B on the mean loss ``+ penalty / (C * sum(sw))``, evaluated by
  one fused numba pass over X (raw predictions, loss and ``X.T @ g`` together), dense
  or CSR;
- ``newton-cg``: truncated Newton, Hessian-vector products through BLAS, Wolfe line search;
- ``newton-cholesky``: Newton with the full Hessian and a Cholesky solve (binary); the
  multinomial Hessian is singular without an intercept penalty, so for more classes the
  Newton step is solved by conjugate gradient as in newton-cg;
- ``sag`` / ``saga``: :func:`aiguille.linear_model._sag.sag_solver` (L1 and elastic net
  through SAGA's proximal step);
- ``liblinear``: the liblinear objective (intercept penalized as a feature of value
  ``intercept_scaling``), solved here by L-BFGS (l2) or SAGA (l1) on the augmented data.
"""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Hidden, Interval, StrOptions
from ..utils.class_weight import compute_class_weight
from ..utils.extmath import row_norms, safe_sparse_dot, softmax
from ..utils.multiclass import check_classification_targets
from ..utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    issparse,
    validate_data,
)
from ._base import LinearClassifierMixin, SparseCoefMixin

__all__ = ["LogisticRegression", "LogisticRegressionCV"]

_LOGISTIC_SOLVER_CONVERGENCE_MSG = (
    "Please also refer to the documentation for alternative solver options:\n"
    "    https://scikit-learn.org/stable/modules/linear_model.html"
    "#logistic-regression"
)
_SOLVERS = {"lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga"}


def _check_solver(solver, penalty, dual):
    if solver not in ["liblinear", "saga"] and penalty not in ("l2", None):
        raise ValueError(
            f"Solver {solver} supports only 'l2' or None penalties, got {penalty} penalty."
        )
    if solver != "liblinear" and dual:
        raise ValueError(f"Solver {solver} supports only dual=False, got dual={dual}")
    if penalty == "elasticnet" and solver != "saga":
        raise ValueError(f"Only 'saga' solver supports elasticnet penalty, got solver={solver}.")
    if solver == "liblinear" and penalty is None:
        raise ValueError(
            "C=np.inf as well as penalty=None is not supported for the liblinear solver"
        )
    return solver


# ---------------------------------------------------------------------------------------
# The loss: mean loss + 0.5 * l2 * ||W||^2 on flat parameters
# ---------------------------------------------------------------------------------------


class _LogisticLoss:
    """Loss, gradient and Hessian products of the (scaled) logistic objective.

    Parameters are flat: binary ``[w (d), b]``; multinomial ``W (K, d + fit_intercept)``
    raveled in C order. ``y`` is in {0, 1} (binary) or class indices (multinomial).
    """

    def __init__(self, X, y, sw, l2, fit_intercept, n_classes):
        self.X = X
        self.y = y
        self.sw = sw
        self.sw_sum = float(sw.sum())
        self.l2 = l2
        self.fi = bool(fit_intercept)
        self.K = n_classes
        self.sparse = issparse(X)
        self.d = X.shape[1]
        from ._logistic_kernels import n_blocks

        work = (X.nnz if self.sparse else X.size) * (1 if n_classes == 2 else n_classes)
        self.n_blocks = n_blocks(X.shape[0], work)

    def _split(self, p):
        if self.K == 2:
            w = p[: self.d]
            b = p[self.d] if self.fi else 0.0
            return w, b
        P = p.reshape(self.K, -1)
        W = P[:, : self.d]
        b = P[:, self.d] if self.fi else np.zeros(self.K)
        return W, b

    def _penalty(self, p, grad):
        w, _ = self._split(p)
        ww = float(np.vdot(w, w))
        gw, _ = self._split(grad)
        gw += self.l2 * w
        return 0.5 * self.l2 * ww

    def loss_gradient(self, p):
        from . import _logistic_kernels as K

        p = np.asarray(p, dtype=np.float64)
        X, y, sw = self.X, self.y, self.sw
        grad = np.zeros_like(p)
        # CSR rows go to the same fused one-pass kernels as dense rows; large evaluations
        # in row blocks on numba's threads
        rows = (X.data, X.indices, X.indptr) if self.sparse else (X,)
        blocks = () if self.n_blocks == 1 else (self.n_blocks,)
        if self.K == 2:
            w, b = self._split(p)
            w = np.ascontiguousarray(w, dtype=X.dtype)
            if blocks:
                kernel = K.binomial_loss_grad_csr if self.sparse else K.binomial_loss_grad
            else:
                kernel = K._binomial_loss_grad_csr if self.sparse else K._binomial_loss_grad
            loss = kernel(*rows, y, sw, w, float(b), grad, *blocks)
        else:
            W, b = self._split(p)
            gW = np.zeros((self.K, self.d))
            gb = np.zeros(self.K)
            if blocks:
                kernel = K.multinomial_loss_grad_csr if self.sparse else K.multinomial_loss_grad
            else:
                kernel = K._multinomial_loss_grad_csr if self.sparse else K._multinomial_loss_grad
            W = np.ascontiguousarray(W, dtype=X.dtype)
            loss = kernel(*rows, y, sw, W, np.ascontiguousarray(b), gW, gb, *blocks)
            G = grad.reshape(self.K, -1)
            G[:, : self.d] = gW
            if self.fi:
                G[:, self.d] = gb
        grad /= self.sw_sum
        loss /= self.sw_sum
        loss += self._penalty(p, grad)
        return loss, grad

    def _raw(self, p):
        w, b = self._split(p)
        if self.K == 2:
            return safe_sparse_dot(self.X, w, dense_output=True) + b
        return safe_sparse_dot(self.X, w.T, dense_output=True) + b

    def loss(self, p):
        return self.loss_gradient(p)[0]

    def gradient(self, p):
        return self.loss_gradient(p)[1]

    def gradient_hessp(self, p):
        """Gradient and a function ``v -> H v`` at ``p``."""
        from scipy.special import expit

        _, grad = self.loss_gradient(p)
        X, sw = self.X, self.sw
        z = self._raw(p)
        d, fi, l2, s = self.d, self.fi, self.l2, self.sw_sum
        if self.K == 2:
            pr = expit(z)
            h = sw * pr * (1.0 - pr)

            def hessp(v):
                Xv = safe_sparse_dot(X, v[:d], dense_output=True)
                if fi:
                    Xv = Xv + v[d]
                hXv = h * Xv
                out = np.empty_like(v)
                out[:d] = safe_sparse_dot(X.T, hXv, dense_output=True) / s + l2 * v[:d]
                if fi:
                    out[d] = hXv.sum() / s
                return out

            return grad, hessp
        P = softmax(z, copy=False)
        K = self.K

        def hessp(v):
            V = v.reshape(K, -1)
            R = safe_sparse_dot(X, V[:, :d].T, dense_output=True)
            if fi:
                R = R + V[:, d]
            # (diag(p) - p p^T) r per sample, weighted
            T = P * (R - np.sum(P * R, axis=1, keepdims=True)) * sw[:, None]
            out = np.empty_like(V)
            out[:, :d] = safe_sparse_dot(T.T, X, dense_output=True) / s + l2 * V[:, :d]
            if fi:
                out[:, d] = T.sum(axis=0) / s
            return out.ravel()

        return grad, hessp

    def hessian(self, p):
        """Full Hessian (binary only)."""
        from scipy.special import expit

        X, sw = self.X, self.sw
        pr = expit(self._raw(p))
        h = sw * pr * (1.0 - pr) / self.sw_sum
        d = self.d
        n_p = d + int(self.fi)
        H = np.empty((n_p, n_p))
        if self.sparse:
            import scipy.sparse as sp

            XtHX = (X.T @ sp.diags(h) @ X).toarray()
        else:
            XtHX = X.T @ (X * h[:, None])
        H[:d, :d] = XtHX
        H[:d, :d] += self.l2 * np.eye(d)
        if self.fi:
            col = safe_sparse_dot(X.T, h, dense_output=True)
            H[:d, d] = col
            H[d, :d] = col
            H[d, d] = h.sum()
        return H


def _cg(hessp, fgrad, maxiter, tol):
    """Capped conjugate gradient for ``H x = -g`` (stops on tiny or negative curvature)."""
    eps = 16 * np.finfo(fgrad.dtype).eps
    xsupi = np.zeros_like(fgrad)
    ri = fgrad.copy()
    psupi = -ri
    dri0 = float(ri @ ri)
    psupi_norm2 = dri0
    i = 0
    while i <= maxiter:
        if np.sum(np.abs(ri)) <= tol:
            break
        Ap = hessp(psupi)
        curv = float(psupi @ Ap)
        if 0 <= curv <= eps * psupi_norm2:
            break
        if curv < 0:
            if i == 0:
                xsupi += dri0 / curv * psupi
            break
        alphai = dri0 / curv
        xsupi += alphai * psupi
        ri += alphai * Ap
        dri1 = float(ri @ ri)
        betai = dri1 / dri0
        psupi = -ri + betai * psupi
        psupi_norm2 = dri1 + betai**2 * psupi_norm2
        i += 1
        dri0 = dri1
    return xsupi


def _line_search(lossobj, xk, pk, gk, fk):
    """Wolfe line search (scipy's wolfe1, then wolfe2); None when both fail."""
    from scipy.optimize import line_search

    try:
        from scipy.optimize._linesearch import line_search_wolfe1
    except ImportError:  # pragma: no cover
        line_search_wolfe1 = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if line_search_wolfe1 is not None:
            ret = line_search_wolfe1(lossobj.loss, lossobj.gradient, xk, pk, gk, fk)
            if ret[0] is not None:
                return ret[0]
        ret = line_search(lossobj.loss, lossobj.gradient, xk, pk, gfk=gk, old_fval=fk, maxiter=20)
    return ret[0]


def _newton(lossobj, w0, max_iter, tol, cholesky):
    xk = np.array(w0, dtype=np.float64)
    k = 0
    fk = lossobj.loss(xk)
    while k < max_iter:
        fgrad, hessp = lossobj.gradient_hessp(xk)
        absgrad = np.abs(fgrad)
        if np.max(absgrad) <= tol:
            break
        if cholesky and lossobj.K == 2:
            from scipy.linalg import LinAlgError, cho_factor, cho_solve

            H = lossobj.hessian(xk)
            try:
                pk = -cho_solve(cho_factor(H), fgrad)
            except LinAlgError:
                pk = -np.linalg.lstsq(H, fgrad, rcond=None)[0]
        else:
            maggrad = np.sum(absgrad)
            eta = min(0.5, np.sqrt(maggrad))
            pk = _cg(hessp, fgrad, maxiter=200, tol=eta * maggrad)
        alpha = _line_search(lossobj, xk, pk, fgrad, fk)
        if alpha is None:
            warnings.warn("Line Search failed", stacklevel=3)
            break
        step = alpha * pk
        xk = xk + step
        fk = lossobj.loss(xk)
        k += 1
        if np.max(np.abs(step)) <= 16 * np.finfo(float).eps * max(np.max(np.abs(xk)), 1.0):
            break  # no progress is possible in floating point
    if k >= max_iter:
        name = "newton-cholesky" if cholesky else "newton-cg"
        warnings.warn(
            f"{name} failed to converge at loss = {fk}. Increase the number of iterations.",
            ConvergenceWarning,
            stacklevel=3,
        )
    return xk, k


def _lbfgs(lossobj, w0, max_iter, tol):
    import contextlib

    import numba
    from scipy import optimize

    from ..utils.extmath import blas_single_thread

    # With the loss in numba's threads, L-BFGS's own small vector work is kept off the
    # BLAS threads: their spinning between calls would slow the next loss evaluation.
    parallel = numba.get_num_threads() > 1 and lossobj.n_blocks > 1
    with blas_single_thread() if parallel else contextlib.nullcontext():
        res = optimize.minimize(
            lossobj.loss_gradient,
            w0,
            method="L-BFGS-B",
            jac=True,
            options={
                "maxiter": max_iter,
                "maxls": 50,
                "gtol": tol,
                "ftol": 64 * np.finfo(float).eps,
            },
        )
    n_iter = min(res.nit, max_iter)
    if res.status != 0:
        msg = f"lbfgs failed to converge after {n_iter} iteration(s) (status={res.status}):\n"
        msg += f"{res.message}\n"
        if n_iter == max_iter:
            msg += (
                "\nIncrease the number of iterations to improve the convergence "
                f"(max_iter={max_iter})."
            )
        msg += (
            "\nYou might also want to scale the data as shown in:\n"
            "    https://scikit-learn.org/stable/modules/preprocessing.html\n"
            + _LOGISTIC_SOLVER_CONVERGENCE_MSG
        )
        warnings.warn(msg, ConvergenceWarning, stacklevel=3)
    return res.x, n_iter


def _logistic_regression_path(
    X,
    y,
    *,
    classes,
    Cs=10,
    fit_intercept=True,
    max_iter=100,
    tol=1e-4,
    verbose=0,
    solver="lbfgs",
    coef=None,
    class_weight=None,
    dual=False,
    penalty="l2",
    intercept_scaling=1.0,
    random_state=None,
    check_input=True,
    max_squared_sum=None,
    sample_weight=None,
    l1_ratio=None,
):
    """Logistic regression models along a list of regularization strengths ``Cs``.

    Warm-starts each C from the previous solution, as scikit-learn does.

    Returns
    -------
    coefs : ndarray of shape (n_cs, n_features + fit_intercept) or
        (n_cs, n_classes, n_features + fit_intercept)
    Cs : ndarray
    n_iter : ndarray of shape (n_cs,)
    """
    from ._sag import sag_solver

    if isinstance(Cs, numbers.Integral):
        Cs = np.logspace(-4, 4, Cs)
    solver = _check_solver(solver, penalty, dual)
    if check_input:
        X = check_array(X, accept_sparse="csr", dtype=[np.float64, np.float32])
        y = check_array(y, ensure_2d=False, dtype=None)
        check_consistent_length(X, y)
    n_samples, n_features = X.shape
    classes = np.asarray(classes)
    n_classes = classes.shape[0]
    is_binary = n_classes == 2
    if solver == "liblinear" and not is_binary:
        raise ValueError(
            "The 'liblinear' solver does not support multiclass classification"
            " (n_classes >= 3). Either use another solver or wrap the "
            "estimator in a OneVsRestClassifier to keep applying a "
            "one-versus-rest scheme."
        )
    sw_given = sample_weight is not None or class_weight is not None
    sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype, copy=True)
    y_idx = np.searchsorted(classes, y)
    if class_weight is not None:
        cw = compute_class_weight(class_weight, classes=classes, y=y, sample_weight=sample_weight)
        sample_weight = sample_weight * cw[y_idx].astype(X.dtype)
    del sw_given
    n_params = n_features + int(fit_intercept)
    if is_binary:
        target = (y_idx == 1).astype(X.dtype)
        w0 = np.zeros(n_params, dtype=np.float64)
    else:
        target = y_idx.astype(X.dtype)
        w0 = np.zeros((n_classes, n_params), dtype=np.float64)
    if coef is not None:
        coef = np.asarray(coef)
        if is_binary:
            if coef.ndim == 1 and coef.shape[0] == n_params:
                w0[:] = coef
            elif coef.ndim == 2 and coef.shape[0] == 1 and coef.shape[1] == n_params:
                w0[:] = coef[0]
            else:
                raise ValueError(
                    f"Initialization coef is of shape {coef.shape}, expected shape "
                    f"{w0.shape} or (1, {w0.shape[0]})"
                )
        else:
            if coef.ndim == 2 and coef.shape[0] == n_classes and coef.shape[1] == n_params:
                w0[:, : coef.shape[1]] = coef
            else:
                raise ValueError(
                    f"Initialization coef is of shape {coef.shape}, expected shape {w0.shape}"
                )
    if solver in ("sag", "saga"):
        warm_start_sag = {"coef": w0[:, None] if is_binary else np.ascontiguousarray(w0.T)}
    sw_sum = float(sample_weight.sum())
    sw64 = np.ascontiguousarray(sample_weight, dtype=np.float64)
    y64 = np.ascontiguousarray(target, dtype=np.float64)
    coefs = []
    n_iter = np.zeros(len(Cs), dtype=np.int32)
    for i, C in enumerate(Cs):
        if solver in ("lbfgs", "newton-cg", "newton-cholesky"):
            l2 = 1.0 / (C * sw_sum)
            lossobj = _LogisticLoss(X, y64, sw64, l2, fit_intercept, n_classes)
            flat = w0.ravel()
            if solver == "lbfgs":
                flat, n_iter_i = _lbfgs(lossobj, flat, max_iter, tol)
            else:
                flat, n_iter_i = _newton(
                    lossobj, flat, max_iter, tol, cholesky=solver == "newton-cholesky"
                )
            w0 = flat.reshape(w0.shape)
        elif solver == "liblinear":
            w0, n_iter_i = _fit_liblinear_like(
                X, target, sample_weight, C, fit_intercept, intercept_scaling, penalty,
                max_iter, tol, random_state,
            )  # fmt: skip
        else:
            loss = "log" if is_binary else "multinomial"
            if penalty == "l1":
                alpha, beta = 0.0, 1.0 / C
            elif penalty == "l2" or penalty is None:
                alpha, beta = 1.0 / C, 0.0
            else:
                alpha = (1.0 / C) * (1 - l1_ratio)
                beta = (1.0 / C) * l1_ratio
            wsag, n_iter_i, warm_start_sag = sag_solver(
                X,
                target,
                sample_weight,
                loss,
                alpha,
                beta,
                max_iter,
                tol,
                verbose,
                random_state,
                False,
                max_squared_sum,
                warm_start_sag,
                is_saga=(solver == "saga"),
            )
            w0 = np.array(wsag, dtype=np.float64)
        coefs.append(w0.astype(X.dtype, copy=True))
        n_iter[i] = n_iter_i
    return np.stack(coefs), np.asarray(Cs), n_iter


def _fit_liblinear_like(
    X, target, sample_weight, C, fit_intercept, intercept_scaling, penalty, max_iter, tol, rs
):
    """liblinear's objective: the intercept is a penalized weight on a constant feature."""
    from ._sag import sag_solver

    if fit_intercept:
        if issparse(X):
            import scipy.sparse as sp

            col = sp.csr_matrix(np.full((X.shape[0], 1), intercept_scaling, dtype=X.dtype))
            Xa = sp.hstack([X, col], format="csr")
        else:
            Xa = np.hstack([X, np.full((X.shape[0], 1), intercept_scaling, dtype=X.dtype)])
    else:
        Xa = X
    sw = np.ascontiguousarray(sample_weight, dtype=np.float64)
    if penalty == "l2":
        lossobj = _LogisticLoss(
            Xa, np.asarray(target, dtype=np.float64), sw, 1.0 / (C * sw.sum()), False, 2
        )
        w, n_iter = _lbfgs(lossobj, np.zeros(Xa.shape[1]), max(max_iter, 1), tol * 1e-2)
    else:
        w, n_iter, _ = sag_solver(
            Xa, np.asarray(target, dtype=Xa.dtype), sample_weight, "log", 0.0, 1.0 / C,
            max_iter, tol, 0, rs, False, None, None, is_saga=True,
        )  # fmt: skip
        w = np.asarray(w, dtype=np.float64)
    if fit_intercept:
        w = w.copy()
        w[-1] *= intercept_scaling
    return w, n_iter


def _resolve_penalty(est):
    """(penalty, C) from 1.9's C / l1_ratio and the deprecated ``penalty``."""
    if est.penalty == "deprecated":
        if est.l1_ratio == 0 or est.l1_ratio is None:
            penalty = "l2"
            if est.l1_ratio is None:
                warnings.warn(
                    "'l1_ratio=None' was deprecated in version 1.8 and will trigger an "
                    "error in 1.10. Use 0<=l1_ratio<=1 instead.",
                    FutureWarning,
                    stacklevel=3,
                )
        elif est.l1_ratio == 1:
            penalty = "l1"
        else:
            penalty = "elasticnet"
        if est.C == np.inf:
            penalty = None
    else:
        penalty = est.penalty
        warnings.warn(
            "'penalty' was deprecated in version 1.8 and will be removed in"
            " 1.10. To avoid this warning, leave 'penalty' set to its default"
            " value and use 'l1_ratio' or 'C' instead."
            " Use l1_ratio=0 instead of penalty='l2',"
            " l1_ratio=1 instead of penalty='l1',"
            " l1_ratio set to a float between 0 and 1 instead of"
            " penalty='elasticnet', and C=np.inf instead of penalty=None.",
            FutureWarning,
            stacklevel=3,
        )
    return penalty


class LogisticRegression(LinearClassifierMixin, SparseCoefMixin, BaseEstimator):
    """Logistic regression (logit, MaxEnt) classifier, binary or multinomial.

    Minimizes ``C * sum_i sw_i loss_i + (1 - l1_ratio) / 2 ||w||^2 + l1_ratio ||w||_1``
    (no penalty for ``C=np.inf``) with the binomial loss for two classes and the
    multinomial loss for more.

    Parameters
    ----------
    penalty : {'l1', 'l2', 'elasticnet'} or None, default='deprecated'
        Deprecated (as in scikit-learn 1.8): use ``l1_ratio`` and ``C``.
    C : float, default=1.0
        Inverse of the regularization strength; ``np.inf`` means no penalty.
    l1_ratio : float in [0, 1], default=0.0
        0: l2 penalty, 1: l1 penalty, in between: elastic net (``saga`` only).
    dual : bool, default=False
        Dual formulation (liblinear, l2 only; the primal solution is returned).
    tol : float, default=1e-4
        Tolerance of the stopping criterion.
    fit_intercept : bool, default=True
    intercept_scaling : float, default=1
        liblinear only: value of the synthetic constant feature.
    class_weight : dict or 'balanced', default=None
    random_state : int, RandomState instance or None, default=None
        Sample selection of ``sag`` / ``saga``.
    solver : {'lbfgs', 'liblinear', 'newton-cg', 'newton-cholesky', 'sag', 'saga'}, \
default='lbfgs'
    max_iter : int, default=100
    verbose : int, default=0
    warm_start : bool, default=False
        Start from the previous solution.
    n_jobs : int, default=None
        Has no effect (as in scikit-learn 1.8+).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string feature names.
    n_iter_ : ndarray of shape (1,)
        Iterations (epochs for sag/saga) of the solver.

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import LogisticRegression
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = LogisticRegression(max_iter=1000).fit(X / 16, y)
    >>> clf.coef_.shape
    (10, 64)
    >>> bool(clf.score(X / 16, y) > 0.95)
    True
    """

    _parameter_constraints: dict = {
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            None,
            Hidden(StrOptions({"deprecated"})),
        ],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "solver": [StrOptions(_SOLVERS)],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        penalty="deprecated",
        *,
        C=1.0,
        l1_ratio=0.0,
        dual=False,
        tol=1e-4,
        fit_intercept=True,
        intercept_scaling=1,
        class_weight=None,
        random_state=None,
        solver="lbfgs",
        max_iter=100,
        verbose=0,
        warm_start=False,
        n_jobs=None,
    ):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs

    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        self._validate_params()
        penalty, C_ = self._resolve()
        solver = _check_solver(self.solver, penalty, self.dual)
        if self.n_jobs is not None:
            warnings.warn(
                "'n_jobs' has no effect since 1.8 and will be removed in 1.10. "
                f"You provided 'n_jobs={self.n_jobs}', please leave it unspecified.",
                FutureWarning,
                stacklevel=2,
            )
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=solver not in ["liblinear", "sag", "saga"],
        )
        check_classification_targets(y)
        classes = np.unique(y)
        n_classes = classes.shape[0]
        if solver == "liblinear" and n_classes > 2:
            raise ValueError(
                "The 'liblinear' solver does not support multiclass classification"
                " (n_classes >= 3). Either use another solver or wrap the "
                "estimator in a OneVsRestClassifier to keep applying a "
                "one-versus-rest scheme."
            )
        if n_classes < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes"
                " in the data, but the data contains only one"
                f" class: {classes[0]!r}"
            )
        max_squared_sum = (
            float(row_norms(X, squared=True).max()) if solver in ("sag", "saga") else None
        )
        warm = None
        if self.warm_start and hasattr(self, "coef_"):
            warm = self.coef_
            if self.fit_intercept:
                warm = np.concatenate([warm, np.reshape(self.intercept_, (-1, 1))], axis=1)
        coefs, _, n_iter = _logistic_regression_path(
            X,
            y,
            classes=classes,
            Cs=[C_],
            l1_ratio=self.l1_ratio,
            fit_intercept=self.fit_intercept,
            tol=self.tol,
            verbose=self.verbose,
            solver=solver,
            max_iter=self.max_iter,
            class_weight=self.class_weight,
            check_input=False,
            random_state=self.random_state,
            coef=warm,
            penalty=penalty,
            max_squared_sum=max_squared_sum,
            sample_weight=sample_weight,
            intercept_scaling=self.intercept_scaling,
            dual=self.dual,
        )
        self.classes_ = classes
        self._set_from_path(coefs[0], n_iter, X.dtype, n_classes)
        return self

    def _resolve(self):
        penalty = _resolve_penalty(self)
        if penalty != "elasticnet" and (self.l1_ratio is not None and 0 < self.l1_ratio < 1):
            warnings.warn(
                f"l1_ratio parameter is only used when penalty is 'elasticnet'. Got "
                f"(penalty={penalty})",
                stacklevel=3,
            )
        if (self.penalty == "l2" and self.l1_ratio != 0) or (
            self.penalty == "l1" and self.l1_ratio != 1
        ):
            warnings.warn(
                f"Inconsistent values: penalty={self.penalty} with "
                f"l1_ratio={self.l1_ratio}. penalty is deprecated. Please use "
                f"l1_ratio only.",
                stacklevel=3,
            )
        if penalty == "elasticnet" and self.l1_ratio is None:
            raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
        if self.penalty is None:
            if self.C != 1.0:
                warnings.warn(
                    "Setting penalty=None will ignore the C and l1_ratio parameters",
                    stacklevel=3,
                )
            return "l2", np.inf
        return penalty, self.C

    def _set_from_path(self, coef, n_iter, dtype, n_classes):
        self.n_iter_ = np.asarray(n_iter, dtype=np.int32)
        coef = np.asarray(coef, dtype=dtype)
        if n_classes == 2:
            coef = coef[None, :]
        if self.fit_intercept:
            self.intercept_ = np.ascontiguousarray(coef[:, -1])
            self.coef_ = np.ascontiguousarray(coef[:, :-1])
        else:
            self.intercept_ = np.zeros(coef.shape[0], dtype=dtype)
            self.coef_ = np.ascontiguousarray(coef)

    def predict_proba(self, X):
        """Probability estimates (softmax of the decision function for multinomial).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        T : ndarray of shape (n_samples, n_classes)
            Probabilities of the classes, in the order of ``classes_``.
        """
        check_is_fitted(self)
        if len(self.classes_) <= 2:
            return self._predict_proba_lr(X)
        return softmax(self.decision_function(X), copy=False)

    def predict_log_proba(self, X):
        """Logarithm of the probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        T : ndarray of shape (n_samples, n_classes)
        """
        return np.log(self.predict_proba(X))

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        return tags


class LogisticRegressionCV(LogisticRegression):
    """Logistic regression with the strength ``C`` (and ``l1_ratio``) chosen by cross-validation.

    For every fold and ``l1_ratio``, a path of models over ``Cs`` is fitted (each warm-started
    from the previous C); the C (and l1_ratio) with the best mean score over folds is kept
    and, with ``refit=True``, a final model is fitted on all data.

    Parameters
    ----------
    Cs : int or list of floats, default=10
        A list of C values, or how many on a log grid in [1e-4, 1e4].
    l1_ratios : list of float or None, default='warn'
        Elastic-net mixing values (``saga`` for values in (0, 1)); 'warn' and None mean [0.0].
    fit_intercept : bool, default=True
    cv : int or cross-validation generator, default=None
        Stratified 5-fold when None or an int.
    dual : bool, default=False
    penalty : {'l1', 'l2', 'elasticnet'}, default='deprecated'
    scoring : str or callable, default='warn'
        'warn'/None: the log-loss (as ``'neg_log_loss'`` in scikit-learn 1.9) ; 'accuracy';
        or a callable ``scorer(estimator, X, y)``.
    solver : str, default='lbfgs'
    tol : float, default=1e-4
    max_iter : int, default=100
    class_weight : dict or 'balanced', default=None
    n_jobs : int, default=None
        Folds in parallel with ``aiguille.parallel.Parallel`` (threads).
    verbose : int, default=0
    refit : bool, default=True
    intercept_scaling : float, default=1.0
    random_state : int, RandomState instance or None, default=None
    use_legacy_attributes : bool, default='warn'
        True: ``coefs_paths_`` and ``scores_`` are dicts keyed by class (scikit-learn's
        historical layout); False / 'warn': plain arrays.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    Cs_ : ndarray of shape (n_cs,)
    l1_ratios_ : ndarray of shape (n_l1_ratios,)
    coefs_paths_ : ndarray of shape (n_folds, n_l1_ratios, n_cs, n_classes, n_params)
        With ``use_legacy_attributes=True``, a dict as in scikit-learn.
    scores_ : ndarray of shape (n_folds, n_l1_ratios, n_cs)
    C_ : float
    l1_ratio_ : float
    n_iter_ : ndarray of shape (n_folds, n_l1_ratios, n_cs)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import LogisticRegressionCV
    >>> X, y = load_digits(n_class=2, return_X_y=True)
    >>> clf = LogisticRegressionCV(Cs=3, cv=3, scoring="accuracy").fit(X / 16, y)
    >>> clf.Cs_.shape
    (3,)
    """

    _parameter_constraints: dict = {
        "Cs": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "l1_ratios": ["array-like", None, Hidden(StrOptions({"warn"}))],
        "fit_intercept": ["boolean"],
        "cv": ["cv_object"],
        "dual": ["boolean"],
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            Hidden(StrOptions({"deprecated"})),
        ],
        "scoring": [
            StrOptions({"accuracy", "neg_log_loss"}),
            callable,
            None,
            Hidden(StrOptions({"warn"})),
        ],  # fmt: skip
        "solver": [StrOptions(_SOLVERS)],
        "tol": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "n_jobs": [None, Integral],
        "verbose": ["verbose"],
        "refit": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
        "use_legacy_attributes": ["boolean", Hidden(StrOptions({"warn"}))],
    }

    def __init__(
        self,
        *,
        Cs=10,
        l1_ratios="warn",
        fit_intercept=True,
        cv=None,
        dual=False,
        penalty="deprecated",
        scoring="warn",
        solver="lbfgs",
        tol=1e-4,
        max_iter=100,
        class_weight=None,
        n_jobs=None,
        verbose=0,
        refit=True,
        intercept_scaling=1.0,
        random_state=None,
        use_legacy_attributes="warn",
    ):
        self.Cs = Cs
        self.l1_ratios = l1_ratios
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.dual = dual
        self.penalty = penalty
        self.scoring = scoring
        self.solver = solver
        self.tol = tol
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.refit = refit
        self.intercept_scaling = intercept_scaling
        self.random_state = random_state
        self.use_legacy_attributes = use_legacy_attributes

    def _penalty_for(self, l1_ratio):
        if self.penalty != "deprecated":
            return self.penalty
        if l1_ratio == 0:
            return "l2"
        if l1_ratio == 1:
            return "l1"
        return "elasticnet"

    def _score(self, coef, X, y, classes):
        est = LogisticRegression(fit_intercept=self.fit_intercept)
        est.classes_ = classes
        est._set_from_path(coef, [0], X.dtype, len(classes))
        est.n_features_in_ = X.shape[1]
        scoring = self.scoring
        if callable(scoring):
            return float(scoring(est, X, y))
        if scoring == "accuracy":
            return float(np.mean(est.predict(X) == y))
        proba = np.clip(est.predict_proba(X), 1e-15, 1.0)
        idx = np.searchsorted(classes, y)
        return float(np.mean(np.log(proba[np.arange(len(y)), idx])))

    def fit(self, X, y, sample_weight=None):
        """Fit the model over the grid of ``Cs`` (and ``l1_ratios``) and select the best.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        self._validate_params()
        X, y = validate_data(
            self, X, y, accept_sparse="csr", dtype=[np.float64, np.float32], order="C"
        )
        check_classification_targets(y)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes in the data, but the "
                f"data contains only one class: {classes[0]!r}"
            )
        l1_ratios = [0.0] if self.l1_ratios in ("warn", None) else list(self.l1_ratios)
        for r in l1_ratios:
            _check_solver(self.solver, self._penalty_for(r), self.dual)
        Cs = (
            np.logspace(-4, 4, self.Cs)
            if isinstance(self.Cs, Integral)
            else np.asarray(self.Cs, dtype=float)
        )
        sw = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        folds = list(self._folds(X, y))
        max_sq = (
            float(row_norms(X, squared=True).max()) if self.solver in ("sag", "saga") else None
        )

        def one(train, test, l1r):
            coefs, _, n_iter = _logistic_regression_path(
                X[train], y[train], classes=classes, Cs=Cs, fit_intercept=self.fit_intercept,
                max_iter=self.max_iter, tol=self.tol, solver=self.solver,
                class_weight=self.class_weight, penalty=self._penalty_for(l1r), dual=self.dual,
                intercept_scaling=self.intercept_scaling, random_state=self.random_state,
                check_input=False, max_squared_sum=max_sq, sample_weight=sw[train],
                l1_ratio=l1r,
            )  # fmt: skip
            scores = [self._score(c, X[test], y[test], classes) for c in coefs]
            return coefs, n_iter, scores

        tasks = [(tr, te, r) for tr, te in folds for r in l1_ratios]
        if self.n_jobs is not None and self.n_jobs != 1:
            try:
                from ..parallel import Parallel, delayed

                out = Parallel(n_jobs=self.n_jobs, prefer="threads")(
                    delayed(one)(*t) for t in tasks
                )
            except ImportError:
                out = [one(*t) for t in tasks]
        else:
            out = [one(*t) for t in tasks]
        nf, nr, nc = len(folds), len(l1_ratios), len(Cs)
        coefs_paths = np.array([o[0] for o in out]).reshape(nf, nr, nc, *out[0][0].shape[1:])
        scores = np.array([o[2] for o in out]).reshape(nf, nr, nc)
        n_iter = np.array([o[1] for o in out]).reshape(nf, nr, nc)
        mean = scores.mean(axis=0)
        best_r, best_c = np.unravel_index(np.argmax(mean), mean.shape)
        self.classes_ = classes
        self.Cs_ = Cs
        self.l1_ratios_ = np.asarray(l1_ratios, dtype=float)
        self.C_ = float(Cs[best_c])
        self.l1_ratio_ = float(l1_ratios[best_r])
        if self.refit:
            coefs, _, _ = _logistic_regression_path(
                X, y, classes=classes, Cs=[self.C_], fit_intercept=self.fit_intercept,
                max_iter=self.max_iter, tol=self.tol, solver=self.solver,
                class_weight=self.class_weight, penalty=self._penalty_for(self.l1_ratio_),
                dual=self.dual, intercept_scaling=self.intercept_scaling,
                random_state=self.random_state, check_input=False, max_squared_sum=max_sq,
                sample_weight=sw, l1_ratio=self.l1_ratio_,
            )  # fmt: skip
            best = coefs[0]
        else:
            best = coefs_paths[:, best_r, best_c].mean(axis=0)
        self._set_from_path(best, [0], X.dtype, len(classes))
        # a C warm-started at a point that already meets tol counts one (checking) iteration
        self.n_iter_ = np.maximum(n_iter, 1).astype(np.int32)
        if self.use_legacy_attributes is True:
            if len(classes) == 2:
                self.coefs_paths_ = {classes[1]: coefs_paths[:, best_r]}
                self.scores_ = {classes[1]: scores[:, best_r]}
            else:
                self.coefs_paths_ = {
                    c: coefs_paths[:, best_r, :, k] for k, c in enumerate(classes)
                }
                self.scores_ = {c: scores[:, best_r] for c in classes}
        else:
            self.coefs_paths_ = coefs_paths
            self.scores_ = scores
        return self

    def _folds(self, X, y):
        cv = 5 if self.cv is None else self.cv
        if isinstance(cv, Integral):
            return _stratified_folds(y, cv)
        if hasattr(cv, "split"):
            return cv.split(X, y)
        return iter(cv)

    def score(self, X, y, sample_weight=None):
        """Score of the model with ``scoring`` (accuracy when 'warn' / None, as 1.9's default).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        if callable(self.scoring):
            return float(self.scoring(self, X, y))
        if self.scoring == "neg_log_loss":
            proba = np.clip(self.predict_proba(X), 1e-15, 1.0)
            idx = np.searchsorted(self.classes_, np.asarray(y))
            return float(np.mean(np.log(proba[np.arange(len(idx)), idx])))
        return super().score(X, y, sample_weight=sample_weight)


def _stratified_folds(y, n_splits):
    """Unshuffled stratified folds, as scikit-learn's StratifiedKFold(n_splits)."""
    y = np.asarray(y)
    _, y_idx, y_inv = np.unique(y, return_index=True, return_inverse=True)
    _, class_perm = np.unique(y_idx, return_inverse=True)
    y_encoded = class_perm[y_inv]
    n_classes = len(y_idx)
    y_order = np.sort(y_encoded)
    allocation = np.asarray(
        [np.bincount(y_order[i::n_splits], minlength=n_classes) for i in range(n_splits)]
    )
    test_folds = np.empty(len(y), dtype="i")
    for k in range(n_classes):
        folds_for_class = np.arange(n_splits).repeat(allocation[:, k])
        test_folds[y_encoded == k] = folds_for_class
    idx = np.arange(len(y))
    for i in range(n_splits):
        yield idx[test_folds != i], idx[test_folds == i]
