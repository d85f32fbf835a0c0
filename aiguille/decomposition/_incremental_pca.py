"""Incremental PCA: PCA in mini-batches, for data larger than memory."""

from collections import deque
from numbers import Integral

import numpy as np

from ..utils._chunking import gen_batches
from ..utils._param_validation import Interval
from ..utils.extmath import (
    _incremental_mean_and_var,
    blas_single_thread,
    blas_threads,
    svd_flip,
)
from ..utils.validation import check_is_fitted, issparse, validate_data
from ._base import _BasePCA
from ._pca import _householder_r, _svd_s_vt

__all__ = ["IncrementalPCA"]


def _dense(X):
    return X.toarray() if issparse(X) else X


def _batch_factor(X):
    """The centred batch, or for a batch of at least twice as many rows as features the
    R factor of its QR: stacked with the previous components, either has the SVD of the
    stacked centred batch (Q is orthogonal), and R has only n_features rows."""
    X = _dense(X)
    A = np.empty(X.shape, dtype=X.dtype, order="F")
    np.subtract(X, np.mean(X, axis=0), out=A)
    return _householder_r(A) if A.shape[0] >= 2 * A.shape[1] else A


class IncrementalPCA(_BasePCA):
    """PCA fitted one batch at a time (Ross et al., 2008), with constant memory.

    Each ``partial_fit`` updates the mean and variance incrementally and takes the SVD of
    the previous components stacked on the new centred batch and a mean correction row.

    Parameters
    ----------
    n_components : int or None, default=None
    whiten : bool, default=False
    copy : bool, default=True
        Accepted for scikit-learn compatibility: X is never overwritten, so no copy of
        it is made either way.
    batch_size : int or None, default=None
        Rows per batch in ``fit``; ``5 * n_features`` when None.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
    explained_variance_ : ndarray of shape (n_components,)
    explained_variance_ratio_ : ndarray of shape (n_components,)
    singular_values_ : ndarray of shape (n_components,)
    mean_ : ndarray of shape (n_features,)
    var_ : ndarray of shape (n_features,)
    noise_variance_ : float
    n_components_ : int
    n_samples_seen_ : int
    batch_size_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.decomposition import IncrementalPCA
    >>> X = np.random.RandomState(0).normal(size=(100, 5))
    >>> ipca = IncrementalPCA(n_components=2, batch_size=20).fit(X)
    >>> ipca.transform(X).shape
    (100, 2)
    """

    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "whiten": ["boolean"],
        "copy": ["boolean"],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(self, n_components=None, *, whiten=False, copy=True, batch_size=None):
        self.n_components = n_components
        self.whiten = whiten
        self.copy = copy
        self.batch_size = batch_size

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Fit on X in batches of ``batch_size`` rows (sparse batches are densified one at
        a time).

        Returns
        -------
        self : IncrementalPCA
        """
        self._validate_params()
        for attr in ("components_", "n_samples_seen_", "mean_", "var_"):
            self.__dict__.pop(attr, None)
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc", "lil"],
            dtype=[np.float64, np.float32],
        )
        n_samples, n_features = X.shape
        self.batch_size_ = 5 * n_features if self.batch_size is None else self.batch_size
        batches = list(
            gen_batches(n_samples, self.batch_size_, min_batch_size=self.n_components or 0)
        )
        if len(batches) < 3 or blas_threads() < 2:
            for batch in batches:
                self._partial_fit(_dense(X[batch]), not hasattr(self, "components_"))
            return self
        # Pipelined: a second thread factorises the next batches (the costly, independent
        # part of each update) while this one folds the current batch into the model.
        # Two threads with one BLAS thread each: on these small matrices a threaded BLAS
        # gains little and loses much when a core is busy.
        from concurrent.futures import ThreadPoolExecutor

        with blas_single_thread(), ThreadPoolExecutor(max_workers=1) as pool:
            ahead = deque(pool.submit(_batch_factor, X[b]) for b in batches[:2])
            for i, batch in enumerate(batches):
                factor = ahead.popleft().result()
                if i + 2 < len(batches):
                    ahead.append(pool.submit(_batch_factor, X[batches[i + 2]]))
                first_pass = not hasattr(self, "components_")
                self._partial_fit(_dense(X[batch]), first_pass, factor)
        return self

    def partial_fit(self, X, y=None, check_input=True):
        """Update the model with one batch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        check_input : bool, default=True

        Returns
        -------
        self : IncrementalPCA
        """
        first_pass = not hasattr(self, "components_")
        if first_pass:
            self._validate_params()
        if check_input:
            if issparse(X):
                raise TypeError(
                    "IncrementalPCA.partial_fit does not support sparse input. Either convert "
                    "data to dense or use IncrementalPCA.fit to do so in batches."
                )
            X = validate_data(self, X, dtype=[np.float64, np.float32], reset=first_pass)
        if not hasattr(self, "batch_size_"):
            self.batch_size_ = X.shape[0]
        return self._partial_fit(np.asarray(X), first_pass)

    def _partial_fit(self, X, first_pass, factor=None):
        n_samples, n_features = X.shape
        components = None if first_pass else self.components_
        if self.n_components is None:
            n_components = min(n_samples, n_features) if components is None else len(components)
        elif not self.n_components <= n_features:
            raise ValueError(
                f"n_components={self.n_components!r} invalid for n_features={n_features}, "
                "need more rows than columns for IncrementalPCA processing"
            )
        elif self.n_components > n_samples and first_pass:
            raise ValueError(
                f"n_components={self.n_components} must be less or equal to the batch number "
                f"of samples {n_samples} for the first partial_fit call."
            )
        else:
            n_components = self.n_components
        if components is not None and components.shape[0] != n_components:
            raise ValueError(
                f"Number of input features has changed from {components.shape[0]} to "
                f"{n_components} between calls to partial_fit! Try setting n_components to "
                "a fixed value."
            )
        n_seen = getattr(self, "n_samples_seen_", 0) if not first_pass else 0
        last_mean = self.mean_ if n_seen else 0.0
        last_var = self.var_ if n_seen else 0.0
        col_mean, col_var, n_total = _incremental_mean_and_var(
            X,
            last_mean=last_mean,
            last_variance=last_var,
            last_sample_count=np.repeat(n_seen, n_features),
        )
        n_total = n_total[0]
        # The SVD of the centred batch (here: of its factor) with, when a model exists, the
        # previous components scaled by their singular values on top and a mean-correction
        # row below (X itself is never modified).
        if factor is None:
            factor = _batch_factor(X)
        if n_seen == 0:
            A = factor
        else:
            batch_mean = np.mean(X, axis=0)
            n_prev = len(self.components_)
            A = np.empty((n_prev + len(factor) + 1, n_features), dtype=X.dtype, order="F")
            np.multiply(self.singular_values_[:, None], self.components_, out=A[:n_prev])
            A[n_prev:-1] = factor
            A[-1] = np.sqrt((n_seen / n_total) * n_samples) * (self.mean_ - batch_mean)
        S, Vt = _svd_s_vt(A)
        _, Vt = svd_flip(None, Vt, u_based_decision=False)
        explained_variance = S**2 / (n_total - 1)
        explained_variance_ratio = S**2 / np.sum(col_var * n_total)
        self.n_samples_seen_ = int(n_total)
        self.n_components_ = n_components
        self.components_ = Vt[:n_components]
        self.singular_values_ = S[:n_components]
        self.mean_ = col_mean
        self.var_ = col_var
        self.explained_variance_ = explained_variance[:n_components]
        self.explained_variance_ratio_ = explained_variance_ratio[:n_components]
        if n_components not in (n_samples, n_features):
            self.noise_variance_ = float(explained_variance[n_components:].mean())
        else:
            self.noise_variance_ = 0.0
        return self

    def transform(self, X):
        """Project X (sparse input is projected in batches).

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
        """
        if issparse(X):
            check_is_fitted(self)
            X = validate_data(self, X, accept_sparse=["csr", "csc"], reset=False)
            n_samples = X.shape[0]
            out = [
                self._transform(X[b].toarray())
                for b in gen_batches(
                    n_samples, self.batch_size_, min_batch_size=self.n_components or 0
                )
            ]
            return np.vstack(out)
        return super().transform(X)
