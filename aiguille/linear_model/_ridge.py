"""Ridge regression and classification, with efficient leave-one-out cross-validation.

Dense data with the default solver goes through one pass over X: the centered, weighted
Gram matrix ``X^T W X`` and ``X^T W y`` are accumulated chunk by chunk with BLAS (X is
never copied), then the ``(n_features, n_features)`` system is solved by Cholesky.
"""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, MetaEstimatorMixin, RegressorMixin
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import gram, row_norms, safe_sparse_dot
from ..utils.validation import (
    _check_sample_weight,
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    issparse,
    validate_data,
)
from ._base import (
    LinearClassifierMixin,
    LinearModel,
    _check_finite_X,
    _gram_xy,
    _preprocess_data,
    _rescale_data,
)

__all__ = [
    "Ridge",
    "RidgeCV",
    "RidgeClassifier",
    "RidgeClassifierCV",
    "ridge_regression",
]

_SOLVERS = {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}


# ---------------------------------------------------------------------------------------
# Solvers: each takes X (n, p), Y (n, t) already centered / rescaled and alpha (t,)
# and returns coef of shape (t, p).
# ---------------------------------------------------------------------------------------


def _get_rescaled_operator(X, X_offset, sample_weight_sqrt):
    """LinearOperator for ``(X - sqrt(w) X_offset)`` products (sparse X, implicit centering)."""
    from scipy.sparse.linalg import LinearOperator

    def matvec(b):
        return X.dot(b) - sample_weight_sqrt * b.dot(X_offset)

    def rmatvec(b):
        return X.T.dot(b) - X_offset * b.dot(sample_weight_sqrt)

    return LinearOperator(shape=X.shape, matvec=matvec, rmatvec=rmatvec, dtype=X.dtype)


def _solve_sparse_cg(
    X,
    y,
    alpha,
    max_iter=None,
    tol=1e-4,
    verbose=0,
    X_offset=None,
    X_scale=None,
    sample_weight_sqrt=None,
):
    from scipy.sparse import linalg as sp_linalg

    if sample_weight_sqrt is None:
        sample_weight_sqrt = np.ones(X.shape[0], dtype=X.dtype)
    n_samples, n_features = X.shape
    if X_offset is None or X_scale is None:
        X1 = sp_linalg.aslinearoperator(X)
    else:
        X1 = _get_rescaled_operator(X, X_offset / X_scale, sample_weight_sqrt)
    coefs = np.empty((y.shape[1], n_features), dtype=X.dtype)
    for i in range(y.shape[1]):
        y_column = y[:, i]
        a = alpha[i]
        if n_features > n_samples:

            def mv(x, a=a):
                return X1.matvec(X1.rmatvec(x)) + a * x

            C = sp_linalg.LinearOperator((n_samples, n_samples), matvec=mv, dtype=X.dtype)
            coef, info = sp_linalg.cg(C, y_column, rtol=tol, atol=0.0)
            coefs[i] = X1.rmatvec(coef)
        else:

            def mv(x, a=a):
                return X1.rmatvec(X1.matvec(x)) + a * x

            y_column = X1.rmatvec(y_column)
            C = sp_linalg.LinearOperator((n_features, n_features), matvec=mv, dtype=X.dtype)
            coefs[i], info = sp_linalg.cg(C, y_column, maxiter=max_iter, rtol=tol, atol=0.0)
        if info < 0:
            raise ValueError(f"Failed with error code {info}")
        if max_iter is None and info > 0 and verbose:
            warnings.warn(
                f"sparse_cg did not converge after {info} iterations.", ConvergenceWarning
            )
    return coefs


def _solve_lsqr(
    X,
    y,
    *,
    alpha,
    fit_intercept=True,
    max_iter=None,
    tol=1e-4,
    X_offset=None,
    X_scale=None,
    sample_weight_sqrt=None,
):
    from scipy.sparse.linalg import lsqr

    if sample_weight_sqrt is None:
        sample_weight_sqrt = np.ones(X.shape[0], dtype=X.dtype)
    if issparse(X) and fit_intercept:
        X1 = _get_rescaled_operator(X, X_offset / X_scale, sample_weight_sqrt)
    else:
        X1 = X
    n_features = X.shape[1]
    coefs = np.empty((y.shape[1], n_features), dtype=X.dtype)
    n_iter = np.empty(y.shape[1], dtype=np.int32)
    sqrt_alpha = np.sqrt(alpha)
    for i in range(y.shape[1]):
        info = lsqr(X1, y[:, i], damp=sqrt_alpha[i], atol=tol, btol=tol, iter_lim=max_iter)
        coefs[i] = info[0]
        n_iter[i] = info[2]
    return coefs, n_iter


def _solve_gram(A, Xy, alpha):
    """Solve ``(A + alpha I) w = Xy`` per target; A (p, p) is not modified."""
    from scipy import linalg

    n_features = A.shape[0]
    n_targets = Xy.shape[1]
    if np.all(alpha == alpha[0]):
        A2 = A.copy()
        A2.flat[:: n_features + 1] += alpha[0]
        return linalg.solve(A2, Xy, assume_a="pos", overwrite_a=True).T
    coefs = np.empty((n_targets, n_features), dtype=A.dtype)
    for i in range(n_targets):
        A2 = A.copy()
        A2.flat[:: n_features + 1] += alpha[i]
        coefs[i] = linalg.solve(A2, Xy[:, i], assume_a="pos", overwrite_a=True).ravel()
    return coefs


def _solve_cholesky(X, y, alpha):
    if issparse(X):
        A = safe_sparse_dot(X.T, X, dense_output=True)
        Xy = safe_sparse_dot(X.T, y, dense_output=True)
    else:
        A, Xy = gram(X, y)
    return _solve_gram(np.asarray(A), np.asarray(Xy), alpha)


