"""FastICA: independent component analysis by fixed-point iteration (Hyvarinen and Oja, 2000).

The data are centred and whitened by PCA, then an orthogonal unmixing matrix is found that
makes the projections as non-Gaussian as possible (a negentropy approximation through a
contrast function G). "parallel" updates all the rows at once and decorrelates them
symmetrically; "deflation" extracts one row after another, Gram-Schmidt against the
previous ones. All the work is BLAS products on (n_components, n_samples) blocks.
The whitening, initial draws and update order are scikit-learn's, so the same
``random_state`` gives the same sources, with the same signs and order.
"""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, Options, StrOptions, validate_params
from ..utils.validation import check_array, check_is_fitted, check_random_state, validate_data

__all__ = ["FastICA", "fastica"]


# -- contrast functions: each returns G'(x) and the mean of G''(x) along the last axis --


def _logcosh(x, fun_args=None):
    alpha = fun_args.get("alpha", 1.0)
    x *= alpha
    gx = np.tanh(x, x)  # in place
    if x.ndim == 1:
        return gx, alpha * (1 - gx**2)
    # row by row: no second array of the size of x
    g_x = np.empty(x.shape[0], dtype=x.dtype)
    for i, gx_i in enumerate(gx):
        g_x[i] = (alpha * (1 - gx_i**2)).mean()
    return gx, g_x


def _exp(x, fun_args):
    exp = np.exp(-(x**2) / 2)
    gx = x * exp
    g_x = (1 - x**2) * exp
    return gx, g_x.mean(axis=-1)


def _cube(x, fun_args):
    return x**3, (3 * x**2).mean(axis=-1)


_CONTRASTS = {"logcosh": _logcosh, "exp": _exp, "cube": _cube}


class _UserContrast:
    """A user's ``fun(x, **fun_args)`` in the ``g(x, fun_args)`` form (picklable)."""

    def __init__(self, fun):
        self.fun = fun

    def __call__(self, x, fun_args):
        return self.fun(x, **fun_args)


# -- the fixed-point iterations ------------------------------------------------------------


def _sym_decorrelation(W):
    """``(W W^T)^{-1/2} W``: the nearest matrix with orthonormal rows."""
    from scipy import linalg

    s, u = linalg.eigh(np.dot(W, W.T))
    # clip rounding negatives (sqrt(tiny) > tiny, so no division by zero either)
    s = np.clip(s, a_min=np.finfo(W.dtype).tiny, a_max=None)
    return np.linalg.multi_dot([u * (1.0 / np.sqrt(s)), u.T, W])


def _gs_decorrelation(w, W, j):
    """Remove from w, in place, its projection on the first j (orthonormal) rows of W."""
    w -= np.linalg.multi_dot([w, W[:j].T, W[:j]])
    return w


def _ica_def(X, tol, g, fun_args, max_iter, w_init):
    """Deflation: one unmixing row after another. Returns W and the largest n_iter."""
    n_components = w_init.shape[0]
    W = np.zeros((n_components, n_components), dtype=X.dtype)
    n_iter = []
    for j in range(n_components):
        w = w_init[j, :].copy()
        w /= np.sqrt((w**2).sum())
        it = 0
        for _ in range(max_iter):
            it += 1
            gwtx, g_wtx = g(np.dot(w.T, X), fun_args)
            w1 = (X * gwtx).mean(axis=1) - g_wtx.mean() * w
            _gs_decorrelation(w1, W, j)
            w1 /= np.sqrt((w1**2).sum())
            lim = np.abs(np.abs((w1 * w).sum()) - 1)
            w = w1
            if lim < tol:
                break
        n_iter.append(it)
        W[j, :] = w
    return W, max(n_iter)


