"""Generalized linear models: shared base classes, data preprocessing and ``LinearRegression``.

``LinearRegression`` solves ordinary least squares on dense data through the normal
equations: one chunked BLAS pass computes ``X^T X`` and ``X^T y`` (no copy of X, centering
applied analytically to the Gram matrix), then a Cholesky solve. When the Gram matrix is
rank deficient or ill conditioned (relative to ``tol``) it falls back to the minimum-norm
least-squares solution (``scipy.linalg.lstsq``, gelsd), exactly as scikit-learn does.
"""

from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..utils._param_validation import Interval
from ..utils.extmath import gram, safe_sparse_dot
from ..utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    issparse,
    validate_data,
)

__all__ = [
    "LinearModel",
    "LinearClassifierMixin",
    "LinearRegression",
    "SparseCoefMixin",
]


def _check_finite_X(estimator, X):
    """Raise scikit-learn's "Input X contains NaN/infinity" error for a non-finite X."""
    from ..utils.validation import _assert_all_finite

    _assert_all_finite(X, allow_nan=False, estimator_name=type(estimator).__name__, input_name="X")


def _weighted_mean(X, sample_weight=None):
    """Column means of X (dense or sparse), weighted by ``sample_weight`` if given."""
    if issparse(X):
        if sample_weight is None:
            return np.asarray(X.mean(axis=0)).ravel().astype(X.dtype, copy=False)
        sw = np.asarray(sample_weight, dtype=X.dtype)
        return (np.asarray(X.T @ sw).ravel() / sw.sum()).astype(X.dtype, copy=False)
    if sample_weight is None:
        return np.mean(X, axis=0, dtype=X.dtype if X.dtype.kind == "f" else None)
    sw = np.asarray(sample_weight)
    return (sw @ X) / sw.sum()


def _preprocess_data(
    X,
    y,
    *,
    fit_intercept,
    copy=True,
    sample_weight=None,
    check_input=True,
    rescale_with_sw=True,
):
    """Center X and y (weighted) when fitting an intercept, and rescale by sqrt weights.

    Same contract as scikit-learn's ``sklearn.linear_model._base._preprocess_data``.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    fit_intercept : bool
        Whether to center. Dense X is centered (in place unless ``copy``); sparse X is
        not centered, only its mean is returned.
    copy : bool, default=True
        Copy X before modifying it.
    sample_weight : ndarray of shape (n_samples,) or None
    check_input : bool, default=True
        Validate X (float dtype, csr/csc) and y.
    rescale_with_sw : bool, default=True
        Multiply rows of X and y by ``sqrt(sample_weight)``.

    Returns
    -------
    X_out : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y_out : ndarray of shape (n_samples,) or (n_samples, n_targets)
        Centered copy of y.
    X_offset : ndarray of shape (n_features,)
        Weighted column means of X (zeros without intercept).
    y_offset : float or ndarray of shape (n_targets,)
    X_scale : ndarray of shape (n_features,)
        Ones (kept for compatibility).
    sample_weight_sqrt : ndarray of shape (n_samples,) or None
    """
    from ..utils.validation import check_array

    n_features = X.shape[1]
    if check_input:
        X = check_array(X, copy=copy, accept_sparse=["csr", "csc"], dtype=[np.float64, np.float32])
        y = check_array(y, dtype=X.dtype, copy=True, ensure_2d=False)
    else:
        y = np.array(y, dtype=X.dtype, copy=True)
        if copy:
            X = X.copy()
    X_sparse = issparse(X)

    if fit_intercept:
        X_offset = np.asarray(_weighted_mean(X, sample_weight), dtype=X.dtype)
        if not X_sparse:
            X -= X_offset
        y_offset = np.asarray(_weighted_mean(y, sample_weight), dtype=X.dtype)
        if y.ndim == 1:
            y_offset = X.dtype.type(y_offset)
        y -= y_offset
    else:
        X_offset = np.zeros(n_features, dtype=X.dtype)
        if y.ndim == 1:
            y_offset = X.dtype.type(0.0)
        else:
            y_offset = np.zeros(y.shape[1], dtype=X.dtype)

    X_scale = np.ones(n_features, dtype=X.dtype)
    if sample_weight is not None and rescale_with_sw:
        X, y, sample_weight_sqrt = _rescale_data(X, y, sample_weight, inplace=True)
    else:
        sample_weight_sqrt = None
    return X, y, X_offset, y_offset, X_scale, sample_weight_sqrt