def _solve_cholesky_kernel(K, y, alpha, sample_weight=None, copy=False):
    from scipy import linalg

    n_samples = K.shape[0]
    n_targets = y.shape[1]
    if copy:
        K = K.copy()
    alpha = np.atleast_1d(alpha)
    one_alpha = (alpha == alpha[0]).all()
    has_sw = isinstance(sample_weight, np.ndarray) or sample_weight not in [1.0, None]
    if has_sw:
        sw = np.sqrt(np.atleast_1d(sample_weight))
        y = y * sw[:, np.newaxis]
        K *= np.outer(sw, sw)
    if one_alpha:
        K.flat[:: n_samples + 1] += alpha[0]
        try:
            dual_coef = linalg.solve(K, y, assume_a="pos", overwrite_a=False)
        except np.linalg.LinAlgError:
            warnings.warn(
                "Singular matrix in solving dual problem. Using least-squares solution instead."
            )
            dual_coef = linalg.lstsq(K, y)[0]
        K.flat[:: n_samples + 1] -= alpha[0]
        if has_sw:
            dual_coef *= sw[:, np.newaxis]
        return dual_coef
    dual_coefs = np.empty([n_targets, n_samples], K.dtype)
    for dual_coef, target, current_alpha in zip(dual_coefs, y.T, alpha):
        K.flat[:: n_samples + 1] += current_alpha
        dual_coef[:] = linalg.solve(K, target, assume_a="pos", overwrite_a=False).ravel()
        K.flat[:: n_samples + 1] -= current_alpha
    if has_sw:
        dual_coefs *= sw[np.newaxis, :]
    return dual_coefs.T


def _solve_svd(X, y, alpha):
    from scipy import linalg

    U, s, Vt = linalg.svd(X, full_matrices=False, check_finite=False)
    idx = s > 1e-15
    s_nnz = s[idx][:, None]
    UTy = U.T @ y
    d = np.zeros((s.shape[0], alpha.shape[0]), dtype=X.dtype)
    d[idx] = s_nnz / (s_nnz**2 + alpha)
    return (Vt.T @ (d * UTy)).T


def _solve_lbfgs(
    X,
    y,
    alpha,
    positive=True,
    max_iter=None,
    tol=1e-4,
    X_offset=None,
    X_scale=None,
    sample_weight_sqrt=None,
):
    from scipy import optimize

    n_features = X.shape[1]
    options = {}
    if max_iter is not None:
        options["maxiter"] = max_iter
    config = {"method": "L-BFGS-B", "tol": tol, "jac": True, "options": options}
    if positive:
        config["bounds"] = [(0, np.inf)] * n_features
    X_offset_scale = X_offset / X_scale if X_offset is not None and X_scale is not None else None
    if sample_weight_sqrt is None:
        sample_weight_sqrt = np.ones(X.shape[0], dtype=X.dtype)
    coefs = np.empty((y.shape[1], n_features), dtype=X.dtype)
    for i in range(y.shape[1]):
        y_column = y[:, i]
        a = alpha[i]

        def func(w, y_column=y_column, a=a):
            residual = X.dot(w) - y_column
            if X_offset_scale is not None:
                residual -= sample_weight_sqrt * w.dot(X_offset_scale)
            f = 0.5 * residual.dot(residual) + 0.5 * a * w.dot(w)
            grad = X.T @ residual + a * w
            if X_offset_scale is not None:
                grad -= X_offset_scale * residual.dot(sample_weight_sqrt)
            return f, grad

        result = optimize.minimize(func, np.zeros(n_features), **config)
        if not result["success"]:
            warnings.warn(
                "The lbfgs solver did not converge. Try increasing max_iter or tol. "
                f"Currently: max_iter={max_iter} and tol={tol}",
                ConvergenceWarning,
            )
        coefs[i] = result["x"]
    return coefs


def _get_valid_accept_sparse(is_X_sparse, solver):
    if is_X_sparse and solver in ["auto", "sag", "saga"]:
        return "csr"
    return ["csr", "csc", "coo"]


def _resolve_solver(solver, positive, return_intercept, is_sparse):
    if solver != "auto":
        return solver
    if positive:
        return "lbfgs"
    if return_intercept:
        return "sag"
    if not is_sparse:
        return "cholesky"
    return "sparse_cg"


def ridge_regression(
    X,
    y,
    alpha,
    *,
    sample_weight=None,
    solver="auto",
    max_iter=None,
    tol=1e-4,
    verbose=0,
    positive=False,
    random_state=None,
    return_n_iter=False,
    return_intercept=False,
    check_input=True,
):
    """Solve the ridge equation by the method of normal equations (or another solver).

    Minimizes ``||y - X w||^2 + alpha ||w||^2`` (no intercept unless ``return_intercept``).

    Parameters
    ----------
    X : {ndarray, sparse matrix, LinearOperator} of shape (n_samples, n_features)
        Training data.
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        Target values.
    alpha : float or array-like of shape (n_targets,)
        Regularization strength (one per target if an array).
    sample_weight : float or array-like of shape (n_samples,), default=None
        Individual weights for each sample.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, \
            default="auto"
        Solver to use; "auto" picks "cholesky" for dense data, "sparse_cg" for sparse,
        "lbfgs" when ``positive``, "sag" when ``return_intercept``.
    max_iter : int, default=None
        Maximum number of iterations of the iterative solvers.
    tol : float, default=1e-4
        Precision of the iterative solvers.
    verbose : int, default=0
        Verbosity level.
    positive : bool, default=False
        Force non-negative coefficients (solver "lbfgs" only).
    random_state : int, RandomState instance or None, default=None
        Shuffling for "sag"/"saga".
    return_n_iter : bool, default=False
        Also return the number of iterations.
    return_intercept : bool, default=False
        Fit and return an intercept (solver "sag"/"saga").
    check_input : bool, default=True
        Validate X and y.

    Returns
    -------
    coef : ndarray of shape (n_features,) or (n_targets, n_features)
    n_iter : int or ndarray of shape (n_targets,) or None
        Only if ``return_n_iter``.
    intercept : float or ndarray of shape (n_targets,)
        Only if ``return_intercept``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import ridge_regression
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 4)
    >>> y = X @ np.array([1.0, 2.0, 0.1, -0.5]) + 0.01 * rng.randn(100)
    >>> ridge_regression(X, y, alpha=1.0).round(2)
    array([ 0.99,  1.98,  0.11, -0.49])
    """
    from ..utils._param_validation import validate_parameter_constraints

    validate_parameter_constraints(
        {
            "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
            "solver": [StrOptions(_SOLVERS)],
            "max_iter": [Interval(Integral, 0, None, closed="left"), None],
            "tol": [Interval(Real, 0, None, closed="left")],
            "positive": ["boolean"],
            "return_n_iter": ["boolean"],
            "return_intercept": ["boolean"],
            "check_input": ["boolean"],
        },
        dict(
            alpha=alpha,
            solver=solver,
            max_iter=max_iter,
            tol=tol,
            positive=positive,
            return_n_iter=return_n_iter,
            return_intercept=return_intercept,
            check_input=check_input,
        ),
        caller_name="ridge_regression",
    )
    return _ridge_regression(
        X,
        y,
        alpha,
        sample_weight=sample_weight,
        solver=solver,
        max_iter=max_iter,
        tol=tol,
        verbose=verbose,
        positive=positive,
        random_state=random_state,
        return_n_iter=return_n_iter,
        return_intercept=return_intercept,
        X_scale=None,
        X_offset=None,
        check_input=check_input,
    )


