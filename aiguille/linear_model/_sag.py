"""SAG and SAGA solvers for Ridge and LogisticRegression (a thin driver over one kernel).

Schmidt, Le Roux and Bach (2013), "Minimizing finite sums with the stochastic average
gradient" (arXiv 1309.2388), and Defazio, Bach and Lacoste-Julien (2014), "SAGA"
(arXiv 1407.0202). Semantics, step sizes, stopping rule and warm-start memory are
scikit-learn's ``sklearn/linear_model/_sag.py``.
"""

import warnings

import numpy as np

from ..exceptions import ConvergenceWarning
from ..utils.extmath import row_norms
from ..utils.validation import _check_sample_weight, check_array, check_random_state, issparse

__all__ = ["get_auto_step_size", "sag_solver"]

# one registry: loss name -> kernel code
_SAG_LOSSES = {"log": 0, "squared": 1, "multinomial": 2}
SPARSE_INTERCEPT_DECAY = 0.01


def get_auto_step_size(
    max_squared_sum, alpha_scaled, loss, fit_intercept, n_samples=None, is_saga=False
):
    """Automatic step size of the SAG / SAGA solvers.

    ``1 / (L + ...)`` where ``L`` is the Lipschitz constant of the loss gradient bounded by
    the maximum squared row norm (plus 1 for the intercept).

    Parameters
    ----------
    max_squared_sum : float
        Maximum squared sum of X over samples.
    alpha_scaled : float
        L2 penalty divided by the number of samples.
    loss : {'log', 'squared', 'multinomial'}
    fit_intercept : bool
    n_samples : int, default=None
        Number of rows (used by SAGA).
    is_saga : bool, default=False

    Returns
    -------
    step_size : float

    Examples
    --------
    >>> from aiguille.linear_model._sag import get_auto_step_size
    >>> round(get_auto_step_size(3.0, 0.0, "log", True), 6)
    1.0
    """
    if loss in ("log", "multinomial"):
        L = 0.25 * (max_squared_sum + int(fit_intercept)) + alpha_scaled
    elif loss == "squared":
        L = max_squared_sum + int(fit_intercept) + alpha_scaled
    else:
        raise ValueError(
            f"Unknown loss function for SAG solver, got {loss} instead of 'log' or 'squared'"
        )
    if is_saga:
        mun = min(2 * n_samples * alpha_scaled, L)
        return 1.0 / (2 * L + mun)
    return 1.0 / L