def _rescale_data(X, y, sample_weight, inplace=False):
    """Rescale rows of X and y by ``sqrt(sample_weight)``.

    ``(y - X w)^T S (y - X w)`` becomes ``||y_r - X_r w||^2`` with ``X_r = sqrt(S) X``.
    ``inplace`` only applies to dense X and y.

    Returns
    -------
    X_rescaled : {ndarray, sparse matrix}
    y_rescaled : ndarray
    sample_weight_sqrt : ndarray of shape (n_samples,)
    """
    sample_weight_sqrt = np.sqrt(np.asarray(sample_weight))
    if issparse(X):
        import scipy.sparse as sp

        n = X.shape[0]
        D = sp.dia_array((sample_weight_sqrt[None, :], [0]), shape=(n, n))
        X = sp.csr_matrix(D @ X) if sp.isspmatrix(X) else (D @ X).tocsr()
    elif inplace:
        X *= sample_weight_sqrt[:, None]
    else:
        X = X * sample_weight_sqrt[:, None]
    if y.ndim == 1:
        y = y.__imul__(sample_weight_sqrt) if inplace else y * sample_weight_sqrt
    else:
        y = y.__imul__(sample_weight_sqrt[:, None]) if inplace else y * sample_weight_sqrt[:, None]
    return X, y, sample_weight_sqrt