def _ridge_regression(
    X,
    y,
    alpha,
    sample_weight=None,
    solver="auto",
    max_iter=None,
    tol=1e-4,
    verbose=0,
    positive=False,
    random_state=None,
    return_n_iter=False,
    return_intercept=False,
    return_solver=False,
    X_scale=None,
    X_offset=None,
    check_input=True,
    fit_intercept=False,
):
    from scipy import linalg

    X_is_sparse = issparse(X)
    has_sw = sample_weight is not None
    solver = _resolve_solver(solver, positive, return_intercept, X_is_sparse)
    if positive and solver != "lbfgs":
        raise ValueError(
            "When positive=True, only 'lbfgs' solver can be used. "
            f"Please change solver {solver} to 'lbfgs' or set positive=False."
        )
    if solver == "lbfgs" and not positive:
        raise ValueError(
            "'lbfgs' solver can be used only when positive=True. Please use another solver."
        )
    if return_intercept and solver != "sag":
        raise ValueError(
            "In Ridge, only 'sag' solver can directly fit the intercept. Please change "
            "solver to 'sag' or set return_intercept=False."
        )
    if check_input:
        X = check_array(
            X,
            accept_sparse=_get_valid_accept_sparse(X_is_sparse, solver),
            dtype=[np.float64, np.float32],
            order="C",
        )
        y = check_array(y, dtype=X.dtype, ensure_2d=False, order=None)
    check_consistent_length(X, y)
    n_samples, n_features = X.shape
    if y.ndim > 2:
        raise ValueError(f"Target y has the wrong shape {y.shape}")
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    n_targets = y.shape[1]
    sample_weight_sqrt = None
    if has_sw:
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if solver not in ["sag", "saga"]:
            X, y, sample_weight_sqrt = _rescale_data(X, y, sample_weight)
    alpha = np.asarray(alpha, dtype=X.dtype).ravel()
    if alpha.shape[0] not in [1, n_targets]:
        raise ValueError(
            "Number of targets and number of penalties do not correspond: "
            f"{alpha.shape[0]} != {n_targets}"
        )
    if alpha.shape[0] == 1 and n_targets > 1:
        alpha = np.full(n_targets, alpha[0], dtype=alpha.dtype)

    n_iter = None
    intercept = None
    if solver == "sparse_cg":
        coef = _solve_sparse_cg(
            X,
            y,
            alpha,
            max_iter=max_iter,
            tol=tol,
            verbose=verbose,
            X_offset=X_offset,
            X_scale=X_scale,
            sample_weight_sqrt=sample_weight_sqrt,
        )
    elif solver == "lsqr":
        coef, n_iter = _solve_lsqr(
            X,
            y,
            alpha=alpha,
            fit_intercept=fit_intercept,
            max_iter=max_iter,
            tol=tol,
            X_offset=X_offset,
            X_scale=X_scale,
            sample_weight_sqrt=sample_weight_sqrt,
        )
    elif solver == "cholesky":
        if n_features > n_samples:
            K = safe_sparse_dot(X, X.T, dense_output=True)
            try:
                dual_coef = _solve_cholesky_kernel(K, y, alpha)
                coef = safe_sparse_dot(X.T, dual_coef, dense_output=True).T
            except linalg.LinAlgError:
                solver = "svd"
        else:
            try:
                coef = _solve_cholesky(X, y, alpha)
            except linalg.LinAlgError:
                solver = "svd"
    elif solver in ["sag", "saga"]:
        from ._sag import sag_solver

        max_squared_sum = row_norms(X, squared=True).max()
        coef = np.empty((n_targets, n_features), dtype=X.dtype)
        n_iter = np.empty(n_targets, dtype=np.int32)
        intercept = np.zeros((n_targets,), dtype=X.dtype)
        for i, (alpha_i, target) in enumerate(zip(alpha, y.T)):
            init = {"coef": np.zeros((n_features + int(return_intercept), 1), dtype=X.dtype)}
            coef_, n_iter_, _ = sag_solver(
                X,
                np.ascontiguousarray(target.ravel()),
                sample_weight,
                "squared",
                float(alpha_i),
                0,
                max_iter if max_iter is not None else 1000,
                tol,
                verbose,
                random_state,
                False,
                max_squared_sum,
                init,
                is_saga=solver == "saga",
            )
            if return_intercept:
                coef[i] = coef_[:-1]
                intercept[i] = coef_[-1]
            else:
                coef[i] = coef_
            n_iter[i] = n_iter_
        if intercept.shape[0] == 1:
            intercept = intercept[0]
    elif solver == "lbfgs":
        coef = _solve_lbfgs(
            X,
            y,
            alpha,
            positive=positive,
            tol=tol,
            max_iter=max_iter,
            X_offset=X_offset,
            X_scale=X_scale,
            sample_weight_sqrt=sample_weight_sqrt,
        )
    if solver == "svd":
        if X_is_sparse:
            raise TypeError("SVD solver does not support sparse inputs currently")
        coef = _solve_svd(X, y, alpha)
    if n_targets == 1:
        coef = coef.ravel()
    res = (coef,)
    if return_n_iter:
        res += (n_iter,)
    if return_intercept:
        res += (intercept,)
    if return_solver:
        res += (solver,)
    return res[0] if len(res) == 1 else res


# ---------------------------------------------------------------------------------------
# Estimators
# ---------------------------------------------------------------------------------------