def _ica_par(X, tol, g, fun_args, max_iter, w_init):
    """Parallel (symmetric) FastICA. Returns W and the number of iterations."""
    W = _sym_decorrelation(w_init)
    p_ = float(X.shape[1])
    n_iter = 0
    for _ in range(max_iter):
        n_iter += 1
        gwtx, g_wtx = g(np.dot(W, X), fun_args)
        W1 = _sym_decorrelation(np.dot(gwtx, X.T) / p_ - g_wtx[:, np.newaxis] * W)
        del gwtx, g_wtx
        # largest change of direction of a row: |<w1_i, w_i>| - 1
        lim = max(abs(abs(np.einsum("ij,ij->i", W1, W)) - 1))
        W = W1
        if lim < tol:
            break
    else:
        warnings.warn(
            "FastICA did not converge. Consider increasing tolerance or the maximum "
            "number of iterations.",
            ConvergenceWarning,
            stacklevel=4,
        )
    return W, n_iter


# -- the estimator -------------------------------------------------------------------------


def _left_singular(XT, n_components):
    """Left singular vectors and singular values of the wide XT (n_features x n_samples).

    For n_samples >= 2 n_features, through the R factor of the QR of ``XT.T``: with
    ``XT.T = Q R`` and ``R = U_R S V_R^T``, ``XT = V_R S (Q U_R)^T``, so XT's left singular
    vectors are R's right ones. The same u and d as ``svd(XT)`` to machine precision
    (up to signs), without the n_features x n_samples right factor that svd forms.

    The caller fixes each vector's sign by its first entry. Where that entry of a kept
    vector is at rounding level (a constant first feature), the sign is rounding noise:
    then ``svd(XT)`` itself runs, for scikit-learn's noise.
    """
    from scipy import linalg

    from ._pca import _householder_r

    n_features, n_samples = XT.shape
    if n_samples >= 2 * n_features:
        R = _householder_r(np.array(XT.T, order="F"))
        _, d, vt = linalg.svd(R, full_matrices=False, check_finite=False)
        if np.all(np.abs(vt[:n_components, 0]) > 1e-8):
            return np.ascontiguousarray(vt.T), d
    u, d = linalg.svd(XT, full_matrices=False, check_finite=False)[:2]
    return u, d


