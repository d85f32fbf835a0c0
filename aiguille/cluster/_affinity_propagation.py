"""Affinity propagation: exemplars chosen by message passing between samples."""

import warnings
from numbers import Integral, Real

import numpy as np

from ..base import BaseEstimator, ClusterMixin
from ..exceptions import ConvergenceWarning
from ..utils._param_validation import Interval, StrOptions
from ..utils.extmath import row_norms
from ..utils.validation import check_is_fitted, check_random_state, issparse, validate_data

__all__ = ["AffinityPropagation", "affinity_propagation"]


def _equal_similarities_and_preferences(S, preference):
    def all_equal_preferences():
        return np.all(preference == preference.flat[0])

    def all_equal_similarities():
        mask = np.ones(S.shape, dtype=bool)
        np.fill_diagonal(mask, 0)
        return np.all(S[mask].flat == S[mask].flat[0])

    return all_equal_preferences() and all_equal_similarities()


def _neg_sq_euclidean(X):
    if issparse(X):
        G = np.asarray((X @ X.T).toarray(), dtype=np.float64)
    else:
        X = np.asarray(X, dtype=np.float64)
        G = X @ X.T
    xx = row_norms(X, squared=True)[:, None]
    D = -2 * G
    D += xx
    D += xx.T
    np.maximum(D, 0, out=D)
    np.fill_diagonal(D, 0)
    return -D


def _affinity_propagation(
    S, *, preference, convergence_iter, max_iter, damping, verbose, return_n_iter, random_state
):
    """scikit-learn's algorithm; the iteration runs in a fused numba kernel."""
    import numba

    from ._affinity_propagation_kernels import ap_iteration

    n_samples = S.shape[0]
    if n_samples == 1 or _equal_similarities_and_preferences(S, preference):
        warnings.warn(
            "All samples have mutually equal similarities. Returning arbitrary cluster center(s).",
            stacklevel=3,
        )
        if preference.flat[0] > S.flat[n_samples - 1]:
            out = (np.arange(n_samples), np.arange(n_samples))
        else:
            out = (np.array([0]), np.array([0] * n_samples))
        return (*out, 0) if return_n_iter else out
    S.flat[:: (n_samples + 1)] = preference
    A = np.zeros((n_samples, n_samples))
    R = np.zeros((n_samples, n_samples))
    S += (np.finfo(S.dtype).eps * S + np.finfo(S.dtype).tiny * 100) * (
        random_state.standard_normal(size=(n_samples, n_samples))
    )
    S = np.ascontiguousarray(S, dtype=np.float64)
    e = np.zeros((n_samples, convergence_iter))
    n_blocks = int(numba.get_num_threads())
    never_converged = True
    for it in range(max_iter):
        ap_iteration(S, R, A, float(damping), n_blocks)
        E = (np.diag(A) + np.diag(R)) > 0
        e[:, it % convergence_iter] = E
        K = np.sum(E, axis=0)
        if it >= convergence_iter:
            se = np.sum(e, axis=1)
            unconverged = np.sum((se == convergence_iter) + (se == 0)) != n_samples
            if (not unconverged and (K > 0)) or (it == max_iter):
                never_converged = False
                if verbose:
                    print(f"Converged after {it} iterations.")
                break
    else:
        if verbose:
            print("Did not converge")
    I = np.flatnonzero(E)  # noqa: E741
    K = I.size
    if K > 0:
        if never_converged:
            warnings.warn(
                "Affinity propagation did not converge, this model "
                "may return degenerate cluster centers and labels.",
                ConvergenceWarning,
                stacklevel=3,
            )
        c = np.argmax(S[:, I], axis=1)
        c[I] = np.arange(K)
        for k in range(K):
            ii = np.asarray(c == k).nonzero()[0]
            j = np.argmax(np.sum(S[ii[:, np.newaxis], ii], axis=0))
            I[k] = ii[j]
        c = np.argmax(S[:, I], axis=1)
        c[I] = np.arange(K)
        labels = I[c]
        cluster_centers_indices = np.unique(labels)
        labels = np.searchsorted(cluster_centers_indices, labels)
    else:
        warnings.warn(
            "Affinity propagation did not converge and this model "
            "will not have any cluster centers.",
            ConvergenceWarning,
            stacklevel=3,
        )
        labels = np.array([-1] * n_samples)
        cluster_centers_indices = []
    if return_n_iter:
        return cluster_centers_indices, labels, it + 1
    return cluster_centers_indices, labels


def affinity_propagation(
    S,
    *,
    preference=None,
    convergence_iter=15,
    max_iter=200,
    damping=0.5,
    copy=True,
    verbose=False,
    return_n_iter=False,
    random_state=None,
):
    """Affinity propagation on a similarity matrix.

    Parameters
    ----------
    S : array-like of shape (n_samples, n_samples)
        Similarities.
    preference, convergence_iter, max_iter, damping, copy, verbose, random_state
        As in :class:`AffinityPropagation`.
    return_n_iter : bool, default=False
        Also return the number of iterations.

    Returns
    -------
    cluster_centers_indices : ndarray of shape (n_clusters,)
    labels : ndarray of shape (n_samples,)
    n_iter : int
        Only with ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> from aiguille.cluster import affinity_propagation
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> S = -((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    >>> centers, labels = affinity_propagation(S.astype(float), random_state=0)
    >>> labels
    array([0, 0, 0, 1, 1, 1])
    """
    est = AffinityPropagation(
        damping=damping,
        max_iter=max_iter,
        convergence_iter=convergence_iter,
        preference=preference,
        affinity="precomputed",
        verbose=verbose,
        copy=copy,
        random_state=random_state,
    ).fit(S)
    if return_n_iter:
        return est.cluster_centers_indices_, est.labels_, est.n_iter_
    return est.cluster_centers_indices_, est.labels_