class _BaseRidge(LinearModel):
    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "solver": [StrOptions(_SOLVERS)],
        "positive": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def _check_solver(self, X):
        if self.solver == "lbfgs" and not self.positive:
            raise ValueError(
                "'lbfgs' solver can be used only when positive=True. Please use another solver."
            )
        if self.positive:
            if self.solver not in ["auto", "lbfgs"]:
                raise ValueError(
                    f"solver='{self.solver}' does not support positive fitting. Please set the "
                    "solver to 'auto' or 'lbfgs', or set `positive=False`"
                )
            return self.solver
        if issparse(X) and self.fit_intercept:
            if self.solver not in ["auto", "lbfgs", "lsqr", "sag", "sparse_cg"]:
                raise ValueError(
                    f"solver='{self.solver}' does not support fitting the intercept on sparse "
                    "data. Please set the solver to 'auto' or 'lsqr', 'sparse_cg', 'sag', "
                    "'lbfgs' or set `fit_intercept=False`"
                )
            if self.solver in ["lsqr", "lbfgs"]:
                return self.solver
            if self.solver == "sag":
                if self.max_iter is None and self.tol > 1e-4:
                    warnings.warn(
                        '"sag" solver requires many iterations to fit an intercept with sparse '
                        'inputs. Either set the solver to "auto" or "sparse_cg", or set a low '
                        '"tol" and a high "max_iter" (especially if inputs are not '
                        "standardized)."
                    )
                return "sag"
            return "sparse_cg"
        return self.solver

    def _fit(self, X, y, sample_weight=None):
        """Fit on validated X, y (sample_weight validated or None)."""
        solver = self._check_solver(X)
        n_samples, n_features = X.shape
        if (
            solver in ("auto", "cholesky")
            and not issparse(X)
            and n_samples >= n_features
            and not self.positive
        ):
            self._fit_gram(X, y, sample_weight)
            return self
        X, y, X_offset, y_offset, X_scale, _ = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=self.copy_X and not issparse(X),
            sample_weight=sample_weight,
            check_input=False,
            rescale_with_sw=False,
        )
        if solver == "sag" and issparse(X) and self.fit_intercept:
            self.coef_, self.n_iter_, self.intercept_, self.solver_ = _ridge_regression(
                X,
                y,
                alpha=self.alpha,
                sample_weight=sample_weight,
                max_iter=self.max_iter,
                tol=self.tol,
                solver="sag",
                positive=self.positive,
                random_state=self.random_state,
                return_n_iter=True,
                return_intercept=True,
                return_solver=True,
                check_input=False,
            )
            self.intercept_ += y_offset
        else:
            params = (
                {"X_offset": X_offset, "X_scale": X_scale}
                if issparse(X) and self.fit_intercept
                else {}
            )
            self.coef_, self.n_iter_, self.solver_ = _ridge_regression(
                X,
                y,
                alpha=self.alpha,
                sample_weight=sample_weight,
                max_iter=self.max_iter,
                tol=self.tol,
                solver=solver,
                positive=self.positive,
                random_state=self.random_state,
                return_n_iter=True,
                return_intercept=False,
                return_solver=True,
                check_input=False,
                fit_intercept=self.fit_intercept,
                **params,
            )
            self._set_intercept(X_offset, y_offset, X_scale)
        return self

    def _fit_gram(self, X, y, sample_weight):
        """Dense Cholesky through the centered Gram matrix, in one pass over X (no copy)."""
        from scipy import linalg

        y2 = y.reshape(-1, 1) if y.ndim == 1 else y
        alpha = np.asarray(self.alpha, dtype=X.dtype).ravel()
        n_targets = y2.shape[1]
        if alpha.shape[0] not in [1, n_targets]:
            raise ValueError(
                "Number of targets and number of penalties do not correspond: "
                f"{alpha.shape[0]} != {n_targets}"
            )
        if alpha.shape[0] == 1 and n_targets > 1:
            alpha = np.full(n_targets, alpha[0], dtype=alpha.dtype)
        G, Xy, X_offset, y_offset = _gram_xy(X, y2, sample_weight, self.fit_intercept)
        finite = np.isfinite(G).all() and np.isfinite(Xy).all()
        if not finite:
            _check_finite_X(self, X)
        solver = "cholesky"
        try:
            if not finite:
                raise linalg.LinAlgError("non-finite Gram matrix (overflow)")
            coef = _solve_gram(G, Xy, alpha)
        except (linalg.LinAlgError, ValueError):
            solver = "svd"
            Xc, yc, _, _, _, _ = _preprocess_data(
                X,
                y2,
                fit_intercept=self.fit_intercept,
                copy=True,
                sample_weight=sample_weight,
                check_input=False,
            )
            coef = _solve_svd(Xc, yc, alpha)
        coef = coef.astype(X.dtype, copy=False)
        if y.ndim == 1:
            coef = coef.ravel()
            y_offset = X.dtype.type(y_offset[0])
        self.coef_ = coef
        self.n_iter_ = None
        self.solver_ = solver
        self._set_intercept(X_offset, y_offset)


class Ridge(RegressorMixin, _BaseRidge):
    """Linear least squares with l2 regularization.

    Minimizes ``||y - Xw||^2_2 + alpha * ||w||^2_2``.

    Parameters
    ----------
    alpha : {float, ndarray of shape (n_targets,)}, default=1.0
        Regularization strength; one per target if an array.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    copy_X : bool, default=True
        If True, X is never modified.
    max_iter : int, default=None
        Maximum number of iterations for the iterative solvers.
    tol : float, default=1e-4
        Precision of the iterative solvers ("sparse_cg", "lsqr", "sag", "saga", "lbfgs").
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, \
            default="auto"
        "auto" is "cholesky" on dense data (through the Gram matrix, one pass over X),
        "sparse_cg" on sparse data, "lbfgs" when ``positive``.
    positive : bool, default=False
        Force non-negative coefficients (solver "lbfgs").
    random_state : int, RandomState instance or None, default=None
        Shuffling for "sag"/"saga".

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weight vector(s).
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term; 0.0 when ``fit_intercept=False``.
    n_iter_ : None or ndarray of shape (n_targets,)
        Iterations per target for "sag", "saga" and "lsqr"; None otherwise.
    solver_ : str
        The solver actually used.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import Ridge
    >>> rng = np.random.RandomState(0)
    >>> X, y = rng.randn(10, 5), rng.randn(10)
    >>> clf = Ridge(alpha=1.0).fit(X, y)
    >>> clf.coef_.shape
    (5,)
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        super().__init__(
            alpha=alpha,
            fit_intercept=fit_intercept,
            copy_X=copy_X,
            max_iter=max_iter,
            tol=tol,
            solver=solver,
            positive=positive,
            random_state=random_state,
        )

    def fit(self, X, y, sample_weight=None):
        """Fit the Ridge regression model.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or ndarray of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        # The dense Cholesky path checks finiteness on the Gram matrix (one pass fewer).
        defer_finite = (
            self.solver in ("auto", "cholesky") and not self.positive and not issparse(X)
        )
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=_get_valid_accept_sparse(issparse(X), self.solver),
            dtype=[np.float64, np.float32],
            multi_output=True,
            y_numeric=True,
            ensure_all_finite=not defer_finite,
        )
        if defer_finite and X.shape[0] < X.shape[1]:
            _check_finite_X(self, X)
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        return self._fit(X, y, sample_weight)

    def _expected_failed_checks(self):
        return {"check_non_transformer_estimators_n_iter": "n_iter_ is None for direct solvers."}

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = (self.solver != "svd") and (
            self.solver != "cholesky" or not self.fit_intercept
        )
        tags.target_tags.multi_output = True
        return tags


