"""Multi-task lasso and elastic net: block coordinate descent with an L1/L2 (group) penalty.

The model minimises, over ``W`` of shape (n_tasks, n_features),
``1/(2 n) ||Y - X W^T||_F^2 + alpha l1_ratio ||W||_21 + alpha (1 - l1_ratio)/2 ||W||_F^2``
where ``||W||_21 = sum_j ||W[:, j]||_2``: a feature is used by every task or by none.

The solver is a numba kernel that follows scikit-learn's
``enet_coordinate_descent_multi_task`` (``_cd_fast.pyx``): a pass over the active features
with the group soft-thresholding step ``W[:, j] = tmp max(1 - alpha/||tmp||, 0)/(||X_j||^2
+ beta)``, the duality gap computed when the largest update is small relative to the
largest coefficient (or at the last iteration), stop when ``gap <= tol ||Y||_F^2``, and
gap-safe screening of features. The kernel (``_multi_task_kernels``) is imported on first
use, so that importing ``aiguille.linear_model`` loads no numba.
"""

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
from ._coordinate_descent import _MESSAGE_CONV, _MESSAGE_RIDGE, _RAND_R_MAX

__all__ = ["MultiTaskElasticNet", "MultiTaskLasso"]


def _kernel():
    """The compiled kernel (``_multi_task_kernels``), imported on first use."""
    from ._multi_task_kernels import enet_cd_multi_task

    return enet_cd_multi_task


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