class AffinityPropagation(ClusterMixin, BaseEstimator):
    """Affinity propagation clustering.

    Parameters
    ----------
    damping : float, default=0.5
        Damping of the messages, in [0.5, 1.0).
    max_iter : int, default=200
        Maximum iterations.
    convergence_iter : int, default=15
        Iterations with no change in the exemplars that stop the algorithm.
    copy : bool, default=True
        Copy a precomputed affinity matrix (else it is modified in place).
    preference : array-like of shape (n_samples,) or float, default=None
        Preference of each sample to be an exemplar (None: the median similarity).
    affinity : {"euclidean", "precomputed"}, default="euclidean"
        "euclidean": negative squared distances; "precomputed": X is the similarity matrix.
    verbose : bool, default=False
        Print progress.
    random_state : int, RandomState instance or None, default=None
        Seeds the small noise that breaks ties (scikit-learn's draw).

    Attributes
    ----------
    cluster_centers_indices_ : ndarray of shape (n_clusters,)
        Indices of the exemplars.
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The exemplars (not with ``affinity="precomputed"``).
    labels_ : ndarray of shape (n_samples,)
        Cluster of each sample.
    affinity_matrix_ : ndarray of shape (n_samples, n_samples)
        The similarities used.
    n_iter_ : int
        Iterations run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when they are all strings.

    Examples
    --------
    >>> from aiguille.cluster import AffinityPropagation
    >>> import numpy as np
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 4], [4, 0]])
    >>> ap = AffinityPropagation(random_state=5).fit(X)
    >>> ap.labels_
    array([0, 0, 0, 1, 1, 1])
    >>> ap.predict([[0, 0], [4, 4]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "damping": [Interval(Real, 0.5, 1.0, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "convergence_iter": [Interval(Integral, 1, None, closed="left")],
        "copy": ["boolean"],
        "preference": ["array-like", Interval(Real, None, None, closed="neither"), None],
        "affinity": [StrOptions({"euclidean", "precomputed"})],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        damping=0.5,
        max_iter=200,
        convergence_iter=15,
        copy=True,
        preference=None,
        affinity="euclidean",
        verbose=False,
        random_state=None,
    ):
        self.damping = damping
        self.max_iter = max_iter
        self.convergence_iter = convergence_iter
        self.copy = copy
        self.verbose = verbose
        self.preference = preference
        self.affinity = affinity
        self.random_state = random_state

    def fit(self, X, y=None):
        """Run affinity propagation.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features) or \
(n_samples, n_samples)
            Samples, or similarities with ``affinity="precomputed"``.
        y : Ignored

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        if self.affinity == "precomputed":
            X = validate_data(self, X, copy=self.copy, dtype=[np.float64, np.float32])
            self.affinity_matrix_ = X
        else:
            X = validate_data(self, X, accept_sparse="csr")
            self.affinity_matrix_ = _neg_sq_euclidean(X)
        if self.affinity_matrix_.shape[0] != self.affinity_matrix_.shape[1]:
            raise ValueError(
                "The matrix of similarities must be a square array. "
                f"Got {self.affinity_matrix_.shape} instead."
            )
        preference = (
            np.median(self.affinity_matrix_) if self.preference is None else (self.preference)
        )
        preference = np.asarray(preference)
        random_state = check_random_state(self.random_state)
        S = self.affinity_matrix_
        if S.dtype != np.float64:
            S = S.astype(np.float64)
        (self.cluster_centers_indices_, self.labels_, self.n_iter_) = _affinity_propagation(
            S,
            max_iter=self.max_iter,
            convergence_iter=self.convergence_iter,
            preference=preference,
            damping=self.damping,
            verbose=self.verbose,
            return_n_iter=True,
            random_state=random_state,
        )
        if S is not self.affinity_matrix_:
            self.affinity_matrix_[...] = S
        if self.affinity != "precomputed":
            self.cluster_centers_ = X[self.cluster_centers_indices_].copy()
        return self

    def predict(self, X):
        """Closest exemplar's cluster for each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, accept_sparse="csr")
        if not hasattr(self, "cluster_centers_"):
            raise ValueError("Predict method is not supported when affinity='precomputed'.")
        if self.cluster_centers_.shape[0] > 0:
            C = self.cluster_centers_
            C = C.toarray() if issparse(C) else np.asarray(C)
            XC = np.asarray(X @ C.T)
            D = row_norms(C, squared=True)[None, :] - 2 * XC
            return np.argmin(D, axis=1)
        warnings.warn(
            "This model does not have any cluster centers because affinity propagation "
            "did not converge. Labeling every sample as '-1'.",
            ConvergenceWarning,
            stacklevel=2,
        )
        return np.array([-1] * X.shape[0])

    def fit_predict(self, X, y=None):
        """Fit and return the labels.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : Ignored

        Returns
        -------
        labels : ndarray of shape (n_samples,)
        """
        return super().fit_predict(X, y)

    def _aiguille_tags(self):
        tags = super()._aiguille_tags()
        tags.input_tags.pairwise = self.affinity == "precomputed"
        tags.input_tags.sparse = self.affinity != "precomputed"
        return tags