class _LabelBinarizer:
    """Minimal ``LabelBinarizer(pos_label=1, neg_label=-1)`` for the ridge classifiers."""

    def fit_transform(self, y):
        from ..utils.multiclass import type_of_target, unique_labels

        self.y_type_ = type_of_target(y, input_name="y")
        if self.y_type_ == "multiclass-multioutput" or self.y_type_ == "continuous-multioutput":
            raise ValueError("Multioutput target data is not supported with label binarization")
        if self.y_type_ in ("continuous", "unknown"):
            raise ValueError(f"Unknown label type: {self.y_type_}")
        if self.y_type_.startswith("multilabel"):
            y = np.asarray(y.toarray() if issparse(y) else y)
            self.classes_ = np.arange(y.shape[1])
            return np.where(y > 0, 1.0, -1.0)
        y = column_or_1d(y)
        self.classes_ = unique_labels(y)
        if len(self.classes_) == 1:
            return -np.ones((len(y), 1))
        idx = np.searchsorted(self.classes_, y)
        if len(self.classes_) == 2:
            return np.where(idx == 1, 1.0, -1.0).reshape(-1, 1)
        Y = -np.ones((len(y), len(self.classes_)))
        Y[np.arange(len(y)), idx] = 1.0
        return Y

    def inverse_transform(self, Y):
        return (Y > 0).astype(int)


class _RidgeClassifierMixin(LinearClassifierMixin):
    def _prepare_data(self, X, y, sample_weight, solver):
        from ..utils.class_weight import compute_sample_weight

        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=_get_valid_accept_sparse(issparse(X), solver),
            multi_output=True,
            y_numeric=False,
            dtype=[np.float64, np.float32],
        )
        self._label_binarizer = _LabelBinarizer()
        Y = self._label_binarizer.fit_transform(y).astype(X.dtype)
        self.classes_ = self._label_binarizer.classes_
        if not self._label_binarizer.y_type_.startswith("multilabel"):
            y = column_or_1d(y, warn=True)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if self.class_weight:
            sample_weight = sample_weight * compute_sample_weight(self.class_weight, y)
        return X, y, sample_weight, Y

    def predict(self, X):
        """Predict class labels for samples in X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Labels; an indicator matrix for multilabel problems.
        """
        check_is_fitted(self, attributes=["_label_binarizer"])
        if self._label_binarizer.y_type_.startswith("multilabel"):
            decision = self.decision_function(X)
            return self._label_binarizer.inverse_transform(decision)
        return super().predict(X)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.classifier_tags.multi_label = True
        return tags


class RidgeClassifier(_RidgeClassifierMixin, _BaseRidge):
    """Classifier using Ridge regression on {-1, 1} targets (one-vs-all for multiclass).

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    copy_X : bool, default=True
        If True, X is never modified.
    max_iter : int, default=None
        Maximum number of iterations of the iterative solvers.
    tol : float, default=1e-4
        Precision of the iterative solvers.
    class_weight : dict or "balanced", default=None
        Weights associated with classes.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, \
            default="auto"
        Solver, as in :class:`Ridge`.
    positive : bool, default=False
        Force non-negative coefficients.
    random_state : int, RandomState instance or None, default=None
        Shuffling for "sag"/"saga".

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Coefficients of the features in the decision function.
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    n_iter_ : None or ndarray of shape (n_targets,)
        Iterations per target (iterative solvers only).
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    solver_ : str
        The solver actually used.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import RidgeClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = RidgeClassifier().fit(X, y)
    >>> bool(clf.score(X, y) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **_BaseRidge._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        class_weight=None,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        super().__init__(
            alpha=alpha,
            fit_intercept=fit_intercept,
            copy_X=copy_X,
            max_iter=max_iter,
            tol=tol,
            solver=solver,
            positive=positive,
            random_state=random_state,
        )
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None):
        """Fit the Ridge classifier.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : ndarray of shape (n_samples,)
            Target values.
        sample_weight : float or ndarray of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X, y, sample_weight, Y = self._prepare_data(X, y, sample_weight, self.solver)
        return self._fit(X, Y, sample_weight)

    def _expected_failed_checks(self):
        return {"check_non_transformer_estimators_n_iter": "n_iter_ is None for direct solvers."}

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = (self.solver != "svd") and (
            self.solver != "cholesky" or not self.fit_intercept
        )
        return tags


# ---------------------------------------------------------------------------------------
# Leave-one-out cross-validation (generalized cross-validation)
# ---------------------------------------------------------------------------------------


def _check_gcv_mode(X, gcv_mode):
    if gcv_mode == "svd":
        if issparse(X):
            warnings.warn(
                "The 'svd' mode is not supported for sparse X, we fallback to "
                "`gcv_mode='eigen'`. Passing `gcv_mode='svd'` on sparse X will raise an error "
                "in 1.11, use the default or pass `gcv_mode='eigen'` to suppress this warning.",
                FutureWarning,
            )
        else:
            return "svd"
    n, p = X.shape
    return "gram" if n <= p else "cov"


def _decomp_diag(v_prime, Q):
    return np.sum(v_prime * Q**2, axis=1)


def _diag_dot(D, B):
    if len(B.shape) > 1:
        D = D[(slice(None),) + (None,) * (len(B.shape) - 1)]
    return D * B