class LinearModel(BaseEstimator):
    """Base class for linear models: ``predict = X @ coef_.T + intercept_``."""

    def _decision_function(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc", "coo"], reset=False)
        coef_ = self.coef_
        if coef_.ndim == 1:
            return safe_sparse_dot(X, coef_, dense_output=True) + self.intercept_
        return safe_sparse_dot(X, coef_.T, dense_output=True) + self.intercept_

    def predict(self, X):
        """Predict using the linear model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        C : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values.
        """
        return self._decision_function(X)

    def _set_intercept(self, X_offset, y_offset, X_scale=None):
        """Set ``intercept_`` from the offsets removed by ``_preprocess_data``."""
        if self.fit_intercept:
            self.coef_ = np.asarray(self.coef_).astype(X_offset.dtype, copy=False)
            if X_scale is not None:
                self.coef_ = np.divide(self.coef_, X_scale)
            if self.coef_.ndim == 1:
                self.intercept_ = y_offset - X_offset @ self.coef_
            else:
                self.intercept_ = y_offset - X_offset @ self.coef_.T
        else:
            self.intercept_ = 0.0

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        return tags


class LinearClassifierMixin(ClassifierMixin):
    """Mixin for linear classifiers: ``decision_function``, ``predict``, OvR probabilities."""

    def decision_function(self, X):
        """Confidence scores: signed distances to the hyperplanes.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            In the binary case, the score of ``classes_[1]`` (> 0 predicts it).
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        coef_T = self.coef_.T if self.coef_.ndim == 2 else self.coef_
        scores = safe_sparse_dot(X, coef_T, dense_output=True) + self.intercept_
        if scores.ndim > 1 and scores.shape[1] == 1:
            return scores.reshape(-1)
        return scores

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            indices = (scores > 0).astype(np.intp)
        else:
            indices = scores.argmax(axis=1)
        return np.take(self.classes_, indices, axis=0)

    def _predict_proba_lr(self, X):
        """OvR probabilities: logistic of the decision function, normalized over classes."""
        from scipy.special import expit

        prob = self.decision_function(X)
        expit(prob, out=prob)
        if prob.ndim == 1:
            return np.vstack([1 - prob, prob]).T
        prob_sum = prob.sum(axis=1)
        all_zero = prob_sum == 0
        if np.any(all_zero):
            prob[all_zero, :] = 1
            prob_sum[all_zero] = prob.shape[1]
        prob /= prob_sum.reshape((prob.shape[0], -1))
        return prob


class SparseCoefMixin:
    """``densify``/``sparsify`` of ``coef_`` for L1-regularized models."""

    def densify(self):
        """Convert ``coef_`` (back) to a dense ndarray.

        Returns
        -------
        self : estimator instance
        """
        msg = "Estimator, %(name)s, must be fitted before densifying."
        check_is_fitted(self, msg=msg)
        if issparse(self.coef_):
            self.coef_ = self.coef_.toarray()
        return self

    def sparsify(self):
        """Convert ``coef_`` to a scipy.sparse CSR matrix.

        Returns
        -------
        self : estimator instance
        """
        import scipy.sparse as sp

        msg = "Estimator, %(name)s, must be fitted before sparsifying."
        check_is_fitted(self, msg=msg)
        self.coef_ = sp.csr_matrix(self.coef_)
        return self


# ---------------------------------------------------------------------------------------
# Normal equations without copying X
# ---------------------------------------------------------------------------------------


def _chunk_rows(n_samples, n_features, itemsize):
    """Rows per chunk so that a temporary chunk stays within working memory."""
    from ..utils._chunking import get_chunk_n_rows

    return max(1, get_chunk_n_rows(row_bytes=max(1, n_features) * itemsize, max_n_rows=n_samples))


def _gram_xy(X, y, sample_weight=None, fit_intercept=True):
    """Centered (weighted) Gram matrix ``Xc^T W Xc`` and ``Xc^T W yc`` without copying X.

    X is never copied or modified. Without weights, ``X^T X`` and ``X^T [y, 1]`` come
    from one pass over X (:func:`~aiguille.utils.extmath.gram`: BLAS syrk on row chunks,
    one range of rows per thread) and the centering is applied analytically when that is
    numerically safe; otherwise (weights, or means large against the spread) one chunk of rows at a
    time is centered and weighted in a temporary sized by the working memory, and
    ``T^T T`` is accumulated with BLAS.

    Returns
    -------
    G : ndarray of shape (n_features, n_features)
    Xy : ndarray of shape (n_features,) or (n_features, n_targets)
    X_offset : ndarray of shape (n_features,)
    y_offset : float or ndarray of shape (n_targets,)
    """
    n_samples, n_features = X.shape
    dtype = X.dtype
    if sample_weight is None:
        # One pass over X without any copy: X^T X and X^T [y, 1], which gives X^T y and
        # the column sums together; the centering is then applied
        # analytically: Xc^T Xc = X^T X - n m m^T. That subtraction loses about
        # eps * max_j(m_j^2 / var_j) relative precision, so columns whose mean is large
        # against their spread fall back to centering chunk by chunk below.
        y2 = y.reshape(n_samples, -1)
        if fit_intercept:
            Y1 = np.empty((n_samples, y2.shape[1] + 1), dtype=dtype)
            Y1[:, :-1] = y2
            Y1[:, -1] = 1.0
            with np.errstate(invalid="ignore", over="ignore"):
                G, XtY1 = gram(X, Y1)
            Xy = XtY1[:, :-1].reshape((n_features,) + y.shape[1:])
            X_offset = XtY1[:, -1] / n_samples
            y_offset = np.asarray(y.mean(axis=0), dtype=dtype)
        else:
            with np.errstate(invalid="ignore", over="ignore"):
                G, Xy = gram(X, y)
            y_offset = np.zeros(y.shape[1:], dtype=dtype)
            X_offset = np.zeros(n_features, dtype=dtype)
            return G, Xy, X_offset, y_offset[()] if y.ndim == 1 else y_offset
        diag = np.diag(G) / n_samples
        if not np.isfinite(diag).all():  # NaN or inf in X: the caller raises
            return G, Xy, X_offset, y_offset
        var = diag - X_offset**2
        tiny = np.finfo(dtype).tiny
        ratio = np.max(X_offset**2 / np.maximum(var, tiny)) if n_features else 0.0
        y2 = y.reshape(n_samples, -1)
        y_var = np.einsum("ij,ij->j", y2, y2) / n_samples - np.ravel(y_offset) ** 2
        ratio_y = np.max(np.ravel(y_offset) ** 2 / np.maximum(y_var, tiny))
        if ratio < 1e2 and ratio_y < 1e4:
            G -= n_samples * np.outer(X_offset, X_offset)
            Xy -= n_samples * (np.outer(X_offset, y_offset) if y.ndim > 1 else X_offset * y_offset)
            G = 0.5 * (G + G.T)
            if y.ndim == 1:
                y_offset = dtype.type(y_offset)
            return G, Xy, X_offset, y_offset
    elif fit_intercept:
        X_offset = np.asarray(_weighted_mean(X, sample_weight), dtype=dtype)
        y_offset = np.asarray(_weighted_mean(y, sample_weight), dtype=dtype)
    else:
        X_offset = np.zeros(n_features, dtype=dtype)
        y_offset = np.zeros(y.shape[1:], dtype=dtype)
    G = np.zeros((n_features, n_features), dtype=dtype)
    Xy = np.zeros((n_features,) + y.shape[1:], dtype=dtype)
    sw_sqrt = None if sample_weight is None else np.sqrt(sample_weight).astype(dtype)
    step = _chunk_rows(n_samples, n_features + 1, dtype.itemsize)
    for start in range(0, n_samples, step):
        sl = slice(start, min(start + step, n_samples))
        T = X[sl] - X_offset if fit_intercept else X[sl] * 1
        yc = y[sl] - y_offset
        if sw_sqrt is not None:
            T *= sw_sqrt[sl, None]
            yc *= sw_sqrt[sl] if yc.ndim == 1 else sw_sqrt[sl, None]
        G += T.T @ T
        Xy += T.T @ yc
    if y.ndim == 1:
        y_offset = dtype.type(y_offset)
    return G, Xy, X_offset, y_offset


class LinearRegression(RegressorMixin, LinearModel):
    """Ordinary least squares linear regression.

    Minimizes ``||y - X w - b||^2`` (weighted by ``sample_weight``). Dense data is solved
    from the normal equations (one BLAS pass over X, then a Cholesky factorization of
    the Gram matrix), falling back to the minimum-norm least-squares solution when X is
    rank deficient or ill conditioned; sparse data uses ``scipy.sparse.linalg.lsqr``;
    ``positive=True`` uses ``scipy.optimize.nnls``.

    Parameters
    ----------
    fit_intercept : bool, default=True
        Whether to fit an intercept (otherwise the data are assumed centered).
    copy_X : bool, default=True
        If True, X is never modified. (The dense solver never modifies X anyway.)
    tol : float, default=1e-6
        Relative cutoff on singular values (``cond`` of ``scipy.linalg.lstsq``) on
        dense data, ``atol``/``btol`` of ``lsqr`` on sparse data.
    n_jobs : int, default=None
        Number of jobs for multi-target sparse or positive problems.
    positive : bool, default=False
        Force the coefficients to be non-negative (dense data only).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Estimated coefficients.
    rank_ : int
        Rank of the (centered, weighted) matrix X. Only for dense X. Computed as the
        number of singular values above ``tol * singular_[0]``.
    singular_ : ndarray of shape (min(n_samples, n_features),)
        Singular values of the (centered, weighted) X in decreasing order. Only for
        dense X. With the normal equations they are the square roots of the
        eigenvalues of the Gram matrix (accurate down to about ``1e-8 * singular_[0]``).
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term; 0.0 when ``fit_intercept=False``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when they are all strings.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.linear_model import LinearRegression
    >>> X = np.array([[1, 1], [1, 2], [2, 2], [2, 3]])
    >>> y = np.dot(X, np.array([1, 2])) + 3
    >>> reg = LinearRegression().fit(X, y)
    >>> reg.coef_.round(6)
    array([1., 2.])
    >>> float(round(reg.intercept_, 6))
    3.0
    >>> reg.predict(np.array([[3, 5]])).round(6)
    array([16.])
    """

    _parameter_constraints: dict = {
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "n_jobs": [None, Integral],
        "positive": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None, positive=False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X, y, sample_weight=None):
        """Fit the linear model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values, cast to X's dtype.
        sample_weight : array-like of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        accept_sparse = False if self.positive else ["csr", "csc", "coo"]
        # On the dense normal-equations path the finiteness check of X is deferred to
        # the Gram matrix (a NaN or inf in X makes its diagonal non-finite): one pass
        # over X fewer. The error raised is the same.
        defer_finite = not self.positive and not issparse(X)
        X, y = validate_data(
            self,
            X,
            y,
            accept_sparse=accept_sparse,
            y_numeric=True,
            multi_output=True,
            dtype=[np.float64, np.float32],
            ensure_all_finite=not defer_finite,
        )
        y = np.asarray(y, dtype=X.dtype)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=X.dtype, ensure_non_negative=True
            )
        if self.positive:
            self._fit_positive(X, y, sample_weight)
        elif issparse(X):
            self._fit_sparse(X, y, sample_weight)
        else:
            self._fit_dense(X, y, sample_weight)
        return self

    # -- solvers --------------------------------------------------------------------------
    def _fit_dense(self, X, y, sample_weight):
        from scipy import linalg

        n_samples, n_features = X.shape
        X = np.ascontiguousarray(X) if not X.flags.f_contiguous else X
        G, Xy, X_offset, y_offset = _gram_xy(X, y, sample_weight, self.fit_intercept)
        if not (np.isfinite(G).all() and np.isfinite(Xy).all()):
            _check_finite_X(self, X)
            coef, rank, singular = self._lstsq_dense(X, y, sample_weight)  # overflow
            self.coef_ = coef.T if coef.ndim == 2 else coef
            self.rank_, self.singular_ = rank, singular
            self._set_intercept(X_offset, np.asarray(y_offset, dtype=X.dtype))
            return
        # Singular values of the centered, weighted X from the Gram eigenvalues.
        w = linalg.eigh(G, eigvals_only=True, check_finite=False)[::-1]
        w = np.clip(w, 0, None)
        sv_all = np.sqrt(w)
        k = min(n_samples, n_features)
        singular = sv_all[:k].astype(X.dtype, copy=False)
        smax = singular[0] if k else 0.0
        rank = int(np.sum(singular > self.tol * smax)) if smax > 0 else 0
        # Normal equations square the condition number: trust them only when X is well
        # conditioned (in its own precision), otherwise solve the least-squares problem.
        eps = np.finfo(X.dtype).eps
        smin = singular[-1] if k else 0.0
        cond_ok = (
            rank == n_features
            and n_samples >= n_features
            and smax > 0
            and (smin / smax) > max(self.tol, np.sqrt(eps) * 1e2)
        )
        coef = None
        if cond_ok:
            try:
                c, low = linalg.cho_factor(G, lower=False, check_finite=False)
                coef = linalg.cho_solve((c, low), Xy, check_finite=False)
            except linalg.LinAlgError:
                coef = None
        if coef is None:
            coef, rank, singular = self._lstsq_dense(X, y, sample_weight)
        coef = np.asarray(coef, dtype=X.dtype)
        self.coef_ = coef.T if coef.ndim == 2 else coef
        self.rank_ = rank
        self.singular_ = singular
        self._set_intercept(X_offset, np.asarray(y_offset, dtype=X.dtype))

    def _lstsq_dense(self, X, y, sample_weight):
        """Minimum-norm least squares (gelsd), as scikit-learn (needs a centered copy)."""
        from scipy import linalg

        Xc, yc, _, _, _, _ = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=True,
            sample_weight=sample_weight,
            check_input=False,
        )
        coef, _, rank, singular = linalg.lstsq(Xc, yc, cond=self.tol)
        return coef, int(rank), np.asarray(singular, dtype=X.dtype)

    def _fit_sparse(self, X, y, sample_weight):
        from scipy.sparse.linalg import LinearOperator, lsqr

        X, y, X_offset, y_offset, _, sw_sqrt = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=False,
            sample_weight=sample_weight,
            check_input=False,
        )
        if sw_sqrt is not None:

            def matvec(b):
                return X.dot(b) - sw_sqrt * b.dot(X_offset)

            def rmatvec(b):
                return X.T.dot(b) - X_offset * b.dot(sw_sqrt)

        else:

            def matvec(b):
                return X.dot(b) - b.dot(X_offset)

            def rmatvec(b):
                return X.T.dot(b) - X_offset * b.sum()

        Xc = LinearOperator(shape=X.shape, matvec=matvec, rmatvec=rmatvec, dtype=X.dtype)
        if y.ndim < 2:
            coef = lsqr(Xc, y, atol=self.tol, btol=self.tol)[0]
        else:
            coef = np.vstack(
                [
                    lsqr(Xc, np.ascontiguousarray(y[:, j]), atol=self.tol, btol=self.tol)[0]
                    for j in range(y.shape[1])
                ]
            )
        self.coef_ = np.asarray(coef, dtype=X.dtype)
        for attr in ("rank_", "singular_"):
            if hasattr(self, attr):
                delattr(self, attr)
        self._set_intercept(X_offset, np.asarray(y_offset, dtype=X.dtype))

    def _fit_positive(self, X, y, sample_weight):
        from scipy import optimize

        X, y, X_offset, y_offset, _, _ = _preprocess_data(
            X,
            y,
            fit_intercept=self.fit_intercept,
            copy=True,
            sample_weight=sample_weight,
            check_input=False,
        )
        if y.ndim < 2:
            coef = optimize.nnls(X, y)[0]
        else:
            coef = np.vstack([optimize.nnls(X, y[:, j])[0] for j in range(y.shape[1])])
        self.coef_ = np.asarray(coef, dtype=X.dtype)
        for attr in ("rank_", "singular_"):
            if hasattr(self, attr):
                delattr(self, attr)
        self._set_intercept(X_offset, np.asarray(y_offset, dtype=X.dtype))

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = not self.positive
        tags.target_tags.multi_output = True
        return tags
