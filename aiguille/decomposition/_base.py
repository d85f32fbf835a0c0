"""Shared parts of the PCA family: projection, reconstruction, the generative model."""

import numpy as np

from ..base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from ..utils.validation import check_array, check_is_fitted, issparse, validate_data


class _CenteredOperator:
    """``X - mean`` as a linear operator, without materialising the centred copy.

    ``(X - 1 m^T) @ Q = X @ Q - 1 (m^T Q)`` and ``P^T (X - 1 m^T) = P^T X - (P^T 1) m^T``:
    each product costs one pass over X plus a rank-one correction, so randomized SVD on
    centred data reads X but never writes an n x d copy (and works for sparse X).
    """

    __array_ufunc__ = None  # make ``ndarray @ op`` call ``op.__rmatmul__``
    ndim = 2

    def __init__(self, X, mean, transposed=False):
        self.X, self.mean, self.transposed = X, mean, transposed
        self.dtype = X.dtype
        self.shape = X.shape[::-1] if transposed else X.shape

    @property
    def T(self):
        return _CenteredOperator(self.X, self.mean, not self.transposed)

    def __matmul__(self, Q):
        if self.transposed:  # (X - 1 m^T)^T Q = X^T Q - m (1^T Q)
            out = self.X.T @ Q
            out -= np.multiply.outer(self.mean, Q.sum(axis=0))
        else:
            out = self.X @ Q
            out -= self.mean @ Q
        return np.asarray(out)

    def __rmatmul__(self, P):
        if self.transposed:  # P (X^T - m 1^T) = (X P^T)^T - (P m) 1^T
            out = (self.X @ P.T).T
            out = out - np.outer(P @ self.mean, np.ones(self.shape[1], dtype=self.dtype))
        else:  # P (X - 1 m^T) = P X - (P 1) m^T
            out = np.asarray(P @ self.X)
            out -= np.outer(P.sum(axis=1), self.mean)
        return np.asarray(out)


def _centered_total_variance(X, mean, ddof=1):
    """Sum over features of the variance of X about ``mean``, in bounded memory."""
    from ..utils._chunking import gen_batches, get_chunk_n_rows

    n_samples = X.shape[0]
    if issparse(X):
        Xs = X.tocsr()
        sq = np.asarray(Xs.multiply(Xs).sum(axis=0)).ravel()
        col_sum = np.asarray(Xs.sum(axis=0)).ravel()
        ss = sq - 2 * mean * col_sum + n_samples * mean**2
        return float(ss.sum() / (n_samples - ddof))
    total = 0.0
    rows = get_chunk_n_rows(X.shape[1] * X.itemsize * 2, max_n_rows=n_samples)
    for sl in gen_batches(n_samples, rows):
        block = X[sl] - mean
        total += float(np.einsum("ij,ij->", block, block))
    return total / (n_samples - ddof)


class _BasePCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """``transform``, ``inverse_transform``, ``get_covariance``, ``get_precision``."""

    def get_covariance(self):
        """Data covariance from the generative model.

        ``cov = components_.T * (S**2 - sigma2) * components_ + sigma2 * eye(n_features)``

        Returns
        -------
        cov : ndarray of shape (n_features, n_features)
        """
        components = self.components_
        exp_var = self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(exp_var[:, np.newaxis])
        exp_var_diff = np.where(exp_var > self.noise_variance_, exp_var - self.noise_variance_, 0)
        cov = (components.T * exp_var_diff) @ components
        cov.flat[:: len(cov) + 1] += self.noise_variance_
        return cov

    def get_precision(self):
        """Data precision matrix from the generative model (matrix inversion lemma).

        Returns
        -------
        precision : ndarray of shape (n_features, n_features)
        """
        from scipy import linalg

        n_features = self.components_.shape[1]
        if self.n_components_ == 0:
            return np.eye(n_features) / self.noise_variance_
        if self.noise_variance_ == 0.0:
            return linalg.inv(self.get_covariance())
        components = self.components_
        exp_var = self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(exp_var[:, np.newaxis])
        exp_var_diff = np.where(exp_var > self.noise_variance_, exp_var - self.noise_variance_, 0)
        precision = components @ components.T / self.noise_variance_
        precision.flat[:: len(precision) + 1] += 1.0 / exp_var_diff
        precision = components.T @ linalg.inv(precision) @ components
        precision /= -(self.noise_variance_**2)
        precision.flat[:: len(precision) + 1] += 1.0 / self.noise_variance_
        return precision

    def transform(self, X):
        """Project X on the principal components.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, dtype=[np.float64, np.float32], accept_sparse=("csr", "csc"), reset=False
        )
        return self._transform(X)

    def _transform(self, X, x_is_centered=False):
        X_transformed = np.asarray(X @ self.components_.T)
        if not x_is_centered:
            # Centre after projecting: no copy of X, and sparse X stays sparse.
            X_transformed -= self.mean_.reshape(1, -1) @ self.components_.T
        if self.whiten:
            scale = np.sqrt(self.explained_variance_)
            scale[scale < np.finfo(scale.dtype).eps] = np.finfo(scale.dtype).eps
            X_transformed /= scale
        return X_transformed

    def inverse_transform(self, X):
        """Map projected data back to the original space.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components)

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = check_array(X, input_name="X", dtype=[np.float64, np.float32])
        if self.whiten:
            scaled = np.sqrt(self.explained_variance_[:, np.newaxis]) * self.components_
            return X @ scaled + self.mean_
        return X @ self.components_ + self.mean_

    @property
    def _n_features_out(self):
        return self.components_.shape[0]