class _RidgeGCV:
    """Efficient leave-one-out errors for every alpha from one decomposition."""

    def __init__(
        self,
        alphas,
        *,
        fit_intercept,
        scoring,
        gcv_mode,
        store_cv_results,
        is_clf,
        alpha_per_target,
    ):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.is_clf = is_clf
        self.alpha_per_target = alpha_per_target

    # -- decompositions --------------------------------------------------------------
    def _compute_gram(self, X, X_mean, sqrt_sw):
        center = self.fit_intercept and issparse(X)
        if not center:
            return safe_sparse_dot(X, X.T, dense_output=True)
        X_Xm = safe_sparse_dot(X, X_mean, dense_output=True)
        return (
            safe_sparse_dot(X, X.T, dense_output=True)
            - X_Xm[:, None] * sqrt_sw[None, :]
            - sqrt_sw[:, None] * X_Xm[None, :]
            + (X_mean @ X_mean) * sqrt_sw[:, None] * sqrt_sw[None, :]
        )

    def _compute_covariance(self, X, X_mean, sqrt_sw):
        center = self.fit_intercept and issparse(X)
        if not center:
            return np.asarray(safe_sparse_dot(X.T, X, dense_output=True))
        sw_sum = sqrt_sw @ sqrt_sw
        return np.asarray(safe_sparse_dot(X.T, X, dense_output=True)) - sw_sum * np.outer(
            X_mean, X_mean
        )

    def _sparse_multidot_diag(self, X, A, X_mean, sqrt_sw):
        XA = np.asarray(safe_sparse_dot(X, A, dense_output=True))
        if issparse(X):
            XAX = np.asarray(X.multiply(XA).sum(axis=1)).ravel()
        else:
            XAX = np.sum(XA * X, axis=1)
        if not (self.fit_intercept and issparse(X)):
            return XAX
        XA_Xm = XA @ X_mean
        A_Xm = A @ X_mean
        sw = sqrt_sw * sqrt_sw
        return XAX - 2 * sqrt_sw * XA_Xm + sw * (X_mean @ A_Xm)

    def _eigen_decompose_gram(self, X, X_mean, y, sqrt_sw):
        from scipy import linalg

        K = self._compute_gram(X, X_mean, sqrt_sw)
        eigvals, Q = linalg.eigh(K)
        return eigvals, Q, Q.T @ y, Q.T @ sqrt_sw, X.T, X_mean

    def _solve_eigen_gram(self, alpha, y, sqrt_sw, eigvals, Q, QT_y, QT_sqrt_sw, XT, X_mean):
        D = 1.0 / (eigvals + alpha)
        c = Q @ _diag_dot(D, QT_y)
        d = _decomp_diag(D, Q)
        if self.fit_intercept:
            sw_sum = sqrt_sw @ sqrt_sw
            Ginv_sqrt_sw = Q @ _diag_dot(D, QT_sqrt_sw)
            d -= Ginv_sqrt_sw * sqrt_sw / sw_sum
        if y.ndim == 2:
            d = d[:, None]
        XT_c = np.asarray(safe_sparse_dot(XT, c, dense_output=True))
        if self.fit_intercept and issparse(XT):
            if y.ndim == 2:
                XT_c -= X_mean[:, None] * (sqrt_sw @ c)
            else:
                XT_c -= X_mean * (sqrt_sw @ c)
        return c / d, XT_c

    def _eigen_decompose_covariance(self, X, X_mean, y, sqrt_sw):
        from scipy import linalg

        cov = self._compute_covariance(X, X_mean, sqrt_sw)
        eigvals, V = linalg.eigh(cov)
        XT_y = np.asarray(safe_sparse_dot(X.T, y, dense_output=True))
        XT_sqrt_sw = np.asarray(safe_sparse_dot(X.T, sqrt_sw, dense_output=True))
        if self.fit_intercept and issparse(X):
            if y.ndim == 2:
                XT_y -= X_mean[:, None] * (sqrt_sw @ y)
            else:
                XT_y -= X_mean * (sqrt_sw @ y)
            XT_sqrt_sw -= X_mean * (sqrt_sw @ sqrt_sw)
        return eigvals, V, X, X_mean, XT_y, XT_sqrt_sw

    def _solve_eigen_covariance(self, alpha, y, sqrt_sw, eigvals, V, X, X_mean, XT_y, XT_sqrt_sw):
        D = 1 / (eigvals + alpha)
        Hinv = (V * D) @ V.T
        Hinv_XT_y = Hinv @ XT_y
        Hinv_XT_sqrt_sw = Hinv @ XT_sqrt_sw
        X_Hinv_XT_y = np.asarray(safe_sparse_dot(X, Hinv_XT_y, dense_output=True))
        X_Hinv_XT_sqrt_sw = np.asarray(safe_sparse_dot(X, Hinv_XT_sqrt_sw, dense_output=True))
        if self.fit_intercept and issparse(X):
            if y.ndim == 2:
                X_Hinv_XT_y -= sqrt_sw[:, None] * (X_mean @ Hinv_XT_y)
            else:
                X_Hinv_XT_y -= sqrt_sw * (X_mean @ Hinv_XT_y)
            X_Hinv_XT_sqrt_sw -= sqrt_sw * (X_mean @ Hinv_XT_sqrt_sw)
        alpha_c = y - X_Hinv_XT_y
        alpha_d = 1 - self._sparse_multidot_diag(X, Hinv, X_mean, sqrt_sw)
        if self.fit_intercept:
            sw_sum = sqrt_sw @ sqrt_sw
            alpha_Ginv_sqrt_sw = sqrt_sw - X_Hinv_XT_sqrt_sw
            alpha_d -= alpha_Ginv_sqrt_sw * sqrt_sw / sw_sum
        if y.ndim == 2:
            alpha_d = alpha_d[:, None]
        return alpha_c / alpha_d, Hinv_XT_y

    def _svd_decompose_design_matrix(self, X, X_mean, y, sqrt_sw):
        from scipy import linalg

        U, singvals, VT = linalg.svd(X, full_matrices=False)
        return singvals, U, VT.T, U.T @ y, U.T @ sqrt_sw

    def _solve_svd_design_matrix(self, alpha, y, sqrt_sw, singvals, U, V, UT_y, UT_sqrt_sw):
        n_samples, n_features = U.shape[0], V.shape[0]
        if n_samples <= n_features:
            alpha_D = alpha / (singvals**2 + alpha)
            alpha_c = U @ _diag_dot(alpha_D, UT_y)
            alpha_d = _decomp_diag(alpha_D, U)
            if self.fit_intercept:
                sw_sum = sqrt_sw @ sqrt_sw
                alpha_Ginv_sqrt_sw = U @ _diag_dot(alpha_D, UT_sqrt_sw)
                alpha_d -= alpha_Ginv_sqrt_sw * sqrt_sw / sw_sum
        else:
            M = alpha / (singvals**2 + alpha) - 1
            alpha_c = U @ _diag_dot(M, UT_y) + y
            alpha_d = _decomp_diag(M, U) + 1
            if self.fit_intercept:
                sw_sum = sqrt_sw @ sqrt_sw
                alpha_Ginv_sqrt_sw = U @ _diag_dot(M, UT_sqrt_sw) + sqrt_sw
                alpha_d -= alpha_Ginv_sqrt_sw * sqrt_sw / sw_sum
        if y.ndim == 2:
            alpha_d = alpha_d[:, None]
        coef = V @ _diag_dot(singvals / (singvals**2 + alpha), UT_y)
        return alpha_c / alpha_d, coef

    def fit(self, X, y, sample_weight=None, score_params=None):
        """X, y validated float64 (sample_weight validated or None)."""
        original_dtype = X.dtype
        X = X.astype(np.float64, copy=False)
        y = np.asarray(y, dtype=np.float64)
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64)
        unscaled_y = y
        X, y, X_offset, y_offset, X_scale, sqrt_sw = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=True,
            sample_weight=sample_weight,
            check_input=False,
            rescale_with_sw=True,
        )
        gcv_mode = _check_gcv_mode(X, self.gcv_mode)
        n_samples = X.shape[0]
        if gcv_mode == "gram":
            decompose, solve = self._eigen_decompose_gram, self._solve_eigen_gram
        elif gcv_mode == "cov":
            decompose, solve = self._eigen_decompose_covariance, self._solve_eigen_covariance
        else:
            decompose, solve = self._svd_decompose_design_matrix, self._solve_svd_design_matrix
        if sqrt_sw is None:
            sqrt_sw = np.ones(n_samples, dtype=X.dtype)
        decomposition = decompose(X, X_offset, y, sqrt_sw)
        n_y = 1 if y.ndim == 1 else y.shape[1]
        alphas = np.atleast_1d(np.asarray(self.alphas, dtype=float)).ravel().tolist()
        n_alphas = len(alphas)
        if self.store_cv_results:
            self.cv_results_ = np.empty((n_samples * n_y, n_alphas), dtype=X.dtype)
        best_coef, best_score, best_alpha = None, None, None
        for i, alpha in enumerate(alphas):
            looe, coef = solve(float(alpha), y, sqrt_sw, *decomposition)
            if self.scoring is None:
                squared_errors = looe**2
                if self.alpha_per_target:
                    alpha_score = np.mean(-squared_errors, axis=0)
                else:
                    alpha_score = np.mean(-squared_errors)
                if self.store_cv_results:
                    self.cv_results_[:, i] = squared_errors.ravel()
            else:
                predictions = y - looe
                if sample_weight is not None:
                    if predictions.ndim > 1:
                        predictions /= sqrt_sw[:, None]
                    else:
                        predictions /= sqrt_sw
                predictions += y_offset
                if self.store_cv_results:
                    self.cv_results_[:, i] = predictions.ravel()
                alpha_score = self._score(
                    predictions=predictions,
                    y=unscaled_y,
                    n_y=n_y,
                    scorer=self.scoring,
                    score_params=score_params or {},
                )
            if best_score is None:
                if self.alpha_per_target and n_y > 1:
                    best_coef = coef
                    best_score = np.reshape(alpha_score, (-1,))
                    best_alpha = np.full(n_y, alpha)
                else:
                    best_coef, best_score, best_alpha = coef, alpha_score, alpha
            else:
                if self.alpha_per_target and n_y > 1:
                    to_update = alpha_score > best_score
                    best_coef[:, to_update] = coef[:, to_update]
                    best_score[to_update] = alpha_score[to_update]
                    best_alpha[to_update] = alpha
                elif alpha_score > best_score:
                    best_coef, best_score, best_alpha = coef, alpha_score, alpha
        self.alpha_ = best_alpha
        self.best_score_ = best_score
        self.coef_ = best_coef
        if y.ndim == 2:
            self.coef_ = self.coef_.T
        if y.ndim == 1 or y.shape[1] == 1:
            self.coef_ = self.coef_.ravel()
        if self.fit_intercept:
            if self.coef_.ndim == 1:
                self.intercept_ = y_offset - X_offset @ self.coef_
            else:
                self.intercept_ = y_offset - X_offset @ self.coef_.T
        else:
            self.intercept_ = 0.0
        if self.store_cv_results:
            shape = (n_samples, n_alphas) if y.ndim == 1 else (n_samples, n_y, n_alphas)
            self.cv_results_ = self.cv_results_.reshape(shape)
        if original_dtype.kind == "f":
            if not isinstance(self.intercept_, float):
                self.intercept_ = np.asarray(self.intercept_).astype(original_dtype)
                if self.intercept_.ndim == 0:
                    self.intercept_ = original_dtype.type(self.intercept_)
            self.coef_ = self.coef_.astype(original_dtype, copy=False)
            if self.store_cv_results:
                self.cv_results_ = self.cv_results_.astype(original_dtype, copy=False)
        return self

    def _score(self, *, predictions, y, n_y, scorer, score_params):
        if self.is_clf:
            return scorer(
                _IdentityClassifier(np.arange(n_y)),
                predictions,
                np.argmax(y, axis=1),
                **score_params,
            )
        if self.alpha_per_target:
            return np.asarray(
                [
                    scorer(_IdentityRegressor(), predictions[:, j], y[:, j], **score_params)
                    for j in range(n_y)
                ]
            )
        return scorer(_IdentityRegressor(), predictions, y, **score_params)