def sag_solver(
    X,
    y,
    sample_weight=None,
    loss="log",
    alpha=1.0,
    beta=0.0,
    max_iter=1000,
    tol=0.001,
    verbose=0,
    random_state=None,
    check_input=True,
    max_squared_sum=None,
    warm_start_mem=None,
    is_saga=False,
):
    """SAG / SAGA solver for the L2 (and, with SAGA, L1) penalized log and squared losses.

    Minimizes ``sum_i sw_i loss(y_i, x_i w + b) / n + alpha / (2 n) ||w||^2 + beta / n ||w||_1``
    (the alphas are divided by ``n_samples`` here, as in scikit-learn). One compiled kernel
    runs the epochs; dense rows are read contiguously, sparse CSR rows use just-in-time
    updates through cumulative sums.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Training data (float64 or float32; CSR for sparse).
    y : ndarray of shape (n_samples,)
        Targets: in {0, 1} for ``loss='log'``, label-encoded classes for ``'multinomial'``.
    sample_weight : array-like of shape (n_samples,), default=None
    loss : {'log', 'squared', 'multinomial'}, default='log'
    alpha : float, default=1.0
        L2 penalty ``0.5 * alpha * ||W||^2``.
    beta : float, default=0.0
        L1 penalty ``beta * ||W||_1`` (SAGA only).
    max_iter : int, default=1000
        Maximum number of passes over the data.
    tol : float, default=0.001
        Stop when ``max |change of w| / max |w| <= tol`` after an epoch.
    verbose : int, default=0
    random_state : int, RandomState instance or None, default=None
        Seeds the sample selection (one seed drawn for the kernel).
    check_input : bool, default=True
    max_squared_sum : float, default=None
        Maximum squared row norm of X (computed when None).
    warm_start_mem : dict, default=None
        ``coef`` (with the intercept as last row when fitted), ``gradient_memory``,
        ``sum_gradient``, ``intercept_sum_gradient``, ``seen``, ``num_seen``.
    is_saga : bool, default=False

    Returns
    -------
    coef_ : ndarray of shape (n_features,) or (n_classes, n_features + fit_intercept)
        For ``'multinomial'`` the transposed weight matrix, intercepts in the last column.
    n_iter_ : int
        Number of epochs run.
    warm_start_mem : dict
        The state to warm-start another call.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model._sag import sag_solver
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(50, 3)
    >>> y = X @ np.array([1.0, -2.0, 0.5])
    >>> coef, n_iter, _ = sag_solver(X, y, loss="squared", alpha=1e-8, tol=1e-8,
    ...                              random_state=0)
    >>> np.round(coef, 3)
    array([ 1. , -2. ,  0.5])
    """
    from ._sag_kernels import _sag_csr, _sag_dense

    if warm_start_mem is None:
        warm_start_mem = {}
    if max_iter is None:
        max_iter = 1000
    if check_input:
        dtypes = [np.float64, np.float32]
        X = check_array(X, dtype=dtypes, accept_sparse="csr", order="C")
        y = check_array(y, dtype=dtypes, ensure_2d=False, order="C")
    if loss not in _SAG_LOSSES:
        raise ValueError(
            f"Invalid loss parameter: got {loss} instead of one of "
            "('log', 'squared', 'multinomial')"
        )
    n_samples, n_features = X.shape
    dtype = X.dtype
    alpha_scaled = float(alpha) / n_samples
    beta_scaled = float(beta) / n_samples
    n_classes = int(y.max()) + 1 if loss == "multinomial" else 1
    sample_weight = _check_sample_weight(sample_weight, X, dtype=dtype)

    def _get(key, default):
        return warm_start_mem[key] if key in warm_start_mem else default()

    coef_init = _get("coef", lambda: np.zeros((n_features, n_classes), dtype=dtype, order="C"))
    coef_init = np.ascontiguousarray(coef_init, dtype=dtype)
    fit_intercept = coef_init.shape[0] == n_features + 1
    if fit_intercept:
        intercept_init = np.ascontiguousarray(coef_init[-1, :])
        coef_init = np.ascontiguousarray(coef_init[:-1, :])
    else:
        intercept_init = np.zeros(n_classes, dtype=dtype)
    intercept_sum_gradient = np.ascontiguousarray(
        _get("intercept_sum_gradient", lambda: np.zeros(n_classes, dtype=dtype)), dtype=dtype
    )
    gradient_memory = np.ascontiguousarray(
        _get("gradient_memory", lambda: np.zeros((n_samples, n_classes), dtype=dtype)),
        dtype=dtype,
    )
    sum_gradient = np.ascontiguousarray(
        _get("sum_gradient", lambda: np.zeros((n_features, n_classes), dtype=dtype)),
        dtype=dtype,
    )
    seen = np.ascontiguousarray(
        _get("seen", lambda: np.zeros(n_samples, dtype=np.int32)), dtype=np.int32
    )
    num_seen = int(warm_start_mem.get("num_seen", 0))

    rng = check_random_state(random_state)
    high = np.iinfo(np.int32).max
    if isinstance(rng, np.random.Generator):
        seed = int(rng.integers(1, high))
    else:
        seed = int(rng.randint(1, high))
    sparse = issparse(X)
    intercept_decay = SPARSE_INTERCEPT_DECAY if sparse else 1.0

    if max_squared_sum is None:
        max_squared_sum = float(row_norms(X, squared=True).max())
    step_size = get_auto_step_size(
        max_squared_sum, alpha_scaled, loss, fit_intercept, n_samples=n_samples, is_saga=is_saga
    )
    if step_size * alpha_scaled == 1:
        raise ZeroDivisionError(
            "Current sag implementation does not handle the case step_size * alpha_scaled == 1"
        )
    fparams = np.array([step_size, alpha_scaled, beta_scaled, float(tol), intercept_decay])
    iparams = np.array(
        [int(max_iter), _SAG_LOSSES[loss], int(fit_intercept), int(is_saga), seed, num_seen],
        dtype=np.int64,
    )
    y = np.ascontiguousarray(y, dtype=dtype)
    sample_weight = np.ascontiguousarray(sample_weight, dtype=dtype)
    if sparse:
        X = X.tocsr() if X.format != "csr" else X
        if not X.has_sorted_indices:
            X = X.sorted_indices()
        num_seen, n_iter_, status = _sag_csr(
            np.ascontiguousarray(X.data),
            np.ascontiguousarray(X.indices, dtype=np.int32),
            np.ascontiguousarray(X.indptr, dtype=np.int64),
            y,
            sample_weight,
            coef_init,
            intercept_init,
            sum_gradient,
            gradient_memory,
            seen,
            intercept_sum_gradient,
            fparams,
            iparams,
        )
    else:
        num_seen, n_iter_, status = _sag_dense(
            np.ascontiguousarray(X),
            y,
            sample_weight,
            coef_init,
            intercept_init,
            sum_gradient,
            gradient_memory,
            seen,
            intercept_sum_gradient,
            fparams,
            iparams,
        )
    if status == -1:
        raise ValueError(
            f"Floating-point under-/overflow occurred at epoch #{n_iter_}. Scaling input data "
            "with StandardScaler or MinMaxScaler might help."
        )
    if verbose:
        print(f"convergence after {n_iter_} epochs")
    if n_iter_ == max_iter:
        warnings.warn(
            "The max_iter was reached which means the coef_ did not converge",
            ConvergenceWarning,
            stacklevel=2,
        )
    if fit_intercept:
        coef_init = np.vstack((coef_init, intercept_init))
    warm_start_mem = {
        "coef": coef_init,
        "sum_gradient": sum_gradient,
        "intercept_sum_gradient": intercept_sum_gradient,
        "gradient_memory": gradient_memory,
        "seen": seen,
        "num_seen": num_seen,
    }
    coef_ = coef_init.T if loss == "multinomial" else coef_init[:, 0]
    return coef_, n_iter_, warm_start_mem