class FastICA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Independent component analysis by the FastICA algorithm.

    Models X as ``S A^T + mean`` with independent, non-Gaussian sources S, and estimates
    the unmixing ``components_`` (so that ``transform(X)`` gives S) and the mixing
    matrix ``mixing_`` (A).

    Parameters
    ----------
    n_components : int, default=None
        Number of sources (None: ``min(n_samples, n_features)``).
    algorithm : {"parallel", "deflation"}, default="parallel"
        All unmixing rows at once, or one after another.
    whiten : {"unit-variance", "arbitrary-variance"} or False, default="unit-variance"
        "unit-variance": whiten, and scale the sources to unit variance;
        "arbitrary-variance": whiten only; False: X is taken as already white (and
        ``n_components`` is ignored).
    fun : {"logcosh", "exp", "cube"} or callable, default="logcosh"
        Derivative G' of the contrast function, with the mean of G'' along the last axis:
        a callable ``fun(x, **fun_args)`` returns that pair.
    fun_args : dict, default=None
        Arguments of ``fun``; "logcosh" takes ``alpha`` in [1, 2] (default 1.0).
    max_iter : int, default=200
    tol : float, default=1e-4
        Stop when every unmixing row changes direction by less than this.
    w_init : array-like of shape (n_components, n_components), default=None
        Initial unmixing matrix (default: standard normal draws).
    whiten_solver : {"svd", "eigh"}, default="svd"
        SVD of the centred data, or eigendecomposition of its Gram matrix (faster when
        ``n_samples >> n_features``, less accurate when degenerate).
    random_state : int, RandomState instance or None, default=None
        Draws ``w_init`` when it is not given.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        Unmixing matrix applied to the centred data.
    mixing_ : ndarray of shape (n_features, n_components)
        Pseudo-inverse of ``components_``.
    mean_ : ndarray of shape (n_features,)
        Mean of the features (only when whitening).
    whitening_ : ndarray of shape (n_components, n_features)
        PCA whitening matrix (only when whitening).
    n_iter_ : int
        Iterations run (for "deflation": the most over the components).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import FastICA
    >>> rng = np.random.RandomState(0)
    >>> S = np.c_[np.sign(np.sin(np.linspace(0, 40, 500))), rng.laplace(size=500)]
    >>> X = S @ np.array([[1.0, 0.5], [0.4, 1.0]]).T
    >>> ica = FastICA(n_components=2, random_state=0)
    >>> S_est = ica.fit_transform(X)
    >>> S_est.shape, ica.mixing_.shape
    ((500, 2), (2, 2))
    >>> corr = np.abs(np.corrcoef(S.T, S_est.T)[:2, 2:])
    >>> bool(np.all(corr.max(axis=1) > 0.99))
    True
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "algorithm": [StrOptions({"parallel", "deflation"})],
        "whiten": [StrOptions({"arbitrary-variance", "unit-variance"}), Options(bool, {False})],
        "fun": [StrOptions({"logcosh", "exp", "cube"}), callable],
        "fun_args": [dict, None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0.0, None, closed="left")],
        "w_init": ["array-like", None],
        "whiten_solver": [StrOptions({"eigh", "svd"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_components=None,
        *,
        algorithm="parallel",
        whiten="unit-variance",
        fun="logcosh",
        fun_args=None,
        max_iter=200,
        tol=1e-4,
        w_init=None,
        whiten_solver="svd",
        random_state=None,
    ):
        self.n_components = n_components
        self.algorithm = algorithm
        self.whiten = whiten
        self.fun = fun
        self.fun_args = fun_args
        self.max_iter = max_iter
        self.tol = tol
        self.w_init = w_init
        self.whiten_solver = whiten_solver
        self.random_state = random_state

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _fit_transform(self, X, compute_sources=False):
        """Fit; return the sources (or None). Fitted attributes are set only at the end."""
        from scipy import linalg

        self._validate_params()
        XT = validate_data(
            self,
            X,
            copy=bool(self.whiten),
            dtype=[np.float64, np.float32],
            ensure_min_samples=2,
        ).T
        fun_args = {} if self.fun_args is None else self.fun_args
        random_state = check_random_state(self.random_state)
        alpha = fun_args.get("alpha", 1.0)
        if not 1 <= alpha <= 2:
            raise ValueError("alpha must be in [1,2]")
        g = _CONTRASTS[self.fun] if isinstance(self.fun, str) else _UserContrast(self.fun)

        n_features, n_samples = XT.shape
        n_components = self.n_components
        if not self.whiten and n_components is not None:
            n_components = None
            warnings.warn("Ignoring n_components with whiten=False.", UserWarning, stacklevel=3)
        if n_components is None:
            n_components = min(n_samples, n_features)
        if n_components > min(n_samples, n_features):
            n_components = min(n_samples, n_features)
            warnings.warn(
                f"n_components is too large: it will be set to {n_components}",
                UserWarning,
                stacklevel=3,
            )

        if self.whiten:
            X_mean = XT.mean(axis=-1)
            XT -= X_mean[:, np.newaxis]
            if self.whiten_solver == "eigh":
                d, u = linalg.eigh(XT.dot(XT.T))
                sort_indices = np.argsort(d)[::-1]
                eps = np.finfo(d.dtype).eps * 10
                degenerate_idx = d < eps
                if np.any(degenerate_idx):
                    warnings.warn(
                        "There are some small singular values, using whiten_solver = 'svd' "
                        "might lead to more accurate results.",
                        UserWarning,
                        stacklevel=3,
                    )
                d[degenerate_idx] = eps
                np.sqrt(d, out=d)
                d, u = d[sort_indices], u[:, sort_indices]
            else:
                u, d = _left_singular(XT, n_components)
            u *= np.sign(u[0])  # the same eigenvectors from both solvers
            K = (u / d).T[:n_components]
            del u, d
            X1 = np.dot(K, XT)
            X1 *= np.sqrt(n_samples)  # white: unit covariance
        else:
            X1 = XT

        w_init = self.w_init
        if w_init is None:
            w_init = np.asarray(
                random_state.normal(size=(n_components, n_components)), dtype=X1.dtype
            )
        else:
            w_init = np.asarray(w_init)
            if w_init.shape != (n_components, n_components):
                raise ValueError(
                    f"w_init has invalid shape -- should be {(n_components, n_components)}"
                )

        solve = _ica_par if self.algorithm == "parallel" else _ica_def
        W, n_iter = solve(
            X1, tol=self.tol, g=g, fun_args=fun_args, max_iter=self.max_iter, w_init=w_init
        )
        del X1

        S = None
        if compute_sources:
            S = np.linalg.multi_dot([W, K, XT]).T if self.whiten else np.dot(W, XT).T
        if self.whiten:
            if self.whiten == "unit-variance":
                if S is None:
                    S = np.linalg.multi_dot([W, K, XT]).T
                S_std = np.std(S, axis=0, keepdims=True)
                S /= S_std
                W /= S_std.T
            self.components_ = np.dot(W, K)
            self.mean_ = X_mean
            self.whitening_ = K
        else:
            self.components_ = W
        self.mixing_ = linalg.pinv(self.components_, check_finite=False)
        self._unmixing = W
        self.n_iter_ = n_iter
        return S

    def fit(self, X, y=None):
        """Fit the model to X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        self : FastICA
        """
        self._fit_transform(X, compute_sources=False)
        return self

    def fit_transform(self, X, y=None):
        """Fit the model and return the sources of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        return self._fit_transform(X, compute_sources=True)

    def transform(self, X, copy=True):
        """Recover the sources of X (apply the unmixing matrix).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        copy : bool, default=True
            If False, X may be centred in place.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            copy=bool(copy and self.whiten),
            dtype=[np.float64, np.float32],
            reset=False,
        )
        if self.whiten:
            X -= self.mean_
        return np.dot(X, self.components_.T)

    def inverse_transform(self, X, copy=True):
        """Mix sources back into the data space (apply the mixing matrix).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components)
        copy : bool, default=True
            Kept for scikit-learn's signature; the result is always a new array.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = check_array(X, copy=bool(copy and self.whiten), dtype=[np.float64, np.float32])
        X = np.dot(X, self.mixing_.T)
        if self.whiten:
            X += self.mean_
        return X

    @property
    def _n_features_out(self):
        return self.components_.shape[0]

    @classmethod
    def _test_instances(cls):
        return [cls(max_iter=5)]


@validate_params(
    {
        "X": ["array-like"],
        "return_X_mean": ["boolean"],
        "compute_sources": ["boolean"],
        "return_n_iter": ["boolean"],
    }
)
def fastica(
    X,
    n_components=None,
    *,
    algorithm="parallel",
    whiten="unit-variance",
    fun="logcosh",
    fun_args=None,
    max_iter=200,
    tol=1e-04,
    w_init=None,
    whiten_solver="svd",
    random_state=None,
    return_X_mean=False,
    compute_sources=True,
    return_n_iter=False,
):
    """FastICA as a function (see :class:`FastICA`).

    Returns
    -------
    K : ndarray of shape (n_components, n_features) or None
        Whitening matrix (None when ``whiten=False``).
    W : ndarray of shape (n_components, n_components)
        Unmixing matrix of the whitened data.
    S : ndarray of shape (n_samples, n_components) or None
        Sources (None when ``compute_sources=False`` and ``whiten`` is not
        "unit-variance").
    X_mean : ndarray of shape (n_features,) or None
        Only with ``return_X_mean=True``.
    n_iter : int
        Only with ``return_n_iter=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import fastica
    >>> X = np.random.RandomState(0).laplace(size=(200, 3)) @ np.eye(3, 3)
    >>> K, W, S = fastica(X, n_components=2, random_state=0)
    >>> K.shape, W.shape, S.shape
    ((2, 3), (2, 2), (200, 2))
    """
    est = FastICA(
        n_components=n_components,
        algorithm=algorithm,
        whiten=whiten,
        fun=fun,
        fun_args=fun_args,
        max_iter=max_iter,
        tol=tol,
        w_init=w_init,
        whiten_solver=whiten_solver,
        random_state=random_state,
    )
    S = est._fit_transform(X, compute_sources=compute_sources)
    if est.whiten in ["unit-variance", "arbitrary-variance"]:
        K, X_mean = est.whitening_, est.mean_
    else:
        K, X_mean = None, None
    returned = [K, est._unmixing, S]
    if return_X_mean:
        returned.append(X_mean)
    if return_n_iter:
        returned.append(est.n_iter_)
    return returned
