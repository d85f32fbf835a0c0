"""Truncated SVD (latent semantic analysis): no centring, so sparse input stays sparse."""

import copy
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import randomized_svd, safe_sparse_dot, svd_flip
from ..utils.validation import (
    check_array,
    check_is_fitted,
    check_random_state,
    issparse,
    validate_data,
)
from ._base import _centered_total_variance
from ._pca import _randomized_gram_svd, _use_gram_range_finder

__all__ = ["TruncatedSVD"]


def _column_variance_sum(X):
    """Sum of the column variances of X (dense or sparse), without an n x d temporary."""
    if issparse(X):
        mean = np.asarray(X.mean(axis=0)).ravel()
        sq = np.asarray(X.multiply(X).mean(axis=0)).ravel()
        return float(np.sum(sq - mean**2))
    return _centered_total_variance(X, X.mean(axis=0), ddof=0) if X.shape[0] else 0.0


class TruncatedSVD(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Dimensionality reduction by truncated SVD, without centring the data.

    Works on sparse matrices (term counts, tf-idf) as they are.

    Parameters
    ----------
    n_components : int, default=2
    algorithm : {"arpack", "randomized"}, default="randomized"
    n_iter : int, default=5
        Power iterations of the randomized solver.
    n_oversamples : int, default=10
    power_iteration_normalizer : {"auto", "QR", "LU", "none"}, default="auto"
    random_state : int, RandomState instance or None, default=None
    tol : float, default=0.0
        Tolerance of arpack.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
    explained_variance_ : ndarray of shape (n_components,)
    explained_variance_ratio_ : ndarray of shape (n_components,)
    singular_values_ : ndarray of shape (n_components,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.sparse import random as sparse_random
    >>> from aiguille.decomposition import TruncatedSVD
    >>> X = sparse_random(100, 50, density=0.05, random_state=42, format="csr")
    >>> svd = TruncatedSVD(n_components=5, random_state=42).fit(X)
    >>> svd.transform(X).shape
    (100, 5)
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"arpack", "randomized"})],
        "n_iter": [Interval(Integral, 0, None, closed="left")],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "OR", "QR", "LU", "none"})],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_components=2,
        *,
        algorithm="randomized",
        n_iter=5,
        n_oversamples=10,
        power_iteration_normalizer="auto",
        random_state=None,
        tol=0.0,
    ):
        self.n_components = n_components
        self.algorithm = algorithm
        self.n_iter = n_iter
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state
        self.tol = tol

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def fit(self, X, y=None):
        """Fit on X.

        Returns
        -------
        self : TruncatedSVD
        """
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit on X and return its reduced form.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        self._validate_params()
        X = validate_data(self, X, accept_sparse=["csr", "csc"], ensure_min_features=2)
        random_state = check_random_state(self.random_state)
        if self.algorithm == "arpack":
            from scipy.sparse.linalg import svds

            v0 = random_state.uniform(-1, 1, size=min(X.shape))
            U, Sigma, VT = svds(X, k=self.n_components, tol=self.tol, v0=v0)
            Sigma = Sigma[::-1]
            U, VT = svd_flip(U[:, ::-1], VT[::-1], u_based_decision=False)
        else:
            if self.n_components > X.shape[1]:
                raise ValueError(
                    f"n_components({self.n_components}) must be <= n_features({X.shape[1]})."
                )
            gram = None
            normalizer = self.power_iteration_normalizer
            n_random = self.n_components + self.n_oversamples
            if _use_gram_range_finder(X, n_random, self.n_iter, normalizer):
                # the power iterations on X^T X (as PCA's randomized solver); on a
                # fallback the direct method must draw the same random numbers
                rng_state = copy.deepcopy(random_state)
                gram = _randomized_gram_svd(
                    X, None, self.n_components, self.n_oversamples, self.n_iter, random_state
                )
                if gram is None:
                    random_state = rng_state
            if gram is not None:
                Sigma, VT, _ = gram
            else:
                _, Sigma, VT = randomized_svd(
                    X,
                    self.n_components,
                    n_iter=self.n_iter,
                    n_oversamples=self.n_oversamples,
                    power_iteration_normalizer=normalizer,
                    random_state=random_state,
                    flip_sign=False,
                )
            _, VT = svd_flip(None, VT, u_based_decision=False)
        self.components_ = VT
        if self.algorithm == "randomized" or self.tol > 0:
            X_transformed = np.asarray(safe_sparse_dot(X, VT.T))
        else:
            X_transformed = U * Sigma
        self.explained_variance_ = exp_var = np.var(X_transformed, axis=0)
        self.explained_variance_ratio_ = exp_var / _column_variance_sum(X)
        self.singular_values_ = Sigma
        return X_transformed

    def transform(self, X):
        """Reduce X to ``n_components`` dimensions.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=["csr", "csc"], reset=False)
        return np.asarray(safe_sparse_dot(X, self.components_.T))

    def inverse_transform(self, X):
        """Map reduced data back to the original space.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        X = check_array(X)
        return X @ self.components_

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