class _IdentityRegressor(RegressorMixin, BaseEstimator):
    """Fake regressor whose predictions are its input (for scoring LOO predictions)."""

    def decision_function(self, y_predict):
        return y_predict

    def predict(self, y_predict):
        return y_predict

    def fit(self, X, y):  # pragma: no cover - never fitted
        return self


class _IdentityClassifier(LinearClassifierMixin, BaseEstimator):
    """Fake classifier whose decision function is its input."""

    def __init__(self, classes):
        self.classes_ = classes

    def decision_function(self, y_predict):
        return y_predict

    def fit(self, X, y):  # pragma: no cover - never fitted
        return self


def _check_scoring(estimator, scoring):
    if scoring is None:
        return None
    if callable(scoring):
        return scoring
    from ..metrics import get_scorer

    return get_scorer(scoring)


class _BaseRidgeCV(LinearModel):
    _parameter_constraints: dict = {
        "alphas": ["array-like", Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "scoring": [str, callable, None],
        "cv": ["cv_object"],
        "gcv_mode": [StrOptions({"auto", "svd", "eigen"}), None],
        "store_cv_results": ["boolean"],
        "alpha_per_target": ["boolean"],
    }

    def __init__(
        self,
        alphas=(0.1, 1.0, 10.0),
        *,
        fit_intercept=True,
        scoring=None,
        cv=None,
        gcv_mode=None,
        store_cv_results=False,
        alpha_per_target=False,
    ):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def _fit_cv(self, X, y, sample_weight=None):
        from ..base import is_classifier

        cv = self.cv
        alphas = np.asarray(self.alphas, dtype=float)
        left_ok = cv is not None
        for index, alpha in enumerate(np.atleast_1d(np.asarray(self.alphas)).ravel()):
            name = f"alphas[{index}]" if alphas.ndim and alphas.size != 1 else "alphas"
            if not np.isfinite(alpha) or alpha < 0 or (alpha == 0 and not left_ok):
                bound = ">= 0.0" if left_ok else "> 0.0"
                raise ValueError(f"{name} == {alpha}, must be {bound}.")
        scorer = _check_scoring(self, self.scoring)
        if cv is None:
            estimator = _RidgeGCV(
                alphas,
                fit_intercept=self.fit_intercept,
                scoring=scorer,
                gcv_mode=self.gcv_mode,
                store_cv_results=self.store_cv_results,
                is_clf=is_classifier(self),
                alpha_per_target=self.alpha_per_target,
            )
            sw = {"sample_weight": sample_weight} if sample_weight is not None else {}
            estimator.fit(X, y, sample_weight=sample_weight, score_params=sw)
            self.alpha_ = estimator.alpha_
            self.best_score_ = estimator.best_score_
            if self.store_cv_results:
                self.cv_results_ = estimator.cv_results_
        else:
            if self.store_cv_results:
                raise ValueError("cv!=None and store_cv_results=True are incompatible")
            if self.alpha_per_target:
                raise ValueError("cv!=None and alpha_per_target=True are incompatible")
            from ..model_selection import GridSearchCV

            solver = "sparse_cg" if issparse(X) else "auto"
            model = RidgeClassifier if is_classifier(self) else Ridge
            estimator = model(fit_intercept=self.fit_intercept, solver=solver)
            grid_search = GridSearchCV(
                estimator, {"alpha": np.atleast_1d(alphas)}, cv=cv, scoring=self.scoring
            )
            params = {"sample_weight": sample_weight} if sample_weight is not None else {}
            grid_search.fit(X, y, **params)
            estimator = grid_search.best_estimator_
            self.alpha_ = grid_search.best_estimator_.alpha
            self.best_score_ = grid_search.best_score_
        self.coef_ = estimator.coef_
        self.intercept_ = estimator.intercept_
        return self


class RidgeCV(RegressorMixin, MetaEstimatorMixin, _BaseRidgeCV):
    """Ridge regression with built-in cross-validation (efficient leave-one-out by default).

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Regularization strengths to try.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    scoring : str or callable, default=None
        Scorer; None uses the mean squared leave-one-out error (negated) with ``cv=None``
        and R^2 otherwise.
    cv : int, cross-validation generator or iterable, default=None
        None: efficient leave-one-out (generalized cross-validation); otherwise a
        :class:`~aiguille.model_selection.GridSearchCV` over ``alphas``.
    gcv_mode : {"auto", "svd", "eigen"}, default=None
        Decomposition for leave-one-out: "svd" of X, or "eigen" of ``X X^T`` (when
        ``n_samples <= n_features``) or of ``X^T X`` (otherwise); None/"auto" picks "eigen".
    store_cv_results : bool, default=False
        Store the leave-one-out errors (or predictions) in ``cv_results_`` (``cv=None`` only).
    alpha_per_target : bool, default=False
        Choose alpha per target (``cv=None`` only).

    Attributes
    ----------
    cv_results_ : ndarray of shape (n_samples, n_alphas) or (n_samples, n_targets, n_alphas)
        Leave-one-out squared errors (or predictions with a ``scoring``), when
        ``store_cv_results``.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weight vector(s).
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    alpha_ : float or ndarray of shape (n_targets,)
        Selected regularization strength.
    best_score_ : float or ndarray of shape (n_targets,)
        Score of the selected alpha.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import RidgeCV
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(100, 5)
    >>> y = X @ rng.randn(5) + 0.1 * rng.randn(100)
    >>> reg = RidgeCV(alphas=[1e-3, 1e-2, 1e-1, 1]).fit(X, y)
    >>> float(reg.alpha_)
    0.01
    """

    def fit(self, X, y, sample_weight=None, **params):
        """Fit Ridge regression with cross-validation.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or ndarray of shape (n_samples,), default=None
            Individual weights for each sample.
        **params : dict
            Unused (metadata routing is not supported).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc", "coo"],
            dtype=[np.float64, np.float32],
            multi_output=True,
            y_numeric=True,
        )
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        return self._fit_cv(X, y, sample_weight)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags


class RidgeClassifierCV(_RidgeClassifierMixin, _BaseRidgeCV):
    """Ridge classifier with built-in cross-validation (efficient leave-one-out by default).

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Regularization strengths to try.
    fit_intercept : bool, default=True
        Whether to fit the intercept.
    scoring : str or callable, default=None
        Scorer; None uses the mean squared leave-one-out error with ``cv=None``.
    cv : int, cross-validation generator or iterable, default=None
        None: efficient leave-one-out; otherwise a grid search over ``alphas``.
    class_weight : dict or "balanced", default=None
        Weights associated with classes.
    store_cv_results : bool, default=False
        Store the leave-one-out values in ``cv_results_`` (``cv=None`` only).

    Attributes
    ----------
    cv_results_ : ndarray of shape (n_samples, n_targets, n_alphas)
        Leave-one-out values, when ``store_cv_results``.
    coef_ : ndarray of shape (1, n_features) or (n_targets, n_features)
        Coefficients of the features in the decision function.
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    alpha_ : float
        Selected regularization strength.
    best_score_ : float
        Score of the selected alpha.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.datasets import load_digits
    >>> from aiguille.linear_model import RidgeClassifierCV
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = RidgeClassifierCV(alphas=[1e-3, 1e-2, 1e-1, 1]).fit(X, y)
    >>> bool(clf.score(X, y) > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **_BaseRidgeCV._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }
    for _param in ("gcv_mode", "alpha_per_target"):
        _parameter_constraints.pop(_param)
    del _param

    def __init__(
        self,
        alphas=(0.1, 1.0, 10.0),
        *,
        fit_intercept=True,
        scoring=None,
        cv=None,
        class_weight=None,
        store_cv_results=False,
    ):
        super().__init__(
            alphas=alphas,
            fit_intercept=fit_intercept,
            scoring=scoring,
            cv=cv,
            store_cv_results=store_cv_results,
        )
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the Ridge classifier with cross-validation.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Training vectors.
        y : ndarray of shape (n_samples,)
            Target values.
        sample_weight : float or ndarray of shape (n_samples,), default=None
            Individual weights for each sample.
        **params : dict
            Unused (metadata routing is not supported).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X, y, sample_weight, Y = self._prepare_data(X, y, sample_weight, solver="eigen")
        target = Y if self.cv is None else y
        return self._fit_cv(X, target, sample_weight)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        return tags
